"""Sources as links: every http(s) address in a bundled source's text is a link to itself,
its text never altered; other schemes and the prose around stay plain text."""

from __future__ import annotations

import re

import pytest

from dashboard.browser.escaping import WORD_JOINER
from dashboard.browser.source_links import (
    addresses,
    is_safe_address,
    linked_html,
    linked_markdown,
    source_parts,
)
from dashboard.messages import FSI, PDI

SOURCE = (
    "Haberler, 29 Sep 2025 https://en.haberler.com/here-are-the-details-of-trump-s-gaza-plan"
    " ; L'Orient-Le Jour, 12 Oct 2025 https://today.lorientlejour.com/article/1480774/x.html"
)


def test_the_addresses_are_found_and_the_prose_is_kept_around_them():
    assert addresses(SOURCE) == [
        "https://en.haberler.com/here-are-the-details-of-trump-s-gaza-plan",
        "https://today.lorientlejour.com/article/1480774/x.html",
    ]
    assert "".join(piece for piece, _ in source_parts(SOURCE)) == SOURCE


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("see https://a.org/x.", "https://a.org/x"),
        ("(see https://a.org/x)", "https://a.org/x"),
        (
            "https://en.wikipedia.org/wiki/Gaza_(city), then",
            "https://en.wikipedia.org/wiki/Gaza_(city)",
        ),
        ("at https://a.org/x?q=1&r=2; and more", "https://a.org/x?q=1&r=2"),
        ("“https://a.org/x”", "https://a.org/x"),
        ("https://a.org/x، ثم", "https://a.org/x"),
    ],
)
def test_punctuation_after_an_address_is_not_part_of_it(text, address):
    assert addresses(text) == [address]


@pytest.mark.parametrize(
    "text",
    ["javascript:alert(1)", "data:text/html,<b>", "ftp://a.org/f", "www.a.org", "https://"],
)
def test_only_http_and_https_addresses_with_a_host_are_links(text):
    assert addresses(text) == []
    assert "<a " not in linked_html(text)


def test_is_safe_address():
    assert is_safe_address("https://a.org/x") and is_safe_address("http://a.org")
    assert not is_safe_address("javascript://a.org/%0aalert(1)")


def test_markdown_links_each_address_to_itself_without_word_joiners():
    markdown = linked_markdown(SOURCE)
    for address in addresses(SOURCE):
        assert f"(<{address}>)" in markdown
    assert WORD_JOINER not in markdown
    # The prose is escaped as usual: nothing in it is read as Markdown.
    assert r"L\'Orient\-Le Jour" in markdown


def test_markdown_link_text_is_the_address_escaped():
    markdown = linked_markdown("x https://a.org/a_b*c")
    assert markdown == r"x [https\://a\.org/a\_b\*c](<https://a.org/a_b*c>)"


def test_html_links_open_a_new_tab_without_a_referrer_and_escape_the_text():
    html = linked_html("<b>Reuters</b> https://a.org/x?a=1&b=2")
    assert html.startswith("&lt;b&gt;Reuters&lt;/b&gt; ")
    pattern = r'<a href="([^"]+)" target="_blank" rel="noopener noreferrer">([^<]+)</a>'
    link = re.search(pattern, html)
    assert link and link.group(1) == link.group(2) == "https://a.org/x?a=1&amp;b=2"


def test_an_isolated_source_keeps_its_isolate_out_of_the_address():
    # On a right-to-left page the whole source is isolated: FSI ... PDI.
    text = f"{FSI}Reuters https://a.org/x{PDI}"
    assert addresses(text) == ["https://a.org/x"]
    assert source_parts(text)[-1] == (PDI, False)
