"""`/quiz`: start, hint, skip, stop, settings and reset-scores; typed answers in the channel."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import YutuError
from bot.knowledge.browse import require_topic
from bot.knowledge.model import Difficulty
from bot.quiz.engine import Game
from bot.quiz.events import (
    Correct,
    Event,
    GameOver,
    Halted,
    HintGiven,
    QuestionAsked,
    Revealed,
    Wrong,
)
from bot.quiz.scoring import Mode
from bot.quiz.session import GameRequest, Session
from bot.render_discord import (
    correct_text,
    echo,
    game_over_embed,
    hint_text,
    question_embed,
    reveal_embed,
)
from bot.storage import GuildSettings

from .common import addressed_to, topic_autocomplete
from .views import choices_view, player_of, report_view

if TYPE_CHECKING:
    from bot.discord_app import YutuBot

log = logging.getLogger(__name__)
START_COOLDOWN = 15.0
MODES = {"typed": "typed answers", "choice": "multiple choice", "progressive": "progressive"}


class ChannelRenderer:
    """Shows one game's events in its channel and keeps the open question's message."""

    def __init__(self, bot: YutuBot, channel: discord.abc.Messageable) -> None:
        self.bot = bot
        self.channel = channel
        self.message: discord.Message | None = None
        self.asked: QuestionAsked | None = None
        self.removed: set[int] = set()

    def _question(self, session: Session, *, closed: bool = False
                  ) -> tuple[discord.Embed, discord.ui.View | None]:  # fmt: skip
        assert self.asked is not None
        topic = self.bot.kb.topic(self.asked.topic)
        ends_at = session.wall_time(self.asked.deadline)
        embed = question_embed(self.asked, topic, ends_at, sorted(self.removed))
        if not self.asked.choices:
            return embed, None
        view = choices_view(session.game_id, self.asked.number, self.asked.choices,
                            tuple(self.removed), closed=closed)  # fmt: skip
        return embed, view

    async def _edit_question(self, session: Session, *, closed: bool = False) -> None:
        if self.message is None:
            return
        embed, view = self._question(session, closed=closed)
        if view is None and not closed:
            return
        await self.message.edit(embed=embed, view=view)

    async def __call__(self, session: Session, events: list[Event]) -> None:
        for event in events:
            if isinstance(event, QuestionAsked):
                self.asked, self.removed = event, set()
                embed, view = self._question(session)
                if view is None:
                    self.message = await self.channel.send(embed=embed)
                else:
                    self.message = await self.channel.send(embed=embed, view=view)
            elif isinstance(event, HintGiven) and self.asked is not None:
                self.removed |= set(event.removed_choices)
                if event.choices:
                    self.asked = replace(self.asked, choices=event.choices)
                if event.removed_choices or event.choices:
                    await self._edit_question(session)
                await self.channel.send(hint_text(event))
            elif isinstance(event, Correct):
                await self.channel.send(correct_text(event))
            elif isinstance(event, Revealed):
                if self.asked is not None and self.asked.choices:
                    await self._edit_question(session, closed=True)
                await self.channel.send(embed=reveal_embed(event),
                                        view=report_view(event.question_id))  # fmt: skip
            elif isinstance(event, GameOver):
                await self.channel.send(embed=game_over_embed(event))
            elif isinstance(event, Halted):
                if self.asked is not None and self.asked.choices:
                    await self._edit_question(session, closed=True)
                await self.channel.send(event.message)
            # Wrong answers are shown to the player who gave them, not the channel.


class QuizCog(commands.GroupCog, group_name="quiz", group_description="Quiz games"):
    def __init__(self, bot: YutuBot) -> None:
        self.bot = bot
        self.cooldowns: dict[tuple[int, int], app_commands.Cooldown] = {}
        super().__init__()

    @app_commands.command(name="start", description="Start a quiz in this channel")
    @app_commands.describe(
        topic="A topic (default: all topics)",
        questions="How many questions (default: the server's setting)",
        difficulty="Only questions of this difficulty",
        mode="typed answers, multiple-choice buttons, or progressive (typed, then hint, "
        "then choices)",
        time_limit="Seconds per question",
    )
    @app_commands.autocomplete(topic=topic_autocomplete)
    @app_commands.guild_only()
    async def start(
        self,
        interaction: discord.Interaction,
        topic: str | None = None,
        questions: app_commands.Range[int, 1, 50] | None = None,
        difficulty: Literal["easy", "medium", "hard"] | None = None,
        mode: Literal["typed", "choice", "progressive"] | None = None,
        time_limit: app_commands.Range[int, 10, 300] | None = None,
    ) -> None:
        guild_id = interaction.guild_id or 0
        self._check_can_post(interaction)
        settings = await self.bot.storage.guild_settings(guild_id)
        channel = interaction.channel
        if settings.channels and interaction.channel_id not in settings.channels:
            allowed = ", ".join(f"<#{c}>" for c in sorted(settings.channels))
            raise YutuError(f"Quizzes run only in {allowed} on this server.")
        topics = None
        if topic and topic.strip().lower() != "all":
            found = require_topic(self.bot.kb, topic, echo(topic, 60))
            topics = (found.id,)
        chosen = Mode(mode or settings.mode)
        note = ""
        if chosen is not Mode.CHOICE and not self.bot.intents.message_content:
            chosen = Mode.CHOICE
            note = ("\n(Typed answers need the Message Content intent, which this bot does not "
                    "have, so this game uses buttons.)")  # fmt: skip
        request = GameRequest(
            guild_id=guild_id,
            channel_id=interaction.channel_id or 0,
            topics=topics,
            difficulty=Difficulty(difficulty) if difficulty else None,
            mode=chosen,
            questions=questions or settings.questions,
            time_limit=float(time_limit or settings.time_limit),
            started_by=player_of(interaction.user),
        )
        if self.bot.quizzes.get(request.channel_id) is not None:
            raise YutuError("A quiz is already running in this channel. Stop it first "
                            "(/quiz stop).")  # fmt: skip
        self._check_cooldown(interaction)
        what = self.bot.kb.topic(topics[0]).title if topics else "all topics"  # type: ignore[union-attr]
        how = MODES[chosen.value]

        async def announce(game: Game) -> None:
            await interaction.response.send_message(
                f"🚀 **{echo(interaction.user.display_name, 64)}** started a quiz: {what}, "
                f"{game.total} questions, {how}, {int(request.time_limit)} s each." + note
            )

        assert channel is not None
        renderer = ChannelRenderer(self.bot, channel)  # type: ignore[arg-type]
        await self.bot.quizzes.start(request, renderer, announce)

    def _check_can_post(self, interaction: discord.Interaction) -> None:
        """A game in a channel where the bot cannot post would run unseen."""
        perms = interaction.app_permissions
        in_thread = isinstance(interaction.channel, discord.Thread)
        can_send = perms.send_messages_in_threads if in_thread else perms.send_messages
        if not (can_send and perms.embed_links):
            raise YutuError(
                "I can't run a quiz here: I need the Send Messages"
                f"{' in Threads' if in_thread else ''} and Embed Links permissions in this "
                "channel. Ask a server admin, or start the quiz in another channel."
            )

    def _check_cooldown(self, interaction: discord.Interaction) -> None:
        """One game start per player per START_COOLDOWN seconds; refused starts don't count."""
        key = (interaction.guild_id or 0, interaction.user.id)
        cooldown = self.cooldowns.setdefault(key, app_commands.Cooldown(1, START_COOLDOWN))
        retry = cooldown.update_rate_limit()
        if retry:
            raise YutuError(f"Slow down: you can start another quiz in {retry:.0f} s.")

    @app_commands.command(name="hint", description="A hint for the open question")
    @app_commands.guild_only()
    async def hint(self, interaction: discord.Interaction) -> None:
        session = self.bot.quizzes.require(interaction.channel_id or 0)
        await interaction.response.defer(ephemeral=True)
        await session.hint()
        await interaction.followup.send("💡 Hint given.", ephemeral=True)

    def _may_control(self, interaction: discord.Interaction, session: Session) -> bool:
        starter = session.request.started_by
        return (starter is not None and starter.id == interaction.user.id) or bool(
            interaction.permissions.manage_messages
        )

    @app_commands.command(name="skip", description="Skip the open question")
    @app_commands.guild_only()
    async def skip(self, interaction: discord.Interaction) -> None:
        session = self.bot.quizzes.require(interaction.channel_id or 0)
        if not self._may_control(interaction, session):
            raise YutuError("Only the player who started this quiz, or someone with Manage "
                            "Messages, can skip questions.")  # fmt: skip
        await interaction.response.defer(ephemeral=True)
        await session.skip()
        await interaction.followup.send("⏭️ Skipped.", ephemeral=True)

    @app_commands.command(name="stop", description="Stop the quiz in this channel")
    @app_commands.guild_only()
    async def stop(self, interaction: discord.Interaction) -> None:
        session = self.bot.quizzes.require(interaction.channel_id or 0)
        if not self._may_control(interaction, session):
            raise YutuError("Only the player who started this quiz, or someone with Manage "
                            "Messages, can stop it.")  # fmt: skip
        await interaction.response.defer(ephemeral=True)
        await session.stop(player_of(interaction.user))
        await interaction.followup.send("⏹️ Quiz stopped.", ephemeral=True)

    @app_commands.command(name="settings", description="Server defaults and quiz channels")
    @app_commands.describe(
        questions="Questions per game",
        time_limit="Seconds per question",
        mode="Default mode",
        channel="Allow (or, if already allowed, disallow) quizzes in this channel",
        any_channel="Allow quizzes in every channel again",
    )
    @app_commands.guild_only()
    @app_commands.checks.has_permissions(manage_guild=True)
    async def settings(
        self,
        interaction: discord.Interaction,
        questions: app_commands.Range[int, 1, 50] | None = None,
        time_limit: app_commands.Range[int, 10, 300] | None = None,
        mode: Literal["typed", "choice", "progressive"] | None = None,
        channel: discord.TextChannel | None = None,
        any_channel: bool = False,
    ) -> None:
        guild_id = interaction.guild_id or 0
        current = await self.bot.storage.guild_settings(guild_id)
        channels = set(current.channels)
        if channel is not None:
            channels ^= {channel.id}
        if any_channel:
            channels.clear()
        updated = GuildSettings(
            questions=questions or current.questions,
            time_limit=time_limit or current.time_limit,
            mode=mode or current.mode,
            channels=frozenset(channels),
        )
        if updated != current:
            await self.bot.storage.save_guild_settings(guild_id, updated)
        where = ", ".join(f"<#{c}>" for c in sorted(updated.channels)) or "any channel"
        await interaction.response.send_message(
            f"Quiz settings: {updated.questions} questions, {updated.time_limit} s each, "
            f"{MODES[updated.mode]}; games run in {where}.",
            ephemeral=True,
        )

    @app_commands.command(name="reset-scores", description="Erase every score on this server")
    @app_commands.describe(confirm="Set to True to really erase all scores")
    @app_commands.guild_only()
    @app_commands.checks.has_permissions(manage_guild=True)
    async def reset_scores(self, interaction: discord.Interaction, confirm: bool) -> None:
        if not confirm:
            raise YutuError("Nothing erased: run it again with confirm set to True.")
        erased = await self.bot.storage.reset_scores(interaction.guild_id or 0)
        await interaction.response.send_message(
            f"Scores reset ({erased} player records erased).", ephemeral=True
        )

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """A typed answer: any message in a channel with a running game."""
        if message.author.bot or message.guild is None or addressed_to(self.bot.user, message):
            return
        session = self.bot.quizzes.get(message.channel.id)
        if session is None:
            return
        try:
            events = await session.answer(player_of(message.author), message.content)
        except YutuError:  # chatter, a late answer, no tries left: typed messages stay quiet
            return
        reaction = (
            "✅"
            if any(isinstance(e, Correct) for e in events)
            else ("❌" if any(isinstance(e, Wrong) for e in events) else None)
        )
        if reaction:
            try:
                await message.add_reaction(reaction)
            except discord.HTTPException:
                log.debug("could not react to message %s", message.id)


async def setup(bot: YutuBot) -> None:
    await bot.add_cog(QuizCog(bot))
