"""AppTest of the Self-assessment page: every section through its form, the review, the way on."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from smm_logic.assessment.bank import QuestionBank, load_bank
from tests.conftest import ROOT

QUESTION_PREFIX = "assessment_q_"


# ----------------------------------------------------------- shared builders


def open_page(file: str, lang: str = "en", **state: object) -> AppTest:
    """The app on ``pages/<file>``, with ``state`` seeded before the first run."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.session_state["lang"] = lang
    for key, value in state.items():
        app.session_state[key] = value
    app.run()
    app.switch_page(f"pages/{file}").run()
    assert not app.exception
    return app


def scored_option(bank: QuestionBank, question_id: str, best: bool) -> str:
    """The highest- or lowest-valued option of a question (never "don't know")."""
    options = [option for option in bank.options(question_id) if option.value is not None]
    values = [option.value or 0.0 for option in options]
    pick = values.index(max(values)) if best else values.index(min(values))
    return options[pick].id


# The context a profile is answered in: an agency, for over a year (nothing is skipped).
CONTEXT_ANSWERS = {"context.smm_duration": "over_a_year", "context.smm_runner": "agency"}


def profile(weak: tuple[str, ...] = ()) -> dict[str, str]:
    """An answer to every question asked: the context above, then the best option, the worst
    in the ``weak`` dimensions (a question those answers skip is left out)."""
    bank = load_bank()
    choices = dict(CONTEXT_ANSWERS)
    for question in bank.questions:
        if not question.skipped(choices):
            best = question.dimension not in weak
            choices[question.id] = scored_option(bank, question.id, best)
    return choices


def shown_texts(app: AppTest) -> list[str]:
    """Every text of the page: alerts, markdown, captions, metrics and headings."""
    return [
        *(element.value for element in [*app.success, *app.info, *app.warning, *app.error]),
        *(element.value for element in app.markdown),
        *(element.value for element in app.caption),
        *(str(element.value) for element in app.metric),
        *(element.value for element in [*app.title, *app.subheader, *app.header]),
    ]


def shows(app: AppTest, text: str) -> bool:
    return any(text in shown for shown in shown_texts(app))


def answer_section(app: AppTest, choices: dict[str, str]) -> list[str]:
    """Pick ``choices`` in the section on screen; the ids of the questions answered (one
    that ``choices`` skip is left alone: it leaves the screen once they are picked)."""
    asked = []
    for radio in app.radio:
        if radio.key and radio.key.startswith(QUESTION_PREFIX):
            question_id = radio.key.removeprefix(QUESTION_PREFIX)
            if question_id in choices:
                asked.append(question_id)
                radio.set_value(choices[question_id])
    return asked


def section_order() -> list[str]:
    """The context first, then the dimensions in their order."""
    return ["context", *(d.id for d in sorted(load_bank().dimensions, key=lambda d: d.order))]


def section_name(section: str, lang: str = "en") -> str:
    if section == "context":
        return "About your social networks" if lang == "en" else "О ваших соцсетях"
    return next(d for d in load_bank().dimensions if d.id == section).name.render(lang)  # type: ignore[arg-type]


# -------------------------------------------------------------------- tests


def test_answering_every_section_leads_to_the_review_and_the_scorecard_verdict() -> None:
    bank = load_bank()
    choices = profile(weak=("communication",))
    app = open_page("assessment.py")
    app.radio(key="assessment_respondent_pick").set_value("smm").run()

    asked: list[str] = []
    for number, section in enumerate(section_order()):
        assert shows(app, section_name(section)), section
        assert app.get("progress")[0].proto.text.startswith(f"Section {number + 1} of 9")
        asked += answer_section(app, choices)
        app.button(key="assessment_next").click().run()
        assert not app.exception

    assert sorted(asked) == sorted(q.id for q in bank.asked(choices))
    assert app.session_state["assessment_answers"] == choices
    assert app.session_state["assessment_respondent"] == "smm"
    assert shows(app, f"{len(choices)} of {len(choices)} answered")
    app.button(key="assessment_to_scorecard").click().run()
    assert not app.exception
    assert app.title[0].value == "Scorecard: is your SMM effective"
    # Communication answered worst (0), the seven other dimensions best (100): 700 / 8 = 87.5;
    # the level is one step above the weakest link's (Ad hoc): Emerging. Negative comments
    # answered «almost never» are a red flag, and the verdict says it first.
    assert shows(
        app,
        "Red flag — negative comments mostly go unanswered: until it is dealt with, the SMM "
        "cannot be called effective (88 of 100, level Emerging).",
    )


