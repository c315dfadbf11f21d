"""The dated versions of the zones, as data, and how each is built (used by ``build_geodata``).

Every version tiles the Strip with the three categories (``retained``, ``withdrawal``,
``buffer``). What each version rests on:

* the plan of 29 Sep 2025 (three phases, ``kind: planned``): phase 1 is the hand-drawn first
  line; phases 2 and 3 keep the part of it within a band along the land borders whose width
  gives the share reported for that phase;
* 10 Oct 2025 (``reported``): the first withdrawal, the hand-drawn line of :data:`YELLOW_LINE`;
* 19 Oct 2025 (``published``): the IDF's map as digitised by Gaza Maps (:data:`SRC_IDF`);
* later (``reported``): the 19 Oct line moved by each :class:`LineMove` in :data:`MOVES`,
  and the 2026 restricted zone (:data:`RESTRICTED_ZONES`).

Adding a version is adding a :class:`VersionSpec` to :data:`GROUND_VERSIONS` (its
``valid_to`` is the next version's ``valid_from``) and its moves to :data:`MOVES`; every
reason and source is written next to the numbers. See ``geodata/README.md``.

Every name and description has its Arabic beside it (``name_ar``, ``description_ar`` in the
file): composed names ("Retained – Khan Younis") are composed the same way from
:data:`ZONE_NAME_AR` and :data:`GOVERNORATE_NAMES_AR`; descriptions are written by hand and
keep the English's hedging and attribution ("about" is "نحو", "reported" is "أُفيد").
Sources are citations and stay as published.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import shapely
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from tools.geodata_helpers import fence_line, land_border, metric

# ---------------------------------------------------------------------------------------------
# The first line, hand-drawn (the 10 Oct 2025 version and phase 1 of the plan)
# ---------------------------------------------------------------------------------------------

SRC_LINE = (
    "Approximation of the first withdrawal ('yellow') line drawn from reporting: Times of Israel "
    "and ISW/CTP (about 53 % of the Strip on the Israeli side, 10 Oct 2025); Al Jazeera Sanad "
    "(about 210 km², 58 %); White House map of 29 Sep and Trump's map of 4 Oct 2025; "
    "line 1.5-6.5 km from the eastern fence. Not an official boundary. See geodata/SOURCES.md."
)
SRC_BUFFER = (
    "Approximation of the perimeter buffer: ACLED, 14 Feb 2025 (700 m, up to 1.1 km at five "
    "points, in the January 2025 ceasefire); AP 2024 (about 1 km-deep cleared strip). Width "
    "modelled as 1 km from the fence with Israel. See geodata/SOURCES.md."
)

# The yellow line, north to south, as (lon, lat). The first and last points lie in the
# sea so that the line crosses the whole Strip; the polygon east of it is Israel's side.
YELLOW_LINE: list[tuple[float, float, str]] = [
    (34.445, 31.572, "at sea north-west of Beit Lahia"),
    (34.468, 31.556, "coast west of Beit Lahia: most of Beit Lahia stays on the Israeli side"),
    (34.482, 31.541, "west of Beit Lahia town centre (34.4951, 31.5464)"),
    (34.489, 31.527, "through the eastern part of Jabalia (contested; not used as a test point)"),
    (34.490, 31.512, "east of Gaza City centre: eastern Shujaiya retained"),
    (34.482, 31.497, "eastern Shujaiya / Tuffah retained, centre and west handed back"),
    (34.468, 31.482, "eastern Zeitoun retained"),
    (34.450, 31.466, "the Netzarim corridor is handed back west of here"),
    (34.433, 31.450, "about 1.5 km from the fence, east of the central camps"),
    (34.416, 31.437, "east of Bureij (34.4031, 31.4394), which is handed back"),
    (34.397, 31.418, "east of Deir al-Balah"),
    (34.376, 31.398, "about 1.5 km from the fence"),
    (34.359, 31.378, "about 1.5 km from the fence, north of Khan Younis"),
    (34.347, 31.360, "turns west: eastern Khan Younis retained"),
    (34.327, 31.350, "Bani Suhaila's east retained"),
    (34.316, 31.338, "central Khan Younis (34.3063, 31.3402) handed back"),
    (34.300, 31.326, "south of Khan Younis"),
    (34.282, 31.321, "north of the Morag corridor point (34.2881, 31.3083), which is retained"),
    (34.255, 31.328, "north of Rafah: all of Rafah retained"),
    (34.232, 31.333, "coast north of Rafah's coastal edge; al-Mawasi to the north handed back"),
    (34.200, 31.345, "at sea"),
]

# The perimeter buffer: the fence-side band of the Israeli side (ACLED, AP; see SRC_BUFFER).
BUFFER_WIDTH_M = 1000.0

# The governorates' names in Arabic (the names of GOVERNORATES in build_geodata).
GOVERNORATE_NAMES_AR = {
    "Rafah": "رفح",
    "Khan Younis": "خان يونس",
    "Deir al-Balah": "دير البلح",
    "Gaza": "غزة",
    "North Gaza": "شمال غزة",
}
# The first word of a composed name ("Retained – Khan Younis"), in English and Arabic: the
# category's label (``category.<zone>`` in dashboard/ui/locales/ar.json) for one zone.
ZONE_NAME = {"retained": "Retained", "withdrawal": "Withdrawal"}
ZONE_NAME_AR = {"retained": "منطقة تحتفظ بها إسرائيل", "withdrawal": "منطقة انسحبت منها إسرائيل"}
PERIMETER_NAME = "Perimeter buffer"
PERIMETER_NAME_AR = "المنطقة العازلة المحيطة"
HOW_DRAWN = " How it was drawn: "
HOW_DRAWN_AR = " كيف رُسمت: "


def zone_name(zone: str, gov: str) -> tuple[str, str]:
    """The English and Arabic names of a piece of ``zone`` in governorate ``gov``."""
    return f"{ZONE_NAME[zone]} – {gov}", f"{ZONE_NAME_AR[zone]} – {GOVERNORATE_NAMES_AR[gov]}"


ZONE_TEXT = {
    ("retained", "North Gaza"): "Beit Hanoun, most of Beit Lahia and the eastern edge of Jabalia.",
    ("retained", "Gaza"): "Eastern edges of Gaza City: parts of Shujaiya, Tuffah and Zeitoun.",
    ("retained", "Deir al-Balah"): "A strip along the eastern fence, east of the central camps.",
    ("retained", "Khan Younis"): "Eastern Khan Younis, including Khuza'a and Bani Suhaila's east.",
    ("retained", "Rafah"): "All of Rafah governorate, with the Philadelphi and Morag corridors.",
    ("withdrawal", "North Gaza"): "Western Beit Lahia and most of Jabalia.",
    ("withdrawal", "Gaza"): "Gaza City's centre and west, and the Netzarim corridor.",
    ("withdrawal", "Deir al-Balah"): "Deir al-Balah and the central camps (Nuseirat, Bureij).",
    ("withdrawal", "Khan Younis"): "Western and central Khan Younis and al-Mawasi.",
    ("withdrawal", "Rafah"): (
        "The coastal al-Mawasi area at the northern edge of Rafah governorate (where the "
        "approximate governorate boundary meets the approximate line)."
    ),
    ("buffer", None): (
        "Perimeter zone along the fence with Israel, modelled as 1 km deep. Off limits to "
        "Palestinians under the ceasefire; the width varies on the ground and is not published."
    ),
}
ZONE_TEXT_AR = {
    ("retained", "North Gaza"): "بيت حانون ومعظم بيت لاهيا والطرف الشرقي من جباليا.",
    ("retained", "Gaza"): "الأطراف الشرقية لمدينة غزة: أجزاء من الشجاعية والتفاح والزيتون.",
    ("retained", "Deir al-Balah"): "شريط على امتداد السياج الشرقي، شرق مخيمات الوسط.",
    ("retained", "Khan Younis"): "شرق خان يونس، بما في ذلك خزاعة والجزء الشرقي من بني سهيلا.",
    ("retained", "Rafah"): "محافظة رفح كلها، مع محورَي فيلادلفيا وموراغ.",
    ("withdrawal", "North Gaza"): "غرب بيت لاهيا ومعظم جباليا.",
    ("withdrawal", "Gaza"): "وسط مدينة غزة وغربها، ومحور نتساريم.",
    ("withdrawal", "Deir al-Balah"): "دير البلح ومخيمات الوسط (النصيرات، البريج).",
    ("withdrawal", "Khan Younis"): "غرب خان يونس ووسطها، والمواصي.",
    ("withdrawal", "Rafah"): (
        "منطقة المواصي الساحلية عند الطرف الشمالي لمحافظة رفح (حيث تلتقي حدود المحافظة "
        "التقريبية بالخط التقريبي)."
    ),
    ("buffer", None): (
        "منطقة محيطة على امتداد السياج مع إسرائيل، مُمثَّلة في النموذج بعمق 1 كم. يُمنع دخول "
        "الفلسطينيين إليها بموجب وقف إطلاق النار؛ ويتفاوت عرضها على الأرض ولم يُنشر."
    ),
}


def israeli_side(line: list[tuple[float, float, str]]) -> Polygon:
    """Everything east of the hand-drawn yellow line, closed far outside the Strip."""
    pts = [(x, y) for x, y, _ in line]
    closing = [(34.20, 31.10), (34.80, 31.10), (34.80, 31.70), (34.445, 31.70)]
    poly = Polygon(pts + closing)
    assert poly.is_valid, shapely.is_valid_reason(poly)
    return poly


# ---------------------------------------------------------------------------------------------
# The versions
# ---------------------------------------------------------------------------------------------

GROUND = "ground"


@dataclass(frozen=True)
class VersionSpec:
    """A version as written in every one of its features (see ``geodata/README.md``)."""

    id: str
    valid_from: str  # ISO date: first day in force (planned: the day it was published)
    kind: str  # planned / published / reported
    track: str  # "ground" or "plan-phase-N"
    phase: str
    label: str
    as_of: str  # the date of the newest information the version rests on
    label_ar: str  # ``label`` in Arabic (the page in Arabic shows it)


PLAN_VERSIONS: tuple[VersionSpec, ...] = (
    VersionSpec(
        "2025-09-29-plan-phase-1",
        "2025-09-29",
        "planned",
        "plan-phase-1",
        "phase-1",
        "Plan, phase 1: first (yellow) line",
        "2025-10-04",
        label_ar="الخطة، المرحلة 1: الخط الأول (الأصفر)",
    ),
    VersionSpec(
        "2025-09-29-plan-phase-2",
        "2025-09-29",
        "planned",
        "plan-phase-2",
        "phase-2",
        "Plan, phase 2: second (red) line",
        "2025-09-29",
        label_ar="الخطة، المرحلة 2: الخط الثاني (الأحمر)",
    ),
    VersionSpec(
        "2025-09-29-plan-phase-3",
        "2025-09-29",
        "planned",
        "plan-phase-3",
        "phase-3",
        "Plan, phase 3: security perimeter",
        "2025-09-29",
        label_ar="الخطة، المرحلة 3: المحيط الأمني",
    ),
)

# The ground track, in order; each version is in force until the next one's valid_from.
GROUND_VERSIONS: tuple[VersionSpec, ...] = (
    VersionSpec(
        "2025-10-10-first-withdrawal",
        "2025-10-10",
        "reported",
        GROUND,
        "phase-1",
        "10 Oct 2025: first withdrawal (hand-drawn)",
        "2025-10-10",
        label_ar="10 أكتوبر 2025: الانسحاب الأول (مرسوم يدويًا)",
    ),
    VersionSpec(
        "2025-10-19-idf-map",
        "2025-10-19",
        "published",
        GROUND,
        "phase-1",
        "19 Oct 2025: the IDF's map of the yellow line",
        "2025-10-19",
        label_ar="19 أكتوبر 2025: خريطة الجيش الإسرائيلي للخط الأصفر",
    ),
    VersionSpec(
        "2025-11-20-gaza-city-jabalia",
        "2025-11-20",
        "reported",
        GROUND,
        "phase-1",
        "20 Nov 2025: moves in east Gaza City and Jabalia camp",
        "2025-11-20",
        label_ar="20 نوفمبر 2025: تحركات في شرق مدينة غزة ومخيم جباليا",
    ),
    VersionSpec(
        "2025-12-08-bani-suhaila",
        "2025-12-08",
        "reported",
        GROUND,
        "phase-1",
        "8 Dec 2025: move at the Bani Suhaila roundabout",
        "2025-12-08",
        label_ar="8 ديسمبر 2025: تحرك عند دوار بني سهيلا",
    ),
    VersionSpec(
        "2025-12-13-tuffah",
        "2025-12-13",
        "reported",
        GROUND,
        "phase-1",
        "13 Dec 2025: move in Tuffah",
        "2025-12-13",
        label_ar="13 ديسمبر 2025: تحرك في حي التفاح",
    ),
    VersionSpec(
        "2026-01-05-east-gaza-city",
        "2026-01-05",
        "reported",
        GROUND,
        "phase-1",
        "5 Jan 2026: advances in Tuffah, Shujaiya and Zeitoun",
        "2026-01-05",
        label_ar="5 يناير 2026: تقدّم في التفاح والشجاعية والزيتون",
    ),
    VersionSpec(
        "2026-03-15-orange-zone",
        "2026-03-15",
        "reported",
        GROUND,
        "phase-1",
        "Mid-March 2026: orange restricted zone",
        "2026-03-15",
        label_ar="منتصف مارس 2026: المنطقة البرتقالية المقيَّدة",
    ),
)
FIRST_WITHDRAWAL = GROUND_VERSIONS[0].id
IDF_MAP = GROUND_VERSIONS[1].id

# ---------------------------------------------------------------------------------------------
# 19 Oct 2025: the IDF's published map
# ---------------------------------------------------------------------------------------------

SRC_IDF = (
    "The yellow line on the map posted by the IDF Arabic-language spokesman on 19 Oct 2025 "
    "(x.com/AvichayAdraee/status/1979901886925864980), digitised by the Gaza Maps project "
    "(gazamaps.com/displacement/164) and distributed in the public repository mushon/nibal "
    "(map/IDF_zone_191025.geojson, commit 304b1512, 6 Nov 2025; repository licence MIT; the "
    "digitiser's own terms were not found); clipped to the geoBoundaries outline (CC BY 4.0). "
    "A third-party tracing of a published raster map, not official coordinates. "
    "See geodata/SOURCES.md."
)
IDF_TEXT = {
    "retained": (
        "The part of {gov} governorate behind the yellow line as the IDF drew it on its map of "
        "19 Oct 2025 (less the modelled perimeter buffer)."
    ),
    "withdrawal": (
        "The part of {gov} governorate west of the yellow line on the IDF's map of 19 Oct 2025: "
        "the area Israeli forces withdrew from."
    ),
}
IDF_TEXT_AR = {
    "retained": (
        "الجزء من محافظة {gov} الواقع خلف الخط الأصفر كما رسمه الجيش الإسرائيلي على خريطته "
        "المؤرخة 19 أكتوبر 2025 (من دون المنطقة العازلة المحيطة المُمثَّلة في النموذج)."
    ),
    "withdrawal": (
        "الجزء من محافظة {gov} الواقع غرب الخط الأصفر على خريطة الجيش الإسرائيلي المؤرخة "
        "19 أكتوبر 2025: المنطقة التي انسحبت منها القوات الإسرائيلية."
    ),
}
# The digitised polygon stops where the map's own border line runs; between it and the
# geoBoundaries outline lie thin strips along the fence (35-160 m wide on average, about
# 5 km² in all) that are behind the line on the IDF map. They are counted as held: of the Strip
# outside the polygon, only the largest piece (the side Israeli forces left) is not. A strip
# larger than this would not be an artefact of tracing, and stops the build.
MAX_TRACING_GAP_KM2 = 3.5
MOVED_NOTE = " Later moves of the line are separate features (drawn by hand, low confidence)."
MOVED_NOTE_AR = " التحركات اللاحقة للخط عناصر منفصلة (مرسومة يدويًا، بدرجة ثقة منخفضة)."

# ---------------------------------------------------------------------------------------------
# Reported moves after 19 Oct 2025, drawn by hand
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineMove:
    """A reported move of the line into the Palestinian side, drawn by hand.

    The line moves west by ``advance_m`` (or just far enough to run through ``through``)
    along the stretch inside the polygon ``window``: the new held area is the held side grown
    by that distance, inside the window and the Strip. Low confidence by construction.
    """

    version: str  # the version that introduces the move
    name: str
    window: tuple[tuple[float, float], ...]  # (lon, lat) vertices of the stretch that moved
    description: str
    reason: str  # why the window and the distance are what they are
    source: str
    name_ar: str  # ``name``, ``description`` and ``reason`` in Arabic
    description_ar: str
    reason_ar: str
    advance_m: float | None = None
    through: tuple[float, float] | None = None  # (lon, lat) the new line runs through


MOVES: tuple[LineMove, ...] = (
    LineMove(
        version="2025-11-20-gaza-city-jabalia",
        name="Moved 20 Nov 2025 – Shujaiya and Ash-Shaaf",
        name_ar="تحرّك الخط 20 نوفمبر 2025 – الشجاعية والشعف",
        description_ar=(
            "الشعف والنزاز وشارع بغداد في شرق مدينة غزة (الشجاعية): أُفيد بأن علامات الخط "
            "نُقلت نحو 300 م غربًا في 20 نوفمبر 2025."
        ),
        reason_ar=(
            "ذكر المكتب الإعلامي الحكومي في غزة المسافة (نحو 300 م) والأماكن؛ ويمتد نطاق الرسم "
            "على الشجاعية (ويكيبيديا: 31.5006 شمالًا، 34.4700 شرقًا) وعلى جزء الخط الواقع شمالها "
            "باتجاه التفاح، حيث يقع الشعف."
        ),
        window=((34.455, 31.494), (34.52, 31.494), (34.52, 31.518), (34.455, 31.518)),
        advance_m=300.0,
        description=(
            "Ash-Shaaf, An-Nazzaz and Baghdad Street in east Gaza City (Shujaiya): markers of "
            "the line reported moved about 300 m west on 20 Nov 2025."
        ),
        reason=(
            "The Gaza government media office gave the distance (about 300 m) and the places; "
            "the window spans Shujaiya (Wikipedia: 31.5006 N, 34.4700 E) and the stretch of "
            "the line north of it towards Tuffah, where Ash-Shaaf lies."
        ),
        source=(
            "Gaza Government Media Office, 20 Nov 2025, via The National (21 Nov 2025, "
            "thenationalnews.com, 'Hundreds of families displaced again as Israeli forces "
            "cross Gaza's yellow line') and MINA (en.minanews.net, 21 Nov 2025)."
        ),
    ),
    LineMove(
        version="2025-11-20-gaza-city-jabalia",
        name="Moved 20 Nov 2025 – Jabalia camp",
        name_ar="تحرّك الخط 20 نوفمبر 2025 – مخيم جباليا",
        description_ar=(
            "النصف الشرقي من مخيم جباليا: فرّت عائلات حين عبرت الدبابات الخط في 20 نوفمبر 2025، "
            "وأُفيد في نوفمبر 2025 بوجود «خط أصفر جديد» يمرّ بوسط المخيم (لم يُذكر التاريخ الدقيق)."
        ),
        reason_ar=(
            "رُسم بحيث يمرّ الخط بوسط المخيم (ويكيبيديا: 31.5372 شمالًا، 34.4964 شرقًا)، على امتداد "
            "المخيم (نحو 1.4 كم²، بين 31.531 و31.544 شمالًا تقريبًا)."
        ),
        window=((34.485, 31.531), (34.53, 31.531), (34.53, 31.544), (34.485, 31.544)),
        through=(34.4964, 31.5372),
        description=(
            "The eastern half of Jabalia camp: families fled as tanks crossed the line on "
            "20 Nov 2025, and a 'new yellow line' through the centre of the camp was reported "
            "in November 2025 (exact date not reported)."
        ),
        reason=(
            "Drawn so that the line runs through the centre of the camp (Wikipedia: 31.5372 N, "
            "34.4964 E), across the camp's extent (about 1.4 km², roughly 31.531-31.544 N)."
        ),
        source=(
            "The National, 21 Nov 2025 (residents of Jabalia camp, Shujaiya and Al Shaaf); "
            "report of a new yellow line in the centre of Jabalia camp, November 2025 (via "
            "pakistannewsnetwork.com); BBC Verify, 27 Nov-25 Dec 2025 (block positions moved "
            "in Jabalia)."
        ),
    ),
    LineMove(
        version="2025-12-08-bani-suhaila",
        name="Moved 8 Dec 2025 – Bani Suhaila roundabout",
        name_ar="تحرّك الخط 8 ديسمبر 2025 – دوار بني سهيلا",
        description_ar=(
            "غرب بني سهيلا، شرق خان يونس: وُضعت كتل صفراء عند دوار بني سهيلا نحو 8 ديسمبر 2025؛ "
            "ووجدت 50 عائلة نازحة في مدرسة الأونروا هناك نفسها داخل المنطقة الصفراء."
        ),
        reason_ar=(
            "رُسم بحيث يمرّ الخط بالدوار، على نحو 650 م من الخط حوله (31.3415-31.3475 شمالًا). "
            "موقعه تقدير (لم يُعثر على إحداثيات): حيث يلتقي الشارع الرئيسي لبني سهيلا بشارع صلاح "
            "الدين، على بعد نحو 0.9 كم غرب مركز بني سهيلا في GeoNames (31.3434 شمالًا، "
            "34.3234 شرقًا)."
        ),
        window=((34.300, 31.3415), (34.34, 31.3415), (34.34, 31.3475), (34.300, 31.3475)),
        through=(34.3145, 31.3445),
        description=(
            "West of Bani Suhaila, east Khan Younis: yellow blocks placed at the Bani Suhaila "
            "roundabout around 8 Dec 2025; 50 displaced families in the UNRWA school there found "
            "themselves inside the yellow zone."
        ),
        reason=(
            "Drawn so that the line runs through the roundabout, along about 650 m of the line "
            "around it (31.3415-31.3475 N). Its position is an estimate "
            "(no coordinates found): where Bani Suhaila's main road meets Salah al-Din Road, "
            "about 0.9 km west of the GeoNames centre of Bani Suhaila (31.3434 N, 34.3234 E)."
        ),
        source=(
            "alkhabar.news, 10 Dec 2025 (blocks on the Bani Suhaila roundabout 'two days ago'); "
            "Quds News Agency photographs, 9 Dec 2025 (qudsnet.com/post/565943)."
        ),
    ),
    LineMove(
        version="2025-12-13-tuffah",
        name="Moved 13 Dec 2025 – Tuffah",
        name_ar="تحرّك الخط 13 ديسمبر 2025 – التفاح",
        description_ar=(
            "شرق حي التفاح، مدينة غزة: نُقلت كتل وُضعت أولًا وراء الخط نحو 200 م أخرى غربًا بين "
            "2 و13 ديسمبر 2025."
        ),
        reason_ar=(
            "قاست رويترز نحو 200 م على صور أقمار صناعية التُقطت في 2 و13 ديسمبر؛ ووجدت BBC Verify "
            "أن كتل التفاح نُقلت نحو 295 م في المتوسط: و250 م تقع بين الرقمين. ويمتد نطاق الرسم "
            "على التفاح (ويكيبيديا: 31.5159 شمالًا، 34.4693 شرقًا) والخط شرقه."
        ),
        window=((34.465, 31.508), (34.52, 31.508), (34.52, 31.527), (34.465, 31.527)),
        advance_m=250.0,
        description=(
            "East Tuffah, Gaza City: blocks first placed beyond the line were moved about "
            "200 m further west between 2 and 13 Dec 2025."
        ),
        reason=(
            "Reuters measured about 200 m on satellite images of 2 and 13 Dec; BBC Verify found "
            "the Tuffah blocks moved by about 295 m on average: 250 m lies between the two. "
            "The window spans Tuffah (Wikipedia: 31.5159 N, 34.4693 E) and the line east of it."
        ),
        source=(
            "Reuters satellite analysis, December 2025 (via sadanews.ps, 'How Israel moved the "
            "Yellow Line deep into a devastated neighborhood in Gaza'); BBC Verify, "
            "27 Nov-25 Dec 2025 (16 block positions moved in Beit Lahia, Jabalia and Tuffah)."
        ),
    ),
    LineMove(
        version="2026-01-05-east-gaza-city",
        name="Moved 5 Jan 2026 – Tuffah, Shujaiya and Zeitoun",
        name_ar="تحرّك الخط 5 يناير 2026 – التفاح والشجاعية والزيتون",
        description_ar=(
            "شرق مدينة غزة: تقدّم في التفاح والشجاعية والزيتون باتجاه شارع صلاح الدين، أُفيد عنه "
            "في 4-5 يناير 2026."
        ),
        reason_ar=(
            "لم تُذكر أي مسافة: 250 م من رتبة التحركات المقيسة في نوفمبر وديسمبر (200-300 م)، "
            "وأقل بكثير من 940 م، وهي أقصى ما وجدته Forensic Architecture. يمتد نطاق الرسم من "
            "الزيتون (ويكيبيديا: 31.4912 شمالًا، 34.4441 شرقًا) إلى التفاح؛ وشمال 31.4985 شمالًا "
            "حدّه الغربي شارع صلاح الدين، مأخوذًا عند 34.469 شرقًا (الشارع يقسم التفاح، وقلب "
            "الشجاعية يقع شرقه مباشرة، بحسب ويكيبيديا)، فيتوقف التقدّم «باتجاه» الشارع ولا يعبره "
            "أبدًا. ومع التحركات السابقة يتسع الجانب الخاضع لإسرائيل بنحو 1.5 نقطة من مساحة "
            "القطاع منذ 19 أكتوبر؛ وقدّرت Forensic Architecture النسبة بنحو 54 % في 23 يناير 2026 "
            "(53 % في أكتوبر)، وقدّرها موقع تجميعي بـ58 % في ديسمبر."
        ),
        window=(
            (34.469, 31.527),
            (34.52, 31.527),
            (34.52, 31.484),
            (34.44, 31.484),
            (34.44, 31.4985),
            (34.469, 31.4985),
        ),
        advance_m=250.0,
        description=(
            "East Gaza City: advances in Tuffah, Shujaiya and Zeitoun towards Salah al-Din "
            "Street reported on 4-5 Jan 2026."
        ),
        reason=(
            "No distance was reported: 250 m is of the order of the moves measured in November "
            "and December (200-300 m), well under the 940 m that Forensic Architecture found at "
            "most. The window spans Zeitoun (Wikipedia: 31.4912 N, 34.4441 E) to Tuffah; north "
            "of 31.4985 N its west edge is Salah al-Din Street, taken as 34.469 E (Tuffah is "
            "divided by the street and Shujaiya's core lies just east of it, per Wikipedia), so "
            "the advance stops 'towards' the street and never crosses it. "
            "With the earlier moves the held side grows by about 1.5 points of the Strip since "
            "19 Oct; Forensic Architecture estimated about 54 % on 23 Jan 2026 (53 % in "
            "October), an aggregator 58 % in December."
        ),
        source=(
            "PressTV, 4-5 Jan 2026 (advances in Tuffah, Shujaiya and Zeitoun); Forensic "
            "Architecture via Drop Site News, 23 Jan 2026 (about 54 % held; blocks up to 940 m "
            "beyond the line)."
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# 2026: the orange restricted zone
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestrictedZone:
    """A zone beyond the line, off limits without coordination, drawn as an even band.

    Its width is chosen so that its area is ``share_pct`` of the Strip: the reports give a
    share, not a position. Categorised ``buffer`` with ``restriction`` = ``key``.
    """

    version: str
    key: str
    name: str
    share_pct: float
    description: str
    reason: str
    source: str
    name_ar: str  # ``name``, ``description`` and ``reason`` in Arabic
    description_ar: str
    reason_ar: str


RESTRICTED_ZONES: tuple[RestrictedZone, ...] = (
    RestrictedZone(
        version="2026-03-15-orange-zone",
        key="orange",
        name="Orange restricted zone",
        name_ar="المنطقة البرتقالية المقيَّدة",
        description_ar=(
            "وراء الخط الأصفر، حتى «الخط البرتقالي» على خرائط للجيش الإسرائيلي أُرسلت إلى "
            "منظمات الإغاثة في منتصف مارس 2026: منطقة مقيَّدة يجب على فرق الإغاثة تنسيق "
            "تحركاتها فيها مع الجيش. لم تُنشر: مرسومة شريطًا متساوي العرض."
        ),
        reason_ar=(
            "رويترز: نحو 11 % من مساحة القطاع وراء الخط الأصفر، ونحو الثلثين في المجموع. اختير "
            "عرض الشريط ليعطي 11 %؛ ووُصفت المنطقة في مواضع أخرى بعمق 200-500 م، فالشكل "
            "الحقيقي متفاوت."
        ),
        share_pct=11.0,
        description=(
            "Beyond the yellow line, up to the 'orange line' on IDF maps sent to aid groups in "
            "mid-March 2026: a restricted zone where aid teams must coordinate their movements "
            "with the army. Not published: drawn as a band of even width."
        ),
        reason=(
            "Reuters: about 11 % of the Strip beyond the yellow line, nearly two-thirds in all. "
            "The band's width is chosen to give 11 %; elsewhere the zone was described as "
            "200-500 m deep, so the true shape varies."
        ),
        source=(
            "Reuters, 29 Apr 2026 (via knews.media, 'Maps issued by Israel outlining an "
            "extended area of military control in the Gaza Strip'); UN spokesman Stéphane "
            "Dujarric, 1 May 2026 (via thepeninsulaqatar.com). Date approximate (mid-March)."
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# The plan's later phases
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanPhase:
    """A later phase of the plan: the phase-1 area within a band along the land borders."""

    version: str
    held_pct: float  # reported share Israel would hold
    all_buffer: bool  # True: the whole held side is the security perimeter
    description: str
    source: str
    description_ar: str  # ``description`` in Arabic (``{width:.1f}`` in km, the same)


SRC_PLAN_1 = (
    "White House map of 29 Sep 2025 (first, 'yellow' line) and Trump's more detailed 'initial "
    "withdrawal line' map of 4 Oct 2025 (Truth Social; ifi.today, The Media Line): Al Jazeera "
    "read about 55 % held on the White House map, its Sanad unit measured about 210 km² (58 %) "
    "on the 4 Oct map. Drawn as the same hand-drawn line as the 10 Oct version (the sources do "
    "not tell the planned first line from the one carried out). " + SRC_LINE
)
PLAN_PHASES: tuple[PlanPhase, ...] = (
    PlanPhase(
        version="2025-09-29-plan-phase-2",
        held_pct=37.0,
        all_buffer=False,
        description=(
            "What the plan's second withdrawal ('red' line) would leave to Israel: out of "
            "parts of Khan Younis, Rafah and Beit Lahia. Drawn as the phase-1 area within a "
            "band along the borders with Israel and Egypt, about {width:.1f} km wide."
        ),
        description_ar=(
            "ما كان الانسحاب الثاني في الخطة (الخط «الأحمر») سيترك لإسرائيل: الخروج من أجزاء "
            "من خان يونس ورفح وبيت لاهيا. رُسم على أنه مساحة المرحلة 1 داخل شريط على "
            "امتداد الحدود مع إسرائيل ومصر، بعرض نحو {width:.1f} كم."
        ),
        source=(
            "White House map of 29 Sep 2025 (second, 'red' line), as read by Al Jazeera: Israel "
            "would hold about 37 % (63 % not held; Al Jazeera Arabic video of 30 Sep 2025 and "
            "summaries at tunisiatimes.ovh and en.webangah.ir); 'about 40 %' in other media "
            "readings; The Independent (phase 2 leaves parts of Khan Younis, Rafah and Beit "
            "Lahia). Drawn by hand, band width chosen to give 37 %. Never carried out."
        ),
    ),
    PlanPhase(
        version="2025-09-29-plan-phase-3",
        held_pct=18.0,
        all_buffer=True,
        description=(
            "The plan's final security perimeter, kept 'until Gaza is properly secure': a belt "
            "along the borders with Israel and Egypt (Philadelphi corridor), drawn about "
            "{width:.1f} km wide."
        ),
        description_ar=(
            "المحيط الأمني النهائي في الخطة، الذي يبقى «حتى تصبح غزة آمنة على النحو الصحيح»: "
            "حزام على امتداد الحدود مع إسرائيل ومصر (محور فيلادلفيا)، مرسوم بعرض نحو "
            "{width:.1f} كم."
        ),
        source=(
            "White House map of 29 Sep 2025 (striped security zone): Al Jazeera, a security belt "
            "of about 18 % of the Strip; Castle Journal, 5 Oct 2025 (about 15 %); ifi.today, "
            "5 Oct 2025 (a perimeter along Gaza's borders, including the Philadelphi corridor); "
            "the plan's text ('a security perimeter presence'). Drawn by hand, band width chosen "
            "to give 18 %. Never carried out."
        ),
    ),
)
PLAN_TEXT = {
    "retained": "The part of {gov} governorate Israel would keep behind the line.",
    "withdrawal": "The part of {gov} governorate Israeli forces would leave.",
}
PLAN_TEXT_AR = {
    "retained": "الجزء من محافظة {gov} الذي كانت إسرائيل ستحتفظ به خلف الخط.",
    "withdrawal": "الجزء من محافظة {gov} الذي كانت القوات الإسرائيلية ستنسحب منه.",
}
PERIMETER_PLAN_NAME = "Security perimeter (plan)"
PERIMETER_PLAN_NAME_AR = "المحيط الأمني (الخطة)"


# ---------------------------------------------------------------------------------------------
# Construction
# ---------------------------------------------------------------------------------------------

# Pieces of a version smaller than this (m²) are slivers of the construction, not zones.
MIN_PIECE_M2 = 100.0


def _bisect(area_of: Callable[[float], float], target: float, high: float) -> float:
    """The distance (0-``high`` m) at which the increasing ``area_of`` reaches ``target``."""
    low = 0.0
    for _ in range(50):
        mid = (low + high) / 2
        if area_of(mid) < target:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def idf_held_side(outline_m: Polygon, idf_m: BaseGeometry) -> BaseGeometry:
    """The held side of the IDF's map inside the Strip, tracing gaps along the fence filled."""
    published = outline_m.intersection(idf_m)
    rest = sorted(shapely.get_parts(outline_m.difference(idf_m)), key=lambda g: -g.area)
    gaps = rest[1:]  # rest[0] is the side Israeli forces left
    assert all(g.area / 1e6 < MAX_TRACING_GAP_KM2 for g in gaps), "not a tracing gap"
    return shapely.union_all([published, *gaps])


