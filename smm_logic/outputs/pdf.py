"""The handout as a PDF (A4): a ``Handout`` laid out with fpdf2, charts included.

The charts are the app's own Altair specifications (``Handout`` keeps their Vega-Lite
JSON) rendered to PNG by vl-convert, never redrawn here. Text is set in DejaVu Sans,
shipped in ``assets/fonts`` with its licence, so Cyrillic renders on any machine. Every
text is written as plain text (fpdf2's markdown is off), so a name from a user's file
such as ``<b>`` or ``**x**`` or ``=HYPERLINK(…)`` comes out as the characters it is.
"""

from __future__ import annotations

import contextlib
import copy
import io
import re
import struct
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import vl_convert
from fpdf import FPDF, FontFace, XPos, YPos
from fpdf.enums import TableCellFillMode

from smm_logic.outputs.handout import DimensionRow, Handout, HandoutChart, Item, KpiRow
from smm_logic.text import text

FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
CHART_FONT = "DejaVu Sans"  # the family name vl-convert finds in FONTS
CHART_WIDTH_PX = 470  # the width the charts are laid out at; drawn at CHART_SCALE
CHART_SCALE = 2.0
PDF_CHART_HEIGHT_PX = 200
CONTENT_WIDTH = 180.0  # mm: A4's 210 less two 15 mm margins
MAX_CHART_HEIGHT = 112.0  # mm
INK = (33, 37, 41)
ROW_FILL = (244, 246, 249)
MUTED = (100, 106, 112)
TONES: Mapping[str, tuple[int, int, int]] = {
    "alarm": (192, 57, 43),
    "warning": (211, 132, 0),
    "good": (39, 124, 80),
    "neutral": (70, 110, 160),
}
STATUS_COLORS = {"good": TONES["good"], "weak": TONES["alarm"], "unknown": MUTED}
RATING_COLORS = {
    "met": TONES["good"],
    "good": TONES["good"],
    "typical": TONES["warning"],
    "missed": TONES["alarm"],
    "weak": TONES["alarm"],
}
# C0/C1 control characters (a report's text may carry them) would break a PDF line.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(value: str) -> str:
    return _CONTROL.sub("", value).replace("\t", " ")


@cache
def _chart_fonts() -> None:
    vl_convert.register_font_directory(str(FONTS))


def chart_png(chart: HandoutChart) -> bytes | None:
    """The chart drawn by vl-convert at a page's width, in the handout's font; ``None``
    when it cannot be drawn (then the PDF leaves it out rather than show an empty box)."""
    _chart_fonts()
    spec: dict[str, Any] = copy.deepcopy(dict(chart.spec))
    if spec.get("width") in (None, "container"):
        spec["width"] = CHART_WIDTH_PX
    if isinstance(spec.get("height"), int | float) and spec["height"] > PDF_CHART_HEIGHT_PX:
        # The app's time series are tall for a screen; on paper, two share a page.
        spec["height"] = PDF_CHART_HEIGHT_PX
    config = spec.setdefault("config", {})
    config["font"] = CHART_FONT
    try:
        png = vl_convert.vegalite_to_png(spec, scale=CHART_SCALE)
    except Exception:
        return None
    return png or None


# A chart drawn to PNG and its height in mm at the page's width.
Drawn = tuple[bytes, float]


