"""The quiz engine and question selection, on a fake clock (plain floats) and seeded randomness."""

from __future__ import annotations

import random

import hypothesis
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import (
    AlreadyPicked,
    AlreadyStarted,
    BadChoice,
    ChoiceRemoved,
    ConfigError,
    GameError,
    GameOverError,
    NoChoices,
    NoMoreHints,
    NotAsking,
    NotEnoughQuestions,
    NotStarted,
    OutOfAttempts,
    TimeUp,
)
from bot.knowledge.model import Difficulty, Fact, Question
from bot.limits import MAX_ANSWER
from bot.quiz.engine import TRANSITIONS, Game, GameConfig, State
from bot.quiz.events import (
    Correct,
    Event,
    GameOver,
    HintGiven,
    Outcome,
    QuestionAsked,
    Reason,
    Revealed,
    Wrong,
)
from bot.quiz.scoring import Mode, Player, mask, text_hint
from bot.quiz.selection import pick_questions


def make_question(
    qid: str, topic: str, level: str, answers: str, wrong: str, hint: str = ""
) -> Question:
    """A question whose answers and wrong answers are given as `|`-separated text."""
    return Question(
        qid, topic, f"Question about {qid}?", tuple(answers.split("|")), tuple(wrong.split("|")),
        Difficulty(level), f"f-{qid}", hint or None,
    )  # fmt: skip


QUESTIONS = [
    make_question("relay", "queqiao", "easy", "Queqiao|Magpie Bridge", "Tianlian|Luna|Zond|Ranger"),
    make_question(
        "rover",
        "change-4",
        "easy",
        "Yutu-2|Jade Rabbit 2",
        "Sojourner|Lunokhod|Pragyan|Spirit",
        "A rabbit",
    ),
    make_question(
        "crater", "change-4", "medium", "Von Karman", "Tycho|Copernicus|Clavius|Shackleton"
    ),
    make_question("year", "change-4", "medium", "2019", "2013|2016|2018|2021"),
    make_question(
        "basin", "programme", "hard", "South Pole-Aitken", "Imbrium|Serenitatis|Orientale|Nectaris"
    ),
    make_question(
        "samples",
        "change-5",
        "hard",
        "Oceanus Procellarum",
        "Mare Crisium|Mare Nubium|Mare Frigoris|Mare Vaporum",
    ),
]
BY_ID = {q.id: q for q in QUESTIONS}
FACTS = {
    f"f-{q.id}": Fact(f"f-{q.id}", q.topic, f"The answer is {q.answer}.", (), (), f"https://example.org/{q.id}")
    for q in QUESTIONS
}  # fmt: skip
ANN, BOB, CAT = Player(1, "Ann"), Player(2, "Bob"), Player(3, "Cat")
ROBOT = Player(99, "Yutu", is_bot=True)


def make_game(seed: int = 1, questions: list[Question] | None = None, **options: object) -> Game:
    options = {"question_count": 3, "time_limit": 20, "reveal_pause": 0, **options}
    return Game(GameConfig(**options), questions or QUESTIONS, FACTS, random.Random(seed))  # type: ignore[arg-type]


def current(game: Game) -> Question:
    assert game.current is not None
    return game.current


def only(events: list[Event], kind: type) -> list:
    return [e for e in events if isinstance(e, kind)]


# -- typed mode ---------------------------------------------------------------------------


