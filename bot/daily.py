"""The daily question, as the application offers it (`Yutu.daily`).

One question a day per server, the same for everyone, answered with one pick per player;
its answer is revealed when the next day's question is posted, or earlier by an admin.
Everything is stored before it is shown: the day's question is claimed in the database
before its message is sent (so a restart or a second caller never posts a day twice), and
every pick is saved before it is acknowledged. The rules of days and questions are in
`bot/quiz/daily.py`; front ends post what `post_today` returns and report the message id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import overload

from bot.errors import YutuError, require_admin
from bot.knowledge.model import Fact, KnowledgeBase, Question
from bot.quiz.daily import (
    DailyRound,
    choices_for,
    format_time,
    is_due,
    parse_time,
    pick_question,
    today,
)
from bot.quiz.scoring import Player
from bot.quiz.session import gives_away
from bot.storage import Store
from bot.storage.models import DAY_OVER, DailyPost, DailySettings, DailyStreak

NOT_SET_UP = "The daily question is not set up on this server: an admin can run /daily setup."
SWITCHED_OFF = (
    "The daily question is off on this server (it is switched off when I cannot post in "
    "its channel): an admin can turn it on again with /daily setup."
)


@dataclass(frozen=True)
class Reveal:
    """A closed day: its round, its fact, and how the server did."""

    round: DailyRound
    fact: Fact | None
    picks: int
    right: int


@dataclass(frozen=True)
class Posting:
    """What to show when a day's question goes out: earlier days' answers first."""

    round: DailyRound
    reveals: tuple[Reveal, ...]


class Daily:
    def __init__(self, kb: KnowledgeBase, storage: Store, wall: Callable[[], float]) -> None:
        self.kb, self.storage, self.wall = kb, storage, wall
        # each server's open question, for spoilers (None: known to have none open)
        self.open: dict[int, Question | None] = {}

    def spoils(self, fact: Fact, guild_id: int | None) -> bool:
        """Whether `fact` gives away an open daily question (of this server, or of any
        for a direct message)."""
        questions = self.open.values() if guild_id is None else [self.open.get(guild_id)]
        return any(q is not None and gives_away(fact, q, self.kb) for q in questions)

    def _remember(self, guild_id: int, round_: DailyRound | None) -> DailyRound | None:
        self.open[guild_id] = None if round_ is None else round_.question
        return round_

    # -- settings (admins) -------------------------------------------------------------

    async def setup(
        self, guild_id: int, admin: bool, channel_id: int, time: str, by_weekday: bool = False
    ) -> DailySettings:
        """Post the daily question in `channel_id` at `time` (HH:MM UTC) from now on."""
        require_admin(admin, "set up the daily question")
        settings = DailySettings(channel_id, parse_time(time), by_weekday)
        await self.storage.save_daily_settings(guild_id, settings)
        return settings

    async def off(self, guild_id: int, admin: bool) -> None:
        require_admin(admin, "set up the daily question")
        settings = await self.storage.daily_settings(guild_id)
        if settings is None or not settings.enabled:
            raise YutuError("The daily question is already off on this server.")
        await self.storage.save_daily_settings(guild_id, replace(settings, enabled=False))

    async def settings(self, guild_id: int) -> DailySettings | None:
        return await self.storage.daily_settings(guild_id)

    # -- posting -----------------------------------------------------------------------

    async def due(self, guild_ids: Callable[[int], bool] = lambda _: True) -> list[int]:
        """Servers (among those `guild_ids` accepts) whose question of today is due and not
        yet sent: after its time, or missed while the bot was down."""
        now = self.wall()
        found = []
        for guild_id, settings in await self.storage.daily_enabled():
            if not guild_ids(guild_id):
                continue
            if guild_id not in self.open:  # after a restart: learn what is open
                await self.current(guild_id)
            if not is_due(now, settings.post_minute):
                continue
            post = await self.storage.daily_post(guild_id, today(now).isoformat())
            if post is None or post.message_id is None:
                found.append(guild_id)
        return found

    async def post_today(self, guild_id: int, *, early: bool = False) -> Posting | None:
        """Claim today's question for the server (or take the one already claimed but not
        sent) and close earlier open days; None if today's has been sent already. With
        `early`, before its set time too (an admin's /daily post)."""
        settings = await self.storage.daily_settings(guild_id)
        if settings is None or not settings.enabled:
            raise YutuError(NOT_SET_UP if settings is None else SWITCHED_OFF)
        now = self.wall()
        if not (early or is_due(now, settings.post_minute)):
            raise YutuError(f"Today's question is due at {format_time(settings.post_minute)}.")
        day = today(now)
        post = await self.storage.daily_post(guild_id, day.isoformat())
        if post is not None and post.message_id is not None:
            return None
        if post is None:
            used = await self.storage.daily_used(guild_id)
            question = pick_question(list(self.kb.questions.values()), used, day, guild_id,
                                     by_weekday=settings.by_weekday)  # fmt: skip
            post = await self.storage.claim_daily(guild_id, day.isoformat(), question.id,
                                                  settings.channel_id, now)  # fmt: skip
        reveals = []
        for earlier in await self.storage.open_daily(guild_id):
            if earlier.day < day.isoformat() and (reveal := await self._close(earlier)):
                reveals.append(reveal)
        round_ = self._round(post)
        self._remember(guild_id, round_)
        return Posting(round_, tuple(reveals))

    async def posted(self, guild_id: int, day: date, message_id: int) -> None:
        """The front end sent the day's question as message `message_id`."""
        await self.storage.set_daily_message(guild_id, day.isoformat(), message_id)

    async def reveal(self, guild_id: int, admin: bool) -> Reveal:
        """Close today's question now (an admin's /daily reveal)."""
        require_admin(admin, "set up the daily question")
        open_days = await self.storage.open_daily(guild_id)
        if not open_days:
            raise YutuError("No daily question is open on this server.")
        reveal = await self._close(open_days[-1])
        if reveal is None:  # closed meanwhile by someone else
            raise YutuError("That day's answer has just been revealed.")
        return reveal

    async def _close(self, post: DailyPost) -> Reveal | None:
        round_ = self._round(post, missing_ok=True)
        if not await self.storage.close_daily(post.guild_id, post.day, self.wall()):
            return None
        if round_ is not None and self.open.get(post.guild_id) == round_.question:
            self.open[post.guild_id] = None
        if round_ is None:  # the question left the fact files since: close without a reveal
            return None
        picks = await self.storage.daily_picks(post.guild_id, post.day)
        return Reveal(round_, self.kb.facts.get(round_.question.fact), len(picks),
                      sum(right for _, _, right in picks))  # fmt: skip

    @overload
    def _round(self, post: DailyPost) -> DailyRound: ...
    @overload
    def _round(self, post: DailyPost, missing_ok: bool) -> DailyRound | None: ...

    def _round(self, post: DailyPost, missing_ok: bool = False) -> DailyRound | None:
        question = self.kb.questions.get(post.question_id)
        if question is None:
            if missing_ok:
                return None
            raise YutuError("That day's question is no longer in the quiz; the next daily "
                            "question comes at its usual time.")  # fmt: skip
        day = date.fromisoformat(post.day)
        choices, correct = choices_for(question, post.guild_id, day)
        return DailyRound(post.guild_id, day, question, choices, correct, post.channel_id,
                          post.message_id)  # fmt: skip

    # -- playing -----------------------------------------------------------------------

    async def current(self, guild_id: int) -> DailyRound | None:
        """The server's open question (the newest day not yet revealed), if any."""
        open_days = await self.storage.open_daily(guild_id)
        round_ = self._round(open_days[-1], missing_ok=True) if open_days else None
        return self._remember(guild_id, round_)

    async def pick(self, guild_id: int, day: date, player: Player, index: int) -> str:
        """A player's one pick for a day: PICKED, ALREADY_PICKED or DAY_OVER."""
        post = await self.storage.daily_post(guild_id, day.isoformat())
        if post is None or post.closed_at is not None:
            return DAY_OVER
        round_ = self._round(post)
        if not 0 <= index < len(round_.choices):
            raise YutuError("There is no such choice.")
        right = index == round_.correct
        return await self.storage.daily_pick(
            guild_id, day.isoformat(), player.id, player.name, index, right, self.wall()
        )

    async def streaks(
        self, guild_id: int, person_id: int
    ) -> tuple[list[DailyStreak], DailyStreak | None]:
        """The longest current streaks, and the person's own."""
        top = await self.storage.daily_streaks(guild_id)
        return top, await self.storage.daily_streak(guild_id, person_id)
