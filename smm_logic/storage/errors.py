"""The errors the storage lets escape, one type per thing a page handles differently.

Every one is a ``StorageError`` with a stable ``code`` and a one-sentence ``message`` in
both languages (``strings_storage.toml``) that says what happened and what to do, so a
page shows ``error.render(lang)`` and keeps what the user entered for a retry.
"""

from __future__ import annotations

from smm_logic.text import Lang, Message


class StorageError(Exception):
    """Something the storage could not do; ``str()`` gives the English message."""

    code = "failed"

    def __init__(self, detail: str = "", **params: object) -> None:
        self.message = Message(f"storage.error.{self.code}", params)
        # The technical detail (the driver's words) is for the log, never the page.
        self.detail = detail
        super().__init__(self.message.render("en") + (f" ({detail})" if detail else ""))

    def render(self, lang: Lang) -> str:
        return self.message.render(lang)


class StorageUnavailableError(StorageError):
    """The database could not be reached or read (down, unreadable file)."""

    code = "unavailable"


class SaveError(StorageUnavailableError):
    """The database could not be reached or written (down, disk full, unwritable file);
    nothing of the attempted change was kept."""

    code = "save_failed"


class ReadOnlyError(StorageError):
    """Saving is turned off (``read_only_demo``)."""

    code = "read_only"


class NotFoundError(StorageError):
    """No such record for this owner: missing, deleted, or someone else's (the three
    look the same on purpose, so an id never tells that another owner's record exists)."""

    code = "not_found"


class NameTakenError(StorageError):
    """The owner already has a client of that name."""

    code = "name_taken"


class StaleDraftError(StorageError):
    """The draft was saved elsewhere (another tab) since this copy was loaded; saving
    would overwrite that work, so it was refused. ``current`` is the revision stored."""

    code = "stale_draft"

    def __init__(self, detail: str = "", *, current: int) -> None:
        self.current = current
        super().__init__(detail)
