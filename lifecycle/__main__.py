"""``python -m lifecycle analyze FILE [options]``."""

import sys

from .cli import main

sys.exit(main())
