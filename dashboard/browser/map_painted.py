"""The map tells the page once it has painted its first frame (see ``ui/map_first.py``).

streamlit-folium sends the map's value when it changes (a click, say); the page reruns
each time. This element sends it once, unchanged, right after the map's first frame with
its layers has been painted: that rerun is the one that draws the rest of the page on a
visitor's first visit. Sent earlier, the page's long render would hold the map's frame
back; sent after two animation frames, the map is already on screen.

A tab opened in the background paints nothing until it is shown, so a timer sends the
word after :attr:`MapPainted.fallback_ms` too; whichever comes first is used.
"""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from dashboard.browser.escaping import script_json


class MapPainted(MacroElement):
    """Send ``value`` as the map's component value once, after the map's first paint.

    Parameters
    ----------
    value : dict
        The value to send: the map's current (default) value, so nothing reads it as a
        click.
    fallback_ms : int
        Send it after this many milliseconds if no frame was painted by then.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function (value, fallbackMs) {
    var sent = false;
    function send() {
        if (sent || window.parent === window) return;
        sent = true;
        // A value streamlit-folium already sent (a click) has rerun the page: keep it.
        var known = window.__GLOBAL_DATA__;
        if (known && JSON.stringify(known.previous_data) !== JSON.stringify(value)) return;
        // The message streamlit-folium's own Streamlit.setComponentValue posts.
        window.parent.postMessage({
            isStreamlitMessage: true, type: "streamlit:setComponentValue",
            value: value, dataType: "json"
        }, "*");
    }
    // The layers are added in this same task; the second frame comes after their paint.
    requestAnimationFrame(function () { requestAnimationFrame(function () {
        setTimeout(send, 0);
    }); });
    setTimeout(send, fallbackMs);
})({{ this.value }}, {{ this.fallback_ms }});
{% endmacro %}
"""
    )

    def __init__(self, value: dict, fallback_ms: int = 1500) -> None:
        super().__init__()
        self._name = "MapPainted"
        self.value = script_json(value)
        self.fallback_ms = int(fallback_ms)
