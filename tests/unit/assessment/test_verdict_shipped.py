"""The verdict on the shipped question bank, rules and bands, from profiles a consultant
would recognise: bought followers behind rosy answers, growth by giveaways, vague goals,
both weak, a negative crisis in the data, all "don't know", answers that contradict each
other, too early, a report only — and benchmarks that fit the platform."""

from __future__ import annotations

import pytest

from smm_logic.assessment.bank import Answers, load_bank
from smm_logic.assessment.scorecard import Scorecard, build_scorecard
from smm_logic.kpis.benchmarks import band_for, bands_for, load_bands
from smm_logic.text import LANGUAGES

BANK = load_bank()


def rosy(**overrides: str) -> Answers:
    """The best answer to every scored question, the context of a business running its SMM
    for over a year, then ``overrides``."""
    choices: dict[str, str] = {
        "context.smm_duration": "over_a_year",
        "context.smm_runner": "agency",
    }
    for question in BANK.questions:
        scored = [o for o in BANK.options(question.id) if o.value is not None]
        choices[question.id] = max(scored, key=lambda o: o.value or 0.0).id
    return Answers("owner", {**choices, **overrides})


def card(
    answers: Answers | None, kpis: dict[str, float] | None = None, **kwargs: object
) -> Scorecard:
    return build_scorecard(answers, kpis, **kwargs)  # type: ignore[arg-type]


def test_rosy_answers_are_effective_with_no_red_flag() -> None:
    scorecard = card(rosy())

    assert scorecard.codes == ("effective",) and scorecard.red_flags == ()


def test_followers_bought_within_a_year_is_a_red_flag_despite_rosy_answers() -> None:
    scorecard = card(rosy(**{"growth.bought_followers": "within_a_year"}))

    # "Almost all followers come on their own" next to a bought audience: the answers
    # contradict each other too.
    assert scorecard.red_flag_codes == ("bought_followers", "answers_contradict_answers")
    assert "effective" not in scorecard.codes
    assert scorecard.level is not None and scorecard.level.id == "developing"  # capped
    assert scorecard.verdict("ru").startswith(
        "Тревожный сигнал — покупали подписчиков или лайки в последний год"
    )
    assert "Stop buying" in scorecard.red_flags[0].action.render("en")
    # Never "organic growth: good" beside a bought audience.
    organic = next(signal for signal in scorecard.signals if signal.id == "organic_growth")
    assert organic.status == "weak"


def test_followers_bought_more_than_a_year_ago_is_no_red_flag() -> None:
    scorecard = card(rosy(**{"growth.bought_followers": "over_a_year_ago"}))

    assert "bought_followers" not in scorecard.red_flag_codes


@pytest.mark.parametrize(
    ("giveaways", "winners_stay", "flagged"),
    [("regularly", "most", True), ("sometimes", "few", True), ("sometimes", "most", False)],
)
def test_growth_driven_by_giveaways_is_a_red_flag(
    giveaways: str, winners_stay: str, flagged: bool
) -> None:
    answers = rosy(**{"growth.giveaways": giveaways, "growth.giveaway_winners_stay": winners_stay})

    assert ("giveaway_growth" in card(answers).red_flag_codes) is flagged


@pytest.mark.parametrize(
    "vague",
    [{"goals.numeric_kpis": "partly"}, {"goals.plan_review": "yearly"}],
)
def test_vague_goals_are_no_kpis_with_concrete_starting_goals(vague: dict[str, str]) -> None:
    scorecard = card(rosy(**vague))

    assert "no_kpis" in scorecard.codes and "effective" not in scorecard.codes
    finding = next(f for f in scorecard.diagnosis if f.code == "no_kpis")
    assert finding.reason == "vague"
    assert "cannot be judged yet" in finding.message.render("en")
    assert scorecard.suggested_targets


def test_starting_goals_never_ask_for_a_decline_and_reply_within_the_4_hour_standard() -> None:
    # Followers falling 0.81 % a month and replies after 26 hours, no goals in numbers.
    kpis = {"follower_growth_pct": -0.81, "response_time_median_h": 26.0}

    scorecard = card(rosy(**{"goals.numeric_kpis": "no"}), kpis, period_days=30.44)

    targets = {s.kpi: s for s in scorecard.suggested_targets}
    assert targets["follower_growth_pct"].target > 0
    weak = load_bands()["follower_growth_pct"].weak_below
    assert weak is not None and targets["follower_growth_pct"].target >= weak
    assert targets["response_time_median_h"].target == 4.0  # the standard the advice names
    text = next(f for f in scorecard.diagnosis if f.code == "no_kpis").message.render("en")
    assert "Response time (median) at most 4.0\u00a0h" in text
    assert "−" not in text and "-0" not in text


