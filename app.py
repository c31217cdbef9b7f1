"""SMM Scorecard — the entry point: the shared frame, then the chosen page. Nothing else."""

from shell.frame import draw_frame

draw_frame().run()
