"""The maturity level: read from the overall score in whole points (the value the verdict
shows), never more than ``steps_above_weakest`` levels above the level of the weakest
dimension (the weakest link holds the whole back), and at most ``level_at_most`` while a
red flag stands — with what the level means and what would lift it.
"""

from __future__ import annotations

from dataclasses import dataclass

from smm_logic.assessment.rules import Level
from smm_logic.assessment.scoring import ScoredInputs
from smm_logic.format import points, whole_points
from smm_logic.text import Message


@dataclass(frozen=True)
class LevelVerdict:
    """The level given, the one the overall score alone would give, and why."""

    level: Level
    by_score: Level
    note: Message


def judge_level(
    inputs: ScoredInputs, overall: float, *, red_flagged: bool, unjudged: bool = False
) -> LevelVerdict:
    """The level of an overall score, held back by the weakest link, by red flags and by a
    verdict that cannot judge the SMM yet (``unjudged``: no concrete goals, or too early)."""
    rules = inputs.rules
    levels = rules.levels
    by_score = rules.level_for(whole_points(overall))
    index = rules.level_index(by_score.id)
    weakest = inputs.weakest()
    weakest_score = inputs.score(weakest) if weakest is not None else None
    weakest_cap = len(levels) - 1
    if weakest_score is not None:
        weakest_level = rules.level_for(whole_points(weakest_score))
        weakest_cap = rules.level_index(weakest_level.id) + rules.verdict.steps_above_weakest
    flag_cap = goals_cap = len(levels) - 1
    if red_flagged and rules.verdict.red_flag_level_at_most is not None:
        flag_cap = rules.level_index(rules.verdict.red_flag_level_at_most)
    if unjudged and rules.verdict.unjudged_level_at_most is not None:
        goals_cap = rules.level_index(rules.verdict.unjudged_level_at_most)
    given = levels[min(index, weakest_cap, flag_cap, goals_cap)]
    params: dict[str, object] = {"level": given.name, "means": given.means}
    if flag_cap < min(index, weakest_cap):
        key = "capped_red_flag"
        params["by_score"] = by_score.name
    elif goals_cap < min(index, weakest_cap):
        key = "capped_unjudged"
        params["by_score"] = by_score.name
    elif given is levels[-1]:
        key = "top"
    elif weakest_cap <= index and weakest is not None and weakest_score is not None:
        # Held back (or about to be) by the weakest link: one level up needs the weakest
        # dimension at the level that many steps below the next one.
        key = "capped_weakest" if weakest_cap < index else "next_weakest"
        needed = levels[max(0, weakest_cap + 1 - rules.verdict.steps_above_weakest)]
        following = levels[rules.level_index(given.id) + 1]
        params |= {
            "by_score": by_score.name,
            "next": following.name,
            "weakest": inputs.dimension_names[weakest],
            "weakest_score": points(weakest_score),
            "lift_to": points(needed.min_score),
        }
    else:
        following = levels[rules.level_index(given.id) + 1]
        key = "next"
        params |= {"next": following.name, "next_min": points(following.min_score)}
    return LevelVerdict(given, by_score, Message(f"scorecard.level.{key}", params))
