"""The quiz game: one `Game` per channel, a pure state machine.

Rule 1: every rule of a game lives in this file (points and hint texts in `scoring.py`).
Rule 2: no I/O, no clock, no global randomness. Every method takes `now` (seconds, any
monotonic origin; a `now` earlier than one already seen counts as that one) and the game
draws only from the `random.Random` it was given, so the same seed and calls give the same
game. Methods return the events that happened, in order; front ends render them.

States and transitions (`TRANSITIONS` below is the whole table):

    IDLE --start--> ASKING --win | timeout | skip | stop--> REVEALED
    REVEALED --next--> ASKING         after `reveal_pause` seconds (via tick)
    REVEALED --finish | stop--> OVER  last question, abandoned, or stopped (no pause)
    IDLE --stop--> OVER;  ASKING --attempt | hint--> ASKING

With `reveal_pause == 0` the next `QuestionAsked` follows `Revealed` in the same call.
An action the current state does not allow raises a named `GameError`; front ends turn it
into one line (or, for typed chat messages, ignore it). Actions never advance timers:
an answer that arrives after the deadline but before `tick()` raises `TimeUp`.

Timers, from the moment a question is asked (`tick(now)` fires every one that is due):
- typed and choice: one automatic hint at half the time if no hint was shown yet
  (when `auto_hint`); progressive: stage 2 at half the time, stage 3 at three quarters
  (always, whatever `auto_hint` says); the question times out at `time_limit`.

Answers:
- Typed: each player gets `attempts` tries per question, checked with `is_accepted`
  (the question's wrong choices tell it which part of a name is distinctive);
  empty messages and messages over `limits.MAX_TYPED` are chatter and cost nothing.
  Hints: the authored hint, then the answer masked (`scoring.text_hint`); at most two.
- Choice (choice mode, progressive stage 3): one pick per player, by `choose(index)` or by
  typing a letter or a text that matches exactly one choice (other text is ignored);
  a player out of typed tries still gets a pick in progressive stage 3.
  The choice hint removes two wrong choices (never the answer); removed ones can't be picked.
- The first correct answer scores (see `scoring.py`: typed 3/2/1, choice 2/1,
  progressive 3/2/1 by stage) and ends the question.
- Streak: questions in a row this player won; a question anyone else won, or nobody won,
  resets it.
- The game is abandoned after `max_unanswered` questions in a row timed out with no
  attempt and no hint request from anyone (a skip resets that count).
- Bot players never count: their answers and picks return [] and change nothing.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

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
from bot.knowledge.model import Fact, Question
from bot.limits import DEFAULT_MODE, MAX_TYPED, QUESTIONS, REVEAL_PAUSE, TIME_LIMIT
from bot.quiz.checker import is_accepted
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
from bot.quiz.scoring import (
    CHOICE_LABELS,
    Mode,
    Player,
    Scoreboard,
    choices_to_remove,
    make_choices,
    max_hints,
    points_for,
    text_hint,
)


class State(StrEnum):
    IDLE = "idle"
    ASKING = "asking"
    REVEALED = "revealed"
    OVER = "over"


class Trigger(StrEnum):
    START = "start"
    ATTEMPT = "attempt"
    HINT = "hint"
    WIN = "win"
    TIMEOUT = "timeout"
    SKIP = "skip"
    STOP = "stop"
    NEXT = "next"
    FINISH = "finish"


TRANSITIONS: dict[State, dict[Trigger, State]] = {
    State.IDLE: {Trigger.START: State.ASKING, Trigger.STOP: State.OVER},
    State.ASKING: {
        Trigger.ATTEMPT: State.ASKING,
        Trigger.HINT: State.ASKING,
        Trigger.WIN: State.REVEALED,
        Trigger.TIMEOUT: State.REVEALED,
        Trigger.SKIP: State.REVEALED,
        Trigger.STOP: State.REVEALED,
    },
    State.REVEALED: {
        Trigger.NEXT: State.ASKING,
        Trigger.FINISH: State.OVER,
        Trigger.STOP: State.OVER,
    },
    State.OVER: {},
}
_BEFORE_DEADLINE = {Trigger.ATTEMPT, Trigger.HINT, Trigger.SKIP}


_REFUSED: dict[State, type[GameError]] = {
    State.IDLE: NotStarted,
    State.ASKING: AlreadyStarted,
    State.REVEALED: NotAsking,
    State.OVER: GameOverError,
}


DEFAULT_GAME_MODE = Mode(DEFAULT_MODE)


@dataclass(frozen=True)
class GameConfig:
    question_count: int = QUESTIONS.default
    mode: Mode = DEFAULT_GAME_MODE
    time_limit: float = TIME_LIMIT.default
    max_unanswered: int = 3
    attempts: int = 3
    auto_hint: bool = True
    reveal_pause: float = REVEAL_PAUSE.default
    first_to: int | None = None  # the game ends once a player has this many right answers

    def __post_init__(self) -> None:
        if self.mode not in set(Mode):
            raise ConfigError(f"Quiz settings: mode must be one of {', '.join(Mode)}.")
        object.__setattr__(self, "mode", Mode(self.mode))
        QUESTIONS.check(self.question_count)
        TIME_LIMIT.check(self.time_limit)
        REVEAL_PAUSE.check(self.reveal_pause)
        for ok, problem in (
            (self.max_unanswered >= 1, "max unanswered must be at least 1"),
            (self.attempts >= 1, "attempts must be at least 1"),
        ):
            if not ok:
                raise ConfigError(f"Quiz settings: {problem}.")


@dataclass
class _Round:
    question: Question
    number: int
    started: float
    deadline: float
    choices: tuple[str, ...]  # empty in typed mode
    correct: int  # index of the answer in `choices`, -1 in typed mode
    hints: int = 0  # hints shown; in progressive mode, stage - 1
    removed: frozenset[int] = frozenset()
    attempts: dict[int, int] = field(default_factory=dict)
    picked: set[int] = field(default_factory=set)
    active: bool = False  # someone answered, picked or asked for a hint


class Game:
    def __init__(
        self,
        config: GameConfig,
        questions: Sequence[Question],
        facts: Mapping[str, Fact],
        rng: random.Random,
    ) -> None:
        first: dict[str, Question] = {}
        for question in questions:
            first.setdefault(question.id, question)  # a question is asked at most once
        self.config = config
        self._questions = list(first.values())[: config.question_count]
        if not self._questions:
            raise NotEnoughQuestions("No quiz questions to ask.")
        self._facts = facts
        self._wins: Counter[int] = Counter()  # right answers per player (for `first_to`)
        self._rng = rng
        self._state = State.IDLE
        self._now = float("-inf")
        self._round: _Round | None = None
        self._asked = 0
        self._resume_at = 0.0
        self._idle_run = 0
        self._board = Scoreboard()

    # -- what the front end reads -------------------------------------------------------

    @property
    def state(self) -> State:
        return self._state

    @property
    def total(self) -> int:
        return len(self._questions)

    @property
    def questions_asked(self) -> int:
        return self._asked

    @property
    def current(self) -> Question | None:
        """The open question, if any."""
        return self._round.question if self._state is State.ASKING and self._round else None

    @property
    def scores(self) -> tuple[tuple[Player, int], ...]:
        """Everyone who took part, most points first; ties go to who got there first."""
        return self._board.standings()

    @property
    def next_deadline(self) -> float | None:
        """When `tick()` has something to do next, or None."""
        if self._state is State.REVEALED:
            return self._resume_at
        if self._state is State.ASKING and self._round:
            hint_at = self._hint_timer(self._round)
            return self._round.deadline if hint_at is None else hint_at
        return None

    # -- actions --------------------------------------------------------------------------

    def start(self, now: float) -> list[Event]:
        now = self._clock(now)
        self._go(Trigger.START)
        return self._ask(now)

    def answer(self, player: Player, text: str, now: float) -> list[Event]:
        """A typed message from a player while a question may be open."""
        if player.is_bot:
            return []
        now = self._clock(now)
        r = self._require(Trigger.ATTEMPT, now)
        text = text.strip()
        if not text or len(text) > MAX_TYPED:
            return []
        if self._choices_shown(r):
            index = self._match_choice(r, text)
            return [] if index is None else self._pick(r, player, index, now)
        used = r.attempts.get(player.id, 0)
        if used >= self.config.attempts:
            raise OutOfAttempts()
        r.attempts[player.id] = used + 1
        self._join(player, r)
        if is_accepted(text, r.question.answers, r.question.wrong):
            return self._win(r, player, text, now)
        return [Wrong(player, self.config.attempts - used - 1)]

    def choose(self, player: Player, index: int, now: float) -> list[Event]:
        """A multiple-choice pick (a button), `index` into the choices shown."""
        if player.is_bot:
            return []
        now = self._clock(now)
        r = self._require(Trigger.ATTEMPT, now)
        if not self._choices_shown(r):
            raise NoChoices()
        return self._pick(r, player, index, now)

    def hint(self, now: float) -> list[Event]:
        """A hint asked for by a player."""
        now = self._clock(now)
        r = self._require(Trigger.HINT, now)
        events = self._give_hint(r, auto=False)
        r.active = True
        return events

    def skip(self, now: float) -> list[Event]:
        now = self._clock(now)
        r = self._require(Trigger.SKIP, now)
        return self._reveal(r, Trigger.SKIP, Reason.SKIPPED, None) + self._after_reveal(now)

    def stop(self, now: float, by: Player | None = None) -> list[Event]:
        self._clock(now)
        self._check(Trigger.STOP)
        if self._state is State.ASKING and self._round:
            revealed = self._reveal(self._round, Trigger.STOP, Reason.STOPPED, None)
            return revealed + self._finish(Trigger.FINISH, Outcome.STOPPED, by)
        return self._finish(Trigger.STOP, Outcome.STOPPED, by)

    def tick(self, now: float) -> list[Event]:
        """Fire every timer due at `now`, in order."""
        now = self._clock(now)
        events: list[Event] = []
        while (due := self.next_deadline) is not None and due <= now:
            if self._state is State.REVEALED:
                self._go(Trigger.NEXT)
                events += self._ask(now)
            elif self._round and self._hint_timer(self._round) is not None:
                events += self._give_hint(self._round, auto=True)
            elif self._round:
                events += self._reveal(self._round, Trigger.TIMEOUT, Reason.TIMEOUT, None)
                events += self._after_reveal(now)
        return events

    # -- the rules ------------------------------------------------------------------------

    def _clock(self, now: float) -> float:
        self._now = max(self._now, now)
        return self._now

    def _go(self, trigger: Trigger) -> None:
        self._check(trigger)
        self._state = TRANSITIONS[self._state][trigger]

    def _check(self, trigger: Trigger) -> None:
        if trigger not in TRANSITIONS[self._state]:
            if trigger is Trigger.START and self._state is not State.OVER:
                raise AlreadyStarted()
            raise _REFUSED[self._state]()

    def _require(self, trigger: Trigger, now: float) -> _Round:
        """Check that a player action is allowed now; return the open question's round."""
        self._check(trigger)
        assert trigger in _BEFORE_DEADLINE and self._round is not None
        if now >= self._round.deadline:
            raise TimeUp()
        return self._round

    def _ask(self, now: float) -> list[Event]:
        question = self._questions[self._asked]
        self._asked += 1
        choices: tuple[str, ...] = ()
        correct = -1
        if self.config.mode is not Mode.TYPED:
            choices, correct = make_choices(question, self._rng)
        r = _Round(question, self._asked, now, now + self.config.time_limit, choices, correct)
        self._round = r
        asked = QuestionAsked(
            number=r.number,
            total=self.total,
            question_id=question.id,
            topic=question.topic,
            text=question.question,
            choices=choices if self._choices_shown(r) else None,
            deadline=r.deadline,
            points_available=points_for(self.config.mode, 0),
            stage=1,
        )
        return [asked]

    def _hint_timer(self, r: _Round) -> float | None:
        """When the next automatic hint (or progressive stage) is due, if one is."""
        half = r.started + self.config.time_limit / 2
        if self.config.mode is Mode.PROGRESSIVE:
            return (half, half + self.config.time_limit / 4, None)[r.hints]
        return half if self.config.auto_hint and r.hints == 0 else None

    def _choices_shown(self, r: _Round) -> bool:
        mode = self.config.mode
        return mode is Mode.CHOICE or (mode is Mode.PROGRESSIVE and r.hints >= 2)

    def _give_hint(self, r: _Round, *, auto: bool) -> list[Event]:
        mode = self.config.mode
        if r.hints >= max_hints(mode):
            raise NoMoreHints()
        r.hints += 1
        points, stage = points_for(mode, r.hints), r.hints + 1
        if mode is Mode.CHOICE:
            r.removed = choices_to_remove(len(r.choices), r.correct, self._rng)
            return [HintGiven(None, tuple(sorted(r.removed)), None, points, stage, auto)]
        if self._choices_shown(r):
            return [HintGiven(None, (), r.choices, points, stage, auto)]
        return [HintGiven(text_hint(r.question, r.hints), (), None, points, stage, auto)]

    def _match_choice(self, r: _Round, text: str) -> int | None:
        """The choice a typed text names: its letter, or the one choice it matches."""
        if len(text) == 1 and text.upper() in CHOICE_LABELS[: len(r.choices)]:
            return CHOICE_LABELS.index(text.upper())
        matches = [
            i
            for i, choice in enumerate(r.choices)
            if is_accepted(
                text,
                r.question.answers if i == r.correct else (choice,),
                [other for j, other in enumerate(r.choices) if j != i],
            )
        ]
        return matches[0] if len(matches) == 1 else None

    def _pick(self, r: _Round, player: Player, index: int, now: float) -> list[Event]:
        if not 0 <= index < len(r.choices):
            raise BadChoice()
        if index in r.removed:
            raise ChoiceRemoved()
        if player.id in r.picked:
            raise AlreadyPicked()
        r.picked.add(player.id)
        self._join(player, r)
        if index == r.correct:
            return self._win(r, player, r.choices[index], now)
        return [Wrong(player, 0)]

    def _join(self, player: Player, r: _Round) -> None:
        r.active = True
        self._board.join(player)

    def _win(self, r: _Round, player: Player, given: str, now: float) -> list[Event]:
        self._check(Trigger.WIN)
        points = points_for(self.config.mode, r.hints)
        streak, total = self._board.award(player, points)
        self._wins[player.id] += 1
        correct = Correct(player, points, given, streak, total)
        revealed = self._reveal(r, Trigger.WIN, Reason.ANSWERED, player)
        return [correct, *revealed, *self._after_reveal(now)]

    def _reveal(
        self, r: _Round, trigger: Trigger, reason: Reason, winner: Player | None
    ) -> list[Event]:
        self._go(trigger)
        if winner is None:
            self._board.no_winner()
        idle = reason is Reason.TIMEOUT and not r.active
        self._idle_run = self._idle_run + 1 if idle else 0
        q = r.question
        fact = self._facts.get(q.fact)
        explanation, source = (fact.text, fact.source) if fact else (None, None)
        return [Revealed(q.id, q.answer, explanation, source, reason, winner)]

    def _after_reveal(self, now: float) -> list[Event]:
        if self._idle_run >= self.config.max_unanswered:
            return self._finish(Trigger.FINISH, Outcome.ABANDONED, None)
        first_to = self.config.first_to
        reached = first_to is not None and max(self._wins.values(), default=0) >= first_to
        if self._asked >= self.total or reached:
            return self._finish(Trigger.FINISH, Outcome.COMPLETED, None)
        if self.config.reveal_pause <= 0:
            self._go(Trigger.NEXT)
            return self._ask(now)
        self._resume_at = now + self.config.reveal_pause
        return []

    def _finish(self, trigger: Trigger, status: Outcome, by: Player | None) -> list[Event]:
        self._go(trigger)
        return [GameOver(status, self.scores, self._asked, by)]
