"""dashboard.messages: how messages list items and sizes; the refusal exceptions; the
messages in each language (the catalogues, and real refusals written in Arabic)."""

from __future__ import annotations

import io
import re
import string
import zipfile

import geopandas as gpd
import pytest
from shapely import Point

from dashboard.intake.user_files import Limits, read_geodata
from dashboard.messages import (
    MAX_LISTED,
    MESSAGES_DIR,
    AxesSwapped,
    CrsRequired,
    GeodataError,
    LayerChoiceRequired,
    Message,
    bidi_safe,
    catalogue,
    isolate,
    language_of,
    listing,
    megabytes,
    message_language,
    say,
    shortened,
    token,
    without_isolates,
)
from dashboard.zones.mapping import zone_messages
from tests.conftest import DATA, REPO


def test_listing_names_the_first_items_then_counts_the_rest():
    assert listing([]) == ""
    assert listing(["a", "b"]) == "a, b"
    items = [str(i) for i in range(MAX_LISTED + 3)]
    assert listing(items) == ", ".join(items[:MAX_LISTED]) + " and 3 more"
    assert listing(["a", "b", "c"], limit=2) == "a, b and 1 more"


def test_megabytes():
    assert megabytes(0) == "0.0 MB"
    assert megabytes(int(12.34 * 2**20)) == "12.3 MB"


def test_refusals_are_geodata_errors():
    for error in (CrsRequired, AxesSwapped, LayerChoiceRequired):
        assert issubclass(error, GeodataError) and issubclass(error, ValueError)
    choice = LayerChoiceRequired("f: choose one", ("a", "b"))
    assert str(choice) == "f: choose one" and choice.layers == ["a", "b"]
    with pytest.raises(GeodataError):
        raise choice


def test_message_is_a_value():
    assert Message("info", "x") == Message("info", "x")
    with pytest.raises(AttributeError):
        Message("info", "x").text = "y"


# --- names inside messages ------------------------------------------------------------------


def test_isolate_wraps_a_name_in_first_strong_isolate_and_pop():
    assert isolate("zones.geojson") == "\u2068zones.geojson\u2069"
    assert isolate("غزة") == "\u2068غزة\u2069"
    assert isolate(12) == "\u206812\u2069"
    assert isolate("") == "\u2068\u2069"


@pytest.mark.parametrize(
    ("name", "inside"),
    [
        ("a\u2069\u202eb", "ab"),  # a stray PDI would end the isolate early: dropped
        ("a\u2067b", "a\u2067b\u2069"),  # an isolate the name opens is closed
        ("\u2066a\u2069b", "\u2066a\u2069b"),  # balanced isolates are kept
    ],
)
def test_isolate_balances_the_isolates_of_the_name(name, inside):
    assert isolate(name) == "\u2068" + inside + "\u2069"


@pytest.mark.parametrize("control", list("\u202a\u202b\u202c\u202d\u202e\u200e\u200f\u061c"))
def test_bidi_safe_drops_embeddings_overrides_and_marks(control):
    assert bidi_safe(f"{control}gnp.fgb and more") == "gnp.fgb and more"
    assert isolate(f"{control}gnp.fgb") == "\u2068gnp.fgb\u2069"


def test_bidi_safe_keeps_letters_and_balanced_isolates():
    assert bidi_safe("مناطق 2025.geojson") == "مناطق 2025.geojson"
    assert bidi_safe("\u2066a\u2069 \u2067b") == "\u2066a\u2069 \u2067b\u2069"
    assert bidi_safe(None) == "None"


def test_without_isolates_gives_the_plain_text_back():
    text = f"{isolate('مناطق.geojson')}: read with {isolate('x')}."
    assert without_isolates(text) == "مناطق.geojson: read with x."


# --- messages in several languages ----------------------------------------------------------

LANGUAGES = sorted(path.stem for path in MESSAGES_DIR.glob("*.json"))
SOURCE = REPO / "dashboard"


