"""Structured refusals: services decide and say why in plain words; each face words it.

No string in ``services/`` or ``domain/`` names a CLI flag or a ``backrub``
command (those words live in ``cli/``); the CLI words a refusal as one line
naming its flags (exit 2); the JSON API returns the refusal as data.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import backrub
from backrub.cli import cli
from backrub.errors import InvalidInput, NotFound, Refusal, Refused, SafetyStop
from tests.test_cli import _db, _one_clear_line

SRC = Path(backrub.__file__).parent
FLAG = re.compile(r"(?<![\w-])--[a-z]")
COMMAND = re.compile(r"\bbackrub (?:" + "|".join(sorted(cli.commands)) + r")\b")


def _docstrings(tree: ast.AST) -> set[int]:
    """Return the ids of docstrings (bare string statements): documentation may name commands."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }


def _cli_words(package: str) -> list[str]:
    found = []
    for path in sorted((SRC / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
                and (FLAG.search(node.value) or COMMAND.search(node.value))
            ):
                found.append(f"{path.relative_to(SRC)}:{node.lineno}: {node.value!r}")
    return found


@pytest.mark.parametrize("package", ["services", "domain"])
def test_no_service_or_domain_text_names_a_cli_flag_or_command(package: str) -> None:
    # A page would otherwise tell a person to type an option; the CLI adds its flags.
    assert _cli_words(package) == []


def test_the_check_itself_finds_a_flag_and_a_command() -> None:
    assert FLAG.search("add --override --reason TEXT")
    assert COMMAND.search("run 'backrub screen'")
    assert not COMMAND.search("backrub would not make this plan")
    assert not FLAG.search("2026-03-01 -- a range")


def test_every_error_is_a_refusal_with_a_stable_code() -> None:
    bad = InvalidInput("pain", "11", "use a whole number from 0 to 10")
    assert bad.refusal == Refusal(
        "invalid_input", str(bad), ("pain",), "use a whole number from 0 to 10"
    )
    assert SafetyStop("x", code="screening_needed").refusal.code == "screening_needed"
    assert NotFound("x").refusal.code == "not_found"
    refusal = Refusal(
        "self_massage_rule",
        "Too long.",
        ("seconds",),
        {"seconds_left_that_day": 60},
        override=True,
    )
    assert Refused(refusal=refusal).refusal.to_json() == {
        "code": "self_massage_rule",
        "message": "Too long.",
        "fields": ["seconds"],
        "allowed": {"seconds_left_that_day": 60},
        "possible_at": None,
        "override": True,
    }


NOW = {"BACKRUB_NOW": "2026-03-02T18:00:00+00:00"}


def test_the_cli_words_a_refusal_in_one_line_with_its_flags(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    run("screen", "--no-to-all", env=NOW)
    log = ("session", "log", "self", "foam_roller", "--at", "2026-03-02T10:00")
    assert run(*log, "--zones", "glutes_left:120,glutes_right:120", env=NOW).code == 0
    before = _db(home).read_bytes()
    over = run(*log, "--zones", "hamstrings_left:120", env=NOW)
    _one_clear_line(over, "session: ", "1 min that was left", "add --override --reason TEXT")
    blank = run(*log, "--zones", "hamstrings_left:120", "--override", env=NOW)
    _one_clear_line(blank, "--reason: missing; an override needs a reason")
    stray = run(*log, "--zones", "hamstrings_left:60", "--reason", "why not", env=NOW)
    _one_clear_line(stray, "--reason:", "a reason goes with --override")
    assert _db(home).read_bytes() == before
    assert (
        run(
            *log, "--zones", "hamstrings_left:120", "--override", "--reason", "physio", env=NOW
        ).code
        == 0
    )


def test_the_cli_names_the_command_past_a_safety_stop(run) -> None:  # type: ignore[no-untyped-def]
    _one_clear_line(run("session", "run", "hands", "--no-timer", env=NOW), "Run 'backrub screen'.")
