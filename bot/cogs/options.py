"""Helpers for slash-command options shared by several cogs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.knowledge.browse import topic_choices

if TYPE_CHECKING:
    from bot.discord_app import YutuBot


async def topic_autocomplete(
    interaction: discord.Interaction[YutuBot], current: str
) -> list[discord.app_commands.Choice[str]]:
    """Topic names for any `topic` option, best match first."""
    return [
        discord.app_commands.Choice(name=t.title[:100], value=t.id)
        for t in topic_choices(interaction.client.kb, current)
    ]