def test_the_start_page_button_opens_the_first_section() -> None:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.session_state["lang"] = "en"
    app.run()

    app.button(key="start_assess").click().run()

    assert not app.exception
    assert app.title[0].value == "Self-assessment"
    assert shows(app, section_name("context"))


def test_previous_keeps_the_answers_of_the_section_it_leaves() -> None:
    choices = profile()
    app = open_page("assessment.py", assessment_step=1)
    asked = answer_section(app, choices)

    app.button(key="assessment_previous").click().run()

    assert not app.exception
    assert app.session_state["assessment_step"] == 0
    assert {q: app.session_state["assessment_answers"][q] for q in asked} == {
        q: choices[q] for q in asked
    }


def test_answers_survive_a_page_switch_and_show_in_their_widgets_again() -> None:
    choices = profile()
    app = open_page("assessment.py")
    asked = answer_section(app, choices)
    app.button(key="assessment_next").click().run()

    app.switch_page("pages/numbers.py").run()
    app.switch_page("pages/assessment.py").run()
    app.button(key="assessment_previous").click().run()

    assert not app.exception
    assert {q: app.radio(key=QUESTION_PREFIX + q).value for q in asked} == {
        q: choices[q] for q in asked
    }


def test_the_review_lists_every_answer_and_change_reopens_its_section() -> None:
    bank = load_bank()
    choices = profile()
    skipped = bank.questions_of("traffic")[0].id
    del choices[skipped]
    asked = len(bank.asked(choices))
    app = open_page(
        "assessment.py", assessment_answers=choices, assessment_step=len(section_order())
    )

    assert shows(app, f"{asked - 1} of {asked} answered")
    assert shows(app, f"{bank.question(skipped).text.render('en')} — *not answered*")
    app.button(key="assessment_edit_traffic").click().run()

    assert not app.exception
    assert app.radio(key=QUESTION_PREFIX + skipped).value is None
    answer_section(app, {**choices, skipped: scored_option(bank, skipped, best=False)})
    assert app.button(key="assessment_next").label == "Review the answers"
    app.button(key="assessment_next").click().run()
    assert app.session_state["assessment_answers"][skipped] == scored_option(
        bank, skipped, best=False
    )
    assert app.session_state["assessment_step"] == len(section_order())
    assert shows(app, f"{asked} of {asked} answered")


def test_switching_the_language_translates_the_questions_and_keeps_the_answers() -> None:
    bank = load_bank()
    choices = profile()
    app = open_page("assessment.py", assessment_answers=choices)
    first = bank.questions_of(section_order()[0])[0]

    app.session_state["lang"] = "ru"
    app.run()

    assert not app.exception
    assert app.title[0].value == "Самооценка"
    radio = app.radio(key=QUESTION_PREFIX + first.id)
    assert radio.label == first.text.render("ru")
    assert radio.value == choices[first.id]
    assert app.button(key="assessment_next").label == "Далее"


def asked_on_screen(app: AppTest) -> list[str]:
    """The ids of the questions whose answer widgets are on the screen."""
    return [
        radio.key.removeprefix(QUESTION_PREFIX)
        for radio in app.radio
        if radio.key and radio.key.startswith(QUESTION_PREFIX)
    ]


def test_the_context_questions_come_first_in_a_section_of_their_own() -> None:
    app = open_page("assessment.py")

    assert app.get("progress")[0].proto.text == "Section 1 of 9: About your social networks"
    assert asked_on_screen(app) == ["context.smm_duration", "context.smm_runner"]
    app.radio(key=QUESTION_PREFIX + "context.smm_runner").set_value("freelancer").run()
    assert not app.exception
    assert app.session_state["assessment_answers"] == {"context.smm_runner": "freelancer"}


