"""kpi-spec §4: ZIP archives as the services hand them out, and several files read
together, make one report joined on (date, platform, account). Files built here; the
sums and KPIs are worked out by hand."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

import pytest

from smm_logic.errors import ReportFormatError
from smm_logic.report.ingest import read_report, read_reports
from smm_logic.report.sources.limits import IngestLimits
from smm_logic.usecases import aggregate_report, load_reports, score_report
from tests.builders import csv_bytes, xlsx_bytes


def meta_csv(title: str, values: Mapping[str, float]) -> bytes:
    """A Meta Business Suite account-insights export: a title naming the metric, then
    ``Date,Primary``."""
    rows: list[list[object]] = [[title], ["Date", "Primary"]]
    rows += [[f"{day}T00:00:00", value] for day, value in values.items()]
    return csv_bytes(rows, delimiter=",")


REACH = meta_csv("Facebook reach", {"2026-03-01": 120, "2026-03-02": 80, "2026-03-03": 100})
FOLLOWS = meta_csv("Follows", {"2026-03-01": 3, "2026-03-02": 5, "2026-03-03": 2})
LIKES = meta_csv("Likes", {"2026-03-01": 6, "2026-03-02": 4, "2026-03-03": 5})


def zip_bytes(members: Mapping[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, payload in members.items():
            archive.writestr(name, payload)
    return buffer.getvalue()


def keys(report: object) -> list[str]:
    return [issue.message.key for issue in report.issues]  # type: ignore[attr-defined]


def test_a_zip_of_meta_one_metric_files_is_one_table_joined_on_the_date() -> None:
    data = zip_bytes({"reach.csv": REACH, "follows.csv": FOLLOWS, "likes.csv": LIKES})

    report = read_report(data, "meta_insights.zip")

    table = report.table
    # one row per date, with the three metrics side by side
    assert len(table) == 3
    assert table["reach"].tolist() == [120, 80, 100]
    assert table["new_followers"].tolist() == [3, 5, 2]
    assert table["likes"].tolist() == [6, 4, 5]
    assert table["sheet"].tolist() == ["reach.csv"] * 3
    totals = aggregate_report(report).totals()
    assert totals["reach"] == 300  # 120 + 80 + 100
    assert totals["new_followers"] == 10  # 3 + 5 + 2
    kpis = score_report(report).overall
    # ERR = likes / reach × 100 = 15 / 300 × 100
    assert kpis["err_pct"] == pytest.approx(5.0)
    assert kpis["interactions"] == 15
    assert {"issue.archive_read", "issue.files_joined"} <= set(keys(report))
    assert report.period is not None and report.period[0].isoformat() == "2026-03-01"


def test_nested_archives_system_files_and_readmes_are_not_read_and_listed() -> None:
    inner = zip_bytes({"more.csv": REACH})
    data = zip_bytes(
        {
            "export/reach.csv": REACH,
            "export/follows.csv": FOLLOWS,
            "export/inner.zip": inner,
            "__MACOSX/export/._reach.csv": b"\x00\x05\x16\x07 Mac metadata",
            "export/.DS_Store": b"\x00\x00\x00\x01Bud1",
            "export/README.txt": "Exported by Meta Business Suite",
        }
    )

    report = read_report(data, "meta.zip")

    assert {s.name for s in report.sheets} == {"export/reach.csv", "export/follows.csv"}
    assert len(report.table) == 3
    notes = {issue.message.key: issue.render("en") for issue in report.issues}
    assert "«export/inner.zip»" in notes["issue.archive_nested"]
    assert "«export/README.txt»" in notes["issue.archive_other_files"]
    assert "MACOSX" not in " ".join(notes.values())
    assert "DS_Store" not in " ".join(notes.values())


def test_an_archive_without_tables_is_refused_naming_what_it_holds() -> None:
    data = zip_bytes({"inner.zip": zip_bytes({"a.csv": REACH}), "readme.txt": "hi"})

    with pytest.raises(ReportFormatError) as raised:
        read_report(data, "export.zip")

    assert raised.value.code == "archive_no_tables"
    assert "«inner.zip»" in raised.value.render("en")


def test_a_workbook_inside_an_archive_is_read_its_sheet_named_after_it() -> None:
    rows = [["Дата", "Охват", "Лайки"], ["01.03.2026", 100, 5], ["02.03.2026", 50, 1]]
    data = zip_bytes({"tiktok.xlsx": xlsx_bytes(rows, sheet="Data")})

    report = read_report(data, "tiktok.zip")

    assert [s.name for s in report.sheets] == ["tiktok.xlsx / Data"]
    assert report.table["reach"].sum() == 150


def test_a_zip_bomb_is_refused_before_anything_is_unpacked() -> None:
    data = zip_bytes({"reach.csv": REACH, "huge.csv": b"0" * (8 * 1024 * 1024)})

    with pytest.raises(ReportFormatError) as raised:
        read_report(data, "bomb.zip")

    assert raised.value.code == "compression_ratio"
    assert "huge.csv" in raised.value.render("en")


def test_an_archive_of_too_many_files_is_refused() -> None:
    data = zip_bytes({f"part{n}.csv": REACH for n in range(6)})

    with pytest.raises(ReportFormatError) as raised:
        read_report(data, "many.zip", limits=IngestLimits(max_members=5))

    assert raised.value.code == "too_many_members"


def test_two_files_given_together_make_one_report() -> None:
    files = [("reach.csv", REACH), ("follows.csv", FOLLOWS)]

    report = load_reports(files, isolated=False)

    assert report.name == "reach.csv, follows.csv"
    assert len(report.table) == 3
    assert report.table["new_followers"].sum() == 10
    assert report.table["reach"].sum() == 300


def test_two_files_go_through_one_worker_with_the_same_result() -> None:
    files = [("reach.csv", REACH), ("follows.csv", FOLLOWS)]

    isolated = load_reports(files)

    local = load_reports(files, isolated=False)
    assert isolated.table.equals(local.table)
    assert keys(isolated) == keys(local)


def test_the_same_metric_in_two_files_is_counted_once_and_noted() -> None:
    other = meta_csv("Reach", {"2026-03-02": 999, "2026-03-04": 10})

    report = read_reports([("reach.csv", REACH), ("reach_again.csv", other)])

    # 120 + 80 + 100 from the first file, the 999 of 2 March left out, 4 March added
    assert report.table["reach"].tolist() == [120, 80, 100, 10]
    repeated = [i for i in report.issues if i.message.key == "issue.joined_repeated"]
    assert len(repeated) == 1
    assert repeated[0].sheet == "reach_again.csv"
    assert "«reach.csv»" in repeated[0].render("en")


def test_the_same_file_given_twice_is_read_once() -> None:
    report = read_reports([("reach.csv", REACH), ("copy.csv", REACH)])

    assert report.table["reach"].sum() == 300
    assert "issue.file_repeated" in keys(report)


def test_tables_of_different_accounts_stack() -> None:
    header = ["Дата", "Платформа", "Аккаунт", "Охват"]
    first = csv_bytes([header, ["01.03.2026", "VK", "Кофейня", 100]])
    second = csv_bytes([header, ["01.03.2026", "VK", "Пекарня", 40]])

    report = read_reports([("a.csv", first), ("b.csv", second)])

    assert report.table["account"].tolist() == ["Кофейня", "Пекарня"]
    assert "issue.files_joined" not in keys(report)


def test_skipped_rows_and_issues_name_their_file() -> None:
    header = ["Дата", "Охват", "Лайки"]
    first = csv_bytes([header, ["01.03.2026", 100, 5], ["Итого", 100, 5]])

    report = read_reports([("vk.csv", first), ("follows.csv", FOLLOWS)])

    assert [(s.sheet, s.row) for s in report.skipped] == [("vk.csv", 3)]
    assert "follows.csv" in {i.sheet for i in report.issues}


def test_files_together_are_capped_by_their_total_size() -> None:
    files = [("reach.csv", REACH), ("follows.csv", FOLLOWS)]
    limit = IngestLimits(max_bytes=len(REACH) + 10)

    with pytest.raises(ReportFormatError) as raised:
        read_reports(files, limits=limit)

    assert raised.value.code == "too_large"


def test_files_named_after_networks_are_their_platforms_and_stack() -> None:
    header = ["Дата", "Охват"]
    vk = csv_bytes([header, ["01.03.2026", 100]])
    telegram = csv_bytes([header, ["01.03.2026", 40]])

    report = read_reports([("vk_march.csv", vk), ("Telegram.csv", telegram)])

    assert report.table["platform"].tolist() == ["VK", "Telegram"]
    assert report.table["reach"].tolist() == [100, 40]
    assert "issue.platform_from_file" in keys(report)
    assert "issue.joined_repeated" not in keys(report)


def test_two_different_files_of_one_name_stay_two_files() -> None:
    again = meta_csv("Follows", {"2026-03-01": 7})

    report = read_reports([("Export.csv", FOLLOWS), ("Export.csv", LIKES), ("Export.csv", again)])

    assert [s.name for s in report.sheets] == [
        "Export.csv",
        "Export (2).csv",
        "Export (3).csv",
    ]
    # likes joined into the follows rows; the second 1 March follows value not counted
    assert report.table["likes"].tolist() == [6, 4, 5]
    assert report.table["new_followers"].tolist() == [3, 5, 2]


def test_an_undated_table_beside_daily_ones_does_not_count_their_metric_twice() -> None:
    # YouTube Studio: Totals.csv day by day, Table data.csv one row per video
    totals = csv_bytes([["Date", "Views"], ["2026-03-01", 70], ["2026-03-02", 30]], delimiter=",")
    videos = [["Content", "Video title", "Views", "Likes"], ["a1", "First", 60, 4]]
    table = csv_bytes([*videos, ["b2", "Second", 40, 1]], delimiter=",")
    data = zip_bytes({"Table data.csv": table, "Totals.csv": totals})

    report = read_report(data, "youtube.zip")

    totals_after = aggregate_report(report).totals()
    assert totals_after["views"] == 100  # 70 + 30, not also 60 + 40
    assert totals_after["likes"] == 5  # the videos' likes are only in the table
    assert "issue.undated_repeated" in keys(report)
