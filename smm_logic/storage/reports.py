"""Reports saved to a client: the source to read again, the reading choices, the KPIs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from smm_logic.storage.base import Scope, plain_json
from smm_logic.storage.errors import NotFoundError
from smm_logic.storage.models import Report, ReportFile
from smm_logic.storage.records import ReportInfo, ReportToSave, SavedReport

NAME_LENGTH = 500


def report_info(report: Report) -> ReportInfo:
    period = None
    if report.period_start is not None and report.period_end is not None:
        period = (report.period_start, report.period_end)
    return ReportInfo(
        id=report.id,
        client_id=report.client_id,
        name=report.name,
        profile=report.profile,
        period=period,
        overrides=dict(report.overrides),
        kpis=dict(report.kpis),
        saved_at=report.saved_at,
    )


def _named_digests(source: Any) -> set[str]:
    """The files a source names (``"digest"`` of its file parts), however nested."""
    if isinstance(source, dict):
        found = {str(source["digest"])} if "digest" in source else set()
        for value in source.values():
            found |= _named_digests(value)
        return found
    if isinstance(source, list):
        return set().union(*(_named_digests(item) for item in source))
    return set()


class ReportsPart(Scope):
    def save_report(self, client_id: int, report: ReportToSave) -> ReportInfo:
        """Keep a report with the client; its files are stored once per owner."""
        if not report.name.strip() or len(report.name) > NAME_LENGTH:
            raise ValueError("a report's name must have 1 to 500 characters")
        missing = _named_digests(report.source) - set(report.files)
        if missing:
            raise ValueError(f"the bytes of the files {sorted(missing)} are missing")
        start, end = report.period or (None, None)
        row = Report(
            owner=self.owner,
            client_id=client_id,
            name=report.name,
            profile=report.profile,
            period_start=start,
            period_end=end,
            source=plain_json(report.source, "a report's source"),
            overrides=plain_json(dict(report.overrides), "a report's mapping overrides"),
            kpis=plain_json(report.kpis, "a report's KPIs"),
        )
        with self._write() as session:
            self._client(session, client_id)
            self._keep_files(session, report.files)
            session.add(row)
            session.flush()  # the report's id, for its files
            session.add_all(
                ReportFile(owner=self.owner, report_id=row.id, digest=digest)
                for digest in report.files
            )
            self._touch(session, client_id)
        return report_info(row)

    def list_reports(self, client_id: int) -> list[ReportInfo]:
        """The client's reports, by the end of their period (then by when saved)."""
        with self._read() as session:
            self._client(session, client_id)
            return [report_info(report) for report in self._reports(session, client_id)]

    def open_report(self, report_id: int) -> SavedReport:
        """A saved report with its files' bytes (by sha256), to be read again."""
        with self._read() as session:
            report = self._report(session, report_id)
            digests = session.scalars(
                select(ReportFile.digest).where(
                    ReportFile.owner == self.owner, ReportFile.report_id == report_id
                )
            )
            files = self._files(session, digests)
            return SavedReport(report_info(report), dict(report.source), files)

    def delete_report(self, report_id: int) -> None:
        with self._write() as session:
            report = self._report(session, report_id)
            digests = set(
                session.scalars(
                    select(ReportFile.digest).where(
                        ReportFile.owner == self.owner, ReportFile.report_id == report_id
                    )
                )
            )
            session.delete(report)
            session.flush()
            self._drop_unused(session, digests)
            self._touch(session, report.client_id)

    def _report(self, session: Session, report_id: int) -> Report:
        report = session.scalar(
            select(Report).where(Report.owner == self.owner, Report.id == report_id)
        )
        if report is None:
            raise NotFoundError(f"report {report_id}")
        return report

    def _reports(self, session: Session, client_id: int) -> list[Report]:
        query = (
            select(Report)
            .where(Report.owner == self.owner, Report.client_id == client_id)
            .order_by(Report.period_end.is_(None), Report.period_end, Report.saved_at, Report.id)
        )
        return list(session.scalars(query))
