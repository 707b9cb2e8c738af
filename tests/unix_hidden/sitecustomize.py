"""Make ``fcntl`` and ``resource`` unimportable, as they are on Windows.

On ``PYTHONPATH``, Python imports this at start-up in every process: the run
and each spawned reader. Each blocked import is noted, with the process id, in
the file named by ``RECTRACK_TEST_HIDDEN_LOG``, so a test can see the modules
were really asked for and refused.

Only rectrack's own imports are refused (``pipeline``, ``extractors``): the
Linux builds of libraries such as psutil, filelock and distributed import
these modules themselves, where their Windows builds use their own platform
code, so refusing them would simulate nothing Windows does.
"""

from __future__ import annotations

import os
import sys
from importlib.abc import MetaPathFinder

HIDDEN = frozenset({"fcntl", "resource"})
#: Packages whose imports of ``HIDDEN`` are refused.
OURS = ("pipeline", "extractors")


class _Hidden(MetaPathFinder):
    """Refuse the modules of ``HIDDEN`` before any other finder sees them."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name in HIDDEN and _asked_by_rectrack():
            log = os.environ.get("RECTRACK_TEST_HIDDEN_LOG")
            if log:
                with open(log, "a", encoding="utf-8") as handle:
                    handle.write(f"{os.getpid()} {name}\n")
            raise ModuleNotFoundError(f"No module named {name!r} (hidden)", name=name)
        return None


def _asked_by_rectrack() -> bool:
    """The import statement being run is in ``OURS`` (the first frame outside importlib)."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("importlib"):
        frame = frame.f_back
    name = frame.f_globals.get("__name__", "") if frame is not None else ""
    return name.split(".")[0] in OURS


for _name in HIDDEN:
    sys.modules.pop(_name, None)
sys.meta_path.insert(0, _Hidden())
