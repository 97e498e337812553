"""Load and validate fact files, reporting every problem as `file:line: message`.

YAML is composed into nodes, never constructed, so every scalar stays the text the
author wrote (`3.10`, `0755`, `On`, `2019-01-03`) and every value keeps its line.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import yaml

from bot.errors import FactsError
from bot.knowledge.model import Difficulty, Fact, KnowledgeBase, Question, Topic
from bot.knowledge.normalize import normalize
from bot.limits import MAX_ANSWER

# libyaml's composer when PyYAML was built with it (about ten times faster), same nodes.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TOPIC_KEYS = {"id": True, "title": True, "aliases": True, "summary": True, "facts": True,
              "quiz": False}  # fmt: skip
FACT_KEYS = {"id": True, "text": True, "asks": True, "keywords": True, "source": True,
             "as_of": False}  # fmt: skip
QUIZ_KEYS = {"id": True, "question": True, "answers": True, "wrong": True, "difficulty": True,
             "fact": True, "hint": False}  # fmt: skip
MIN_ASKS = 3
MIN_WRONG = 3
MAX_TEXT = 600


@dataclass
class Report:
    """Collects problems for one load; `where` gives each its `file:line` prefix."""

    problems: list[str] = field(default_factory=list)

    def add(self, path: str, node: yaml.Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(f"{path}:{line}: {message}")


class FileReader:
    """Turns one file's node tree into model values, reporting problems as it goes."""

    def __init__(self, path: str, report: Report) -> None:
        self.path = path
        self.report = report

    def error(self, node: yaml.Node | None, message: str) -> None:
        self.report.add(self.path, node, message)

    def mapping(
        self, node: yaml.Node, keys: dict[str, bool], what: str
    ) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping of keys to values")
            return None
        found: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                self.error(key_node, f"{what} has a key that is not plain text")
            elif key in found:
                self.error(key_node, f"duplicate key '{key}' in {what}")
            elif key not in keys:
                allowed = ", ".join(keys)
                self.error(key_node, f"unknown key '{key}' in {what} (allowed: {allowed})")
            else:
                found[key] = value_node
        for key, required in keys.items():
            if required and key not in found:
                self.error(node, f"{what} is missing required key '{key}'")
        return found

    def text(self, node: yaml.Node | None, what: str, optional: bool = False) -> str | None:
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{what} must be text, not a {kind_of(node)}")
            return None
        value = node.value.strip()
        if not value or (node.tag.endswith(":null") and not node.style):
            if not optional:
                self.error(node, f"{what} is empty")
            return None
        if len(value) > MAX_TEXT:
            self.error(node, f"{what} is {len(value)} characters long; keep it under {MAX_TEXT}")
        return value

    def day(self, node: yaml.Node | None, what: str) -> date | None:
        """An optional calendar date written as YYYY-MM-DD."""
        value = self.text(node, what, optional=True)
        if value is None:
            return None
        if DAY.fullmatch(value):
            with contextlib.suppress(ValueError):
                return date.fromisoformat(value)
        self.error(node, f"{what} '{value}' must be a date written YYYY-MM-DD")
        return None

    def text_list(self, node: yaml.Node | None, what: str, minimum: int) -> tuple[str, ...]:
        if node is None:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} must be a list, not a {kind_of(node)}")
            return ()
        values = [v for item in node.value if (v := self.text(item, f"an item of {what}"))]
        if len(values) < minimum:
            self.error(node, f"{what} needs at least {minimum} item{'s' * (minimum > 1)}, "
                       f"found {len(values)}")  # fmt: skip
        return tuple(values)

    def ident(self, node: yaml.Node | None, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and not ID_PATTERN.match(value):
            self.error(node, f"{what} '{value}' must be lowercase letters, digits and dashes")
            return None
        return value

    def source(self, node: yaml.Node | None) -> str | None:
        value = self.text(node, "source")
        if value is None:
            return None
        try:
            parsed = urlparse(value)
        except ValueError:  # e.g. "https://example.org/[" is an invalid IPv6 address
            parsed = None
        if (
            parsed is None
            or parsed.scheme not in ("http", "https")
            or not parsed.netloc
            or (" " in value)
        ):
            self.error(node, f"source '{value}' is not an http(s) URL")
            return None
        return value


def kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "text"


@dataclass
class _Seen:
    """Where each id was first defined, to report duplicates across files."""

    ids: dict[str, str] = field(default_factory=dict)

    def claim(self, kind: str, value: str, where: str) -> str | None:
        key = f"{kind}:{value}"
        first = self.ids.get(key)
        if first is None:
            self.ids[key] = where
        return first


def _read_file(
    path: Path, display: str, report: Report, seen: _Seen
) -> tuple[Topic | None, list[tuple]]:
    """Read one topic file. Returns the topic and (question, node, reader) for link checks."""
    reader = FileReader(display, report)
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        report.problems.append(f"{display}:1: not UTF-8 text ({exc.reason})")
        return None, []
    except OSError as exc:
        report.problems.append(f"{display}:1: cannot read file ({exc.strerror})")
        return None, []
    root = compose(raw, display, report)
    if root is None:
        return None, []
    top = reader.mapping(root, TOPIC_KEYS, "the topic")
    if top is None:
        return None, []
    topic_id = reader.ident(top.get("id"), "topic id")
    if topic_id and (first := seen.claim("topic", topic_id, display)):
        reader.error(top["id"], f"topic id '{topic_id}' is already used in {first}")
    title = reader.text(top.get("title"), "title")
    aliases = reader.text_list(top.get("aliases"), "aliases", 0)
    summary = reader.text(top.get("summary"), "summary")

    facts = _read_facts(reader, top.get("facts"), topic_id or "", seen)
    facts_node = top.get("facts")
    if isinstance(facts_node, yaml.SequenceNode) and not facts_node.value:
        reader.error(facts_node, "a topic needs at least 1 fact")
    links: list[tuple] = []
    questions = _read_quiz(reader, top.get("quiz"), topic_id or "", seen, links)
    if not (topic_id and title and summary):
        return None, links
    topic = Topic(topic_id, title, aliases, summary, tuple(facts), tuple(questions), display)
    return topic, links


def compose(raw: str, display: str, report: Report) -> yaml.Node | None:
    """The YAML node tree of a file's text, or None with the problem reported."""
    try:
        root = yaml.compose(raw, Loader=YAML_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        report.problems.append(f"{display}:{line}: YAML syntax error: {problem}")
        return None
    except yaml.YAMLError as exc:
        report.problems.append(f"{display}:1: YAML error: {exc}")
        return None
    if root is None:
        report.problems.append(f"{display}:1: file is empty")
    return root


def items_of(reader: FileReader, node: yaml.Node | None, what: str) -> list[yaml.Node]:
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        reader.error(node, f"{what} must be a list, not a {kind_of(node)}")
        return []
    return list(node.value)


def _read_facts(reader: FileReader, node: yaml.Node | None, topic: str, seen: _Seen) -> list[Fact]:
    facts: list[Fact] = []
    for item in items_of(reader, node, "facts"):
        fields = reader.mapping(item, FACT_KEYS, "a fact")
        if fields is None:
            continue
        fact_id = reader.ident(fields.get("id"), "fact id")
        if fact_id and (first := seen.claim("fact", fact_id, f"{reader.path}")):
            reader.error(fields["id"], f"fact id '{fact_id}' is already used in {first}")
            fact_id = None
        text = reader.text(fields.get("text"), "fact text")
        asks = reader.text_list(fields.get("asks"), "asks", MIN_ASKS)
        keywords = reader.text_list(fields.get("keywords"), "keywords", 1)
        source = reader.source(fields.get("source"))
        as_of = reader.day(fields.get("as_of"), "as_of")
        if fact_id and text and source:
            line = item.start_mark.line + 1
            facts.append(Fact(fact_id, topic, text, asks, keywords, source, as_of, line))
    return facts


def _read_quiz(
    reader: FileReader, node: yaml.Node | None, topic: str, seen: _Seen, links: list[tuple]
) -> list[Question]:
    questions: list[Question] = []
    for item in items_of(reader, node, "quiz"):
        fields = reader.mapping(item, QUIZ_KEYS, "a quiz question")
        if fields is None:
            continue
        qid = reader.ident(fields.get("id"), "quiz id")
        if qid and (first := seen.claim("quiz", qid, reader.path)):
            reader.error(fields["id"], f"quiz id '{qid}' is already used in {first}")
            qid = None
        text = reader.text(fields.get("question"), "question")
        where = f"{reader.path}:{item.start_mark.line + 1} ({qid})"
        if text and (same := seen.claim("question", normalize(text), where)):
            reader.error(fields["question"], f"the same question is already asked in {same}")
        answers = reader.text_list(fields.get("answers"), "answers", 1)
        wrong = reader.text_list(fields.get("wrong"), "wrong", MIN_WRONG)
        check_choices(reader, fields.get("answers"), fields.get("wrong"))
        difficulty = difficulty_of(reader, fields.get("difficulty"))
        fact = reader.ident(fields.get("fact"), "fact")
        hint = reader.text(fields.get("hint"), "hint", optional=True)
        if qid and text and answers and difficulty and fact:
            line = item.start_mark.line + 1
            question = Question(qid, topic, text, answers, wrong, difficulty, fact, hint, line)
            questions.append(question)
            links.append((question, fields["fact"], reader))
    return questions


def check_choices(reader: FileReader, answers: yaml.Node | None, wrong: yaml.Node | None) -> None:
    """What every quiz question's answers and wrong choices must satisfy: short enough for
    a button, an answer with letters or digits, no right answer among the wrong ones, no
    wrong choice twice."""
    for key, node in (("answers", answers), ("wrong", wrong)):
        for item in node.value if isinstance(node, yaml.SequenceNode) else ():
            if isinstance(item, yaml.ScalarNode) and len(item.value) > MAX_ANSWER:
                reader.error(
                    item,
                    f"an item of {key} is {len(item.value)} characters long; "
                    f"keep answers and choices to {MAX_ANSWER} (a button label)",
                )
    right = {
        normalize(a.value)
        for a in (answers.value if isinstance(answers, yaml.SequenceNode) else ())
        if isinstance(a, yaml.ScalarNode)
    }
    if "" in right:
        reader.error(answers, "an answer has no letters or digits")
    spelled: set[str] = set()
    for choice in wrong.value if isinstance(wrong, yaml.SequenceNode) else ():
        if not isinstance(choice, yaml.ScalarNode):
            continue
        if normalize(choice.value) in right:
            reader.error(choice, f"'{choice.value}' is a correct answer but is listed as wrong")
        elif normalize(choice.value) in spelled:
            reader.error(choice, f"wrong choice '{choice.value}' is listed twice")
        spelled.add(normalize(choice.value))


def difficulty_of(reader: FileReader, node: yaml.Node | None) -> Difficulty | None:
    value = reader.text(node, "difficulty")
    if value is None:
        return None
    try:
        return Difficulty(value.lower())
    except ValueError:
        choices = ", ".join(d.value for d in Difficulty)
        reader.error(node, f"difficulty '{value}' must be one of {choices}")
        return None


def fact_files(paths: Iterable[Path]) -> list[Path]:
    """Every `.yaml`/`.yml` file named or inside a named folder, sorted."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml")))
        else:
            files.append(path)
    return files


def load(paths: Iterable[Path] | Path) -> KnowledgeBase:
    """Load every fact file under `paths`; raise FactsError listing every problem."""
    if isinstance(paths, Path):
        paths = [paths]
    report = Report()
    seen = _Seen()
    topics: list[Topic] = []
    links: list[tuple] = []
    for path in paths:
        if not path.exists():
            report.problems.append(f"{path}:1: no such file or folder")
    files = fact_files(p for p in paths if p.exists())
    if not files and not report.problems:
        report.problems.append(f"{', '.join(map(str, paths))}:1: no .yaml fact files found")
    for path in files:
        topic, file_links = _read_file(path, str(path), report, seen)
        links.extend(file_links)
        if topic is not None:
            topics.append(topic)
    fact_ids = {key.split(":", 1)[1] for key in seen.ids if key.startswith("fact:")}
    for question, node, reader in links:
        if question.fact not in fact_ids:
            reader.error(node, f"quiz question '{question.id}' points at unknown fact "
                         f"'{question.fact}'")  # fmt: skip
    if report.problems:
        raise FactsError(sorted(report.problems, key=_problem_order))
    return KnowledgeBase.from_topics(topics)


def _problem_order(problem: str) -> tuple[str, int]:
    path, _, rest = problem.partition(":")
    line = rest.split(":", 1)[0]
    return path, int(line) if line.isdigit() else 0
