"""Buttons that survive a restart: their custom ids carry everything they need."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import discord

from bot.discord.common import person_of, place_of
from bot.errors import QuestionOver, YutuError
from bot.limits import BUTTON_LABEL
from bot.quiz.events import Correct, Wrong
from bot.quiz.scoring import CHOICE_LABELS
from bot.service import REASON_MAX

if TYPE_CHECKING:
    from bot.discord.app import YutuBot


class ChoiceButton(discord.ui.DynamicItem[discord.ui.Button], template=r"yutu:c:(?P<game>\d+):(?P<number>\d+):(?P<index>\d)"):  # fmt: skip  # noqa: E501
    """One multiple-choice answer: game id, question number and choice index."""

    def __init__(self, game: int, number: int, index: int, label: str,
                 disabled: bool = False) -> None:  # fmt: skip
        self.game, self.number, self.index = game, number, index
        super().__init__(
            discord.ui.Button(
                label=f"{CHOICE_LABELS[index]}: {label}"[:BUTTON_LABEL],
                style=discord.ButtonStyle.secondary,
                custom_id=f"yutu:c:{game}:{number}:{index}",
                disabled=disabled,
            )
        )

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str], /) -> ChoiceButton:  # fmt: skip
        return cls(int(match["game"]), int(match["number"]), int(match["index"]), "")

    async def callback(self, interaction: discord.Interaction[YutuBot]) -> None:
        yutu, place = interaction.client.yutu, place_of(interaction)
        session = yutu.game_here(place)
        here = (session.game_id, session.question_number) if session else None
        if here != (self.game, self.number):
            await interaction.response.send_message(str(QuestionOver()), ephemeral=True)
            return
        # Acknowledge at once: the pick may wait for the channel's messages to be sent.
        await interaction.response.defer()
        try:
            events = await yutu.choose(place, person_of(interaction), self.game, self.number,
                                       self.index)  # fmt: skip
        except YutuError as exc:  # a refused pick, or the question ended meanwhile
            await interaction.followup.send(str(exc), ephemeral=True)
            return
        if any(isinstance(e, Correct) for e in events):
            reply = "✅ Correct!"
        elif any(isinstance(e, Wrong) for e in events):
            reply = f"❌ Not {CHOICE_LABELS[self.index]}. One pick per question, sorry!"
        else:
            reply = "Noted."
        await interaction.followup.send(reply, ephemeral=True)


class ReportModal(discord.ui.Modal, title="Report this question"):
    reason: discord.ui.TextInput = discord.ui.TextInput(
        label="What is wrong or unclear? (optional)",
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=REASON_MAX,
    )

    def __init__(self, question_id: str) -> None:
        super().__init__()
        self.question_id = question_id

    async def on_submit(self, interaction: discord.Interaction[YutuBot]) -> None:
        await interaction.client.yutu.report(
            place_of(interaction), interaction.user.id, self.question_id, self.reason.value
        )
        await interaction.response.send_message(
            "Thanks! The people who curate the facts will look at it.", ephemeral=True
        )


class ReportButton(discord.ui.DynamicItem[discord.ui.Button], template=r"yutu:r:(?P<question>[a-z0-9-]+)"):  # fmt: skip  # noqa: E501
    """Flag a revealed question as wrong or unclear."""

    def __init__(self, question_id: str) -> None:
        self.question_id = question_id
        super().__init__(
            discord.ui.Button(
                label="Report",
                emoji="🚩",
                style=discord.ButtonStyle.secondary,
                custom_id=f"yutu:r:{question_id}"[:100],
            )
        )

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str], /) -> ReportButton:  # fmt: skip
        return cls(match["question"])

    async def callback(self, interaction: discord.Interaction[YutuBot]) -> None:
        if not interaction.client.yutu.reportable(self.question_id):
            await interaction.response.send_message(
                "That question is no longer in the quiz.", ephemeral=True
            )
            return
        await interaction.response.send_modal(ReportModal(self.question_id))


def choices_view(game_id: int, number: int, choices: tuple[str, ...],
                 removed: frozenset[int] | tuple[int, ...] = (), *, closed: bool = False
                 ) -> discord.ui.View:  # fmt: skip
    view = discord.ui.View(timeout=None)
    for index, choice in enumerate(choices):
        disabled = closed or index in removed
        view.add_item(ChoiceButton(game_id, number, index, choice, disabled))
    return view


def report_view(question_id: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ReportButton(question_id))
    return view