def test_typed_game_wrong_then_correct_then_pause_then_next() -> None:
    game = make_game(reveal_pause=5)
    [asked] = game.start(100.0)
    assert isinstance(asked, QuestionAsked)
    assert (asked.number, asked.total, asked.choices, asked.deadline) == (1, 3, None, 120.0)
    assert asked.points_available == 3 and asked.stage == 1
    assert game.answer(ANN, "Tiangong", 101) == [Wrong(ANN, attempts_left=2)]
    q = current(game)
    events = game.answer(BOB, q.answers[-1].upper(), 102)
    fact = FACTS[q.fact]
    assert events == [
        Correct(BOB, 3, q.answers[-1].upper(), streak=1, total_points=3),
        Revealed(q.id, q.answer, fact.text, fact.source, Reason.ANSWERED, BOB),
    ]
    assert game.state is State.REVEALED and game.next_deadline == 107
    with pytest.raises(NotAsking):
        game.answer(ANN, q.answer, 103)
    assert game.tick(106.9) == []
    [second] = game.tick(107)
    assert isinstance(second, QuestionAsked) and second.number == 2 and second.deadline == 127


def test_attempts_run_out_per_player() -> None:
    game = make_game(attempts=2)
    game.start(0)
    assert game.answer(ANN, "nope", 1) == [Wrong(ANN, 1)]
    assert game.answer(ANN, "still no", 2) == [Wrong(ANN, 0)]
    with pytest.raises(OutOfAttempts):
        game.answer(ANN, current(game).answer, 3)
    assert only(game.answer(BOB, current(game).answer, 4), Correct)[0].player == BOB


def test_chatter_and_empty_messages_cost_no_attempt() -> None:
    game = make_game(attempts=1)
    game.start(0)
    assert game.answer(ANN, "   ", 1) == []
    assert game.answer(ANN, "this is a long message about something else entirely " * 3, 1) == []
    assert only(game.answer(ANN, current(game).answer, 2), Correct)


def test_the_longest_answer_the_loader_allows_can_be_typed_in_a_sentence() -> None:
    longest = ("Very long answer " * 10)[:MAX_ANSWER].strip()
    question = make_question("long", "moon", "easy", longest, "a|b|c")
    game = make_game(questions=[question], question_count=1)
    game.start(0)
    assert only(game.answer(ANN, f"I think it was the {longest}!", 1), Correct)


def test_timeout_reveals_without_winner() -> None:
    game = make_game(auto_hint=False)
    game.start(0)
    q = current(game)
    assert game.next_deadline == 20
    events = game.tick(20)
    assert events[0] == Revealed(
        q.id, q.answer, FACTS[q.fact].text, FACTS[q.fact].source, Reason.TIMEOUT, None
    )
    assert isinstance(events[1], QuestionAsked) and events[1].deadline == 40


def test_answer_after_deadline_before_tick_is_time_up() -> None:
    game = make_game()
    game.start(0)
    with pytest.raises(TimeUp):
        game.answer(ANN, current(game).answer, 20)
    assert game.state is State.ASKING  # tick() does the timing out


def test_auto_hint_at_half_time_lowers_points() -> None:
    game = make_game(questions=[BY_ID["relay"]])
    game.start(0)
    assert game.next_deadline == 10
    [hint] = game.tick(10)
    assert hint == HintGiven("Q______", (), None, points_available=2, stage=2, auto=True)
    assert game.next_deadline == 20  # only one automatic hint
    assert only(game.answer(ANN, "queqiao", 11), Correct)[0].points == 2


def test_requested_hints_lower_points_three_two_one() -> None:
    game = make_game(questions=[BY_ID["rover"]])
    game.start(0)
    first, second = game.hint(1), game.hint(2)
    assert [h.text for h in first + second] == ["A rabbit", "Y___-_"]
    assert [h.points_available for h in first + second] == [2, 1]
    with pytest.raises(NoMoreHints):
        game.hint(3)
    assert game.tick(10) == []  # a hint was already shown: no automatic one
    [correct] = only(game.answer(ANN, "Yutu 2", 4), Correct)
    assert correct.points == 1


def test_masks_hide_digits_and_short_words() -> None:
    assert mask("Von Karman", 1) == "V__ K_____"
    assert mask("Von Karman", 2) == "V__ Ka____"
    assert mask("Chang'e 4", 1) == "C____'_ _"
    assert mask("2019", 1) == "____" and mask("2019", 2) == "2___"
    assert mask("South Pole-Aitken", 1) == "S____ P___-______"
    assert text_hint(BY_ID["rover"], 1) == "A rabbit"
    assert text_hint(BY_ID["year"], 2) == "2___"


