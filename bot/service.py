"""What a person can do with Yutu, with every rule applied once.

`Yutu` sits between the core (knowledge, quiz, storage) and the front ends (Discord in
`bot/discord`, the terminal in `bot/terminal`). The front ends translate what a person did
into a call here, passing the facts only they know (where it happened, whether the person
moderates the server, whether the bot can post there), and render what comes back; a
refusal is a `YutuError` whose message is meant for the person. So the rules live here:
no spoilers on any path, defaults and limits from `bot/limits.py`, topics found by name
(mission numbers included), who may skip or stop a game, where games may run, and how
often someone may ask or start a game.
"""

from __future__ import annotations

import random
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable, Hashable, Iterable
from dataclasses import dataclass

from bot.daily import Daily
from bot.errors import (
    CannotPost,
    NotHere,
    NotPermitted,
    QuestionOver,
    SlowDown,
    Spoiler,
    YutuError,
    require_admin,
)
from bot.knowledge.answer import Answer, Answerer
from bot.knowledge.browse import require_topic, topic_choices
from bot.knowledge.model import Difficulty, Fact, KnowledgeBase, Topic
from bot.limits import QUESTIONS, REVEAL_PAUSE, TIME_LIMIT
from bot.packs import Packs
from bot.quiz.engine import Game
from bot.quiz.events import Event
from bot.quiz.packs import MIN_FOR_CHOICES, Pack
from bot.quiz.scoring import Mode, Player
from bot.quiz.session import GameRequest, Quizzes, Renderer, Session
from bot.storage import GuildSettings, LeaderRow, PlayerStats, Store
from bot.storage.models import PERIODS, DailyStreak

ASKS_PER_WINDOW, ASK_WINDOW = 3, 15.0  # questions per person (/ask, mentions, DMs together)
START_COOLDOWN = 15.0  # seconds between two games started by one person in one server
REASON_MAX = 300  # characters of a report's reason
_UNSAFE = re.compile(r"[^\w\s'’.,:()+-]")


def shown(name: str, limit: int = 60) -> str:
    """A name a person typed, safe to repeat in any front end (no markup, no mentions)."""
    plain = " ".join(_UNSAFE.sub("", name).split())
    return f'"{plain[:limit]}{"…" if len(plain) > limit else ""}"'


@dataclass(frozen=True)
class Place:
    """Where something happens. `guild_id` None is a direct message; `parent_id` is the
    channel a thread belongs to."""

    guild_id: int | None
    channel_id: int
    parent_id: int | None = None

    @property
    def guild(self) -> int:
        return self.guild_id or 0


@dataclass(frozen=True)
class Person:
    """Who acts, with what the front end knows of their rights on this server."""

    player: Player
    moderator: bool = False  # may skip or stop anyone's game (Discord: Manage Messages)
    admin: bool = False  # may change settings and reset scores (Discord: Manage Server)

    @property
    def id(self) -> int:
        return self.player.id


