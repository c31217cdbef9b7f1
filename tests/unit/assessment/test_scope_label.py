"""The Scorecard's scope line names a roll-up's first accounts and counts the rest."""

from __future__ import annotations

from datetime import date

from smm_logic.assessment.scorecard import NAMED_ACCOUNTS, ReportScope


def _scope(accounts: int) -> ReportScope:
    pairs = tuple(("VK", f"client_{number:05d}") for number in range(accounts))
    return ReportScope(pairs, date(2026, 3, 1), date(2026, 3, 31))


def test_a_roll_up_of_many_accounts_names_the_first_and_counts_the_rest() -> None:
    scope = _scope(50_000)
    label_en, label_ru = scope.label("en"), scope.label("ru")
    assert "VK / client_00011" in label_en
    assert "client_00012" not in label_en
    assert "…and 49,988 more" in label_en
    assert "…и ещё 49\u00a0988" in label_ru
    assert len(label_en) < 500


def test_the_json_scope_keeps_every_account() -> None:
    assert len(_scope(50_000).to_json("en")["accounts"]) == 50_000  # type: ignore[arg-type]


def test_a_few_accounts_are_all_named() -> None:
    label = _scope(NAMED_ACCOUNTS).label("en")
    assert f"client_{NAMED_ACCOUNTS - 1:05d}" in label
    assert "more" not in label
