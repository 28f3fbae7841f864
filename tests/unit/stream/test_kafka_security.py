"""Kafka connection security: the TLS context, the client options per protocol,
and Faust's credentials agreeing with our own clients'."""

from __future__ import annotations

import ssl
from pathlib import Path

import faust
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from faust.transport.drivers.aiokafka import credentials_to_aiokafka_auth
from pydantic import SecretStr

from stream.kafka_security import KafkaSecurity, kafka_options, tls_context
from stream.settings import Settings
from tests.pki import TestCa

PASSWORD = "s3cr3t-kafka-pw"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> TestCa:
    return TestCa(tmp_path_factory.mktemp("pki"))


def handshake(
    client: ssl.SSLContext, server: ssl.SSLContext, server_hostname: str = "localhost"
) -> None:
    """A full TLS handshake in memory; raises whatever either side refuses."""
    client_in, client_out, server_in, server_out = (ssl.MemoryBIO() for _ in range(4))
    ends = [
        (client.wrap_bio(client_in, client_out, server_hostname=server_hostname), client_out),
        (server.wrap_bio(server_in, server_out, server_side=True), server_out),
    ]
    peers = {id(client_out): server_in, id(server_out): client_in}
    for _ in range(10):
        pending = False
        for end, out in ends:
            try:
                end.do_handshake()
            except ssl.SSLWantReadError:
                pending = True
            peers[id(out)].write(out.read())
        if not pending:
            return
    raise AssertionError("the handshake did not finish")


def settings(**values: object) -> Settings:
    return Settings.model_validate({"kafka_bootstrap_servers": "kafka:9093", **values})


# The TLS context.


def test_the_context_trusts_the_given_ca(ca: TestCa) -> None:
    server = ca.server_context(ca.issue("kafka-1"))
    handshake(tls_context(ca.ca_file), server)


def test_a_certificate_from_another_ca_is_refused(ca: TestCa, tmp_path: Path) -> None:
    other = TestCa(tmp_path, name="another CA")
    server = other.server_context(other.issue("impostor"))
    with pytest.raises(ssl.SSLCertVerificationError):
        handshake(tls_context(ca.ca_file), server)


def test_the_private_ca_is_not_trusted_without_the_ca_file(ca: TestCa) -> None:
    server = ca.server_context(ca.issue("kafka-2"))
    with pytest.raises(ssl.SSLCertVerificationError):
        handshake(tls_context(), server)


def test_the_host_name_is_checked(ca: TestCa) -> None:
    server = ca.server_context(ca.issue("kafka-3", hosts=("kafka-3.bank.kz",)))
    handshake(tls_context(ca.ca_file), server, server_hostname="kafka-3.bank.kz")
    with pytest.raises(ssl.SSLCertVerificationError):
        handshake(tls_context(ca.ca_file), server, server_hostname="kafka-4.bank.kz")


def test_a_client_certificate_is_presented_for_mutual_tls(ca: TestCa) -> None:
    server = ca.server_context(ca.issue("kafka-5"), require_client_cert=True)
    client = ca.issue("idp-worker", client=True)
    handshake(tls_context(ca.ca_file, cert_file=client.cert_file, key_file=client.key_file), server)
    with pytest.raises(ssl.SSLError):
        handshake(tls_context(ca.ca_file), server)


def test_the_context_refuses_tls_below_1_2(ca: TestCa) -> None:
    context = tls_context(ca.ca_file)
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


# Client options per protocol.


def test_plaintext_options() -> None:
    assert kafka_options(settings()) == {"security_protocol": "PLAINTEXT"}


def test_ssl_options(ca: TestCa) -> None:
    options = kafka_options(
        settings(kafka_security_protocol="SSL", kafka_ssl_ca_file=str(ca.ca_file))
    )
    assert options.keys() == {"security_protocol", "ssl_context"}
    assert options["security_protocol"] == "SSL"
    assert isinstance(options["ssl_context"], ssl.SSLContext)


