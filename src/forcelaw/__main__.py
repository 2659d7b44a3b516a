"""`python -m forcelaw`: the command line, as the `forcelaw` console script runs it."""

from __future__ import annotations

import sys

from forcelaw.cli import main

if __name__ == "__main__":
    sys.exit(main())
