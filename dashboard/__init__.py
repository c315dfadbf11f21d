"""Gaza Ceasefire Map: an offline-capable dashboard of the reported October 2025 zones.

The package is split into a Streamlit-free core (reading, validating, measuring
and mapping geodata) and a thin page layer (``dashboard/app.py`` and
``dashboard/ui/``) that lays out widgets and calls the core.
"""

__version__ = "0.1.0"
