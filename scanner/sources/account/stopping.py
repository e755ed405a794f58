"""When an account scan must stop early: an overall time limit, or a stop request (Ctrl-C, SIGTERM from a CI
runner or AWS Batch). Either way the scan stops waiting within about a second, keeps what it read, names
what it did not, and writes its reports marked incomplete; calls still hanging on the network are left to
the operating system when the process exits."""
from __future__ import annotations

import contextlib
import multiprocessing.synchronize
import signal
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

POLL_S = 0.5  # how often the scan looks at the clock and for a stop request


@dataclass
class StopSignal:
    """Shared by the command line (which sets it) and the collection loop (which checks it)."""

    time_limit_s: float | None = None
    # set by Ctrl-C or SIGTERM (in a worker process: a multiprocessing Event the parent sets)
    requested: threading.Event | multiprocessing.synchronize.Event = field(default_factory=threading.Event)
    collecting: bool = False  # before this, there is nothing to keep: a stop request aborts at once
    _started: float = field(default_factory=time.monotonic)

    def reason(self) -> str | None:
        """Why the scan must stop now, or None to go on."""
        if self.requested.is_set():
            return "interrupted"
        if self.time_limit_s is not None and time.monotonic() - self._started >= self.time_limit_s:
            return f"the scan's time limit of {_duration(self.time_limit_s)} was reached"
        return None

    def elapsed_s(self) -> float:
        return time.monotonic() - self._started

    def rebase(self, elapsed_s: float) -> None:
        """Count the time limit as started `elapsed_s` ago (a worker process, from its parent's start)."""
        self._started = time.monotonic() - elapsed_s

    def wait_s(self) -> float:
        """How long the loop may block before it looks again."""
        if self.time_limit_s is None:
            return POLL_S
        return max(0.0, min(POLL_S, self.time_limit_s - (time.monotonic() - self._started)))


def _duration(seconds: float) -> str:
    return f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s"


@contextlib.contextmanager
def stop_on_signals(stop: StopSignal) -> Iterator[None]:
    """While the scan runs, the first Ctrl-C (or SIGTERM) asks it to stop and write what it has; a second
    Ctrl-C aborts at once. Outside the main thread (tests, embedding) nothing is installed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def request(signum: int, _frame: object) -> None:
        if not stop.collecting or (stop.requested.is_set() and signum == signal.SIGINT):
            raise KeyboardInterrupt
        stop.requested.set()
        sys.stderr.write("\ntierguard: stopping; writing what was read so far (Ctrl-C again to abort)\n")

    previous = {sig: signal.signal(sig, request) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
