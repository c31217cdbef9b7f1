"""The rules in plain words (the Method page) state the numbers of the rules they are given."""

from __future__ import annotations

from smm_logic.assessment.method import explain_rules
from tests.unit.assessment.synthetic import BANK, RULES


def rendered(lang: str = "en") -> list[str]:
    return [message.render(lang) for message in explain_rules(RULES, BANK)]  # type: ignore[arg-type]


def test_the_weights_bounds_and_levels_are_those_of_the_rules() -> None:
    texts = rendered()

    assert "its score is 25% answers and 75% figures." in texts[1]
    assert "Report figures that score “Content”: ER by followers (per post)." in texts
    assert (
        "Report figures that score “Communication”: Response time (median), Talk rate per post."
        in texts
    )
    assert any("at most 90." in text for text in texts)
    assert any("at the weak bound it scores 40, at the good bound 70" in text for text in texts)
    levels = [text for text in texts if text.startswith("Level ")]
    assert levels == [
        "Level Zero — from 0 points: Means level zero.",
        "Level One — from 20 points: Means level one.",
        "Level Two — from 40 points: Means level two.",
        "Level Three — from 60 points: Means level three.",
        "Level Four — from 80 points: Means level four.",
    ]


def test_the_diagnosis_rules_name_the_rules_dimensions_and_thresholds() -> None:
    texts = rendered()

    assert any(
        text.startswith(
            "A dimension scoring below 40 is weak. The SMM work (Content, "
            "Communication, Growth) is sound"
        )
        and "at least 65." in text
        for text in texts
    )
    # The lowest answer that still means "we have goals in numbers" (0.6 and up): Yes.
    no_kpis = next(text for text in texts if text.startswith("“No concrete goals”"))
    assert "answered below “Yes”" in no_kpis and "“Goals” dimension" in no_kpis
    assert "Then 2 KPIs are suggested" in no_kpis and "moved 25% of the way" in no_kpis
    assert any("differ by 30 points or more" in text for text in texts)
    assert any("from 55 points “good”" in text for text in texts)
    assert any("(below 0.6)" in text and "At most 3 are shown." in text for text in texts)


def test_the_rules_in_words_render_in_russian_with_russian_numbers() -> None:
    texts = rendered("ru")

    assert any("(ниже 0,6)" in text for text in texts)
    assert "Уровень «Ноль» — от 0 баллов: Уровень Zero." in texts
