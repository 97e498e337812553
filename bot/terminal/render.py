"""Plain-text rendering of answers and facts, for the terminal and `yutu ask`."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from bot.daily import Reveal
from bot.knowledge.answer import Answer
from bot.knowledge.browse import difficulty_counts
from bot.knowledge.model import Fact, KnowledgeBase
from bot.quiz.daily import DailyRound
from bot.quiz.events import (
    Correct,
    Event,
    GameOver,
    Halted,
    HintGiven,
    QuestionAsked,
    Revealed,
    Wrong,
)
from bot.quiz.scoring import CHOICE_LABELS
from bot.storage import LeaderRow, PlayerStats
from bot.storage.models import DailyStreak

WIDTH = 78


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def fact_text(fact: Fact) -> str:
    dated = f" ({fact.dated})" if fact.dated else ""
    return f"{wrap(fact.text)}\n  Source{dated}: {fact.source}"


def answer_text(answer: Answer) -> str:
    if answer.fact is not None:
        lines = [fact_text(answer.fact)]
        if answer.related:
            lines.append("  Related: " + "; ".join(answer.label(f) for f in answer.related))
        return "\n".join(lines)
    if not answer.suggestions:
        return (
            "I don't know that one. I answer questions about the far side of the Moon and "
            "the Chang'e missions; try /topics to see what I know."
        )
    tries = "\n".join(f"  - {answer.label(f)}" for f in answer.suggestions)
    return f"I'm not sure I know that. Did you mean:\n{tries}"


def topics_text(kb: KnowledgeBase) -> str:
    width = max(len(t.id) for t in kb.topics)
    rows = [f"  {t.id.ljust(width)}  {t.title}: {len(t.facts)} facts, "
            f"{difficulty_counts(t)}" for t in kb.topics]  # fmt: skip
    return "Topics:\n" + "\n".join(rows)


def event_text(event: Event, kb: KnowledgeBase) -> str:
    """One quiz event as terminal text."""
    if isinstance(event, QuestionAsked):
        topic = kb.topic(event.topic)
        lines = [
            f"Question {event.number}/{event.total} ({topic.title if topic else event.topic}, "
            f"{plural(event.points_available, 'point')}): {event.text}"
        ]
        if event.choices:
            lines += [f"  {CHOICE_LABELS[i]}) {c}" for i, c in enumerate(event.choices)]
        return "\n".join(lines)
    if isinstance(event, HintGiven):
        parts = []
        if event.text:
            parts.append(f"Hint: {event.text}")
        if event.removed_choices:
            gone = ", ".join(CHOICE_LABELS[i] for i in event.removed_choices)
            parts.append(f"Removed wrong choices: {gone}")
        if event.choices and not event.removed_choices:
            parts.append("Choices: " + "  ".join(
                f"{CHOICE_LABELS[i]}) {c}" for i, c in enumerate(event.choices)))  # fmt: skip
        return " | ".join(parts) + f" (now {plural(event.points_available, 'point')})"
    if isinstance(event, Correct):
        streak = f", streak {event.streak}" if event.streak > 1 else ""
        return (f"Correct, {event.player.name}! +{plural(event.points, 'point')} "
                f"(total {event.total_points}{streak})")  # fmt: skip
    if isinstance(event, Wrong):
        left = event.attempts_left
        if left == 0:
            return f"Not quite, {event.player.name}. No more tries for this question."
        return f"Not quite, {event.player.name}: {left} {'try' if left == 1 else 'tries'} left."
    if isinstance(event, Revealed):
        lead = {"timeout": "Time's up! ", "skipped": "Skipped. ", "stopped": ""}.get(
            event.reason, ""
        )
        lines = [f"{lead}The answer: {event.answer}"]
        if event.explanation:
            lines.append(wrap(event.explanation, "  "))
        if event.source:
            lines.append(f"  Source: {event.source}")
        return "\n".join(lines)
    if isinstance(event, Halted):
        return event.message
    if isinstance(event, GameOver):
        status = {"completed": "Quiz over!", "stopped": "Quiz stopped.",
                  "abandoned": "Quiz ended: nobody is answering."}[event.status]  # fmt: skip
        if not event.scores:
            return f"{status} Nobody scored."
        rows = [f"  {n}. {p.name}: {pts}" for n, (p, pts) in enumerate(event.scores, 1)]
        return f"{status} Scores:\n" + "\n".join(rows)
    return ""


def leaderboard_text(rows: Sequence[LeaderRow], period: str, mine: LeaderRow | None) -> str:
    title = {"all": "all time", "week": "the last 7 days", "month": "the last 30 days"}[period]
    if not rows:
        return f"No scores yet for {title}. Start a quiz with /quiz."
    lines = [f"Leaderboard, {title}:"]
    lines += [f"  {r.rank}. {r.name}: {r.points} points ({r.correct} correct)" for r in rows]
    if mine and all(r.user_id != mine.user_id for r in rows):
        lines.append(f"  You: #{mine.rank} with {mine.points} points")
    return "\n".join(lines)


def stats_text(stats: PlayerStats | None, daily: DailyStreak | None, name: str) -> str:
    if stats is None and daily is None:
        return f"{name} has not scored yet."
    lines = []
    if stats is not None:
        lines.append(
            f"{name}: rank #{stats.rank}, {stats.points} points, "
            f"{stats.correct_answers} correct answers, "
            f"scored in {plural(stats.games_scored_in, 'game')}, {stats.games_won} won, "
            f"best streak {stats.best_streak}"
        )
    if daily is not None:
        lines.append(f"Daily question: {plural(daily.current, 'day')} in a row, best "
                     f"{plural(daily.best, 'day')}")  # fmt: skip
    return "\n".join(lines)


def daily_text(round_: DailyRound) -> str:
    lines = [f"Daily question, {round_.day:%d %B %Y} ({round_.question.difficulty.value}):",
             wrap(round_.question.question, "  ")]  # fmt: skip
    lines += [f"  {CHOICE_LABELS[i]}) {c}" for i, c in enumerate(round_.choices)]
    lines.append("Pick with /daily A (one pick); the answer comes with the next daily question.")
    return "\n".join(lines)


def daily_reveal_text(reveal: Reveal) -> str:
    round_ = reveal.round
    lines = [f"The daily question of {round_.day:%d %B %Y}: {round_.question.question}",
             f"  Answer: {CHOICE_LABELS[round_.correct]}) {round_.answer} "
             f"({plural(reveal.picks, 'pick')}, {reveal.right} right)"]  # fmt: skip
    if reveal.fact is not None:
        lines.append(fact_text(reveal.fact))
    return "\n".join(lines)


def daily_streaks_text(top: Sequence[DailyStreak], mine: DailyStreak | None) -> str:
    if not top:
        lines = ["No daily streaks yet: answer the daily question right to start one."]
    else:
        lines = ["Daily streaks:"] + [f"  {n}. {s.name}: {plural(s.current, 'day')} (best "
                                      f"{s.best})" for n, s in enumerate(top, start=1)]  # fmt: skip
    if mine is not None:
        lines.append(f"  You: {plural(mine.current, 'day')} in a row, best {mine.best}")
    return "\n".join(lines)
