"""``python -m smm_logic`` → the command line."""

import sys

from smm_logic.cli import main

sys.exit(main())
