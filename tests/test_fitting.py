"""The fitted numbers Yutu ships are the ones its fitting tool makes from the data on main."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from bot.knowledge.answer import CHOICE

TOOLS = Path(__file__).resolve().parent.parent / "tools"


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_the_shipped_choice_is_what_fit_choice_makes() -> None:
    fit_choice = _tool("fit_choice")
    fitted = fit_choice.fitted(fit_choice.collect())
    assert fitted["veto"] == CHOICE["veto"]
    assert fitted["answer_at"] == CHOICE["answer_at"]
    assert fitted["bias"] == pytest.approx(CHOICE["bias"], abs=0.01)
    assert fitted["weights"].keys() == CHOICE["weights"].keys()
    for name, weight in fitted["weights"].items():
        assert weight == pytest.approx(CHOICE["weights"][name], abs=0.01), name
