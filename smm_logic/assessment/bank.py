"""The self-assessment question bank (``data/questions.toml``) and a respondent's answers.

The bank is data: its version, dimensions, shared answer scales, context questions and
scored questions, both languages side by side (types in ``bank_model``, reading and
validating the file in ``bank_file``). Answers saved under an earlier version still load:
a retired question's answer is ignored, a retired option becomes its replacement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import cache

from smm_logic.assessment.bank_file import BANK_FILE, parse_bank
from smm_logic.assessment.bank_model import (
    CONTEXT,
    DIMENSIONS,
    DONT_KNOW,
    OWNER,
    RESPONDENTS,
    RUNNER_QUESTION,
    Condition,
    Dimension,
    Option,
    Question,
    QuestionBank,
    RetiredOption,
    RetiredQuestion,
    Scale,
)
from smm_logic.datafile import DataFileError
from smm_logic.text import load_data_file

__all__ = [
    "BANK_FILE",
    "CONTEXT",
    "DIMENSIONS",
    "DONT_KNOW",
    "OWNER",
    "RESPONDENTS",
    "RUNNER_QUESTION",
    "Answers",
    "AnswersError",
    "Condition",
    "DataFileError",
    "Dimension",
    "Option",
    "Question",
    "QuestionBank",
    "RetiredOption",
    "RetiredQuestion",
    "Scale",
    "current_choices",
    "load_bank",
    "parse_answers",
    "parse_bank",
]


@cache
def load_bank() -> QuestionBank:
    """The validated question bank from ``data/questions.toml`` (read once)."""
    return parse_bank(load_data_file(BANK_FILE))


# ---------------------------------------------------------------- answers


@dataclass(frozen=True)
class Answers:
    """Who answered and what: question id → option id, context questions included
    (unanswered and skipped questions are absent)."""

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


class _Unknown(Enum):
    """Why a saved answer cannot be read in the current version."""

    QUESTION = "question"
    OPTION = "option"


def _current(bank: QuestionBank, question_id: str, option_id: object) -> str | _Unknown | None:
    """The current option id of a saved answer; ``None`` when it is to be ignored (a
    retired question, an option retired to nothing, ``null``)."""
    if any(r.id == question_id for r in bank.retired_questions):
        return None
    if not bank.knows(question_id):
        return _Unknown.QUESTION
    if option_id is None:
        return None
    if not isinstance(option_id, str):
        return _Unknown.OPTION
    if bank.option(question_id, option_id) is not None:
        return option_id
    for retired in bank.retired_options:
        if retired.question == question_id and retired.id == option_id:
            return retired.maps_to
    return _Unknown.OPTION


def _without_skipped(bank: QuestionBank, choices: Mapping[str, str]) -> dict[str, str]:
    """The answers in questionnaire order, without those to questions the earlier answers
    skip (an answer kept from before the respondent changed the answer that skips it)."""
    kept: dict[str, str] = {}
    for question in bank.every_question():
        if question.id in choices and not question.skipped(kept):
            kept[question.id] = choices[question.id]
    return kept


def current_choices(bank: QuestionBank, saved: Mapping[str, object]) -> dict[str, str]:
    """Saved answers of any version in this version's ids: retired questions and options
    mapped or dropped, unknown ids and skipped questions left out."""
    choices: dict[str, str] = {}
    for question_id, option_id in saved.items():
        current = _current(bank, str(question_id), option_id)
        if isinstance(current, str):
            choices[str(question_id)] = current
    return _without_skipped(bank, choices)


def _version(bank: QuestionBank, raw: Mapping[str, object]) -> int:
    version = raw.get("version", bank.version)
    if isinstance(version, bool) or not isinstance(version, int):
        raise AnswersError("«version» must be a whole number")
    if not 1 <= version <= bank.version:
        raise AnswersError(
            f"answers of version {version}; this question bank reads versions 1 to {bank.version}"
        )
    return version


def parse_answers(bank: QuestionBank, raw: Mapping[str, object]) -> Answers:
    """``{"respondent": "owner", "version": 2, "answers": {"<question id>": "<option id>"}}``
    → ``Answers`` in the current version's ids.

    A missing respondent means the owner, a missing version the current one; a ``null``
    answer means "not answered". An answer to a retired question is ignored and a retired
    option becomes its replacement, so answers saved under an older version still load.
    Unknown question ids, and option ids the question's scale does not have (named as
    ``question=option``), are rejected together in one ``AnswersError``. Answers to
    questions that the other answers skip are left out.
    """
    if not isinstance(raw, Mapping):
        raise AnswersError("answers must be a JSON object")
    respondent = raw.get("respondent", "owner")
    if respondent not in RESPONDENTS:
        raise AnswersError(f"unknown respondent «{respondent}»; one of {', '.join(RESPONDENTS)}")
    _version(bank, raw)
    given = raw.get("answers", {})
    if not isinstance(given, Mapping):
        raise AnswersError("«answers» must map question ids to option ids")
    unknown_questions: list[str] = []
    unknown_options: list[str] = []
    choices: dict[str, str] = {}
    for question_id, option_id in given.items():
        current = _current(bank, str(question_id), option_id)
        if current == _Unknown.QUESTION:
            unknown_questions.append(str(question_id))
        elif current == _Unknown.OPTION:
            unknown_options.append(f"{question_id}={option_id}")
        elif isinstance(current, str):
            choices[str(question_id)] = current
    if unknown_questions or unknown_options:
        raise AnswersError("", unknown_questions, unknown_options)
    return Answers(respondent=str(respondent), choices=_without_skipped(bank, choices))
