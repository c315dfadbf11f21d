"""The page on a phone, for one thumb: the answer right under the map, and in view.

On narrow screens the map's column and the column beside it stack (see
:data:`dashboard.ui.panels.PAGE_CSS`); here the place box and its answer come first under
the map, every touch target is at least 44 px high (WCAG 2.5.5; Apple's and Android's
guides ask for 44 and 48), and a new answer (a tap on the map, a place picked) is scrolled
into view when it lies below the screen. The map's own gestures (one finger scrolls the
page, two move the map) are in :mod:`dashboard.browser.touch_gestures`.
"""

from __future__ import annotations

import streamlit as st

from dashboard.ui.distance_panel import ANSWER_KEY

PHONE_PX = 640  # up to this width (px) the page is laid out for a phone
TOUCH_TARGET_PX = 44

PHONE_CSS = """<style>
/* The markers below draw nothing: no gap for them. */
[data-testid="stElementContainer"]:has(script#phone-layout),
[data-testid="stElementContainer"]:has(.place-answer-marker) { display: none; }
@media (max-width: 900px) {  /* stacked: the place box and its answer first under the map */
  [data-testid="stLayoutWrapper"]:has(> .st-key-place_box) { order: -3; }
}
@media (max-width: PHONE_PXpx) {
  [data-testid="stAppViewContainer"] button,
  [data-testid="stAppViewContainer"] input,
  [data-testid="stAppViewContainer"] summary,
  [data-testid="stAppViewContainer"] label:has(input[type="checkbox"]),
  [data-testid="stAppViewContainer"] label:has(input[type="radio"]) {
    min-height: TARGETpx;
  }
  [data-testid="stAppViewContainer"] label:has(input[type="checkbox"]),
  [data-testid="stAppViewContainer"] label:has(input[type="radio"]) { align-items: center; }
  [data-testid="stAppViewContainer"] button { min-width: TARGETpx; }
  /* Headings' link icons: 16 px, shown on hover, which a finger cannot do. */
  [data-testid="stHeaderActionElements"] { display: none; }
  /* Static tables wrap their text within the screen. */
  [data-testid="stTable"] table { width: 100%; table-layout: auto; }
  [data-testid="stTable"] th, [data-testid="stTable"] td {
    white-space: normal; overflow-wrap: anywhere; padding: 0.25rem 0.35rem;
  }
}
</style>""".replace("PHONE_PX", str(PHONE_PX)).replace("TARGET", str(TOUCH_TARGET_PX))

# Scrolls a phone to a new answer when it is not whole on the screen (once per point: a new
# date keeps the page where it is), until the visitor scrolls. Written once per page; it
# watches the answer's marker.
PHONE_SCRIPT = """<script id="phone-layout">
(function () {
  if (window.__gazaMapPhone) return;
  window.__gazaMapPhone = true;
  var phone = window.matchMedia("(max-width: PHONE_PXpx)");
  var shown = null, pending = false, watched = null;
  function bringIntoView() {
    var box = document.querySelector(".st-key-ANSWER_KEY");
    if (!box || !pending || !phone.matches) return;
    if (watched !== box) { watched = box; sizes.observe(box); }
    var rect = box.getBoundingClientRect();
    // (within a pixel: scrolling is in whole pixels, the layout in fractions)
    if (rect.top >= -1 && rect.bottom <= window.innerHeight + 1) return;
    box.scrollIntoView({block: rect.height > window.innerHeight ? "start" : "end"});
  }
  // The answer grows as its parts are drawn (the code box last): followed until whole.
  var sizes = new ResizeObserver(bringIntoView);
  function check() {
    var marker = document.querySelector(".place-answer-marker[data-point]");
    var point = marker ? marker.getAttribute("data-point") : null;
    if (point !== shown) { shown = point; pending = point !== null; }
    bringIntoView();
  }
  // The visitor's own scrolling or typing ends it.
  function stop() { pending = false; }
  ["touchstart", "wheel", "keydown"].forEach(function (type) {
    document.addEventListener(type, stop, {capture: true, passive: true});
  });
  new MutationObserver(check).observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["data-point"]
  });
})();
</script>""".replace("PHONE_PX", str(PHONE_PX)).replace("ANSWER_KEY", ANSWER_KEY)


def phone_layout() -> None:
    """The phone's layout: its style, and the script that brings a new answer into view."""
    st.markdown(PHONE_CSS, unsafe_allow_html=True)
    st.html(PHONE_SCRIPT, unsafe_allow_javascript=True)
