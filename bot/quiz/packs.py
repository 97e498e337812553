"""Question packs: a server's own quiz questions, checked as carefully as the bundled ones.

Two formats, told apart by their keys:

- Yutu's: `quiz:` holds a list of questions with `question`, `answers` and optionally
  `wrong` (3 or more for multiple choice), `difficulty`, `hint`, `explanation` (shown with
  the answer) and `source`; beside it optional `title`, `description`, `author` and
  `time_limit` (seconds per question).
- Red-DiscordBot's trivia lists: every key is a question and its value the list of
  accepted answers, beside optional `AUTHOR`, `DESCRIPTION` and `CONFIG` (of which `delay`
  and `max_score` are used; the other keys are reported as ignored).

Every problem is reported as `line: message`, all at once; a pack with any problem is
refused whole. Packs carry no sources of their own, so their answers never feed the
answerer: they are for games only.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field

import yaml

from bot.errors import YutuError
from bot.knowledge.loader import (
    FileReader,
    Report,
    check_choices,
    compose,
    difficulty_of,
    items_of,
    kind_of,
)
from bot.knowledge.model import Difficulty, Fact, Question
from bot.knowledge.normalize import fold_accents, normalize
from bot.limits import TIME_LIMIT
from bot.quiz.checker import is_accepted
from bot.quiz.scoring import WRONG_CHOICES

MAX_BYTES = 1_000_000
MAX_QUESTIONS = 2000
MIN_FOR_CHOICES = 8  # distinct answers a pack needs before wrong choices are drawn from them
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_NAME = 32
YUTU_KEYS = {"title": False, "description": False, "author": False, "time_limit": False,
             "quiz": True}  # fmt: skip
QUESTION_KEYS = {"question": True, "answers": True, "wrong": False, "difficulty": False,
                 "hint": False, "explanation": False, "source": False}  # fmt: skip
RED_META = ("AUTHOR", "DESCRIPTION", "CONFIG", "$schema")
RED_USED = {"delay": "seconds per question", "max_score": "right answers that win the game"}
SHOWN_PROBLEMS = 15


class PackError(YutuError):
    """A pack file Yutu cannot use; `problems` lists every `line: message`."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the pack")

    def report(self, limit: int = SHOWN_PROBLEMS) -> str:
        """The problems for a person: a screenful, then how many more there are."""
        lines = self.problems[:limit]
        if len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more")
        return "\n".join(lines)


@dataclass(frozen=True)
class Pack:
    name: str
    title: str
    format: str  # "yutu" or "red"
    questions: tuple[Question, ...]
    facts: dict[str, Fact] = field(default_factory=dict)  # explanations, by question
    author: str | None = None
    description: str | None = None
    time_limit: int | None = None
    first_to: int | None = None  # Red's max_score: right answers that win the game
    notes: tuple[str, ...] = ()  # what was read but is not used (Red CONFIG keys)

    @property
    def has_choices(self) -> bool:
        """Whether every question can be played with buttons."""
        return all(len(q.wrong) >= WRONG_CHOICES for q in self.questions)


def pack_name(text: str) -> str:
    """A pack name from what a person typed or a file name: "Club Night.yaml" -> "club-night"."""
    stem = re.sub(r"\.[a-z]{1,5}$", "", text.strip(), flags=re.IGNORECASE)  # .yaml, .json
    plain = re.sub(r"['’]", "", fold_accents(stem).casefold())
    name = "-".join(re.findall(r"[a-z0-9]+", plain))[:MAX_NAME].strip("-")
    if not name:
        raise YutuError("A pack name needs letters or digits, for example club-night.")
    return name


def parse_pack(data: bytes | str, name: str) -> Pack:
    """Read and check a pack file; PackError lists every problem by line."""
    raw = data if isinstance(data, str) else _decode(data)
    if len(raw.encode()) > MAX_BYTES:
        raise PackError([f"1: the file is larger than {MAX_BYTES // 1_000_000} MB"])
    report = Report()
    reader = FileReader("", report)
    root = compose(raw, "", report)
    pack = None
    if root is not None:
        if not isinstance(root, yaml.MappingNode):
            reader.error(root, f"a pack must be a mapping, not a {kind_of(root)}")
        elif any(_key(k) == "quiz" for k, _ in root.value):
            pack = _read_yutu(reader, root, name)
        else:
            pack = _read_red(reader, root, name)
    if pack is not None and len(pack.questions) > MAX_QUESTIONS:
        reader.error(root, f"the pack has {len(pack.questions)} questions; the most is "
                     f"{MAX_QUESTIONS}")  # fmt: skip
    if report.problems or pack is None:
        problems = sorted((p.removeprefix(":") for p in report.problems), key=_line)
        raise PackError(problems or ["1: no questions"])
    return pack


