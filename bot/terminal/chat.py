"""`yutu chat`: the whole bot in a terminal, no Discord account needed."""

from __future__ import annotations

import asyncio
import getpass
import random
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TextIO

from bot.errors import YutuError
from bot.knowledge.browse import find_topic
from bot.knowledge.model import Difficulty, KnowledgeBase, Topic
from bot.limits import REVEAL_PAUSE
from bot.quiz.engine import Game
from bot.quiz.events import Event
from bot.quiz.packs import PackError
from bot.quiz.scoring import CHOICE_LABELS, Mode, Player
from bot.quiz.session import GameRequest, Session
from bot.service import GameOptions, Person, Place, Yutu
from bot.storage import Store
from bot.storage.models import PICKED
from bot.terminal.render import (
    answer_text,
    daily_reveal_text,
    daily_streaks_text,
    daily_text,
    event_text,
    fact_text,
    leaderboard_text,
    plural,
    stats_text,
    topics_text,
    wrap,
)

PROMPT = "> "
HERE = Place(guild_id=0, channel_id=0)  # the terminal is one "server" with one "channel"

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
  /quiz pack:NAME [N] ...  a quiz from one of your question packs
  /pack import FILE [NAME]   add a question pack (Yutu's format or a Red trivia list)
  /pack list  /pack remove NAME
  /daily                  today's daily question; /daily B picks B (one pick a day)
  /daily streaks          daily streaks; /daily reveal shows today's answer now
  /stats                  your points, games, best streak and daily streak
  /help                   this text
  /quit                   leave (Ctrl-D works too)"""


def parse_quiz(yutu: Yutu, text: str) -> GameOptions:
    """`/quiz` options typed in any order: a topic, a count, a difficulty, a mode, a time.

    A topic name may hold numbers ("chang'e 4", "yutu 2"), so the longest run of words
    that names a topic exactly is the topic, then a shorter one that names it loosely;
    a number left over is the count.
    """
    options: dict[str, object] = {}
    rest: list[str] = []
    for word in text.split():
        lowered = word.lower()
        if lowered.startswith("pack:"):
            options["pack"] = word[len("pack:") :]
            if not options["pack"]:
                raise YutuError("Which pack? Write it as pack:NAME; /pack list shows them.")
        elif lowered.endswith("s") and lowered[:-1].isascii() and lowered[:-1].isdecimal():
            options["time_limit"] = float(lowered[:-1])
        elif lowered in {d.value for d in Difficulty}:
            options["difficulty"] = Difficulty(lowered)
        elif lowered in {m.value for m in Mode}:
            options["mode"] = Mode(lowered)
        elif lowered != "all":
            rest.append(word)
    named = _topic_words(yutu, rest)
    if named is not None:
        start, end, topic = named
        options["topic"] = topic.id
        rest = rest[:start] + rest[end:]
    counts = [w for w in rest if w.isascii() and w.isdecimal()]
    others = [w for w in rest if w not in counts]
    if others:
        yutu.topic(" ".join(others))  # raises UnknownTopic with the closest names
    if len(counts) > 1:
        raise YutuError(f"Which is the number of questions: {' or '.join(counts)}?")
    if counts:
        options["questions"] = int(counts[0])
    return GameOptions(**options)  # type: ignore[arg-type]


def _topic_words(yutu: Yutu, words: list[str]) -> tuple[int, int, Topic] | None:
    """The longest run of `words` naming a topic (exactly first, then loosely) with at
    least one word that is not a number, as (start, end, topic)."""
    for exact in (True, False):
        for size in range(len(words), 0, -1):
            for start in range(len(words) - size + 1):
                run = words[start : start + size]
                if all(w.isdecimal() for w in run):
                    continue
                topic = find_topic(yutu.kb, " ".join(run), exact=exact)
                if topic is not None:
                    return start, start + size, topic
    return None


class Chat:
    """One terminal conversation: reads lines, writes replies to `out`."""

    def __init__(
        self,
        kb: KnowledgeBase,
        storage: Store,
        out: TextIO,
        rng: random.Random | None = None,
        player: Player | None = None,
        reveal_pause: float = REVEAL_PAUSE.default,
    ) -> None:
        self.kb = kb
        self.out = out
        self.player = player or Player(1, getpass.getuser() or "you")
        # The person at the terminal owns this "server": they may stop games and change
        # its settings, and nobody else shares the rate limits.
        self.person = Person(self.player, moderator=True, admin=True)
        self.yutu = Yutu(kb, storage, rng=rng, reveal_pause=reveal_pause, throttle=False)
        self.running = True
        self.prompting = False  # a "> " prompt is showing (interactive terminals only)
        self.commands: dict[str, Callable[[str], Awaitable[None] | None]] = {
            "help": lambda _: self.say(HELP),
            "topics": lambda _: self.say(topics_text(kb)),
            "topic": self.show_topic,
            "fact": self.show_fact,
            "ask": self.ask,
            "quiz": self.quiz,
            "hint": lambda _: self.yutu.hint(HERE),
            "skip": lambda _: self.yutu.skip(HERE, self.person),
            "stop": lambda _: self.yutu.stop(HERE, self.person),
            "leaderboard": self.leaderboard,
            "scores": self.leaderboard,
            "stats": self.stats,
            "daily": self.daily,
            "pack": self.pack,
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
        self.say(answer_text(self.yutu.ask(self.player.id, question, HERE.guild_id)))

    def show_topic(self, name: str) -> None:
        if not name:
            self.say("Which topic? " + ", ".join(t.id for t in self.kb.topics))
            return
        topic, facts, held_back = self.yutu.topic_facts(name, HERE.guild_id)
        self.say(f"{topic.title}: {topic.summary}")
        for fact in facts:
            self.say(wrap(fact.text, "  - ") + f"\n      {fact.source}")
        if held_back:
            self.say(f"  ({plural(held_back, 'fact')} held back until the open quiz question "
                     "is revealed: no spoilers.)")  # fmt: skip

    def show_fact(self, name: str) -> None:
        self.say(fact_text(self.yutu.random_fact(name or None, HERE.guild_id)))

    async def quiz(self, text: str) -> None:
        word = text.split()[0].lower() if text.split() else ""
        if word in ("hint", "skip", "stop"):
            await self.handle("/" + word)
            return
        if word == "start":
            text = text.split(None, 1)[1] if len(text.split()) > 1 else ""
        options = parse_quiz(self.yutu, text)

        async def announce(game: Game, request: GameRequest) -> None:
            if request.typed_only:
                self.say(request.typed_only)

        await self.yutu.start_game(HERE, self.person, options, self.render, announce)

    async def leaderboard(self, period: str) -> None:
        rows, mine = await self.yutu.leaderboard(HERE.guild, period, self.player.id)
        self.say(leaderboard_text(rows, period.strip().lower() or "all", mine))

    async def stats(self, _: str) -> None:
        stats, daily = await self.yutu.stats(HERE.guild, self.player.id)
        self.say(stats_text(stats, daily, self.player.name))

    async def pack(self, text: str) -> None:
        """`/pack import FILE [NAME]`, `/pack list`, `/pack remove NAME`."""
        word, _, rest = text.strip().partition(" ")
        packs, rest = self.yutu.packs, rest.strip()
        if word == "import" and rest:
            try:
                path, name, data = await asyncio.to_thread(_pack_file, rest)
            except OSError as exc:
                self.say(f"Cannot read {exc.filename}: {exc.strerror or exc}")
                return
            try:
                imported = await packs.import_pack(HERE.guild, True, self.player.id, path.name,
                                                   data, name or None)  # fmt: skip
            except PackError as exc:
                self.say(f"Nothing imported: {exc} of {path}:\n{exc.report()}")
                return
            info = imported.info
            self.say(f"Imported {info.name} ({info.questions} questions). Play it with "
                     f"/quiz pack:{info.name}")  # fmt: skip
            for note in imported.notes:
                self.say(f"  not used: {note}")
        elif word == "list":
            found = await packs.list(HERE.guild)
            self.say("\n".join(f"  {p.name}: {p.title}, {p.questions} questions" for p in found)
                     or "No packs yet: /pack import FILE adds one.")  # fmt: skip
        elif word == "remove" and rest:
            await packs.remove(HERE.guild, True, rest)
            self.say(f"Removed the pack {rest}.")
        else:
            self.say("Use /pack import FILE [NAME], /pack list or /pack remove NAME.")

    async def daily(self, text: str) -> None:
        """`/daily`: today's question (posted the first time it is asked for), `/daily B`
        a pick, `/daily streaks`, `/daily reveal`."""
        daily, word = self.yutu.daily, text.strip().lower()
        if await daily.settings(HERE.guild) is None:  # the terminal's day starts at midnight
            await daily.setup(HERE.guild, True, HERE.channel_id, "00:00")
        if word == "streaks":
            self.say(daily_streaks_text(*await daily.streaks(HERE.guild, self.player.id)))
            return
        if word == "reveal":
            self.say(daily_reveal_text(await daily.reveal(HERE.guild, self.person.admin)))
            return
        posting = await daily.post_today(HERE.guild, early=True)
        if posting is not None:
            for reveal in posting.reveals:
                self.say(daily_reveal_text(reveal))
            await daily.posted(HERE.guild, posting.round.day, 0)
        current = await daily.current(HERE.guild)
        if current is None:
            self.say("Today's answer is out; the next daily question comes tomorrow.")
        elif not word:
            self.say(daily_text(current))
            _, mine = await daily.streaks(HERE.guild, self.player.id)
            if mine is not None:
                self.say(f"Your daily streak: {plural(mine.current, 'day')} (best {mine.best}).")
        elif len(word) == 1 and word.upper() in CHOICE_LABELS[: len(current.choices)]:
            index = CHOICE_LABELS.index(word.upper())
            outcome = await daily.pick(HERE.guild, current.day, self.player, index)
            self.say(f"Locked in: {word.upper()}. The answer comes with the next daily "
                     "question (or /daily reveal)." if outcome == PICKED
                     else "You already picked today's answer: one pick a day.")  # fmt: skip
        else:
            self.say("Pick with a letter, for example /daily B; or /daily streaks.")

    async def handle(self, line: str) -> None:
        """React to one line the person typed; problems become one line of text."""
        try:
            await self._handle(line.strip())
        except YutuError as exc:
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
        if await self.yutu.answer(HERE, self.person, text) is not None:
            return  # an answer to the running quiz
        if text.lower() in ("quit", "exit", "help"):
            await self._handle("/" + text.lower())
            return
        self.ask(text)

    async def close(self) -> None:
        """Leaving mid-game ends the game as interrupted; its points are already saved."""
        await self.yutu.close()


def _pack_file(words: str) -> tuple[Path, str, bytes]:
    """`FILE [NAME]` of /pack import: the file, the name (may be empty) and its bytes."""
    parts = words.split(" ")
    for end in range(1, len(parts) + 1):  # the shortest run of words that is a file
        path = Path(" ".join(parts[:end])).expanduser()
        if path.is_file():
            return path, " ".join(parts[end:]), path.read_bytes()
    path = Path(words).expanduser()
    return path, "", path.read_bytes()  # raises the OSError that says why


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
