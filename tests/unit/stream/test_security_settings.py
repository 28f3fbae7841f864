"""Security settings: TLS and SASL that fit together, no plaintext in production,
and no placeholder secret outside development."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr, ValidationError

from stream.settings import Settings

BROKER = {"kafka_bootstrap_servers": "kafka-1.bank.kz:9093"}
LOGIN = {"kafka_sasl_username": "idp", "kafka_sasl_password": "a-long-random-password"}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
def pem(tmp_path: Path) -> str:
    path = tmp_path / "ca.pem"
    path.write_text("-----BEGIN CERTIFICATE-----\n")
    return str(path)


def make(**values: Any) -> Settings:
    return Settings.model_validate(values)


# TLS and SASL settings that fit together, in every environment.


@pytest.mark.parametrize("protocol", ["SASL_SSL", "SASL_PLAINTEXT"])
@pytest.mark.parametrize("missing", ["kafka_sasl_username", "kafka_sasl_password"])
def test_sasl_needs_a_username_and_a_password(protocol: str, missing: str) -> None:
    login = {k: v for k, v in LOGIN.items() if k != missing}
    with pytest.raises(ValidationError, match="needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD"):
        make(kafka_security_protocol=protocol, **login)


@pytest.mark.parametrize("protocol", ["PLAINTEXT", "SSL"])
def test_a_sasl_login_the_protocol_would_ignore_is_refused(protocol: str) -> None:
    with pytest.raises(ValidationError, match="KAFKA_SASL_\\* is set"):
        make(kafka_security_protocol=protocol, **LOGIN)


@pytest.mark.parametrize("protocol", ["PLAINTEXT", "SASL_PLAINTEXT"])
def test_tls_files_the_protocol_would_ignore_are_refused(protocol: str, pem: str) -> None:
    login = LOGIN if protocol.startswith("SASL") else {}
    with pytest.raises(ValidationError, match="KAFKA_SSL_\\* files are set"):
        make(kafka_security_protocol=protocol, kafka_ssl_ca_file=pem, **login)


@pytest.mark.parametrize(
    "name", ["kafka_ssl_ca_file", "kafka_ssl_cert_file", "kafka_ssl_key_file", "s3_ca_bundle"]
)
def test_a_missing_pem_file_is_refused(name: str, tmp_path: Path, pem: str) -> None:
    values = {"kafka_security_protocol": "SSL", name: str(tmp_path / "absent.pem")}
    if name == "kafka_ssl_key_file":
        values["kafka_ssl_cert_file"] = pem
    with pytest.raises(ValidationError, match="is not a file"):
        make(**values)


def test_a_key_needs_its_certificate(pem: str) -> None:
    with pytest.raises(ValidationError, match="KAFKA_SSL_KEY_FILE needs KAFKA_SSL_CERT_FILE"):
        make(kafka_security_protocol="SSL", kafka_ssl_key_file=pem)


def test_security_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, pem: str, tmp_path: Path
) -> None:
    for name, value in {
        "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
        "KAFKA_SASL_MECHANISM": "SCRAM-SHA-256",
        "KAFKA_SASL_USERNAME": "idp",
        "KAFKA_SASL_PASSWORD": "env-password-42",
        "KAFKA_SSL_CA_FILE": pem,
        "S3_CA_BUNDLE": pem,
    }.items():
        monkeypatch.setenv(name, value)
    s = Settings()
    assert (s.kafka_security_protocol, s.kafka_sasl_mechanism) == ("SASL_SSL", "SCRAM-SHA-256")
    assert s.kafka_sasl_password == SecretStr("env-password-42")
    assert s.kafka_ssl_ca_file == s.s3_ca_bundle == Path(pem)


def test_an_unknown_protocol_or_mechanism_is_refused() -> None:
    with pytest.raises(ValidationError):
        make(kafka_security_protocol="TLS")
    with pytest.raises(ValidationError):
        make(kafka_security_protocol="SASL_SSL", kafka_sasl_mechanism="GSSAPI", **LOGIN)


# Production: Kafka and S3 over TLS.


@pytest.mark.parametrize("protocol", ["PLAINTEXT", "SASL_PLAINTEXT"])
def test_production_refuses_kafka_without_tls(protocol: str) -> None:
    login = LOGIN if protocol.startswith("SASL") else {}
    with pytest.raises(ValidationError, match="needs KAFKA_ALLOW_PLAINTEXT=true"):
        make(environment="production", kafka_security_protocol=protocol, **BROKER, **login)


def test_production_allows_plaintext_on_a_network_said_to_be_trusted() -> None:
    s = make(environment="production", kafka_allow_plaintext=True, **BROKER)
    assert s.kafka_security_protocol == "PLAINTEXT"


def test_production_never_sends_a_sasl_plain_password_in_clear() -> None:
    with pytest.raises(ValidationError, match="SASL PLAIN without TLS"):
        make(
            environment="production",
            kafka_security_protocol="SASL_PLAINTEXT",
            kafka_sasl_mechanism="PLAIN",
            kafka_allow_plaintext=True,
            **BROKER,
            **LOGIN,
        )


@pytest.mark.parametrize("mechanism", ["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"])
def test_production_accepts_sasl_ssl(mechanism: str, pem: str) -> None:
    s = make(
        environment="production",
        kafka_security_protocol="SASL_SSL",
        kafka_sasl_mechanism=mechanism,
        kafka_ssl_ca_file=pem,
        **BROKER,
        **LOGIN,
    )
    assert s.kafka_security_protocol == "SASL_SSL"


def test_plaintext_is_fine_in_development() -> None:
    assert make(**BROKER).kafka_security_protocol == "PLAINTEXT"


def test_production_refuses_s3_over_plain_http() -> None:
    secure = {"kafka_security_protocol": "SSL", **BROKER}
    with pytest.raises(ValidationError, match="S3_ENDPOINT_URL must be https://"):
        make(environment="production", s3_endpoint_url="http://minio.bank.kz:9000", **secure)
    for url in ("https://s3.bank.kz", "http://127.0.0.1:9000"):
        assert make(environment="production", s3_endpoint_url=url, **secure).s3_endpoint_url


# Placeholder secrets.

A_SECRET = {
    "CALLBACK_SECRET": {},
    "AWS_SECRET_ACCESS_KEY": {},
    "AWS_ACCESS_KEY_ID": {},
    "KAFKA_SSL_KEY_PASSWORD": {},
    "OCR_HTTP_TOKEN": {},
    "LLM_API_KEY": {},
    "OPERATOR_TOKEN": {},
    "KAFKA_SASL_PASSWORD": {"kafka_security_protocol": "SASL_SSL", "kafka_sasl_username": "idp"},
}


def _placeholder_settings(name: str, placeholder: str) -> dict[str, Any]:
    return {"kafka_security_protocol": "SSL", **BROKER, **A_SECRET[name], name.lower(): placeholder}


@pytest.mark.parametrize("environment", ["production", "test"])
@pytest.mark.parametrize("name", sorted(A_SECRET))
def test_placeholder_secrets_are_refused_outside_development(name: str, environment: str) -> None:
    with pytest.raises(ValidationError, match=f"{name} holds a placeholder value"):
        make(environment=environment, **_placeholder_settings(name, "changeme"))
    assert make(**_placeholder_settings(name, "changeme"))  # development


def test_every_secret_setting_is_checked() -> None:
    secret_fields = {
        name.upper()
        for name, field in Settings.model_fields.items()
        if "SecretStr" in str(field.annotation) and name not in ("database_url",)
    }
    assert secret_fields - {"LLM_EXTRA_HEADERS"} <= A_SECRET.keys()


@pytest.mark.parametrize("placeholder", ["", "CHANGEME", " secret ", "minioadmin", "REPLACE_ME"])
def test_placeholder_spellings(placeholder: str) -> None:
    with pytest.raises(ValidationError, match="placeholder"):
        make(environment="production", **_placeholder_settings("CALLBACK_SECRET", placeholder))


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://idp:changeme@db.bank.kz:5432/idp",
        "postgresql://idp:postgres@db.bank.kz/idp",
        "postgresql://idp:change%2Dme@db.bank.kz/idp",
        "postgresql://db.bank.kz/idp?user=idp&password=secret",
    ],
)
def test_a_placeholder_database_password_is_refused(url: str) -> None:
    with pytest.raises(ValidationError, match="DATABASE_URL \\(its password\\)") as refused:
        make(environment="production", database_url=url, **BROKER, kafka_security_protocol="SSL")
    assert url not in str(refused.value)


@pytest.mark.parametrize(
    "url", ["postgresql://idp:Xk2-real-pw@db.bank.kz/idp", "postgresql://idp@db.bank.kz/idp"]
)
def test_a_real_or_absent_database_password_is_accepted(url: str) -> None:
    s = make(environment="production", database_url=url, **BROKER, kafka_security_protocol="SSL")
    assert s.database_url == SecretStr(url)


def test_a_placeholder_gateway_header_is_refused() -> None:
    headers = json.dumps({"X-Gateway-Key": "changeme"})
    with pytest.raises(ValidationError, match="LLM_EXTRA_HEADERS"):
        make(environment="production", llm_extra_headers=json.loads(headers))


def test_several_placeholders_are_named_together_without_their_values() -> None:
    with pytest.raises(ValidationError) as refused:
        make(
            environment="production",
            callback_secret="changeme",
            aws_secret_access_key="minioadmin",
        )
    message = str(refused.value)
    assert "CALLBACK_SECRET" in message and "AWS_SECRET_ACCESS_KEY" in message
    assert "hold placeholder values" in message


def test_a_refusal_prints_no_secret_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("CALLBACK_SECRET", "changeme")
    monkeypatch.setenv("DATABASE_URL", "postgresql://idp:db-pw-Zx81@db.bank.kz/idp")
    monkeypatch.setenv("LLM_API_KEY", "sk-live-Q7w2")
    with pytest.raises(ValidationError) as refused:
        Settings()
    message = str(refused.value)
    assert "CALLBACK_SECRET holds a placeholder value" in message
    assert "db-pw-Zx81" not in message and "sk-live-Q7w2" not in message
