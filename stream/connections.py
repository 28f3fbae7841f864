"""Fill the connection settings that are not given from the embedded local stack."""

from __future__ import annotations

from pydantic import SecretStr

from sinks import KafkaProducer

from .settings import Settings


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
    )
