"""Small helpers shared by several cogs."""

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


def addressed_to(user: discord.ClientUser | None, message: discord.Message) -> bool:
    """Whether `message` mentions `user` in its text. A reply to the bot also lists it in
    `message.mentions`, but a reply to a quiz question is an answer, not a question."""
    return user is not None and (
        f"<@{user.id}>" in message.content or f"<@!{user.id}>" in message.content
    )
