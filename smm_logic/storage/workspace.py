"""``Workspace(engine, owner)``: everything one owner (a signed-in user or a browser)
can keep, and nothing of anyone else's."""

from __future__ import annotations

from smm_logic.storage.clients import ClientsPart, client_info, respondent_info
from smm_logic.storage.drafts import DraftsPart
from smm_logic.storage.invitations import InvitationsPart
from smm_logic.storage.records import ClientHistory
from smm_logic.storage.reports import ReportsPart, report_info


class Workspace(ClientsPart, ReportsPart, DraftsPart, InvitationsPart):
    """One owner's clients, respondents, assessments, reports, targets and drafts.

    Every method reads or writes in one transaction and only the owner's records;
    failures of the database leave as ``StorageUnavailableError`` (reading) or ``SaveError``
    (writing), a record that is missing or not the owner's as ``NotFoundError``, and with
    ``read_only=True`` every write raises ``ReadOnlyError`` before touching the database.
    """

    def history(self, client_id: int) -> ClientHistory:
        """Everything saved for the client, oldest first, read in one transaction."""
        with self._read() as session:
            client = self._client(session, client_id)
            return ClientHistory(
                client=client_info(client),
                respondents=tuple(
                    respondent_info(item) for item in self._respondents(session, client_id)
                ),
                assessments=tuple(self._assessments(session, client_id)),
                reports=tuple(report_info(item) for item in self._reports(session, client_id)),
                targets=self._targets(session, client_id),
            )
