"""What the commands read from their arguments, checked before anything is computed: an
answers file (size, depth and numbers bounded), a report file, and text echoed back as
one printable line."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from smm_logic.errors import ReportFormatError
from smm_logic.text import Lang, text

# The questionnaire and the use cases are imported by the functions that need them:
# ``score`` only uses ``safe_line`` from here.
if TYPE_CHECKING:
    from smm_logic.assessment.bank import Answers, AnswersError, QuestionBank
    from smm_logic.report.model import Report


class AnswersFileError(Exception):
    """The answers file cannot be used; carries the one-line message to print."""


def answers_problem(exc: AnswersError, lang: Lang) -> str:
    """One line naming the unknown question and option ids, in the reader's language."""
    parts = []
    if exc.unknown_questions:
        ids = ", ".join(exc.unknown_questions)
        parts.append(text("scorecard.cli.unknown_questions", lang, ids=ids))
    if exc.unknown_options:
        ids = ", ".join(exc.unknown_options)
        parts.append(text("scorecard.cli.unknown_options", lang, ids=ids))
    return "; ".join(parts) if parts else str(exc)


# An answers file is a few kilobytes: 40 question ids and option ids, two levels deep.
ANSWERS_MAX_BYTES = 1024 * 1024
ANSWERS_MAX_DEPTH = 8
_NUMBER_MAX_CHARS = 30


def _short_int(literal: str) -> int:
    if len(literal) > _NUMBER_MAX_CHARS:
        raise ValueError("number too long")
    return int(literal)


def _short_float(literal: str) -> float:
    if len(literal) > _NUMBER_MAX_CHARS:
        raise ValueError("number too long")
    return float(literal)


def _no_constant(literal: str) -> float:
    raise ValueError(f"{literal} is not JSON")


def _depth(text: str) -> int:
    """How deep the arrays and objects of a JSON text nest (brackets inside strings
    are not counted)."""
    depth = deepest = 0
    for token in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        bracket = token[0]
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif bracket in "]}":
            depth -= 1
    return deepest


def read_answers(path: Path, lang: Lang) -> dict[str, object]:
    """The answers file as a JSON object; too large, too deep, huge numbers or not an
    object are one ``error:`` line."""
    bad = AnswersFileError(text("scorecard.cli.bad_json", lang, name=path.name))
    try:
        size = path.stat().st_size
        if size > ANSWERS_MAX_BYTES:
            raise ReportFormatError(
                "answers_too_large", name=path.name, size_kb=size // 1024,
                limit_kb=ANSWERS_MAX_BYTES // 1024,
            )  # fmt: skip
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReportFormatError("file_not_found", name=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise bad from exc
    if _depth(source) > ANSWERS_MAX_DEPTH:
        raise bad
    try:
        raw = json.loads(
            source, parse_int=_short_int, parse_float=_short_float,
            parse_constant=_no_constant,
        )  # fmt: skip
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        raise bad from exc
    if not isinstance(raw, dict):
        raise bad
    return raw


# Control and format characters (a newline, an escape sequence, a bidi override) in
# text echoed from the input would forge lines or hide what is printed.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_LINE_MAX_CHARS = 1000


def safe_line(message: str) -> str:
    """``message`` as one printable line: unprintable characters escaped, long text cut."""
    line = _UNPRINTABLE.sub(lambda char: char[0].encode("unicode_escape").decode("ascii"), message)
    return line if len(line) <= _LINE_MAX_CHARS else line[: _LINE_MAX_CHARS - 1] + "…"


def answers_of(path: Path, bank: QuestionBank, lang: Lang) -> Answers:
    """The answers in a file, or an ``AnswersFileError`` with the line to print."""
    from smm_logic.assessment.bank import AnswersError, parse_answers

    try:
        return parse_answers(bank, read_answers(path, lang))
    except AnswersError as exc:
        raise AnswersFileError(answers_problem(exc, lang)) from exc


def report_of(path: Path) -> Report:
    """The report in a file (parsed in a worker process); a ``ReportFormatError`` when
    it cannot be read."""
    from smm_logic.usecases import load_report

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportFormatError("file_not_found", name=str(path)) from exc
    return load_report(data, path.name)
