"""Reading ``data/questions.toml`` into a ``QuestionBank``: every rejection names the record.

The file holds the bank's version, the dimensions, the shared answer scales, the context
questions (with their own options, no values), the scored questions, and what earlier
versions had that this one retired.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from smm_logic.assessment.bank_model import (
    CONTEXT,
    DIMENSIONS,
    DONT_KNOW,
    Condition,
    Dimension,
    Option,
    Question,
    QuestionBank,
    RetiredOption,
    RetiredQuestion,
    Scale,
)
from smm_logic.datafile import DataFileError, Place, records, table, texts
from smm_logic.text import LANGUAGES, Text

BANK_FILE = "questions.toml"


def _fail(record: str, problem: str) -> DataFileError:
    return Place(BANK_FILE, record).fail(problem)


def _records(data: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    return records(data, name, BANK_FILE)


def _record_id(record: Mapping[str, Any], name: str, number: int) -> str:
    value = record.get("id")
    if not isinstance(value, str) or not value.strip():
        raise _fail(f"{name} #{number}", "the field id is missing")
    return value


def _texts(record: Mapping[str, Any], label: str, fields: Sequence[str]) -> dict[str, Text]:
    """``{field: Text}`` for every field; a blank or missing translation is rejected."""
    return {name: texts(record, name, Place(BANK_FILE, label)) for name in fields}


def _optional_text(record: Mapping[str, Any], label: str, name: str) -> Text | None:
    """``{name}_ru`` and ``{name}_en`` when either is given (then both must be)."""
    if not any(f"{name}_{lang}" in record for lang in LANGUAGES):
        return None
    return texts(record, name, Place(BANK_FILE, label))


def _integer(record: Mapping[str, Any], label: str, key: str, low: int | None = None) -> int:
    value = record.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise _fail(label, f"{key} must be a whole number")
    if low is not None and value < low:
        raise _fail(label, f"{key} must be at least {low}")
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
        found = _texts(record, label, ("name", "about"))
        dimensions.append(
            Dimension(id=dimension_id, order=_integer(record, label, "order"), **found)
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


def _parse_options(record: Mapping[str, Any], scale_id: str, label: str, *, scored: bool) -> Scale:
    """The ``option`` list of a scale (valued, "don't know" required) or of a context
    question (no values; "don't know" allowed)."""
    raw_options = record.get("option")
    if not isinstance(raw_options, list) or len(raw_options) < 2:
        raise _fail(label, "at least two options are needed")
    options: list[Option] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_options, start=1):
        option_id = _record_id(raw, f"{label} option", index)
        option_label = f"{label} option «{option_id}»"
        _claim_unique(seen, option_id, option_label, "option")
        value = _parse_value(raw, option_label)
        if not scored and value is not None:
            raise _fail(option_label, "a context question's answers have no value")
        if scored and value is None and option_id != DONT_KNOW:
            raise _fail(option_label, f"only the option «{DONT_KNOW}» may have no value")
        if value is not None and option_id == DONT_KNOW:
            raise _fail(option_label, "the «don't know» option must have no value")
        options.append(Option(option_id, value, **_texts(raw, option_label, ("text",))))
    if scored and DONT_KNOW not in seen:
        raise _fail(label, f"the option «{DONT_KNOW}» is missing")
    return Scale(scale_id, tuple(options))


def _parse_scales(data: Mapping[str, Any]) -> dict[str, Scale]:
    scales: dict[str, Scale] = {}
    for number, record in enumerate(_records(data, "scale"), start=1):
        scale_id = _record_id(record, "scale", number)
        label = f"scale «{scale_id}»"
        _claim_unique(set(scales), scale_id, label, "scale")
        scales[scale_id] = _parse_options(record, scale_id, label, scored=True)
    return scales


def _parse_weight(record: Mapping[str, Any], label: str) -> float:
    weight = record.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, int | float):
        raise _fail(label, "weight must be a number")
    if not math.isfinite(weight) or weight <= 0:
        raise _fail(label, f"weight {weight} must be above 0")
    return float(weight)


def _parse_conditions(record: Mapping[str, Any], label: str) -> tuple[Condition, ...]:
    """``skip_when = [{ question = "…", options = ["…"] }, …]`` (checked against the bank
    once every question is read, in ``_check_conditions``)."""
    raw = record.get("skip_when", [])
    if not isinstance(raw, list):
        raise _fail(label, "skip_when must be a list of { question, options }")
    conditions: list[Condition] = []
    for item in raw:
        options = item.get("options") if isinstance(item, Mapping) else None
        question = item.get("question") if isinstance(item, Mapping) else None
        if not isinstance(question, str) or not isinstance(options, list) or not options:
            raise _fail(label, "skip_when must be a list of { question, options }")
        conditions.append(Condition(question, frozenset(str(o) for o in options)))
    return tuple(conditions)


def _parse_context(data: Mapping[str, Any]) -> tuple[tuple[Question, ...], dict[str, Scale]]:
    questions: list[Question] = []
    scales: dict[str, Scale] = {}
    for number, record in enumerate(_records(data, CONTEXT) if CONTEXT in data else [], start=1):
        question_id = _record_id(record, CONTEXT, number)
        label = f"context «{question_id}»"
        _claim_unique(set(scales), question_id, label, "context question")
        if not question_id.startswith(f"{CONTEXT}."):
            raise _fail(label, f"the id must start with «{CONTEXT}.»")
        scales[question_id] = _parse_options(record, question_id, label, scored=False)
        questions.append(
            Question(
                id=question_id,
                order=_integer(record, label, "order"),
                dimension=CONTEXT,
                scale=question_id,
                text=texts(record, "text", Place(BANK_FILE, label)),
                why=texts(record, "why", Place(BANK_FILE, label)),
            )
        )
    return tuple(sorted(questions, key=lambda q: q.order)), scales


def _parse_question(
    record: Mapping[str, Any], label: str, question_id: str, scales: Mapping[str, Scale]
) -> Question:
    dimension = str(record.get("dimension"))
    if dimension not in DIMENSIONS:
        raise _fail(label, f"unknown dimension «{dimension}»")
    if question_id.partition(".")[0] != dimension:
        raise _fail(label, f"the id must start with its dimension: «{dimension}.…»")
    scale = str(record.get("scale"))
    if scale not in scales:
        raise _fail(label, f"unknown scale «{scale}»")
    return Question(
        id=question_id,
        order=_integer(record, label, "order"),
        dimension=dimension,
        scale=scale,
        weight=_parse_weight(record, label),
        owner_text=_optional_text(record, label, "owner_text"),
        skip_when=_parse_conditions(record, label),
        text=texts(record, "text", Place(BANK_FILE, label)),
        why=texts(record, "why", Place(BANK_FILE, label)),
    )


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
        question = _parse_question(record, label, question_id, scales)
        if (question.dimension, question.order) in positions:
            raise _fail(
                label, f"another question of «{question.dimension}» has order {question.order}"
            )
        positions.add((question.dimension, question.order))
        questions.append(question)
    rank = {d.id: index for index, d in enumerate(dimensions)}
    return tuple(sorted(questions, key=lambda q: (rank[q.dimension], q.order)))


def _check_conditions(bank: QuestionBank) -> None:
    """A question is skipped only by an answer given before it, with options that exist."""
    asked_before: set[str] = set()
    for question in bank.every_question():
        label = f"question «{question.id}»"
        for condition in question.skip_when:
            if condition.question not in asked_before:
                raise _fail(
                    label, f"skip_when: «{condition.question}» is not a question asked before it"
                )
            known = {o.id for o in bank.options(condition.question)}
            unknown = sorted(condition.options - known)
            if unknown:
                raise _fail(
                    label, f"skip_when: «{condition.question}» has no option {', '.join(unknown)}"
                )
        asked_before.add(question.id)


def _parse_retired(data: Mapping[str, Any], bank: QuestionBank) -> QuestionBank:
    """The ``[[retired_question]]`` and ``[[retired_option]]`` records, checked: a retired id
    is never a current one, and what it maps to exists now."""
    retired_questions: list[RetiredQuestion] = []
    for number, record in enumerate(data.get("retired_question", []), start=1):
        question_id = _record_id(record, "retired_question", number)
        label = f"retired_question «{question_id}»"
        if bank.knows(question_id):
            raise _fail(label, "a retired id cannot be a current question")
        since = _integer(record, label, "since", low=2)
        if since > bank.version:
            raise _fail(label, f"since {since} is after the bank's version {bank.version}")
        merged_into = record.get("merged_into")
        if merged_into is not None and not bank.knows(str(merged_into)):
            raise _fail(label, f"merged_into: unknown question «{merged_into}»")
        merged = None if merged_into is None else str(merged_into)
        retired_questions.append(RetiredQuestion(question_id, since, merged))
    retired_options: list[RetiredOption] = []
    for number, record in enumerate(data.get("retired_option", []), start=1):
        option_id = _record_id(record, "retired_option", number)
        question_id = str(record.get("question"))
        label = f"retired_option «{question_id}={option_id}»"
        if not bank.knows(question_id):
            raise _fail(label, f"unknown question «{question_id}»")
        if bank.option(question_id, option_id) is not None:
            raise _fail(label, "a retired id cannot be a current option")
        since = _integer(record, label, "since", low=2)
        maps_to = record.get("maps_to")
        if maps_to is not None and bank.option(question_id, str(maps_to)) is None:
            raise _fail(label, f"maps_to: the question has no option «{maps_to}»")
        target = None if maps_to is None else str(maps_to)
        retired_options.append(RetiredOption(question_id, option_id, since, target))
    return replace(
        bank, retired_questions=tuple(retired_questions), retired_options=tuple(retired_options)
    )


def parse_bank(data: Mapping[str, Any]) -> QuestionBank:
    """Validate the question bank's data; a ``DataFileError`` names what is wrong."""
    # A file without [bank] is in the first version's format: no context questions, nothing retired.
    version = (
        1
        if "bank" not in data
        else _integer(table(data, "bank", BANK_FILE), "[bank]", "version", low=1)
    )
    dimensions = _parse_dimensions(data)
    scales = _parse_scales(data)
    context, context_scales = _parse_context(data)
    questions = _parse_questions(data, dimensions, scales)
    clash = {q.id for q in context} & {q.id for q in questions}
    if clash:
        raise _fail("[[context]]", f"duplicate question id «{sorted(clash)[0]}»")
    bank = QuestionBank(
        dimensions=dimensions,
        questions=questions,
        scales=scales,
        context=context,
        version=version,
        context_scales=context_scales,
    )
    _check_conditions(bank)
    return _parse_retired(data, bank)
