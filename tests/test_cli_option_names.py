"""A refusal names the option as the person typed it (attacker review F6).

A service refuses a field by its own name (``note``, ``activity_min``); on the command
line the person typed ``--note`` or ``--activity-min``, and an argument is the word of
the usage line (``KIND``, ``TOOL``). A fixed choice is refused in the same words as
every other value, never in Click's ("Invalid value for '{a|b}': …").

Generated over every option of every command (the clinic server's and ``serve`` aside:
they need PostgreSQL or start a server): two bad values each, in this process, on a
copy of one database. A value the command accepts is fine; a refusal is one line, exit
2, nothing written, and names no parameter of its command bare.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from backrub.cli import cli
from backrub.cli.click_words import typed_name
from tests.cli_template import dump, invoke

SKIPPED = {"serve", "clinic"}
# What a command needs before the option tried is read ({OUT}: a file in a scratch folder).
BASE: dict[str, tuple[str, ...]] = {
    "checkin": ("--pain", "3"),
    "session log pro": ("--technique", "sports", "--minutes", "60"),
    "session log self": ("foam_roller", "--zones", "glutes_left:60"),
    "session run": ("foam_roller", "--no-timer"),
    "episode add": ("--onset", "2026-02-01", "--leg-pain"),
    "edit checkin": ("1",),
    "edit pro": ("1",),
    "edit self": ("1",),
    "edit response": ("1",),
    "edit mark": ("1",),
    "screen clear": ("--by", "Dr Lan", "--lifts", "all"),
    "plan new": ("--protocol", "cherkin-10-weekly", "--days", "mon"),
    "plan ics": ("--out", "{OUT}.ics"),
    "score": ("nrs", "--answers", "3"),
    "survey": ("nrs", "--answers", "3"),
    "report": ("--out", "{OUT}.html"),
    "export": ("--format", "json", "--out", "{OUT}"),
    "import": ("{OUT}.json",),
    "profile add": ("zoe",),
    "trial change": ("medicine",),
}
BAD = ("zz", "-5")


def _commands(
    group: click.Group, path: tuple[str, ...] = ()
) -> Iterator[tuple[str, click.Command]]:
    for name, command in group.commands.items():
        if name in SKIPPED:
            continue
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield " ".join((*path, name)), command


def _value_options(command: click.Command) -> Iterator[str]:
    for param in command.params:
        if isinstance(param, click.Option) and not param.is_flag and param.name != "help":
            yield next(opt for opt in param.opts if opt.startswith("--"))


def _argv(path: str, option: str, value: str) -> list[str]:
    base = list(BASE.get(path, ()))
    if option in base:  # the value tried replaces the base one
        at = base.index(option)
        del base[at : at + 2]
    return [*path.split(), *base, option, value]


CASES = [
    pytest.param(path, option, value, id=f"{path} {option} {value}")
    for path, command in _commands(cli)
    for option in _value_options(command)
    for value in BAD
]
CHOICES = [
    pytest.param(path, param, id=f"{path} {param.human_readable_name}")
    for path, command in _commands(cli)
    for param in command.params
    if isinstance(param.type, click.Choice)
]


def _command(path: str) -> click.Command:
    found: click.Command = cli
    for name in path.split():
        assert isinstance(found, click.Group)
        found = found.commands[name]
    return found


def _invoke(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    code, _out, err = invoke(capsys, *argv)
    return code, err


@pytest.mark.parametrize(("path", "option", "value"), CASES)
def test_a_refused_value_names_the_option_as_typed_in_one_line_and_writes_nothing(
    cli_copy: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    path: str,
    option: str,
    value: str,
) -> None:
    db, work = cli_copy
    before = dump(db)
    argv = [a.replace("{OUT}", str(work / "out")) for a in _argv(path, option, value)]
    code, err = _invoke(capsys, argv)
    if code == 0:
        return  # a value this option accepts ("zz" is a fine note)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Invalid value" not in lines[0], lines[0]  # Click's own words
    named = re.match(r"error: ([\w-]+): ", lines[0])
    if named is not None:
        assert typed_name(_command(path), named.group(1)) is None, lines[0]
    assert dump(db) == before
    assert list(work.iterdir()) == []


@pytest.mark.parametrize(("path", "param"), CHOICES)
@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "is not allowed; choose one of:"), ("vi", "không được chấp nhận; hãy chọn một trong:")],
)
def test_a_fixed_choice_is_refused_in_the_persons_words(
    cli_copy: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    path: str,
    param: click.Parameter,
    language: str,
    words: str,
) -> None:
    db, _work = cli_copy
    before = dump(db)
    assert isinstance(param.type, click.Choice)
    if isinstance(param, click.Option):
        name = next(opt for opt in param.opts if opt.startswith("--"))
        argv = ["--lang", language, *_argv(path, name, "bogus")]
    else:
        name = param.human_readable_name
        argv = ["--lang", language, *path.split(), "bogus"]
    code, err = _invoke(capsys, argv)
    choices = ", ".join(str(choice) for choice in param.type.choices)
    lead = "error" if language == "en" else "lỗi"
    assert code == 2
    assert err == f"{lead}: {name}: 'bogus' {words} {choices}\n"
    assert dump(db) == before


def test_trial_change_names_its_kind_as_the_usage_line_does(
    cli_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _invoke(capsys, ["trial", "change", "haircut"])
    assert code == 2
    assert err == "error: KIND: 'haircut' is not allowed; choose one of: medicine, treatment\n"
    code, err = _invoke(capsys, ["history", "--since", "yesterday"])
    assert code == 2 and err.startswith("error: --since: 'yesterday' is not allowed;")


@pytest.mark.parametrize(
    ("language", "line"),
    [
        (
            "en",
            "error: No such option '--nope'. Did you mean '--note'? See 'backrub checkin --help'.",
        ),
        (
            "vi",
            "lỗi: Không có tùy chọn '--nope'. Có phải bạn muốn nói '--note'? "
            "Xem 'backrub checkin --help'.",
        ),
    ],
)
def test_a_mistyped_option_is_refused_in_sentences_ending_with_where_the_help_is(
    cli_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str], language: str, line: str
) -> None:
    code, err = _invoke(capsys, ["--lang", language, "checkin", "--pain", "3", "--nope", "x"])
    assert code == 2
    assert err == line + "\n"
    code, err = _invoke(capsys, ["history", "extra"])
    assert err == "error: Got unexpected extra argument (extra). See 'backrub history --help'.\n"


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("en", "error: KIND: missing; choose one of: medicine, treatment"),
        ("vi", "lỗi: KIND: còn thiếu; hãy chọn một trong: medicine, treatment"),
    ],
)
def test_a_missing_choice_is_worded_as_a_wrong_one_is(
    cli_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str], language: str, line: str
) -> None:
    code, err = _invoke(capsys, ["--lang", language, "trial", "change"])
    assert code == 2
    assert err == line + "\n"
    code, err = _invoke(capsys, ["score"])
    assert err == "error: INSTRUMENT: missing; see 'backrub score --help'\n"


def test_a_choice_of_lower_case_words_takes_any_case(
    cli_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    kind = _command("trial change").params[0]
    assert isinstance(kind.type, click.Choice)
    assert kind.type.convert("MEDICINE", kind, None) == "medicine"
    assert kind.type.convert("Treatment", kind, None) == "treatment"
    code, err = _invoke(capsys, ["trial", "change", "MEDICINE"])
    assert code == 2 and "KIND" not in err  # past the choice: there is no trial to change


@pytest.mark.parametrize("verb", ["edit", "delete"])
def test_a_record_id_is_named_as_the_usage_line_shows_it(
    cli_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str], verb: str
) -> None:
    code, err = _invoke(
        capsys, [verb, "checkin", "abc", "--yes" if verb == "delete" else "--pain=2"]
    )
    assert code == 2
    assert err == (
        "error: ID: 'abc' is not allowed; use the number that history shows for the record\n"
    )
    code, err = _invoke(
        capsys, [verb, "checkin", "99", "--yes" if verb == "delete" else "--pain=2"]
    )
    assert err == "error: ID: there is no check-in 99 in this profile\n"
