"""`/daily`: one question a day per server, posted at a set time, answered with buttons."""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import date
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.daily import Posting
from bot.discord.common import place_of, player_of
from bot.discord.embeds import daily_embed, daily_reveal_embed, daily_streaks_embed
from bot.errors import YutuError, require_admin
from bot.limits import BUTTON_LABEL
from bot.quiz.daily import DailyRound, format_time
from bot.quiz.scoring import CHOICE_LABELS
from bot.storage.models import ALREADY_PICKED, PICKED

if TYPE_CHECKING:
    from bot.discord.app import YutuBot

log = logging.getLogger(__name__)
REPLIES = {
    PICKED: "🔒 Locked in: **{label}**. The answer comes with the next daily question.",
    ALREADY_PICKED: "You already picked today's answer: one pick a day.",
}
DAY_OVER = "That day is over. Today's question is the newest one in the daily channel."


class DailyButton(discord.ui.DynamicItem[discord.ui.Button], template=r"yutu:d:(?P<day>\d{8}):(?P<index>\d)"):  # fmt: skip  # noqa: E501
    """One choice of a day's question; the day and the choice are in its id."""

    def __init__(self, day: date, index: int, label: str = "", disabled: bool = False) -> None:
        self.day, self.index = day, index
        super().__init__(
            discord.ui.Button(
                label=f"{CHOICE_LABELS[index]}: {label}"[:BUTTON_LABEL],
                style=discord.ButtonStyle.secondary,
                custom_id=f"yutu:d:{day:%Y%m%d}:{index}",
                disabled=disabled,
            )
        )

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str], /) -> DailyButton:  # fmt: skip
        day = date(int(match["day"][:4]), int(match["day"][4:6]), int(match["day"][6:]))
        return cls(day, int(match["index"]))

    async def callback(self, interaction: discord.Interaction[YutuBot]) -> None:
        guild = place_of(interaction).guild
        try:
            outcome = await interaction.client.yutu.daily.pick(
                guild, self.day, player_of(interaction.user), self.index
            )
        except YutuError as exc:  # a database that cannot be written, a question gone
            await interaction.response.send_message(str(exc), ephemeral=True)
            return
        reply = REPLIES.get(outcome, DAY_OVER).format(label=CHOICE_LABELS[self.index])
        await interaction.response.send_message(reply, ephemeral=True)


def daily_view(round_: DailyRound, *, closed: bool = False) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for index, choice in enumerate(round_.choices):
        view.add_item(DailyButton(round_.day, index, choice, disabled=closed))
    return view


