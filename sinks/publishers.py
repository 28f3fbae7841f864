"""Writers of the dead-letter topic; results go out through the outbox."""

from __future__ import annotations

from schemas import DeadLetter

from .kafka import Headers, MessageSink


def request_key(request_id: int) -> bytes:
    """Every message about a request is keyed by its id, as decimal text."""
    return str(request_id).encode()


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