# -- multiple choice ----------------------------------------------------------------------


def test_choice_mode_one_pick_per_player() -> None:
    game = make_game(mode=Mode.CHOICE)
    [asked] = game.start(0)
    q = current(game)
    assert asked.choices is not None and len(asked.choices) == 4 and asked.points_available == 2
    assert asked.choices.count(q.answer) == 1 and set(asked.choices) - {q.answer} <= set(q.wrong)
    right = asked.choices.index(q.answer)
    wrong = (right + 1) % 4
    assert game.choose(ANN, wrong, 1) == [Wrong(ANN, 0)]
    with pytest.raises(AlreadyPicked):
        game.choose(ANN, right, 2)
    with pytest.raises(BadChoice):
        game.choose(BOB, 4, 2)
    [correct, revealed, _next] = game.choose(BOB, right, 3)
    assert correct == Correct(BOB, 2, q.answer, 1, 2) and revealed.winner == BOB


@pytest.mark.parametrize("seed", range(30))
def test_choice_hint_removes_two_wrong_never_the_answer(seed: int) -> None:
    game = make_game(seed, mode=Mode.CHOICE)
    [asked] = game.start(0)
    assert asked.choices is not None
    right = asked.choices.index(current(game).answer)
    [hint] = game.hint(1)
    assert len(hint.removed_choices) == 2 and right not in hint.removed_choices
    assert hint.points_available == 1
    with pytest.raises(ChoiceRemoved):
        game.choose(ANN, hint.removed_choices[0], 2)
    with pytest.raises(NoMoreHints):
        game.hint(2)
    assert only(game.choose(ANN, right, 3), Correct)[0].points == 1


def test_choice_mode_accepts_typed_letters_and_ignores_chatter() -> None:
    game = make_game(mode=Mode.CHOICE)
    [asked] = game.start(0)
    assert asked.choices is not None
    right = asked.choices.index(current(game).answer)
    assert game.answer(ANN, "hmm, hard one", 1) == []
    assert (
        only(game.answer(ANN, "ABCD"[right].lower(), 2), Correct)[0].answer_given
        == asked.choices[right]
    )


def test_typed_mode_has_no_choices() -> None:
    game = make_game()
    game.start(0)
    with pytest.raises(NoChoices):
        game.choose(ANN, 0, 1)


# -- progressive --------------------------------------------------------------------------


def test_progressive_stages_by_time() -> None:
    game = make_game(mode=Mode.PROGRESSIVE, questions=[BY_ID["crater"]], time_limit=40)
    [asked] = game.start(0)
    assert asked.choices is None and asked.points_available == 3
    with pytest.raises(NoChoices):
        game.choose(ANN, 0, 1)
    [stage2] = game.tick(20)
    assert (stage2.text, stage2.stage, stage2.points_available, stage2.choices) == (
        "V__ K_____",
        2,
        2,
        None,
    )
    [stage3] = game.tick(30)
    assert stage3.stage == 3 and stage3.points_available == 1 and stage3.choices is not None
    assert "Von Karman" in stage3.choices and len(stage3.choices) == 4
    wrong = next(i for i, c in enumerate(stage3.choices) if c != "Von Karman")
    assert game.choose(ANN, wrong, 31) == [Wrong(ANN, 0)]
    with pytest.raises(AlreadyPicked):
        game.answer(ANN, "von karman", 32)  # one pick per player, typed or clicked
    [correct, *_] = game.answer(BOB, "von karman", 33)
    assert correct == Correct(BOB, 1, "Von Karman", 1, 1)


