"""The self-assessment question bank (``data/questions.toml``) and a respondent's answers.

The bank is data: dimensions, shared answer scales and questions, both languages side by
side. ``parse_bank`` validates it and names the offending record in every rejection.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from smm_logic.datafile import DataFileError, Place, records, texts
from smm_logic.text import Text, load_data_file

BANK_FILE = "questions.toml"
RESPONDENTS = ("owner", "smm", "other")
DIMENSIONS = (
    "goals", "product", "content", "communication", "traffic", "growth", "analytics",
    "partnership",
)  # fmt: skip
DONT_KNOW = "dont_know"


@dataclass(frozen=True)
class Option:
    """One answer of a scale; ``value`` is ``None`` for "don't know"."""

    id: str
    value: float | None
    text: Text


@dataclass(frozen=True)
class Scale:
    """A shared answer scale: its options from best to worst, "don't know" last."""

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
class Question:
    """One question: its dimension, texts, answer scale and weight in the dimension."""

    id: str
    order: int
    dimension: str
    text: Text
    why: Text
    scale: str
    weight: float = 1.0


@dataclass(frozen=True)
class QuestionBank:
    """Every dimension (in order), question (by dimension, then order) and scale."""

    dimensions: tuple[Dimension, ...]
    questions: tuple[Question, ...]
    scales: Mapping[str, Scale]

    def dimension(self, dimension_id: str) -> Dimension:
        for dimension in self.dimensions:
            if dimension.id == dimension_id:
                return dimension
        raise KeyError(dimension_id)

    def questions_of(self, dimension: str) -> tuple[Question, ...]:
        """The questions of one dimension, in ``order``."""
        return tuple(q for q in self.questions if q.dimension == dimension)

    def options(self, question_id: str) -> tuple[Option, ...]:
        return self.scales[self.question(question_id).scale].options

    def option(self, question_id: str, option_id: str) -> Option | None:
        """The option ``option_id`` of a question's scale, if the scale has it."""
        return self.scales[self.question(question_id).scale].option(option_id)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)


def _fail(record: str, problem: str) -> DataFileError:
    return Place(BANK_FILE, record).fail(problem)


def _records(data: Mapping[str, Any], table: str) -> list[Mapping[str, Any]]:
    return records(data, table, BANK_FILE)


def _record_id(record: Mapping[str, Any], table: str, number: int) -> str:
    value = record.get("id")
    if not isinstance(value, str) or not value.strip():
        raise _fail(f"{table} #{number}", "the field id is missing")
    return value


def _texts(record: Mapping[str, Any], label: str, fields: Sequence[str]) -> dict[str, Text]:
    """``{field: Text}`` for every field; a blank or missing translation is rejected."""
    return {name: texts(record, name, Place(BANK_FILE, label)) for name in fields}


def _integer(record: Mapping[str, Any], label: str, key: str) -> int:
    value = record.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise _fail(label, f"{key} must be a whole number")
    return value


def _claim_unique(seen: set[str], value: str, label: str, what: str) -> None:
    if value in seen:
        raise _fail(label, f"duplicate {what} id «{value}»")
    seen.add(value)


def _parse_dimensions(data: Mapping[str, Any]) -> tuple[Dimension, ...]:
    dimensions: list[Dimension] = []
    seen: set[str] = set()
    for number, record in enumerate(_records(data, "dimension"), start=1):
        dimension_id = _record_id(record, "dimension", number)
        label = f"dimension «{dimension_id}»"
        _claim_unique(seen, dimension_id, label, "dimension")
        if dimension_id not in DIMENSIONS:
            raise _fail(label, f"unknown dimension; the dimensions are {', '.join(DIMENSIONS)}")
        texts = _texts(record, label, ("name", "about"))
        dimensions.append(
            Dimension(id=dimension_id, order=_integer(record, label, "order"), **texts)
        )
    missing = [d for d in DIMENSIONS if d not in seen]
    if missing:
        raise _fail("[[dimension]]", f"the dimension {', '.join(missing)} is missing")
    return tuple(sorted(dimensions, key=lambda d: d.order))


def _parse_value(record: Mapping[str, Any], label: str) -> float | None:
    if "value" not in record:
        return None
    value = record["value"]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(label, "value must be a number from 0 to 1")
    number = float(value)
    if not math.isfinite(number) or not 0.0 <= number <= 1.0:
        raise _fail(label, f"value {value} is outside [0, 1]")
    return number


def _parse_scales(data: Mapping[str, Any]) -> dict[str, Scale]:
    scales: dict[str, Scale] = {}
    for number, record in enumerate(_records(data, "scale"), start=1):
        scale_id = _record_id(record, "scale", number)
        label = f"scale «{scale_id}»"
        _claim_unique(set(scales), scale_id, label, "scale")
        raw_options = record.get("option")
        if not isinstance(raw_options, list) or len(raw_options) < 2:
            raise _fail(label, "a scale needs at least two options")
        options: list[Option] = []
        seen: set[str] = set()
        for index, raw in enumerate(raw_options, start=1):
            option_id = _record_id(raw, f"scale «{scale_id}» option", index)
            option_label = f"scale «{scale_id}» option «{option_id}»"
            _claim_unique(seen, option_id, option_label, "option")
            value = _parse_value(raw, option_label)
            if value is None and option_id != DONT_KNOW:
                raise _fail(option_label, f"only the option «{DONT_KNOW}» may have no value")
            if value is not None and option_id == DONT_KNOW:
                raise _fail(option_label, "the «don't know» option must have no value")
            options.append(Option(option_id, value, **_texts(raw, option_label, ("text",))))
        if DONT_KNOW not in seen:
            raise _fail(label, f"the option «{DONT_KNOW}» is missing")
        scales[scale_id] = Scale(scale_id, tuple(options))
    return scales


