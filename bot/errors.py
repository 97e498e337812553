"""Domain errors. Front ends turn each into one clear line for the person."""

from __future__ import annotations


class YutuError(Exception):
    """Base class: the message is meant for the person, not a traceback."""


class ConfigError(YutuError):
    """A setting has a value Yutu cannot use."""


class FactsError(YutuError):
    """The fact files are invalid; `problems` lists every `file:line: message`."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the fact files")


class StorageError(YutuError):
    """The database cannot be opened or used."""
