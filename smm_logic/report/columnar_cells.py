"""One column of Arrow text cells cleaned as a whole (kpi-spec §2), with the same results,
issues and their order as ``ColumnCleaner`` cell by cell.

Cells the common shapes cover (plain numbers, ISO and day-first dates, empty cells) are
parsed by Arrow and numpy; every other distinct cell goes through the rules of
``cells.py`` once. For a ``typed`` sheet (numbers and dates rendered as text, see
``ColumnarSheet``) a cell whose rule depends on whether it was a number, a date or text
raises ``NeedsCellsError``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from smm_logic.report.cells import INVALID, YEAR_RANGE, parse_date, parse_number, slash_order_hint
from smm_logic.report.columns import ColumnCleaner, text_value
from smm_logic.report.sources.sheet import NeedsCellsError
from smm_logic.report.vocabulary import vocabulary

# What Python's float() reads the same as Arrow's cast (ASCII digits, no "_", no "inf").
_PLAIN_FLOAT = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"
# How fastexcel renders a number cell, a date cell and a boolean cell as text.
RENDERED_NUMBER = r"^-?\d+(?:\.\d+)?$"
RENDERED_DATETIME = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?$"
RENDERED_BOOL = ("true", "false")
# Digits grouped by spaces, a decimal comma, a trailing ruble sign (see _text_numbers).
_SEPARATOR = r"[ \x{a0}\x{202f}\x{2009}\x{2007}']"
_TEXT_NUMBER = (
    r"^(?P<sign>-?)(?P<whole>\d+(?:" + _SEPARATOR + r"+\d+)*)(?:,(?P<fraction>\d+))?"
    r"(?:[ \x{a0}]*₽)?$"
)
# The characters _SEPARATOR matches, one by one (_spaced_numbers).
_SEPARATORS = " \xa0\u202f\u2009\u2007'"
_COMMA_NUMBER = r"^-?\d+,\d+$"
_WHOLE_SECONDS = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"
# The same shape byte by byte (second_shaped): at each place the lowest byte and how
# many above it fit ("0"–"9", or the one separator).
_SECOND_SHAPE = b"0000-00-00 00:00:00"
_SHAPE_LOW = np.frombuffer(_SECOND_SHAPE, dtype=np.uint8)
_SHAPE_SPAN = np.frombuffer(_SECOND_SHAPE.replace(b"0", b"9"), dtype=np.uint8) - _SHAPE_LOW
# Dates cells.py reads the same way: "2025-01-31[ 08:00[:00]]" and "31.01.2025[ 08:00[:00]]".
_TIME = r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?$"
_ISO_DATE = r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})" + _TIME
_DOTTED_DATE = r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})" + _TIME
# Of those, the fixed-width shapes exports and fastexcel write most (see _strict_dates).
_STRICT_ISO = r"^\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?$"
_STRICT_DOTTED = r"^\d{2}\.\d{2}\.\d{4}(?: \d{2}:\d{2}(?::\d{2})?)?$"
# Reads cells (none missing) as numbers: the numbers, and which are unreadable.
_NumberReader = Callable[[pa.Array], tuple[np.ndarray, np.ndarray]]
# Records per chunk of the cell-by-cell cleaner (records.py), whose negative-value notes
# are capped per chunk.
CHUNK_ROWS = 16_384
_NO_TEXT = pa.scalar(None, pa.string())
# Cells sampled to tell whether a column's cells repeat (``repeating``): at most this
# share of them distinct.
_SAMPLE = 4096
_REPEATING = 0.75


def matches(values: pa.Array, pattern: str) -> np.ndarray:
    found = pc.fill_null(pc.match_substring_regex(values, pattern), False)
    return np.asarray(found, dtype=bool)


def rendered(values: pa.Array) -> np.ndarray:
    """Cells that may have been a number, date or boolean cell of a typed sheet; each
    test reads only the cells the ones before did not settle, the commonest first."""
    looks = np.asarray(pc.fill_null(pc.ascii_is_decimal(values), False), dtype=bool)
    for test in (_rendered_datetimes, _rendered_numbers, _booleans):
        rest = np.flatnonzero(~looks)
        if not rest.size:
            break
        looks[rest] = test(values if rest.size == len(values) else values.take(rest))
    return looks


def _rendered_datetimes(values: pa.Array) -> np.ndarray:
    found = second_shaped(values)  # no cell long enough for a fraction of a second
    return matches(values, RENDERED_DATETIME) if found is None else found


def second_shaped(values: pa.Array) -> np.ndarray | None:
    """The cells shaped as fastexcel renders a date cell ("2025-01-31 08:00:00", what
    ``_WHOLE_SECONDS`` matches) where every cell is empty or of that many bytes, as in a
    date column: the bytes are then one block, read place by place. None where cells
    of other lengths leave it to the regex."""
    width = len(_SECOND_SHAPE)
    if not len(values) or values.null_count == len(values) or values.type != pa.string():
        return None
    _, offsets, data = values.buffers()
    ends = np.frombuffer(offsets, dtype=np.int32)[values.offset : values.offset + len(values) + 1]
    lengths = np.diff(ends)
    shaped = lengths == width
    if data is None or not (shaped | (lengths == 0)).all():
        return None
    records = np.frombuffer(data, dtype=np.uint8)[ends[0] : ends[-1]].reshape(-1, width)
    fits = np.ones(len(records), dtype=bool)
    for place in range(width):  # a byte below its place's lowest wraps round above the span
        fits &= records[:, place] - _SHAPE_LOW[place] <= _SHAPE_SPAN[place]
    found = np.zeros(len(values), dtype=bool)
    found[shaped] = fits
    if values.null_count:  # a missing cell may keep the bytes it had
        found &= np.asarray(pc.is_valid(values), dtype=bool)
    return found


def _rendered_numbers(values: pa.Array) -> np.ndarray:
    return matches(values, RENDERED_NUMBER)


def distinct_cells(values: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """The distinct cells (empty ones as "") and, per cell, the index of its value."""
    encoded = pc.fill_null(values, "").dictionary_encode()
    return encoded.dictionary, np.asarray(encoded.indices, dtype=np.int64)


def _booleans(values: pa.Array) -> np.ndarray:
    return np.asarray(pc.fill_null(pc.is_in(values, pa.array(RENDERED_BOOL)), False), dtype=bool)


def fill_texts(cleaner: ColumnCleaner, values: pa.Array, typed: bool) -> None:
    """A text column (platform, account): each distinct cell cleaned once."""
    distinct, codes = distinct_cells(values)
    if typed:
        if (matches(distinct, RENDERED_DATETIME) | _booleans(distinct)).any():
            raise NeedsCellsError  # a date cell reads as Python writes it, not as rendered
        for text in distinct.filter(matches(distinct, RENDERED_NUMBER)).to_pylist():
            if text_value(float(text)) != text:
                raise NeedsCellsError  # a number cell 1e-05 reads "1e-05", text "0.00001"
    cleaned = pa.array([text_value(cell) for cell in distinct.to_pylist()], pa.large_string())
    if cleaned.null_count == len(cleaned):  # pandas makes an object column of no text
        cleaner.finished = [None] * len(codes)
    else:  # the column pandas makes of the same strings, without a Python object per cell
        cleaner.finished = pd.Series(cleaned.take(codes), dtype="str")


def fill_numbers(
    cleaner: ColumnCleaner, values: pa.Array, positions: np.ndarray, start: int, typed: bool
) -> None:
    """A number column: the cells of digits alone (most numbers) cast by Arrow as one
    column, the other cells by ``_other_numbers``.

    ``start`` is the position of the first record after the header (chunks count from it).
    """
    scale = cleaner.hours_per_unit
    out, rest = _digit_numbers(values, scale)
    invalid = np.zeros(len(values), dtype=bool)
    if rest.size:
        others = values if rest.size == len(values) else values.take(rest)
        out[rest], invalid[rest] = _by_distinct(others, partial(_other_numbers, scale, typed))
    _number_issues(
        cleaner, cells=values, out=out, invalid=invalid, positions=positions, start=start
    )
    cleaner.parts = [out]


def repeating(values: pa.Array) -> bool:
    """Whether the cells repeat enough for cleaning each distinct one once to pay: hashing
    them costs about what a regex pass does. Judged on a sample spread over the column."""
    if len(values) <= _SAMPLE:
        return True
    sample = values.take(np.linspace(0, len(values) - 1, _SAMPLE).astype(np.int64))
    return bool(pc.count_distinct(sample, mode="all").as_py() <= _SAMPLE * _REPEATING)


def _by_distinct(values: pa.Array, read: _NumberReader) -> tuple[np.ndarray, np.ndarray]:
    """``read`` of the cells (an empty one as ""), each distinct cell once where they
    repeat ("—", "n/a", "12.5" on many rows)."""
    if not repeating(values):
        return read(pc.fill_null(values, ""))
    distinct, codes = distinct_cells(values)
    numbers, bad = read(distinct)
    return numbers[codes], bad[codes]


def _digit_numbers(values: pa.Array, scale: float | None) -> tuple[np.ndarray, np.ndarray]:
    """The cells of ASCII digits alone as numbers (nan elsewhere), and the indices of the
    other cells: empty, text, and digits too many for a float ("1…1" of 400 digits),
    which ``_other_numbers`` judges as it judges any cell."""
    digits = pc.ascii_is_decimal(values)
    numbers = pc.if_else(digits, values, _NO_TEXT).cast(pa.float64())
    out = numbers.to_numpy(zero_copy_only=False)
    if not out.flags.writeable:  # no empty cell: Arrow's own buffer
        out = out.copy()
    rest = np.flatnonzero(~np.isfinite(out))
    if scale is not None:
        out *= scale
    return out, rest


def _other_numbers(
    scale: float | None, typed: bool, cells: pa.Array
) -> tuple[np.ndarray, np.ndarray]:
    """Cells (none missing) read as ``cells.parse_number`` reads each: their numbers
    (nan for none), and which are unreadable. Plain numbers by Arrow, then the rest
    (fewer, and repeating more) by ``_text_or_rest``."""
    out = np.full(len(cells), np.nan)
    done = _plain_numbers(cells, out, scale)
    invalid = np.zeros(len(cells), dtype=bool)
    rest = np.flatnonzero(~done)
    if rest.size:
        texts = cells if rest.size == len(cells) else cells.take(rest)
        out[rest], invalid[rest] = _by_distinct(texts, partial(_text_or_rest, scale, typed))
    return out, invalid


def _text_or_rest(
    scale: float | None, typed: bool, cells: pa.Array
) -> tuple[np.ndarray, np.ndarray]:
    """The text numbers exports write most by Arrow, each distinct one of the rest by
    ``parse_number``; as ``_other_numbers``."""
    out = np.full(len(cells), np.nan)
    done = np.zeros(len(cells), dtype=bool)
    _text_numbers(cells, out, done, scale)
    invalid = np.zeros(len(cells), dtype=bool)
    rest = np.flatnonzero(~done)
    if rest.size:
        distinct, codes = distinct_cells(cells.take(rest))
        if typed and (matches(distinct, RENDERED_DATETIME) | _booleans(distinct)).any():
            raise NeedsCellsError  # a date or boolean cell is named as the cell was, not rendered
        parsed = [parse_number(cell, hours_per_unit=scale) for cell in distinct.to_pylist()]
        bad = np.array([value is INVALID for value in parsed], dtype=bool)
        as_float = np.array([np.nan if v is None or v is INVALID else v for v in parsed])
        out[rest] = as_float[codes]
        invalid[rest] = bad[codes]
    return out, invalid


def _plain_numbers(cells: pa.Array, out: np.ndarray, scale: float | None) -> np.ndarray:
    """The cells Python's float() reads as Arrow's cast does (``_PLAIN_FLOAT``) read,
    which are done: the commonest, digits round one point ("12.5"), found without a
    regex. "1e999" is not done: too large for a float, cells.py calls it unreadable."""
    undotted = pc.replace_substring(cells, ".", "", max_replacements=1)
    plain = np.asarray(pc.fill_null(pc.ascii_is_decimal(undotted), False), dtype=bool)
    plain[_pending_matching(cells, plain, _PLAIN_FLOAT)] = True  # "-3", "+1e5"
    at = np.flatnonzero(plain)
    if at.size:
        numbers = np.asarray(pc.cast(cells.take(at), pa.float64()), dtype=float)
        finite = np.isfinite(numbers)
        out[at[finite]] = numbers[finite] * scale if scale is not None else numbers[finite]
        plain[at[~finite]] = False
    return plain


def _pending_matching(cells: pa.Array, done: np.ndarray, pattern: str) -> np.ndarray:
    """The indices of the cells not done yet that match the pattern."""
    pending = np.flatnonzero(~done)
    if pending.size == len(cells):
        return np.flatnonzero(matches(cells, pattern))
    return pending[matches(cells.take(pending), pattern)] if pending.size else pending


def _spaced_numbers(
    cells: pa.Array, out: np.ndarray, done: np.ndarray, scale: float | None
) -> None:
    """The commonest of ``_text_numbers`` without a regex: digits grouped by separators
    alone ("1 234 567"), none first or last, which it reads as their digits."""
    pending = np.flatnonzero(~done)
    if not pending.size:
        return
    texts = cells if pending.size == len(cells) else cells.take(pending)
    digits = texts
    for separator in _SEPARATORS:  # most exports use one or two of them
        if pc.any(pc.match_substring(digits, separator)).as_py():
            digits = pc.replace_substring(digits, separator, "")
    trimmed = pc.utf8_trim(texts, _SEPARATORS)
    inside = pc.equal(pc.binary_length(trimmed), pc.binary_length(texts))
    spaced = pc.fill_null(pc.and_(pc.ascii_is_decimal(digits), inside), False)
    at = pending[np.asarray(spaced, dtype=bool)]
    if not at.size:
        return
    numbers = np.asarray(pc.cast(digits.filter(spaced), pa.float64()), dtype=float)
    _done_if_finite(numbers, at, out, done, scale)


def _done_if_finite(
    numbers: np.ndarray, at: np.ndarray, out: np.ndarray, done: np.ndarray, scale: float | None
) -> None:
    """The cells at ``at`` read as ``numbers``; those too large for a float ("1 234…" of
    400 digits) are left to ``parse_number``, which calls them unreadable."""
    finite = np.isfinite(numbers)
    out[at[finite]] = numbers[finite] * (scale if scale is not None else 1.0)
    done[at[finite]] = True


def _comma_numbers(cells: pa.Array, out: np.ndarray, done: np.ndarray, scale: float | None) -> None:
    """The commonest of ``_text_numbers`` on its own, without a regex capture: "-12,5"."""
    at = _pending_matching(cells, done, _COMMA_NUMBER)
    if not at.size:
        return
    texts = cells.take(at)
    comma = np.asarray(pc.find_substring(texts, ","))
    length = np.asarray(pc.utf8_length(texts))
    negative = np.asarray(pc.starts_with(texts, "-"), dtype=bool)
    whole = comma - negative
    grouping = (length - comma - 1 == 3) & (whole <= 3)
    grouping &= ~((whole == 1) & np.asarray(pc.match_substring_regex(texts, "^-?0,"), dtype=bool))
    # "1,234" groups thousands (1234); "12,5", "0,123" and "1234,567" have a decimal comma
    grouped, decimal = pc.replace_substring(texts, ",", ""), pc.replace_substring(texts, ",", ".")
    text = pc.if_else(pa.array(grouping), grouped, decimal)
    numbers = np.asarray(pc.cast(text, pa.float64()), dtype=float)
    _done_if_finite(numbers, at, out, done, scale)


def _text_numbers(cells: pa.Array, out: np.ndarray, done: np.ndarray, scale: float | None) -> None:
    """The text numbers exports write most ("1 234", "12,5", "1 200 ₽", "1 234,56"), read
    as ``cells.parse_number`` reads them: spaces group thousands; a lone comma is decimal
    unless exactly three digits follow one to three (not "0"), with no spaces."""
    _spaced_numbers(cells, out, done, scale)
    _comma_numbers(cells, out, done, scale)
    at = _pending_matching(cells, done, _TEXT_NUMBER)
    if not at.size:
        return
    parts = pc.extract_regex(cells.take(at), _TEXT_NUMBER)
    sign, whole, fraction = (pc.struct_field(parts, name) for name in ("sign", "whole", "fraction"))
    spaced = matches(whole, _SEPARATOR)
    digits = pc.replace_substring_regex(whole, _SEPARATOR, "")
    whole_length = np.asarray(pc.utf8_length(digits))
    grouping = (np.asarray(pc.utf8_length(fraction)) == 3) & (whole_length <= 3) & ~spaced
    grouping &= np.asarray(pc.not_equal(digits, "0"), dtype=bool)
    point = pc.if_else(pa.array(grouping), "", pc.if_else(pc.equal(fraction, ""), "", "."))
    text = pc.binary_join_element_wise(sign, digits, point, fraction, "")
    numbers = np.asarray(pc.cast(text, pa.float64()), dtype=float)
    _done_if_finite(numbers, at, out, done, scale)


def _number_issues(
    cleaner: ColumnCleaner,
    *,
    cells: pa.Array,
    out: np.ndarray,
    invalid: np.ndarray,
    positions: np.ndarray,
    start: int,
) -> None:
    """The notes in the cell-by-cell cleaner's order: chunk by chunk, its unreadable
    cells, then its first 100 negative values."""
    negative = (out < 0) if not cleaner.metric.signed else np.zeros(len(out), dtype=bool)
    if not invalid.any() and not negative.any():
        return
    chunk_of = (positions - start) // CHUNK_ROWS
    bad_at, negative_at = np.flatnonzero(invalid), np.flatnonzero(negative)
    bad_texts = [str(text).strip() for text in pc.fill_null(cells.take(bad_at), "").to_pylist()]
    errors = vocabulary().formula_errors
    for chunk in np.unique(np.concatenate([chunk_of[bad_at], chunk_of[negative_at]])):
        for n in np.flatnonzero(chunk_of[bad_at] == chunk):
            text = bad_texts[n]
            if text.lower() in errors:
                count, first = cleaner.formula_errors
                cleaner.formula_errors = (count + 1, first or text)
            else:
                cleaner.issue(int(positions[bad_at[n]]), "issue.invalid_number", value=text[:80])
        for i in negative_at[chunk_of[negative_at] == chunk][:100]:
            cleaner.issue(int(positions[i]), "issue.negative_value", value=f"{out[i]:g}")


def _strict_dates(cells: pa.Array, done: np.ndarray, out: np.ndarray) -> None:
    """The commonest date shapes, parsed by Arrow's cast, which refuses a day or time
    that does not exist (those, and years outside YEAR_RANGE, are left to the rest)."""
    for shape in (_STRICT_ISO, _STRICT_DOTTED):
        at = _pending_matching(cells, done, shape)
        if not at.size:
            continue
        texts = cells.take(at)
        if shape == _STRICT_DOTTED:  # "31.01.2025 08:00" → "2025-01-31 08:00"
            year, month, day, rest = (
                pc.utf8_slice_codeunits(texts, start, stop)
                for start, stop in ((6, 10), (3, 5), (0, 2), (10, None))
            )
            texts = pc.binary_join_element_wise(year, "-", month, "-", day, rest, "")
        try:
            stamps = texts.cast(pa.timestamp("us"))
        except pa.ArrowException:
            continue  # a day that does not exist among them: cells.py names it
        years = np.asarray(pc.year(stamps))
        ok = (years >= YEAR_RANGE[0]) & (years <= YEAR_RANGE[1])
        values = np.asarray(stamps.cast(pa.int64()), dtype=np.int64).astype("datetime64[us]")
        out[at[ok]] = values[ok]
        done[at[ok]] = True


def _date_parts(
    cells: pa.Array, done: np.ndarray, pattern: str
) -> tuple[np.ndarray, np.ndarray] | None:
    """The cells of one date shape: their indices and values (datetime64[us]), the valid
    ones only (a day or time that does not exist is left to cells.py)."""
    at = _pending_matching(cells, done, pattern)
    if not at.size:
        return None
    groups = pc.extract_regex(cells.take(at), pattern)

    def field(name: str) -> np.ndarray:
        text = pc.struct_field(groups, name)
        return np.asarray(pc.cast(pc.if_else(pc.equal(text, ""), "0", text), pa.int64()))

    year, month, day = field("y"), field("m"), field("d")
    hour, minute, second = field("H"), field("M"), field("S")
    ok = (YEAR_RANGE[0] <= year) & (year <= YEAR_RANGE[1]) & (month >= 1) & (month <= 12)
    ok &= (day >= 1) & (hour < 24) & (minute < 60) & (second < 60)
    months = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    days = months.astype("datetime64[D]") + (day - 1).astype("timedelta64[D]")
    ok &= days.astype("datetime64[M]") == months  # 31.02 does not exist
    seconds = hour * 3600 + minute * 60 + second
    stamps = days.astype("datetime64[us]") + (seconds * 1_000_000).astype("timedelta64[us]")
    return at[ok], stamps[ok]


def _typed_dates(
    values: pa.Array, cells: pa.Array, done: np.ndarray, out: np.ndarray
) -> np.ndarray:
    """Of a typed sheet's date column, the cells as fastexcel renders a date cell
    ("2025-01-31 08:00:00"), parsed by one cast where they all exist (most columns are
    only these); the sheet goes cell by cell for a serial day number, a boolean or a
    fraction of a second. Which cells have that shape."""
    shaped = second_shaped(values)
    whole = matches(values, _WHOLE_SECONDS) if shaped is None else shaped
    others = np.flatnonzero(~whole & ~done)
    if others.size:
        texts = cells if others.size == len(cells) else cells.take(others)
        odd = matches(texts, RENDERED_NUMBER) | _booleans(texts)
        if odd.any() or matches(texts, RENDERED_DATETIME).any():
            raise NeedsCellsError  # a serial day number, a boolean or a fraction of a second
    if whole.any():
        try:
            stamps = pc.if_else(pa.array(whole), values, _NO_TEXT).cast(pa.timestamp("us"))
        except pa.ArrowException:
            return whole  # a day that does not exist among them: the rules below name it
        years = np.asarray(pc.fill_null(pc.year(stamps), 0))
        ok = whole & (years >= YEAR_RANGE[0]) & (years <= YEAR_RANGE[1])
        out[ok] = stamps.to_numpy(zero_copy_only=False)[ok]
        done[ok] = True
    return whole


def fill_dates(cleaner: ColumnCleaner, values: pa.Array, typed: bool) -> None:
    """A date column: the common shapes by Arrow, other distinct cells by cells.py; a
    column with an unreadable cell is left whole to ``ColumnCleaner`` (its notes)."""
    cells = pc.fill_null(values, "")
    out = np.full(len(cells), np.datetime64("NaT"), dtype="datetime64[us]")
    done = np.asarray(pc.equal(cells, ""), dtype=bool)
    if typed:
        rendered_dates = _typed_dates(values, cells, done, out)
    _strict_dates(cells, done, out)
    for pattern in (_ISO_DATE, _DOTTED_DATE):
        parts = _date_parts(cells, done, pattern)
        if parts is not None:
            out[parts[0]] = parts[1]
            done[parts[0]] = True
    if typed and (rendered_dates & ~done).any():
        raise NeedsCellsError  # a date cell out of range is named as the cell was
    rest = np.flatnonzero(~done)
    if rest.size:
        slashed = pc.filter(cells, pc.match_substring(cells, "/")).to_pylist()
        month_first, _ = slash_order_hint(slashed)
        distinct, codes = distinct_cells(cells.take(rest))
        parsed = [parse_date(cell, month_first=month_first) for cell in distinct.to_pylist()]
        if any(value is INVALID for value in parsed) or month_first:
            cleaner.raw = cells.to_pylist()  # the notes are the cell-by-cell cleaner's
            return
        # None (a missing-value marker) is NaT; every other value is a datetime.
        stamps = np.array(parsed, dtype="datetime64[us]")
        out[rest] = stamps[codes]
    if np.isnat(out).all():
        cleaner.finished = [None] * len(out)
    else:
        cleaner.finished = out
