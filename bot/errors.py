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


class Spoiler(YutuError):
    """The fact asked for gives away the answer of a quiz question open right now."""

    def __init__(self) -> None:
        super().__init__(
            "That's the answer to a quiz question that is open right now: no spoilers! "
            "Ask again once it has been revealed."
        )


class SlowDown(YutuError):
    """A person is doing something too often; `retry_after` is in seconds."""

    def __init__(self, retry_after: float, what: str = "try again", first: bool = True) -> None:
        self.retry_after = retry_after
        self.first = first  # the first refusal of this wait (later ones may stay quiet)
        super().__init__(f"Slow down: you can {what} in {max(1, round(retry_after))} s.")


class NotPermitted(YutuError):
    """The person may not do this (for example stop someone else's game); `right` is what
    they would need: "moderator" or "admin" (front ends name their own permission)."""

    def __init__(self, message: str, right: str) -> None:
        self.right = right
        super().__init__(message)


def require_admin(admin: bool, what: str) -> None:
    """Raise NotPermitted unless the person administers the server (`what` they may do)."""
    if not admin:
        raise NotPermitted(f"Only a server admin can {what}.", "admin")


class NotHere(YutuError):
    """Quizzes are not allowed in this channel; `channels` are the allowed ones."""

    def __init__(self, channels: frozenset[int]) -> None:
        self.channels = channels
        allowed = ", ".join(f"<#{c}>" for c in sorted(channels))
        super().__init__(f"Quizzes run only in {allowed} on this server.")


class CannotPost(YutuError):
    def __init__(self) -> None:
        super().__init__(
            "I can't run a quiz here: I need to be able to send messages and embed links in "
            "this channel. Ask a server admin, or start the quiz in another channel."
        )


class ShuttingDown(YutuError):
    def __init__(self) -> None:
        super().__init__("I'm restarting: no new quizzes for a moment. Try again shortly.")


# Quiz games (raised by bot.quiz.session and bot.quiz.selection).


class GameRunning(YutuError):
    """A channel already has a game."""

    def __init__(self) -> None:
        super().__init__("A quiz is already running in this channel. Stop it first (/quiz stop).")


class NoGame(YutuError):
    def __init__(self) -> None:
        super().__init__("No quiz is running in this channel. Start one first.")


class QuestionOver(YutuError):
    def __init__(self) -> None:
        super().__init__("This question is over.")


class NotEnoughQuestions(YutuError):
    """No question matches what the game asked for."""


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
