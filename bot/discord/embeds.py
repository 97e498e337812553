"""Discord embeds for answers, quiz events, leaderboards and stats.

Anything a user typed is escaped before it is echoed, and every message is sent with
`AllowedMentions.none()` (the bot's default), so echoed text never pings anyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from urllib.parse import urlparse

import discord

from bot.daily import Reveal
from bot.knowledge.answer import Answer
from bot.knowledge.browse import difficulty_counts
from bot.knowledge.model import Fact, KnowledgeBase, Topic
from bot.quiz.daily import DailyRound
from bot.quiz.events import Correct, GameOver, HintGiven, QuestionAsked, Revealed
from bot.quiz.scoring import CHOICE_LABELS
from bot.storage import LeaderRow, PlayerStats
from bot.storage.models import DailyStreak
from bot.terminal.render import plural

BLUE = discord.Colour.from_rgb(88, 101, 242)
GREEN = discord.Colour.green()
GREY = discord.Colour.light_grey()
GOLD = discord.Colour.gold()
PERIOD_TITLES = {"all": "All time", "week": "Last 7 days", "month": "Last 30 days"}


def echo(text: str, limit: int = 200) -> str:
    """User text made safe to show: markdown and mentions escaped, length capped."""
    cut = text if len(text) <= limit else text[: limit - 1] + "…"
    return discord.utils.escape_mentions(discord.utils.escape_markdown(cut))


def safe(text: str) -> str:
    """Quiz text for Markdown places: a server's own pack is untrusted, so its markup and
    mentions show as typed (Yutu's own questions have none, and look the same)."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def plain(text: str, limit: int = 200) -> str:
    """User text for places Discord shows as plain text (embed author names): no escaping,
    which would show as backslashes there, just the length capped."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _domain(url: str) -> str:
    return urlparse(url).netloc.removeprefix("www.") or url


def fact_embed(fact: Fact, kb: KnowledgeBase, *, title: str | None = None) -> discord.Embed:
    topic = kb.topic(fact.topic)
    embed = discord.Embed(
        title=title or (topic.title if topic else fact.topic),
        description=fact.text,
        colour=BLUE,
        url=fact.source,
    )
    name = f"Source ({fact.dated})" if fact.dated else "Source"
    embed.add_field(name=name, value=f"[{_domain(fact.source)}]({fact.source})", inline=False)
    return embed


def answer_embed(answer: Answer, kb: KnowledgeBase) -> discord.Embed:
    if answer.fact is not None:
        embed = fact_embed(answer.fact, kb)
        embed.set_author(name=f"Q: {plain(answer.question, 180)}")
        if answer.related:
            related = "\n".join(f"• {echo(answer.label(f), 100)}" for f in answer.related)
            embed.add_field(name="Related", value=related, inline=False)
        embed.set_footer(text=f"Confidence {answer.confidence:.0%} · fact {answer.fact.id}")
        return embed
    embed = discord.Embed(title="I don't know that one", colour=GREY)
    embed.set_author(name=f"Q: {plain(answer.question, 180)}")
    if answer.suggestions:
        embed.description = "I'd rather not guess. Did you mean:\n" + "\n".join(
            f"• {answer.label(f)}" for f in answer.suggestions
        )
    else:
        embed.description = (
            "I answer questions about the far side of the Moon and the Chang'e missions. "
            "Try `/topics` to see what I know."
        )
    return embed


def topics_embed(kb: KnowledgeBase) -> discord.Embed:
    lines = [f"**{t.title}** (`{t.id}`): {len(t.facts)} facts, {difficulty_counts(t)}"
             for t in kb.topics]  # fmt: skip
    return discord.Embed(title="What I know", description="\n".join(lines), colour=BLUE)


def question_embed(event: QuestionAsked, topic: Topic | None, ends_at: float,
                   removed: Sequence[int] = ()) -> discord.Embed:  # fmt: skip
    embed = discord.Embed(
        title=f"Question {event.number}/{event.total}",
        description=f"**{safe(event.text)}**",
        colour=BLUE,
    )
    if event.choices:
        embed.add_field(name="Choices", value=choices_text(event.choices, removed), inline=False)
    embed.add_field(name="Worth", value=plural(event.points_available, "point"))
    embed.add_field(name="Time", value=f"ends <t:{int(ends_at)}:R>")
    if topic:
        embed.set_footer(text=topic.title)
    return embed


def choices_text(choices: Sequence[str], removed: Sequence[int] = ()) -> str:
    rows = []
    for i, choice in enumerate(choices):
        row = f"**{CHOICE_LABELS[i]}** {safe(choice)}"
        rows.append(f"~~{row}~~" if i in removed else row)
    return "\n".join(rows)


def hint_text(event: HintGiven) -> str:
    parts = []
    if event.text:
        parts.append(f"💡 Hint: `{event.text.replace('`', 'ˋ')}`")
    if event.removed_choices:
        gone = ", ".join(CHOICE_LABELS[i] for i in event.removed_choices)
        parts.append(f"💡 Two wrong choices removed: {gone}")
    if event.choices and not event.removed_choices:
        parts.append("💡 Pick one:\n" + choices_text(event.choices))
    return "\n".join(parts) + f"\nNow worth {plural(event.points_available, 'point')}."


def correct_text(event: Correct) -> str:
    streak = f" 🔥 streak {event.streak}" if event.streak > 1 else ""
    return (f"✅ **{echo(event.player.name, 64)}** got it! +{plural(event.points, 'point')} "
            f"(total {event.total_points}){streak}")  # fmt: skip


def reveal_embed(event: Revealed) -> discord.Embed:
    lead = {"answered": "Answer", "timeout": "⏰ Time's up! The answer", "skipped":
            "Skipped. The answer", "stopped": "The answer"}[event.reason]  # fmt: skip
    embed = discord.Embed(title=f"{lead}: {plain(event.answer)}", colour=GREEN)
    if event.explanation:
        embed.description = safe(event.explanation)
    if event.source:
        embed.url = event.source
        embed.add_field(name="Source", value=f"[{_domain(event.source)}]({event.source})")
    return embed


def game_over_embed(event: GameOver) -> discord.Embed:
    title = {"completed": "🏁 Quiz over!", "stopped": "Quiz stopped",
             "abandoned": "Quiz ended: nobody is answering"}[event.status]  # fmt: skip
    if event.scores:
        medals = ["🥇", "🥈", "🥉"]
        rows = [
            f"{medals[n] if n < 3 else f'{n + 1}.'} **{echo(p.name, 64)}**: {pts}"
            for n, (p, pts) in enumerate(event.scores[:15])
        ]
        description = "\n".join(rows)
    else:
        description = "Nobody scored this time."
    return discord.Embed(title=title, description=description, colour=GOLD)


def leaderboard_embed(rows: Sequence[LeaderRow], period: str, mine: LeaderRow | None
                      ) -> discord.Embed:  # fmt: skip
    embed = discord.Embed(title=f"Leaderboard · {PERIOD_TITLES[period]}", colour=GOLD)
    if not rows:
        embed.description = "No scores yet. Start a game with `/quiz start`."
        return embed
    embed.description = "\n".join(
        f"**{r.rank}.** {echo(r.name, 64)}: {plural(r.points, 'point')} ({r.correct} correct)"
        for r in rows
    )
    if mine is not None:
        embed.set_footer(text=f"You: #{mine.rank} with {plural(mine.points, 'point')}")
    return embed


def stats_embed(stats: PlayerStats | None, daily: DailyStreak | None, name: str
                ) -> discord.Embed:  # fmt: skip
    if stats is None and daily is None:
        return discord.Embed(description=f"{echo(name, 64)} has not scored yet.", colour=GREY)
    embed = discord.Embed(title=f"Stats · {echo(name, 64)}", colour=BLUE)
    fields: list[tuple[str, object]] = []
    if stats is not None:
        fields += [
            ("Rank", f"#{stats.rank}"),
            ("Points", stats.points),
            ("Correct answers", stats.correct_answers),
            ("Games scored in", stats.games_scored_in),
            ("Games won", stats.games_won),
            ("Best streak", stats.best_streak),
            ("Last scored", f"<t:{int(stats.last_scored)}:R>"),
        ]
    if daily is not None:
        fields += [("Daily streak", plural(daily.current, "day")),
                   ("Best daily streak", plural(daily.best, "day"))]  # fmt: skip
    for label, value in fields:
        embed.add_field(name=label, value=str(value))
    return embed


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def daily_embed(round_: DailyRound, kb: KnowledgeBase) -> discord.Embed:
    topic = kb.topic(round_.question.topic)
    embed = discord.Embed(
        title=f"Daily question · {_day(round_.day)}",
        description=f"**{safe(round_.question.question)}**",
        colour=BLUE,
    )
    embed.add_field(name="Choices", value=choices_text(round_.choices), inline=False)
    embed.set_footer(
        text=f"{topic.title if topic else round_.question.topic} · "
        f"{round_.question.difficulty.value} · one pick each; the answer comes with the "
        "next daily question"
    )
    return embed


def daily_reveal_embed(reveal: Reveal) -> discord.Embed:
    round_ = reveal.round
    embed = discord.Embed(
        title=f"Daily question of {_day(round_.day)}: the answer",
        description=f"{round_.question.question}\n\n**{CHOICE_LABELS[round_.correct]}: "
        f"{round_.answer}**",
        colour=GREEN,
    )
    if reveal.fact is not None:
        embed.add_field(name="Why", value=reveal.fact.text[:1024], inline=False)
        embed.add_field(name="Source", value=f"[{_domain(reveal.fact.source)}]"
                        f"({reveal.fact.source})", inline=False)  # fmt: skip
    embed.set_footer(text=f"{plural(reveal.picks, 'player')} picked, {reveal.right} right")
    return embed


def daily_streaks_embed(top: Sequence[DailyStreak], mine: DailyStreak | None
                        ) -> discord.Embed:  # fmt: skip
    embed = discord.Embed(title="Daily streaks", colour=GOLD)
    embed.description = (
        "\n".join(
            f"**{n}.** {echo(s.name, 64)}: {plural(s.current, 'day')} (best {s.best})"
            for n, s in enumerate(top, start=1)
        )
        or "No streaks yet: answer the daily question right to start one."
    )
    if mine is not None:
        embed.set_footer(text=f"You: {plural(mine.current, 'day')} in a row, best "
                         f"{plural(mine.best, 'day')}")  # fmt: skip
    return embed
