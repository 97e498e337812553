"""Running games: the engine, the database and a front end's renderer, joined.

`Quizzes` keeps one `Session` per channel. A session feeds each action to its `Game`,
writes every awarded point to the database *before* the renderer announces it, records
asked questions and the game's end, and wakes itself up for the engine's timers (hints,
timeouts, the pause after a reveal). Front ends supply a renderer: an async function
that shows a list of engine events in the channel.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass

from bot.errors import (
    GameRunning,
    NoGame,
    QuestionOver,
    ShuttingDown,
    StorageError,
    YutuError,
)
from bot.knowledge.model import Difficulty, Fact, KnowledgeBase, Question
from bot.knowledge.normalize import tokens
from bot.limits import QUESTIONS, REVEAL_PAUSE, TIME_LIMIT
from bot.quiz.engine import DEFAULT_GAME_MODE, Game, GameConfig
from bot.quiz.events import Correct, Event, GameOver, Halted, QuestionAsked
from bot.quiz.packs import Pack
from bot.quiz.scoring import Mode, Player
from bot.quiz.selection import pick_questions
from bot.storage import Store

log = logging.getLogger(__name__)

Renderer = Callable[["Session", list[Event]], Awaitable[None]]
RECENT = 50


DISTINCTIVE = 3
"""A server pack's answer held by more facts than this ("Moon", "China") tells nothing."""


def gives_away(fact: Fact, question: Question, kb: KnowledgeBase) -> bool:
    """Whether showing `fact` gives away `question`'s answer: it explains the question,
    or its text holds an answer (for a server's own pack, only a distinctive one: a word
    in half the facts does not point at the answer)."""
    if fact.id == question.fact:
        return True
    pack = question.id not in kb.questions
    return any(
        _holds(fact.text, a) and not (pack and _held_by(kb, a) > DISTINCTIVE)
        for a in question.answers
    )


_HELD: dict[tuple[int, str], int] = {}


def _held_by(kb: KnowledgeBase, answer: str) -> int:
    """How many facts hold `answer` (counted once per base and answer)."""
    key = (id(kb), answer)
    if key not in _HELD:
        _HELD[key] = sum(_holds(f.text, answer) for f in kb.facts.values())
    return _HELD[key]


def _holds(text: str, answer: str) -> bool:
    """Whether `answer`'s words appear, in order and together, in `text`."""
    wanted = tokens(answer)
    words = tokens(text)
    return bool(wanted) and any(
        words[i : i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1)
    )


@dataclass(frozen=True)
class GameRequest:
    """What a person asked for when starting a game."""

    guild_id: int
    channel_id: int
    topics: Collection[str] | None = None
    difficulty: Difficulty | None = None
    mode: Mode = DEFAULT_GAME_MODE
    questions: int = QUESTIONS.default
    time_limit: float = TIME_LIMIT.default
    started_by: Player | None = None
    buttons_for_typed: bool = False  # typed answers were asked for but cannot be read here
    pack: Pack | None = None  # play a server's question pack instead of Yutu's questions
    typed_only: str | None = None  # why a game asked for with buttons uses typed answers


