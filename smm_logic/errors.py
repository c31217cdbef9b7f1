"""The one exception the report engine lets escape: ``ReportFormatError``."""

from __future__ import annotations

from smm_logic.text import Lang, Message


class ReportFormatError(Exception):
    """A file or request the engine cannot turn into a report.

    Carries a stable ``code`` and a one-sentence message in both languages that says
    what is wrong and what to do; ``str()`` gives the English one.
    """

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.message = Message(f"error.{code}", params)
        super().__init__(self.message.render("en"))

    def render(self, lang: Lang) -> str:
        return self.message.render(lang)
