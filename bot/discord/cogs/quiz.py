"""`/quiz`: start, hint, skip, stop, settings and reset-scores; typed answers in the channel."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.common import (
    addressed_to,
    message_place,
    pack_autocomplete,
    person_of,
    place_of,
    player_of,
    topic_autocomplete,
)
from bot.discord.embeds import (
    correct_text,
    echo,
    game_over_embed,
    hint_text,
    question_embed,
    reveal_embed,
)
from bot.discord.views import ChoiceButton, ReportButton, choices_view, report_view
from bot.errors import YutuError
from bot.knowledge.model import Difficulty
from bot.limits import QUESTIONS, TIME_LIMIT
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
from bot.service import GameOptions, Person

if TYPE_CHECKING:
    from bot.discord.app import YutuBot

log = logging.getLogger(__name__)
NO_TYPING = ("\n(Typed answers need the Message Content intent, which this bot does not have, "
             "so this game uses buttons.)")  # fmt: skip
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
                if self.bot.yutu.reportable(event.question_id):
                    await self.channel.send(embed=reveal_embed(event),
                                            view=report_view(event.question_id))  # fmt: skip
                else:  # a server's own pack: its admins, not Yutu's curators, answer for it
                    await self.channel.send(embed=reveal_embed(event))
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
        super().__init__()

    @app_commands.command(name="start", description="Start a quiz in this channel")
    @app_commands.describe(
        topic="A topic (default: all topics)",
        questions="How many questions (default: the server's setting)",
        difficulty="Only questions of this difficulty",
        mode="typed answers, multiple-choice buttons, or progressive (typed, then hint, "
        "then choices)",
        time_limit="Seconds per question",
        pack="One of this server's question packs instead of Yutu's questions (/pack list)",
    )
    @app_commands.autocomplete(topic=topic_autocomplete, pack=pack_autocomplete)
    @app_commands.guild_only()
    async def start(
        self,
        interaction: discord.Interaction,
        topic: str | None = None,
        questions: app_commands.Range[int, QUESTIONS.low, QUESTIONS.high] | None = None,
        difficulty: Literal["easy", "medium", "hard"] | None = None,
        mode: Literal["typed", "choice", "progressive"] | None = None,
        time_limit: app_commands.Range[int, TIME_LIMIT.low, TIME_LIMIT.high] | None = None,
        pack: str | None = None,
    ) -> None:
        options = GameOptions(
            topic=topic,
            pack=pack,
            questions=questions,
            difficulty=Difficulty(difficulty) if difficulty else None,
            mode=Mode(mode) if mode else None,
            time_limit=time_limit,
        )

        async def announce(game: Game, request: GameRequest) -> None:
            topic = self.bot.kb.topic(request.topics[0]) if request.topics else None
            what = topic.title if topic else "all topics"
            if request.pack is not None:
                what = f"the pack {echo(request.pack.title, 80)}"
            note = NO_TYPING if request.buttons_for_typed else ""
            if request.typed_only:
                note += f"\n({request.typed_only})"
            await interaction.response.send_message(
                f"🚀 **{echo(interaction.user.display_name, 64)}** started a quiz: {what}, "
                f"{game.total} questions, {MODES[request.mode.value]}, "
                f"{int(request.time_limit)} s each." + note
            )

        assert interaction.channel is not None
        renderer = ChannelRenderer(self.bot, interaction.channel)  # type: ignore[arg-type]
        await self.bot.yutu.start_game(
            place_of(interaction), person_of(interaction), options, renderer, announce,
            typed_answers=self.bot.intents.message_content,
            can_post=self._can_post(interaction),
        )  # fmt: skip

    @staticmethod
    def _can_post(interaction: discord.Interaction) -> bool:
        """Whether the bot may send messages with embeds here (in a thread: in threads)."""
        perms = interaction.app_permissions
        in_thread = isinstance(interaction.channel, discord.Thread)
        can_send = perms.send_messages_in_threads if in_thread else perms.send_messages
        return bool(can_send and perms.embed_links)

    @app_commands.command(name="hint", description="A hint for the open question")
    @app_commands.guild_only()
    async def hint(self, interaction: discord.Interaction) -> None:
        self.bot.yutu.require_game(place_of(interaction))
        await interaction.response.defer(ephemeral=True)
        await self.bot.yutu.hint(place_of(interaction))
        await interaction.followup.send("💡 Hint given.", ephemeral=True)

    @app_commands.command(name="skip", description="Skip the open question")
    @app_commands.guild_only()
    async def skip(self, interaction: discord.Interaction) -> None:
        place, person = place_of(interaction), person_of(interaction)
        self.bot.yutu.check_control(place, person, "skip questions")
        await interaction.response.defer(ephemeral=True)
        await self.bot.yutu.skip(place, person)
        await interaction.followup.send("⏭️ Skipped.", ephemeral=True)

    @app_commands.command(name="stop", description="Stop the quiz in this channel")
    @app_commands.guild_only()
    async def stop(self, interaction: discord.Interaction) -> None:
        place, person = place_of(interaction), person_of(interaction)
        self.bot.yutu.check_control(place, person, "stop it")
        await interaction.response.defer(ephemeral=True)
        await self.bot.yutu.stop(place, person)
        await interaction.followup.send("⏹️ Quiz stopped.", ephemeral=True)

    @app_commands.command(name="settings", description="Server defaults and quiz channels")
    @app_commands.describe(
        questions="Questions per game",
        time_limit="Seconds per question",
        mode="Default mode",
        channel="Allow (or, if already allowed, disallow) quizzes in this channel and its threads",
        any_channel="Allow quizzes in every channel again",
    )
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def settings(
        self,
        interaction: discord.Interaction,
        questions: app_commands.Range[int, QUESTIONS.low, QUESTIONS.high] | None = None,
        time_limit: app_commands.Range[int, TIME_LIMIT.low, TIME_LIMIT.high] | None = None,
        mode: Literal["typed", "choice", "progressive"] | None = None,
        channel: discord.TextChannel | None = None,
        any_channel: bool = False,
    ) -> None:
        updated = await self.bot.yutu.change_settings(
            interaction.guild_id or 0, person_of(interaction), questions=questions,
            time_limit=time_limit, mode=Mode(mode) if mode else None,
            toggle_channel=channel.id if channel else None, any_channel=any_channel,
        )  # fmt: skip
        where = ", ".join(f"<#{c}>" for c in sorted(updated.channels)) or "any channel"
        await interaction.response.send_message(
            f"Quiz settings: {updated.questions} questions, {updated.time_limit} s each, "
            f"{MODES[updated.mode]}; games run in {where}.",
            ephemeral=True,
        )

    @app_commands.command(name="reset-scores", description="Erase every score on this server")
    @app_commands.describe(confirm="Set to True to really erase all scores")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def reset_scores(self, interaction: discord.Interaction, confirm: bool) -> None:
        erased = await self.bot.yutu.reset_scores(
            interaction.guild_id or 0, person_of(interaction), confirm=confirm
        )
        await interaction.response.send_message(
            f"Scores reset ({erased} player records erased).", ephemeral=True
        )

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """A typed answer: any message in a channel with a running game."""
        if message.author.bot or message.guild is None or addressed_to(self.bot.user, message):
            return
        try:
            events = await self.bot.yutu.answer(
                message_place(message), Person(player_of(message.author)), message.content
            )
        except YutuError:  # chatter, a late answer, no tries left: typed messages stay quiet
            return
        if events is None:  # no game in this channel
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
    # Buttons of earlier messages work after a restart: their ids say what they are.
    bot.add_dynamic_items(ChoiceButton, ReportButton)
