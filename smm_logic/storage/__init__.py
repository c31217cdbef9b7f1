"""Storage: what the user entered, kept in a database (SQLite by default, PostgreSQL by
URL), always per owner.

    engine = make_engine(Settings.load(secrets=...))
    upgrade(engine)                       # on start: the schema through the migrations
    workspace = Workspace(engine, owner, read_only=settings.read_only_demo)

The core's other layers never import this package; it may use theirs.
"""

from smm_logic.storage.drafts import DEFAULT_DRAFT, NO_DRAFT
from smm_logic.storage.engine import make_engine
from smm_logic.storage.errors import (
    NameTakenError,
    NotFoundError,
    ReadOnlyError,
    SaveError,
    StaleDraftError,
    StorageError,
    StorageUnavailableError,
)
from smm_logic.storage.invitations import Invitee
from smm_logic.storage.migrate import current_revision, head_revision, upgrade
from smm_logic.storage.models import ROLES
from smm_logic.storage.records import (
    ClientHistory,
    ClientInfo,
    Draft,
    ReportInfo,
    ReportToSave,
    RespondentInfo,
    SavedAssessment,
    SavedReport,
)
from smm_logic.storage.settings import Settings
from smm_logic.storage.tokens import (
    browser_owner,
    is_browser_token,
    new_browser_token,
    user_owner,
)
from smm_logic.storage.workspace import Workspace

__all__ = [
    "DEFAULT_DRAFT",
    "NO_DRAFT",
    "ROLES",
    "ClientHistory",
    "ClientInfo",
    "Draft",
    "Invitee",
    "NameTakenError",
    "NotFoundError",
    "ReadOnlyError",
    "ReportInfo",
    "ReportToSave",
    "RespondentInfo",
    "SaveError",
    "SavedAssessment",
    "SavedReport",
    "Settings",
    "StaleDraftError",
    "StorageError",
    "StorageUnavailableError",
    "Workspace",
    "browser_owner",
    "current_revision",
    "head_revision",
    "is_browser_token",
    "make_engine",
    "new_browser_token",
    "upgrade",
    "user_owner",
]
