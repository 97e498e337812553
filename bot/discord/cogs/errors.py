"""The one error path for slash commands: one clear line for the person, a log for us."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import NotPermitted, YutuError

if TYPE_CHECKING:
    from bot.discord.app import YutuBot

log = logging.getLogger(__name__)
PERMISSION_NAMES = {"manage_guild": "Manage Server", "manage_messages": "Manage Messages"}
RIGHTS = {"moderator": "Manage Messages", "admin": "Manage Server"}  # Person's flags


def describe(error: app_commands.AppCommandError) -> str | None:
    """The line to show for an expected error, or None for a bug."""
    original = getattr(error, "original", None)
    if isinstance(original, NotPermitted):
        return f"{original} On Discord that is the {RIGHTS[original.right]} permission."
    if isinstance(original, YutuError):
        return str(original)
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down: try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.MissingPermissions):
        needed = ", ".join(
            PERMISSION_NAMES.get(p, p.replace("_", " ").title()) for p in error.missing_permissions
        )
        return f"You need the {needed} permission for that."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "That only works in a server channel."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use that here."
    if isinstance(error, app_commands.TransformerError):
        return f"I couldn't understand {error.value!r}."
    return None


class ErrorsCog(commands.Cog):
    def __init__(self, bot: YutuBot) -> None:
        self.bot = bot
        bot.tree.on_error = self.on_app_command_error

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        message = describe(error)
        if message is None:
            command = interaction.command.qualified_name if interaction.command else "?"
            log.error("/%s failed", command, exc_info=error)
            message = "Something went wrong on my side; it has been logged."
        try:
            if interaction.response.is_done():
                await interaction.followup.send(message, ephemeral=True)
            else:
                await interaction.response.send_message(message, ephemeral=True)
        except discord.HTTPException:
            log.warning("could not tell the user about an error: %s", message)


async def setup(bot: YutuBot) -> None:
    await bot.add_cog(ErrorsCog(bot))