def test_progressive_typed_answer_in_stage_one_scores_three() -> None:
    game = make_game(mode=Mode.PROGRESSIVE)
    game.start(0)
    assert only(game.answer(ANN, current(game).answer, 1), Correct)[0].points == 3


def test_progressive_hint_requests_advance_stages() -> None:
    game = make_game(mode=Mode.PROGRESSIVE, questions=[BY_ID["relay"]])
    game.start(0)
    [stage2], [stage3] = game.hint(1), game.hint(2)
    assert (stage2.stage, stage3.stage) == (2, 3) and stage3.choices is not None
    with pytest.raises(NoMoreHints):
        game.hint(3)
    assert game.tick(15) == [] and game.next_deadline == 20


# -- skip, stop, abandonment, game over ---------------------------------------------------


def test_skip_reveals_and_moves_on() -> None:
    game = make_game()
    game.start(0)
    q = current(game)
    revealed, asked = game.skip(1)
    assert revealed.reason is Reason.SKIPPED and revealed.question_id == q.id
    assert isinstance(asked, QuestionAsked) and asked.number == 2


def test_last_question_ends_the_game() -> None:
    game = make_game(question_count=1, reveal_pause=5)
    game.start(0)
    events = game.answer(ANN, current(game).answer, 1)
    assert events[-1] == GameOver(Outcome.COMPLETED, ((ANN, 3),), 1)
    assert game.state is State.OVER and game.next_deadline is None


def test_stop_mid_question_and_everything_after_is_refused() -> None:
    game = make_game()
    game.start(0)
    game.answer(ANN, current(game).answer, 1)
    revealed, over = game.stop(2, by=BOB)
    assert revealed.reason is Reason.STOPPED
    assert over == GameOver(Outcome.STOPPED, ((ANN, 3),), 2, stopped_by=BOB)
    for action in (
        lambda: game.answer(ANN, "x", 3),
        lambda: game.choose(ANN, 0, 3),
        lambda: game.hint(3),
        lambda: game.skip(3),
        lambda: game.stop(3),
        lambda: game.start(3),
    ):
        with pytest.raises(GameOverError):
            action()
    assert game.tick(1000) == []


def test_refusals_before_start_and_while_running() -> None:
    game = make_game()
    with pytest.raises(NotStarted):
        game.answer(ANN, "x", 0)
    with pytest.raises(NotStarted):
        game.hint(0)
    assert game.next_deadline is None and game.tick(50) == []
    game.start(0)
    with pytest.raises(AlreadyStarted):
        game.start(1)
    assert make_game().stop(0) == [GameOver(Outcome.STOPPED, (), 0)]


def test_abandoned_after_unanswered_questions_in_a_row() -> None:
    game = make_game(question_count=5, max_unanswered=2, auto_hint=False)
    game.start(0)
    game.tick(20)  # nobody tried question 1
    game.answer(ANN, "no idea", 21)  # an attempt on question 2 resets the count
    game.tick(40)
    game.tick(60)  # question 3: nobody
    events = game.tick(80)  # question 4: nobody -> two in a row
    assert events[-1] == GameOver(Outcome.ABANDONED, ((ANN, 0),), 4)


def test_late_tick_catches_up_in_order() -> None:
    game = make_game(mode=Mode.PROGRESSIVE, question_count=1)
    game.start(0)
    events = game.tick(1000)
    assert [type(e) for e in events] == [HintGiven, HintGiven, Revealed, GameOver]


def test_bot_players_never_count() -> None:
    game = make_game(mode=Mode.CHOICE)
    game.start(0)
    assert game.answer(ROBOT, current(game).answer, 1) == []
    assert game.choose(ROBOT, 0, 1) == []
    assert game.scores == ()


# -- scores and streaks -------------------------------------------------------------------


