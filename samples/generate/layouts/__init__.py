"""Generators for the layout test papers in ``samples/layouts``: trackers laid out
as other councils' tools print them, each made by another producer.

- ``audit_unruled``: reportlab, no ruling (and a variant with a ruled header
  over a body ruled only across);
- ``html_tracker``: an HTML table printed by Chromium;
- ``seed_one_paragraph``: python-docx, printed by LibreOffice, the seed's own
  layout with title and purpose in one paragraph.

``python -m samples.generate.layouts`` rebuilds them (the PDFs need Chromium and
LibreOffice). The expected records in ``samples/layouts/expected`` are written by
hand from what the pages show, never by these generators or by an extractor.
"""

GENERATORS = (
    "samples.generate.layouts.audit_unruled",
    "samples.generate.layouts.html_tracker",
    "samples.generate.layouts.seed_one_paragraph",
)
