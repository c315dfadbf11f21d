"""Sources are links: each address in a bundled source is an <a> whose href is the address
itself (no invisible characters in it), opening a new tab without a referrer."""

from __future__ import annotations

import json

import pytest

from dashboard.browser.source_links import addresses
from dashboard.config import GEODATA_DIR
from dashboard.ui.panels import SOURCES_FILE
from tests.browser.conftest import wait_for_app

pytestmark = pytest.mark.browser

EVENT = "wh-plan"  # its source names two articles by their addresses


def _links(page, scope: str) -> list[dict]:
    return page.locator(f"{scope} a[href^='http']").evaluate_all(
        "links => links.map(a => ({href: a.getAttribute('href'), text: a.textContent,"
        " target: a.target, rel: a.rel}))"
    )


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_an_events_source_addresses_are_links_to_themselves(page, app_url, lang):
    events = json.loads((GEODATA_DIR / "events.json").read_text(encoding="utf-8"))["events"]
    wanted = addresses(next(e for e in events if e["id"] == EVENT)["source"])
    assert len(wanted) == 2
    page.goto(f"{app_url}/?event={EVENT}&lang={lang}")
    wait_for_app(page)
    box = ".st-key-event_box"
    page.locator(f"{box} a[href='{wanted[-1]}']").wait_for()
    links = _links(page, box)
    assert [link["href"] for link in links] == wanted
    for link in links:
        assert link["text"] == link["href"]  # what is copied is the real address
        assert link["target"] == "_blank" and link["rel"] == "noopener noreferrer"


def test_the_sources_and_method_links_are_their_addresses(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    page.locator("[data-testid=stExpander] summary", has_text="Sources and method").click()
    expander = "[data-testid=stExpander]:has(summary:has-text('Sources and method'))"
    page.locator(f"{expander} a[href^='http']").first.wait_for()
    hrefs = [link["href"] for link in _links(page, expander)]
    for address in addresses(SOURCES_FILE.read_text(encoding="utf-8")):
        assert address in hrefs