def test_streaks_and_final_ordering() -> None:
    game = make_game(question_count=6, auto_hint=False)
    game.start(0)
    streaks = []
    for now, player in enumerate([ANN, ANN, BOB, ANN, None, ANN], start=1):
        if player is None:
            game.skip(now)
            continue
        [correct] = only(game.answer(player, current(game).answer, now), Correct)
        streaks.append((player.name, correct.streak))
    assert streaks == [("Ann", 1), ("Ann", 2), ("Bob", 1), ("Ann", 1), ("Ann", 1)]
    assert game.scores == ((ANN, 12), (BOB, 3))


def test_ties_go_to_who_got_there_first() -> None:
    game = make_game(question_count=3)
    game.start(0)
    game.answer(CAT, "wrong", 1)
    game.answer(BOB, current(game).answer, 2)
    game.answer(ANN, current(game).answer, 3)
    [over] = only(game.skip(4), GameOver)
    assert over.scores == ((BOB, 3), (ANN, 3), (CAT, 0))


def test_same_seed_same_game() -> None:
    def play(seed: int) -> list[Event]:
        game = make_game(seed, mode=Mode.CHOICE, question_count=4)
        events = game.start(0)
        [hint] = game.hint(1)
        events += [hint, *game.choose(ANN, min({0, 1, 2} - set(hint.removed_choices)), 2)]
        events += game.tick(20)
        events += game.skip(21)
        return events

    assert play(7) == play(7)
    assert any(play(7) != play(seed) for seed in range(8, 12))


def test_questions_are_never_repeated_in_a_game() -> None:
    game = make_game(question_count=10, questions=QUESTIONS + QUESTIONS[:3])
    asked = only(game.start(0), QuestionAsked)
    while game.state is not State.OVER:
        asked += only(game.skip(0), QuestionAsked)
    assert sorted(a.question_id for a in asked) == sorted(BY_ID)
    assert asked[-1].total == len(BY_ID)


def test_config_is_validated() -> None:
    bad_options = [{"question_count": 0}, {"question_count": 51}, {"time_limit": 5}]
    bad_options += [{"attempts": 0}, {"max_unanswered": 0}, {"reveal_pause": -1}, {"mode": "quick"}]
    for bad in bad_options:
        with pytest.raises(ConfigError):
            GameConfig(**bad)  # type: ignore[arg-type]
    assert GameConfig(mode="choice").mode is Mode.CHOICE  # type: ignore[arg-type]
    with pytest.raises(NotEnoughQuestions):
        Game(GameConfig(), [], FACTS, random.Random(0))


def test_transition_table_covers_every_state() -> None:
    assert set(TRANSITIONS) == set(State)
    assert TRANSITIONS[State.OVER] == {}


# -- selection ----------------------------------------------------------------------------


def pick(count: int, **kwargs: object) -> list[str]:
    options = {"topics": None, "difficulty": None, "rng": random.Random(3), **kwargs}
    return [q.id for q in pick_questions(QUESTIONS, count=count, **options)]  # type: ignore[arg-type]


def test_selection_filters_and_never_repeats() -> None:
    assert sorted(pick(10, topics=["Change-4"])) == ["crater", "rover", "year"]
    assert sorted(pick(10, difficulty=Difficulty.HARD)) == ["basin", "samples"]
    assert pick(1, topics={"change-4"}, difficulty=Difficulty.EASY) == ["rover"]
    assert sorted(pick(10)) == sorted(BY_ID)  # fewer than asked: all of them
    assert len(set(pick(4))) == 4
    with pytest.raises(NotEnoughQuestions, match="topic queqiao and difficulty hard"):
        pick(3, topics=["queqiao"], difficulty=Difficulty.HARD)


def test_selection_avoids_recent_and_falls_back_to_least_recent() -> None:
    recent = ["crater", "rover", "relay", "basin"]  # most recent first, as storage gives them
    for seed in range(20):
        assert sorted(pick(2, recent_first=recent, rng=random.Random(seed))) == ["samples", "year"]
        assert sorted(pick(4, recent_first=recent, rng=random.Random(seed))) == [
            "basin",
            "relay",
            "samples",
            "year",
        ]


