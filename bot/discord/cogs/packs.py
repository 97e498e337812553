"""`/pack`: a server's own question packs (Yutu's quiz format or Red trivia lists)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.common import pack_autocomplete
from bot.discord.embeds import GOLD, echo
from bot.errors import YutuError, require_admin
from bot.quiz.packs import MAX_BYTES, PackError

if TYPE_CHECKING:
    from bot.discord.app import YutuBot

FORMATS = {"red": "Red trivia list", "yutu": "Yutu quiz format"}
REPORT_LIMIT = 1800  # characters of problems shown (a message holds 2,000)


class PacksCog(commands.GroupCog, group_name="pack", group_description="Question packs"):
    def __init__(self, bot: YutuBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="import", description="Add a question pack from a YAML file")
    @app_commands.describe(
        file="A .yaml file: Yutu's quiz format or a Red trivia list",
        name="The pack's name (default: from the file name)",
    )
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def import_pack(self, interaction: discord.Interaction, file: discord.Attachment,
                          name: str | None = None) -> None:  # fmt: skip
        packs = self.bot.yutu.packs
        admin = interaction.permissions.manage_guild
        require_admin(admin, "import question packs")  # before downloading anything
        if file.size > MAX_BYTES:
            raise YutuError(f"Nothing imported: {echo(file.filename, 60)} is {file.size:,} "
                            f"bytes; a pack may have up to {MAX_BYTES:,}.")  # fmt: skip
        await interaction.response.defer(ephemeral=True)
        data = await file.read()
        try:
            imported = await packs.import_pack(
                interaction.guild_id or 0, admin, interaction.user.id, file.filename, data, name
            )
        except PackError as exc:
            # a code block shows text as typed (no Markdown); only its fence must not appear
            report = exc.report().replace("`", "ˋ")
            if len(report) > REPORT_LIMIT:
                report = report[: REPORT_LIMIT - 1] + "…"
            await interaction.followup.send(
                f"Nothing imported: {exc} of {echo(file.filename, 60)}.\n```\n{report}\n```",
                ephemeral=True,
            )
            return
        info = imported.info
        notes = "".join(f"\n- {echo(n, 120)}" for n in imported.notes)
        await interaction.followup.send(
            f"📦 Imported **{info.name}** ({info.questions} questions, "
            f"{FORMATS[info.format]}). "
            f"Play it with `/quiz start pack:{info.name}`."
            + (f"\nNot used:{notes}" if notes else ""),
            ephemeral=True,
        )

    @app_commands.command(name="list", description="This server's question packs")
    @app_commands.guild_only()
    async def list_packs(self, interaction: discord.Interaction) -> None:
        packs = await self.bot.yutu.packs.list(interaction.guild_id or 0)
        embed = discord.Embed(title="Question packs", colour=GOLD)
        embed.description = (
            "\n".join(
                f"**{p.name}**: {echo(p.title, 80)}, {p.questions} questions "
                f"({FORMATS[p.format]}), added <t:{int(p.added_at)}:R>"
                for p in packs
            )
            or "No packs yet. An admin can add one with `/pack import`."
        )
        await interaction.response.send_message(embed=embed)

    @app_commands.command(name="remove", description="Delete a question pack")
    @app_commands.autocomplete(name=pack_autocomplete)
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def remove(self, interaction: discord.Interaction, name: str) -> None:
        await self.bot.yutu.packs.remove(interaction.guild_id or 0,
                                         interaction.permissions.manage_guild, name)  # fmt: skip
        await interaction.response.send_message(f"Removed the pack {echo(name, 40)}.",
                                                ephemeral=True)  # fmt: skip

    @app_commands.command(name="export", description="Get a question pack's file back")
    @app_commands.autocomplete(name=pack_autocomplete)
    @app_commands.guild_only()
    async def export(self, interaction: discord.Interaction, name: str) -> None:
        filename, data = await self.bot.yutu.packs.export(interaction.guild_id or 0, name)
        await interaction.response.send_message(
            file=discord.File(io.BytesIO(data), filename=filename), ephemeral=True
        )


async def setup(bot: YutuBot) -> None:
    await bot.add_cog(PacksCog(bot))