class Session:
    """One running game in one channel."""

    def __init__(
        self,
        quizzes: Quizzes,
        request: GameRequest,
        game: Game,
        game_id: int,
        render: Renderer,
    ) -> None:
        self.quizzes = quizzes
        self.request = request
        self.game = game
        self.game_id = game_id
        self.render = render
        self.lock = asyncio.Lock()
        self.timer: asyncio.Task[None] | None = None
        self.over = False
        self.question_id = ""
        self.question_number = 0

    @property
    def channel_id(self) -> int:
        return self.request.channel_id

    async def act(
        self, action: Callable[[float], Sequence[Event]], question: int | None = None
    ) -> list[Event]:
        """Run one engine action now; persist and render what it caused. With `question`,
        only while that question is the open one (a click on an older question's button
        must not count on the next)."""
        async with self.lock:
            if self.over:
                raise NoGame
            if question is not None and question != self.question_number:
                raise QuestionOver
            events = list(action(self.quizzes.game_clock()))
            await self._apply(events)
            return events

    async def answer(self, player: Player, text: str) -> list[Event]:
        return await self.act(lambda now: self.game.answer(player, text, now))

    async def choose(self, player: Player, index: int, question: int | None = None) -> list[Event]:
        return await self.act(lambda now: self.game.choose(player, index, now), question)

    async def hint(self) -> list[Event]:
        return await self.act(self.game.hint)

    async def skip(self) -> list[Event]:
        return await self.act(self.game.skip)

    async def stop(self, by: Player | None = None) -> list[Event]:
        return await self.act(lambda now: self.game.stop(now, by))

    async def _apply(self, events: list[Event]) -> None:
        try:
            await self._record(events)
        except Exception as exc:
            # A point that cannot be saved must not be announced: the game ends here, and
            # the channel is told so (the details go to the log, not to players).
            log.exception("quiz in channel %s stopped: could not save it", self.channel_id)
            await self.halt()
            raise StorageError(Halted().message) from exc
        await self._show(events)
        if self.over:
            self._end()
        else:
            self._schedule()

    async def _show(self, events: list[Event]) -> None:
        if events:
            try:
                await self.render(self, events)
            except Exception:
                log.exception("could not show quiz events in channel %s", self.channel_id)

    async def halt(self) -> None:
        """End the game outside its rules: tell the channel, and record it if possible."""
        self._end()
        await self._show([Halted()])
        when = self.quizzes.wall()
        try:
            await self.quizzes.storage.finish_game(self.game_id, "failed", when)
        except Exception:  # the database is away: record it when it is back
            self.quizzes.unrecorded[self.game_id] = when

    async def _record(self, events: list[Event]) -> None:
        """Write what `events` changed to the database, in order, before anyone sees it."""
        storage = self.quizzes.storage
        now = self.quizzes.wall()
        for event in events:
            if isinstance(event, Correct):
                await storage.award(
                    self.game_id, self.request.guild_id, event.player.id, event.player.name,
                    self.question_id, event.points, now, event.streak,
                )  # fmt: skip
            elif isinstance(event, QuestionAsked):
                self.question_id = event.question_id
                self.question_number = event.number
                await storage.record_asked(
                    self.request.guild_id, self.channel_id, event.question_id, now
                )
            elif isinstance(event, GameOver):
                # Each engine outcome (completed, stopped, abandoned) is a stored status.
                by = event.stopped_by.id if event.stopped_by else None
                await storage.finish_game(self.game_id, event.status.value, now, by)
                self.over = True

    def _end(self) -> None:
        self.over = True
        if self.timer is not None and self.timer is not asyncio.current_task():
            self.timer.cancel()
        self.quizzes.forget(self)

    def wall_time(self, moment: float) -> float:
        """A moment of the game's clock as a Unix time (for Discord's <t:...> stamps)."""
        return self.quizzes.wall() + (moment - self.quizzes.game_clock())

    def _schedule(self) -> None:
        if self.timer is not None and self.timer is not asyncio.current_task():
            self.timer.cancel()
        deadline = self.game.next_deadline
        self.timer = None if deadline is None else asyncio.create_task(self._wake(deadline))

    async def _wake(self, deadline: float) -> None:
        await asyncio.sleep(max(0.0, deadline - self.quizzes.game_clock()))
        try:
            await self.act(self.game.tick)
        except NoGame:
            pass
        except YutuError as exc:  # already logged; nobody to tell but the log
            log.warning("quiz timer in channel %s: %s", self.channel_id, exc)

    async def interrupt(self) -> None:
        """The bot is shutting down: end the game as interrupted, keeping its points."""
        async with self.lock:
            if self.timer is not None:
                self.timer.cancel()
            if not self.over:
                self._end()
                await self.quizzes.storage.finish_game(
                    self.game_id, "interrupted", self.quizzes.wall()
                )


