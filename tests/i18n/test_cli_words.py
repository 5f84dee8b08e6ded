"""The ``backrub`` command speaks the person's language (issue 12).

In the pseudo-locale every word the command says itself (help of every command
and option, Click's own words, output lines, prompts, errors and refusals) comes
out wrapped and accented, so English left outside the brackets was never
translated. In Vietnamese a few outputs show the Vietnamese words and the
decimal comma; English stays as it was (tests/test_cli.py and the other CLI tests).

The command runs in this process (``backrub.cli.main``), as ``python -m backrub``
would run it, with BACKRUB_LANG set in the environment.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest

from backrub import i18n
from backrub.cli import cli, main
from backrub.cli.click_words import CLICK_WORDS, Command, click_counted
from backrub.i18n.pseudo import OPEN
from tests.i18n.english import english_in_text

Run = Callable[..., tuple[int, str, str]]

# What a person types, not sentences: option names (--pain, -h), metavars
# (ZONE:SECONDS, TOOL), the command lines the output suggests (backrub plan new
# ...) and the usage line's path.
_OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")
_METAVAR = re.compile(r"\b[A-Z][A-Z_]*\b")
_COMMAND_LINE = re.compile(r"\bbackrub(?: [a-z][\w-]*)*")


def typed_words_left_out(text: str) -> str:
    """Return ``text`` without option names, metavars and command lines (never translated)."""
    for typed in (_OPTION, _METAVAR, _COMMAND_LINE):
        text = typed.sub(" ", text)
    return text


def english_said(text: str) -> list[str]:
    return english_in_text(typed_words_left_out(text))


@pytest.fixture
def say(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Run]:
    """Return ``run(lang, *args)``: the command's exit status, stdout and stderr in ``lang``."""
    monkeypatch.setenv("BACKRUB_PSEUDO_LOCALE", "1")

    def run(language: str, *args: str) -> tuple[int, str, str]:
        monkeypatch.setenv("BACKRUB_LANG", language)
        code: object = 0
        try:
            main(list(args))
        except SystemExit as stop:
            code = stop.code
        out, err = capsys.readouterr()
        return int(code) if isinstance(code, int) else 1, out, err

    yield run
    i18n.set_language(i18n.ENGLISH)  # main() set the language of this context


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name)


ALL_COMMANDS = list(_commands(cli))


def test_every_command_is_one_whose_help_is_translated() -> None:
    def walk(command: click.Command) -> Iterator[click.Command]:
        yield command
        if isinstance(command, click.Group):
            for sub in command.commands.values():
                yield from walk(sub)

    assert all(isinstance(command, Command) for command in walk(cli))
    assert len(ALL_COMMANDS) > 30


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda path: " ".join(path) or "backrub")
def test_the_help_of_every_command_has_no_english_in_the_pseudo_locale(
    say: Run, path: tuple[str, ...]
) -> None:
    code, out, err = say("qps", *path, "--help")
    assert code == 0, err
    assert OPEN in out
    assert english_said(out) == [], out


def test_the_checker_finds_english_help_when_the_language_is_english(say: Run) -> None:
    code, out, _err = say("en", "checkin", "--help")
    assert code == 0
    assert "Usage:" in out and "Options:" in out
    assert "Record how your back is doing now." in out
    assert english_said(out)  # the same check finds English where it is


def test_the_main_journey_has_no_english_in_the_pseudo_locale(say: Run) -> None:
    said = [
        say("qps", "profile", "add", "Lan"),
        say("qps", "profile", "list"),
        say("qps", "checkin", "--pain", "4", "--sleep", "6", "--note", "slept badly"),
        say("qps", "today"),
        say("qps", "history"),
        say("qps", "screen", "--list"),
        say("qps", "plan", "protocols"),
    ]
    for code, out, err in said:
        assert code == 0, err
        assert english_said(out + err) == [], out + err
    assert all(OPEN in out for _code, out, _err in said[2:])


