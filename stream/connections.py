"""Connections from the settings: the local stack for the servers not given, and the
service's Kafka and S3 clients with the configured TLS and SASL (README "Security")."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager

from pydantic import SecretStr

from processors.storage import S3DocumentStore
from sinks import KafkaProducer

from .kafka_security import kafka_options
from .settings import Settings
from .submit import ResultWatcher


def with_local_stack(settings: Settings) -> Settings:
    """``settings`` with every unset server taken from the local stack, started if needed."""
    missing = settings.missing_connections
    if not missing:
        return settings
    from .localstack import LocalStack  # the stack's servers are an optional extra

    endpoints = LocalStack(settings.stack_dir, services=missing, bucket=settings.s3_bucket).up()
    update: dict[str, object] = {}
    if "kafka" in missing:
        update["kafka_bootstrap_servers"] = endpoints.kafka_bootstrap
        update["kafka_enable_idempotence"] = False
    if "postgres" in missing:
        update["database_url"] = SecretStr(endpoints.database_url or "")
    if "s3" in missing:
        update |= {
            "s3_endpoint_url": endpoints.s3_endpoint_url,
            "aws_access_key_id": SecretStr(endpoints.aws_access_key_id),
            "aws_secret_access_key": SecretStr(endpoints.aws_secret_access_key),
            "aws_default_region": endpoints.aws_region,
        }
    return settings.model_copy(update=update)


def make_producer(settings: Settings, *, client_id: str = "idp") -> KafkaProducer:
    """The service's producer for these settings (acks=all, idempotent where the broker can)."""
    assert settings.kafka_bootstrap_servers, "connections resolved first"
    return KafkaProducer(
        settings.kafka_bootstrap_servers,
        client_id=client_id,
        idempotent=settings.kafka_enable_idempotence,
        max_request_size=settings.kafka_max_request_bytes,
        **kafka_options(settings),
    )


def watch_results(settings: Settings) -> ResultWatcher:
    """A watcher of the result topic for these settings; enter it before producing."""
    assert settings.kafka_bootstrap_servers, "connections resolved first"
    return ResultWatcher(
        settings.kafka_bootstrap_servers, settings.result_topic, **kafka_options(settings)
    )


def open_document_store(settings: Settings) -> AbstractAsyncContextManager[S3DocumentStore]:
    """The S3 client for these settings, as an async context manager."""
    return S3DocumentStore.open(
        endpoint_url=settings.s3_endpoint_url,
        region=settings.aws_default_region,
        access_key_id=_plain(settings.aws_access_key_id),
        secret_access_key=_plain(settings.aws_secret_access_key),
        max_bytes=settings.max_file_bytes,
        ca_bundle=str(settings.s3_ca_bundle) if settings.s3_ca_bundle else None,
    )


def connection_env(settings: Settings) -> dict[str, str]:
    """The resolved connection settings as environment variables, for a child worker."""
    return {
        "KAFKA_BOOTSTRAP_SERVERS": settings.kafka_bootstrap_servers or "",
        "KAFKA_ENABLE_IDEMPOTENCE": str(settings.kafka_enable_idempotence).lower(),
        "DATABASE_URL": _plain(settings.database_url) or "",
        "S3_ENDPOINT_URL": settings.s3_endpoint_url or "",
        "S3_BUCKET": settings.s3_bucket,
        "AWS_ACCESS_KEY_ID": _plain(settings.aws_access_key_id) or "",
        "AWS_SECRET_ACCESS_KEY": _plain(settings.aws_secret_access_key) or "",
        "AWS_DEFAULT_REGION": settings.aws_default_region,
    }


def _plain(secret: SecretStr | None) -> str | None:
    return None if secret is None else secret.get_secret_value()
