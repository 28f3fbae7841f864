"""The operator port's settings."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from stream.operator import operator_config
from stream.settings import Settings


def test_config_from_settings() -> None:
    settings = Settings(operator_token="a-long-random-operator-token", max_file_bytes=4096)
    config = operator_config(settings)
    assert config.token is not None
    assert config.token.get_secret_value() == "a-long-random-operator-token"
    assert config.max_file_bytes == 4096
    assert settings.as_dict()["operator_token"] == "**********"


def test_no_token_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPERATOR_TOKEN", raising=False)
    assert operator_config(Settings()).token is None


def test_a_placeholder_token_is_refused_outside_development() -> None:
    with pytest.raises(ValidationError, match="OPERATOR_TOKEN"):
        Settings(environment="test", operator_token="changeme")
