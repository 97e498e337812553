"""Question packs: Yutu's format and Red trivia lists, good and broken, read line by line."""

from __future__ import annotations

import random
import textwrap

import pytest

from bot.errors import YutuError
from bot.knowledge.model import Difficulty
from bot.quiz.checker import is_accepted
from bot.quiz.engine import Game, GameConfig
from bot.quiz.events import Correct, GameOver
from bot.quiz.packs import (
    MAX_QUESTIONS,
    PackError,
    pack_name,
    parse_pack,
    with_drawn_choices,
)
from bot.quiz.scoring import Mode, Player

# A list written the way Red's own lists are: AUTHOR, CONFIG as a list of one-key
# mappings, quoted questions, numbers and number words as answers, accents.
RED = textwrap.dedent("""\
    AUTHOR: Moon Club
    CONFIG:
      - delay: 25
      - max_score: 2
      - bot_plays: false
    "Which crater did \\"Chang'e-4\\" land in?":
    - Von Kármán
    - von karman
    How many people have walked on the Moon?:
    - 12
    - twelve
    What is the Moon's far side sometimes wrongly called?:
    - the dark side
    - dark side
    In what year did Luna 3 photograph the far side?:
    - 1959
    What is the name of the relay satellite of Chang'e-4?:
    - Queqiao
    Which basin is the largest known impact crater on the Moon?:
    - South Pole-Aitken
    - SPA
    What is the name of the Chang'e-4 rover?:
    - Yutu-2
    What colour are the lunar maria?:
    - dark
    Which country first landed on the far side?:
    - China
    How many days does the Moon take to turn once?:
    - 27
    """)

YUTU = textwrap.dedent("""\
    title: Observing night
    author: Astronomy club
    time_limit: 40
    quiz:
      - question: Which planet has the Great Red Spot?
        answers: [Jupiter]
        wrong: [Saturn, Mars, Neptune]
        difficulty: easy
        explanation: The Great Red Spot is a storm larger than Earth.
        source: https://science.nasa.gov/jupiter/
      - question: What do we call a Moon that is more than half lit?
        answers: [gibbous, a gibbous moon]
        hint: It starts with g.
    """)


def test_a_red_list_is_read_as_it_is() -> None:
    pack = parse_pack(RED.encode(), "moon-club")
    assert pack.format == "red" and pack.author == "Moon Club" and len(pack.questions) == 10
    first = pack.questions[0]
    assert first.question == 'Which crater did "Chang\'e-4" land in?'
    assert first.answers == ("Von Kármán", "von karman") and first.line == 6
    assert pack.questions[1].answers == ("12", "twelve")  # numbers stay text
    assert (pack.time_limit, pack.first_to) == (25, 2)
    assert pack.notes == ("CONFIG bot_plays: not used by Yutu (used: delay, max_score)",)
    assert not pack.has_choices


def test_red_answers_go_through_the_checker() -> None:
    pack = parse_pack(RED, "moon-club")
    crater, walked = pack.questions[0], pack.questions[1]
    assert is_accepted("von karman crater", crater.answers)
    assert is_accepted("Von Karman", crater.answers)
    assert is_accepted("twelve", walked.answers) and is_accepted("12", walked.answers)
    assert not is_accepted("13", walked.answers)


def test_a_yutu_pack_keeps_choices_hints_and_explanations() -> None:
    pack = parse_pack(YUTU, "observing")
    assert pack.format == "yutu" and pack.title == "Observing night" and pack.time_limit == 40
    jupiter, gibbous = pack.questions
    assert jupiter.wrong == ("Saturn", "Mars", "Neptune") and jupiter.difficulty is Difficulty.EASY
    assert pack.facts[jupiter.fact].text.startswith("The Great Red Spot")
    assert gibbous.difficulty is Difficulty.MEDIUM and gibbous.hint == "It starts with g."
    assert gibbous.fact == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("quiz:\n  - question: Q?\n    answers: []\n", ["3: answers needs at least 1 item"]),
        (
            "quiz:\n  - question: Q?\n    answers: [a]\n    wrong: [b]\n",
            ["4: wrong needs at least 3 items"],
        ),
        (
            "quiz:\n  - question: Q?\n    answers: [a]\n    colour: red\n",
            ["4: unknown key 'colour'"],
        ),
        (
            "quiz:\n  - question: Q?\n    answers: [a]\n    difficulty: extreme\n",
            ["4: difficulty 'extreme' must be one of easy, medium, hard"],
        ),
        (
            "quiz:\n  - question: Q?\n    answers: [a]\n  - question: q\n    answers: [b]\n",
            ["4: the same question is already asked on line 2"],
        ),
        (
            "quiz:\n  - question: Q?\n    answers: [a]\n    wrong: [a, b, c]\n",
            ["4: 'a' is a correct answer but is listed as wrong"],
        ),
        ("Q one?:\n- a\nQ two?: b\n", ["3: the answers must be a list"]),
        ("AUTHOR: x\nCONFIG:\n  delay: soon\nQ?:\n- a\n", ["3: CONFIG delay must be a number"]),
        ("Q?:\n- a\n  b: [\n", ["YAML syntax error"]),
        (
            "CONFIG:\n  delay: inf\n  max_score: 1e999\nQ?:\n- a\n",
            ["2: CONFIG delay must be a number", "3: CONFIG max_score must be a number"],
        ),
        ("- just\n- a list\n", ["1: a pack must be a mapping, not a list"]),
        ("", ["1: file is empty"]),
        ("AUTHOR: nobody\n", ["1: no questions"]),
        (f"Q?:\n- {'x' * 80}\n", ["2: an item of answers is 80 characters long"]),
    ],
)
def test_broken_packs_name_each_problem_by_line(text: str, expected: list[str]) -> None:
    with pytest.raises(PackError) as refused:
        parse_pack(text, "broken")
    problems = refused.value.problems
    for message in expected:
        assert any(message in p for p in problems), problems


