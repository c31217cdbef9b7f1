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


def profile(weak: tuple[str, ...] = ()) -> dict[str, str]:
    """An answer to every question: the best option, the worst in the ``weak`` dimensions."""
    bank = load_bank()
    return {
        question.id: scored_option(bank, question.id, question.dimension not in weak)
        for question in bank.questions
    }


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
    """Pick ``choices`` in the section on screen; the ids of its questions."""
    asked = []
    for radio in app.radio:
        if radio.key and radio.key.startswith(QUESTION_PREFIX):
            question_id = radio.key.removeprefix(QUESTION_PREFIX)
            asked.append(question_id)
            radio.set_value(choices[question_id])
    return asked


def dimension_order() -> list[str]:
    return [d.id for d in sorted(load_bank().dimensions, key=lambda d: d.order)]


# -------------------------------------------------------------------- tests


def test_answering_every_section_leads_to_the_review_and_the_scorecard_verdict() -> None:
    bank = load_bank()
    choices = profile(weak=("communication",))
    app = open_page("assessment.py")
    app.radio(key="assessment_respondent_pick").set_value("smm").run()

    asked: list[str] = []
    for number, dimension in enumerate(dimension_order()):
        assert shows(app, dimension_name(dimension)), dimension
        assert app.get("progress")[0].proto.text.startswith(f"Section {number + 1} of 8")
        asked += answer_section(app, choices)
        app.button(key="assessment_next").click().run()
        assert not app.exception

    assert sorted(asked) == sorted(q.id for q in bank.questions)
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


def dimension_name(dimension: str, lang: str = "en") -> str:
    return next(d for d in load_bank().dimensions if d.id == dimension).name.render(lang)  # type: ignore[arg-type]


def test_the_start_page_button_opens_the_first_section() -> None:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.session_state["lang"] = "en"
    app.run()

    app.button(key="start_assess").click().run()

    assert not app.exception
    assert app.title[0].value == "Self-assessment"
    assert shows(app, dimension_name(dimension_order()[0]))


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
    app = open_page(
        "assessment.py", assessment_answers=choices, assessment_step=len(bank.dimensions)
    )

    assert shows(app, f"{len(choices)} of {len(bank.questions)} answered")
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
    assert app.session_state["assessment_step"] == len(bank.dimensions)
    assert shows(app, f"{len(bank.questions)} of {len(bank.questions)} answered")


def test_switching_the_language_translates_the_questions_and_keeps_the_answers() -> None:
    bank = load_bank()
    choices = profile()
    app = open_page("assessment.py", assessment_answers=choices)
    first = bank.questions_of(dimension_order()[0])[0]

    app.session_state["lang"] = "ru"
    app.run()

    assert not app.exception
    assert app.title[0].value == "Самооценка"
    radio = app.radio(key=QUESTION_PREFIX + first.id)
    assert radio.label == first.text.render("ru")
    assert radio.value == choices[first.id]
    assert app.button(key="assessment_next").label == "Далее"