class RateLimit:
    """At most `count` uses per `window` seconds per key. Keys whose window has passed
    are forgotten, so memory follows the people active right now, not everyone ever seen."""

    def __init__(
        self, count: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.count, self.window, self.clock = count, window, clock
        self.uses: dict[Hashable, deque[float]] = {}
        self.told: dict[Hashable, float] = {}  # key -> until when a refusal was signalled

    def retry_after(self, key: Hashable) -> float:
        """0 if `key` may act now (the use is counted), else the seconds to wait."""
        now = self.clock()
        if len(self.uses) > 1000:
            self.uses = {k: u for k, u in self.uses.items() if u and u[-1] > now - self.window}
            self.told = {k: until for k, until in self.told.items() if until > now}
        wait = self.wait(key)
        if not wait:
            self.uses.setdefault(key, deque()).append(now)
        return wait

    def wait(self, key: Hashable) -> float:
        """Like `retry_after`, without counting a use."""
        now = self.clock()
        uses = self.uses.get(key)
        while uses and uses[0] <= now - self.window:
            uses.popleft()
        return uses[0] + self.window - now if uses and len(uses) >= self.count else 0.0

    def first_refusal(self, key: Hashable, wait: float) -> bool:
        """Whether a refusal of `key` is the first of its wait (signal it once, not on
        every message)."""
        now = self.clock()
        first = self.told.get(key, 0.0) <= now
        if first:
            self.told[key] = now + wait
        return first


@dataclass(frozen=True)
class GameOptions:
    """What a person asked for when starting a game; None means the server's default."""

    topic: str | None = None
    pack: str | None = None  # a server's question pack instead of Yutu's questions
    questions: int | None = None
    difficulty: Difficulty | None = None
    mode: Mode | None = None
    time_limit: float | None = None


class Yutu:
    """The application: the answerer, the running games, the database and the settings."""

    def __init__(
        self,
        kb: KnowledgeBase,
        storage: Store,
        *,
        answerer: Answerer | None = None,
        reveal_pause: float = REVEAL_PAUSE.default,
        rng: random.Random | None = None,
        game_clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        throttle: bool = True,
    ) -> None:
        self.kb = kb
        self.storage = storage
        self.answerer = answerer or Answerer(kb)
        self.rng = rng or random.Random()
        self.quizzes = Quizzes(kb, storage, game_clock=game_clock, wall=wall, rng=self.rng,
                               reveal_pause=reveal_pause)  # fmt: skip
        self.daily = Daily(kb, storage, lambda: self.quizzes.wall())
        self.packs = Packs(storage, lambda: self.quizzes.wall())
        # One person at a terminal needs no rate limits; a server full of people does.
        self.asks = RateLimit(ASKS_PER_WINDOW, ASK_WINDOW, game_clock) if throttle else None
        self.starts = RateLimit(1, START_COOLDOWN, game_clock) if throttle else None

    @property
    def wall(self) -> Callable[[], float]:
        return self.quizzes.wall

    # -- knowledge ---------------------------------------------------------------------

    def ask(self, person_id: int, question: str, guild_id: int | None) -> Answer:
        """The answer to a question, unless it would give away an open quiz question (in
        this server; for a direct message, in any server)."""
        if self.asks and (wait := self.asks.retry_after(person_id)):
            raise SlowDown(wait, "ask again", first=self.asks.first_refusal(person_id, wait))
        answer = self.answerer.ask(question)
        if answer.fact is not None and self._spoils(answer.fact, guild_id):
            raise Spoiler
        return answer

    def topic(self, name: str) -> Topic:
        """The topic a person named (id, title, alias; small typos forgiven, never another
        mission number), or UnknownTopic with the closest names."""
        return require_topic(self.kb, name, shown(name))

    def topics_like(self, typed: str, limit: int = 25) -> list[Topic]:
        """Topics for an autocomplete box, best match first."""
        return topic_choices(self.kb, typed, limit)

    def random_fact(self, topic: str | None, guild_id: int | None) -> Fact:
        """A random fact (of one topic) that gives away no open quiz question."""
        facts = self._unspoiled(self.topic(topic).facts if topic else self.kb.facts.values(),
                                guild_id)  # fmt: skip
        if not facts:
            raise Spoiler
        return self.rng.choice(facts)

    def topic_facts(self, topic: str, guild_id: int | None) -> tuple[Topic, list[Fact], int]:
        """A topic, its facts that give away no open quiz question, and how many are held
        back until the question is revealed."""
        found = self.topic(topic)
        facts = self._unspoiled(found.facts, guild_id)
        return found, facts, len(found.facts) - len(facts)

    def _unspoiled(self, facts: Iterable[Fact], guild_id: int | None) -> list[Fact]:
        return [f for f in facts if not self._spoils(f, guild_id)]

    def _spoils(self, fact: Fact, guild_id: int | None) -> bool:
        """The no-spoilers rule: an open quiz question or today's daily question."""
        return self.quizzes.spoils(fact, guild_id) or self.daily.spoils(fact, guild_id)

    # -- games -------------------------------------------------------------------------

    async def start_game(
        self,
        place: Place,
        person: Person,
        options: GameOptions,
        render: Renderer,
        announce: Callable[[Game, GameRequest], Awaitable[None]] | None = None,
        *,
        typed_answers: bool = True,
        can_post: bool = True,
    ) -> Session:
        """Start a game here with the server's defaults for what `options` leaves out.

        `typed_answers`: whether the front end can read typed answers (on Discord, the
        Message Content intent); without, the game uses buttons and the request says so.
        `can_post`: whether the bot can show the game here. `announce` runs once the game
        exists and before its first question.
        """
        if not can_post:
            raise CannotPost
        settings = await self.storage.guild_settings(place.guild)
        if settings.channels and not {place.channel_id, place.parent_id} & settings.channels:
            raise NotHere(settings.channels)
        topics = None
        if options.topic and options.topic.strip().lower() != "all":
            topics = (self.topic(options.topic).id,)
        pack = await self.packs.load(place.guild, options.pack) if options.pack else None
        self.quizzes.check_free(place.channel_id)
        mode = options.mode or Mode(settings.mode)
        typed_only = None
        if pack is not None and (mode is not Mode.TYPED or not typed_answers):
            drawn = await self.packs.with_choices(pack)  # buttons need wrong choices
            if drawn is not None:
                pack = drawn
            elif typed_answers:
                mode, typed_only = Mode.TYPED, self._no_choices(pack, typed_answers)
            else:
                raise YutuError(self._no_choices(pack, typed_answers))
        buttons_for_typed = mode is not Mode.CHOICE and not typed_answers
        count = settings.questions if options.questions is None else options.questions
        limit = options.time_limit
        if limit is None:
            limit = pack.time_limit if pack and pack.time_limit else settings.time_limit
        QUESTIONS.check(count)
        TIME_LIMIT.check(limit)
        key = (place.guild, person.id)
        if self.starts and (wait := self.starts.wait(key)):
            raise SlowDown(wait, "start another quiz")
        request = GameRequest(
            guild_id=place.guild,
            channel_id=place.channel_id,
            topics=topics,
            difficulty=options.difficulty,
            mode=Mode.CHOICE if buttons_for_typed else mode,
            questions=count,
            time_limit=float(limit),
            started_by=person.player,
            buttons_for_typed=buttons_for_typed,
            pack=pack,
            typed_only=typed_only,
        )

        async def announced(game: Game) -> None:
            if self.starts:  # a start counts once it has a game: refused starts don't
                self.starts.retry_after(key)
            if announce is not None:
                await announce(game, request)

        return await self.quizzes.start(request, render, announced)

    @staticmethod
    def _no_choices(pack: Pack, typed_answers: bool) -> str:
        """Why a pack without wrong choices cannot be played with buttons."""
        why = (f"The pack {pack.name} has no wrong choices and too few different answers "
               f"to draw them from (it needs {MIN_FOR_CHOICES})")  # fmt: skip
        if typed_answers:
            return why + ", so this game uses typed answers."
        return why + "; it needs typed answers, which I cannot read here."

    def game_here(self, place: Place) -> Session | None:
        return self.quizzes.get(place.channel_id)

    def require_game(self, place: Place) -> Session:
        """The game running here, or NoGame."""
        return self.quizzes.require(place.channel_id)

    async def answer(self, place: Place, person: Person, text: str) -> list[Event] | None:
        """A typed message in a channel: an answer if a game runs there (None if not)."""
        session = self.quizzes.get(place.channel_id)
        if session is None:
            return None
        return await session.answer(person.player, text)

    async def choose(
        self, place: Place, person: Person, game_id: int, number: int, index: int
    ) -> list[Event]:
        """A pick from a question's choices (a button that names its game and question)."""
        session = self.quizzes.get(place.channel_id)
        if session is None or (session.game_id, session.question_number) != (game_id, number):
            raise QuestionOver
        return await session.choose(person.player, index, number)

    async def hint(self, place: Place) -> list[Event]:
        return await self.require_game(place).hint()

    async def skip(self, place: Place, person: Person) -> list[Event]:
        session = self.check_control(place, person, "skip questions")
        return await session.skip()

    async def stop(self, place: Place, person: Person) -> list[Event]:
        session = self.check_control(place, person, "stop it")
        return await session.stop(person.player)

    def check_control(self, place: Place, person: Person, what: str) -> Session:
        """The game here, if `person` may control it: whoever started it, or a moderator."""
        session = self.require_game(place)
        starter = session.request.started_by
        if not (person.moderator or (starter is not None and starter.id == person.id)):
            raise NotPermitted(
                f"Only the player who started this quiz, or a moderator, can {what}.",
                "moderator",
            )
        return session

    async def close(self) -> int:
        """Shutdown: refuse new games and end every running one as interrupted."""
        return await self.quizzes.interrupt_all()

    # -- scores, settings, reports -----------------------------------------------------

    async def leaderboard(
        self, guild_id: int, period: str, person_id: int
    ) -> tuple[list[LeaderRow], LeaderRow | None]:
        """The top players of a period, and the asking person's own line."""
        period = period.strip().lower() or "all"
        if period not in PERIODS:
            raise YutuError(f"Choose a period: {', '.join(PERIODS)}.")
        now = self.wall()
        rows = await self.storage.leaderboard(guild_id, period, now=now)
        mine = await self.storage.rank_of(guild_id, person_id, period, now=now)
        return rows, mine

    async def stats(
        self, guild_id: int, person_id: int
    ) -> tuple[PlayerStats | None, DailyStreak | None]:
        """A player's quiz totals and daily streak (None where they have none)."""
        return (await self.storage.player_stats(guild_id, person_id),
                await self.storage.daily_streak(guild_id, person_id))  # fmt: skip

    async def settings(self, guild_id: int) -> GuildSettings:
        return await self.storage.guild_settings(guild_id)

    async def change_settings(
        self,
        guild_id: int,
        person: Person,
        *,
        questions: int | None = None,
        time_limit: int | None = None,
        mode: Mode | None = None,
        toggle_channel: int | None = None,
        any_channel: bool = False,
    ) -> GuildSettings:
        """Change a server's defaults (admins only); `toggle_channel` allows a channel, or
        disallows it if it was allowed; `any_channel` allows every channel again."""
        require_admin(person.admin, "change its quiz settings")
        for value, bounds in ((questions, QUESTIONS), (time_limit, TIME_LIMIT)):
            if value is not None:
                bounds.check(value)
        current = await self.storage.guild_settings(guild_id)
        channels = set(current.channels)
        if toggle_channel is not None:
            channels ^= {toggle_channel}
        if any_channel:
            channels.clear()
        updated = GuildSettings(
            questions=questions or current.questions,
            time_limit=time_limit or current.time_limit,
            mode=mode.value if mode else current.mode,
            channels=frozenset(channels),
        )
        if updated != current:
            await self.storage.save_guild_settings(guild_id, updated)
        return updated

    async def reset_scores(self, guild_id: int, person: Person, *, confirm: bool) -> int:
        """Erase a server's scores (admins only, and only when confirmed)."""
        require_admin(person.admin, "reset its scores")
        if not confirm:
            raise YutuError("Nothing erased: run it again with confirm set to True.")
        return await self.storage.reset_scores(guild_id)

    def reportable(self, question_id: str) -> bool:
        return question_id in self.kb.questions

    async def report(self, place: Place, person_id: int, question_id: str, reason: str) -> None:
        """Flag a quiz question as wrong or unclear, for the people who curate the facts."""
        if not self.reportable(question_id):
            raise YutuError("That question is no longer in the quiz.")
        await self.storage.add_report(
            guild_id=place.guild_id, channel_id=place.channel_id, user_id=person_id,
            question_id=question_id, reason=reason.strip()[:REASON_MAX], at=self.wall(),
        )  # fmt: skip
