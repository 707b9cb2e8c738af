"""Headless Chromium (Debian's package) driven by Selenium, for the report's browser tests.

Selenium with Debian's ``chromium-driver`` is used rather than Playwright:
the driver comes from the same Debian source package as the browser, so their
versions always match, and nothing is downloaded at test time.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--window-size=1400,1100")  # fmt: skip

#: Skips a test module on a machine without the browser or Selenium (the ``test`` extra).
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() or not CHROMEDRIVER.exists() or find_spec("selenium") is None,
    reason="needs Debian's browser (apt-get install -y chromium chromium-driver) and "
           "Selenium (pip install -e '.[test]')",
)


def start_chromium(profile: Path, downloads: Path | None = None) -> Any:
    """Headless Chromium with a fresh ``profile``, console messages recorded, and files
    the page downloads saved in ``downloads`` without asking."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if downloads is not None:
        options.add_experimental_option("prefs", {
            "download.default_directory": str(downloads), "download.prompt_for_download": False})
    return webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))


def by_testid(page: Any, testid: str) -> list[Any]:
    """The elements of the page with this ``data-testid``."""
    from selenium.webdriver.common.by import By

    return list(page.find_elements(By.CSS_SELECTOR, f'[data-testid="{testid}"]'))
