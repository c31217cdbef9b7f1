"""``metrics.toml`` is validated as strictly as the question bank: every refusal names the
record and the field."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from smm_logic.datafile import DataFileError
from smm_logic.report.headers import METRICS_FILE, parse_metric_catalog
from smm_logic.text import load_data_file


@pytest.fixture
def data() -> dict[str, Any]:
    return copy.deepcopy(load_data_file(METRICS_FILE))


def metric(data: dict[str, Any], metric_id: str) -> dict[str, Any]:
    return next(record for record in data["metric"] if record["id"] == metric_id)


def test_the_shipped_catalog_loads_in_file_order() -> None:
    catalog = parse_metric_catalog(load_data_file(METRICS_FILE))

    assert list(catalog.metrics)[:3] == ["date", "platform", "account"]
    assert catalog.metrics["net_followers"].signed
    assert not catalog.metrics["followers"].signed
    assert catalog.units["мин"].factor == pytest.approx(1 / 60)
    assert catalog.platforms["вконтакте"] == "VK"


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        (
            lambda d: metric(d, "reach").update(kind="integer"),
            "metric «reach»: kind must be one of",
        ),
        (lambda d: metric(d, "reach").update(units=["volume"]), "unknown unit family «volume»"),
        (lambda d: metric(d, "reach").pop("help_en"), "the translation help_en is missing"),
        (lambda d: metric(d, "reach").update(name_ru=" "), "the translation name_ru is missing"),
        (lambda d: metric(d, "reach").update(synonym=["Охват"]), "unknown field synonym"),
        (lambda d: metric(d, "reach").update(synonyms=[]), "synonyms must be a non-empty list"),
        (lambda d: metric(d, "date").update(signed=True), "signed is true or false, and only"),
        (lambda d: metric(d, "likes").update(id="reach"), "metric «reach»: the id is used twice"),
        (lambda d: metric(d, "likes").update(id="Likes"), "id must be a lower-case identifier"),
        (lambda d: d["units"]["money"].update(spellings=["USD"]), "«USD» must be written in lower"),
        (lambda d: d["units"]["duration"]["minutes"].update(factor=0), "factor = 0 is outside"),
        (lambda d: d["platforms"].update(VK=["VK"]), "[platforms] VK: aliases: «VK» must be"),
    ],
)
def test_a_wrong_record_is_refused_with_the_record_and_field_named(
    data: dict[str, Any], edit: Any, named: str
) -> None:
    edit(data)

    with pytest.raises(DataFileError) as refused:
        parse_metric_catalog(data)

    assert str(refused.value).startswith(METRICS_FILE)
    assert named in str(refused.value)
