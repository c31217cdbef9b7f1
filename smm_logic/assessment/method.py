"""The scoring rules in plain words, filled from the rules in use (for the Method page):
how scores are computed and combined, the levels, and the diagnosis, contradiction,
signal and advice rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from smm_logic.assessment.bank import QuestionBank, load_bank
from smm_logic.assessment.rules import NoKpisRule, ScoringRules
from smm_logic.assessment.verdict_rules import AnswerIs, KpiIn
from smm_logic.format import Counted, Listing, Number, Quantity, points
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.text import Message, Text


def _lowest_passing_option(bank: QuestionBank, rule: NoKpisRule) -> Text:
    """The lowest answer to the KPI question that still means "we have KPIs"."""
    for question_id in rule.questions:
        passing = [
            o
            for o in bank.options(question_id)
            if o.value is not None and o.value >= rule.answer_below
        ]
        if passing:
            lowest = min(passing, key=lambda o: o.value or 0.0)
            return lowest.text
    return Text("—", "—")


def _scoring(rules: ScoringRules, bank: QuestionBank) -> list[Message]:
    """How dimensions, KPIs and the overall score are scored, and the levels."""
    catalog = kpi_catalog()
    messages: list[Message] = [
        Message("scorecard.method.dimension_score"),
        Message(
            "scorecard.method.combine",
            {
                "answers_weight": points(rules.answers_weight * 100),
                "data_weight": points(rules.data_weight * 100),
            },
        ),
    ]
    messages += [
        Message(
            "scorecard.method.evidence",
            {
                "dimension": bank.dimension(d).name,
                "kpis": Listing(tuple(catalog[k].name for k in kpis)),
            },
        )
        for d, kpis in rules.evidence.items()
    ]
    messages += [
        Message("scorecard.method.kpi_target", {"cap": points(rules.target_cap)}),
        Message(
            "scorecard.method.kpi_band",
            {"at_weak": points(rules.at_weak_bound), "at_good": points(rules.at_good_bound)},
        ),
        Message("scorecard.method.overall"),
    ]
    messages += [
        Message(
            "scorecard.method.level",
            {"name": level.name, "min_score": points(level.min_score), "means": level.means},
        )
        for level in rules.levels
    ]
    return messages


def _findings(rules: ScoringRules, bank: QuestionBank) -> list[Message]:
    """The diagnosis, contradiction, signal and recommendation rules."""

    def name(dimension: str) -> Text:
        return bank.dimension(dimension).name

    def names(dimensions: Sequence[str]) -> Listing:
        return Listing(tuple(name(d) for d in dimensions))

    return [
        Message(
            "scorecard.method.weak",
            {
                "weak_below": points(rules.weak_below),
                "sound_from": points(rules.sound_from),
                "smm_dimensions": names(rules.smm_dimensions),
            },
        ),
        Message(
            "scorecard.method.no_kpis",
            {
                "answer": _lowest_passing_option(bank, rules.no_kpis),
                "vague": Listing(
                    tuple(answer_is(bank, a) for a in rules.verdict.vague_goals), "; "
                ),
                "goals": name(rules.goals_dimension),
                "suggest": Counted(rules.no_kpis.suggest, "scorecard.noun.kpi"),
                "step": points(rules.no_kpis.starting_step * 100),
                "standards": _standards(rules),
            },
        ),
        Message(
            "scorecard.method.product_problem",
            {"product": name(rules.product_dimension), "weak_below": points(rules.weak_below)},
        ),
        Message("scorecard.method.smm_problem", {"sound_from": points(rules.sound_from)}),
        Message("scorecard.method.effective", {"product": name(rules.product_dimension)}),
        Message("scorecard.method.contradiction", {"gap": points(rules.dimension_gap)}),
        Message("scorecard.method.signals", {"good_from": points(rules.signal_good_from)}),
        Message(
            "scorecard.method.recommendations",
            {"weak_answer": Number(rules.answer_weak_below), "limit": rules.max_recommendations},
        ),
    ]


def answer_is(bank: QuestionBank, condition: AnswerIs) -> Message:
    """ "«Question» — option or option", in the reader's language."""
    options = tuple(
        option.text
        for option_id in condition.options
        if (option := bank.option(condition.question, option_id)) is not None
    )
    return Message(
        "scorecard.method.answer_is",
        {
            "question": bank.question(condition.question).text,
            "options": Listing(options, " / "),
        },
    )