def move_piece(held_m: BaseGeometry, outline_m: Polygon, move: LineMove) -> BaseGeometry:
    """The area a :class:`LineMove` adds to the held side (metric)."""
    window_m = metric(Polygon(move.window))
    if move.through is not None:
        distance = held_m.distance(metric(Point(move.through)))
    else:
        assert move.advance_m is not None, move.name
        distance = move.advance_m
    grown = held_m.buffer(distance).intersection(window_m).intersection(outline_m)
    piece = grown.difference(held_m)
    assert piece.area > 0, f"{move.name}: the window misses the line"
    return piece


def restricted_band(held_m: BaseGeometry, outline_m: Polygon, zone: RestrictedZone):
    """The band beyond the held side whose area is ``zone.share_pct`` of the Strip."""
    target = outline_m.area * zone.share_pct / 100

    def area(width: float) -> float:
        return held_m.buffer(width).intersection(outline_m).difference(held_m).area

    width = _bisect(area, target, 5000.0)
    band = held_m.buffer(width).intersection(outline_m).difference(held_m)
    return band, width


def border_band(outline: Polygon, held_m: BaseGeometry, pct: float) -> tuple[BaseGeometry, float]:
    """The part of ``held_m`` within a band along the land borders, sized to ``pct`` %."""
    outline_m = metric(outline)
    border_m = metric(land_border(outline))
    target = outline_m.area * pct / 100

    def area(width: float) -> float:
        return held_m.intersection(border_m.buffer(width, cap_style="flat")).area

    width = _bisect(area, target, 15000.0)
    return held_m.intersection(border_m.buffer(width, cap_style="flat")), width


