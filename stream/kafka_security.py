"""How every Kafka client of the service connects: protocol, TLS and SASL login.

One object built from the settings feeds both Faust's broker connection
(``faust_credentials``) and our own aiokafka producers, consumers and admin
clients (``client_options``), so the two can never disagree.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr

from .settings import Settings

if TYPE_CHECKING:
    import faust

_TLS_PROTOCOLS = frozenset({"SSL", "SASL_SSL"})
_SASL_PROTOCOLS = frozenset({"SASL_PLAINTEXT", "SASL_SSL"})


def tls_context(
    ca_file: Path | None = None,
    *,
    cert_file: Path | None = None,
    key_file: Path | None = None,
    key_password: SecretStr | None = None,
) -> ssl.SSLContext:
    """A client context that verifies the server's certificate and host name.

    ``ca_file`` replaces the system trust store (a bank's private CA); a client
    certificate is loaded for mutual TLS. There is no way to turn verification off.
    """
    context = ssl.create_default_context(
        ssl.Purpose.SERVER_AUTH, cafile=str(ca_file) if ca_file else None
    )
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if cert_file is not None:
        context.load_cert_chain(
            str(cert_file),
            str(key_file) if key_file else None,
            key_password.get_secret_value() if key_password else None,
        )
    return context


@dataclass(frozen=True, slots=True)
class KafkaSecurity:
    """The connection security of one set of settings; the repr hides the password."""

    protocol: str = "PLAINTEXT"
    ssl_context: ssl.SSLContext | None = None
    mechanism: str | None = None
    username: str | None = None
    password: SecretStr | None = field(default=None, repr=False)

    @classmethod
    def from_settings(cls, s: Settings) -> KafkaSecurity:
        protocol = s.kafka_security_protocol
        context = None
        if protocol in _TLS_PROTOCOLS:
            context = tls_context(
                s.kafka_ssl_ca_file,
                cert_file=s.kafka_ssl_cert_file,
                key_file=s.kafka_ssl_key_file,
                key_password=s.kafka_ssl_key_password,
            )
        if protocol not in _SASL_PROTOCOLS:
            return cls(protocol=protocol, ssl_context=context)
        return cls(
            protocol=protocol,
            ssl_context=context,
            mechanism=s.kafka_sasl_mechanism,
            username=s.kafka_sasl_username,
            password=s.kafka_sasl_password,
        )

    def client_options(self) -> dict[str, Any]:
        """Keyword arguments for any ``AIOKafka*`` client. Holds the plain password:
        pass it straight to the client, never log it."""
        options: dict[str, Any] = {"security_protocol": self.protocol}
        if self.ssl_context is not None:
            options["ssl_context"] = self.ssl_context
        if self.mechanism is not None:
            options |= {
                "sasl_mechanism": self.mechanism,
                "sasl_plain_username": self.username,
                "sasl_plain_password": self.password.get_secret_value() if self.password else None,
            }
        return options

    def faust_credentials(self) -> faust.SASLCredentials | faust.SSLCredentials | None:
        """The same, as Faust's ``broker_credentials``; None for PLAINTEXT."""
        import faust  # only the worker needs it; the CLI's clients do not

        if self.mechanism is not None:
            # Faust picks SASL_SSL when the context is given, SASL_PLAINTEXT otherwise.
            return faust.SASLCredentials(
                username=self.username,
                password=self.password.get_secret_value() if self.password else None,
                mechanism=self.mechanism,
                ssl_context=self.ssl_context,
            )
        if self.ssl_context is not None:
            return faust.SSLCredentials(self.ssl_context)
        return None


def kafka_options(settings: Settings) -> dict[str, Any]:
    """``client_options`` of these settings: the one way our clients get theirs."""
    return KafkaSecurity.from_settings(settings).client_options()
