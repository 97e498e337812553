"""The answerer on the confusions that matter most: similar facts of different missions."""

from __future__ import annotations

import re

import pytest

from bot.knowledge.answer import Answerer, calibrated
from bot.knowledge.model import Difficulty, Fact, KnowledgeBase, Question, Topic


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("how much did chang'e 5 bring back", "ce5-sample-mass"),
        ("how much did chang'e 6 bring back", "ce6-sample-mass"),
        ("when did chang'e 4 launch", "ce4-launch"),
        ("when did chang'e 4 land", "ce4-landing"),
        ("when was queqiao launched", "prog-queqiao-launch"),
        ("when was queqiao 2 launched", "qq2-launch"),
        ("how far did yutu 2 travel", "yutu2-distance-2024"),
        ("ce4 landing date", "ce4-landing"),
        ("chnage 6 sample weight", "ce6-sample-mass"),
        ("qeuqiao 2 launch date", "qq2-launch"),
        ("von karmen crater", "ce4-von-karman"),
        ("嫦娥六号什么时候发射", "ce6-launch"),
        ("who first photographed the far side of the moon", "fl-luna3-launch"),
        ("what is tidal locking", "fs-tidal-locking"),
    ],
)
def test_answers_the_right_mission(answerer: Answerer, question: str, fact: str) -> None:
    answer = answerer.ask(question)
    assert answer.fact is not None, f"declined {question!r}"
    assert answer.fact.id == fact


@pytest.mark.parametrize(
    "question",
    [
        "what did the perseverance rover find on mars",
        "what is the mars rover called",
        "how tall is the eiffel tower",
        "when was the iss launched",
        "how do you make fried rice",
        "sing me a song",
        "hello yutu",
        "moon",
        "SELECT * FROM facts; DROP TABLE users;",
        "when did india's chandrayaan 3 land",
    ],
)
def test_declines_what_it_does_not_know(answerer: Answerer, question: str) -> None:
    assert not answerer.ask(question).answered


def test_a_vague_question_naming_a_mission_gets_suggestions(answerer: Answerer) -> None:
    answer = answerer.ask("tell me about chang'e 4")
    assert not answer.answered
    assert answer.suggestions
    assert all(f.topic == "change-4" or "Chang'e-4" in f.text for f in answer.suggestions)


def test_json_shape(answerer: Answerer) -> None:
    data = answerer.ask("where did chang'e 6 land").as_json()
    assert set(data) == {"answered", "fact_id", "text", "source", "confidence", "suggestions"}
    assert data["answered"] is True and data["fact_id"].startswith(("ce6", "spa"))
    assert 0 < data["confidence"] <= 1
    declined = answerer.ask("what's the best pizza topping").as_json()
    assert declined["answered"] is False and declined["fact_id"] is None
    assert declined["suggestions"] == []


def test_related_facts_are_named_in_the_language_of_the_question(answerer: Answerer) -> None:
    chinese = re.compile(r"[\u3400-\u9fff]")
    english = answerer.ask("how old are the rocks chang'e 6 brought back")
    labels = [english.label(f) for f in english.related]
    assert labels and not any(chinese.search(label) for label in labels)
    asked = answerer.ask("嫦娥六号带回了多少月壤")
    labels = [asked.label(f) for f in asked.related]
    assert labels and all(chinese.search(label) for label in labels)


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        # traditional and simplified characters, no mission name
        ("為什麼我們只能看到月球的一面", {"fs-tidal-locking"}),
        ("为什么我们只能看到月球的一面", {"fs-tidal-locking"}),
        ("嫦娥四號在哪裡著陸", {"ce4-von-karman", "ce4-landing"}),
        # everyday words: pits (craters), crashing into, what it looks like
        ("月亮上的坑是怎么来的", {"moon-craters"}),
        ("嫦娥一号最后撞月了吗", {"ce1-impact", "ce1-impact-control"}),
        ("月球背面长什么样", {"fs-appearance"}),
        # the far side by other names
        ("why can't we ever see the back side of the moon", {"fs-tidal-locking"}),
        ("is the dark side of the moon actually dark", {"fs-dark-side-misnomer"}),
        # a question after a sentence of context
        (
            "My kid asked me something at bedtime and I had no idea. "
            "Why do we only ever see one side of the moon?",
            {"fs-tidal-locking"},
        ),
    ],
)
def test_chinese_synonyms_and_context(answerer: Answerer, question: str, facts: set[str]) -> None:
    answer = answerer.ask(question)
    assert answer.fact is not None, f"declined {question!r}"
    assert answer.fact.id in facts


