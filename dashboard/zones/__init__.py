"""Zones: the zone contract and what is computed from zones.

Where zones are validated (:mod:`.contract`), how a file's values map to the three
categories (:mod:`.mapping`), areas in a metric CRS (:mod:`.areas`), the comparison of
two zone files (:mod:`.compare`) and the dated versions of the zones (:mod:`.series`).
Nothing here reads files or draws maps.
"""
