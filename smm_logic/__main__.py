"""``python -m smm_logic`` → the command line."""

import sys

from smm_logic.report.worker import fork_workers_while_single_threaded

# A command parses a file or a few and exits: its parse workers are forked from it rather
# than from a forkserver that would import the engine a second time. A command that reads
# a report has its worker forked first thing: it imports the engine (and this command
# line, whose ``score`` it runs) while this process parses its arguments, and reads the
# files itself.
_ENGINE = ("smm_logic.report.ingest", "smm_logic.kpis.cube", "smm_logic.cli")
_READS_A_REPORT = sys.argv[1:2] == ["score"] or "--report" in sys.argv[2:]
fork_workers_while_single_threaded(warm=_ENGINE if _READS_A_REPORT else ())

from smm_logic.cli import main  # noqa: E402  (after the fork: the worker imports it itself)

sys.exit(main())
