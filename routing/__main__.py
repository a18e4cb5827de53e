"""``python -m routing plan …`` (the benchmark is ``python -m routing.bench``)."""

import sys

from routing.cli import main

sys.exit(main())