def test_selection_for_multiple_choice_needs_wrong_answers() -> None:
    thin = Question("thin", "t", "Q?", ("a",), ("b",), Difficulty.EASY, "f")
    options = {"topics": None, "difficulty": None, "rng": random.Random(0), "choices": True}
    picked = pick_questions([thin, *QUESTIONS], count=9, **options)  # type: ignore[arg-type]
    assert sorted(q.id for q in picked) == sorted(BY_ID)
    with pytest.raises(NotEnoughQuestions, match="multiple choice"):
        pick_questions([thin], count=1, **options)  # type: ignore[arg-type]


# -- any sequence of actions --------------------------------------------------------------

ANSWERS = [q.answer.lower() for q in QUESTIONS]
TEXTS = [*ANSWERS, "Tycho", "a", "B", "d", "nope", "", "x" * 90]
KINDS = ["answer"] * 5 + ["right"] * 3 + ["choose"] * 5 + ["hint", "skip"] + ["tick"] * 4 + ["stop"]
ACTIONS = st.tuples(
    st.sampled_from(KINDS),
    st.sampled_from([ANN, BOB, CAT, ROBOT]),
    st.sampled_from(TEXTS),
    st.integers(-1, 4),
    st.floats(0, 8),
    st.booleans(),  # whether the front end ticked on time before this action
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 1000),
    mode=st.sampled_from(list(Mode)),
    count=st.integers(1, 6),
    pause=st.sampled_from([0, 3]),
    idle=st.integers(1, 3),
    actions=st.lists(ACTIONS, min_size=10, max_size=60),
)
def test_any_sequence_keeps_the_invariants(seed, mode, count, pause, idle, actions) -> None:
    game = make_game(seed, mode=mode, question_count=count, reveal_pause=pause, max_unanswered=idle)
    now = 0.0
    events = game.start(now)
    for kind, player, text, index, dt, ticked in actions:
        now += dt
        try:
            if ticked:
                events += game.tick(now)
            if kind == "answer":
                events += game.answer(player, text, now)
            elif kind == "right":
                events += game.answer(player, game.current.answer if game.current else "?", now)
            elif kind == "choose":
                events += game.choose(player, index, now)
            elif kind == "stop":
                events += game.stop(now, by=player)
            elif kind == "tick":
                events += game.tick(now)
            else:
                events += getattr(game, kind)(now)
        except GameError:
            pass
    for _ in range(4 * count + 2):  # timers alone finish any game
        if game.next_deadline is None:
            break
        events += game.tick(game.next_deadline)
    assert game.state is State.OVER and game.next_deadline is None

    asked = [e.question_id for e in events if isinstance(e, QuestionAsked)]
    assert len(asked) == len(set(asked)) <= count
    winners_per_question: dict[int, int] = {}
    number, holder, streak = 0, None, 0
    for event in events:
        if isinstance(event, QuestionAsked):
            number = event.number
        elif isinstance(event, Correct):
            winners_per_question[number] = winners_per_question.get(number, 0) + 1
            assert event.points >= 1 and not event.player.is_bot
            holder, streak = event.player, streak + 1 if holder == event.player else 1
            assert event.streak == streak
        elif isinstance(event, Revealed) and event.winner is None:
            holder, streak = None, 0
    assert all(n == 1 for n in winners_per_question.values())
    overs = [e for e in events if isinstance(e, GameOver)]
    assert len(overs) == 1 and events[-1] is overs[0]
    assert all(points >= 0 for _, points in overs[0].scores)
    assert sum(p for _, p in overs[0].scores) == sum(
        e.points for e in events if isinstance(e, Correct)
    )
    assert len([e for e in events if isinstance(e, Revealed)]) == len(asked)
    hypothesis.event(f"game {overs[0].status}, {len(winners_per_question)} won, mode {mode}")
