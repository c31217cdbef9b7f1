"""Respondents side by side: the same dimensions scored for the owner, the SMM specialist
and the others, and the questions where their answers part, the widest gaps first.

A gap is counted in steps of the question's scale: its scored options ranked by value
(the order a reader sees them in, whichever way the scale runs), so "yes" against "no"
on a yes / partly / no scale is two steps and "partly" against either is one. "I don't
know" has no step: a question where one respondent knows and another does not is a
finding of its own, listed after the gaps. A question a respondent did not answer, or
was not asked (their context answers skip it), is compared among the others only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum

from smm_logic.assessment.bank import DONT_KNOW, Question, QuestionBank
from smm_logic.assessment.rules import ScoringRules
from smm_logic.assessment.scoring import dimension_scores

# Two answers this many steps apart (or more) are a difference worth a conversation.
DIFFERENCE_STEPS = 2
# The order respondents are shown in: the owner first, then whoever runs the SMM.
ROLE_ORDER = ("owner", "smm", "sales", "other")


@dataclass(frozen=True)
class RespondentAnswers:
    """One respondent's answers (question id → option id, in the bank's current ids)."""

    key: str  # stable and unique among those compared (e.g. the stored respondent's id)
    name: str
    role: str  # one of ROLE_ORDER
    choices: Mapping[str, str]


@dataclass(frozen=True)
class GivenAnswer:
    """What one respondent answered to one question."""

    respondent: str  # RespondentAnswers.key
    option: str | None  # None: not answered, or not asked
    step: int | None  # rank on the scale; None for "don't know" and no answer
    asked: bool  # False when this respondent's own answers skip the question


class Agreement(IntEnum):
    """How a question's answers compare, in the order they are listed."""

    DIFFERENT = 0  # DIFFERENCE_STEPS or more apart
    KNOWN_BY_SOME = 1  # some answered "don't know", others gave an answer
    CLOSE = 2  # one step apart
    SAME = 3  # the same answer (or everyone "don't know")
    TOO_FEW = 4  # fewer than two respondents answered


@dataclass(frozen=True)
class QuestionComparison:
    question: str
    dimension: str
    answers: tuple[GivenAnswer, ...]  # in the respondents' order
    spread: int | None  # steps between the lowest and the highest answer (None: < 2 steps)
    agreement: Agreement


@dataclass(frozen=True)
class Comparison:
    """Respondents (owner first), each dimension's answers score (0–100 or None) per
    respondent, and every scored question compared, differences first."""

    respondents: tuple[RespondentAnswers, ...]
    scores: Mapping[str, Mapping[str, float | None]]  # dimension → respondent key → score
    questions: tuple[QuestionComparison, ...]

    def differences(self) -> tuple[QuestionComparison, ...]:
        """The questions answered DIFFERENCE_STEPS or more apart, the widest first."""
        return tuple(q for q in self.questions if q.agreement == Agreement.DIFFERENT)


def ordered(respondents: Sequence[RespondentAnswers]) -> tuple[RespondentAnswers, ...]:
    """Owner first, then the SMM specialist, sales, others; by name within a role."""
    rank = {role: index for index, role in enumerate(ROLE_ORDER)}
    return tuple(
        sorted(respondents, key=lambda r: (rank.get(r.role, len(rank)), r.name.casefold(), r.key))
    )


def scale_steps(bank: QuestionBank, question_id: str) -> dict[str, int]:
    """Each scored option's step: the rank of its value among the scale's distinct values."""
    options = [o for o in bank.options(question_id) if o.value is not None]
    values = sorted({o.value for o in options if o.value is not None})
    return {o.id: values.index(o.value) for o in options if o.value is not None}


def _given(
    bank: QuestionBank, question: Question, respondent: RespondentAnswers, steps: Mapping[str, int]
) -> GivenAnswer:
    asked = not question.skipped(respondent.choices)
    option = respondent.choices.get(question.id) if asked else None
    if option is not None and bank.option(question.id, option) is None:
        option = None  # an id the bank does not know is no answer
    step = None if option is None else steps.get(option)
    return GivenAnswer(respondent.key, option, step, asked)


def compare_question(
    bank: QuestionBank, question: Question, respondents: Sequence[RespondentAnswers]
) -> QuestionComparison:
    """One question's answers side by side, and how far apart they are."""
    steps = scale_steps(bank, question.id)
    answers = tuple(_given(bank, question, respondent, steps) for respondent in respondents)
    ranked = [a.step for a in answers if a.step is not None]
    dont_know = sum(a.option == DONT_KNOW for a in answers)
    spread = max(ranked) - min(ranked) if len(ranked) >= 2 else None
    if spread is not None and spread >= DIFFERENCE_STEPS:
        agreement = Agreement.DIFFERENT
    elif ranked and dont_know:
        agreement = Agreement.KNOWN_BY_SOME
    elif spread:
        agreement = Agreement.CLOSE
    elif len(ranked) + dont_know >= 2:
        agreement = Agreement.SAME
    else:
        agreement = Agreement.TOO_FEW
    return QuestionComparison(question.id, question.dimension, answers, spread, agreement)


def compare_respondents(
    bank: QuestionBank, rules: ScoringRules, respondents: Sequence[RespondentAnswers]
) -> Comparison:
    """Every dimension's score from each respondent's answers alone (no report), and every
    scored question compared: differences of DIFFERENCE_STEPS or more first (the widest
    first), then those some could not answer, then one step apart, then agreed; within a
    group, in the questionnaire's order."""
    people = ordered(respondents)
    scores: dict[str, dict[str, float | None]] = {d.id: {} for d in bank.dimensions}
    for respondent in people:
        for dimension, score in dimension_scores(bank, respondent.choices, {}, rules).items():
            scores[dimension][respondent.key] = score.answers_score
    dimension_rank = {d.id: d.order for d in bank.dimensions}
    position = {q.id: index for index, q in enumerate(bank.questions)}
    compared = [compare_question(bank, question, people) for question in bank.questions]
    compared.sort(
        key=lambda c: (
            c.agreement,
            -(c.spread or 0),
            dimension_rank.get(c.dimension, 0),
            position[c.question],
        )
    )
    return Comparison(people, scores, tuple(compared))