def test_weak_product_and_weak_smm_work_name_both() -> None:
    worst = {
        q.id: min(
            (o for o in BANK.options(q.id) if o.value is not None), key=lambda o: o.value or 0.0
        ).id
        for q in BANK.questions
        if q.dimension in ("product", "content")
    }

    scorecard = card(rosy(**worst))

    assert {"product_problem", "smm_problem"} <= set(scorecard.codes)


def test_a_negative_crisis_in_the_data_is_the_first_thing_said() -> None:
    kpis = {"negative_share_pct": 83.0, "negative_response_rate_pct": 95.0}

    scorecard = card(rosy(), kpis)

    assert scorecard.red_flag_codes[0] == "negative_crisis"
    assert scorecard.red_flags[0].message.render("en").startswith("83.0% of all comments")
    assert "effective" not in scorecard.codes


def test_all_dont_know_says_you_do_not_know_your_own_smm() -> None:
    answers = Answers("owner", {q.id: "dont_know" for q in BANK.every_question()})

    scorecard = card(answers)

    assert scorecard.confidence.level == "low"
    assert scorecard.unknown_own_smm is not None
    for lang in LANGUAGES:
        assert scorecard.verdict(lang).endswith(".")


def test_goals_in_numbers_never_reviewed_contradict_each_other() -> None:
    scorecard = card(rosy(**{"goals.numeric_kpis": "yes", "goals.plan_review": "never"}))

    assert "answers_contradict_answers" in scorecard.red_flag_codes
    assert [i.id for i in scorecard.inconsistencies] == ["goals_never_reviewed"]


def test_under_three_months_is_too_early() -> None:
    scorecard = card(rosy(**{"context.smm_duration": "under_3_months"}))

    assert scorecard.codes[0] == "too_early" and "effective" not in scorecard.codes
    # Rosy answers score 100, but nobody can call three months "Leading".
    assert scorecard.level is not None and scorecard.level.id == "developing"
    assert "Follower growth" in scorecard.diagnosis[0].message.render("en")


def test_a_report_only_scorecard_claims_nothing_about_goals() -> None:
    scorecard = card(None, {"er_followers_pct": 2.5, "response_time_median_h": 2.0})

    for lang in LANGUAGES:
        said = " ".join(
            [scorecard.verdict(lang), *(f.message.render(lang) for f in scorecard.diagnosis)]
        )
        assert "нет конкретных целей" not in said and "has no concrete goals" not in said


# ---------------------------------------------------------------- benchmarks per platform


def test_an_instagram_account_at_the_platform_median_does_not_read_weak() -> None:
    median = 0.47  # Rival IQ 2024, ER by followers
    for followers in (None, 5_000, 50_000, 500_000, 5_000_000):
        band = band_for("er_followers_pct", "Instagram", followers)
        assert band is not None and band.platform == "Instagram", followers
        assert band.weak_below is not None and median >= band.weak_below, followers
    # The cross-platform band would call it weak.
    general = load_bands()["er_followers_pct"]
    assert general.weak_below is not None and median < general.weak_below

    scorecard = card(
        None,
        {"er_followers_pct": median},
        bands=bands_for("instagram", 20_000),  # spelled as a report may spell it
    )
    assert (scorecard.dimensions["content"].data_score or 0) >= 50  # not weak


def test_the_size_band_applies_only_to_accounts_of_that_size() -> None:
    small = band_for("er_followers_pct", "Instagram", 5_000)
    large = band_for("er_followers_pct", "Instagram", 2_000_000)

    assert small is not None and large is not None
    assert small.good_from is not None and large.good_from is not None
    assert small.good_from > large.good_from  # small accounts engage more
    assert band_for("er_followers_pct", "VK", 5_000) == load_bands()["er_followers_pct"]


def test_negative_share_and_talk_rate_have_bands_and_reply_time_agrees_with_4_hours() -> None:
    bands = load_bands()

    assert {"negative_share_pct", "talk_rate_pct"} <= set(bands)
    assert bands["response_time_median_h"].good_from == 4.0
    assert "er_views_pct" not in bands  # Buffer measured engagements ÷ impressions
    assert bands["er_impressions_pct"].source.render("en") == "Buffer"
