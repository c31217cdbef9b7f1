"""Source profiles (``data/profiles.toml``): an export family recognised by its headers,
and what its ambiguous headers mean there (kpi-spec §4)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from smm_logic.datafile import Place, identifier, only_fields, records, strings, texts
from smm_logic.errors import ReportFormatError
from smm_logic.report.headers import HeaderMatch, header_unit, metrics, normalize
from smm_logic.text import Message, Text, load_data_file

PROFILES_FILE = "profiles.toml"
# Passed as ``profile=`` to read a report with whichever profile its headers show.
AUTO = "auto"
_FIELDS = ("id", "name_ru", "name_en", "platform", "identify", "read", "unused")
UNUSED_REASONS = ("rate", "dislikes", "not_metric")


@dataclass(frozen=True)
class Profile:
    """One export family: how to recognise it and how it reads its headers."""

    id: str
    name: Text
    platform: str | None
    # each set of normalised headers identifies the export on its own
    identify: tuple[frozenset[str], ...]
    # normalised header → metric id
    read: Mapping[str, str]
    # normalised header → reason ("rate", "dislikes", "not_metric")
    unused: Mapping[str, str]

    def matches(self, headers: frozenset[str]) -> bool:
        return any(needed <= headers for needed in self.identify)

    def decide(self, header: str) -> HeaderMatch | None:
        """What this export's header means, or None to leave it to the catalog."""
        key = normalize(header)
        metric = self.read.get(key)
        if metric is not None:
            return HeaderMatch(metric, header_unit(header, metric))
        reason = self.unused.get(key)
        if reason is not None:
            return HeaderMatch(None, None, Message(f"unused.profile_{reason}"))
        return None


def _header_table(value: object, place: Place, what: str) -> dict[str, str]:
    if not isinstance(value, Mapping) or not value:
        raise place.fail(f"[profile.{what}] must be a non-empty table of header = value")
    found: dict[str, str] = {}
    for header, target in value.items():
        key = normalize(header)
        if not key or not isinstance(target, str):
            raise place.fail(f"[profile.{what}] «{header}»: a header and a text value")
        if what == "read" and target not in metrics():
            raise place.fail(f"[profile.read] «{header}» = «{target}» is not a metric id")
        if what == "unused" and target not in UNUSED_REASONS:
            raise place.fail(f"[profile.unused] «{header}»: the reason is one of {UNUSED_REASONS}")
        if key in found:
            raise place.fail(f"[profile.{what}] «{header}» is listed twice")
        found[key] = target
    return found


def _parse_profile(record: Mapping[str, Any], number: int) -> Profile:
    place = Place(PROFILES_FILE, f"profile #{number}")
    profile_id = identifier(record, "id", place)
    place = Place(PROFILES_FILE, f"profile «{profile_id}»")
    only_fields(record, _FIELDS, place)
    sets = record.get("identify")
    if not isinstance(sets, list) or not sets:
        raise place.fail("identify must be a non-empty list of header lists")
    identify = tuple(frozenset(normalize(h) for h in strings(s, place, "identify")) for s in sets)
    platform = record.get("platform")
    if platform is not None and (not isinstance(platform, str) or not platform.strip()):
        raise place.fail("platform must be a network's name")
    read = _header_table(record["read"], place, "read") if "read" in record else {}
    unused = _header_table(record["unused"], place, "unused") if "unused" in record else {}
    if set(read) & set(unused):
        raise place.fail("a header is both read and unused")
    return Profile(profile_id, texts(record, "name", place), platform, identify, read, unused)


def parse_profiles(data: Mapping[str, Any]) -> dict[str, Profile]:
    """Validate ``profiles.toml``; a ``DataFileError`` names the profile and the field."""
    only_fields(data, ("profile",), Place(PROFILES_FILE, "the file"))
    found: dict[str, Profile] = {}
    for number, record in enumerate(records(data, "profile", PROFILES_FILE), start=1):
        profile = _parse_profile(record, number)
        if profile.id in found:
            raise Place(PROFILES_FILE, f"profile «{profile.id}»").fail("the id is used twice")
        found[profile.id] = profile
    return found


@cache
def profiles() -> dict[str, Profile]:
    """The validated profiles, by id, in the file's order (read once)."""
    return parse_profiles(load_data_file(PROFILES_FILE))


def recognise(cells: Sequence[object]) -> Profile | None:
    """The first profile whose identifying headers are all in a header row."""
    headers = frozenset(normalize(c) for c in cells if isinstance(c, str) and c.strip())
    return next((p for p in profiles().values() if p.matches(headers)), None)


def validate_profile(choice: str | None) -> None:
    """Reject a forced profile id that is not in ``profiles.toml``."""
    if choice not in (None, AUTO) and choice not in profiles():
        known = ", ".join(profiles())
        raise ReportFormatError("unknown_profile", profile=choice, known=known)