@dataclass
class Piece:
    """One feature of a version before it is written: metric geometry and properties."""

    geom: BaseGeometry
    props: dict


def _split(geom_m, govs: list[tuple[str, BaseGeometry]]) -> list[tuple[str, BaseGeometry]]:
    parts = [(name, geom_m.intersection(gov)) for name, gov in govs]
    return [(name, part) for name, part in parts if part.area >= MIN_PIECE_M2]


def _main_governorate(geom_m, govs: list[tuple[str, BaseGeometry]]) -> str:
    return max(govs, key=lambda item: geom_m.intersection(item[1]).area)[0]


def version_props(spec: VersionSpec, valid_to: str | None) -> dict:
    """The version properties shared by every feature of ``spec``."""
    return {
        "version": spec.id,
        "valid_from": spec.valid_from,
        "valid_to": valid_to,
        "kind": spec.kind,
        "track": spec.track,
        "label": spec.label,
        "label_ar": spec.label_ar,
    }


def first_withdrawal(outline: Polygon, govs: list[tuple[str, BaseGeometry]]) -> list[Piece]:
    """The 10 Oct 2025 pieces from the hand-drawn line (unchanged since the first release)."""
    outline_m = metric(outline)
    fence_m = metric(fence_line(outline))
    side_m = metric(israeli_side(YELLOW_LINE))
    israel_m = outline_m.intersection(side_m)
    buffer_m = israel_m.intersection(fence_m.buffer(BUFFER_WIDTH_M, cap_style="flat"))
    retained_m = israel_m.difference(buffer_m)
    withdrawal_m = outline_m.difference(side_m)
    pieces = []
    for zone, whole in (("retained", retained_m), ("withdrawal", withdrawal_m)):
        for name, gov in govs:
            part = whole.intersection(gov)
            if part.is_empty:
                continue
            english, arabic = zone_name(zone, name)
            props = {
                "zone": zone,
                "name": english,
                "name_ar": arabic,
                "phase": "phase-1",
                "governorate": name,
                "governorate_ar": GOVERNORATE_NAMES_AR[name],
                "description": ZONE_TEXT[(zone, name)],
                "description_ar": ZONE_TEXT_AR[(zone, name)],
                "source": SRC_LINE,
                "as_of": "2025-10-10",
                "confidence": "low",
            }
            pieces.append(Piece(part, props))
    pieces.append(
        Piece(
            buffer_m,
            {
                "zone": "buffer",
                "name": PERIMETER_NAME,
                "name_ar": PERIMETER_NAME_AR,
                "phase": "phase-1",
                "governorate": None,
                "governorate_ar": None,
                "description": ZONE_TEXT[("buffer", None)],
                "description_ar": ZONE_TEXT_AR[("buffer", None)],
                "source": SRC_BUFFER,
                "as_of": "2025-10-10",
                "confidence": "low",
            },
        )
    )
    return pieces