@pytest.mark.parametrize("mechanism", ["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"])
def test_sasl_ssl_options(ca: TestCa, mechanism: str) -> None:
    options = kafka_options(
        settings(
            kafka_security_protocol="SASL_SSL",
            kafka_sasl_mechanism=mechanism,
            kafka_sasl_username="idp",
            kafka_sasl_password=PASSWORD,
            kafka_ssl_ca_file=str(ca.ca_file),
        )
    )
    context = options.pop("ssl_context")
    assert isinstance(context, ssl.SSLContext)
    assert options == {
        "security_protocol": "SASL_SSL",
        "sasl_mechanism": mechanism,
        "sasl_plain_username": "idp",
        "sasl_plain_password": PASSWORD,
    }


def test_sasl_plaintext_options_have_no_tls() -> None:
    options = kafka_options(
        settings(
            kafka_security_protocol="SASL_PLAINTEXT",
            kafka_sasl_username="idp",
            kafka_sasl_password=PASSWORD,
        )
    )
    assert options == {
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "idp",
        "sasl_plain_password": PASSWORD,
    }


def _every_protocol(ca_file: Path) -> list[Settings]:
    login = {"kafka_sasl_username": "idp", "kafka_sasl_password": PASSWORD}
    return [
        settings(),
        settings(kafka_security_protocol="SSL", kafka_ssl_ca_file=str(ca_file)),
        settings(kafka_security_protocol="SASL_PLAINTEXT", **login),
        settings(kafka_security_protocol="SASL_SSL", kafka_ssl_ca_file=str(ca_file), **login),
    ]


async def test_every_aiokafka_client_accepts_the_options(ca: TestCa) -> None:
    for s in _every_protocol(ca.ca_file):
        options = kafka_options(s)
        # aiokafka validates protocol, context and mechanism when a client is built.
        producer = AIOKafkaProducer(bootstrap_servers="kafka:9093", **options)
        consumer = AIOKafkaConsumer(bootstrap_servers="kafka:9093", **options)
        admin = AIOKafkaAdminClient(bootstrap_servers="kafka:9093", **options)
        assert producer.client._security_protocol == s.kafka_security_protocol
        assert consumer._client._security_protocol == s.kafka_security_protocol
        assert admin._client._security_protocol == s.kafka_security_protocol
        await producer.stop()
        await consumer.stop()
        await admin.close()


def test_faust_connects_exactly_as_our_clients(ca: TestCa) -> None:
    for s in _every_protocol(ca.ca_file):
        security = KafkaSecurity.from_settings(s)
        faust_side = credentials_to_aiokafka_auth(security.faust_credentials())
        given = {name: value for name, value in faust_side.items() if value is not None}
        assert given == security.client_options(), s.kafka_security_protocol


def test_the_faust_app_gets_the_credentials(ca: TestCa, tmp_path: Path) -> None:
    from stream.app import create_app
    from stream.runtime import Runtime

    s = settings(
        kafka_security_protocol="SASL_SSL",
        kafka_sasl_username="idp",
        kafka_sasl_password=PASSWORD,
        kafka_ssl_ca_file=str(ca.ca_file),
        temp_dir=str(tmp_path),
    )
    app = create_app(s, Runtime(s))
    credentials = app.conf.broker_credentials
    assert isinstance(credentials, faust.SASLCredentials)
    assert credentials.protocol.value == "SASL_SSL"
    assert credentials.mechanism.value == "SCRAM-SHA-512"
    assert (credentials.username, credentials.password) == ("idp", PASSWORD)


def test_the_password_is_never_in_a_repr(ca: TestCa) -> None:
    s = settings(
        kafka_security_protocol="SASL_SSL",
        kafka_sasl_username="idp",
        kafka_sasl_password=PASSWORD,
        kafka_ssl_ca_file=str(ca.ca_file),
        kafka_ssl_key_password="key-pw-9",
    )
    security = KafkaSecurity.from_settings(s)
    shown = " ".join(
        [repr(s), str(s), repr(s.as_dict()), repr(security), repr(security.faust_credentials())]
    )
    assert PASSWORD not in shown and "key-pw-9" not in shown
    assert "idp" in repr(security)


def test_the_password_stays_a_secret_in_the_object() -> None:
    security = KafkaSecurity(
        protocol="SASL_PLAINTEXT", mechanism="PLAIN", username="u", password=SecretStr(PASSWORD)
    )
    assert isinstance(security.password, SecretStr)
    assert security.client_options()["sasl_plain_password"] == PASSWORD
