"""`/leaderboard` and `/stats`: this server's scores."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.embeds import leaderboard_embed, stats_embed

if TYPE_CHECKING:
    from bot.discord.app import YutuBot


class ScoresCog(commands.Cog):
    def __init__(self, bot: YutuBot) -> None:
        self.bot = bot

    @app_commands.command(name="leaderboard", description="This server's top quiz players")
    @app_commands.describe(period="All time (default), the last 7 days or the last 30 days")
    @app_commands.guild_only()
    async def leaderboard(
        self, interaction: discord.Interaction, period: Literal["all", "week", "month"] = "all"
    ) -> None:
        rows, mine = await self.bot.yutu.leaderboard(
            interaction.guild_id or 0, period, interaction.user.id
        )
        await interaction.response.send_message(embed=leaderboard_embed(rows, period, mine))

    @app_commands.command(name="stats", description="Quiz stats for you or another member")
    @app_commands.describe(member="Whose stats (default: yours)")
    @app_commands.guild_only()
    async def stats(self, interaction: discord.Interaction,
                    member: discord.Member | None = None) -> None:  # fmt: skip
        who = member or interaction.user
        stats, daily = await self.bot.yutu.stats(interaction.guild_id or 0, who.id)
        await interaction.response.send_message(embed=stats_embed(stats, daily,
                                                                  who.display_name))  # fmt: skip


async def setup(bot: YutuBot) -> None:
    await bot.add_cog(ScoresCog(bot))
