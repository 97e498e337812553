"""`yutu chat`: the whole bot in a terminal, no Discord account needed."""

from __future__ import annotations

import asyncio
import random
import sys
from collections.abc import Callable
from typing import TextIO

from bot.knowledge.answer import Answerer
from bot.knowledge.browse import find_topic, random_fact
from bot.knowledge.model import KnowledgeBase
from bot.render_text import answer_text, fact_text, topics_text, wrap

HELP = """\
Ask me anything about the far side of the Moon and the Chang'e missions, or:
  /topics              list what I know
  /topic NAME          every fact of one topic (e.g. /topic ce4)
  /fact [TOPIC]        a random fact
  /help                this text
  /quit                leave (Ctrl-D works too)"""


class Chat:
    """One terminal conversation: reads lines, writes replies to `out`."""

    def __init__(self, kb: KnowledgeBase, out: TextIO, rng: random.Random | None = None) -> None:
        self.kb = kb
        self.answerer = Answerer(kb)
        self.out = out
        self.rng = rng or random.Random()
        self.running = True
        self.commands: dict[str, Callable[[str], object]] = {
            "help": lambda _: self.say(HELP),
            "topics": lambda _: self.say(topics_text(kb)),
            "topic": self.show_topic,
            "fact": self.show_fact,
            "ask": self.ask,
            "quit": self.quit,
            "exit": self.quit,
        }

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

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
            self.say(wrap(fact.text, "  - ")[0:] + f"\n      {fact.source}")

    def show_fact(self, name: str) -> None:
        topic = find_topic(self.kb, name) if name else None
        if name and topic is None:
            self.say(f"I have no topic called {name!r}. Try /topics.")
            return
        self.say(fact_text(random_fact(self.kb, self.rng, topic)))

    async def handle(self, line: str) -> None:
        """React to one line the person typed."""
        text = line.strip()
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
        if text.lower() in ("quit", "exit", "help"):
            await self.handle("/" + text.lower())
            return
        self.ask(text)


async def _lines(stream: TextIO) -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), stream)
    return reader


async def run_chat(chat: Chat, stream: TextIO = sys.stdin) -> None:
    """Read lines until /quit or end of input, handling each as it arrives."""
    chat.say("Yutu: ask me about the far side of the Moon. /help lists commands, /quit leaves.")
    reader = await _lines(stream)
    while chat.running:
        if stream.isatty():
            print("> ", end="", file=chat.out, flush=True)
        raw = await reader.readline()
        if not raw:
            break
        await chat.handle(raw.decode("utf-8", errors="replace"))
    chat.say("Bye!")
