"""The reviewer's desk in a real browser, on a real run of the samples.

Headless Chromium (``browser.py``) opens the report of ``rectrack run`` over
the sample papers from ``file://``: source links point at the inbox files
and their pages, a picture sits beside each alert, a text change is
redlined, a filter comes from the URL. Then a reviewer confirms a pair,
rejects a look-alike and signs off an alert, downloads reviews.csv, and the
next run applies those decisions. Every wait is for a condition, with a
generous deadline, so nothing depends on the machine's speed.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from browser import by_testid, needs_chromium, start_chromium
from click.testing import CliRunner
from support import PAPERS

from pipeline.cli import main

pytestmark = needs_chromium
DEADLINE_S = 60
REVIEWER = "A. Reviewer"
SIGN_OFF_REASON = "agreed with the service: new date in the plan"


def run(inbox: Path, out: Path) -> None:
    result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A run of the samples, and Chromium saving downloads into a folder of its own."""
    root = tmp_path_factory.mktemp("desk")
    inbox, out, downloads = root / "inbox", root / "out", root / "downloads"
    shutil.copytree(PAPERS, inbox)
    downloads.mkdir()
    run(inbox, out)
    driver = start_chromium(root / "profile", downloads)
    driver.get((out / "report.html").as_uri())
    yield {"page": driver, "inbox": inbox, "out": out, "downloads": downloads}
    driver.quit()


def script(page: Any, code: str) -> Any:
    return page.execute_script(code)


def test_source_links_open_the_inbox_file_at_its_page(desk: dict[str, Any]) -> None:
    links = by_testid(desk["page"], "source-link")
    assert links
    for link in links:
        url = urlsplit(link.get_attribute("href"))  # as the browser resolves it
        target = Path(unquote(url.path))
        assert url.scheme == "file" and target.parent == desk["inbox"].resolve()
        text = link.get_attribute("textContent")  # also of links in closed sections
        assert target.is_file() and text.startswith(f"{target.name}, ")
        if target.suffix == ".pdf":
            assert url.fragment.startswith("page=") and text.endswith(f"page {url.fragment[5:]}")


def test_a_picture_is_shown_beside_each_alert(desk: dict[str, Any]) -> None:
    shown = script(desk["page"], """return Array.from(document.querySelectorAll(
        '#alerts article')).map(a => { const img = a.querySelector('img');
        return Boolean(img && img.complete && img.naturalWidth > 100
                       && img.naturalHeight > 10); });""")
    assert shown and all(shown)


def test_a_text_change_is_redlined(desk: dict[str, Any]) -> None:
    marks = script(desk["page"], """const r = document.querySelector('[data-testid=redline]');
        return [r.querySelectorAll('del').length, r.querySelectorAll('ins').length,
                getComputedStyle(r.querySelector('del')).textDecorationLine];""")
    assert marks[0] > 0 and marks[1] > 0 and marks[2] == "line-through"


def test_a_filter_in_the_url_is_applied(desk: dict[str, Any]) -> None:
    page = desk["page"]
    try:
        page.get((desk["out"] / "report.html").as_uri() + "#flag=overdue")
        state = script(page, """const rows = Array.from(document.querySelectorAll('[data-row]'));
            return [document.getElementById('f-flag').value,
                    rows.filter(r => !r.hidden).map(r => r.dataset.flags),
                    rows.filter(r => r.hidden).length];""")
        chosen, shown, hidden = state
        assert chosen == "overdue" and shown and hidden
        assert all("overdue" in flags.split() for flags in shown)
    finally:
        page.get((desk["out"] / "report.html").as_uri())


