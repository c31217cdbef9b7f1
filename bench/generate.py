"""Deterministic synthetic report workbooks for the benchmark, cached in ``bench/out/``.

The workbook looks like a real agency export so the benchmark exercises the same code
paths real files do: a title row above the header, real (Excel serial) publish times,
platform and account columns, 12 canonical metric columns in which about 12 % of the
cells are text the way exports write them ("1 234", "12,5", "—", "1 200 ₽", "n/a"),
about 1 % empty cells, and an "Итого" total row at the bottom.

Usage::

    .venv/bin/python -m bench.generate 10000 50000   # prints the cached paths
"""

from __future__ import annotations

import argparse
import json
import os
import random
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent / "out"
# Part of the cache key: bump it whenever the generated content changes.
GENERATOR_VERSION = 1
SHEET = "Отчёт"
TITLE = "Сводный отчёт SMM-агентства по аккаунтам клиентов, 2025 год"
SUBTITLE = "Выгрузка из кабинетов VK, Telegram, Instagram и Одноклассников"
HEADER = (
    "Дата публикации",
    "Платформа",
    "Аккаунт",
    "Подписчики",
    "Новые подписчики",
    "Публикации",
    "Охват",
    "Просмотры",
    "Лайки",
    "Комментарии",
    "Репосты",
    "Клики",
    "Расход",
    "Лиды",
    "Время ответа, мин",
)
METRIC_COLUMNS = len(HEADER) - 3
PLATFORMS = ("VK", "Telegram", "Instagram", "Одноклассники")
ACCOUNTS_PER_PLATFORM = 3
START = datetime(2025, 1, 1, 8, 0)
DAYS = 365
# Share of metric cells written as text, and as empty cells (kpi-spec §2 inputs).
TEXT_SHARE = 0.12
EMPTY_SHARE = 0.01

Cell = object
# How a metric value of one kind may be written as text by an export.
TextForm = Callable[[float, random.Random], str]


def _grouped(value: float, sep: str = " ") -> str:
    """1234567 → "1 234 567" (space or no-break space thousands separator)."""
    return f"{round(value):,}".replace(",", sep)


def _comma_decimal(value: float) -> str:
    """12.5 → "12,5": the Russian decimal comma, never with exactly three decimals."""
    return f"{value:.1f}".replace(".", ",")


# Several forms per kind; the missing markers appear in every kind because exports put
# them in any column. Forms are chosen uniformly, so roughly a quarter are markers.
_COUNT_FORMS: tuple[TextForm, ...] = (
    lambda v, _: _grouped(v),
    lambda v, _: _grouped(v, "\u00a0"),
    lambda v, _: str(round(v)),
    lambda _v, r: r.choice(("—", "-")),
    lambda _v, r: r.choice(("n/a", "н/д")),
)
_MONEY_FORMS: tuple[TextForm, ...] = (
    lambda v, _: f"{_grouped(v)} ₽",
    lambda v, _: _comma_decimal(v),
    lambda v, _: f"{_grouped(v // 1)},{round(v * 100) % 100:02d}",
    lambda _v, r: r.choice(("—", "n/a")),
)
_MINUTES_FORMS: tuple[TextForm, ...] = (
    lambda v, _: _comma_decimal(v),
    lambda v, _: str(round(v)),
    lambda _v, r: r.choice(("—", "n/a")),
)
# One entry per metric column, in HEADER order.
_FORMS: tuple[tuple[TextForm, ...], ...] = (
    *(_COUNT_FORMS,) * 9,  # Подписчики … Клики
    _MONEY_FORMS,  # Расход
    _COUNT_FORMS,  # Лиды
    _MINUTES_FORMS,  # Время ответа, мин
)


@dataclass(frozen=True)
class Generated:
    """A cached workbook and what is in it (to check the text share is realistic)."""

    path: Path
    rows: int
    metric_cells: int
    text_cells: int
    empty_cells: int

    @property
    def text_share(self) -> float:
        return self.text_cells / self.metric_cells

    @property
    def empty_share(self) -> float:
        return self.empty_cells / self.metric_cells

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()


@dataclass
class _Account:
    platform: str
    name: str
    followers: float
    scale: float  # audience size drives every other metric


def _accounts(rng: random.Random) -> list[_Account]:
    accounts: list[_Account] = []
    for platform in PLATFORMS:
        for number in range(1, ACCOUNTS_PER_PLATFORM + 1):
            followers = float(rng.randint(2_000, 400_000))
            name = f"{platform.lower()}_client_{number:02d}"
            accounts.append(_Account(platform, name, followers, followers / 100))
    return accounts


def _metric_values(account: _Account, rng: random.Random) -> list[float]:
    """One post's 12 metric values, in HEADER order, roughly consistent with each other."""
    new = float(rng.randint(0, max(1, int(account.scale / 4))))
    account.followers += new - rng.randint(0, int(new) + 1)
    reach = account.scale * rng.uniform(2, 40)
    views = reach * rng.uniform(1.1, 3.0)
    likes = reach * rng.uniform(0.01, 0.08)
    comments = likes * rng.uniform(0.02, 0.2)
    shares = likes * rng.uniform(0.01, 0.1)
    clicks = reach * rng.uniform(0.002, 0.02)
    spend = 0.0 if rng.random() < 0.6 else round(rng.uniform(300, 25_000), 2)
    leads = clicks * rng.uniform(0.01, 0.1)
    minutes = round(rng.uniform(1, 240), 1)
    counts = [account.followers, new, float(rng.randint(1, 3)), reach, views, likes, comments]
    return [
        *(float(round(v)) for v in (*counts, shares, clicks)),
        spend,
        float(round(leads)),
        minutes,
    ]


