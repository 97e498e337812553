"""Yutu: a trivia and question-answering bot about the far side of the Moon."""

__version__ = "0.1.0"
