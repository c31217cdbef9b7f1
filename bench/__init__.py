"""The performance benchmark of the report engine (``make bench`` = ``python -m bench.run``).

Modules: ``generate`` builds the synthetic exports, ``cases`` holds the three measured
workloads, ``run`` times them and checks the goals, ``memory`` is the child process that
measures peak memory, ``hotspots`` profiles the full ingest. See ``bench/README.md``.
"""
