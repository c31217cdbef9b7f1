"""Checks the loaders of ``smm_logic/data`` share: every rejection names the file, the
record and the field, so that a wrong edit to a data file is found where it was made."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from smm_logic.text import LANGUAGES, Text


class DataFileError(ValueError):
    """A data file is invalid; the message says which file, record and field, and why."""


@dataclass(frozen=True)
class Place:
    """A record of a data file, to name in a rejection: ``metrics.toml: metric «reach»``."""

    file: str
    record: str

    def fail(self, problem: str) -> DataFileError:
        return DataFileError(f"{self.file}: {self.record}: {problem}")


def records(data: Mapping[str, Any], table: str, file: str) -> list[Mapping[str, Any]]:
    """The ``[[table]]`` records of a file: a non-empty list of tables."""
    found = data.get(table)
    if not isinstance(found, list) or not found:
        raise Place(file, f"[[{table}]]").fail("no records")
    for number, record in enumerate(found, start=1):
        if not isinstance(record, Mapping):
            raise Place(file, f"{table} #{number}").fail("must be a table")
    return found


def table(data: Mapping[str, Any], name: str, file: str) -> Mapping[str, Any]:
    """The ``[name]`` table of a file."""
    found = data.get(name)
    if not isinstance(found, Mapping):
        raise Place(file, f"[{name}]").fail("the table is missing")
    return found


def only_fields(record: Mapping[str, Any], allowed: Collection[str], place: Place) -> None:
    """Reject a field the loader does not know (a typo would otherwise be ignored)."""
    unknown = sorted(set(record) - set(allowed))
    if unknown:
        raise place.fail(f"unknown field {', '.join(unknown)}")


def identifier(record: Mapping[str, Any], key: str, place: Place) -> str:
    value = record.get(key)
    if not isinstance(value, str) or not value.isidentifier() or value != value.lower():
        raise place.fail(f"{key} must be a lower-case identifier")
    return value


def choice(record: Mapping[str, Any], key: str, options: Collection[str], place: Place) -> str:
    value = record.get(key)
    if value not in options:
        raise place.fail(f"{key} must be one of {', '.join(sorted(options))}")
    return str(value)


def texts(record: Mapping[str, Any], name: str, place: Place) -> Text:
    """``{name}_ru`` and ``{name}_en``, both present and not blank."""
    for lang in LANGUAGES:
        value = record.get(f"{name}_{lang}")
        if not isinstance(value, str) or not value.strip():
            raise place.fail(f"the translation {name}_{lang} is missing")
    return Text.of(record, name)


def strings(
    value: object, place: Place, what: str, *, allow_blank: bool = False, lower: bool = False
) -> tuple[str, ...]:
    """A non-empty list of distinct strings (blank ones only with ``allow_blank``; lower
    case only with ``lower``, for spellings matched against lower-cased text)."""
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise place.fail(f"{what} must be a non-empty list of texts")
    seen: set[str] = set()
    for item in value:
        if not item.strip() and not allow_blank:
            raise place.fail(f"{what}: a blank entry")
        if lower and item != item.lower():
            raise place.fail(f"{what}: «{item}» must be written in lower case")
        if item in seen:
            raise place.fail(f"{what}: «{item}» is listed twice")
        seen.add(item)
    return tuple(value)


def number(
    value: object, place: Place, what: str, *, low: float | None = None, high: float | None = None
) -> float:
    """A finite number within [low, high] (either bound may be open)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise place.fail(f"{what} must be a number")
    if (low is not None and value < low) or (high is not None and value > high):
        raise place.fail(f"{what} = {value} is outside [{low}, {high}]")
    return float(value)


def number_table(
    value: object, place: Place, *, low: float, high: float | None = None, lower: bool = True
) -> dict[str, float]:
    """A table of spellings (lower case with ``lower``) to numbers within [low, high]."""
    if not isinstance(value, Mapping) or not value:
        raise place.fail("must be a non-empty table of spellings and numbers")
    found: dict[str, float] = {}
    for key, item in value.items():
        if not key.strip() or (lower and key != key.lower()):
            raise place.fail(f"«{key}» must be a non-blank spelling in lower case")
        found[key] = number(item, place, f"«{key}»", low=low, high=high)
    return found


def ids_known(values: Sequence[str], known: Collection[str], place: Place, what: str) -> None:
    for value in values:
        if value not in known:
            raise place.fail(f"unknown {what} «{value}»")
