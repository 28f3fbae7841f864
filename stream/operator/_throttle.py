"""Wrong tokens, counted per client: after a few in a short time the client waits.

The token is long and random, so guessing it is hopeless anyway; the throttle
keeps a script from trying at the port's full speed and makes each refusal a
log line an operator can alert on. A client is the peer address: behind a
proxy that hides it, every client behind that proxy shares one allowance.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable


class FailureThrottle:
    """At most ``limit`` failures per client within ``window_s``; past that the
    client is refused until its oldest failure in the window has aged out.

    Memory is bounded: at most ``max_clients`` clients are remembered, the one
    that failed least recently forgotten first.
    """

    def __init__(
        self,
        *,
        limit: int,
        window_s: float,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = 10_000,
    ) -> None:
        if limit < 1 or window_s <= 0 or max_clients < 1:
            raise ValueError("limit, window_s and max_clients must be positive")
        self._limit = limit
        self._window_s = window_s
        self._clock = clock
        self._max_clients = max_clients
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def wait_s(self, client: str) -> float:
        """Seconds ``client`` must wait before its token is checked again; 0 when it may try."""
        failures = self._recent(client)
        if failures is None or len(failures) < self._limit:
            return 0.0
        return max(0.0, failures[0] + self._window_s - self._clock())

    def failed(self, client: str) -> None:
        failures = self._recent(client)
        if failures is None:
            failures = self._failures[client] = deque(maxlen=self._limit)
            while len(self._failures) > self._max_clients:
                self._failures.popitem(last=False)
        failures.append(self._clock())
        self._failures.move_to_end(client)

    def succeeded(self, client: str) -> None:
        self._failures.pop(client, None)

    def _recent(self, client: str) -> deque[float] | None:
        failures = self._failures.get(client)
        if failures is None:
            return None
        horizon = self._clock() - self._window_s
        while failures and failures[0] <= horizon:
            failures.popleft()
        if not failures:
            del self._failures[client]
            return None
        return failures


def retry_after(wait_s: float) -> str:
    """A ``Retry-After`` value: whole seconds, rounded up, at least 1."""
    return str(max(1, math.ceil(wait_s)))
