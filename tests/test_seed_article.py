"""The seed news article ("First 360-degree image of the far side of the Moon released",
11 January 2019): every checkable statement in it is stated by a sourced fact, and a plain
question about each one finds that fact."""

from __future__ import annotations

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.model import KnowledgeBase

# statement in the article -> (fact id, words the fact's text must contain)
SEED_STATEMENTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "China released footage of the touchdown and photos of lander and rover on 11 January": (
        "ce4-complete-success",
        ("11 January 2019", "photos of each other"),
    ),
    "this is the second Chinese probe to land on the Moon, after the Yutu mission of 2013": (
        "prog-second-landing",
        ("second", "2013", "Yutu"),
    ),
    "Chang'e-4 touched down in Von Karman crater in the South Pole-Aitken basin": (
        "ce4-von-karman",
        ("Von Kármán", "South Pole-Aitken"),
    ),
    "Chang'e-4 touched down on 3 January": ("ce4-landing", ("3 January 2019",)),
    "the rover is named after the moon goddess's pet rabbit": (
        "prog-yutu",
        ("pet rabbit", "Chang'e"),
    ),
    "the rover is Yutu-2, Jade Rabbit 2": ("yutu2-name", ("Yutu-2", "Jade Rabbit")),
    "the rover separated from the lander and drove onto the surface": (
        "yutu2-deploy",
        ("ramp", "3 January 2019"),
    ),
    "the China National Space Administration ran the mission": (
        "ce4-cnsa-director",
        ("China National Space Administration", "CNSA"),
    ),
    "CNSA director Zhang Kejian: engineering goals reached, entering scientific exploration": (
        "ce4-cnsa-director",
        ("Zhang Kejian", "engineering goals", "scientific", "exploration"),
    ),
    "in 2013 China became the third country, after the US and the USSR, to soft-land": (
        "ce3-third-nation",
        ("third country", "Soviet Union", "United States", "2013"),
    ),
    "CNSA released images sent back via the relay satellite Queqiao": (
        "ce4-first-release",
        ("Queqiao", "11 January 2019"),
    ),
    "the first 360-degree image of the far side": ("ce4-panorama", ("360-degree",)),
    "the panorama shows the probe surrounded by lots of small craters": (
        "ce4-small-craters",
        ("small craters", "Li Chunlai"),
    ),
    "Chang'e-4 landed at an altitude of almost minus 6,000 metres": (
        "ce4-landing-elevation",
        ("-5,935", "6,000"),
    ),
    "information cannot go directly from the far side to Earth": (
        "fs-relay-needed",
        ("cannot talk to Earth directly", "relay"),
    ),
    "the Moon is tidally locked, so we only see one face": (
        "fs-tidal-locking",
        ("tidal locking", "same face"),
    ),
    "a video of the landing made from more than 4,700 images": (
        "ce4-video-images",
        ("4,700", "3,000"),
    ),
    "the landing took about 12 minutes": ("ce4-descent-12-minutes", ("12 minutes",)),
    "the probe adjusted its descent to avoid obstacles": (
        "ce4-descent-12-minutes",
        ("avoid", "hovered"),
    ),
    "researchers analysed the far side's topography from the landing images": (
        "ce4-topography",
        ("topography", "landing camera"),
    ),
}


@pytest.mark.parametrize("statement", sorted(SEED_STATEMENTS))
def test_each_seed_statement_has_a_fact(kb: KnowledgeBase, statement: str) -> None:
    fact_id, words = SEED_STATEMENTS[statement]
    fact = kb.facts.get(fact_id)
    assert fact is not None, f"no fact {fact_id} for: {statement}"
    for word in words:
        assert word in fact.text, f"{fact_id} does not say {word!r}"
    assert fact.source.startswith(("http://", "https://"))


# a question a reader of the article might type -> the fact that should answer it; where
# another fact states the same thing as well, either is a right answer
ALSO_RIGHT: dict[str, set[str]] = {
    "prog-yutu": {"yutu1-name"},
    "fs-relay-needed": {"qq-why-l2", "ce4-relay"},
    "ce4-landing": {"fs-first-landing"},
    "ce4-first-release": {"ce4-panorama"},
}

SEED_QUESTIONS: dict[str, str] = {
    "when did the lander and the rover take pictures of each other": "ce4-complete-success",
    "is chang'e 4 the second time china put a probe down on the moon": "prog-second-landing",
    "which crater is the chang'e 4 probe sitting in": "ce4-von-karman",
    "what day in january 2019 did chang'e 4 touch down": "ce4-landing",
    "whose pet was the jade rabbit in the legend": "prog-yutu",
    "what time did yutu 2 roll off the lander": "yutu2-deploy",
    "what did zhang kejian announce in january 2019": "ce4-cnsa-director",
    "which two countries soft-landed on the moon before china did": "ce3-third-nation",
    "how did the panorama photos get from the far side to earth": "ce4-first-release",
    "how wide are the little craters next to the chang'e 4 lander": "ce4-small-craters",
    "chang'e 4 landed almost 6 km below what level": "ce4-landing-elevation",
    "why is a relay satellite needed to land on the far side": "fs-relay-needed",
    "why does the same half of the moon always face us": "fs-tidal-locking",
    "how many pictures went into the chang'e 4 landing film": "ce4-video-images",
    "how many minutes did chang'e 4 take to come down to the surface": "ce4-descent-12-minutes",
    "what did scientists learn about the landing area's topography from the descent pictures": (
        "ce4-topography"
    ),
}


@pytest.mark.parametrize("question", sorted(SEED_QUESTIONS))
def test_a_plain_question_finds_the_seed_fact(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert answer.fact is not None, f"no answer for: {question}"
    expected = SEED_QUESTIONS[question]
    assert answer.fact.id in {expected} | ALSO_RIGHT.get(expected, set()), (
        question,
        answer.fact.id,
    )


def test_first_landing_question_asks_about_a_soft_landing(kb: KnowledgeBase) -> None:
    question = kb.questions["fs-first-landing-q"]
    assert "soft landing" in question.question
    fact = kb.facts["fs-first-landing"]
    assert "Ranger 4" in fact.text and "soft" in fact.text
    assert "only photographed" not in fact.text


def test_relay_question_is_about_the_first_years(kb: KnowledgeBase) -> None:
    question = kb.questions["ce4-relay-q"]
    accepts_queqiao_2 = any(a.replace(" ", "-").lower() == "queqiao-2" for a in question.answers)
    assert accepts_queqiao_2 or "first years" in question.question
    assert "Queqiao" in question.answers


def test_third_nation_names_the_two_earlier_countries(kb: KnowledgeBase) -> None:
    text = kb.facts["ce3-third-nation"].text
    assert "Soviet Union" in text and "United States" in text
    assert "ce3-lro-spotted" in kb.facts


def test_corrected_questions_do_not_give_their_answer_away(kb: KnowledgeBase) -> None:
    for qid in (
        "fs-crust-q",
        "fs-moscoviense-q",
        "fs-hertzsprung-q",
        "fl-desiderii-q",
        "spa-name-q",
        "spa-side-q",
    ):
        question = kb.questions[qid]
        for answer in question.answers:
            assert answer.lower() not in question.question.lower(), (qid, answer)
