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


class UnknownTopic(YutuError):
    """No topic has the name a person typed; `shown` is that name as the front end
    displays user text (escaped or quoted)."""

    def __init__(self, shown: str, closest: list[str] = ()) -> None:  # type: ignore[assignment]
        hint = f" Did you mean {' or '.join(closest)}?" if closest else ""
        super().__init__(f"I have no topic called {shown}.{hint} Try /topics for the list.")


# Quiz actions that are not possible right now (raised by bot.quiz.engine).


class GameError(YutuError):
    """A quiz action that is not possible now; the message is meant for the player."""

    message = "That is not possible right now."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)


class NotStarted(GameError):
    message = "The game has not started yet."


class AlreadyStarted(GameError):
    message = "The game is already running."


class GameOverError(GameError):
    message = "The game is over."


class NotAsking(GameError):
    message = "No question is open right now."


class TimeUp(NotAsking):
    message = "Time is up for this question."


class OutOfAttempts(GameError):
    message = "You have no tries left for this question."


class AlreadyPicked(GameError):
    message = "You already picked an answer for this question."


class NoChoices(GameError):
    message = "This question has no choices to pick from."


class BadChoice(GameError):
    message = "There is no such choice."


class ChoiceRemoved(GameError):
    message = "That choice was removed by the hint."


class NoMoreHints(GameError):
    message = "There are no more hints for this question."
