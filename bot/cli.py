"""The `yutu` command: run | chat | ask | check | reports."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bot import __version__
from bot.config import Settings, load_settings, shard_settings
from bot.errors import FactsError, YutuError
from bot.knowledge import meaning
from bot.knowledge.answer import Answerer
from bot.knowledge.curation import warnings
from bot.knowledge.loader import load
from bot.knowledge.model import Difficulty, KnowledgeBase
from bot.quiz.packs import PackError, pack_name, parse_pack
from bot.storage import open_storage
from bot.terminal.chat import Chat, run_chat
from bot.terminal.render import answer_text, plural


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="yutu",
        description="A trivia and question-answering bot about the far side of the Moon. "
        "With no command: connect to Discord when DISCORD_TOKEN is set, else start the chat.",
    )
    parser.add_argument("--version", action="version", version=f"yutu {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser("check", help="validate fact files and print their coverage")
    check.add_argument("paths", nargs="*", type=Path, help="files or folders (default: bundled)")
    ask = commands.add_parser("ask", help="answer one question and exit")
    ask.add_argument("question", nargs="+", help='the question, e.g. "where did chang\'e 4 land"')
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    commands.add_parser("chat", help="talk to Yutu in this terminal (no Discord needed)")
    run = commands.add_parser("run", help="connect to Discord with DISCORD_TOKEN")
    run.add_argument("--shards", metavar="A-B", help="gateway shards this process serves, "
                     "e.g. 0-3 or 0,2 (default: YUTU_SHARDS, else all)")  # fmt: skip
    run.add_argument("--shard-count", metavar="N", help="shards over all processes "
                     "(default: YUTU_SHARD_COUNT, else Discord's recommendation)")  # fmt: skip
    pack = commands.add_parser("pack", help="check a question pack file before importing it")
    pack_commands = pack.add_subparsers(dest="pack_command", metavar="SUBCOMMAND", required=True)
    pack_check = pack_commands.add_parser("check", help="report every problem of a pack file")
    pack_check.add_argument("file", type=Path, help="a .yaml file: Yutu's format or a Red list")
    reports = commands.add_parser("reports", help="list questions players reported as wrong")
    reports.add_argument("--limit", type=int, default=100, help="at most this many (newest first)")
    return parser


def coverage_table(kb: KnowledgeBase) -> str:
    """One row per topic: facts, and quiz questions by difficulty."""
    levels = list(Difficulty)
    header = ["topic", "facts", "quiz", *(d.value for d in levels)]
    rows = []
    for topic in kb.topics:
        counts = [sum(q.difficulty is d for q in topic.questions) for d in levels]
        rows.append([topic.id, len(topic.facts), len(topic.questions), *counts])
    totals = ["total", len(kb.facts), len(kb.questions)]
    totals += [sum(q.difficulty is d for q in kb.questions.values()) for d in levels]
    rows.append(totals)
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(row: Sequence[object]) -> str:
        cells = [str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in
                 enumerate(zip(row, widths, strict=True))]  # fmt: skip
        return "  ".join(cells)

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *map(line, rows[:-1]), rule, line(rows[-1])])


def cmd_check(settings: Settings, paths: list[Path]) -> int:
    try:
        kb = load(paths or [settings.facts_dir])
    except FactsError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"yutu check: {exc}", file=sys.stderr)
        return 1
    print(coverage_table(kb))
    found = warnings(kb, datetime.now(UTC).date())
    for warning in found:
        print(warning)
    print(f"OK: {len(kb.topics)} topics, {len(kb.facts)} facts, {len(kb.questions)} questions"
          + (f"; {plural(len(found), 'warning')}" if found else ""))  # fmt: skip
    return 0


def cmd_pack_check(path: Path) -> int:
    """The same report /pack import gives, offline: every problem as `file:line: message`."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"yutu pack check: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    try:
        pack = parse_pack(data, pack_name(path.name))
    except PackError as exc:
        for problem in exc.problems:
            print(f"{path}:{problem}", file=sys.stderr)
        print(f"yutu pack check: {exc}; nothing would be imported", file=sys.stderr)
        return 1
    for note in pack.notes:
        print(f"{path}: {note}")
    kind = "a Red trivia list" if pack.format == "red" else "Yutu's quiz format"
    choices = "with" if pack.has_choices else "without"
    print(f"OK: {pack.name}, {len(pack.questions)} questions in {kind}, {choices} wrong choices")
    return 0


