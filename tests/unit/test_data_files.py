"""The core stays pure, and its data files are complete in both languages."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys

import smm_logic
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.report.headers import metrics, normalize
from smm_logic.text import strings
from tests.conftest import ROOT

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_the_core_never_imports_streamlit() -> None:
    modules = [f"smm_logic.{m.name}" for m in pkgutil.iter_modules(smm_logic.__path__)]
    modules = [m for m in modules if m != "smm_logic.__main__"]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + ("print('streamlit' in sys.modules)")
    )

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )

    assert result.stdout.strip() == "False"


def test_every_string_has_both_languages_with_the_same_placeholders() -> None:
    for key, entry in strings().items():
        assert set(entry) == {"ru", "en"}, key
        assert entry["ru"].strip() and entry["en"].strip(), key
        assert set(PLACEHOLDER.findall(entry["ru"])) == set(PLACEHOLDER.findall(entry["en"])), key


def test_every_metric_and_kpi_is_named_in_both_languages() -> None:
    for metric in metrics().values():
        assert metric.name.ru and metric.name.en and metric.help.ru and metric.help.en
    for kpi in kpi_catalog().values():
        assert kpi.name.ru and kpi.name.en
        for group in kpi.requires:
            assert set(group) <= set(metrics()), kpi.id


def test_no_synonym_names_two_metrics() -> None:
    owners: dict[str, str] = {}
    for metric in metrics().values():
        for synonym in metric.synonyms:
            owner = owners.setdefault(normalize(synonym), metric.id)
            assert owner == metric.id, synonym
