"""The reviewer's report as text: escaping, CSP, counts, sections, determinism.

What a browser makes of it (filters, no script run) is in test_report_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import random
import re
from collections import Counter
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import report_rows as rr

from extractors.ocr import LOW_CONFIDENCE
from pipeline.outputs.report import CHANGE_CODES, NOT_COMPARED, build_items, write_report


def render(tmp_path: Path, changes: list[dict] | None = None, **options: str) -> str:
    """The report of the hand-made rows, written and read back."""
    path = tmp_path / "report.html"
    rows = rr.changes() if changes is None else changes
    write_report(
        path, rr.records(), rows, rr.inspections(), rr.failures(), rr.candidates(), **options
    )
    return path.read_text("utf-8")


@pytest.fixture
def html(tmp_path: Path) -> str:
    return render(tmp_path)


def by_section() -> dict[tuple[str, str, str], str]:
    """(label, change, field) -> section, for the hand-made rows."""
    items = build_items(rr.records(), rr.changes(), confirm_below=100.0)
    return {(i.label, i.change, i.field): i.section for i in items}


def test_hostile_text_is_escaped(html: str) -> None:
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;Publish" in html
    assert "&lt;img src=x onerror=window.__pwned=2&gt;" in html
    assert "<img" not in html
    assert html.count("<script") == 1  # the report's own
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.pdf" in html  # a hostile file name


def test_control_characters_are_removed(html: str) -> None:
    assert "\x0c" not in html
    assert "DVSA operator licence audit &lt;b&gt;fleet&lt;/b&gt;" in html


class Tags(HTMLParser):
    """Every tag and attribute name of a page, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.values: dict[str, list[str]] = {"href": [], "src": []}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)
        for name, value in attrs:
            self.values.setdefault(name, []).append(value or "")


def test_no_javascript_links_no_handlers_and_no_external_resources(html: str) -> None:
    parser = Tags()
    parser.feed(html)
    assert "javascript:" not in html.lower()
    assert not parser.attributes & {"action", "style"}
    assert not [a for a in parser.attributes if a.startswith("on")]
    assert not parser.tags & {"link", "iframe", "object", "embed"}
    assert "@import" not in html and "url(" not in html
    hrefs = parser.values["href"]
    assert hrefs and not [h for h in hrefs if re.match(r"[a-z][a-z0-9+.-]*:|/", h)]  # relative
    assert {h.rsplit("#", 1)[-1] for h in hrefs if "#" in h} <= {f"page={n}" for n in range(99)}
    assert all(s.startswith("data:image/png;base64,") for s in parser.values["src"])


def test_csp_allows_exactly_the_inline_style_and_script(html: str) -> None:
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy, "no CSP meta tag"
    directives = dict(d.strip().split(" ", 1) for d in policy.group(1).split(";"))
    assert directives["default-src"] == "'none'"
    for tag, directive in (("style", "style-src"), ("script", "script-src")):
        (body,) = re.findall(rf"<{tag}>(.*?)</{tag}>", html, re.S)
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert directives[directive] == f"'sha256-{digest}'"
    assert "unsafe-inline" not in policy.group(1)


def test_summary_counts_match_the_change_rows(html: str) -> None:
    expected = Counter(c["change"] for c in rr.changes())
    for code in CHANGE_CODES:
        assert f'data-testid="count-{code}">{expected[code]}<' in html
    assert f'data-testid="count-total">{len(rr.changes())}<' in html
    assert html.count('data-row="item"') == len(rr.changes())


def test_summary_by_directorate(html: str) -> None:
    cells = re.findall(
        r'data-testid="dir-count" data-directorate="([^"]*)" data-change="(\w+)">(\d+)<', html
    )
    counts = {(unescape(d), c): int(n) for d, c, n in cells}
    expected = Counter((c["directorate"], c["change"]) for c in rr.changes())
    assert {k: v for k, v in counts.items() if v} == expected
    assert len(counts) == len({c["directorate"] for c in rr.changes()}) * len(CHANGE_CODES)


def test_alerts_come_first_and_hold_every_kind_of_alert() -> None:
    sections = by_section()
    assert sections["Area for improvement 1", "missing", ""] == "alerts"
    assert sections["Area for improvement 1", "reopened", "status"] == "alerts"
    assert sections["Area for improvement 2", "status_changed", "status"] == "alerts"  # regressed
    assert sections["Area for improvement 3", "unchanged", ""] == "alerts"  # overdue
    assert (
        sections["Area for improvement 3", "status_changed", "status"] == "alerts"
    )  # inconsistent
    assert sections["Recommendation 6", "unchanged", ""] == "alerts"  # status_conflict


def test_a_reviewed_flag_is_no_longer_an_alert() -> None:
    assert by_section()["Recommendation 4", "unchanged", ""] == "unchanged"


def test_other_sections() -> None:
    sections = by_section()
    assert sections["Area for improvement 2", "target_changed", "revised_target"] == "slipped"
    assert sections["REC KR1", "target_changed", "revised_target"] == "slipped"
    assert sections["Area for improvement 4", "target_changed", "revised_target"] == "other"
    assert sections["Area for improvement 2", "status_changed", "status"] == "alerts"
    assert sections["Rec 2", "dropped_complete", ""] == "completed"
    assert sections["Recommendation 7", "new", ""] == "new"
    assert sections["Recommendation 5", "unchanged", ""] == "unchanged"
    assert sections["REC KR2", "text_changed", "recommendation"] == "other"


