"""Where the local servers answer, and the environment that points the service at them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StackEndpoints:
    """Addresses of the local servers; a field is None when that server is not part of the stack."""

    kafka_bootstrap: str | None = None
    database_url: str | None = None
    s3_endpoint_url: str | None = None
    s3_bucket: str = "loan-docs"
    aws_access_key_id: str = "testing"
    aws_secret_access_key: str = "testing"
    aws_region: str = "us-east-1"

    def as_env(self) -> dict[str, str]:
        """Environment variables for the service, the demo and the tests."""
        env: dict[str, str] = {}
        if self.kafka_bootstrap is not None:
            env["KAFKA_BOOTSTRAP_SERVERS"] = self.kafka_bootstrap
            # tansu answers InitProducerId with UNKNOWN_SERVER_ERROR: no idempotent producers.
            env["KAFKA_ENABLE_IDEMPOTENCE"] = "false"
        if self.database_url is not None:
            env["DATABASE_URL"] = self.database_url
        if self.s3_endpoint_url is not None:
            env |= {
                "S3_ENDPOINT_URL": self.s3_endpoint_url,
                "S3_BUCKET": self.s3_bucket,
                "AWS_ACCESS_KEY_ID": self.aws_access_key_id,
                "AWS_SECRET_ACCESS_KEY": self.aws_secret_access_key,
                "AWS_DEFAULT_REGION": self.aws_region,
            }
        return env
