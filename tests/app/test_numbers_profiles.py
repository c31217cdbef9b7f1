"""AppTest: the Numbers page says which export it recognised, and the user can change it."""

from __future__ import annotations

from tests.app.test_numbers_page import metric_value, numbers_page, upload
from tests.builders import csv_bytes
from tests.unit.report.test_archives import FOLLOWS, LIKES, REACH, zip_bytes
from tests.unit.report.test_profiles import YOUTUBE_EN


def shown(app) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(element.value for element in [*app.caption, *app.markdown])


def test_a_youtube_studio_export_is_recognised_and_read_as_its_profile_says() -> None:
    app = upload(numbers_page(), "youtube.csv", csv_bytes(YOUTUBE_EN, delimiter=","))

    assert "Recognised: YouTube Studio." in shown(app)
    assert app.selectbox(key="numbers_profile_choice").value == "auto"
    # Subscribers is the net change of each video: 10 + 2 (the Total row is skipped).
    assert metric_value(app, "followers_net_change") == "12"


def test_choosing_no_profile_reads_the_same_file_with_the_catalog_alone() -> None:
    app = upload(numbers_page(), "youtube.csv", csv_bytes(YOUTUBE_EN, delimiter=","))

    choice = app.selectbox(key="numbers_profile_choice")
    assert choice.options[-1] == "No profile: the common header catalog only"
    choice.select_index(len(choice.options) - 1).run()

    assert not app.exception
    assert "Recognised: YouTube Studio." not in shown(app)
    # Without the profile, Subscribers is the audience: from 10 to 2 followers.
    assert metric_value(app, "followers_start") == "10"
    assert metric_value(app, "followers_net_change") == "-8"
    app.selectbox(key="numbers_profile_choice").select_index(0).run()
    assert metric_value(app, "followers_net_change") == "12"


def test_the_zip_archive_an_export_comes_in_is_read_as_one_report() -> None:
    data = zip_bytes({"reach.csv": REACH, "follows.csv": FOLLOWS, "likes.csv": LIKES})
    app = numbers_page()
    assert ".zip" in app.get("file_uploader")[0].proto.type

    app = upload(app, "meta_insights.zip", data)

    # reach 120 + 80 + 100 and likes 6 + 4 + 5 from three files joined on the date
    assert metric_value(app, "interactions") == "15"
    assert metric_value(app, "err_pct") == "5.0%"
