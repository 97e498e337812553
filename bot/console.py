"""`yutu chat`: the whole bot in a terminal, no Discord account needed."""

from __future__ import annotations

import asyncio
import getpass
import random
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TextIO

from bot.errors import GameError, YutuError
from bot.knowledge.answer import Answerer
from bot.knowledge.browse import find_topic, random_fact, require_topic
from bot.knowledge.model import Difficulty, KnowledgeBase
from bot.quiz.events import Event
from bot.quiz.scoring import Mode, Player
from bot.quiz.session import GameRequest, Quizzes, Session
from bot.render_text import (
    answer_text,
    event_text,
    fact_text,
    leaderboard_text,
    stats_text,
    topics_text,
    wrap,
)
from bot.storage import Storage

PROMPT = "> "
GUILD = 0  # the terminal is one "server" with one "channel"
CHANNEL = 0

HELP = """\
Ask me anything about the far side of the Moon and the Chang'e missions, or:
  /topics                 list what I know
  /topic NAME             every fact of one topic (e.g. /topic ce4)
  /fact [TOPIC]           a random fact
  /quiz [TOPIC] [N] [easy|medium|hard] [typed|choice|progressive] [Ns]
                          start a quiz, e.g. /quiz ce4 5 choice 20s
  /hint  /skip  /stop     during a quiz; any other line is your answer
                          (in a multiple-choice question, type the letter)
  /leaderboard [week|month|all]   the scores in this terminal's database
  /stats                  your points, games and best streak
  /help                   this text
  /quit                   leave (Ctrl-D works too)"""


def parse_quiz(kb: KnowledgeBase, text: str) -> dict[str, object]:
    """Options of `/quiz` typed in any order: a topic, a count, a difficulty, a mode."""
    options: dict[str, object] = {}
    rest: list[str] = []
    for word in text.split():
        lowered = word.lower()
        if lowered.isascii() and lowered.isdecimal():
            options["questions"] = int(lowered)
        elif lowered.endswith("s") and lowered[:-1].isascii() and lowered[:-1].isdecimal():
            options["time_limit"] = float(lowered[:-1])
        elif lowered in {d.value for d in Difficulty}:
            options["difficulty"] = Difficulty(lowered)
        elif lowered in {m.value for m in Mode}:
            options["mode"] = Mode(lowered)
        elif lowered != "all":
            rest.append(word)
    if rest:
        name = " ".join(rest)
        topic = require_topic(kb, name, repr(name))
        options["topics"] = (topic.id,)
    return options


