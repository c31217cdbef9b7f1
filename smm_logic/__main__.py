"""``python -m smm_logic`` → the command line."""

import sys

from smm_logic.cli import main
from smm_logic.report.worker import fork_workers_while_single_threaded

# A command parses a file or a few and exits: its parse workers are forked from it,
# with the engine already imported, rather than from a forkserver that imports it again.
fork_workers_while_single_threaded()
sys.exit(main())
