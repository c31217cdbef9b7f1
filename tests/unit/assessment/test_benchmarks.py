"""Benchmark bands per platform and account size: which band a scope is judged by, and the
rejections of a broken band, and that the Numbers page rates by the same band as the
Scorecard (the shipped file's bands are read in test_verdict_shipped)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from smm_logic.datafile import DataFileError
from smm_logic.kpis.benchmarks import Band, canonical_platform, load_bands, parse_all_bands
from smm_logic.outputs.kpi_explain import benchmark_band
from smm_logic.text import Text

WORDS = {
    f"{name}_{lang}": "x" for name in ("source", "year", "method", "note") for lang in ("ru", "en")
}
DATA: dict[str, Any] = {
    "band": [
        {"kpi": "er_followers_pct", "direction": "higher", "weak_below": 1.0, **WORDS},
        {"kpi": "er_followers_pct", "platform": "Instagram", "direction": "higher",
         "weak_below": 0.2, **WORDS},
        {"kpi": "er_followers_pct", "platform": "Instagram", "followers_below": 10000,
         "direction": "higher", "weak_below": 0.5, **WORDS},
    ]
}  # fmt: skip


def band(platform: str | None = None, low: float | None = None, high: float | None = None) -> Band:
    words = Text("x", "x")
    return Band("er_followers_pct", 1.0, 2.0, "higher", words, words, words, words,
                platform=platform, followers_from=low, followers_below=high)  # fmt: skip


def test_a_band_applies_to_its_platform_and_size_only() -> None:
    sized = band("Instagram", 10_000, 100_000)

    assert sized.applies("Instagram", 10_000) and sized.applies("Instagram", 99_999)
    assert not sized.applies("Instagram", 100_000) and not sized.applies("Instagram", None)
    assert not sized.applies("VK", 20_000)
    assert band().applies("VK", None) and band("Instagram").applies("Instagram", None)
    assert band().specificity < band("Instagram").specificity < sized.specificity


def test_a_report_spells_the_platform_its_own_way() -> None:
    assert canonical_platform("instagram") == "Instagram"
    assert canonical_platform("ВК") == "VK"
    assert canonical_platform(None) is None


def rejection(change: Callable[[dict[str, Any]], object]) -> str:
    data = copy.deepcopy(DATA)
    change(data)
    with pytest.raises(DataFileError) as caught:
        parse_all_bands(data)
    return str(caught.value)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["band"][1].update(platform="Myspace"), "unknown platform «Myspace»"),
        (lambda d: d["band"][2].update(followers_from=20000), "must be below followers_below"),
        (lambda d: d["band"].append(copy.deepcopy(d["band"][1])), "a second band for the same"),
        (lambda d: d["band"][0].update(platfrom="VK"), "unknown field platfrom"),
        (lambda d: d["band"][2].update(followers_below=-5), "followers_below = -5 is outside"),
    ],
)
def test_a_broken_band_is_rejected_naming_it(
    change: Callable[[dict[str, Any]], object], problem: str
) -> None:
    message = rejection(change)

    assert message.startswith("benchmarks.toml: band «er_followers_pct»")
    assert problem in message


def test_the_three_bands_read_as_written() -> None:
    bands = parse_all_bands(DATA)

    assert [(b.platform, b.followers_below, b.weak_below) for b in bands] == [
        (None, None, 1.0),
        ("Instagram", None, 0.2),
        ("Instagram", 10000, 0.5),
    ]


def test_the_numbers_page_rates_one_platform_by_its_own_band_as_the_scorecard_does() -> None:
    instagram = benchmark_band("er_followers_pct", frozenset({"Instagram"}))
    mixed = benchmark_band("er_followers_pct", frozenset({"Instagram", "VK"}))

    assert instagram is not None and instagram.platform == "Instagram"
    assert mixed == load_bands()["er_followers_pct"]
    assert benchmark_band("er_followers_pct", frozenset({"VK"})) == mixed
