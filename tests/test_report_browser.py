"""The report in a real browser: headless Chromium (``browser.py``) on hand-made rows.

The test opens the report from ``file://``, reads the summary numbers and
compares them with the change rows, uses both filters, checks that hostile
text is shown as text and that no script but the report's own ran (the CSP
would report a blocked one in the console), and saves screenshots:
``output/report.png`` always, ``docs/report.png`` (the README's) only when
``RECTRACK_UPDATE_SCREENSHOT=1``, so a test run never changes a committed file.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import report_rows as rr
from browser import by_testid, needs_chromium, start_chromium

from pipeline.outputs.report import CHANGE_CODES, write_report

ROOT = Path(__file__).resolve().parent.parent

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless Chromium with a fresh profile, console messages recorded."""
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def page(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The report of the hand-made rows, opened from file:// with its script run."""
    path = tmp_path_factory.mktemp("report") / "report.html"
    write_report(path, rr.records(), rr.changes(), rr.inspections(), rr.failures(), rr.candidates())
    browser.get(path.as_uri())
    assert browser.execute_script("return document.getElementById('filters').hidden") is False
    return browser


def shown_rows(page: Any) -> Counter[tuple[str, str]]:
    """(directorate, change) of the report rows the filters leave visible."""
    pairs = page.execute_script(
        "return Array.from(document.querySelectorAll('[data-row=item]:not([hidden])'))"
        ".map(r => [r.dataset.directorate, r.dataset.change]);"
    )
    return Counter((d, c) for d, c in pairs)


def choose(page: Any, directorate: str = "", change: str = "") -> None:
    """Pick filter values as a user would."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(page.find_element(By.ID, "f-directorate")).select_by_value(directorate)
    Select(page.find_element(By.ID, "f-change")).select_by_value(change)


def test_summary_numbers_match_the_change_rows(page: Any) -> None:
    expected = Counter(c["change"] for c in rr.changes())
    for code in CHANGE_CODES:
        (tile,) = by_testid(page, f"count-{code}")
        assert int(tile.text) == expected[code], code
    (total,) = by_testid(page, "count-total")
    assert int(total.text) == len(rr.changes())
    by_directorate = Counter((c["directorate"], c["change"]) for c in rr.changes())
    cells = by_testid(page, "dir-count")
    assert cells
    for cell in cells:
        key = (cell.get_attribute("data-directorate"), cell.get_attribute("data-change"))
        assert int(cell.text) == by_directorate[key], key


def test_flag_counts_match_the_records(page: Any) -> None:
    for flag in ("overdue", "status_inconsistent", "status_conflict", "low_confidence"):
        flagged = {r["record_key"] for r in rr.records() if flag in r["flags"].split(";")}
        (count,) = by_testid(page, f"flag-{flag}")
        assert int(count.text) == len(flagged), flag


def test_directorate_and_change_filters(page: Any) -> None:
    every = Counter((c["directorate"], c["change"]) for c in rr.changes())
    try:
        choose(page, directorate=rr.CYPS)
        assert shown_rows(page) == Counter({k: n for k, n in every.items() if k[0] == rr.CYPS})
        choose(page, change="target_changed")
        assert shown_rows(page) == Counter({k: n for k, n in every.items()
                                            if k[1] == "target_changed"})  # fmt: skip
        choose(page, directorate=rr.HOSTILE_DIRECTORATE, change="unchanged")
        assert shown_rows(page) == Counter({(rr.HOSTILE_DIRECTORATE, "unchanged"): 1})
        (alerts,) = by_testid(page, "section-count-alerts")
        assert alerts.text == f"0 of {alerts.get_attribute('data-total')}"
        choose(page)
        assert shown_rows(page) == every
    finally:
        choose(page)


def test_filtered_rows_are_really_hidden(page: Any) -> None:
    from selenium.webdriver.common.by import By

    try:
        choose(page, directorate=rr.FCS)
        rows = page.find_elements(By.CSS_SELECTOR, "#alerts [data-row=item]")
        assert rows and not any(row.is_displayed() for row in rows)
        rows = page.find_elements(By.CSS_SELECTOR, "#slipped [data-row=item]")
        shown = [r.get_attribute("data-directorate") for r in rows if r.is_displayed()]
        assert shown == [rr.FCS]
    finally:
        choose(page)


def test_hostile_text_is_shown_as_text_and_no_script_ran(page: Any) -> None:
    text = page.find_element("tag name", "body").text
    assert "<script>window.__pwned = 1</script>Publish the action plan" in text
    assert rr.FORMULA_TEXT in text
    assert rr.HOSTILE_DIRECTORATE in text
    assert page.execute_script("return window.__pwned") is None
    assert page.execute_script("return document.querySelectorAll('script, img').length") == 1
    console = [entry["message"] for entry in page.get_log("browser")]
    assert not [m for m in console if "Content Security Policy" in m or "SEVERE" in m], console


def test_screenshot(page: Any, tmp_path: Path) -> None:
    """Pictures for people: the whole page in output/; for the README, the top of a report
    without the hostile rows (they are for the tests above, not for readers)."""
    output = ROOT / "output"
    output.mkdir(exist_ok=True)
    page.execute_script("document.activeElement.blur()")
    height = page.execute_script("return document.documentElement.scrollHeight")
    try:
        page.set_window_size(1400, height)
        assert page.save_screenshot(str(output / "report.png"))
    finally:
        page.set_window_size(1400, 1100)
    if os.environ.get("RECTRACK_UPDATE_SCREENSHOT") == "1":
        path = tmp_path / "report.html"
        clean = [c for c in rr.changes() if c["directorate"] != rr.HOSTILE_DIRECTORATE]
        write_report(path, rr.records(), clean, rr.inspections(), [])
        page.get(path.as_uri())
        assert page.save_screenshot(str(ROOT / "docs" / "report.png"))


# Selenium's is_displayed() calls anything in a closed <details> hidden, whatever the CSS says.
UNCHANGED_ROWS_VISIBLE = """return Array.from(
    document.querySelectorAll('#unchanged [data-row=item]')
  ).map(row => row.checkVisibility() && row.getBoundingClientRect().height > 0);"""


def test_print_hides_the_filters_and_expands_every_section(page: Any) -> None:
    from selenium.webdriver.common.by import By

    try:
        page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        assert not page.find_element(By.ID, "filters").is_displayed()
        printed = page.execute_script(UNCHANGED_ROWS_VISIBLE)
        assert printed and all(printed)
    finally:
        page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert not any(page.execute_script(UNCHANGED_ROWS_VISIBLE))  # on screen: collapsed
