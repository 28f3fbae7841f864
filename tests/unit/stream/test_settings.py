from __future__ import annotations

import pytest
from pydantic import ValidationError

from stream.settings import Settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "KAFKA_BOOTSTRAP_SERVERS",
        "DATABASE_URL",
        "S3_ENDPOINT_URL",
        "S3_BUCKET",
        "S3_ALLOWED_BUCKETS",
        "CALLBACK_URL",
        "CALLBACK_SECRET",
        "ENVIRONMENT",
        "AWS_SECRET_ACCESS_KEY",
        "INPUT_TOPIC",
        "CONSUMER_GROUP",
    ):
        monkeypatch.delenv(name, raising=False)


def test_contract_defaults() -> None:
    settings = Settings()
    assert settings.input_topic == "dl-loan-delay"
    assert settings.consumer_group == "nohd_MSB"
    assert settings.result_topic == "dl-loan-delay-verdicts"
    assert settings.dlq_topic == "dl-loan-delay-dlq"
    assert settings.callback_dlq_topic == "dl-loan-delay-callbacks-dlq"
    assert settings.http_port == 6066
    assert (settings.doc_max_age_days, settings.max_file_bytes, settings.max_pages) == (
        180,
        20 * 2**20,
        20,
    )
    assert settings.s3_allowed_buckets == ["loan-docs"]
    assert settings.missing_connections == {"kafka", "postgres", "s3"}


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092")
    monkeypatch.setenv("S3_ALLOWED_BUCKETS", "loan-docs, archive")
    monkeypatch.setenv("CONSUMER_GROUP", "other")
    settings = Settings()
    assert settings.s3_allowed_buckets == ["loan-docs", "archive"]
    assert settings.consumer_group == "other"
    assert settings.missing_connections == {"postgres", "s3"}


def test_callback_needs_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLBACK_URL", "https://bank.example/cb")
    with pytest.raises(ValidationError, match="CALLBACK_SECRET"):
        Settings()


@pytest.mark.parametrize("secret", ["changeme", "testing", ""])
def test_placeholder_secrets_refused_in_production(
    monkeypatch: pytest.MonkeyPatch, secret: str
) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)
    with pytest.raises(ValidationError, match="placeholder"):
        Settings()
    monkeypatch.setenv("ENVIRONMENT", "development")
    assert Settings().aws_secret_access_key is not None


def test_as_dict_masks_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://idp:hunter2@db/idp")
    monkeypatch.setenv("CALLBACK_URL", "https://bank.example/cb")
    monkeypatch.setenv("CALLBACK_SECRET", "a-real-secret")
    shown = repr(Settings().as_dict())
    assert "hunter2" not in shown and "a-real-secret" not in shown


@pytest.mark.parametrize(
    ("handover", "provider", "inline"),
    [
        ("auto", "rules", True),
        ("auto", "openai", False),
        ("topic", "rules", False),
        ("inline", "openai", True),
    ],
)
def test_checks_run_in_the_reading_stage_unless_they_wait_on_an_llm(
    handover: str, provider: str, inline: bool
) -> None:
    llm = (
        {"llm_base_url": "http://127.0.0.1:9/v1", "llm_model": "m"} if provider == "openai" else {}
    )
    settings = Settings(check_handover=handover, llm_provider=provider, **llm)
    assert settings.checks_inline is inline