def _zone_props(
    zone: str,
    name: tuple[str, str],
    gov: str | None,
    text: tuple[str, str],
    source: str,
    confidence: str,
    restriction: str | None = None,
) -> dict:
    """Properties of one piece, its ``name`` and ``text`` given in English and Arabic;
    ``restriction`` defaults to ``perimeter`` for a buffer."""
    return {
        "zone": zone,
        "name": name[0],
        "name_ar": name[1],
        "governorate": gov,
        "governorate_ar": GOVERNORATE_NAMES_AR[gov] if gov else None,
        "restriction": restriction or ("perimeter" if zone == "buffer" else None),
        "description": text[0],
        "description_ar": text[1],
        "source": source,
        "confidence": confidence,
    }


def _perimeter_props(source: str) -> dict:
    """The perimeter buffer's properties (the same in every version but plan phase 3)."""
    names, texts = (
        (PERIMETER_NAME, PERIMETER_NAME_AR),
        (ZONE_TEXT[("buffer", None)], ZONE_TEXT_AR[("buffer", None)]),
    )
    return _zone_props("buffer", names, None, texts, source, "low")


def _drawn(description: str, reason: str, description_ar: str, reason_ar: str) -> tuple[str, str]:
    """A hand-drawn piece's text: what was reported, then how it was drawn."""
    return f"{description}{HOW_DRAWN}{reason}", f"{description_ar}{HOW_DRAWN_AR}{reason_ar}"


