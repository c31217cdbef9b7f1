"""Small makers for the storage tests."""

from __future__ import annotations

import hashlib
from datetime import date

from smm_logic.storage import ReportToSave


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_report(
    name: str = "bakery.xlsx",
    data: bytes = b"PK\x03\x04 a workbook",
    kpis: dict[str, object] | None = None,
    period: tuple[date, date] | None = (date(2026, 1, 1), date(2026, 3, 31)),
) -> ReportToSave:
    """A report as the Numbers page would save it: one uploaded file."""
    return ReportToSave(
        name=name,
        source={"kind": "file", "name": name, "digest": digest(data)},
        files={digest(data): data},
        profile="vk_stats",
        period=period,
        overrides={"reach": "Охват", "likes": None},
        kpis=kpis if kpis is not None else {"overall": {"er": 4.2, "err": None}},
    )