def _line(problem: str) -> int:
    head = problem.split(":", 1)[0]
    return int(head) if head.isdigit() else 0


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackError([f"1: the file is not UTF-8 text ({exc.reason})"]) from None


def _key(node: yaml.Node) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _read_yutu(reader: FileReader, root: yaml.MappingNode, name: str) -> Pack | None:
    top = reader.mapping(root, YUTU_KEYS, "the pack")
    if top is None:
        return None
    title = reader.text(top.get("title"), "title", optional=True) or name
    time_limit = _seconds(reader, top.get("time_limit"), "time_limit")
    questions: list[Question] = []
    facts: dict[str, Fact] = {}
    seen: dict[str, int] = {}
    items = items_of(reader, top.get("quiz"), "quiz")
    if isinstance(top.get("quiz"), yaml.SequenceNode) and not items:
        reader.error(top["quiz"], "the quiz list is empty")
    for number, item in enumerate(items, start=1):
        fields = reader.mapping(item, QUESTION_KEYS, "a question")
        if fields is None:
            continue
        text = reader.text(fields.get("question"), "question")
        _unique(reader, fields.get("question"), text, seen)
        answers = reader.text_list(fields.get("answers"), "answers", 1)
        wrong = reader.text_list(fields.get("wrong"), "wrong", 0)
        if fields.get("wrong") is not None and 0 < len(wrong) < WRONG_CHOICES:
            reader.error(fields["wrong"], f"wrong needs at least {WRONG_CHOICES} items for "
                         "multiple choice (or leave it out)")  # fmt: skip
        check_choices(reader, fields.get("answers"), fields.get("wrong"))
        level = (
            difficulty_of(reader, fields["difficulty"])
            if "difficulty" in fields
            else Difficulty.MEDIUM
        )
        hint = reader.text(fields.get("hint"), "hint", optional=True)
        explanation = reader.text(fields.get("explanation"), "explanation", optional=True)
        source = reader.source(fields["source"]) if "source" in fields else None
        if text and answers and level:
            qid = f"pack-{name}-{number}"
            fact_id = f"{qid}-why" if explanation else ""
            line = item.start_mark.line + 1
            topic = f"{title} (pack)"  # shown where a question names its topic
            questions.append(Question(qid, topic, text, answers, wrong, level, fact_id, hint, line))
            if explanation:
                facts[fact_id] = Fact(fact_id, title, explanation, (), (), source or "")
    author = reader.text(top.get("author"), "author", optional=True)
    description = reader.text(top.get("description"), "description", optional=True)
    return Pack(name, title, "yutu", tuple(questions), facts, author, description, time_limit)


def _read_red(reader: FileReader, root: yaml.MappingNode, name: str) -> Pack | None:
    questions: list[Question] = []
    meta: dict[str, yaml.Node] = {}
    seen: dict[str, int] = {}
    for key_node, value in root.value:
        key = _key(key_node)
        if key is None:
            reader.error(key_node, "a question must be plain text")
            continue
        if key in RED_META:
            meta[key] = value
            continue
        text = reader.text(key_node, "question")
        _unique(reader, key_node, text, seen)
        if isinstance(value, yaml.ScalarNode) and value.value.strip():
            reader.error(value, 'the answers must be a list: one line "- answer" for each')
            continue
        answers = reader.text_list(value, "answers", 1)
        check_choices(reader, value, None)
        if text and answers:
            number = len(questions) + 1
            line = key_node.start_mark.line + 1
            questions.append(Question(f"pack-{name}-{number}", f"{name} (pack)", text, answers,
                                      (), Difficulty.MEDIUM, "", None, line))  # fmt: skip
    if not questions and not reader.report.problems:
        reader.error(root, "no questions: each question is a key with a list of answers")
    author = reader.text(meta.get("AUTHOR"), "AUTHOR", optional=True)
    description = reader.text(meta.get("DESCRIPTION"), "DESCRIPTION", optional=True)
    time_limit, target, notes = _red_config(reader, meta.get("CONFIG"))
    pack = Pack(name, name, "red", tuple(questions), {}, author, description, time_limit,
                target, notes)  # fmt: skip
    return pack