def _perimeter(held_m, fence_m) -> BaseGeometry:
    return held_m.intersection(fence_m.buffer(BUFFER_WIDTH_M, cap_style="flat"))


def plan_phase(
    outline: Polygon, govs: list[tuple[str, BaseGeometry]], phase1_held_m, phase: PlanPhase
) -> tuple[list[Piece], float]:
    """The pieces of a later plan phase, and the band width used (m)."""
    outline_m = metric(outline)
    fence_m = metric(fence_line(outline))
    held_m, width = border_band(outline, phase1_held_m, phase.held_pct)
    text = phase.description.format(width=width / 1000)
    text_ar = phase.description_ar.format(width=width / 1000)

    def plan_text(zone: str, gov: str) -> tuple[str, str]:
        gov_ar = GOVERNORATE_NAMES_AR[gov]
        return (
            f"{PLAN_TEXT[zone].format(gov=gov)} {text}",
            f"{PLAN_TEXT_AR[zone].format(gov=gov_ar)} {text_ar}",
        )

    pieces: list[Piece] = []
    if phase.all_buffer:
        perimeter = held_m
    else:
        perimeter = _perimeter(held_m, fence_m)
        for gov, part in _split(held_m.difference(perimeter), govs):
            props = _zone_props(
                "retained",
                zone_name("retained", gov),
                gov,
                plan_text("retained", gov),
                phase.source,
                "low",
            )
            pieces.append(Piece(part, props))
    for gov, part in _split(outline_m.difference(held_m), govs):
        props = _zone_props(
            "withdrawal",
            zone_name("withdrawal", gov),
            gov,
            plan_text("withdrawal", gov),
            phase.source,
            "low",
        )
        pieces.append(Piece(part, props))
    if phase.all_buffer:
        names = (PERIMETER_PLAN_NAME, PERIMETER_PLAN_NAME_AR)
        props = _zone_props("buffer", names, None, (text, text_ar), phase.source, "low")
    else:
        props = _perimeter_props(f"{phase.source} Perimeter: {SRC_BUFFER}")
    pieces.append(Piece(perimeter, props))
    return pieces, width


