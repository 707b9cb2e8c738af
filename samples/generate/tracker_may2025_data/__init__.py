"""The text of the May 2025 tracker, apart from how it is laid out in Word.

One module per directorate section of the main table, in printed order (``cyps``,
``achph``, ``regen``, ``fcs``, ``acex``), the status key with the row types in
``rows`` and the children's homes section in ``homes``. Every string is typed as
the seed prints it; :mod:`samples.generate.tracker_may2025` says what was decided
where the seed is broken.
"""

from __future__ import annotations

from samples.generate.tracker_may2025_data import acex, achph, cyps, fcs, regen

TITLE = (
    "External inspections, reviews and audits recommendations/areas for "
    "improvement detailed internal update – May 2025"
)

#: The main table's rows, directorate by directorate.
MAIN_ROWS: list[object] = [*cyps.ROWS, *achph.ROWS, *regen.ROWS, *fcs.ROWS, *acex.ROWS]