def _red_config(
    reader: FileReader, node: yaml.Node | None
) -> tuple[int | None, int | None, tuple[str, ...]]:
    if node is None:
        return None, None, ()
    pairs = _config_pairs(node)
    if pairs is None:
        reader.error(node, f"CONFIG must be a mapping, not a {kind_of(node)}")
        return None, None, ()
    time_limit = target = None
    notes = []
    for key_node, value in pairs:
        key = _key(key_node)
        if key == "delay":
            time_limit = _seconds(reader, value, "CONFIG delay")
        elif key == "max_score":
            target = _whole(reader, value, "CONFIG max_score", 1, 10_000)
        else:
            notes.append(f"CONFIG {key}: not used by Yutu (used: {', '.join(RED_USED)})")
    return time_limit, target, tuple(notes)


def _config_pairs(node: yaml.Node) -> list[tuple[yaml.Node, yaml.Node]] | None:
    """CONFIG's keys and values; older lists write it as a list of one-key mappings."""
    if isinstance(node, yaml.MappingNode):
        return list(node.value)
    if isinstance(node, yaml.SequenceNode) and all(
        isinstance(item, yaml.MappingNode) for item in node.value
    ):
        return [pair for item in node.value for pair in item.value]
    return None


def _seconds(reader: FileReader, node: yaml.Node | None, what: str) -> int | None:
    """Seconds per question, brought into Yutu's range (a Red delay may be 4 s)."""
    value = _number(reader, node, what)
    if value is None:
        return None
    return int(min(max(round(value), TIME_LIMIT.low), TIME_LIMIT.high))


def _whole(reader: FileReader, node: yaml.Node, what: str, low: int, high: int) -> int | None:
    value = _number(reader, node, what)
    if value is None:
        return None
    if value != int(value) or not low <= value <= high:
        reader.error(node, f"{what} must be a whole number from {low} to {high}")
        return None
    return int(value)


def _number(reader: FileReader, node: yaml.Node | None, what: str) -> float | None:
    text = reader.text(node, what, optional=True)
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        reader.error(node, f"{what} must be a number, not {text!r}")
        return None
    if not value > 0:
        reader.error(node, f"{what} must be more than 0")
        return None
    return value


def _unique(reader: FileReader, node: yaml.Node | None, text: str | None,
            seen: dict[str, int]) -> None:  # fmt: skip
    if text is None or node is None:
        return
    key = normalize(text)
    if key in seen:
        reader.error(node, f"the same question is already asked on line {seen[key]}")
    else:
        seen[key] = node.start_mark.line + 1


def with_drawn_choices(pack: Pack) -> Pack | None:
    """The pack with wrong choices for questions that have none, drawn from the other
    questions' answers (numbers first for a number, words first for words), or
    None when the pack has too few distinct answers for that."""
    if pack.has_choices:
        return pack
    # one spelling per answer ("Moon" and "moon" are one choice)
    answers = list({normalize(q.answer): q.answer for q in reversed(pack.questions)}.values())
    if len(answers) < MIN_FOR_CHOICES:
        return None
    numbers = [a for a in answers if _numeric(a)]
    words = [a for a in answers if not _numeric(a)]
    drawn = []
    for question in pack.questions:
        if len(question.wrong) >= WRONG_CHOICES:
            drawn.append(question)
            continue
        rng = random.Random(question.id)
        alike, rest = (numbers, words) if _numeric(question.answer) else (words, numbers)
        wrong: list[str] = []
        # Look at a few random candidates, not every answer: linear in the pack's size.
        for candidates in (alike, rest):
            for candidate in rng.sample(candidates, len(candidates)):
                if len(wrong) == WRONG_CHOICES:
                    break
                if not is_accepted(candidate, question.answers) and all(
                    normalize(candidate) != normalize(w) for w in wrong
                ):
                    wrong.append(candidate)
        drawn.append(Question(question.id, question.topic, question.question, question.answers,
                              tuple(wrong), question.difficulty, question.fact, question.hint,
                              question.line))  # fmt: skip
    return Pack(**{**pack.__dict__, "questions": tuple(drawn)})


def _numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[\d\s.,]+", text.strip()))