def test_an_owner_running_the_smm_is_asked_about_their_own_work() -> None:
    bank = load_bank()
    goals = section_order().index("goals")
    app = open_page(
        "assessment.py",
        assessment_answers={"context.smm_runner": "owner"},
        assessment_step=goals,
    )

    on_screen = asked_on_screen(app)
    assert "goals.goals_known" not in on_screen  # about someone else knowing the goals
    owner_wording = bank.question("goals.plan_review").owner_text
    assert owner_wording is not None
    assert app.radio(key=QUESTION_PREFIX + "goals.plan_review").label == owner_wording.render("en")
    assert shows(app, owner_wording.render("en"))
    app.session_state["assessment_step"] = section_order().index("partnership")
    app.run()
    assert not app.exception
    on_screen = asked_on_screen(app)
    assert "partnership.knows_product" not in on_screen
    assert "partnership.customer_voice" in on_screen
    assert app.radio(key=QUESTION_PREFIX + "partnership.customer_voice").label.startswith(
        "Do you change anything in the product"
    )


def test_an_agency_running_the_smm_gets_the_usual_wording_and_every_question() -> None:
    bank = load_bank()
    app = open_page(
        "assessment.py",
        assessment_answers={"context.smm_runner": "agency"},
        assessment_step=section_order().index("goals"),
    )

    assert asked_on_screen(app) == [q.id for q in bank.questions_of("goals")]
    assert app.radio(key=QUESTION_PREFIX + "goals.plan_review").label == bank.question(
        "goals.plan_review"
    ).text.render("en")


def test_no_giveaways_takes_the_question_on_entrants_off_the_screen_at_once() -> None:
    app = open_page("assessment.py", assessment_step=section_order().index("growth"))
    assert "growth.giveaway_winners_stay" in asked_on_screen(app)

    app.radio(key=QUESTION_PREFIX + "growth.giveaways").set_value("never").run()

    assert not app.exception
    assert "growth.giveaway_winners_stay" not in asked_on_screen(app)
    assert app.session_state["assessment_answers"] == {"growth.giveaways": "never"}
    app.radio(key=QUESTION_PREFIX + "growth.giveaways").set_value("sometimes").run()
    assert "growth.giveaway_winners_stay" in asked_on_screen(app)


def test_an_entrants_answer_is_dropped_once_giveaways_are_never() -> None:
    app = open_page(
        "assessment.py",
        assessment_answers={"growth.giveaways": "sometimes", "growth.giveaway_winners_stay": "few"},
        assessment_step=section_order().index("growth"),
    )

    app.radio(key=QUESTION_PREFIX + "growth.giveaways").set_value("never").run()

    assert "growth.giveaway_winners_stay" not in app.session_state["assessment_answers"]


def test_a_skipped_question_is_neither_listed_nor_counted_as_unanswered_in_the_review() -> None:
    bank = load_bank()
    choices = {**profile(), "context.smm_runner": "owner", "growth.giveaways": "never"}
    choices = {q: o for q, o in choices.items() if q not in bank.skipped(choices)}
    app = open_page(
        "assessment.py", assessment_answers=choices, assessment_step=len(section_order())
    )

    assert not app.exception
    assert shows(app, f"{len(choices)} of {len(choices)} answered")
    assert not shows(app, "not answered")
    assert not shows(app, bank.question("growth.giveaway_winners_stay").text.render("en"))
    assert not shows(app, bank.question("partnership.knows_product").text.render("en"))


def test_answers_saved_by_the_first_version_of_the_questions_come_back_in_todays_ids() -> None:
    saved = {
        "growth.bought_followers": "long_ago",
        "communication.negative_reply_speed": "within_hour",
    }
    app = open_page("assessment.py", assessment_answers=saved, assessment_step=len(section_order()))

    assert not app.exception
    assert app.session_state["assessment_answers"] == {"growth.bought_followers": "over_a_year_ago"}
    assert shows(app, "— **Yes, but more than a year ago**")
