"""Profile the full ingest (case c) with cProfile and list where its time goes.

Usage::

    .venv/bin/python -m bench.hotspots --rows 50000 [--top 15]

Two lists: functions by own time (what to optimise) and ``smm_logic`` functions by
cumulative time (which step is expensive). Shares are of the whole profiled call.
cProfile adds a fixed cost per Python call, so functions called once per cell look
heavier than they are; a sampling profiler (pyinstrument) gives truer shares.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
from pathlib import Path

from bench.cases import full_ingest
from bench.generate import generate

# pstats keys functions by (file, line, name).
FunctionKey = tuple[str, int, str]


def _label(key: FunctionKey) -> str:
    file, line, name = key
    path = Path(file)
    if "smm_logic" in path.parts:
        return f"smm_logic/{path.name}:{line} {name}"
    if file == "~":  # a builtin or C function: pstats has no file for those
        return name
    return f"{path.parent.name}/{path.name}:{line} {name}"


def profile(rows: int) -> pstats.Stats:
    data = generate(rows).read_bytes()
    full_ingest(generate(200).read_bytes())  # warm: imports and catalogs are not the workload
    profiler = cProfile.Profile()
    profiler.enable()
    full_ingest(data)
    profiler.disable()
    return pstats.Stats(profiler)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    stats = profile(args.rows)
    # pstats exposes its table only through these untyped attributes.
    table: dict[FunctionKey, tuple[int, int, float, float, object]] = stats.stats  # type: ignore[attr-defined]
    total: float = stats.total_tt  # type: ignore[attr-defined]
    print(f"cProfile of (c) at {args.rows} rows: {total:.2f} s in total\n")
    print("Own time (tottime):")
    by_own = sorted(table.items(), key=lambda item: item[1][2], reverse=True)
    for key, (_, calls, own, _cum, _) in by_own[: args.top]:
        print(f"  {own / total:6.1%}  {own:6.2f} s  {calls:>9} calls  {_label(key)}")
    print("\nsmm_logic by cumulative time (cumtime):")
    ours = [item for item in table.items() if "smm_logic" in Path(item[0][0]).parts]
    by_cum = sorted(ours, key=lambda item: item[1][3], reverse=True)
    for key, (_, calls, _own, cum, _) in by_cum[: args.top]:
        print(f"  {cum / total:6.1%}  {cum:6.2f} s  {calls:>9} calls  {_label(key)}")


if __name__ == "__main__":
    main()