def _parse_weight(record: Mapping[str, Any], label: str) -> float:
    weight = record.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, int | float):
        raise _fail(label, "weight must be a number")
    if not math.isfinite(weight) or weight <= 0:
        raise _fail(label, f"weight {weight} must be above 0")
    return float(weight)


def _parse_questions(
    data: Mapping[str, Any], dimensions: Sequence[Dimension], scales: Mapping[str, Scale]
) -> tuple[Question, ...]:
    questions: list[Question] = []
    seen: set[str] = set()
    positions: set[tuple[str, int]] = set()
    for number, record in enumerate(_records(data, "question"), start=1):
        question_id = _record_id(record, "question", number)
        label = f"question «{question_id}»"
        _claim_unique(seen, question_id, label, "question")
        dimension = str(record.get("dimension"))
        if dimension not in {d.id for d in dimensions}:
            raise _fail(label, f"unknown dimension «{dimension}»")
        if question_id.partition(".")[0] != dimension:
            raise _fail(label, f"the id must start with its dimension: «{dimension}.…»")
        scale = str(record.get("scale"))
        if scale not in scales:
            raise _fail(label, f"unknown scale «{scale}»")
        order = _integer(record, label, "order")
        if (dimension, order) in positions:
            raise _fail(label, f"another question of «{dimension}» has order {order}")
        positions.add((dimension, order))
        questions.append(
            Question(
                id=question_id,
                order=order,
                dimension=dimension,
                scale=scale,
                weight=_parse_weight(record, label),
                **_texts(record, label, ("text", "why")),
            )
        )
    rank = {d.id: index for index, d in enumerate(dimensions)}
    return tuple(sorted(questions, key=lambda q: (rank[q.dimension], q.order)))


def parse_bank(data: Mapping[str, Any]) -> QuestionBank:
    """Validate the question bank's data; a ``DataFileError`` names what is wrong."""
    dimensions = _parse_dimensions(data)
    scales = _parse_scales(data)
    questions = _parse_questions(data, dimensions, scales)
    return QuestionBank(dimensions=dimensions, questions=questions, scales=scales)


@cache
def load_bank() -> QuestionBank:
    """The validated question bank from ``data/questions.toml`` (read once)."""
    return parse_bank(load_data_file(BANK_FILE))


# ---------------------------------------------------------------- answers


@dataclass(frozen=True)
class Answers:
    """Who answered and what: question id → option id (unanswered questions are absent)."""

    respondent: str
    choices: Mapping[str, str] = field(default_factory=dict)


class AnswersError(ValueError):
    """Answers that name unknown questions or options, or are not shaped as expected."""

    def __init__(
        self,
        problem: str = "",
        unknown_questions: Sequence[str] = (),
        unknown_options: Sequence[str] = (),
    ) -> None:
        self.unknown_questions = tuple(unknown_questions)
        self.unknown_options = tuple(unknown_options)
        parts = [problem] if problem else []
        if self.unknown_questions:
            parts.append("unknown question ids: " + ", ".join(self.unknown_questions))
        if self.unknown_options:
            parts.append("unknown option ids: " + ", ".join(self.unknown_options))
        super().__init__("; ".join(parts))


def parse_answers(bank: QuestionBank, raw: Mapping[str, object]) -> Answers:
    """``{"respondent": "owner", "answers": {"<question id>": "<option id>"}}`` → ``Answers``.

    A missing respondent means the owner; a ``null`` answer means "not answered". Unknown
    question ids, and option ids the question's scale does not have (named as
    ``question=option``), are rejected together in one ``AnswersError``.
    """
    if not isinstance(raw, Mapping):
        raise AnswersError("answers must be a JSON object")
    respondent = raw.get("respondent", "owner")
    if respondent not in RESPONDENTS:
        raise AnswersError(f"unknown respondent «{respondent}»; one of {', '.join(RESPONDENTS)}")
    given = raw.get("answers", {})
    if not isinstance(given, Mapping):
        raise AnswersError("«answers» must map question ids to option ids")
    known = {q.id for q in bank.questions}
    unknown_questions: list[str] = []
    unknown_options: list[str] = []
    choices: dict[str, str] = {}
    for question_id, option_id in given.items():
        if question_id not in known:
            unknown_questions.append(str(question_id))
            continue
        if option_id is None:
            continue
        if not isinstance(option_id, str) or bank.option(question_id, option_id) is None:
            unknown_options.append(f"{question_id}={option_id}")
            continue
        choices[question_id] = option_id
    if unknown_questions or unknown_options:
        raise AnswersError("", unknown_questions, unknown_options)
    return Answers(respondent=str(respondent), choices=choices)
