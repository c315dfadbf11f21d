"""``python -m dashboard validate|distance|zones ...``: see :mod:`dashboard.cli`."""

import sys

from dashboard.cli import main

sys.exit(main())
