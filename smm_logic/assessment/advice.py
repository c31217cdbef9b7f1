"""Advice for the owner and questions for the SMM specialist (``data/recommendations.toml``),
validated, and ranked for one scorecard: the diagnosis first, then the weakest answers and
the weakest measured KPIs, capped by ``[limits]`` of scoring.toml.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from smm_logic.assessment.bank import OWNER, RUNNER_QUESTION, QuestionBank, load_bank
from smm_logic.assessment.diagnosis import DIAGNOSIS_CODES, Finding
from smm_logic.assessment.scoring import ScoredInputs, chosen_option
from smm_logic.datafile import DataFileError
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.text import LANGUAGES, Text, load_data_file

RECOMMENDATIONS_FILE = "recommendations.toml"


@dataclass(frozen=True)
class Recommendation:
    """Advice for the owner and a question for the SMM specialist, and what brings them."""

    trigger: str  # "diagnosis" | "question" | "kpi"
    target: str  # the diagnosis code, question id or KPI id
    advice: Text
    ask: Text | None
    # The advice for an owner who runs the SMM alone (context.smm_runner = "owner"), when
    # the usual wording would send them to a specialist they do not have.
    owner_advice: Text | None = None

    def advice_for(self, choices: Mapping[str, str]) -> Text:
        if self.owner_advice is not None and choices.get(RUNNER_QUESTION) == OWNER:
            return self.owner_advice
        return self.advice


def parse_recommendations(
    data: Mapping[str, Any], bank: QuestionBank
) -> tuple[Recommendation, ...]:
    """Validate ``recommendations.toml``: one known trigger per record, both languages."""
    known = {
        "diagnosis": set(DIAGNOSIS_CODES),
        "question": {q.id for q in bank.questions},
        "kpi": set(kpi_catalog()),
    }
    found: list[Recommendation] = []
    seen: set[tuple[str, str]] = set()
    for number, record in enumerate(data.get("recommendation", []), start=1):
        triggers = [key for key in known if key in record]
        label = f"{RECOMMENDATIONS_FILE}: recommendation #{number}"
        if len(triggers) != 1:
            raise DataFileError(f"{label}: give exactly one of diagnosis, question, kpi")
        trigger = triggers[0]
        target = record[trigger]
        label = f"{RECOMMENDATIONS_FILE}: recommendation «{trigger} {target}»"
        if target not in known[trigger]:
            raise DataFileError(f"{label}: unknown {trigger}")
        if (trigger, target) in seen:
            raise DataFileError(f"{label}: duplicate")
        seen.add((trigger, target))
        texts: dict[str, Text | None] = {}
        for name in ("do", "ask", "owner_do"):
            present = [lang for lang in LANGUAGES if str(record.get(f"{name}_{lang}", "")).strip()]
            if name != "do" and not present:
                texts[name] = None
                continue
            for lang in LANGUAGES:
                if lang not in present:
                    raise DataFileError(f"{label}: the translation {name}_{lang} is missing")
            texts[name] = Text.of(record, name)
        advice = texts["do"]
        assert advice is not None
        found.append(Recommendation(trigger, target, advice, texts["ask"], texts["owner_do"]))
    return tuple(found)


@cache
def load_recommendations() -> tuple[Recommendation, ...]:
    """Every recommendation of ``data/recommendations.toml``, validated."""
    return parse_recommendations(load_data_file(RECOMMENDATIONS_FILE), load_bank())


def advise(
    inputs: ScoredInputs,
    findings: Sequence[Finding],
    recommendations: Sequence[Recommendation],
) -> tuple[tuple[Text, ...], tuple[Text, ...]]:
    """Recommendations and questions to ask: diagnosis first, then the weakest answers and KPIs."""
    rules = inputs.rules
    catalog = {(r.trigger, r.target): r for r in recommendations}
    ranked: list[tuple[float, float, int, Recommendation, bool]] = []
    sequence = 0
    for finding in findings:
        found = catalog.get(("diagnosis", finding.code))
        if found is not None:
            ranked.append((-1.0, 0.0, sequence, found, True))
            sequence += 1
    for question in inputs.bank.questions:
        option = chosen_option(inputs.bank, inputs.choices, question)
        found = catalog.get(("question", question.id))
        if option is None or found is None:
            continue
        if option.value is None:
            ranked.append((rules.dont_know_rank, -question.weight, sequence, found, False))
        elif option.value < rules.answer_weak_below:
            ranked.append((option.value, -question.weight, sequence, found, True))
        sequence += 1
    for kpi, measured in inputs.kpi_scores.items():
        found = catalog.get(("kpi", kpi))
        if found is not None and measured.score is not None and measured.score < rules.weak_below:
            ranked.append((measured.score / 100, -1.0, sequence, found, True))
            sequence += 1
    ranked.sort(key=lambda item: item[:3])
    advice: list[Text] = []
    asks: list[Text] = []
    for *_, recommendation, with_advice in ranked:
        wording = recommendation.advice_for(inputs.choices)
        if with_advice and wording not in advice:
            advice.append(wording)
        if recommendation.ask is not None and recommendation.ask not in asks:
            asks.append(recommendation.ask)
    return (
        tuple(advice[: rules.max_recommendations]),
        tuple(asks[: rules.max_questions_to_ask]),
    )
