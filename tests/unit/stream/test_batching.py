"""Batches of a stream: handed on full or a set time after their first item, and
no timer at all while the stream is quiet."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from stream.batching import batches


class Feed:
    """A source the test fills by hand; counts what has been read from it."""

    def __init__(self) -> None:
        self._queue: asyncio.Queue[int | BaseException | None] = asyncio.Queue()
        self.read = 0

    def add(self, *items: int | BaseException | None) -> None:
        for item in items:
            self._queue.put_nowait(item)

    async def __aiter__(self) -> AsyncIterator[int]:
        while True:
            item = await self._queue.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            self.read += 1
            yield item


async def _settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


async def test_a_full_batch_is_handed_on_at_once() -> None:
    feed = Feed()
    feed.add(*range(7))
    it = batches(feed, 3, within_s=3600)
    assert await asyncio.wait_for(anext(it), 1) == [0, 1, 2]
    assert await asyncio.wait_for(anext(it), 1) == [3, 4, 5]
    await it.aclose()


async def test_a_partial_batch_waits_from_its_first_item_only() -> None:
    feed = Feed()
    it = batches(feed, 64, within_s=0.05)
    loop = asyncio.get_running_loop()
    waiting = asyncio.ensure_future(anext(it))
    await asyncio.sleep(0.2)  # a quiet stream: nothing is handed on, however long
    assert not waiting.done()
    feed.add(1, 2)
    started = loop.time()
    assert await asyncio.wait_for(waiting, 1) == [1, 2]
    assert 0.04 <= loop.time() - started < 0.5
    await it.aclose()


def test_no_timer_runs_while_the_stream_is_quiet() -> None:
    # A loop of its own: the suite's shared loop holds other tests' timers.
    async def quiet() -> list[asyncio.TimerHandle]:
        loop = asyncio.get_running_loop()
        it = batches(Feed(), 64, within_s=0.01)
        waiting = asyncio.ensure_future(anext(it))
        await _settle()
        # Faust's take_events keeps a timer here and wakes every ``within``.
        timers = [handle for handle in loop._scheduled if not handle.cancelled()]
        assert not waiting.done()
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        return timers

    assert asyncio.run(quiet()) == []


async def test_the_end_of_the_stream_hands_on_what_came_before() -> None:
    feed = Feed()
    feed.add(1, 2, None)
    assert [batch async for batch in batches(feed, 64, within_s=3600)] == [[1, 2]]


async def test_a_failing_stream_fails_after_handing_on_what_came_before() -> None:
    feed = Feed()
    feed.add(1, 2, RuntimeError("broker gone"))
    it = batches(feed, 64, within_s=3600)
    assert await anext(it) == [1, 2]
    with pytest.raises(RuntimeError, match="broker gone"):
        await anext(it)


async def test_no_more_than_a_batch_is_read_ahead_of_the_one_being_handled() -> None:
    feed = Feed()
    feed.add(*range(100))
    it = batches(feed, 4, within_s=3600)
    assert await anext(it) == [0, 1, 2, 3]
    await _settle()  # the caller is busy with its batch; the reader must wait
    # Four handed on, four waiting in the queue, one held by the reader.
    assert feed.read == 9
    await it.aclose()


async def test_closing_the_batches_stops_reading_the_stream() -> None:
    feed = Feed()
    feed.add(1)
    it = batches(feed, 4, within_s=0)
    assert await anext(it) == [1]
    await it.aclose()
    feed.add(2, 3)
    await _settle()
    assert feed.read == 1


def test_a_batch_needs_a_size_and_a_wait_that_is_not_negative() -> None:
    with pytest.raises(ValueError):
        batches(Feed(), 0, within_s=0.01)
    with pytest.raises(ValueError):
        batches(Feed(), 4, within_s=-1)