@dataclass
class GroundState:
    """What a ground version after 19 Oct 2025 is built from."""

    base_m: BaseGeometry  # the IDF's held side inside the Strip
    moves: list[tuple[LineMove, BaseGeometry]]  # pieces added since, in order
    restricted: list[tuple[RestrictedZone, BaseGeometry]]

    @property
    def held_m(self) -> BaseGeometry:
        return shapely.union_all([self.base_m, *(piece for _, piece in self.moves)])


def ground_pieces(
    outline: Polygon, govs: list[tuple[str, BaseGeometry]], state: GroundState
) -> list[Piece]:
    """The pieces of a ground version built on the IDF's map (19 Oct 2025 and later)."""
    outline_m = metric(outline)
    fence_m = metric(fence_line(outline))
    held_m = state.held_m
    perimeter = _perimeter(held_m, fence_m)
    note, note_ar = (MOVED_NOTE, MOVED_NOTE_AR) if state.moves else ("", "")

    def idf_text(zone: str, gov: str) -> tuple[str, str]:
        gov_ar = GOVERNORATE_NAMES_AR[gov]
        return IDF_TEXT[zone].format(gov=gov) + note, IDF_TEXT_AR[zone].format(gov=gov_ar) + note_ar

    pieces: list[Piece] = []
    for gov, part in _split(state.base_m.difference(perimeter), govs):
        text = idf_text("retained", gov)
        props = _zone_props("retained", zone_name("retained", gov), gov, text, SRC_IDF, "medium")
        pieces.append(Piece(part, props))
    taken = state.base_m
    for move, piece in state.moves:
        part = piece.difference(perimeter).difference(taken)
        taken = taken.union(piece)
        if part.area < MIN_PIECE_M2:
            continue
        text = _drawn(move.description, move.reason, move.description_ar, move.reason_ar)
        gov = _main_governorate(part, govs)
        names = (move.name, move.name_ar)
        props = _zone_props("retained", names, gov, text, move.source, "low")
        pieces.append(Piece(part, props))
    off_limits = shapely.union_all([held_m, *(band for _, band in state.restricted)])
    for gov, part in _split(outline_m.difference(off_limits), govs):
        text = idf_text("withdrawal", gov)
        names = zone_name("withdrawal", gov)
        props = _zone_props("withdrawal", names, gov, text, SRC_IDF, "medium")
        pieces.append(Piece(part, props))
    pieces.append(Piece(perimeter, _perimeter_props(SRC_BUFFER)))
    for zone, band in state.restricted:
        text = _drawn(zone.description, zone.reason, zone.description_ar, zone.reason_ar)
        names = (zone.name, zone.name_ar)
        props = _zone_props("buffer", names, None, text, zone.source, "low", zone.key)
        pieces.append(Piece(band, props))
    return pieces
