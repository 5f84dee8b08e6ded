"""The ``backrub`` command: a thin skin over ``backrub.services``.

Every error a person can act on becomes one line on stderr and exit status 2;
anything else is a bug, shown as one line (and a traceback with --debug).
"""

from __future__ import annotations

import os
import sys
import traceback

import click

from backrub import i18n
from backrub.cli import (
    backup_cmds,
    clinic_cmds,
    correction_cmds,
    measure_cmds,
    plan_cmds,
    profile_cmds,
    record_cmds,
    refusals,
    safety_cmds,
    serve_cmds,
    today_cmds,
    trial_cmds,
)
from backrub.cli.app import cli
from backrub.cli.click_words import missing_input, route_click_words
from backrub.errors import BackrubError, InvalidInput, cut
from backrub.i18n import _

for _module in (
    record_cmds,
    correction_cmds,
    safety_cmds,
    plan_cmds,
    measure_cmds,
    profile_cmds,
    backup_cmds,
    serve_cmds,
    clinic_cmds,
    today_cmds,
    trial_cmds,
):
    for _command in _module.COMMANDS:
        cli.add_command(_command)

__all__ = ["cli", "main"]

route_click_words()


def undecodable(args: list[str]) -> InvalidInput | None:
    """Return the error for the first argument that is not valid UTF-8 text, if any.

    Python hands undecodable bytes over as lone surrogates; no field, file name
    or database could store them, so they are refused before anything runs.
    """
    for index, arg in enumerate(args):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            before = args[index - 1] if index else ""
            name = before if before.startswith("-") else _("argument %(num)d", num=index + 1)
            return InvalidInput(name, arg, _("use text in UTF-8 (these bytes are not)"))
    return None


def lang_first(args: list[str]) -> list[str]:
    """Move ``--lang X`` to the front, so it works after any command too
    (``backrub checkin --pain 3 --lang vi``); arguments after ``--`` are left alone.

    ``--lang`` given twice is refused (which one was meant?), and so is ``--lang``
    last, with no value.
    """
    found: list[tuple[int, int, str | None]] = []  # (start, length, value)
    index = 0
    while index < len(args) and args[index] != "--":
        arg = args[index]
        if arg.startswith("--lang="):
            found.append((index, 1, arg.removeprefix("--lang=")))
        elif arg == "--lang":
            value = args[index + 1] if index + 1 < len(args) else None
            found.append((index, 2 if value is not None else 1, value))
            index += 1
        index += 1
    if not found:
        return args
    if len(found) > 1:
        raise InvalidInput(
            "--lang", " ".join(str(v) for _i, _n, v in found), i18n._("give it once")
        )
    start, length, value = found[0]
    if value is None:
        raise InvalidInput("--lang", None, i18n._("give a language: en or vi"))
    return ["--lang", value, *args[:start], *args[start + length :]]


def _help_line(error: click.UsageError) -> str:
    """Return the command that shows the help of the command ``error`` is about."""
    where = error.ctx.command_path if error.ctx is not None else "backrub"
    return f"{where} --help"


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and turn errors into exit statuses."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    # Until the command chooses (--lang, BACKRUB_LANG, the profile), words are English,
    # or what BACKRUB_LANG names, so even a mistyped command is answered in it.
    i18n.set_language(i18n.parse_language(os.environ.get("BACKRUB_LANG", "")) or i18n.ENGLISH)
    try:
        args = lang_first(args)
        bad = undecodable(args)
        if bad is not None:
            raise bad
        try:
            status = cli.main(args=args, prog_name="backrub", standalone_mode=False)
        except click.MissingParameter as missing:  # worded as a wrong value is
            refused = missing_input(missing, _help_line(missing))
            if refused is None:
                raise
            raise refused from missing
    except BackrubError as error:
        if getattr(error, "urgent_help", False):
            # A refused questionnaire (an item left blank) still says where to get
            # help now when an answer calls for it (PHQ-9 item 9 above 0).
            from backrub.domain.mood import URGENT_SOURCES, urgent_help_words

            words = urgent_help_words(asks_about_self_harm=True)
            click.secho(f"{words} ({', '.join(URGENT_SOURCES)})", bold=True, err=True)
        click.echo(_("error: %(text)s", text=refusals.words(error)), err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo(_("stopped."), err=True)
        sys.exit(130)
    except click.UsageError as error:
        # One line like every other refusal (click would print the usage block too);
        # a mistyped option may hold a pasted megabyte, so the message is cut.
        text = cut(" ".join(error.format_message().split()), 200)
        if not text.endswith((".", "?", "!", "?)")):
            text += "."  # "Got unexpected extra argument (x)"
        click.echo(
            _("error: %(text)s See '%(help)s'.", text=text, help=_help_line(error)), err=True
        )
        sys.exit(2)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        click.echo(_("stopped."), err=True)
        sys.exit(130)
    except Exception as error:  # a bug: never a traceback unless asked for
        if debug:
            traceback.print_exc()
        click.echo(
            _(
                "backrub: unexpected error (%(error)s); run again with --debug for details",
                error=f"{type(error).__name__}: {error}",
            ),
            err=True,
        )
        sys.exit(1)
    sys.exit(status if isinstance(status, int) else 0)
