"""``python -m dashboard validate FILE...``: see :mod:`dashboard.cli`."""

import sys

from dashboard.cli import main

sys.exit(main())
