"""Text from files reaches Streamlit's Markdown only as literal text (AppTest): every kind
of text element, and the page's labels for a drop-in file whose name and values hold
Markdown, show it without any link, image, colour or auto-linked URL."""

from __future__ import annotations

import json
import shutil

from tests.app.conftest import map_components, walk_elements
from tests.conftest import DATA
from tests.markdown_text import HOSTILE, auto_links, reads_as, unescaped_markup

# --- every kind of Streamlit text element ---------------------------------------------------


def _every_text_element(hostile: str) -> None:
    import streamlit as st

    from dashboard.browser.escaping import escape_markdown

    text = escape_markdown(hostile)
    st.title(text, anchor=False)
    st.header(text, anchor=False)
    st.subheader(text, anchor=False)
    st.markdown(text)
    st.markdown(f"**{text}**")
    st.caption(text)
    st.error(text)
    st.warning(text)
    st.info(text)
    st.success(text)
    with st.expander(text):
        st.text("inside")
    with st.status(text, state="complete"):
        st.text("inside")
    with st.spinner(text):
        pass
    st.selectbox(text, ["a"])
    st.radio(text, ["a"])
    st.checkbox(text)
    st.toggle(text)
    st.text_input(text)
    st.button(text)
    st.sidebar.caption(text)
    st.sidebar.selectbox(f"“{text}” →", ["a"])


def body_of(element) -> str | None:
    """What Streamlit renders as Markdown for ``element``: its label, or its body."""
    from streamlit.testing.v1.element_tree import AlertBase, HeadingBase, Markdown

    if isinstance(element, (Markdown, AlertBase, HeadingBase)):
        return element.value
    label = getattr(element, "label", None)
    return label if isinstance(label, str) else None


def bodies(at) -> list[str]:
    """Every label and Markdown body in the tree (widgets, blocks, text elements)."""
    return [b for e in walk_elements(at._tree) if (b := body_of(e)) is not None]


def test_each_text_element_shows_the_hostile_string_literally():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_every_text_element, args=(HOSTILE,), default_timeout=30).run()
    assert not at.exception
    shown = [b for b in bodies(at) if "evil" in b]
    kinds = {
        "title": at.title,
        "header": at.header,
        "subheader": at.subheader,
        "markdown": at.markdown,
        "caption": at.caption,
        "error": at.error,
        "warning": at.warning,
        "info": at.info,
        "success": at.success,
        "expander": at.expander,
        "status": at.status,
        "selectbox": at.selectbox,
        "radio": at.radio,
        "checkbox": at.checkbox,
        "toggle": at.toggle,
        "text_input": at.text_input,
        "button": at.button,
    }
    for kind, elements in kinds.items():
        assert len(elements) >= 1, kind
        for element in elements:
            body = body_of(element)
            assert unescaped_markup(body) <= {"*"}, (kind, body)
            assert auto_links(body) == [], (kind, body)
            assert HOSTILE in reads_as(body), (kind, body)
    assert len(shown) >= len(kinds)


# --- the page: a drop-in file whose values and name hold Markdown and URLs -------------------

FILE_NAME = "www.evil.example [x](https:evil.example).geojson"


def test_zone_mapping_labels_and_file_names_show_markdown_literally(
    app_test, tmp_path, monkeypatch
):
    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path))
    shutil.copy(DATA / "markdown_in_values.geojson", tmp_path / FILE_NAME)
    at = app_test.run()
    assert not at.exception
    how = next(r for r in at.sidebar.radio if r.key and r.key.endswith("_zone_how"))
    how.set_value("From a property").run()
    assert not at.exception
    labels = [s.label for s in at.sidebar.selectbox]
    mapped = [label for label in labels if label.endswith("→")]
    assert len(mapped) == 6, labels
    assert any("127.0.0.1:9/img.png" in reads_as(label) for label in mapped)
    assert any(":red[red]" in reads_as(label) for label in mapped)
    file_derived = [b for b in bodies(at) if "evil" in reads_as(b) or "127.0.0.1" in b]
    assert any(FILE_NAME in reads_as(b) for b in file_derived), file_derived
    for body in file_derived:
        assert unescaped_markup(body) <= {"*"}, body
        assert auto_links(body) == [], body


RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "\u202egnp.fgb" would show as "bgf.png"


def test_a_right_to_left_override_never_reaches_the_page(app_test, tmp_path, monkeypatch):
    """A drop-in named "\u202egnp.fgb", with an override in a property's name and value: the
    panel title, the legend, the tooltips and the messages show the letters in their order."""
    import geopandas as gpd
    from shapely.geometry import box

    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path))
    gdf = gpd.GeoDataFrame(
        {"name": [f"{RLO}enoz"], f"{RLO}note": [f"a{RLO}b then more"]},
        geometry=[box(34.40, 31.40, 34.41, 31.41)],
        crs="EPSG:4326",
    )
    gdf.to_file(tmp_path / f"{RLO}gnp.fgb", driver="FlatGeobuf")
    at = app_test.run()
    at.run()  # the second run draws the panels (see ui/map_first.py)
    assert not at.exception
    labels = [e.label for e in at.sidebar.expander]
    assert "Drop-in: gnp\\.fgb" in labels, labels
    shown = json.dumps(
        [m.value for m in walk_elements(at._tree) if isinstance(getattr(m, "value", None), str)]
    )
    maps = json.dumps(map_components(at), ensure_ascii=False)
    assert "gnp.fgb" in maps or "gnp" in maps  # the layer is on the map (layer control, legend)
    for text in (" ".join(labels), shown, maps):
        assert RLO not in text and "\\u202e" not in text.lower()
    assert "ab then more" in maps  # the tooltip's value, its letters in order