def test_sections_in_reading_order_and_unchanged_collapsed(html: str) -> None:
    order = ["alerts", "confirm", "slipped", "completed", "new", "other", "unchanged"]
    positions = [html.index(f'data-section="{key}"') for key in order]
    assert positions == sorted(positions)
    assert 'data-section="unchanged">\n<details><summary>' in html
    assert f'data-section="{NOT_COMPARED}"' not in html  # every edition was compared


def block(html: str, text: str) -> str:
    """The record block (one record, all its changes) holding ``text``."""
    start = html.rindex("<article", 0, html.index(text))
    return html[start : html.index("</article>", start)]


def test_old_and_new_side_by_side_with_source_and_page(html: str) -> None:
    row = block(html, 'Rec 2</div>\n<div class="redline"')
    assert "<del>Keep vehicle maintenance records.</del>" in row
    assert "tracker_may2025.pdf, page 12" in row and "tracker_nov2025.pdf, page 12" in row
    assert "tracker_may2025.pdf#page=12" in row and "tracker_nov2025.pdf#page=12" in row
    missing = block(html, "Improve the identification of needs")
    assert "Not in 2025-11" in missing
    renumbered = block(html, "Review the medium term financial strategy")
    assert "2025-05 · as REC KR3" in renumbered  # found by its old key
    assert "tracker_may2025.pdf, page 9" in renumbered  # the file reconciliation used


def test_low_confidence_matches_listed_for_confirmation(html: str) -> None:
    confirm = html[html.index('data-section="confirm"') : html.index('data-section="slipped"')]
    assert confirm.count('data-row="confirm"') == 2
    assert "Match score 92.5" in confirm  # the renumbered item, paired on its text
    assert 'data-testid="chip-low_confidence">low confidence' in confirm  # extraction guessed
    assert confirm.count('data-row="candidate"') == 1  # a look-alike pair not made
    assert "Match score 78" in confirm
    assert "Improve the identification of needs in the early years." in confirm
    assert 'data-testid="section-count-confirm">3<' in confirm


def test_a_copy_read_by_ocr_says_so_and_warns_under_the_ocr_threshold(tmp_path: Path) -> None:
    """Only copies read by OCR have the chip, with their confidence rounded; one read less
    surely than the OCR's LOW_CONFIDENCE is styled as a warning and its tooltip says why."""
    records = rr.records()
    texts = {r["recommendation"]: r for r in records if r["source_file"] == "tracker_nov2025.pdf"}
    unsure, sure = texts["Improve the timeliness of initial health assessments."], texts[
        "Develop a shared understanding of integrated locality working."]  # fmt: skip
    unsure.update(source_method="ocr", ocr_confidence=f"{LOW_CONFIDENCE - 17.6:.1f}")
    sure.update(source_method="ocr", ocr_confidence="91.4")
    write_report(tmp_path / "report.html", records, rr.changes(), rr.inspections(), rr.failures())
    html = (tmp_path / "report.html").read_text("utf-8")
    chip = r'<span class="(chip ocr[^"]*)" data-testid="ocr" title="([^"]*)">([^<]*)</span>'
    found = {(c, t) for c, _, t in re.findall(chip, html)}
    assert found == {("chip ocr low", "read by OCR · confidence 62"),
                     ("chip ocr", "read by OCR · confidence 91")}  # fmt: skip
    assert "confidence 62" in block(html, unsure["recommendation"])
    assert "confidence 62" not in block(html, sure["recommendation"])
    titles = {t for _, t, _ in re.findall(chip, html)}
    assert all("scanned image" in t for t in titles)
    warning = f"Under {LOW_CONFIDENCE:.0f}: some words are likely misread."
    assert sum(warning in t for t in titles) == 1


def test_reviewed_items_show_the_decision(html: str) -> None:
    assert html.count('class="record reviewed"') == 2
    assert f"✓ Reviewed: {rr.PIN_NOTE}" in html
    assert f"✓ Reviewed: {rr.FLAG_NOTE}" in html  # a reason holding "; " stays whole


def test_same_rows_in_any_order_give_the_same_bytes(tmp_path: Path) -> None:
    shuffled = rr.changes()
    random.Random(4).shuffle(shuffled)
    assert render(tmp_path) == render(tmp_path, shuffled)


def test_no_timestamp_unless_given(tmp_path: Path) -> None:
    assert "Generated" not in render(tmp_path)
    assert "Generated 2025-11-20 09:00" in render(tmp_path, generated="2025-11-20 09:00")


def test_first_edition_is_shown_as_not_compared_with_its_alerts(tmp_path: Path) -> None:
    html = render(tmp_path, changes=[])
    assert "No two editions of a series to compare yet." in html
    assert 'data-section="not_compared"' in html
    alerts = html[html.index('data-section="alerts"') : html.index('data-section="slipped"')]
    assert "Leaders should improve the quality of EHC plans." in alerts  # overdue


def test_written_atomically(tmp_path: Path) -> None:
    render(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
