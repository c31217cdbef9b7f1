"""The performance benchmark of the report engine (``make bench`` = ``python -m bench.run``).

Modules: ``generate`` builds the synthetic exports; ``run`` times whole processes
(``processes``) and judges the goals; ``imports`` lists the modules a command loads;
``memory`` is the child process that measures the engine's peak memory; ``cases`` holds
the in-process workloads that ``inprocess`` times and ``hotspots`` profiles. See
``bench/README.md``.
"""
