"""Intake: everything that comes in, read and checked before the rest of the app sees it.

User files (uploads, drop-ins, the command line) are read by :mod:`.user_files`, which
checks formats, archives, limits, CRS, region and repairs through the modules beside it.
The bundled data, with the one registry of its file names, is read by :mod:`.bundled`,
and the timeline of events, people and places by :mod:`.timeline_data`.
"""
