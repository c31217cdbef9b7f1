"""The verdict in one sentence: what a consultant would say first. Not knowing one's own SMM
comes before a red flag, a red flag before "too early", and these before the diagnosis
(or its combination); the score and the level close it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from smm_logic.assessment.diagnosis import Finding
from smm_logic.assessment.red_flags import RedFlag
from smm_logic.assessment.rules import Level
from smm_logic.format import Counted, points
from smm_logic.text import Message, Text

# The diagnosis codes a verdict sentence combines, in the order they are named.
_COMBINED = ("no_kpis", "product_problem", "smm_problem")


def _score(overall: float | None, level: Level | None) -> Message:
    if overall is None or level is None:
        return Message("scorecard.verdict.no_score")
    return Message("scorecard.verdict.score", {"overall": points(overall), "level": level.name})


def _diagnosis_key(diagnosis: Sequence[Finding]) -> str:
    codes = {finding.code for finding in diagnosis}
    if "effective" in codes:
        return "effective"
    combined = [code for code in _COMBINED if code in codes]
    return "_".join(combined) if combined else "partial"


def verdict_message(
    *,
    overall: float | None,
    level: Level | None,
    weakest: str | None,
    diagnosis: Sequence[Finding],
    red_flags: Sequence[RedFlag],
    unknown_own_smm: Message | None,
    names: Mapping[str, Text],
) -> Message:
    """The verdict: the first thing to know, with the score and the level."""
    codes = {finding.code for finding in diagnosis}
    if overall is None and not codes and not red_flags and unknown_own_smm is None:
        return Message("scorecard.verdict.nothing")
    params: dict[str, object] = {"score": _score(overall, level)}
    smm = next((f for f in diagnosis if f.code == "smm_problem"), None)
    if smm is not None and smm.dimensions:
        params["weakest_smm"] = names[smm.dimensions[0]]
    if weakest is not None:
        params["weakest"] = names[weakest]
    no_kpis = next((f for f in diagnosis if f.code == "no_kpis"), None)
    if no_kpis is not None:
        params["goals"] = Message(f"scorecard.verdict.goals_{no_kpis.reason}")
    if unknown_own_smm is not None:
        key = "unknown_own_smm"
    elif red_flags:
        key = "red_flag"
        params["flag"] = red_flags[0].title
        if len(red_flags) > 1:
            key = "red_flags"
            params["more"] = Counted(len(red_flags) - 1, "scorecard.noun.signal")
    elif "too_early" in codes:
        key = "too_early"
    else:
        key = _diagnosis_key(diagnosis)
    return Message(f"scorecard.verdict.{key}", params)
