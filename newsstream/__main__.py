"""``python -m newsstream ...`` is ``newsstream ...``."""

import sys

from newsstream.cli import main

sys.exit(main())
