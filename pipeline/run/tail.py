"""A run's tail made ready while its papers are read: the workbook writer started, the
modules that reconcile and write the outputs imported.

While the reading workers work, the run's own process only waits for them,
and on two cores a 1-worker run leaves a core idle. What the tail would pay
first (pandas' import alone is a quarter of a second, a spawned writer's
start another) is paid then instead. Nothing is made ready for a run with
nothing to read: an unchanged rerun writes no output and needs none of it.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from types import TracebackType

#: What reconciling the history and writing the outputs import, in the order they do.
TAIL_MODULES = (
    "pipeline.history.metadata",
    "pipeline.reconcile.editions",
    "pipeline.reconcile.series",
    "pipeline.outputs.tables",
    "pipeline.outputs.files",
    "pandas",
    "pipeline.outputs.report",
    "pipeline.outputs.xlsx",
)


@contextmanager
def workbook_writer() -> Iterator[ProcessPoolExecutor]:
    """A second process, started now, to write the workbook while this one writes the rest.

    The workbook is the slowest output (XlsxWriter, in pure Python, about 17 µs
    a cell), and in a run on two cores nothing else is left to do by then.
    Its writer is imported as soon as it starts, so that costs no time at the
    end; ``spawn``, as for the readers, so it inherits no lock, thread or
    SQLite handle, and, as they are, it is ended with the run however the run
    ends (``pipeline.run.lifeline``). An error in it is raised by ``result()``.
    """
    writer = _start_writer()
    with writer:
        yield writer


def writer_or_new(
    writer: ProcessPoolExecutor | None,
) -> AbstractContextManager[ProcessPoolExecutor]:
    """``writer`` if one is started already (left running), else a new ``workbook_writer``."""
    return nullcontext(writer) if writer else workbook_writer()


def _start_writer() -> ProcessPoolExecutor:
    import multiprocessing

    writer = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_writer_starts)  # fmt: skip
    writer.submit(int)  # the process starts on its first task
    return writer


def _writer_starts() -> None:
    """Runs first in the workbook writer: tied to the run's life, its writer imported."""
    import multiprocessing

    from pipeline.run.lifeline import die_with_parent

    parent = multiprocessing.parent_process()
    if parent is not None:
        die_with_parent(parent)
    importlib.import_module("pipeline.outputs.xlsx")


class TailReady:
    """Made ready (``prepare``) when the reading starts; used by the tail, stopped on exit.

    ``writer`` is the workbook writer once prepared, None before. The imports
    run on a thread, which the tail waits for (``wait``) before it starts, so
    it never runs beside them. An import that fails there fails again where
    the tail imports the module, which reports it as any run would.
    """

    def __init__(self) -> None:
        self.writer: ProcessPoolExecutor | None = None
        self._imports: threading.Thread | None = None

    def prepare(self) -> None:
        """Start the workbook writer and the imports (once; the reading starts now)."""
        if self.writer is not None:
            return
        self.writer = _start_writer()
        self._imports = threading.Thread(target=_import_tail, name="rectrack-tail-imports",
                                         daemon=True)  # fmt: skip
        self._imports.start()

    def wait(self) -> None:
        """Until the tail's imports are done."""
        if self._imports is not None:
            self._imports.join()

    def __enter__(self) -> TailReady:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.wait()
        if self.writer is not None:
            self.writer.shutdown(cancel_futures=True)


def _import_tail() -> None:
    """Import ``TAIL_MODULES`` and compile the report's template."""
    try:
        for name in TAIL_MODULES:
            importlib.import_module(name)
        from pipeline.outputs.report import report_template

        report_template()
    except Exception:  # raised again, and reported, where the tail imports it
        return
