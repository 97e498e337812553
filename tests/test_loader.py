"""The fact loader on good and deliberately broken files."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import FactsError
from bot.knowledge.curation import warnings
from bot.knowledge.loader import load
from bot.terminal.render import fact_text

GOOD = """\
id: demo
title: Demo topic
aliases: [Demo, DM-1]
summary: A topic for tests.
facts:
  - id: demo-launch
    text: Demo-1 was launched in 2018.
    asks: [when did demo launch, demo launch year, dmeo launch]
    keywords: [launch]
    source: https://example.org/demo
quiz:
  - id: demo-launch-q
    question: In what year did Demo-1 launch?
    answers: ["2018"]
    wrong: ["2017", "2019", "2020"]
    difficulty: easy
    fact: demo-launch
"""


def write(tmp_path: Path, text: str, name: str = "demo.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path, text)
    with pytest.raises(FactsError) as info:
        load(path)
    return info.value.problems


def test_good_file_loads(tmp_path: Path) -> None:
    kb = load(write(tmp_path, GOOD))
    fact = kb.facts["demo-launch"]
    assert fact.topic == "demo"
    assert fact.source == "https://example.org/demo"
    question = kb.questions["demo-launch-q"]
    assert question.answer == "2018"
    assert question.wrong == ("2017", "2019", "2020")
    assert kb.topic("demo").aliases == ("Demo", "DM-1")


@pytest.mark.parametrize(
    "written", ["3.10", "0755", "1:30", "On", "no", "2019-01-03", "1e3", "0x1F", "~x", ".5"]
)
def test_answers_stay_as_written(tmp_path: Path, written: str) -> None:
    text = GOOD.replace('answers: ["2018"]', f"answers: [{written}]")
    kb = load(write(tmp_path, text))
    assert kb.questions["demo-launch-q"].answers == (written,)


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    found = problems(tmp_path, GOOD.replace("title: Demo topic", "title: [unclosed"))
    assert len(found) == 1
    assert found[0].startswith(f"{tmp_path / 'demo.yaml'}:")
    assert "YAML syntax error" in found[0]


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (("title: Demo topic", "title: Demo topic\ncolour: red"), 3, "unknown key 'colour'"),
        (("    source: https://example.org/demo\n", ""), 6, "missing required key 'source'"),
        (("source: https://example.org/demo", "source: ftp://example.org/x"), 10, "not an http"),
        (("source: https://example.org/demo", "source: see wikipedia"), 10, "not an http"),
        (("source: https://example.org/demo", "source: https://[broken/demo"), 10, "not an http"),
        (('answers: ["2018"]', "answers: []"), 14, "answers needs at least 1"),
        (('answers: ["2018"]', 'answers: [""]'), 14, "is empty"),
        (
            ('wrong: ["2017", "2019", "2020"]', 'wrong: ["2017", "2018", "2020"]'),
            15,
            "'2018' is a correct answer",
        ),
        (("fact: demo-launch", "fact: demo-landing"), 17, "unknown fact 'demo-landing'"),
        (("difficulty: easy", "difficulty: extreme"), 16, "difficulty 'extreme'"),
        (("keywords: [launch]", "keywords: launch"), 9, "keywords must be a list"),
        (("text: Demo-1 was launched in 2018.", "text: [a, b]"), 7, "fact text must be text"),
        (("  - id: demo-launch\n", "  - id: Demo Launch\n"), 6, "lowercase letters"),
        (('wrong: ["2017", "2019", "2020"]', 'wrong: ["2017"]'), 15, "at least 3"),
        (('answers: ["2018"]', f'answers: ["{"x" * 76}"]'), 14, "keep answers and choices to 75"),
        (
            ('wrong: ["2017", "2019", "2020"]', 'wrong: ["2017", "2019", "2O17", "2017"]'),
            15,
            "wrong choice '2017' is listed twice",
        ),
        (
            (
                "question: In what year did Demo-1 launch?",
                "question: In what year did Demo-1 launch?\n"
                "    answers: [x]\n"
                "    wrong: [a, b, c]\n"
                "    difficulty: easy\n"
                "    fact: demo-launch\n"
                "  - id: demo-again-q\n"
                "    question: In what year did demo 1 launch",
            ),
            19,
            "the same question is already asked in",
        ),
        (("title: Demo topic", "title: Demo topic\ntitle: Again"), 3, "duplicate key 'title'"),
    ],
)
def test_each_error_names_file_and_line(
    tmp_path: Path, change: tuple[str, str], line: int, message: str
) -> None:
    old, new = change
    assert old in GOOD
    found = problems(tmp_path, GOOD.replace(old, new, 1))
    expected = f"{tmp_path / 'demo.yaml'}:{line}:"
    assert any(p.startswith(expected) and message in p for p in found), found


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    broken = (
        GOOD.replace("source: https://example.org/demo", "source: nowhere")
        .replace("difficulty: easy", "difficulty: impossible")
        .replace("summary: A topic for tests.\n", "")
    )
    found = problems(tmp_path, broken)
    assert len(found) == 3, found


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD.replace("id: demo\n", "id: demo-two\n"), "b.yaml")
    with pytest.raises(FactsError) as info:
        load(tmp_path)
    found = info.value.problems
    assert any(p.startswith(f"{tmp_path / 'b.yaml'}:6:") and "fact id 'demo-launch' is "
               f"already used in {tmp_path / 'a.yaml'}" in p for p in found), found  # fmt: skip
    assert any("quiz id 'demo-launch-q' is already used" in p for p in found)


def test_quiz_may_point_at_a_fact_in_another_file(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yaml")
    other = """\
    id: other
    title: Other
    aliases: []
    summary: Another topic.
    facts:
      - id: other-fact
        text: Another fact.
        asks: [one, two, three]
        keywords: [other]
        source: https://example.org/other
    quiz:
      - id: other-q
        question: Launch year of Demo-1?
        answers: ["2018"]
        wrong: ["1", "2", "3"]
        difficulty: hard
        fact: demo-launch
    """
    write(tmp_path, other, "b.yaml")
    kb = load(tmp_path)
    assert kb.questions["other-q"].fact == "demo-launch"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "file is empty"),
        ("- just\n- a list\n", "must be a mapping"),
        ("x: 1\n", "unknown key"),
        ("id: t\ntitle: T\naliases: []\nsummary: s\nfacts: []\n", "at least 1 fact"),
    ],
)
def test_wrong_shapes(tmp_path: Path, content: str, message: str) -> None:
    assert any(message in p for p in problems(tmp_path, content))


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"id: \xff\xfe\n")
    with pytest.raises(FactsError) as info:
        load(path)
    assert info.value.problems[0].startswith(f"{path}:1: not UTF-8")


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(FactsError, match="problem"):
        load(tmp_path / "nope.yaml")
    with pytest.raises(FactsError) as info:
        load(tmp_path)
    assert "no .yaml fact files" in info.value.problems[0]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cut=st.integers(min_value=0, max_value=len(GOOD)),
    at=st.integers(min_value=0, max_value=len(GOOD)),
    junk=st.text(max_size=40),
)
def test_truncated_or_garbled_yaml_never_crashes(
    tmp_path: Path, cut: int, at: int, junk: str
) -> None:
    """Cut the good file short, with junk pasted somewhere before the cut."""
    at = min(at, cut)
    path = write(tmp_path, GOOD[:at] + junk + GOOD[at:cut])
    try:
        load(path)
    except FactsError as exc:
        assert exc.problems
        assert all(p.startswith(f"{path}:") for p in exc.problems)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_random_text_never_crashes(tmp_path: Path, text: str) -> None:
    path = tmp_path / "random.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FactsError) as info:
        load(path)
    assert all(p.startswith(f"{path}:") for p in info.value.problems)


DATED = GOOD.replace(
    "    source: https://example.org/demo\n",
    "    source: https://example.org/demo\n    as_of: 2024-03-01\n",
    1,
)


def test_a_dated_fact_keeps_its_date_and_says_as_of(tmp_path: Path) -> None:
    fact = load(write(tmp_path, DATED)).facts["demo-launch"]
    assert fact.as_of == date(2024, 3, 1)
    assert fact.dated == "as of 1 March 2024"
    assert "(as of 1 March 2024)" in fact_text(fact)
    assert load(write(tmp_path, GOOD)).facts["demo-launch"].dated is None


@pytest.mark.parametrize("value", ["2024-13-01", "March 2024", "2024-3-1", "[2024]"])
def test_a_bad_as_of_date_is_reported_with_its_line(tmp_path: Path, value: str) -> None:
    found = problems(tmp_path, DATED.replace("2024-03-01", value))
    assert any(":11: as_of" in p for p in found), found


def test_check_warns_about_stale_dates_giveaways_and_accepted_wrong_choices(
    tmp_path: Path,
) -> None:
    text = DATED.replace(
        "In what year did Demo-1 launch?", "In what year (2018) did Demo-1 launch?"
    )
    text = text.replace('wrong: ["2017", "2019", "2020"]', 'wrong: ["2017", "in 2018", "2020"]')
    kb = load(write(tmp_path, text))
    found = warnings(kb, date(2025, 6, 1))
    path = str(tmp_path / "demo.yaml")
    assert any(w.startswith(f"{path}:6: warning:") and "dated 2024-03-01" in w for w in found)
    assert any("gives its answer away" in w for w in found), found
    assert any("'in 2018' would be accepted" in w for w in found), found
    assert not warnings(load(write(tmp_path, GOOD)), date(2025, 6, 1))
    assert not any("dated" in w for w in warnings(kb, date(2024, 12, 1)))