def test_every_problem_is_reported_but_only_a_screenful_shown() -> None:
    text = "".join(f"Question {n}?: answer\n" for n in range(40))
    with pytest.raises(PackError) as refused:
        parse_pack(text, "broken")
    assert len(refused.value.problems) == 40
    shown = refused.value.report().splitlines()
    assert shown[0].startswith("1: ") and shown[-1] == "... and 25 more"


def test_size_limits() -> None:
    with pytest.raises(PackError, match="1 problem"):
        parse_pack(b"x" * 1_000_001, "big")
    many = "".join(f"Question number {n}?:\n- {n}\n" for n in range(MAX_QUESTIONS + 1))
    with pytest.raises(PackError) as refused:
        parse_pack(many, "many")
    assert f"the most is {MAX_QUESTIONS}" in refused.value.problems[0]
    with pytest.raises(PackError, match="1 problem"):
        parse_pack("Q?:\n- caf\xe9\n".encode("latin-1"), "latin")


@pytest.mark.parametrize(
    ("given", "name"),
    [
        ("Club Night.yaml", "club-night"),
        ("mytrivia.yml", "mytrivia"),
        ("Chang'e 4", "change-4"),
        ("  x  ", "x"),
    ],
)
def test_pack_names(given: str, name: str) -> None:
    assert pack_name(given) == name


def test_a_pack_name_needs_letters() -> None:
    with pytest.raises(YutuError):
        pack_name("***.yaml")


def test_wrong_choices_are_drawn_from_other_answers_of_a_large_enough_pack() -> None:
    pack = with_drawn_choices(parse_pack(RED, "moon-club"))
    assert pack is not None and pack.has_choices
    for question in pack.questions:
        assert len(set(question.wrong)) == 3
        assert not any(is_accepted(w, question.answers) for w in question.wrong)
    year = next(q for q in pack.questions if q.answer == "1959")
    assert {"12", "27"} <= set(year.wrong)  # numbers first for a number
    alike = "".join(f"Q{n}?:\n- {'Moon' if n % 2 else 'moon'}\n" for n in range(4)) + "".join(
        f"R{n}?:\n- thing {n}\n" for n in range(8)
    )
    for question in with_drawn_choices(parse_pack(alike, "alike")).questions:  # type: ignore[union-attr]
        spelled = [w.casefold() for w in question.wrong]
        assert len(set(spelled)) == 3  # "Moon" and "moon" are one choice
    small = parse_pack("A?:\n- x\nB?:\n- y\nC?:\n- z\n", "small")
    assert with_drawn_choices(small) is None


def test_a_red_pack_plays_a_whole_game_to_its_max_score() -> None:
    pack = parse_pack(RED, "moon-club")
    config = GameConfig(question_count=10, mode=Mode.TYPED, time_limit=pack.time_limit or 30,
                        reveal_pause=0, first_to=pack.first_to)  # fmt: skip
    game = Game(config, list(pack.questions), pack.facts, random.Random(1))
    events = game.start(0)
    ann = Player(1, "ann")
    scored = 0
    while not any(isinstance(e, GameOver) for e in events):
        assert game.current is not None
        events = game.answer(ann, game.current.answers[-1], 1)
        scored += sum(isinstance(e, Correct) for e in events)
    assert scored == 2  # Red's max_score 2: the second right answer wins the game
    over = next(e for e in events if isinstance(e, GameOver))
    assert over.status == "completed" and over.scores[0][1] == 6