class DailyCog(commands.GroupCog, group_name="daily", group_description="The daily question"):
    def __init__(self, bot: YutuBot) -> None:
        self.bot = bot
        self.posting = asyncio.Lock()  # the timer and /daily post never post at once
        self.timer: asyncio.Task[None] | None = None
        super().__init__()

    async def cog_load(self) -> None:
        self.timer = asyncio.create_task(self._every_so_often())

    async def cog_unload(self) -> None:
        if self.timer is not None:
            self.timer.cancel()

    async def _every_so_often(self) -> None:
        """Post each server's question when it is due (also one missed while down)."""
        await self.bot.wait_until_ready()
        while True:
            try:
                await self.post_due()
            except Exception:
                log.exception("daily questions: could not check what is due")
            await asyncio.sleep(self.bot.daily_every)

    async def post_due(self) -> None:
        for guild_id in await self.bot.yutu.daily.due(lambda g: self.bot.get_guild(g) is not None):
            try:
                await self.post(guild_id)
            except (discord.Forbidden, discord.NotFound) as exc:
                # the channel is gone or closed to the bot: stop trying every 30 s
                await self.bot.yutu.daily.off(guild_id, True)
                log.warning("daily question for server %s switched off: %s", guild_id, exc)
            except (YutuError, discord.HTTPException) as exc:
                log.warning("daily question for server %s not posted: %s", guild_id, exc)

    async def post(self, guild_id: int, *, early: bool = False) -> DailyRound | None:
        """Post today's question (after earlier days' answers); None if already posted."""
        async with self.posting:
            posting = await self.bot.yutu.daily.post_today(guild_id, early=early)
            if posting is None:
                return None
            await self._show(posting)
            return posting.round

    async def _show(self, posting: Posting) -> None:
        round_ = posting.round
        channel = self.bot.get_channel(round_.channel_id) or await self.bot.fetch_channel(
            round_.channel_id
        )
        assert isinstance(channel, discord.abc.Messageable)
        for reveal in posting.reveals:
            await channel.send(embed=daily_reveal_embed(reveal))
            await self._close_buttons(reveal.round)
        message = await channel.send(embed=daily_embed(round_, self.bot.kb),
                                     view=daily_view(round_))  # fmt: skip
        await self.bot.yutu.daily.posted(round_.guild_id, round_.day, message.id)

    async def _close_buttons(self, round_: DailyRound) -> None:
        """Grey out a revealed day's buttons (a click would say the day is over anyway)."""
        if round_.message_id is None:
            return
        channel = self.bot.get_partial_messageable(round_.channel_id)
        try:
            await channel.get_partial_message(round_.message_id).edit(
                view=daily_view(round_, closed=True)
            )
        except discord.HTTPException:
            log.debug("could not close the buttons of message %s", round_.message_id)

    @app_commands.command(name="setup", description="Post a daily question here every day")
    @app_commands.describe(
        channel="Where to post it",
        time="When, as HH:MM in UTC (for example 18:00)",
        by_weekday="Easy early in the week, hard at the end",
    )
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def setup(self, interaction: discord.Interaction, channel: discord.TextChannel,
                    time: str, by_weekday: bool = False) -> None:  # fmt: skip
        guild = interaction.guild_id or 0
        me = interaction.guild.me if interaction.guild else None
        perms = channel.permissions_for(me) if me else None
        if perms is not None and not (perms.send_messages and perms.embed_links):
            raise YutuError(f"I can't post in <#{channel.id}>: I need the Send Messages and "
                            "Embed Links permissions there.")  # fmt: skip
        settings = await self.bot.yutu.daily.setup(
            guild, interaction.permissions.manage_guild, channel.id, time, by_weekday
        )
        when = format_time(settings.post_minute)
        due = guild in await self.bot.yutu.daily.due(lambda g: g == guild)
        await interaction.response.send_message(
            f"📅 The daily question will appear in <#{channel.id}> every day at {when}"
            + (" (easy on Mondays, hard on Fridays)" if by_weekday else "")
            + (". Today's is due, so it comes in a moment." if due else "."),
            ephemeral=True,
        )
        if due:
            await self.post_due()

    @app_commands.command(name="off", description="Stop posting the daily question")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def off(self, interaction: discord.Interaction) -> None:
        await self.bot.yutu.daily.off(interaction.guild_id or 0,
                                      interaction.permissions.manage_guild)  # fmt: skip
        await interaction.response.send_message("The daily question is off.", ephemeral=True)

    @app_commands.command(name="post", description="Post today's question now")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def post_now(self, interaction: discord.Interaction) -> None:
        require_admin(interaction.permissions.manage_guild, "set up the daily question")
        await interaction.response.defer(ephemeral=True)
        posted = await self.post(interaction.guild_id or 0, early=True)
        await interaction.followup.send(
            "📅 Today's question is posted." if posted else "Today's question is already out.",
            ephemeral=True,
        )

    @app_commands.command(name="reveal", description="Reveal today's answer now")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def reveal(self, interaction: discord.Interaction) -> None:
        reveal = await self.bot.yutu.daily.reveal(interaction.guild_id or 0,
                                                  interaction.permissions.manage_guild)  # fmt: skip
        channel_id = reveal.round.channel_id
        await interaction.response.send_message(f"Revealed in <#{channel_id}>.", ephemeral=True)
        # the answer goes where the question is, whichever channel the admin typed in
        await self.bot.get_partial_messageable(channel_id).send(embed=daily_reveal_embed(reveal))
        await self._close_buttons(reveal.round)

    @app_commands.command(name="streaks", description="The longest daily streaks, and yours")
    @app_commands.guild_only()
    async def streaks(self, interaction: discord.Interaction) -> None:
        top, mine = await self.bot.yutu.daily.streaks(interaction.guild_id or 0,
                                                      interaction.user.id)  # fmt: skip
        await interaction.response.send_message(embed=daily_streaks_embed(top, mine))


async def setup(bot: YutuBot) -> None:
    await bot.add_cog(DailyCog(bot))
    bot.add_dynamic_items(DailyButton)
