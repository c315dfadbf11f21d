"""The page's language and direction on <html>: the script that sets them."""

from __future__ import annotations

import json
import re

from dashboard.ui.page_direction import HIDE_CSS, SCRIPT_ID, document_script


def _values(script: str) -> dict:
    found = re.search(r"\}\)\((\{.*?\})\);</script>$", script)
    assert found, script
    return json.loads(found.group(1))


def test_the_arabic_page_is_marked_arabic_and_right_to_left():
    assert _values(document_script("ar", True)) == {"lang": "ar", "dir": "rtl"}


def test_the_english_page_is_marked_back_to_english_left_to_right():
    assert _values(document_script("en", False)) == {"lang": "en", "dir": "ltr"}


def test_the_script_sets_both_attributes_on_the_root_and_takes_no_room():
    script = document_script("ar", True)
    assert script.startswith(f'<script id="{SCRIPT_ID}">')
    assert "root.lang = v.lang" in script and "root.dir = v.dir" in script
    assert f"script#{SCRIPT_ID}" in HIDE_CSS and "display:none" in HIDE_CSS
