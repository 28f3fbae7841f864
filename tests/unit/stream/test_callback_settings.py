"""CALLBACK_URL and CALLBACK_ALLOWED_HOSTS as the settings read them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from stream.settings import Settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CALLBACK_URL", "CALLBACK_SECRET", "CALLBACK_ALLOWED_HOSTS", "ENVIRONMENT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CALLBACK_SECRET", "a-real-secret-for-tests")


def test_the_allowlist_defaults_to_the_callback_url_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLBACK_URL", "https://Bank.Example/callbacks/idp")
    assert Settings().callback_allowed_hosts == ["bank.example"]
    monkeypatch.setenv("CALLBACK_URL", "http://127.0.0.1:8099/cb")
    settings = Settings()
    assert settings.callback_allowed_hosts == ["127.0.0.1:8099"]
    assert settings.callback_allowlist.allows("http://127.0.0.1:8099/other")
    assert not settings.callback_allowlist.allows("http://127.0.0.1:8100/cb")


def test_a_list_of_hosts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLBACK_URL", "https://bank.example/cb")
    monkeypatch.setenv("CALLBACK_ALLOWED_HOSTS", "bank.example, hooks.bank.example:8443")
    settings = Settings()
    assert settings.callback_allowed_hosts == ["bank.example", "hooks.bank.example:8443"]
    assert settings.callback_allowlist.allows("https://hooks.bank.example:8443/r/1")


def test_callback_url_must_be_on_its_allowlist(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLBACK_URL", "https://bank.example/cb")
    monkeypatch.setenv("CALLBACK_ALLOWED_HOSTS", "hooks.bank.example")
    with pytest.raises(ValidationError, match=r"CALLBACK_URL cannot be used: host bank\.example"):
        Settings()


def test_production_needs_https(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLBACK_URL", "http://bank.example/cb")
    assert Settings().callback_url == "http://bank.example/cb"
    monkeypatch.setenv("ENVIRONMENT", "production")
    with pytest.raises(ValidationError, match="scheme must be https"):
        Settings()
    monkeypatch.setenv("CALLBACK_URL", "https://bank.example/cb")
    assert not Settings().callback_allowlist.allows("http://bank.example/cb")


@pytest.mark.parametrize("hosts", ["https://bank.example", "bank.example/cb", "bank.example:x"])
def test_malformed_entries_are_refused(monkeypatch: pytest.MonkeyPatch, hosts: str) -> None:
    monkeypatch.setenv("CALLBACK_ALLOWED_HOSTS", hosts)
    with pytest.raises(ValidationError, match="host or host:port"):
        Settings()


def test_callback_url_that_is_not_a_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLBACK_URL", "bank.example/cb")
    with pytest.raises(ValidationError, match="CALLBACK_URL is not a URL"):
        Settings()