def names_in(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def without_isolated_runs(text: str) -> str:
    """``text`` without its placeholders and without what stands between isolates."""
    text = re.sub(r"\{[^{}]*\}", "", text)
    previous = None
    while previous != text:  # innermost isolates first
        previous = text
        text = re.sub("[\u2066\u2067\u2068][^\u2066-\u2069]*\u2069", "", text)
    return text


def test_there_is_an_english_and_an_arabic_catalogue():
    assert {"en", "ar"} <= set(LANGUAGES)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_key_is_in_every_language_with_the_same_placeholders(code):
    english, other = catalogue("en"), catalogue(code)
    assert set(other) == set(english), set(other) ^ set(english)
    for key, text in english.items():
        assert isinstance(other[key], str) and other[key].strip(), key
        assert names_in(other[key]) == names_in(text), key


def test_translations_isolate_every_latin_token():
    """In a right-to-left text, a Latin token (GeoJSON, EPSG:4326, .zip) stands between
    isolates, so its dots, colons and brackets stay where they belong."""
    for key, text in catalogue("ar").items():
        rest = without_isolated_runs(text)
        assert not re.search("[A-Za-z]", rest), (key, rest)


def test_every_key_the_code_says_is_in_the_catalogue_and_every_key_is_used():
    code = "\n".join(p.read_text(encoding="utf-8") for p in SOURCE.rglob("*.py"))
    said = set(re.findall(r"\bsay\(\s*\"([^\"]+)\"", code))
    english = catalogue("en")
    assert said and said <= set(english), said - set(english)
    unused = [key for key in english if f'"{key}"' not in code]
    assert not unused, unused


def test_english_is_the_default_and_a_language_applies_within_its_block_only():
    assert message_language() == "en"
    with language_of("ar"):
        assert message_language() == "ar"
        assert say("file.empty", name=isolate("x")) == "\u2068x\u2069: الملف فارغ."
    assert message_language() == "en"
    assert say("file.empty", name="x") == "x: the file is empty."


def test_an_unknown_language_is_english_and_a_path_is_no_language():
    with language_of("xx"):
        assert say("file.empty", name="x") == "x: the file is empty."
    assert catalogue("../ui/locales/ar") == {} and catalogue("ar/../en") == {}
    with pytest.raises(KeyError):
        say("no.such.message")


def test_listing_sizes_and_tokens_in_arabic():
    with language_of("ar"):
        assert listing(["a", "b", "c"], limit=2) == "a، b و1 غيرها"
        assert megabytes(int(12.34 * 2**20)) == "12.3 ميغابايت"
        assert token("GeoJSON") == "\u2068GeoJSON\u2069"
    assert token("GeoJSON") == "GeoJSON"  # English text is left as it was


def arabic(text: str) -> bool:
    return re.search("[\u0600-\u06ff]", text) is not None


def refusal(data: bytes, filename: str, **options) -> str:
    with language_of("ar"), pytest.raises(GeodataError) as caught:
        read_geodata(data, filename, **options)
    return str(caught.value)


def test_a_file_that_is_not_json_is_refused_in_arabic_with_its_name_isolated():
    text = refusal((DATA / "not_json.geojson").read_bytes(), "مناطق.geojson")
    assert text.startswith("\u2068مناطق.geojson\u2069: ")
    assert "الملف ليس بصيغة \u2068JSON\u2069 صالحة" in text and "not valid JSON" not in text


def test_a_zip_bomb_is_refused_in_arabic():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zones.geojson", b" " * 200_000)
    limits = Limits(max_unzipped_bytes=100_000)
    text = refusal(buffer.getvalue(), "قنبلة.zip", limits=limits)
    assert text.startswith("\u2068قنبلة.zip\u2069: سيتمدد الأرشيف المضغوط")
    assert "ميغابايت" in text and "expand" not in text


def test_unknown_zone_values_are_named_in_arabic():
    gdf = gpd.GeoDataFrame(
        {"zone": ["green_zone", "منطقة"]}, geometry=[Point(34.4, 31.4)] * 2, crs="EPSG:4326"
    )
    with language_of("ar"):
        (message,) = zone_messages(gdf)
    assert message.level == "warning" and arabic(message.text)
    assert "«\u2068green_zone\u2069»، «\u2068منطقة\u2069»" in message.text
    assert "\u2068retained\u2069، \u2068withdrawal\u2069، \u2068buffer\u2069" in message.text
    (english,) = zone_messages(gdf)
    assert english.text.startswith("2 feature(s) have a `zone` that is not a category")


def test_a_repair_and_a_crs_question_are_in_arabic():
    with language_of("ar"):
        loaded = read_geodata((DATA / "self_intersecting.geojson").read_bytes(), "شكل.geojson")
        with pytest.raises(CrsRequired) as asked:
            read_geodata((DATA / "projected_no_crs.geojson").read_bytes(), "أمتار.geojson")
    (repaired,) = [m for m in loaded.messages if m.level == "warning"]
    assert repaired.text.startswith("\u2068شكل.geojson\u2069: أُصلحت") and arabic(repaired.text)
    assert "\u2068EPSG:2039\u2069" in str(asked.value) and arabic(str(asked.value))


def test_a_refusal_read_in_english_is_shown_in_arabic_after_a_switch():
    from dashboard.messages import error_text, in_language

    with pytest.raises(GeodataError) as caught:
        read_geodata((DATA / "not_json.geojson").read_bytes(), "zones.geojson")
    kept = error_text(caught.value)
    assert "not valid JSON" in kept
    arabic_text = in_language(kept, "ar")
    assert "الملف ليس بصيغة \u2068JSON\u2069 صالحة" in arabic_text
    assert "\u2068zones.geojson\u2069" in arabic_text
    assert in_language(arabic_text, "en") == kept  # and back
    assert in_language("text from elsewhere", "ar") == "text from elsewhere"


def test_a_message_survives_a_cache_that_pickles_it():
    import pickle

    from dashboard.messages import in_language, say

    with language_of("en"):
        said = say("file.unexpected", name="x", error="ValueError")
    again = pickle.loads(pickle.dumps(said))
    assert again == said and in_language(again, "ar") == in_language(said, "ar")


def test_user_input_is_quoted_at_most_40_characters():
    assert shortened("2025-10-19") == "2025-10-19"
    assert shortened("x" * 40) == "x" * 40
    long = "Your session has expired: log in again at evil.example " * 10
    assert shortened(long) == long[:39] + "\u2026"
    assert len(shortened(long)) == 40
    assert shortened(12345, limit=3) == "12\u2026"
