"""Writers of the service's outgoing topics: results and dead letters."""

from __future__ import annotations

from schemas import DeadLetter, VerificationResult

from .kafka import Headers, MessageSink


def request_key(request_id: int) -> bytes:
    """Every message about a request is keyed by its id, as decimal text."""
    return str(request_id).encode()


class ResultPublisher:
    """Publishes results on the result topic, keyed by request id."""

    def __init__(self, sink: MessageSink, topic: str) -> None:
        self._sink = sink
        self.topic = topic

    async def publish(self, result: VerificationResult, *, headers: Headers = ()) -> None:
        await self._sink.send(
            self.topic, key=request_key(result.request_id), value=result.to_bytes(), headers=headers
        )


class DeadLetterPublisher:
    """Writes the original message unchanged, with the ``dlq.*`` headers added."""

    def __init__(self, sink: MessageSink, topic: str) -> None:
        self._sink = sink
        self.topic = topic

    async def publish(
        self, *, key: bytes | None, value: bytes, original_headers: Headers, letter: DeadLetter
    ) -> None:
        await self._sink.send(
            self.topic, key=key, value=value, headers=letter.envelope_headers(original_headers)
        )


class CallbackDeadLetters:
    """Results whose callback was never delivered, for a later replay."""

    def __init__(self, sink: MessageSink, topic: str) -> None:
        self._sink = sink
        self.topic = topic

    async def publish(self, result: VerificationResult, *, error: str, attempts: int) -> None:
        headers = [
            ("dlq.reason", b"CALLBACK_UNDELIVERED"),
            ("dlq.error", error.encode()),
            ("dlq.attempts", str(attempts).encode()),
        ]
        await self._sink.send(
            self.topic, key=request_key(result.request_id), value=result.to_bytes(), headers=headers
        )
