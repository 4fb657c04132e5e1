"""``python -m consumer ...`` is ``newsstream consume ...``."""

import sys

from newsstream.cli import main

if __name__ == "__main__":
    sys.exit(main(["consume", *sys.argv[1:]]))
