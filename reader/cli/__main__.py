"""`python -m reader.cli`: the same entry point as `bulletin-reader`."""

import sys

from reader.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
