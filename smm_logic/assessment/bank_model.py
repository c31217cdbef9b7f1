"""The question bank's types: dimensions, answer scales, questions, and what the bank has
retired since earlier versions (``bank_file`` reads them from ``data/questions.toml``).

Two kinds of question live in the bank. Scored questions belong to one of the eight
dimensions and their options carry values. Context questions (``context.*``: how long the
SMM has run, who runs it) are asked first and only steer the questionnaire and the
verdict; ``QuestionBank.questions`` leaves them out, so they can never enter a dimension's
score, a chart or a count of questions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from smm_logic.text import Text

RESPONDENTS = ("owner", "smm", "other")
DIMENSIONS = (
    "goals", "product", "content", "communication", "traffic", "growth", "analytics",
    "partnership",
)  # fmt: skip
CONTEXT = "context"
DONT_KNOW = "dont_know"
# Who runs the SMM; its answer ``OWNER`` rewords or skips the questions about "your specialist".
RUNNER_QUESTION = "context.smm_runner"
OWNER = "owner"


@dataclass(frozen=True)
class Option:
    """One answer of a scale; ``value`` is ``None`` for "don't know" and for every answer of
    a context question (those are not scored)."""

    id: str
    value: float | None
    text: Text


@dataclass(frozen=True)
class Scale:
    """An answer scale: its options in the order shown, "don't know" last."""

    id: str
    options: tuple[Option, ...]

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Dimension:
    """One area of the assessment (goals, product, content…)."""

    id: str
    order: int
    name: Text
    about: Text


@dataclass(frozen=True)
class Condition:
    """Met when the answer to ``question`` is one of ``options``."""

    question: str
    options: frozenset[str]

    def met(self, choices: Mapping[str, str]) -> bool:
        return choices.get(self.question) in self.options


@dataclass(frozen=True)
class Question:
    """One question: its dimension (``context`` for a context question), texts, answer
    scale and weight; the text for an owner who runs the SMM alone, and when it is skipped."""

    id: str
    order: int
    dimension: str
    text: Text
    why: Text
    scale: str
    weight: float = 1.0
    owner_text: Text | None = None
    skip_when: tuple[Condition, ...] = ()

    @property
    def scored(self) -> bool:
        return self.dimension != CONTEXT

    def skipped(self, choices: Mapping[str, str]) -> bool:
        """Whether the answers so far make this question pointless (it is then not asked,
        and neither unanswered nor "don't know")."""
        return any(condition.met(choices) for condition in self.skip_when)

    def text_for(self, choices: Mapping[str, str]) -> Text:
        """The question as this respondent reads it: the owner's wording when the owner
        runs the SMM and the question has one."""
        if self.owner_text is not None and choices.get(RUNNER_QUESTION) == OWNER:
            return self.owner_text
        return self.text


@dataclass(frozen=True)
class RetiredQuestion:
    """A question of an earlier version; its saved answers are ignored. ``merged_into``
    names the question that now asks what it asked, if any."""

    id: str
    since: int
    merged_into: str | None


@dataclass(frozen=True)
class RetiredOption:
    """An option of an earlier version: a saved answer with it becomes ``maps_to`` (``None``:
    the answer is dropped, and the question is asked again)."""

    question: str
    id: str
    since: int
    maps_to: str | None


@dataclass(frozen=True)
class QuestionBank:
    """Every dimension (in order), scored question (by dimension, then order), context
    question (in order) and scale, with the bank's version and what it has retired."""

    dimensions: tuple[Dimension, ...]
    questions: tuple[Question, ...]
    scales: Mapping[str, Scale]
    context: tuple[Question, ...] = ()
    version: int = 1
    retired_questions: tuple[RetiredQuestion, ...] = ()
    retired_options: tuple[RetiredOption, ...] = ()
    # The options of each context question, by question id (they are not shared scales).
    context_scales: Mapping[str, Scale] = field(default_factory=dict)

    def dimension(self, dimension_id: str) -> Dimension:
        for dimension in self.dimensions:
            if dimension.id == dimension_id:
                return dimension
        raise KeyError(dimension_id)

    def questions_of(self, dimension: str) -> tuple[Question, ...]:
        """The questions of one dimension (or of ``context``), in ``order``."""
        if dimension == CONTEXT:
            return self.context
        return tuple(q for q in self.questions if q.dimension == dimension)

    def every_question(self) -> tuple[Question, ...]:
        """The context questions, then the scored ones: the questionnaire's order."""
        return self.context + self.questions

    def options(self, question_id: str) -> tuple[Option, ...]:
        return self._scale(self.question(question_id)).options

    def option(self, question_id: str, option_id: str) -> Option | None:
        """The option ``option_id`` of a question's scale, if the scale has it."""
        return self._scale(self.question(question_id)).option(option_id)

    def question(self, question_id: str) -> Question:
        """A scored or a context question by id."""
        for question in self.every_question():
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def knows(self, question_id: str) -> bool:
        return any(q.id == question_id for q in self.every_question())

    def skipped(self, choices: Mapping[str, str]) -> frozenset[str]:
        """The questions these answers skip."""
        return frozenset(q.id for q in self.every_question() if q.skipped(choices))

    def to_ask(self, dimension: str, choices: Mapping[str, str]) -> tuple[Question, ...]:
        """The questions of a dimension these answers do not skip."""
        return tuple(q for q in self.questions_of(dimension) if not q.skipped(choices))

    def asked(self, choices: Mapping[str, str]) -> tuple[Question, ...]:
        """Every question these answers do not skip, context first: the questionnaire."""
        return tuple(q for q in self.every_question() if not q.skipped(choices))

    def progress(self, choices: Mapping[str, str]) -> tuple[int, int]:
        """How many of the questions asked are answered, and how many are asked."""
        asked = self.asked(choices)
        return sum(q.id in choices for q in asked), len(asked)

    def complete(self, choices: Mapping[str, str]) -> bool:
        """Whether every question asked has an answer ("don't know" counts as one)."""
        answered, asked = self.progress(choices)
        return answered == asked

    def _scale(self, question: Question) -> Scale:
        if question.scored:
            return self.scales[question.scale]
        return self.context_scales[question.id]