@pytest.mark.parametrize(
    "question", ["神舟十八号航天员什么时候返回", "天宫空间站有多大", "天問一號什麼時候到火星"]
)
def test_other_chinese_programmes_are_declined(answerer: Answerer, question: str) -> None:
    assert not answerer.ask(question).answered


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        # every word common: the fact is still found, wherever it sits in the base
        ("exactly how many miles is it to the moon", "moon-distance"),
        # other names of the far side, Yutu and the crewed question
        ("first spacecraft to land on the back of the moon", "fs-first-landing"),
        ("why is the jade rabbit rover called that", "yutu1-name"),
        ("has anyone ever been to the far side of the moon", "fs-no-human-landing"),
        # a why-question about a name asks for a reason, not a name
        ("why is the far side sometimes called the dark side", "fs-dark-side-origin"),
        # Chinese questions people ask most
        ("嫦娥四号着陆在哪里", "ce4-von-karman"),
        ("嫦娥五号带回了多少月壤", "ce5-sample-mass"),
        ("鹊桥中继星有什么用", "qq-why-l2"),
        ("月球离地球有多远", "moon-distance"),
        ("玉兔号为什么叫玉兔", "yutu1-name"),
        ("嫦娥六号什么时候回来的", "ce6-return"),
        # every word but one is common: the facts of the mission named are still found
        ("请问嫦娥四号探测器是哪一年发射升空的呢?", "ce4-launch"),
        ("do you know how long the diameter of the moon is", "moon-size"),
        # "change" as a verb is not Chang'e
        ("what makes the moon change shape", "moon-phases"),
        # the Moon's craters and the first landings, not a far-side fact that shares words
        ("why does the moon have so many more craters than earth", "moon-craters"),
        ("what was the first spacecraft to land on the moon", "moon-first-landings"),
        ("what was the first man-made object on the moon", "moon-first-landings"),
        # the first people to see the far side: a fact that speaks of a crew
        ("who were the first people to see the far side of the moon", "fl-apollo8"),
        # every word common: BM25 picks among the many facts that have them all
        ("what does the far side of the moon look like", "fs-appearance"),
    ],
)
def test_answers_what_people_ask(answerer: Answerer, question: str, fact: str) -> None:
    answer = answerer.ask(question)
    assert answer.fact is not None, f"declined {question!r}"
    assert answer.fact.id == fact


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        (
            "Chang'e 6 landed last week. How much did it bring back?",
            {"ce6-sample-mass", "spa-first-samples"},
        ),
        (
            "Saw a headline that China brought back rocks from the far side. How much did they"
            " bring back and when?",
            {"ce6-sample-mass", "spa-first-samples"},
        ),
        (
            "I read about the moon landings and got curious. Has anybody ever landed anything on"
            " the far side?",
            {"fs-first-landing", "ce4-landing"},
        ),
    ],
)
def test_the_sentence_before_the_question_names_what_it_is_about(
    answerer: Answerer, question: str, facts: set[str]
) -> None:
    answer = answerer.ask(question)
    assert answer.fact is not None, f"declined {question!r}"
    assert answer.fact.id in facts


@pytest.mark.parametrize(
    "question",
    [
        # names beside the subject
        "how many modules does tiangong have",
        "when did shenzhou 5 launch",
        "How much money did it cost to get Apollo II?",
        "北斗卫星有多少颗",
        "天问一号着陆火星",
        "祝融号火星车还在工作吗",
        # another numbered rocket than the one the fact is about
        "how tall is the long march 5 rocket",
        # only words any space question has
        "is it cool to work in space",
        "what is a light year",
        "how do you get into the rocket",
        # a crewed-landing question that names neither a mission nor the far side
        "who was the first man to walk on the moon",
        # who was first: no fact tells of people walking on the Moon
        "who was the first person to walk on the moon",
    ],
)
def test_declines_questions_beside_the_subject(answerer: Answerer, question: str) -> None:
    assert not answerer.ask(question).answered
    assert not Answerer(answerer.kb, meaning=False).ask(question).answered


def test_a_close_runner_up_lowers_the_confidence(answerer: Answerer) -> None:
    best = answerer.candidates("how far has yutu 2 driven")[0]
    alone = calibrated(best.features, best.score, lead=2.0)
    tied = calibrated(best.features, best.score, lead=0.0)
    assert tied < alone
    # a runner-up (negative lead) is not marked down further: it stays a suggestion
    assert calibrated(best.features, best.score, lead=-1.0) > tied


def test_the_subject_test_is_off_for_a_base_about_something_else() -> None:
    facts = tuple(
        Fact(f"f{n}", "ships", f"The {name} sails from {port} every {day}.",
             (f"when does the {name} sail", f"{name} departure day", f"where does {name} leave"),
             (name, port), "https://example.org")
        for n, (name, port, day) in enumerate(
            [("marlin", "dover", "monday"), ("osprey", "calais", "friday"),
             ("kestrel", "ostend", "sunday")]
        )
    )  # fmt: skip
    question = Question("q", "ships", "?", ("x",), ("a", "b", "c"), Difficulty.EASY, "f0")
    kb = KnowledgeBase.from_topics([Topic("ships", "Ships", (), "ships", facts, (question,))])
    answerer = Answerer(kb)
    assert not answerer.anchored
    answer = answerer.ask("when does the osprey sail")
    assert answer.fact is not None and answer.fact.id == "f1"
