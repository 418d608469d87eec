"""`python -m reader` runs the same entry point as `bulletin-reader` (and is the frozen app's script)."""

import multiprocessing
import sys

from reader.cli import main

if __name__ == "__main__":
    # A large import prepares posts in worker processes; in the frozen app a worker is this very
    # executable, and freeze_support turns it into the worker instead of a second app.
    multiprocessing.freeze_support()
    sys.exit(main())
