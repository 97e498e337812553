"""Warnings for the people who curate the facts: valid files that deserve a second look.

Unlike the loader's errors, a warning does not stop the bot: a dated fact that may have
gone stale, a quiz question whose text gives its answer away, a wrong choice that the
answer checker would accept as right.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.knowledge.missions import DESIGNATED
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.normalize import normalize
from bot.quiz.checker import is_accepted

STALE_AFTER = timedelta(days=365)


def _contains(text: str, answer: str) -> bool:
    """Whether normalized `answer` occurs in normalized `text` as whole words; a number
    that is part of a mission's name ("change 4") does not count."""
    for match in re.finditer(rf"(?<!\S){re.escape(answer)}(?!\S)", text):
        before = text[: match.start()].split()
        if not (answer.isdigit() and before and before[-1] in DESIGNATED):
            return True
    return False


def warnings(kb: KnowledgeBase, today: date) -> list[str]:
    """Every warning as `file:line: warning: message`, in file order."""
    paths = {t.id: t.path for t in kb.topics}
    found: list[tuple[str, int, str]] = []
    for fact in kb.facts.values():
        if fact.as_of is not None and today - fact.as_of > STALE_AFTER:
            found.append((paths[fact.topic], fact.line,
                          f"fact '{fact.id}' is dated {fact.as_of.isoformat()}, over a year "
                          "ago: check it still holds and update as_of"))  # fmt: skip
    for question in kb.questions.values():
        where = (paths[question.topic], question.line)
        text = normalize(question.question)
        for answer in question.answers:
            said = normalize(answer)
            if said and _contains(text, said):
                found.append((*where, f"quiz question '{question.id}' gives its answer away: "
                              f"the question contains '{answer}'"))  # fmt: skip
                break
        for choice in question.wrong:
            if is_accepted(choice, question.answers):
                found.append((*where, f"quiz question '{question.id}': the wrong choice "
                              f"'{choice}' would be accepted as a right answer"))  # fmt: skip
    found.sort(key=lambda item: (item[0], item[1]))
    return [f"{path}:{line}: warning: {message}" for path, line, message in found]