def _rows(rows: int, rng: random.Random, tally: dict[str, int]) -> Iterator[list[Cell]]:
    """Data rows sorted by publish time, accounts interleaved as in a combined export."""
    accounts = _accounts(rng)
    step = DAYS * 86_400 / rows  # seconds between consecutive posts on average
    totals = [0.0] * METRIC_COLUMNS
    for index in range(rows):
        # Whole minutes, like the exports; sorted because the offset only grows.
        published = START + timedelta(minutes=int(index * step / 60))
        account = rng.choice(accounts)
        cells: list[Cell] = [published, account.platform, account.name]
        for column, value in enumerate(_metric_values(account, rng)):
            totals[column] += value
            draw = rng.random()
            if draw < EMPTY_SHARE:
                cells.append(None)
                tally["empty"] += 1
            elif draw < EMPTY_SHARE + TEXT_SHARE:
                cells.append(rng.choice(_FORMS[column])(value, rng))
                tally["text"] += 1
            else:
                # Counts are whole numbers in real exports; write them as int cells.
                cells.append(value if column in (9, 11) else int(value))
        yield cells
    yield ["Итого", None, None, *(round(total, 2) for total in totals)]


def _paths(rows: int) -> tuple[Path, Path]:
    stem = f"report_{rows}_v{GENERATOR_VERSION}"
    return OUT_DIR / f"{stem}.xlsx", OUT_DIR / f"{stem}.json"


def _write(rows: int, path: Path) -> dict[str, int]:
    # Imported here: openpyxl is only needed when the cache is cold.
    from openpyxl import Workbook

    rng = random.Random(f"smm-bench-{rows}")  # seeded by the size: same rows every run
    tally = {"text": 0, "empty": 0}
    # write_only streams rows to disk: 200k rows would need gigabytes in normal mode.
    workbook = Workbook(write_only=True)
    workbook.properties.created = START  # fixed metadata, so the content is reproducible
    sheet = workbook.create_sheet(SHEET)
    sheet.append([TITLE])
    sheet.append([SUBTITLE])
    sheet.append(list(HEADER))
    for row in _rows(rows, rng, tally):
        sheet.append(row)
    tmp = path.with_suffix(".tmp")
    workbook.save(tmp)
    # Atomic: an interrupted run never leaves a truncated file under the cached name.
    tmp.replace(path)
    return tally


def generate(rows: int, *, force: bool = False) -> Generated:
    """The workbook with ``rows`` data rows, written once and then read from the cache."""
    path, meta_path = _paths(rows)
    if force or not (path.exists() and meta_path.exists()):
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        tally = _write(rows, path)
        meta = {"rows": rows, "text_cells": tally["text"], "empty_cells": tally["empty"]}
        meta_path.write_text(json.dumps(meta), encoding="utf-8")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    return Generated(
        path=path,
        rows=rows,
        metric_cells=rows * METRIC_COLUMNS,
        text_cells=meta["text_cells"],
        empty_cells=meta["empty_cells"],
    )


def _csv_cell(cell: Cell) -> str:
    """A cell the way a Russian CSV export writes it: decimal commas, day-first dates."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.strftime("%d.%m.%Y %H:%M")
    if isinstance(cell, float):
        return repr(cell).replace(".", ",")
    return str(cell)


def generate_csv(rows: int, *, force: bool = False) -> Path:
    """The same report as ``generate(rows)``, as a ``;``-separated UTF-8 CSV with decimal
    commas and day-first dates (the text cells as in the workbook)."""
    path = OUT_DIR / f"report_{rows}_v{GENERATOR_VERSION}.csv"
    if force or not path.exists():
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        rng = random.Random(f"smm-bench-{rows}")
        tally = {"text": 0, "empty": 0}
        lines = [TITLE, SUBTITLE, ";".join(HEADER)]
        lines += (";".join(map(_csv_cell, row)) for row in _rows(rows, rng, tally))
        tmp = path.with_suffix(".tmp")
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        tmp.replace(path)
    return path


MANY_ACCOUNTS_HEADER = ("Дата", "Платформа", "Аккаунт", "Подписчики", "Охват", "Лайки")


def generate_many_accounts(accounts: int = 50_000, *, force: bool = False) -> Path:
    """An agency's roll-up: ``accounts`` accounts, one monthly row each, in one workbook
    (about 1.5 MB at 50,000): the per-account work is what it measures."""
    path = OUT_DIR / f"accounts_{accounts}_v{GENERATOR_VERSION}.xlsx"
    if force or not path.exists():
        from openpyxl import Workbook

        OUT_DIR.mkdir(parents=True, exist_ok=True)
        rng = random.Random(f"smm-accounts-{accounts}")
        workbook = Workbook(write_only=True)
        workbook.properties.created = START
        sheet = workbook.create_sheet(SHEET)
        sheet.append(list(MANY_ACCOUNTS_HEADER))
        for number in range(accounts):
            followers = rng.randint(100, 200_000)
            reach = int(followers * rng.uniform(0.05, 0.6))
            likes = int(reach * rng.uniform(0.01, 0.08))
            platform = PLATFORMS[number % len(PLATFORMS)]
            sheet.append([START, platform, f"client_{number:05d}", followers, reach, likes])
        tmp = path.with_suffix(".tmp")
        workbook.save(tmp)
        tmp.replace(path)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", type=int, nargs="+", help="data rows per workbook")
    parser.add_argument("--force", action="store_true", help="rewrite even when cached")
    args = parser.parse_args(argv)
    for rows in args.rows:
        made = generate(rows, force=args.force)
        info = asdict(made) | {"text_share": round(made.text_share, 4)}
        print(json.dumps(info, default=os.fspath, ensure_ascii=False))


if __name__ == "__main__":
    main()
