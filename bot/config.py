"""Settings, read once from the environment and an optional `.env` file."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import ConfigError
from bot.limits import REVEAL_PAUSE

BUNDLED_FACTS = Path(__file__).resolve().parent / "facts"
DEFAULT_API_BASE = "https://discord.com/api/v10"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


@dataclass(frozen=True)
class Settings:
    token: str | None = None
    database: Path | str = Path("yutu.db")  # an SQLite file, or a postgresql:// URL
    facts_dir: Path = BUNDLED_FACTS
    log_level: str = "INFO"
    dev_guild_id: int | None = None
    api_base: str = DEFAULT_API_BASE
    gateway_url: str | None = None
    message_content: bool = True
    reveal_pause: float = REVEAL_PAUSE.default
    shards: tuple[int, ...] | None = None  # gateway shards this process serves; None = all
    shard_count: int | None = None  # shards over all processes; None = Discord's advice
    model: str | None = None  # YUTU_MODEL: the meaning model's folder, or "off"
    cache_dir: str | None = None  # YUTU_CACHE_DIR: where phrasing vectors are kept


def _flag(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(f"{name} must be true or false, not {value!r}")


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> Settings:
    """Build settings from `environ` (default: the process environment) over `.env`.

    Variables already set in the environment win over the file, as with most tools.
    """
    values: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        from dotenv import dotenv_values

        values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update(os.environ if environ is None else environ)

    def get(name: str) -> str | None:
        value = values.get(name, "").strip()
        return value or None

    guild = get("YUTU_DEV_GUILD_ID")
    if guild is not None and not (guild.isascii() and guild.isdecimal()):
        raise ConfigError(f"YUTU_DEV_GUILD_ID must be a server id (digits), not {guild!r}")
    level = (get("YUTU_LOG_LEVEL") or "INFO").upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"YUTU_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {level!r}")
    api_base = (get("DISCORD_API_BASE") or DEFAULT_API_BASE).rstrip("/")
    if not api_base.startswith(("http://", "https://")):
        raise ConfigError(f"DISCORD_API_BASE must be an http(s) URL, not {api_base!r}")
    pause = get("YUTU_REVEAL_PAUSE") or str(REVEAL_PAUSE.default)
    try:
        reveal_pause = float(pause)
    except ValueError:
        raise ConfigError(f"YUTU_REVEAL_PAUSE must be a number of seconds, not {pause!r}") from None
    if not REVEAL_PAUSE.low <= reveal_pause <= REVEAL_PAUSE.high:
        raise ConfigError(
            f"YUTU_REVEAL_PAUSE must be between {REVEAL_PAUSE.low:g} and "
            f"{REVEAL_PAUSE.high:g} seconds"
        )
    return Settings(
        token=get("DISCORD_TOKEN"),
        database=database_setting(get("YUTU_DATABASE")),
        facts_dir=Path(get("YUTU_FACTS_DIR") or BUNDLED_FACTS).expanduser(),
        log_level=level,
        dev_guild_id=int(guild) if guild else None,
        api_base=api_base,
        gateway_url=get("DISCORD_GATEWAY_URL"),
        message_content=_flag("YUTU_MESSAGE_CONTENT", get("YUTU_MESSAGE_CONTENT") or "true"),
        reveal_pause=reveal_pause,
        model=get("YUTU_MODEL"),
        cache_dir=get("YUTU_CACHE_DIR"),
        **shard_settings(get("YUTU_SHARDS"), get("YUTU_SHARD_COUNT")),
    )


# Where the database is, and which gateway shards this process serves.

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def database_setting(value: str | None) -> Path | str:
    """YUTU_DATABASE: a postgresql:// URL stays text; anything else is an SQLite file path."""
    if value and value.startswith(POSTGRES_SCHEMES):
        return value
    if value and (scheme := re.match(r"([A-Za-z][\w+.-]*)://", value)):
        scheme = scheme[1]
        raise ConfigError(
            f"YUTU_DATABASE must be a file path or a postgresql:// URL, not a {scheme}:// URL"
        )
    return Path(value or "yutu.db").expanduser()


def shard_settings(
    shards: str | None,
    count: str | None,
    *,
    shards_name: str = "YUTU_SHARDS",
    count_name: str = "YUTU_SHARD_COUNT",
) -> dict[str, Any]:
    """`shards` ("0-3", "5" or "0,2,4") and `count` as Settings fields, or ConfigError."""
    shard_count = None
    if count is not None:
        text = count.strip()
        if not (text.isascii() and text.isdecimal()) or int(text) < 1:
            raise ConfigError(f"{count_name} must be a whole number of shards (1 or more), "
                              f"not {count!r}")  # fmt: skip
        shard_count = int(text)
    if shards is None:
        return {"shards": None, "shard_count": shard_count}
    if shard_count is None:
        raise ConfigError(f"{shards_name} needs {count_name}: the number of shards over all "
                          "processes (for example --shards 0-3 --shard-count 8)")  # fmt: skip
    ids: set[int] = set()
    for part in shards.split(","):
        match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", part)
        if not match or (match[2] is not None and int(match[2]) < int(match[1])):
            raise ConfigError(f"{shards_name} must be shard numbers or ranges like 0-3 or "
                              f"0,2,4, not {shards!r}")  # fmt: skip
        first = int(match[1])
        ids.update(range(first, int(match[2] or first) + 1))
    if max(ids) >= shard_count:
        raise ConfigError(f"{shards_name} goes up to shard {max(ids)}, but with {count_name} "
                          f"{shard_count} shards are numbered 0 to {shard_count - 1}")  # fmt: skip
    return {"shards": tuple(sorted(ids)), "shard_count": shard_count}
