"""`/ask`, `/topics`, `/fact`, `/help`, and answers to mentions and direct messages."""

from __future__ import annotations

import contextlib
import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.common import addressed_to, message_place, topic_autocomplete
from bot.discord.embeds import BLUE, answer_embed, fact_embed, topics_embed
from bot.errors import SlowDown, YutuError

if TYPE_CHECKING:
    from bot.discord.app import YutuBot

HELP = [
    ("/ask `question`", "Ask about the far side of the Moon and the Chang'e missions. "
     "You can also mention me with a question, or send me a direct message."),
    ("/quiz start", "Start a quiz here: pick a topic, number of questions, difficulty and "
     "mode (typed answers, buttons, or progressive). /quiz hint, /quiz skip, /quiz stop."),
    ("/leaderboard", "This server's top players: all time, this week or this month."),
    ("/stats", "Your points, games and best streak (or another member's)."),
    ("/daily", "The daily question: /daily streaks for the longest runs; admins set it up "
     "with /daily setup."),
    ("/pack", "This server's own question packs: /pack list, then /quiz start pack:NAME; "
     "admins add them with /pack import (Yutu's format or a Red trivia list)."),
    ("/topics · /fact", "What I know, and a random fact."),
    ("/quiz settings", "Server defaults and the channels where quizzes may run "
     "(Manage Server)."),
]  # fmt: skip
MENTION = re.compile(r"<@!?\d+>")
SLOW_DOWN = "⏳"  # on a question asked too soon after the last ones


class AnswersCog(commands.Cog):
    def __init__(self, bot: YutuBot) -> None:
        self.bot = bot

    @app_commands.command(name="ask", description="Ask about the Moon's far side and Chang'e")
    @app_commands.describe(question="Your question, e.g. where did Chang'e 4 land?")
    async def ask(self, interaction: discord.Interaction,
                  question: app_commands.Range[str, 1, 500]) -> None:  # fmt: skip
        answer = self.bot.yutu.ask(interaction.user.id, question, interaction.guild_id)
        await interaction.response.send_message(embed=answer_embed(answer, self.bot.kb))

    def _follows_up(self, message: discord.Message) -> bool:
        """A reply to one of Yutu's messages, outside a quiz (where a reply is an answer)."""
        replied = message.reference.resolved if message.reference else None
        return (
            isinstance(replied, discord.Message)
            and replied.author == self.bot.user
            and self.bot.yutu.game_here(message_place(message)) is None
        )

    @app_commands.command(name="topics", description="What I know about")
    async def topics(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(embed=topics_embed(self.bot.kb))

    @app_commands.command(name="fact", description="A random fact")
    @app_commands.describe(topic="Only from this topic")
    @app_commands.autocomplete(topic=topic_autocomplete)
    async def fact(self, interaction: discord.Interaction, topic: str | None = None) -> None:
        fact = self.bot.yutu.random_fact(topic, interaction.guild_id)
        await interaction.response.send_message(embed=fact_embed(fact, self.bot.kb))

    @app_commands.command(name="help", description="How to use Yutu")
    async def help(self, interaction: discord.Interaction) -> None:
        embed = discord.Embed(
            title="Yutu: the far side of the Moon",
            description="Answers come from curated fact files, each with its source. "
            "When I'm not sure, I say so.",
            colour=BLUE,
        )
        for name, value in HELP:
            embed.add_field(name=name, value=value, inline=False)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Questions in direct messages, or with the bot mentioned."""
        if message.author.bot or self.bot.user is None:
            return
        direct = message.guild is None
        if not (direct or addressed_to(self.bot.user, message) or self._follows_up(message)):
            return
        question = MENTION.sub(" ", message.content).strip()
        if not question:
            if not message.content and not direct:
                return  # no message content intent: nothing to answer
            await message.reply("Ask me something about the far side of the Moon, "
                                "or try /help.", mention_author=False)  # fmt: skip
            return
        try:
            answer = self.bot.yutu.ask(message.author.id, question, message_place(message).guild_id)
        except SlowDown as slow:  # the same limit as /ask: a reaction, once per wait
            if slow.first:
                with contextlib.suppress(discord.HTTPException):
                    await message.add_reaction(SLOW_DOWN)
            return
        except YutuError as exc:
            await message.reply(str(exc), mention_author=False)
            return
        await message.reply(embed=answer_embed(answer, self.bot.kb), mention_author=False)


async def setup(bot: YutuBot) -> None:
    await bot.add_cog(AnswersCog(bot))
