"""Generators for the sample papers in ``samples/papers``.

Each generator module rebuilds one sample paper from the text of a seed (see
``/work/shared/seeds`` and ``DESIGN.md``) and exposes ``generate(out_dir)``,
returning the paths it wrote. ``python -m samples.generate`` runs them all and
converts every DOCX written to PDF with LibreOffice when it is installed.

The expected records in ``samples/expected`` are written by hand from the seeds,
never by these generators or by an extractor.
"""

GENERATORS = (
    "samples.generate.tracker_may2025",
    "samples.generate.tracker_nov2025",
    "samples.generate.tracker_nov2026",
    "samples.generate.sif_2018",
)
#: Generators of layout test papers, written into ``samples/layouts``.
LAYOUT_GENERATORS = ("samples.generate.keys_and_sheets",)
#: Made-up papers on which paper and edition a file is, agenda packs and list shapes
#: (issue 12), written to ``samples/whole_papers`` so the seed samples stay as they are.
WHOLE_PAPERS = (
    "samples.generate.committee_papers",
    "samples.generate.narrative_shapes",
    "samples.generate.html_papers",
)
