"""When the watcher looks at the inbox, and how it is stopped and heard.

``pipeline.run.watch`` decides what one look at the inbox does (``Watcher``);
this module holds what is around it: the settings, the loop that steps it
when a file should have settled, a rescan is due or a file event came, the
watchdog observer that sends those events, the signal handler that stops it,
and its log, one line per file on standard error after the local time.
"""

from __future__ import annotations

import math
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

from pipeline.outputs.display import display_name

#: Seconds between checks for a stop request, and the least time between two
#: scans that events asked for (a copy in progress sends a storm of them).
TICK_S = 0.25
#: Seconds the observer thread gets to end when the watcher stops.
OBSERVER_STOP_S = 5.0

Log = Callable[[str], None]


def log_to_stderr(line: str) -> None:
    """The watcher's log: one line per file on standard error, at once, after the local time.

    A watcher runs for days; a line without its time cannot be matched to a
    file's arrival. Names are escaped (``display_name``).
    """
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    print(f"{stamp} {display_name(line)}", file=sys.stderr, flush=True)


def log_failures(line: str) -> None:
    """``watch --quiet``'s log: only the lines of files that failed, and errors."""
    if line.startswith(("failed:", "rectrack:")):
        log_to_stderr(line)


@dataclass(frozen=True)
class WatchSettings:
    """How the watcher decides a file is complete and how often it looks again.

    Attributes:
        settle_s: seconds a file's size and mtime must stay unchanged before it
            is read; also the polling interval with ``poll`` (looking more
            often than a file can settle gains nothing).
        rescan_s: seconds between full rescans of the inbox, so a missed
            event never means a missed paper.
        poll: poll the inbox instead of waiting for file events (network shares).
    """

    settle_s: float = 2.0
    rescan_s: float = 60.0
    poll: bool = False

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name != "poll" and not value > 0:
                raise ValueError(f"{item.name} must be greater than 0, not {value}")


class Stopped(Exception):
    """Raised by the signal handler to abandon the file being read."""


class Stopper:
    """Turns SIGINT and SIGTERM into a stop request.

    While a file is being read the handler also raises, so a slow file is
    abandoned at once instead of holding the stop for up to its timeout.
    Elsewhere (writing the history or outputs) it only sets the flag, which
    the watcher checks between steps.
    """

    def __init__(self) -> None:
        self.requested = False
        self.reading = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True
        if self.reading:
            self.reading = False
            raise Stopped

    @contextmanager
    def installed(self) -> Iterator[None]:
        """Handle SIGINT and SIGTERM for the block; the previous handlers after."""
        previous = {sig: signal.signal(sig, self) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


class Steps(Protocol):
    """What the loop drives: one look at the inbox, returning when the next is due."""

    def step(self, now: float) -> float: ...


def loop(watcher: Steps, rescan_s: float, wake: threading.Event, stopper: Stopper) -> None:
    """Step when a file should have settled, a rescan is due, or an event came.

    Event-driven steps are at least TICK_S apart; the stop flag is checked every TICK_S.
    """
    next_scan, last = 0.0, -math.inf
    while not stopper.requested:
        now = time.monotonic()
        due = min(next_scan, last + TICK_S) if wake.is_set() else next_scan
        if now < due:
            pause = min(TICK_S, due - now)
            if wake.is_set():
                time.sleep(pause)  # an event storm: wait out the gap between scans
            else:
                wake.wait(pause)
            continue
        wake.clear()
        last = now
        next_scan = min(watcher.step(now), now + rescan_s)


@contextmanager
def observing(inbox: Path, settings: WatchSettings, wake: threading.Event) -> Iterator[None]:
    """Run a watchdog observer that sets ``wake`` on any event under ``inbox``."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    class _Wake(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            wake.set()

    observer: Any = PollingObserver(timeout=settings.settle_s) if settings.poll else Observer()
    observer.schedule(_Wake(), str(inbox), recursive=True)
    observer.start()
    try:
        yield
    finally:
        observer.stop()
        observer.join(OBSERVER_STOP_S)
