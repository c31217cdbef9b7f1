"""How far the verdict can be trusted (``[confidence]`` of scoring.toml): high, medium or
low, lowered by "don't know" answers, by contradictions (with the report and between the
answers) and by having only one of the two sources. When a third or more of the answers
are "don't know", not knowing one's own SMM is itself the first finding.
"""

from __future__ import annotations

from dataclasses import dataclass

from smm_logic.assessment.scoring import ScoredInputs
from smm_logic.assessment.verdict_rules import CONFIDENCE_LEVELS
from smm_logic.format import Counted
from smm_logic.text import Message


@dataclass(frozen=True)
class Confidence:
    """The confidence level and the reasons that lowered it (none when it is high)."""

    level: str  # "high" | "medium" | "low"
    reasons: tuple[Message, ...]

    @property
    def message(self) -> Message:
        return Message(f"scorecard.confidence.{self.level}")


def dont_know_counts(inputs: ScoredInputs) -> tuple[int, int]:
    """("don't know" answers, answers given) over the scored questions."""
    dont_know = sum(d.dont_know for d in inputs.dimensions.values())
    answered = sum(d.answered for d in inputs.dimensions.values())
    return dont_know, dont_know + answered


def unknown_own_smm(inputs: ScoredInputs) -> Message | None:
    """The first finding when a third or more of the answers (the rules' share) are
    "don't know": the owner does not know their own SMM."""
    dont_know, given = dont_know_counts(inputs)
    if not given or dont_know / given < inputs.rules.verdict.confidence.low_dont_know:
        return None
    return Message(
        "scorecard.confidence.unknown_own_smm",
        {"count": Counted(dont_know, "scorecard.noun.answer"), "given": given},
    )


def assess_confidence(inputs: ScoredInputs, contradictions: int) -> Confidence:
    """The confidence of the verdict; ``contradictions`` counts those with the report
    and those between the answers."""
    rules = inputs.rules.verdict.confidence
    dont_know, given = dont_know_counts(inputs)
    lowered: list[tuple[str, Message]] = []
    share = dont_know / given if given else 0.0
    if dont_know and share >= rules.medium_dont_know:
        level = "low" if share >= rules.low_dont_know else "medium"
        count = Counted(dont_know, "scorecard.noun.answer")
        lowered.append(
            (
                level,
                Message("scorecard.confidence.reason_dont_know", {"count": count, "given": given}),
            )
        )
    if contradictions >= rules.medium_contradictions:
        level = "low" if contradictions >= rules.low_contradictions else "medium"
        count = Counted(contradictions, "scorecard.noun.contradiction")
        lowered.append(
            (level, Message("scorecard.confidence.reason_contradictions", {"count": count}))
        )
    if not inputs.choices or not inputs.report_loaded:
        source = "report_only" if inputs.report_loaded else "answers_only"
        lowered.append((rules.one_source, Message(f"scorecard.confidence.reason_{source}")))
    levels = [CONFIDENCE_LEVELS.index(level) for level, _ in lowered]
    level = CONFIDENCE_LEVELS[min(levels, default=CONFIDENCE_LEVELS.index("high"))]
    return Confidence(level, tuple(reason for _, reason in lowered))