class Quizzes:
    """Every running game, one per channel, sharing one database."""

    def __init__(
        self,
        kb: KnowledgeBase,
        storage: Store,
        *,
        game_clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        rng: random.Random | None = None,
        reveal_pause: float = REVEAL_PAUSE.default,
    ) -> None:
        self.kb = kb
        self.storage = storage
        self.game_clock = game_clock  # for the game's timers only: never jumps, not a date
        self.wall = wall  # for the database and the times people see
        self.rng = rng or random.Random()
        self.reveal_pause = reveal_pause
        self.sessions: dict[int, Session] = {}
        self.starting: set[int] = set()
        self.closing = False  # shutting down: no new games
        self.unrecorded: dict[int, float] = {}  # failed games the database missed, and when

    def get(self, channel_id: int) -> Session | None:
        return self.sessions.get(channel_id)

    def require(self, channel_id: int) -> Session:
        session = self.sessions.get(channel_id)
        if session is None:
            raise NoGame
        return session

    def check_free(self, channel_id: int) -> None:
        """Raise unless a game may start in the channel now."""
        if self.closing:
            raise ShuttingDown
        if channel_id in self.sessions or channel_id in self.starting:
            raise GameRunning

    def forget(self, session: Session) -> None:
        if self.sessions.get(session.channel_id) is session:
            del self.sessions[session.channel_id]

    async def start(
        self,
        request: GameRequest,
        render: Renderer,
        announce: Callable[[Game], Awaitable[None]] | None = None,
    ) -> Session:
        """Pick questions, open the game in the database, let the front end `announce` it
        (it now knows how many questions there are) and ask the first question.

        The channel is reserved from the first moment, so two starts at once make one game;
        if the announcement fails, the game is recorded as stopped and the channel is free.
        """
        channel = request.channel_id
        self.check_free(channel)
        self.starting.add(channel)
        try:
            pack = request.pack
            config = GameConfig(
                question_count=request.questions,
                mode=request.mode,
                time_limit=request.time_limit,
                reveal_pause=self.reveal_pause,
                first_to=pack.first_to if pack else None,
            )
            await self._record_failures()
            recent = await self.storage.recent_questions(channel, RECENT)
            questions = pick_questions(
                list(pack.questions if pack else self.kb.questions.values()),
                topics=request.topics,
                difficulty=request.difficulty,
                count=request.questions,
                rng=self.rng,
                recent_first=recent,
                choices=request.mode is not Mode.TYPED,
            )
            game = Game(config, questions, pack.facts if pack else self.kb.facts, self.rng)
            game_id = await self.storage.start_game(
                request.guild_id,
                channel,
                mode=request.mode.value,
                topics=f"pack:{pack.name}"
                if pack
                else ",".join(sorted(request.topics or ())) or "all",
                started_at=self.wall(),
            )
            if announce is not None:
                try:
                    await announce(game)
                except BaseException:
                    with contextlib.suppress(Exception):
                        await self.storage.finish_game(game_id, "failed", self.wall())
                    raise
            session = Session(self, request, game, game_id, render)
            self.sessions[channel] = session
        finally:
            self.starting.discard(channel)
        if self.closing:  # shutdown began while this game was being set up
            await session.interrupt()
            raise ShuttingDown
        await session.act(game.start)
        return session

    async def _record_failures(self) -> None:
        """Mark games that ended because the database was away as failed, now that it
        answers again (otherwise they would stay "running" until the next restart)."""
        for game_id, when in list(self.unrecorded.items()):
            with contextlib.suppress(StorageError):
                await self.storage.finish_game(game_id, "failed", when)
                del self.unrecorded[game_id]

    def spoils(self, fact: Fact, guild_id: int | None = None) -> bool:
        """Whether showing `fact` would give away a question open right now (in one
        server, or in any): it explains that question, or its text holds the answer."""
        for session in self.sessions.values():
            question = session.game.current
            if question is None or guild_id not in (None, session.request.guild_id):
                continue
            if gives_away(fact, question, self.kb):
                return True
        return False

    async def interrupt_all(self) -> int:
        """Shutdown: refuse new games, then end every running game as interrupted, even
        if ending one of them fails; returns how many were ended."""
        self.closing = True  # a start already past its checks ends its own game (start())
        ended = 0
        for session in list(self.sessions.values()):
            try:
                await session.interrupt()
                ended += 1
            except Exception:
                log.exception("could not end the quiz in channel %s", session.channel_id)
        return ended
