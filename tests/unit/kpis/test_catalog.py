"""``kpis.toml`` is validated as strictly as the question bank, and every KPI it lists has
exactly one formula."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest

from smm_logic.datafile import DataFileError
from smm_logic.kpis.catalog import KPIS_FILE, SUMMED, kpi_catalog, parse_kpi_catalog
from smm_logic.kpis.formulas import AggregateArrays, derive_kpi_arrays
from smm_logic.report.headers import metrics
from smm_logic.text import load_data_file


@pytest.fixture
def data() -> dict[str, Any]:
    return copy.deepcopy(load_data_file(KPIS_FILE))


def kpi(data: dict[str, Any], kpi_id: str) -> dict[str, Any]:
    return next(record for record in data["kpi"] if record["id"] == kpi_id)


def test_every_kpi_of_the_catalog_has_a_formula_and_every_summed_column_is_a_metric() -> None:
    empty = np.full(1, np.nan)
    one_scope = AggregateArrays(
        sums=dict.fromkeys(SUMMED, empty),
        rows=np.zeros(1, dtype=np.int64),
        followers_start=empty,
        followers_end=empty,
        followers_avg=empty,
        response_time_median=empty,
    )

    assert list(derive_kpi_arrays(one_scope)) == list(kpi_catalog())
    assert set(SUMMED) <= set(metrics())


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        (lambda d: kpi(d, "err_pct").update(section="reach"), "kpi «err_pct»: section must be"),
        (lambda d: kpi(d, "err_pct").update(unit="ratio"), "unit must be one of"),
        (lambda d: kpi(d, "err_pct").update(direction="up"), "direction must be one of"),
        (lambda d: kpi(d, "err_pct").pop("formula_ru"), "the translation formula_ru is missing"),
        (lambda d: kpi(d, "err_pct").update(requires=[["reech"]]), "unknown metric «reech»"),
        (lambda d: kpi(d, "err_pct").update(requires=[]), "requires must be a non-empty list"),
        (lambda d: kpi(d, "err_pct").update(note="x"), "unknown field note"),
        (lambda d: kpi(d, "cpc").update(id="err_pct"), "kpi «err_pct»: the id is used twice"),
    ],
)
def test_a_wrong_record_is_refused_with_the_record_and_field_named(
    data: dict[str, Any], edit: Any, named: str
) -> None:
    edit(data)

    with pytest.raises(DataFileError) as refused:
        parse_kpi_catalog(data)

    assert str(refused.value).startswith(KPIS_FILE)
    assert named in str(refused.value)