class Chat:
    """One terminal conversation: reads lines, writes replies to `out`."""

    def __init__(
        self,
        kb: KnowledgeBase,
        storage: Storage,
        out: TextIO,
        rng: random.Random | None = None,
        player: Player | None = None,
        reveal_pause: float = 2.0,
    ) -> None:
        self.kb = kb
        self.answerer = Answerer(kb)
        self.storage = storage
        self.out = out
        self.rng = rng or random.Random()
        self.player = player or Player(1, getpass.getuser() or "you")
        self.quizzes = Quizzes(kb, storage, rng=self.rng, reveal_pause=reveal_pause)
        self.running = True
        self.prompting = False  # a "> " prompt is showing (interactive terminals only)
        self.commands: dict[str, Callable[[str], Awaitable[None] | None]] = {
            "help": lambda _: self.say(HELP),
            "topics": lambda _: self.say(topics_text(kb)),
            "topic": self.show_topic,
            "fact": self.show_fact,
            "ask": self.ask,
            "quiz": self.quiz,
            "hint": lambda _: self.in_game(Session.hint),
            "skip": lambda _: self.in_game(Session.skip),
            "stop": lambda _: self.in_game(lambda s: s.stop(self.player)),
            "leaderboard": self.leaderboard,
            "scores": self.leaderboard,
            "stats": self.stats,
            "quit": self.quit,
            "exit": self.quit,
        }

    def say(self, text: str) -> None:
        if self.prompting:  # a timer spoke while the prompt waits: keep the prompt last
            print(f"\r{text}", file=self.out)
            print(PROMPT, end="", file=self.out, flush=True)
            return
        print(text, file=self.out, flush=True)

    def prompt(self) -> None:
        print(PROMPT, end="", file=self.out, flush=True)
        self.prompting = True

    async def render(self, session: Session, events: list[Event]) -> None:
        for event in events:
            self.say(event_text(event, self.kb))

    def quit(self, _: str = "") -> None:
        self.running = False

    def ask(self, question: str) -> None:
        self.say(answer_text(self.answerer.ask(question)))

    def show_topic(self, name: str) -> None:
        topic = find_topic(self.kb, name) if name else None
        if topic is None:
            self.say("Which topic? " + ", ".join(t.id for t in self.kb.topics))
            return
        self.say(f"{topic.title}: {topic.summary}")
        for fact in topic.facts:
            self.say(wrap(fact.text, "  - ") + f"\n      {fact.source}")

    def show_fact(self, name: str) -> None:
        topic = require_topic(self.kb, name, repr(name)) if name else None
        self.say(fact_text(random_fact(self.kb, self.rng, topic)))

    async def quiz(self, text: str) -> None:
        word = text.split()[0].lower() if text.split() else ""
        if word in ("hint", "skip", "stop"):
            await self.handle("/" + word)
            return
        if word == "start":
            text = text.split(None, 1)[1] if len(text.split()) > 1 else ""
        options = parse_quiz(self.kb, text)
        request = GameRequest(guild_id=GUILD, channel_id=CHANNEL, started_by=self.player,
                              **options)  # type: ignore[arg-type]  # fmt: skip
        await self.quizzes.start(request, self.render)

    async def in_game(self, action: Callable[[Session], Awaitable[object]]) -> None:
        await action(self.quizzes.require(CHANNEL))

    async def leaderboard(self, period: str) -> None:
        period = period.strip().lower() or "all"
        if period not in ("all", "week", "month"):
            self.say("Choose a period: all, week or month.")
            return
        now = self.quizzes.wall()
        rows = await self.storage.leaderboard(GUILD, period, now=now)
        mine = await self.storage.rank_of(GUILD, self.player.id, period, now=now)
        self.say(leaderboard_text(rows, period, mine))

    async def stats(self, _: str) -> None:
        stats = await self.storage.player_stats(GUILD, self.player.id)
        self.say(stats_text(stats, self.player.name))

    async def handle(self, line: str) -> None:
        """React to one line the person typed; problems become one line of text."""
        try:
            await self._handle(line.strip())
        except (GameError, YutuError) as exc:
            self.say(str(exc))

    async def _handle(self, text: str) -> None:
        if not text:
            return
        if text.startswith("/"):
            name, _, rest = text[1:].partition(" ")
            command = self.commands.get(name.lower())
            if command is None:
                self.say(f"Unknown command /{name}. Type /help for the list.")
                return
            result = command(rest.strip())
            if asyncio.iscoroutine(result):
                await result
            return
        session = self.quizzes.get(CHANNEL)
        if session is not None:
            await session.answer(self.player, text)
            return
        if text.lower() in ("quit", "exit", "help"):
            await self._handle("/" + text.lower())
            return
        self.ask(text)

    async def close(self) -> None:
        """Leaving mid-game ends the game as interrupted; its points are already saved."""
        await self.quizzes.interrupt_all()


async def _lines(stream: TextIO) -> AsyncIterator[str]:
    """Lines of `stream` as they arrive, without blocking the quiz timers.

    Terminals and pipes are read through the event loop; a regular file (`yutu chat <
    questions.txt`) cannot be, and never blocks, so it is read directly.
    """
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    try:
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), stream)
    except ValueError:
        for line in stream:
            yield line
            await asyncio.sleep(0)
        return
    while raw := await reader.readline():
        yield raw.decode("utf-8", errors="replace")


async def run_chat(chat: Chat, stream: TextIO = sys.stdin) -> None:
    """Read lines until /quit or end of input, handling each as it arrives."""
    chat.say("Yutu: ask me about the far side of the Moon. /help lists commands, /quit leaves.")
    interactive = stream.isatty()
    try:
        if interactive:
            chat.prompt()
        async for line in _lines(stream):
            chat.prompting = False
            await chat.handle(line)
            if not chat.running:
                break
            if interactive:
                chat.prompt()
    finally:
        await chat.close()
    chat.say("Bye!")
