"""Persistence for Yutu: every SQL statement of the project lives in this package."""

from bot.storage.database import Storage
from bot.storage.models import GameRecord, GuildSettings, LeaderRow, PlayerStats, Report

__all__ = ["GameRecord", "GuildSettings", "LeaderRow", "PlayerStats", "Report", "Storage"]
