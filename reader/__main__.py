"""`python -m reader` runs the same entry point as `bulletin-reader`."""

import sys

from reader.cli import main

sys.exit(main())
