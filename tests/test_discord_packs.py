"""Question packs end to end: imports from attachments, refusals, games, export, removal,
and two servers that never see each other's packs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.knowledge.model import KnowledgeBase
from tests.test_discord import (
    PLAYER,
    World,
    buttons,
    is_question,
    running,
    seen,
    text_of,
)
from tests.test_packs import RED


async def slash_file(world: World, user: int, name: str, data: bytes, guild_channel: int = 0,
                     **options: object) -> dict:  # fmt: skip
    inter = await world.slash(user, "pack", "import", in_channel=guild_channel or None,
                              file={"filename": name, "content": data}, **options)  # fmt: skip
    return await seen(inter)


async def test_a_red_list_imported_as_it_is_plays_a_whole_game(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with running(tmp_path, kb) as world:
        refused = await slash_file(world, world.alice, "moon.yaml", RED.encode())
        assert "Manage Server" in refused["content"]
        broken = RED.replace("- Queqiao\n", "  Queqiao: [\n")
        report = await slash_file(world, world.admin, "moon.yaml", broken.encode())
        assert "Nothing imported" in report["content"] and "YAML syntax error" in report["content"]
        bad = RED + "What is the name of the relay satellite of Chang'e-4?:\n- Magpie Bridge\n"
        report = await slash_file(world, world.admin, "moon.yaml", bad.encode())
        assert "30: the same question is already asked on line 17" in report["content"]
        listed = await world.slash(world.alice, "pack", "list")
        assert "No packs yet" in text_of(listed.data)  # nothing stored by refused imports

        done = await slash_file(world, world.admin, "Moon Club.yaml", RED.encode())
        assert "Imported **moon-club** (10 questions, Red trivia list)" in done["content"]
        assert "CONFIG bot\\_plays: not used by Yutu" in done["content"]  # escaped markdown
        again = await slash_file(world, world.admin, "moon club.yml", RED.encode())
        assert "already has a pack called moon-club" in again["content"]
        listed = await world.slash(world.alice, "pack", "list")
        assert "moon-club" in text_of(listed.data) and "10 questions" in text_of(listed.data)

        mark = world.server.mark()
        start = await world.slash(world.alice, "quiz", "start", pack="moon-club", mode="typed",
                                  questions=10)  # fmt: skip
        assert "the pack moon-club" in start.data["content"]
        assert "25 s each" in start.data["content"]  # CONFIG delay
        pack_questions = {q: a for q, a in _questions(RED)}
        for _ in range(2):  # max_score 2: two right answers win
            asked = await world.next_message(is_question, since=mark)
            mark = world.server.mark()
            question = next(q for q in pack_questions if q in text_of(asked))
            await world.server.send_message(world.channel, world.bob, pack_questions[question])
        over = await world.next_message(lambda m: "Quiz over" in text_of(m), since=mark)
        assert "**bob**: 6" in text_of(over)
        reveals = [m for m in world.server.messages if "Answer:" in text_of(m)]
        assert reveals and not any(buttons(m) for m in reveals)  # no Report on a server's pack

        mark = world.server.mark()
        choice = await world.slash(world.bob, "quiz", "start", pack="moon-club", mode="choice")
        assert "multiple choice" in choice.data["content"]
        asked = await world.next_message(is_question, since=mark)
        assert len(buttons(asked)) == 4  # wrong choices drawn from the pack's other answers
        await world.slash(world.bob, "quiz", "stop")

        export = await pack_command(world, world.alice, "export", "moon-club")
        sent = next(m for m in world.server.messages if m.get("interaction_id") == export.id)
        (file,) = sent["files"]
        assert file == {"filename": "moon-club.yaml", "data": RED.encode()}

        other_guild = world.server.add_guild("Other Club")
        other_channel = world.server.add_channel(other_guild, "quiz")
        world.server.add_member(other_guild, world.alice, permissions=PLAYER)
        theirs = await world.server.slash(other_guild, other_channel, world.alice, "pack",
                                          subcommand="list")  # fmt: skip
        await theirs.wait_response(timeout=10)
        assert "No packs yet" in text_of(theirs.data)
        missing = await world.server.slash(
            other_guild, other_channel, world.alice, "quiz", subcommand="start",
            options={"pack": "moon-club"},
        )  # fmt: skip
        await missing.wait_response(timeout=10)
        assert "no pack called moon-club" in missing.data["content"]

        removed = await pack_command(world, world.admin, "remove", "moon-club")
        assert "Removed" in removed.data["content"]
        gone = await world.slash(world.admin, "quiz", "start", pack="moon-club")
        assert "no pack called moon-club" in gone.data["content"]


async def pack_command(world: World, user: int, subcommand: str, name: str) -> Any:
    """/pack export|remove name:... (`name` is also World.slash's own parameter)."""
    inter = await world.server.slash(world.guild, world.channel, user, "pack",
                                     subcommand=subcommand, options={"name": name})  # fmt: skip
    await inter.wait_response(timeout=10)
    return inter


def _questions(text: str) -> list[tuple[str, str]]:
    from bot.quiz.packs import parse_pack

    return [(q.question, q.answers[-1]) for q in parse_pack(text, "x").questions]