def _standards(rules: ScoringRules) -> Message | str:
    kpis = rules.verdict.standard_kpis
    if not kpis:
        return ""
    catalog = kpi_catalog()
    return Message(
        "scorecard.method.standards", {"kpis": Listing(tuple(catalog[k].name for k in kpis))}
    )


def _kpi_condition(condition: KpiIn) -> Message:
    info = kpi_catalog()[condition.kpi]
    if condition.at_least is not None:
        value = Quantity(condition.at_least, info.unit)
        return Message("scorecard.method.kpi_at_least", {"kpi": info.name, "value": value})
    assert condition.below is not None
    value = Quantity(condition.below, info.unit)
    return Message("scorecard.method.kpi_below", {"kpi": info.name, "value": value})


def _level_rules(rules: ScoringRules, bank: QuestionBank) -> list[Message]:
    """The key questions, the caps on the level, and that red flags come first."""
    verdict = rules.verdict
    cap = verdict.red_flag_level_at_most
    flag_level = rules.levels[rules.level_index(cap)].name if cap else rules.levels[-1].name
    goals_cap = verdict.unjudged_level_at_most
    goals_level = rules.levels[rules.level_index(goals_cap)].name if goals_cap else flag_level
    messages: list[Message] = []
    if rules.critical_answers:
        answers = Listing(tuple(answer_is(bank, a) for a in rules.critical_answers), "; ")
        messages.append(
            Message(
                "scorecard.method.critical",
                {"answers": answers, "cap": points(rules.critical_cap)},
            )
        )
    messages += [
        Message(
            "scorecard.method.level_cap",
            {
                "steps": Counted(verdict.steps_above_weakest, "scorecard.noun.step"),
                "flag_level": flag_level,
                "goals_level": goals_level,
            },
        ),
        Message("scorecard.method.red_flags"),
    ]
    return messages


def explain_verdict_rules(
    rules: ScoringRules, bank: QuestionBank | None = None
) -> tuple[Message, ...]:
    """The verdict's own rules in plain words: the level cap, red flags, answers that
    contradict each other, confidence and "too early"."""
    bank = bank or load_bank()
    verdict = rules.verdict
    messages = _level_rules(rules, bank)
    for rule in verdict.red_flags:
        conditions: list[Message] = [answer_is(bank, a) for a in rule.answers]
        if rule.kpi is not None:
            conditions.append(_kpi_condition(rule.kpi))
        messages.append(
            Message(
                "scorecard.method.red_flag_rule",
                {
                    "flag": Message(f"scorecard.red_flag.{rule.code}.title"),
                    "conditions": Listing(tuple(conditions), "; "),
                },
            )
        )
    messages += [
        Message(
            "scorecard.method.inconsistency",
            {
                "conditions": Listing(tuple(answer_is(bank, a) for a in rule.answers), "; "),
                "explain": rule.explain,
            },
        )
        for rule in verdict.inconsistencies
    ]
    confidence = verdict.confidence
    messages.append(
        Message(
            "scorecard.method.confidence",
            {
                "low": points(confidence.low_dont_know * 100),
                "medium": points(confidence.medium_dont_know * 100),
                "low_contradictions": confidence.low_contradictions,
                "medium_contradictions": confidence.medium_contradictions,
            },
        )
    )
    if verdict.too_early is not None:
        catalog = kpi_catalog()
        messages.append(
            Message(
                "scorecard.method.too_early",
                {
                    "conditions": Listing(
                        tuple(answer_is(bank, a) for a in verdict.too_early.answers), "; "
                    ),
                    "measure": Listing(tuple(catalog[k].name for k in verdict.too_early.measure)),
                },
            )
        )
    return tuple(messages)


def explain_rules(rules: ScoringRules, bank: QuestionBank | None = None) -> tuple[Message, ...]:
    """The rules in plain words, in the order the Method page states them."""
    bank = bank or load_bank()
    return (*_scoring(rules, bank), *_findings(rules, bank), *explain_verdict_rules(rules, bank))
