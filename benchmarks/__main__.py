"""Allow `python -m benchmarks` (see `benchmarks/suite.py`)."""

import sys

from benchmarks.suite import main

sys.exit(main())
