"""``python -m producer ...`` is ``newsstream produce ...``."""

import sys

from newsstream.cli import main

if __name__ == "__main__":
    sys.exit(main(["produce", *sys.argv[1:]]))