def test_decisions_made_in_the_report_are_applied_by_the_next_run(desk: dict[str, Any]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page = desk["page"]
    page.find_element(By.ID, "reviewer").send_keys(REVIEWER)
    confirm, reject = _boxes(page, "#confirm [data-decide]", "pin")[:2]  # two fuzzy pairs
    confirm.find_element(By.CSS_SELECTOR, "[data-action=pin]").click()
    reject.find_element(By.CSS_SELECTOR, "[data-action=reject]").click()
    (sign, *_) = _boxes(page, "#alerts [data-decide]:not([data-alerts=''])", "ack")
    sign.find_element(By.CSS_SELECTOR, "[data-reason]").send_keys(SIGN_OFF_REASON)
    sign.find_element(By.CSS_SELECTOR, "[data-action=ack]").click()
    for box, said in ((confirm, "Confirmed"), (reject, "Rejected"), (sign, "Signed off")):
        assert box.find_element(By.CSS_SELECTOR, "[data-testid=decided]").text.startswith(said)
    page.find_element(By.ID, "download").click()
    saved = desk["downloads"] / "reviews.csv"
    WebDriverWait(page, DEADLINE_S).until(lambda _: saved.is_file() and saved.stat().st_size)

    decided = rows(saved)
    assert {r["action"] for r in decided} == {"pin", "reject", "ack"}
    assert {r["reviewer"] for r in decided} == {REVIEWER}
    shutil.copy(saved, desk["out"] / "reviews.csv")
    run(desk["inbox"], desk["out"])
    pin = next(r for r in decided if r["action"] == "pin")
    ack = next(r for r in decided if r["action"] == "ack")
    changes = rows(desk["out"] / "changes.csv")
    assert any(c["record_key"] == pin["new_key"] and c["reviewed"].startswith("pinned: ")
               for c in changes)  # fmt: skip
    assert any(c["record_key"] == ack["record_key"] and c["new_edition"] == ack["edition"]
               and ack["alert"] in c["signed_off"].split(";") for c in changes)  # fmt: skip
    rejected = next(r for r in decided if r["action"] == "reject")
    assert not [c for c in changes if (c["old_record_key"] or c["record_key"], c["record_key"])
                == (rejected["old_key"], rejected["new_key"])]  # no longer paired
    page.get((desk["out"] / "report.html").as_uri())
    (applied,) = page.find_elements(By.CSS_SELECTOR, "#decisions .count")
    assert int(applied.text) == len(decided)


def _boxes(page: Any, selector: str, action: str) -> list[Any]:
    """The decision boxes the selector finds that offer ``action``, one per decision."""
    from selenium.webdriver.common.by import By

    found: dict[tuple[str, ...], Any] = {}
    for box in page.find_elements(By.CSS_SELECTOR, selector):
        names = ("series", "old-key", "new-key", "record-key", "edition")
        if box.find_elements(By.CSS_SELECTOR, f"[data-action={action}]"):
            found.setdefault(tuple(box.get_attribute(f"data-{n}") for n in names), box)
    assert found, selector
    return list(found.values())


#: Every pair of boxes in the summary grid, and whether the two overlap.
SUMMARY_OVERLAPS = """const boxes = Array.from(document.querySelectorAll('#summary .grid > div'))
    .map(d => d.getBoundingClientRect());
  const pairs = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => pairs.push(
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)));
  return [pairs, document.documentElement.scrollWidth];"""


@pytest.mark.parametrize("width", [1400, 390])
def test_no_overlap_wide_or_narrow_and_screenshots(desk: dict[str, Any], width: int) -> None:
    """The summary's boxes never overlap and the page never scrolls sideways; a screenshot
    of each width goes to output/ (to docs/, the README's, with RECTRACK_UPDATE_SCREENSHOT=1)."""
    from selenium.webdriver.support.ui import WebDriverWait

    page = desk["page"]
    try:
        page.set_window_size(width, 1100)
        WebDriverWait(page, DEADLINE_S).until(
            lambda p: p.execute_script("return window.innerWidth") <= width)
        overlaps, scroll_width = script(page, SUMMARY_OVERLAPS)
        assert overlaps and not any(overlaps)
        assert scroll_width <= script(page, "return window.innerWidth")
        _save(page.get_screenshot_as_png(), f"report-{width}.png")
        script(page, "document.querySelector('#alerts article').scrollIntoView()")
        _save(page.get_screenshot_as_png(), f"report-alert-{width}.png")
        script(page, "window.scrollTo(0, 0)")
    finally:
        page.set_window_size(1400, 1100)


def test_the_printed_report_has_one_block_per_alert_and_names_its_inputs(
    desk: dict[str, Any], tmp_path: Path
) -> None:
    """Printed as Chromium prints it: no buttons, the footer with the version and the inputs'
    hashes; its first page as a picture (``pdftoppm``) beside the screenshots."""
    import base64
    import subprocess

    from selenium.webdriver.common.by import By

    page = desk["page"]
    try:
        page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        assert not [b for b in page.find_elements(By.CSS_SELECTOR, "[data-decide]")
                    if b.is_displayed()]  # fmt: skip
        footer = page.find_element(By.CSS_SELECTOR, "[data-testid=footer]").text
        assert footer.startswith("rectrack ") and "tracker_may2025.pdf " in footer
    finally:
        page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(base64.b64decode(page.print_page()))
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(tmp_path / "printed")], check=True)  # fmt: skip
        _save((tmp_path / "printed.png").read_bytes(), "report-print.png")


def _save(png: bytes, name: str) -> None:
    """A picture for people: in output/ always, in docs/ only when asked."""
    import os

    root = Path(__file__).resolve().parent.parent
    for folder in (root / "output", *([root / "docs"] if os.environ.get(
            "RECTRACK_UPDATE_SCREENSHOT") == "1" else [])):  # fmt: skip
        folder.mkdir(exist_ok=True)
        (folder / name).write_bytes(png)
