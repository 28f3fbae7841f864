"""The service's settings, read from the environment (CONTRACT section 8).

Built once at the entry point and passed down; nothing reads the environment
at import time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import unquote, urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from sinks.callback_targets import CallbackAllowlist, origin_entry

_PLACEHOLDER_SECRETS = frozenset(
    {
        "",
        "changeme",
        "change-me",
        "changeit",
        "secret",
        "testing",
        "minioadmin",
        "password",
        "postgres",
        "admin",
        "placeholder",
        "replace-me",
        "replace_me",
    }
)
_LOOPBACK = ("localhost", "127.0.0.1", "::1")


def _split_csv(value: Any) -> Any:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


def _is_placeholder(secret: SecretStr) -> bool:
    return secret.get_secret_value().strip().lower() in _PLACEHOLDER_SECRETS


def _url_password(url: str) -> str | None:
    """The password of a database URL, in its user part or as a ``password=`` parameter."""
    parts = urlsplit(url)
    if parts.password is not None:
        return unquote(parts.password)
    for pair in parts.query.split("&"):
        key, _, value = pair.partition("=")
        if key == "password":
            return unquote(value)
    return None


ServerName = Literal["kafka", "postgres", "s3"]
"""A server the service connects to; the local stack can stand in for each."""


class Settings(BaseSettings):
    """Every knob of the worker; names are the environment variables, upper-cased."""

    # hide_input_in_errors: a refusal must not print the environment's secrets with it.
    model_config = SettingsConfigDict(
        env_file=None, extra="ignore", case_sensitive=False, hide_input_in_errors=True
    )

    environment: Literal["development", "test", "production"] = "development"

    # Connections. Unset ones are filled from the embedded local stack.
    kafka_bootstrap_servers: str | None = None
    database_url: SecretStr | None = None
    s3_endpoint_url: str | None = None
    s3_bucket: str = "loan-docs"
    s3_allowed_buckets: Annotated[list[str], NoDecode] = Field(default_factory=list)
    aws_access_key_id: SecretStr | None = None
    aws_secret_access_key: SecretStr | None = None
    aws_default_region: str = "us-east-1"

    # Topics and group (CONTRACT section 1) and the internal stage topics.
    input_topic: str = "dl-loan-delay"
    consumer_group: str = "nohd_MSB"
    result_topic: str = "dl-loan-delay-verdicts"
    dlq_topic: str = "dl-loan-delay-dlq"
    callback_dlq_topic: str = "dl-loan-delay-callbacks-dlq"
    read_topic: str = "dl-loan-delay.stage.read"
    check_topic: str = "dl-loan-delay.stage.check"
    retry_topic: str = "dl-loan-delay.stage.retry"
    create_topics: bool = True
    # On for every real Kafka; the embedded broker (tansu) cannot issue producer ids.
    kafka_enable_idempotence: bool = True
    topic_partitions: int = Field(default=4, ge=1)
    topic_replication_factor: int = Field(default=1, ge=1)
    # How long the broker holds a group join; short on the local stack.
    kafka_rebalance_timeout_s: float = Field(default=10.0, gt=0)
    kafka_session_timeout_s: float = Field(default=30.0, gt=0)
    # How long the worker's consumer lets the broker hold a fetch for data
    # (Faust's own 1,500 ms stalls the tail of a burst; stream/faust_transport.py).
    kafka_fetch_max_wait_ms: int = Field(default=100, ge=1, le=60_000)

    # Security (README "Security"): Faust's broker connection and every aiokafka
    # client of ours connect the same way (stream/kafka_security.py).
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"] = "SCRAM-SHA-512"
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_ca_file: Path | None = None  # PEM; replaces the system trust store for Kafka
    kafka_ssl_cert_file: Path | None = None  # client certificate for mutual TLS, PEM
    kafka_ssl_key_file: Path | None = None  # its key, unless inside the certificate file
    kafka_ssl_key_password: SecretStr | None = None
    # Production refuses Kafka without TLS unless this says the network is trusted
    # (a mesh encrypting pod traffic); SASL PLAIN without TLS is refused regardless.
    kafka_allow_plaintext: bool = False
    s3_ca_bundle: Path | None = None  # PEM; replaces the default trust store for S3

    # Callback (CONTRACT section 7).
    callback_url: str | None = None
    callback_secret: SecretStr | None = None
    # Where callbacks may go (host or host:port); default: CALLBACK_URL's own. An
    # event's callback_url is used only when it is on this list (CONTRACT extensions).
    callback_allowed_hosts: Annotated[list[str], NoDecode] = Field(default_factory=list)
    callback_timeout_s: float = Field(default=10.0, gt=0)
    callback_max_attempts: int = Field(default=8, ge=1)
    # How often the outbox relay looks for rows besides being woken by decisions.
    relay_poll_s: float = Field(default=1.0, gt=0)

    # Intake bounds: an input message above MAX_EVENT_BYTES is dead-lettered
    # unread (events are well under 4 KiB). The producer takes messages up to
    # KAFKA_MAX_REQUEST_BYTES, above what brokers let in, so whatever the input
    # topic delivered can be dead-lettered unchanged.
    max_event_bytes: int = Field(default=64 * 1024, ge=1024)
    kafka_max_request_bytes: int = Field(default=16 * 2**20, ge=2**20)

    # Operator port.
    http_port: int = Field(default=6066, ge=1, le=65535)
    http_host: str = "0.0.0.0"
    # Bearer token for /v1/* and the console; unset leaves them open (development).
    operator_token: SecretStr | None = None
    # This many wrong tokens from one client address within the window, and the
    # client is refused (429, Retry-After) until the oldest of them leaves it.
    operator_token_failures: int = Field(default=5, ge=1)
    operator_token_window_s: float = Field(default=300.0, gt=0)

    # Document rules and limits.
    doc_max_age_days: int = Field(default=180, gt=0)
    max_file_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    max_pages: int = Field(default=20, gt=0)
    ocr_dpi: int = Field(default=300, ge=100, le=600)

    # Work sizing.
    ocr_workers: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1)
    # Events each agent works on at once. Most of an event's time is a round trip
    # (ledger, broker, S3), so several overlap; the pool still takes at most
    # ocr_workers documents at a time (docs/PERFORMANCE.md).
    # For the intake, batches (below): more of them at once means smaller ones
    # (8 gave batches of ~3 and half the rate of 4; docs/PERFORMANCE.md).
    intake_concurrency: int = Field(default=4, ge=1)
    # The intake records the events it has received together, up to this many
    # in one ledger statement, waiting at most intake_batch_wait_ms for more
    # (a lone event waits that long; a burst never does).
    intake_batch_size: int = Field(default=64, ge=1, le=1000)
    intake_batch_wait_ms: int = Field(default=10, ge=1, le=1000)
    read_concurrency: int = Field(default=0, ge=0, description="0: four times ocr_workers")
    check_concurrency: int = Field(default=8, ge=1)
    # Processes of their own for the rules (~5 ms a document). 0: the rules run in
    # the OCR pool, where a check waits for a whole read to end (up to ~1 s for a
    # scan page) before it gets a process (docs/PERFORMANCE.md).
    check_workers: int = Field(default=1, ge=0, le=8)
    # How a read document reaches its checks: "inline" in the reading stage's own
    # unit of work, "topic" over CHECK_TOPIC to the checking agent (worth its hop
    # when the checks wait on an LLM); "auto" is inline with the rules alone
    # (stream/handover.py).
    check_handover: Literal["auto", "inline", "topic"] = "auto"
    # Read results reused by the file's SHA-256 for this many days (0: off); the
    # cache holds document text, so it is personal data with this retention.
    read_cache_days: int = Field(default=7, ge=0)
    # In-process tries of one step (tenacity); then the retry topic, up to max_attempts.
    stage_max_attempts: int = Field(default=3, ge=1)
    max_attempts: int = Field(default=5, ge=1)
    retry_backoff_initial_s: float = Field(default=5.0, gt=0)
    retry_backoff_max_s: float = Field(default=300.0, gt=0)
    # Leases and the reaper that resumes requests whose work was lost.
    lease_s: float = Field(default=120.0, gt=0)
    stale_after_s: float = Field(default=600.0, gt=0)
    reaper_interval_s: float = Field(default=15.0, gt=0)
    temp_dir: Path | None = None

    # The checker: the rules alone, or the rules with an OpenAI-compatible LLM
    # (OpenAI, vLLM, Ollama, a gateway) as a second opinion.
    llm_provider: Literal["rules", "openai"] = "rules"
    llm_base_url: str | None = Field(default=None, description="…/v1 of the chat API")
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_extra_headers: dict[str, SecretStr] = Field(default_factory=dict)  # JSON object
    llm_timeout_s: float = Field(default=60.0, gt=0, description="read timeout per request")
    llm_connect_timeout_s: float = Field(default=5.0, gt=0)
    llm_max_attempts: int = Field(default=3, ge=1)
    llm_ca_bundle: Path | None = None  # PEM; replaces the default trust store for the LLM
    llm_max_input_chars: int = Field(default=16_000, ge=1_000)
    llm_min_confidence: float = Field(default=0.8, ge=0.0, le=1.0)
    llm_consult: Literal["unsure", "always"] = "unsure"

    # OCR engine: Tesseract in the process pool, or the bank's OCR service over
    # HTTP (pages prepared in the pool, their text read by the service; README).
    ocr_engine: Literal["tesseract", "http"] = "tesseract"
    ocr_http_url: str | None = Field(default=None, description="the service's POST endpoint")
    ocr_http_token: SecretStr | None = None  # sent as "Authorization: Bearer …"
    ocr_http_timeout_s: float = Field(default=60.0, gt=0, description="read timeout per page")
    ocr_http_connect_timeout_s: float = Field(default=5.0, gt=0)
    ocr_http_max_attempts: int = Field(default=4, ge=1)
    ocr_http_ca_bundle: Path | None = None  # PEM; replaces the default trust store for OCR

    # Where `idp stack` keeps the embedded servers' state.
    stack_dir: Path = Path(".idp/stack")
    log_level: str = "info"

    # Tracing (README, Observability): trace ids are made always, so logs carry them;
    # spans are exported over OTLP/HTTP only when the endpoint is set. The exporter
    # reads the other OTEL_EXPORTER_OTLP_* variables (headers, timeout, CA file) itself.
    otel_exporter_otlp_endpoint: str | None = Field(
        default=None, description="the collector's base URL, e.g. http://otel-collector:4318"
    )
    otel_exporter_otlp_protocol: Literal["http/protobuf"] = "http/protobuf"
    otel_service_name: str = "idp-loan-delay"

    @field_validator("s3_allowed_buckets", "callback_allowed_hosts", mode="before")
    @classmethod
    def _csv(cls, value: Any) -> Any:
        return _split_csv(value)

    @model_validator(mode="after")
    def _defaults_and_secrets(self) -> Settings:
        if not self.s3_allowed_buckets:
            self.s3_allowed_buckets = [self.s3_bucket]
        if self.environment != "development":
            placeholders = self.placeholder_secrets()
            if len(placeholders) == 1:
                raise ValueError(f"{placeholders[0]} holds a placeholder value")
            if placeholders:
                raise ValueError(f"{', '.join(placeholders)} hold placeholder values")
        if self.callback_url and self.callback_secret is None:
            raise ValueError("CALLBACK_URL is set but CALLBACK_SECRET is not")
        if self.llm_provider == "openai":
            self._check_llm()
        return self

    def _check_llm(self) -> None:
        if not self.llm_base_url or not self.llm_model:
            raise ValueError("LLM_PROVIDER=openai needs LLM_BASE_URL and LLM_MODEL")
        if not self.llm_base_url.startswith(("https://", "http://")):
            raise ValueError("LLM_BASE_URL must be an http(s) URL ending in /v1")
        if self.llm_ca_bundle is not None and not self.llm_ca_bundle.is_file():
            raise ValueError(f"LLM_CA_BUNDLE {self.llm_ca_bundle} is not a file")
        key = self.llm_api_key
        if (
            self.environment == "production"
            and key is not None
            and key.get_secret_value().lower() in _PLACEHOLDER_SECRETS
        ):
            raise ValueError("LLM_API_KEY holds a placeholder value")

    @model_validator(mode="after")
    def _check_ocr(self) -> Settings:
        if self.ocr_engine != "http":
            return self
        url = self.ocr_http_url or ""
        if not url.startswith(("https://", "http://")):
            raise ValueError("OCR_ENGINE=http needs OCR_HTTP_URL, an http(s) URL")
        if self.ocr_http_ca_bundle is not None and not self.ocr_http_ca_bundle.is_file():
            raise ValueError(f"OCR_HTTP_CA_BUNDLE {self.ocr_http_ca_bundle} is not a file")
        if self.environment == "production":
            # Page images carry personal data: plain HTTP only to a sidecar on this host.
            host = urlsplit(url).hostname
            if url.startswith("http://") and host not in ("localhost", "127.0.0.1", "::1"):
                raise ValueError("OCR_HTTP_URL must be https:// in production")
            token = self.ocr_http_token
            if token is not None and token.get_secret_value().lower() in _PLACEHOLDER_SECRETS:
                raise ValueError("OCR_HTTP_TOKEN holds a placeholder value")
        return self

    @model_validator(mode="after")
    def _check_transport_security(self) -> Settings:
        """TLS and SASL settings that fit together; in production, no plaintext."""
        protocol = self.kafka_security_protocol
        tls, sasl = protocol in ("SSL", "SASL_SSL"), protocol.startswith("SASL_")
        files = {
            "KAFKA_SSL_CA_FILE": self.kafka_ssl_ca_file,
            "KAFKA_SSL_CERT_FILE": self.kafka_ssl_cert_file,
            "KAFKA_SSL_KEY_FILE": self.kafka_ssl_key_file,
            "S3_CA_BUNDLE": self.s3_ca_bundle,
        }
        for name, path in files.items():
            if path is not None and not path.is_file():
                raise ValueError(f"{name} {path} is not a file")
        # A TLS or SASL setting the protocol ignores would silently connect without it.
        if not tls and (self.kafka_ssl_ca_file or self.kafka_ssl_cert_file):
            raise ValueError(f"KAFKA_SSL_* files are set but KAFKA_SECURITY_PROTOCOL={protocol}")
        if self.kafka_ssl_key_file and not self.kafka_ssl_cert_file:
            raise ValueError("KAFKA_SSL_KEY_FILE needs KAFKA_SSL_CERT_FILE")
        login = (self.kafka_sasl_username, self.kafka_sasl_password)
        if sasl and None in login:
            raise ValueError(f"{protocol} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD")
        if not sasl and login != (None, None):
            raise ValueError(f"KAFKA_SASL_* is set but KAFKA_SECURITY_PROTOCOL={protocol}")
        if self.environment != "production":
            return self
        if protocol == "SASL_PLAINTEXT" and self.kafka_sasl_mechanism == "PLAIN":
            raise ValueError("SASL PLAIN without TLS sends the password in clear; use SASL_SSL")
        # Checked against a configured broker; without one there is nothing to reach yet.
        if self.kafka_bootstrap_servers and not tls and not self.kafka_allow_plaintext:
            raise ValueError(
                f"KAFKA_SECURITY_PROTOCOL={protocol} in production needs KAFKA_ALLOW_PLAINTEXT=true"
            )
        endpoint = self.s3_endpoint_url or ""
        if endpoint.startswith("http://") and urlsplit(endpoint).hostname not in _LOOPBACK:
            raise ValueError("S3_ENDPOINT_URL must be https:// in production")
        return self

    def placeholder_secrets(self) -> list[str]:
        """The settings whose secret is a known placeholder, the database password
        inside DATABASE_URL included; refused outside development."""
        found = []
        for name, value in self:
            values = value.values() if isinstance(value, dict) else (value,)
            if any(isinstance(v, SecretStr) and _is_placeholder(v) for v in values):
                found.append(name.upper())
        if self.database_url is not None:
            password = _url_password(self.database_url.get_secret_value())
            if password is not None and _is_placeholder(SecretStr(password)):
                found.append("DATABASE_URL (its password)")
        return found

    @model_validator(mode="after")
    def _check_callback_targets(self) -> Settings:
        """CALLBACK_URL on its own allowlist, and https in production."""
        if self.callback_url is not None and not self.callback_allowed_hosts:
            try:
                self.callback_allowed_hosts = [origin_entry(self.callback_url)]
            except ValueError as exc:
                raise ValueError(f"CALLBACK_URL is not a URL: {exc}") from None
        allowlist = self.callback_allowlist  # refuses malformed entries
        if self.callback_url is not None:
            reason = allowlist.refusal(self.callback_url)
            if reason is not None:
                raise ValueError(f"CALLBACK_URL cannot be used: {reason}")
        return self

    @property
    def callback_allowlist(self) -> CallbackAllowlist:
        """Who may receive callbacks; https only in production."""
        return CallbackAllowlist.parse(
            self.callback_allowed_hosts, https_only=self.environment == "production"
        )

    @property
    def checks_inline(self) -> bool:
        if self.check_handover == "auto":
            return self.llm_provider == "rules"
        return self.check_handover == "inline"

    @property
    def effective_read_concurrency(self) -> int:
        return self.read_concurrency or 4 * self.ocr_workers

    @property
    def missing_connections(self) -> frozenset[ServerName]:
        """Which servers are not configured and so come from the local stack."""
        missing: set[ServerName] = set()
        if not self.kafka_bootstrap_servers:
            missing.add("kafka")
        if self.database_url is None:
            missing.add("postgres")
        if not self.s3_endpoint_url:
            missing.add("s3")
        return frozenset(missing)

    def as_dict(self) -> dict[str, Any]:
        """The settings for logs: secrets masked, the database password hidden."""
        masked: dict[str, Any] = {}
        for name, value in self.model_dump().items():
            if isinstance(value, SecretStr):
                masked[name] = "**********" if value.get_secret_value() else ""
            elif isinstance(value, Path):
                masked[name] = str(value)
            elif isinstance(value, dict) and any(isinstance(v, SecretStr) for v in value.values()):
                masked[name] = dict.fromkeys(value, "**********")  # header names only
            else:
                masked[name] = value
        return masked
