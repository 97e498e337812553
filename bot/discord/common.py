"""Small helpers shared by several cogs: turning an interaction into the service's terms."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.quiz.scoring import Player
from bot.service import Person, Place

if TYPE_CHECKING:
    from bot.discord.app import YutuBot


async def topic_autocomplete(
    interaction: discord.Interaction[YutuBot], current: str
) -> list[discord.app_commands.Choice[str]]:
    """Topic names for any `topic` option, best match first."""
    return [
        discord.app_commands.Choice(name=t.title[:100], value=t.id)
        for t in interaction.client.yutu.topics_like(current)
    ]


async def pack_autocomplete(
    interaction: discord.Interaction[YutuBot], current: str
) -> list[discord.app_commands.Choice[str]]:
    """This server's question packs for any `pack` option."""
    packs = await interaction.client.yutu.packs.names_like(interaction.guild_id or 0, current)
    return [discord.app_commands.Choice(name=f"{p.name} ({p.questions} questions)"[:100],
                                        value=p.name) for p in packs]  # fmt: skip


def player_of(user: discord.abc.User) -> Player:
    return Player(user.id, user.display_name, user.bot)


def place_of(interaction: discord.Interaction) -> Place:
    """Where an interaction happened; a thread also names its parent channel."""
    parent = getattr(interaction.channel, "parent_id", None)
    return Place(interaction.guild_id, interaction.channel_id or 0, parent)


def message_place(message: discord.Message) -> Place:
    parent = getattr(message.channel, "parent_id", None)
    return Place(message.guild.id if message.guild else None, message.channel.id, parent)


def person_of(interaction: discord.Interaction) -> Person:
    """Who acted, with the server rights the service's rules ask about."""
    perms = interaction.permissions
    return Person(player_of(interaction.user), moderator=perms.manage_messages,
                  admin=perms.manage_guild)  # fmt: skip


def addressed_to(user: discord.ClientUser | None, message: discord.Message) -> bool:
    """Whether `message` mentions `user` in its text. A reply to the bot also lists it in
    `message.mentions`, but a reply to a quiz question is an answer, not a question."""
    return user is not None and (
        f"<@{user.id}>" in message.content or f"<@!{user.id}>" in message.content
    )