@pytest.mark.parametrize(
    "args",
    [
        ("checkin", "--pain", "4", "--note", "x", "--bogus"),  # Click's own error
        ("export", "--format", "xml", "--out", "x.xml"),  # a bad value
        ("report", "--out", "report.txt"),
        ("plan", "show"),  # a refusal with its way out
        ("delete", "checkin", "1"),  # no --yes in a script
        ("--profile", "nobody", "history"),
        ("session", "log", "self"),  # a required value missing in a script
        ("profile", "use", "nobody"),
    ],
    ids=lambda args: " ".join(args),
)
def test_errors_and_refusals_have_no_english_in_the_pseudo_locale(
    say: Run, args: tuple[str, ...]
) -> None:
    assert say("qps", "checkin", "--pain", "4")[0] == 0
    code, out, err = say("qps", *args)
    assert code == 2, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(OPEN)
    assert english_said(err) == [], err


@pytest.mark.parametrize(
    "args",
    [
        ("screen", "--answer", "age_band=20_50", "--no-to-all"),
        ("plan", "show"),
        ("progress",),
    ],
    ids=lambda args: " ".join(args),
)
def test_what_the_command_frames_is_translated_around_other_parts_words(
    say: Run, args: tuple[str, ...]
) -> None:
    """Screening verdicts, plan reasons and progress sentences are worded by the domain
    (other parts of issue 12, checked by the lead's sweep); every line the command
    frames (headings, labels, the lines around those words) is in the pseudo-locale."""
    assert say("qps", "screen", "--no-to-all")[0] == 0
    assert say("qps", "plan", "new", "--protocol", "cherkin-10-weekly", "--days", "mon,thu")[0] == 0
    code, out, err = say("qps", *args)
    assert code == 0, err
    framed = [line for line in out.splitlines() if OPEN in line]
    assert framed
    assert english_said("\n".join(framed)) == [], out


def test_vietnamese_help_output_and_errors(say: Run) -> None:
    code, out, _err = say("vi", "checkin", "--help")
    assert code == 0
    assert "Cách dùng:" in out and "Tùy chọn:" in out
    assert "Ghi lại tình trạng lưng của bạn lúc này." in out
    assert "Hiện hướng dẫn này rồi thoát." in out  # Click's --help, in Vietnamese
    code, out, _err = say("vi", "checkin", "--pain", "4", "--sleep", "6")
    assert code == 0
    assert out.startswith("Đã lưu: mức đau 4/10 lúc 2 thg 3, 2026 10:30.")
    code, out, _err = say("vi", "history")
    assert "1 lần ghi nhận hằng ngày, 0 buổi xoa bóp do chuyên viên" in out
    code, _out, err = say("vi", "plan", "show")
    assert code == 2
    assert err.startswith("lỗi: plan: chưa có kế hoạch") and "Hãy chạy 'backrub plan new'." in err
    code, _out, err = say("vi", "checkin", "--bogus")
    assert err == "lỗi: Không có tùy chọn '--bogus'. Xem 'backrub checkin --help'.\n"


def test_vietnamese_numbers_have_a_decimal_comma_and_json_stays_neutral(say: Run) -> None:
    code, out, _err = say("vi", "score", "peg", "--answers", "3,4,4")
    assert code == 0
    assert out.splitlines()[0].endswith(": 3,67")
    code, out, _err = say("vi", "score", "peg", "--answers", "3,4,4", "--json")
    assert '"score": 3.67' in out or '"score": 3.6666' in out


def test_english_words_are_unchanged(say: Run) -> None:
    code, out, _err = say("en", "checkin", "--pain", "4")
    assert code == 0
    assert out.startswith("Saved: pain 4/10 at 2026-03-02 10:30.")
    code, _out, err = say("en", "plan", "show")
    assert err.startswith("error: plan: no plan yet; make one first. Run 'backrub plan new'.")


def test_click_words_are_in_the_vietnamese_catalogue() -> None:
    with i18n.use_language(i18n.VIETNAMESE):
        lacking = [word for word in CLICK_WORDS if i18n._(word) == word]
        lacking += [word for word in click_counted(2) if word.isascii()]
    assert lacking == []