def draw(chart: HandoutChart | None) -> Drawn | None:
    png = None if chart is None else chart_png(chart)
    if png is None or png[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    if not width or not height:
        return None
    # A tall chart (a time series is 300 px high) is drawn narrower, two to a page.
    return png, min(CONTENT_WIDTH * height / width, MAX_CHART_HEIGHT)


def png_ratio(png: bytes) -> float:
    """Width over height of a PNG, from its IHDR chunk."""
    width, height = struct.unpack(">II", png[16:24])
    return float(width) / float(height)


class _Document(FPDF):
    def __init__(self, handout: Handout) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.handout = handout
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, str(FONTS / name))
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=16)
        self.set_title(plain(text("handout.title", handout.lang)))
        self.set_creator("SMM Scorecard")
        self.alias_nb_pages()

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        client = self.handout.cover.client
        left = plain(f"SMM Scorecard · {client}" if client else "SMM Scorecard")
        self.cell(CONTENT_WIDTH / 2, 5, left, align="L")
        page = text("handout.page", self.handout.lang, page=self.page_no())
        self.cell(CONTENT_WIDTH / 2, 5, page, align="R")

    # ------------------------------------------------------------ building blocks

    def paragraph(
        self,
        value: str,
        size: float = 10,
        *,
        bold: bool = False,
        color: tuple[int, int, int] = INK,
        indent: float = 0,
    ) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*color)
        self.set_x(self.l_margin + indent)
        self.multi_cell(
            CONTENT_WIDTH - indent,
            size * 0.5,
            plain(value),
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )

    def heading(self, value: str, keep: float = 40) -> None:
        """A section title, never alone at the foot of a page: ``keep`` mm of what
        follows must fit under it."""
        if self.get_y() + 14 + keep > self.page_break_trigger:
            self.add_page()
        self.ln(4)
        self.paragraph(value, 14, bold=True)
        self.set_draw_color(*TONES["neutral"])
        self.line(
            self.l_margin, self.get_y() + 0.5, self.l_margin + CONTENT_WIDTH, self.get_y() + 0.5
        )
        self.ln(2.5)

    def item(self, entry: Item, color: tuple[int, int, int]) -> None:
        top = self.get_y()
        if top > self.page_break_trigger - 20:
            self.add_page()
            top = self.get_y()
        self.paragraph(entry.title, 10.5, bold=True, color=color, indent=4)
        self.paragraph(entry.body, 10, indent=4)
        if entry.action:
            self.paragraph(entry.action, 10, indent=4, color=MUTED)
        bottom = self.get_y()
        if bottom > top:  # the bar beside an item that did not run onto the next page
            self.set_fill_color(*color)
            self.rect(self.l_margin, top, 1.6, bottom - top, style="F")
        self.ln(2.5)

    def bullets(self, entries: Sequence[str], mark: str) -> None:
        for number, entry in enumerate(entries, 1):
            sign = f"{number}." if mark == "number" else mark
            self.set_font(FONT, "", 10)
            self.set_text_color(*INK)
            self.cell(8, 5, sign)
            self.multi_cell(
                CONTENT_WIDTH - 8, 5, plain(entry), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
            self.ln(1)

    def chart(self, drawn: Drawn | None) -> None:
        """A drawn chart at the page's width, on the next page when it does not fit."""
        if drawn is None:
            return
        png, height = drawn
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()
        width = min(CONTENT_WIDTH, height * png_ratio(png))
        self.image(io.BytesIO(png), x=self.l_margin, w=width, h=height)
        self.ln(3)

    def key_values(self, rows: Sequence[tuple[str, str]], label_width: float = 40) -> None:
        for label, value in rows:
            self.set_font(FONT, "B", 10)
            self.set_text_color(*MUTED)
            self.cell(label_width, 6, plain(label))
            self.set_font(FONT, "", 10)
            self.set_text_color(*INK)
            self.multi_cell(
                CONTENT_WIDTH - label_width,
                6,
                plain(value),
                align="L",
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )

    def table_of(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
    ) -> None:
        if self.get_y() > self.page_break_trigger - 30:
            self.add_page()  # a header with no row under it
        self.set_font(FONT, "", 8.5)
        self.set_text_color(*INK)
        self.set_fill_color(*ROW_FILL)
        heading = FontFace(emphasis="BOLD", color=INK, fill_color=(228, 233, 240))
        with self.table(
            col_widths=tuple(widths),
            width=CONTENT_WIDTH,
            text_align="LEFT",
            line_height=4.2,
            headings_style=heading,
            cell_fill_color=ROW_FILL,
            cell_fill_mode=TableCellFillMode.ROWS,
            borders_layout="HORIZONTAL_LINES",
            padding=1.2,
        ) as table:
            for values in (header, *rows):
                row = table.row()
                for value in values:
                    row.cell(plain(value))
        self.ln(3)


# ---------------------------------------------------------------- sections


def _cover(doc: _Document, handout: Handout) -> None:
    lang, cover = handout.lang, handout.cover
    doc.add_page()
    if cover.logo:
        # A logo that cannot be read is left off rather than fail the document.
        with contextlib.suppress(Exception):
            doc.image(io.BytesIO(cover.logo), x=doc.l_margin + CONTENT_WIDTH - 40, y=12, h=18)
    doc.set_y(34)
    doc.paragraph(text("handout.title", lang), 18, bold=True, color=TONES["neutral"])
    doc.ln(2)
    if cover.client:
        doc.paragraph(cover.client, 22, bold=True)
        doc.ln(2)
    rows = [(text("handout.made_on", lang), cover.date)]
    if cover.consultant:
        rows.append((text("handout.consultant", lang), cover.consultant))
    if cover.period:
        rows.append((text("handout.period", lang), cover.period))
    if cover.accounts:
        rows.append((text("handout.accounts", lang), ", ".join(cover.accounts)))
    if cover.basis:
        rows.append((text("handout.basis", lang), "\n".join(cover.basis)))
    doc.key_values(rows)
    doc.ln(6)
    _verdict(doc, handout)


def _verdict(doc: _Document, handout: Handout) -> None:
    lang = handout.lang
    color = TONES.get(handout.tone, TONES["neutral"])
    doc.paragraph(text("handout.verdict", lang).upper(), 9, bold=True, color=color)
    doc.ln(1)
    top = doc.get_y()
    doc.paragraph(handout.verdict, 13, bold=True, indent=5)
    doc.set_fill_color(*color)
    doc.rect(doc.l_margin, top, 2, doc.get_y() - top, style="F")
    doc.ln(4)
    doc.key_values(handout.facts, label_width=55)
    if handout.red_flags:
        doc.heading(text("handout.red_flags", lang))
        for flag in handout.red_flags:
            doc.item(flag, TONES["alarm"])


def _dimensions(doc: _Document, handout: Handout) -> None:
    lang = handout.lang
    drawn = draw(handout.dimension_chart)
    doc.heading(text("handout.dimensions", lang), keep=drawn[1] if drawn else 40)
    doc.chart(drawn)
    header = [
        text("handout.dimension", lang),
        text("handout.score", lang),
        text("handout.from_answers", lang),
        text("handout.from_data", lang),
    ]
    rows: list[DimensionRow] = list(handout.dimensions)
    values = [(r.name, r.score_text, r.answers_text, r.data_text) for r in rows]
    doc.table_of(header, values, (90, 30, 30, 30))


def _signals(doc: _Document, handout: Handout) -> None:
    if not handout.signals:
        return
    doc.heading(text("handout.signals", handout.lang))
    for signal in handout.signals:
        body = "\n".join((signal.body, *signal.details))
        color = STATUS_COLORS.get(signal.status, MUTED)
        doc.item(Item(f"{signal.name}: {signal.status_text}", body), color)


def _diagnosis(doc: _Document, handout: Handout) -> None:
    if not handout.diagnosis:
        return
    doc.heading(text("handout.diagnosis", handout.lang))
    for finding in handout.diagnosis:
        doc.item(finding, TONES.get(handout.tone, TONES["neutral"]))


def _kpi_cells(row: KpiRow) -> tuple[str, ...]:
    formula = row.with_numbers or row.formula
    return (
        row.name,
        row.value_text,
        formula,
        row.target or "—",
        row.rating_text or "—",
        row.change or "—",
    )


def _kpis(doc: _Document, handout: Handout) -> None:
    if not handout.kpis:
        return
    lang = handout.lang
    doc.heading(text("handout.kpis", lang))
    if handout.kpi_note:
        doc.paragraph(handout.kpi_note, 9, color=MUTED)
        doc.ln(1)
    header = [
        text(f"handout.{key}", lang)
        for key in ("kpi", "value", "formula", "target", "band", "change")
    ]
    doc.table_of(header, [_kpi_cells(row) for row in handout.kpis], (27, 19, 46, 22, 43, 23))


def _trends(doc: _Document, handout: Handout) -> None:
    drawn = [d for d in map(draw, handout.trends) if d is not None]
    if not drawn:
        return
    doc.heading(text("handout.trends", handout.lang), keep=drawn[0][1])
    for chart in drawn:
        doc.chart(chart)


def _contradictions(doc: _Document, handout: Handout) -> None:
    if not handout.contradictions:
        return
    doc.heading(text("handout.contradictions", handout.lang))
    for entry in handout.contradictions:
        doc.item(entry, TONES["warning"])


def _respondents(doc: _Document, handout: Handout) -> None:
    view = handout.respondents
    if view is None:
        return
    lang = handout.lang
    drawn = draw(view.chart)
    doc.heading(text("handout.respondents", lang), keep=drawn[1] if drawn else 40)
    doc.chart(drawn)
    header = [text("handout.dimension", lang), *view.names]
    rest = (CONTENT_WIDTH - 70) / len(view.names)
    doc.table_of(
        header, [(name, *scores) for name, scores in view.rows], (70, *[rest] * len(view.names))
    )
    if view.differences:
        doc.paragraph(text("handout.differences", lang), 10, bold=True)
        doc.bullets(view.differences, "•")


def _actions(doc: _Document, handout: Handout) -> None:
    lang = handout.lang
    doc.heading(text("handout.actions", lang))
    doc.paragraph(text("handout.recommendations", lang), 11, bold=True)
    doc.ln(1)
    if handout.recommendations:
        doc.bullets(handout.recommendations, "☐")
    else:
        doc.paragraph(text("handout.none_yet", lang), color=MUTED)
    doc.ln(2)
    doc.paragraph(handout.questions_title, 11, bold=True)
    doc.ln(1)
    if handout.questions:
        doc.bullets(handout.questions, "☐")
    else:
        doc.paragraph(text("handout.none_yet", lang), color=MUTED)
    if handout.missing:
        doc.ln(2)
        doc.paragraph(text("handout.missing", lang), 11, bold=True)
        doc.ln(1)
        doc.bullets(handout.missing, "•")


def _method(doc: _Document, handout: Handout) -> None:
    doc.heading(text("handout.method_title", handout.lang))
    for line in handout.method:
        doc.paragraph(line, 9, color=MUTED)
        doc.ln(1)


SECTIONS = (
    _dimensions,
    _signals,
    _diagnosis,
    _kpis,
    _trends,
    _contradictions,
    _respondents,
    _actions,
    _method,
)


def handout_pdf(handout: Handout) -> bytes:
    """The handout as PDF bytes: the cover with the verdict and red flags, then each
    section that has something to say, in the order a reader acts on them."""
    doc = _Document(handout)
    _cover(doc, handout)
    for section in SECTIONS:
        section(doc, handout)
    return bytes(doc.output())
