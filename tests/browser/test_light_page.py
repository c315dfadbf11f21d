"""The light page (``python -m dashboard publish``) in Chromium: offline, dated, measured.

The folder is served by a local ``http.server`` on the loopback address, the single file is
opened from disk; every request to any other host is aborted and recorded.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

import pytest

from dashboard.browser.light_page import publish_folder, publish_single_file
from dashboard.cli import main as cli
from tests.unit.browser.test_light_data import bundled_light_data

pytestmark = pytest.mark.browser

PHONE = (390, 844)
TOUCH_PX = 44
# Points in the Strip on both sides of the line, from 80 m to 7 km from it (checked
# against the command line on both dates below).
POINTS = (
    (31.52, 34.45),
    (31.50, 34.47),
    (31.47, 34.44),
    (31.45, 34.42),
    (31.42, 34.38),
    (31.40, 34.37),
    (31.37, 34.36),
    (31.34, 34.31),
    (31.32, 34.33),
    (31.28, 34.26),
    (31.30, 34.29),
    (31.25, 34.28),
    (31.33, 34.28),
    (31.51, 34.49),
)
SIDES = {"held": "Israeli-held side", "other": "other side"}
SAME_ANSWER_M = 20


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the test's output stays readable
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The published folder served on 127.0.0.1, and the single file: (url, file url)."""
    root = tmp_path_factory.mktemp("light")
    data = bundled_light_data()
    publish_folder(root / "site", data)
    publish_single_file(root / "map.html", data)
    handler = functools.partial(QuietHandler, directory=str(root / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/index.html", (root / "map.html").as_uri()
    server.shutdown()
    server.server_close()


def offline(page, allowed_host: str = "") -> list[str]:
    """Abort every request that is not a file or to ``allowed_host``; the list of those."""
    attempted: list[str] = []

    def route(r) -> None:
        url = urlparse(r.request.url)
        if url.scheme in ("file", "data", "blob") or (allowed_host and url.netloc == allowed_host):
            r.continue_()
        else:
            attempted.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return attempted


def open_light(page, url: str, fragment: str = "") -> None:
    page.goto(url + (f"#{fragment}" if fragment else ""))
    page.wait_for_selector("body[data-ready='1']")


def shown(page) -> dict:
    """The version drawn, its zones' fill colours and the address."""
    return page.evaluate(
        """() => ({version: document.body.dataset.version, hash: location.hash,
                   fills: lightPage.drawn()})"""
    )


def test_the_page_draws_every_ground_version_offline(make_page, site):
    url, _ = site
    page = make_page(*PHONE)
    attempted = offline(page, urlparse(url).netloc)
    open_light(page, url)
    data = bundled_light_data()
    ground = [v for v in data["versions"] if v["track"] == "ground"]
    for version in ground:
        page.evaluate("(day) => { location.hash = 'at=' + day; }", version["from"])
        page.wait_for_function("(id) => document.body.dataset.version === id", arg=version["id"])
        drawn = shown(page)
        colours = {data["colours"][z["zone"]] for z in version["zones"] if "restriction" not in z}
        assert set(drawn["fills"]) >= colours
        assert len(drawn["fills"]) >= len(version["zones"])
        assert f"at={version['from']}" in drawn["hash"]
    # The timeline followed the map: the day's events and the crossings are listed.
    page.wait_for_selector("body[data-timeline='1']")
    assert page.locator("#events li").count() > 0 and page.locator("#crossings li").count() == 5
    assert attempted == []


def test_the_date_control_changes_the_zones_and_the_address(make_page, site):
    url, _ = site
    page = make_page(*PHONE)
    offline(page, urlparse(url).netloc)
    open_light(page, url, "at=2025-10-12")
    assert shown(page)["version"] == "2025-10-10-first-withdrawal"
    # The slider, as a finger would move it: to 20 Oct 2025, ten days after the first day.
    page.evaluate(
        """() => { const s = document.getElementById('day');
                   s.value = 10; s.dispatchEvent(new Event('input')); }"""
    )
    after = shown(page)
    assert after["version"] == "2025-10-19-idf-map" and "at=2025-10-20" in after["hash"]
    assert "19 Oct 2025" in page.locator("#last-mapped").inner_text()
    page.locator("#later").click()
    assert shown(page)["hash"].startswith("#at=2025-11-20")
    page.locator("#earlier").click()
    assert shown(page)["version"] == "2025-10-19-idf-map"
    page.locator("#track").select_option("plan-phase-2")
    assert shown(page)["version"] == "2025-09-29-plan-phase-2"
    assert "track=plan-phase-2" in shown(page)["hash"]
    # Every control is a 44 px touch target, and nothing is wider than the phone.
    for control in ("#earlier", "#later", "#track", "#where", "#lang", "#day"):
        box = page.locator(control).bounding_box()
        assert box["height"] >= TOUCH_PX and box["width"] >= TOUCH_PX, control
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]


def command_line(lat: float, lon: float, day: str) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli(["distance", str(lat), str(lon), "--at", day]) == 0
    return json.loads(out.getvalue())


@pytest.mark.parametrize("day", ["2025-10-19", "2026-03-20"])
def test_a_tap_gives_the_side_and_distance_of_the_command_line(make_page, site, day):
    url, _ = site
    page = make_page(*PHONE)
    offline(page, urlparse(url).netloc)
    open_light(page, url)
    answers = []
    for lat, lon in POINTS:
        page.evaluate(
            "([day, lat, lon]) => { location.hash = `at=${day}&lat=${lat}&lon=${lon}&z=15`; }",
            [day, lat, lon],
        )
        page.wait_for_function("(day) => location.hash.startsWith('#at=' + day)", arg=day)
        box = page.locator("#map").bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        answer = page.locator("#answer")
        page.wait_for_function("() => document.getElementById('answer').dataset.side")
        tapped = (float(answer.get_attribute("data-lat")), float(answer.get_attribute("data-lon")))
        assert abs(tapped[0] - lat) < 1e-3 and abs(tapped[1] - lon) < 1e-3
        expected = command_line(*tapped, day)
        side = SIDES[answer.get_attribute("data-side")]
        distance = int(answer.get_attribute("data-distance"))
        assert side == expected["side"], (tapped, side, expected)
        assert abs(distance - expected["distance_m"]) <= SAME_ANSWER_M, (tapped, expected)
        orange = answer.get_attribute("data-orange")
        if expected["orange_distance_m"] is None:
            assert orange == ""
        else:
            assert abs(int(orange) - expected["orange_distance_m"]) <= SAME_ANSWER_M
        nearest = [float(x) for x in answer.get_attribute("data-nearest").split(",")]
        assert abs(nearest[0] - expected["nearest_lat"]) < 3e-4
        assert abs(nearest[1] - expected["nearest_lon"]) < 3e-4
        assert f"pt={tapped[0]:.5f},{tapped[1]:.5f}" in shown(page)["hash"]
        # The warning near the line follows the app's rule (other side, within
        # geodata/line-drift.json's warn_within_m): not on the held side 80 m from it.
        warned = answer.locator(".warn").count() == 1
        assert warned == (expected["drift_warning"] is not None), (tapped, expected)
        answers.append((side, distance))
        page.evaluate("() => { document.getElementById('answer').dataset.side = ''; }")
    assert {side for side, _ in answers} == set(SIDES.values())
    assert min(d for _, d in answers) < 300 and max(d for _, d in answers) > 3000


def test_where_am_i_answers_for_the_phones_location_and_warns_near_the_line(make_page, site):
    url, _ = site
    page = make_page(*PHONE)
    offline(page, urlparse(url).netloc)
    page.context.grant_permissions(["geolocation"])
    # On the other side, 290 m from the line: where the app warns too.
    page.context.set_geolocation({"latitude": 31.47, "longitude": 34.435})
    open_light(page, url, "at=2025-10-19")
    page.locator("#where").click()
    page.wait_for_function("() => document.getElementById('answer').dataset.side")
    expected = command_line(31.47, 34.435, "2025-10-19")
    assert expected["drift_warning"]
    answer = page.locator("#answer")
    assert SIDES[answer.get_attribute("data-side")] == expected["side"]
    assert abs(int(answer.get_attribute("data-distance")) - expected["distance_m"]) <= 20
    assert "approximate" in answer.locator(".warn").inner_text()


def test_arabic_is_right_to_left_and_the_switch_keeps_the_view(make_page, site):
    url, _ = site
    page = make_page(*PHONE)
    offline(page, urlparse(url).netloc)
    open_light(page, url, "at=2026-03-20&lat=31.5&lon=34.45&z=12&lang=ar")
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
    assert page.locator("#where").inner_text() == "أين أنا؟"
    assert page.evaluate("getComputedStyle(document.getElementById('panel')).direction") == "rtl"
    # The map and the slider stay left to right.
    assert page.evaluate("getComputedStyle(document.getElementById('map')).direction") == "ltr"
    page.locator("#lang").click()
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("en", "ltr")
    assert "z=12" in shown(page)["hash"] and "lang=" not in shown(page)["hash"]


def test_the_single_file_opens_from_disk_with_no_network(make_page, site):
    _, file_url = site
    page = make_page(*PHONE)
    attempted = offline(page)
    open_light(page, file_url, "at=2026-01-10")
    assert shown(page)["version"] == "2026-01-05-east-gaza-city"
    assert len(shown(page)["fills"]) > 0
    assert attempted == []


def test_the_app_links_to_the_light_page_it_serves(make_page, app_url):
    page = make_page()
    page.goto(f"{app_url}/?lang=ar")
    link = page.get_by_role("link", name="النسخة الخفيفة")
    link.wait_for()
    href = link.get_attribute("href")
    assert href == "/app/static/light/index.html#lang=ar"
    # Published in the background from the visitor's second run: the file appears soon.
    light = make_page(*PHONE)
    attempted = offline(light, urlparse(app_url).netloc)
    page.wait_for_function(
        "async (url) => (await fetch(url, {method: 'HEAD'})).ok",
        arg=f"{app_url}/app/static/light/data.js",
        polling=500,
    )
    open_light(light, app_url + href)
    assert light.locator("html").get_attribute("dir") == "rtl"
    assert shown(light)["version"]
    assert attempted == []