def load_facts(settings: Settings) -> KnowledgeBase:
    """The fact base, or FactsError listing every problem (the bot refuses to start)."""
    return load(settings.facts_dir)


def cmd_ask(settings: Settings, question: str, as_json: bool) -> int:
    answer = Answerer(load_facts(settings)).ask(question)
    if as_json:
        print(json.dumps(answer.as_json(), ensure_ascii=False))
    else:
        print(answer_text(answer))
    return 0


async def _chat(settings: Settings, kb: KnowledgeBase) -> None:
    async with await open_storage(settings.database, exclusive=True) as storage:
        interrupted = await storage.mark_interrupted(time.time())
        if interrupted:
            print(f"({interrupted} unfinished game(s) marked interrupted; their points are kept)")
        await run_chat(Chat(kb, storage, sys.stdout, reveal_pause=settings.reveal_pause))


def cmd_chat(settings: Settings) -> int:
    kb = load_facts(settings)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_chat(settings, kb))
    return 0


async def _reports(settings: Settings, kb: KnowledgeBase, limit: int) -> str:
    where = settings.database
    if isinstance(settings.database, Path) and not settings.database.exists():
        return f"No reports: {where} does not exist yet."
    async with await open_storage(where, readonly=True) as storage:
        reports = await storage.reports(limit)
    if not reports:
        return f"No reports in {getattr(storage, 'where', where)}."
    lines = []
    for report in reports:
        question = kb.questions.get(report.question_id)
        when = time.strftime("%Y-%m-%d %H:%M", time.gmtime(report.at))
        lines.append(f"{when} UTC  {report.question_id}  (user {report.user_id})")
        if question:
            topic = kb.topic(question.topic)
            lines.append(f"    Q: {question.question}  A: {question.answer}")
            lines.append(f"    file: {topic.path if topic else '?'}")
        else:
            lines.append("    (no longer in the fact files)")
        lines.append(f"    reason: {report.reason or '(none given)'}")
    return "\n".join(lines)


def cmd_reports(settings: Settings, limit: int) -> int:
    print(asyncio.run(_reports(settings, load_facts(settings), limit)))
    return 0


def cmd_run(settings: Settings) -> int:
    import discord

    from bot.discord.app import run

    discord.utils.setup_logging(level=settings.log_level)
    kb = load_facts(settings)

    async def serve() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await run(settings, kb, stop)

    asyncio.run(serve())
    return 0


def _with_shard_options(settings: Settings, args: argparse.Namespace) -> Settings:
    """`yutu run --shards A-B --shard-count N`: the options win over YUTU_SHARDS and
    YUTU_SHARD_COUNT."""
    shards, count = getattr(args, "shards", None), getattr(args, "shard_count", None)
    if shards is None and count is None:
        return settings
    if shards is None and settings.shards is not None:
        shards = ",".join(map(str, settings.shards))
    if count is None and settings.shard_count is not None:
        count = str(settings.shard_count)
    fields = shard_settings(shards, count, shards_name="--shards", count_name="--shard-count")
    return replace(settings, **fields)


def _ask_words(argv: list[str]) -> tuple[str, bool] | None:
    """`yutu ask ...` read by hand: every word is the question, even one starting with "-"
    ("-40 degrees at night?"), which argparse would take for an option."""
    if argv[:1] != ["ask"] or argv[1:] in ([], ["-h"], ["--help"]):
        return None
    words = [w for w in argv[1:] if w not in ("--json", "--")]
    return (" ".join(words), len(words) < len(argv) - 1 - argv.count("--")) if words else None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    asked = _ask_words(argv)
    args = _parser().parse_args(["ask", "placeholder"] if asked else argv)
    try:
        settings = load_settings()
        meaning.configure(settings.model, settings.cache_dir)
        if args.command == "check":
            return cmd_check(settings, args.paths)
        if args.command == "ask":
            question, as_json = asked or (" ".join(args.question), args.json)
            return cmd_ask(settings, question, as_json)
        if args.command == "pack":
            return cmd_pack_check(args.file)
        if args.command == "reports":
            return cmd_reports(settings, args.limit)
        if args.command == "run" or (args.command is None and settings.token):
            return cmd_run(_with_shard_options(settings, args))
        if args.command == "chat" or args.command is None:
            return cmd_chat(settings)
    except FactsError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"yutu: {exc}; fix them (see `yutu check`) and start again.", file=sys.stderr)
        return 1
    except YutuError as exc:
        print(f"yutu: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `yutu ... | head`: the reader has gone; nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    _parser().print_help()
    return 0
