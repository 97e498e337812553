"""The `yutu` command through real subprocesses, as a person or a script runs it."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.knowledge.model import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent


def env(tmp_path: Path, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "YUTU_"))}
    base.update({"YUTU_DATABASE": str(tmp_path / "scores.db"), "PYTHONUNBUFFERED": "1"})
    base.update(extra)
    return base


def yutu(tmp_path: Path, *args: str, stdin: str = "", **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env(tmp_path, **extra),
        timeout=60,
    )


def test_check_prints_coverage(tmp_path: Path) -> None:
    result = yutu(tmp_path, "check")
    assert result.returncode == 0, result.stderr
    assert "change-4" in result.stdout and "total" in result.stdout
    facts, questions = (int(x) for x in result.stdout.split("topics, ")[1].split()[::2][:2])
    assert facts >= 150 and questions >= 200


def test_check_lists_every_problem_with_lines(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\ntitle: X\nsummary: s\naliases: []\nfacts:\n  - id: BAD ID\n")
    result = yutu(tmp_path, "check", str(broken))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"{broken}:6:") and "lowercase" in line for line in lines)
    assert any(f"{broken}:6:" in line and "missing required key 'source'" in line for line in lines)


def test_ask_json_shape(tmp_path: Path) -> None:
    result = yutu(tmp_path, "ask", "--json", "how much moon rock did chang'e 5 bring back?")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert set(data) == {"answered", "fact_id", "text", "source", "confidence", "suggestions"}
    assert data["answered"] is True
    assert data["fact_id"].startswith("ce5")
    assert data["source"].startswith("http")


def test_ask_declines_out_of_scope(tmp_path: Path) -> None:
    result = yutu(tmp_path, "ask", "--json", "what is the best pizza topping")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["answered"] is False and data["fact_id"] is None
    plain = yutu(tmp_path, "ask", "what is the best pizza topping")
    assert "I don't know" in plain.stdout or "not sure" in plain.stdout


def test_bot_refuses_to_start_on_broken_facts(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "bad.yaml").write_text("id: [oops\n")
    result = yutu(tmp_path, "chat", stdin="/topics\n", YUTU_FACTS_DIR=str(facts))
    assert result.returncode == 1
    assert f"{facts / 'bad.yaml'}:" in result.stderr
    assert "Traceback" not in result.stderr


def test_chat_answers_and_lists_topics(tmp_path: Path) -> None:
    result = yutu(tmp_path, "chat", stdin="/topics\nwhere did chang'e 4 land?\n/quit\n")
    assert result.returncode == 0, result.stderr
    assert "south-pole-aitken" in result.stdout
    assert "Von K" in result.stdout
    assert "Source: http" in result.stdout


def test_chat_with_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    db = tmp_path / "scores.db"
    db.write_text("these are my notes, not a database\n")
    result = yutu(tmp_path, "chat", stdin="/stats\n")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(db) in result.stderr and "Traceback" not in result.stderr
    assert db.read_text() == "these are my notes, not a database\n"


async def _read_until(stream: asyncio.StreamReader, marker: str, seen: list[str]) -> str:
    while True:
        raw = await asyncio.wait_for(stream.readline(), timeout=30)
        if not raw:
            raise AssertionError(f"output ended before {marker!r}:\n" + "".join(seen))
        line = raw.decode()
        seen.append(line)
        if marker in line:
            return line


@pytest.mark.asyncio
async def test_points_survive_sigkill(tmp_path: Path, kb: KnowledgeBase) -> None:
    by_text = {q.question: q for q in kb.questions.values()}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "chat",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, cwd=tmp_path, env=env(tmp_path),
    )  # fmt: skip
    assert proc.stdin and proc.stdout
    seen: list[str] = []
    told = 0
    try:
        proc.stdin.write(b"/quiz 3 typed 60s\n")
        for _ in range(2):
            line = await _read_until(proc.stdout, "Question ", seen)
            question = by_text[line.split("): ", 1)[1].strip()]
            proc.stdin.write(question.answers[0].encode() + b"\n")
            await proc.stdin.drain()
            correct = await _read_until(proc.stdout, "Correct", seen)
            told += int(correct.split("+")[1].split()[0])
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert told == 6  # two answers, no hints: 3 + 3
    with sqlite3.connect(tmp_path / "scores.db") as db:
        (points,) = db.execute("SELECT SUM(points) FROM awards").fetchone()
        (status,) = db.execute("SELECT status FROM games").fetchone()
    assert points == told
    assert status == "running"
    after = yutu(tmp_path, "chat", stdin="/stats\n/quit\n")
    assert "1 unfinished game(s) marked interrupted" in after.stdout
    assert "6 points" in after.stdout and "2 correct answers" in after.stdout
    with sqlite3.connect(tmp_path / "scores.db") as db:
        (status,) = db.execute("SELECT status FROM games").fetchone()
    assert status == "interrupted"


def test_run_without_token_says_how_to_get_one(tmp_path: Path) -> None:
    result = yutu(tmp_path, "run")
    assert result.returncode == 1
    assert "No DISCORD_TOKEN" in result.stderr and "yutu chat" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_command_and_no_token_starts_the_chat(tmp_path: Path) -> None:
    result = yutu(tmp_path, stdin="/quit\n")
    assert result.returncode == 0
    assert "Yutu: ask me about the far side" in result.stdout


def test_database_path_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = yutu(tmp_path, "chat", stdin="/stats\n", YUTU_DATABASE=str(blocker / "scores.db"))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert blocker.read_text() == "x"


def test_bad_setting_is_one_line(tmp_path: Path) -> None:
    result = yutu(tmp_path, "chat", stdin="", YUTU_DEV_GUILD_ID="my server")
    assert result.returncode == 1
    assert "YUTU_DEV_GUILD_ID" in result.stderr and "Traceback" not in result.stderr


def test_settings_come_from_a_dot_env_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("# my settings\nYUTU_DATABASE=from-dotenv.db\n")
    environ = env(tmp_path)
    del environ["YUTU_DATABASE"]
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat"], input="/stats\n/quit\n", capture_output=True,
        text=True, cwd=tmp_path, env=environ, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "from-dotenv.db").exists()


def test_chat_reads_questions_from_a_file(tmp_path: Path) -> None:
    questions = tmp_path / "questions.txt"
    questions.write_text("where did chang'e 4 land?\n/quit\n")
    with questions.open() as stdin:
        result = subprocess.run(
            [sys.executable, "-m", "bot", "chat"], stdin=stdin, capture_output=True, text=True,
            cwd=tmp_path, env=env(tmp_path), timeout=60,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Von K" in result.stdout


def test_odd_digits_do_not_crash(tmp_path: Path) -> None:
    result = yutu(tmp_path, "ask", "--json", "where did chang'e ፬ land ❸ ²")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["answered"] in (True, False)
    chat = yutu(tmp_path, "chat", stdin="/quiz ²\n/quit\n")
    assert chat.returncode == 0 and "Traceback" not in chat.stderr


def test_weekly_leaderboard_leaves_out_old_points(tmp_path: Path) -> None:
    from bot.storage import Storage

    async def old_award() -> None:
        async with await Storage.open(tmp_path / "scores.db") as db:
            game = await db.start_game(0, 0, mode="typed", topics="all", started_at=0.0)
            long_ago = time.time() - 40 * 86400
            await db.award(game, 0, 7, "old-timer", "ce4-launch-q", 3, long_ago, 1)
            await db.finish_game(game, "completed", long_ago)

    asyncio.run(old_award())
    result = yutu(tmp_path, "chat", stdin="/leaderboard week\n/leaderboard all\n/quit\n")
    week, _, rest = result.stdout.partition("Leaderboard, all time")
    assert "No scores yet for the last 7 days" in week and "old-timer" not in week
    assert "old-timer: 3 points" in rest


def test_reports_on_a_fresh_folder_create_nothing(tmp_path: Path) -> None:
    result = yutu(tmp_path, "reports")
    assert result.returncode == 0 and "No reports" in result.stdout
    assert not (tmp_path / "scores.db").exists()


@pytest.mark.parametrize("words", [["-40 degrees at night?"], ["-hot", "moon?"], ["--", "-40"]])
def test_ask_takes_text_starting_with_a_dash(tmp_path: Path, words: list[str]) -> None:
    result = yutu(tmp_path, "ask", "--json", *words)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["answered"] in (True, False)


def test_check_prints_warnings_but_passes(tmp_path: Path) -> None:
    dated = tmp_path / "dated.yaml"
    dated.write_text(
        "id: demo\ntitle: Demo\naliases: []\nsummary: s\nfacts:\n  - id: demo-status\n"
        "    text: As of 2020 Demo-1 was still working.\n    as_of: 2020-01-01\n"
        "    asks: [is demo working, demo status, demo still alive]\n    keywords: [status]\n"
        "    source: https://example.org/demo\n"
    )
    result = yutu(tmp_path, "check", str(dated))
    assert result.returncode == 0, result.stderr
    assert f"{dated}:6: warning: fact 'demo-status' is dated 2020-01-01" in result.stdout
    assert result.stdout.rstrip().endswith("1 warning")


def test_chat_has_the_daily_question_across_restarts(tmp_path: Path, kb: KnowledgeBase) -> None:
    shown = yutu(tmp_path, "chat", stdin="/daily\n/quit\n").stdout
    question = next(q for q in kb.questions.values() if q.question in shown.replace("\n  ", " "))
    letter = next(line.split(")")[0].strip() for line in shown.splitlines()
                  if line.strip().endswith(f") {question.answer}"))  # fmt: skip
    again = yutu(tmp_path, "chat", stdin=f"/daily\n/daily {letter}\n/daily {letter}\n"
                 "/daily reveal\n/daily streaks\n/stats\n/quit\n").stdout  # fmt: skip
    assert again.count(question.question[:30]) >= 2  # the same question after a restart
    assert "Locked in" in again and "already picked" in again
    assert f"Answer: {letter}) {question.answer} (1 pick, 1 right)" in again
    assert "1 day (best 1)" in again and "Daily question: 1 day in a row" in again


def test_pack_check_reports_like_an_import(tmp_path: Path) -> None:
    from tests.test_packs import RED

    good, bad = tmp_path / "Moon Club.yaml", tmp_path / "bad.yaml"
    good.write_text(RED, encoding="utf-8")
    bad.write_text(RED.replace("- 1959\n", "- 1959\n  - 1960: [\n") + "Q?: x\n", encoding="utf-8")
    result = yutu(tmp_path, "pack", "check", str(good))
    assert result.returncode == 0, result.stderr
    assert "OK: moon-club, 10 questions in a Red trivia list" in result.stdout
    assert "CONFIG bot_plays: not used" in result.stdout
    result = yutu(tmp_path, "pack", "check", str(bad))
    assert result.returncode == 1 and "nothing would be imported" in result.stderr
    assert result.stderr.startswith(f"{bad}:") and "YAML syntax error" in result.stderr
    missing = yutu(tmp_path, "pack", "check", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 1 and "cannot read" in missing.stderr


def test_chat_plays_a_pack_file(tmp_path: Path) -> None:
    from tests.test_packs import RED

    (tmp_path / "moon.yaml").write_text(RED, encoding="utf-8")
    first = yutu(tmp_path, "chat", stdin="/pack import moon.yaml club night\n/quit\n").stdout
    assert "Imported club-night (10 questions)" in first
    later = yutu(tmp_path, "chat", stdin="/pack list\n/quiz pack:club-night 1\n/stop\n/quit\n")
    assert "club-night: club-night, 10 questions" in later.stdout  # kept in the database
    assert "Question 1/1 (club-night" in later.stdout
