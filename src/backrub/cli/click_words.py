"""The help of every command, and Click's own words, in the person's language.

Click reads ``help=`` when the commands are defined, at import, before the
language of the run is known: so the help texts are marked with ``N_`` and the
command classes here translate them when the help is shown. Click words its
own parts ("Usage:", "Options", "No such option") with the standard library's
``gettext``; ``route_click_words`` points those calls at backrub's catalogues,
whose entries for them are listed in ``CLICK_WORDS`` and ``click_counted``.
"""

from __future__ import annotations

import copy
import importlib
import re
from typing import Any

import click
from click.formatting import HelpFormatter

from backrub import i18n
from backrub.errors import InvalidInput, NotFound
from backrub.i18n import N_, ngettext, raw_gettext, raw_ngettext

# Click names its placeholders {like_this}; the pseudo-locale must keep them whole.
_BRACES = re.compile(r"\{[^{}]*\}")
_CLICK_MODULES = (
    "core",
    "decorators",
    "exceptions",
    "formatting",
    "parser",
    "termui",
    "types",
    "utils",
)

_HELP = N_("Show this message and exit.")
# What Click says itself that a person can meet (help pages, usage errors, prompts).
CLICK_WORDS = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Positional arguments"),
    _HELP,
    N_("Show the version and exit."),
    N_("%(prog)s, version %(version)s"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_("Missing command."),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Option {name!r} does not take a value."),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Error: {message}"),
    N_("Error: invalid input"),
    N_("Error: The two entered values do not match."),
    N_("Repeat for confirmation"),
    N_("Aborted!"),
    N_("Try '{command} {option}' for help."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("Choose from:\n\t{choices}"),
)


def click_counted(num: int) -> list[str]:
    """Return Click's counted messages for ``num`` (they are listed here for the catalogue)."""
    return [
        ngettext(
            "Got unexpected extra argument ({args})",
            "Got unexpected extra arguments ({args})",
            num,
        ),
        ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", num),
        ngettext(
            "Option {name!r} requires an argument.",
            "Option {name!r} requires {nargs} arguments.",
            num,
        ),
        ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", num),
    ]


def _kept(message: str, translate: Any) -> str:
    """Translate ``message`` with its {placeholders} kept whole (the pseudo-locale accents text)."""
    if i18n.current() != i18n.PSEUDO or "{" not in message:
        return str(translate(message))
    kept = _BRACES.findall(message)
    marked = message
    for index, braces in enumerate(kept):
        marked = marked.replace(braces, f"%(k{index})s", 1)
    text = str(translate(marked))
    for index, braces in enumerate(kept):
        text = text.replace(f"%(k{index})s", braces, 1)
    return text


def click_gettext(message: str) -> str:
    return _kept(message, raw_gettext)


def _click_ngettext(singular: str, plural: str, num: int) -> str:
    if i18n.current() != i18n.PSEUDO:
        return raw_ngettext(singular, plural, num)
    return click_gettext(singular if num == 1 else plural)


def route_click_words() -> None:
    """Make Click say its own words through backrub's catalogues (English when untranslated)."""
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        names = vars(module)
        if "_" in names:
            names["_"] = click_gettext
        if "ngettext" in names:
            names["ngettext"] = _click_ngettext


def _translated_params(command: click.Command, ctx: click.Context) -> list[click.Parameter]:
    """Return the command's parameters, each with its help in the person's language."""
    shown = []
    help_option = command.get_help_option(ctx)
    for param in command.get_params(ctx):
        # Click words its --help option once, in the language of the first help shown.
        help_text = _HELP if param is help_option else getattr(param, "help", None)
        if help_text:
            param = copy.copy(param)
            param.help = i18n._(help_text)
        shown.append(param)
    return shown


def typed_name(command: click.Command, field: str) -> str | None:
    """Return the name of ``command``'s parameter that ``field`` names, as the person
    typed or read it: ``note`` → ``--note``, ``activity_min`` → ``--activity-min``, an
    argument by the word in its usage line (``name`` → ``NAME``).

    A service names the field it refuses by its own name; on the command line it is an
    option or an argument. A field that is already a flag, or names no parameter of
    this command, gives None.
    """
    if field.startswith("-"):
        return None
    wanted = field.replace("_", "-")
    for param in command.params:
        if isinstance(param, click.Argument) and wanted in (
            (param.name or "").replace("_", "-"),
            param.human_readable_name.lower().replace("_", "-"),  # ``id`` of ``record_id`` (ID)
        ):
            return param.human_readable_name
        longs = [opt for opt in param.opts if opt.startswith("--")]
        names = {opt.removeprefix("--") for opt in longs}
        if longs and (wanted in names or wanted == (param.name or "").replace("_", "-")):
            return longs[0]
    return None


class Choice(click.Choice):  # type: ignore[type-arg]
    """A fixed choice refused in the person's words, naming the option as typed.

    Click's own words ("Invalid value for '{a|b}': 'x' is not one of 'a', 'b'") quote
    its placeholders; this says ``--format: 'x' is not allowed; choose one of: a, b``
    (an argument is named by its metavar), the line every other refusal has.
    """

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        choices = [str(choice) for choice in self.choices]
        if isinstance(value, str) and value in choices:
            return value
        # Lower-case words take any case ("MEDICINE", "JSON"): nothing else could be meant.
        lower = all(choice == choice.lower() for choice in choices)
        if lower and isinstance(value, str) and value.lower() in choices:
            return value.lower()
        raise InvalidInput(shown_name(param), value, self.allowed())

    def allowed(self) -> str:
        """Return what is allowed, in the words of every other refusal."""
        choices = ", ".join(str(choice) for choice in self.choices)
        return i18n._("choose one of: %(choices)s", choices=choices)


def shown_name(param: click.Parameter | None) -> str:
    """Return how the usage line shows ``param``: ``--format``, or an argument's ``KIND``."""
    if param is None:
        return "value"
    if isinstance(param, click.Option):
        return next((o for o in param.opts if o.startswith("--")), param.opts[0])
    return param.human_readable_name


def missing_input(error: click.MissingParameter, help_line: str) -> InvalidInput | None:
    """Return Click's "Missing argument 'KIND'. Choose from: …" as backrub's own refusal.

    ``KIND: missing; choose one of: medicine, treatment``, as a wrong value is worded;
    a parameter without fixed choices says where its help is (``help_line``). None when
    Click does not say which parameter is missing.
    """
    if error.param is None:
        return None
    if isinstance(error.param.type, Choice):
        allowed = error.param.type.allowed()
    else:
        allowed = i18n._("see '%(help)s'", help=help_line)
    return InvalidInput(shown_name(error.param), None, allowed)


class Command(click.Command):
    """A command whose help (marked with ``N_``) is translated when it is shown, and
    whose refusals name its options as typed (see ``typed_name``)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InvalidInput as error:
            typed = typed_name(self, error.field)
            if typed is not None:
                error.field = typed  # only the command line words it (``refusals.words``)
            raise
        except NotFound as error:  # "id: there is no check-in 99 …" names ID as typed
            field, sep, rest = error.message.partition(": ")
            typed = typed_name(self, field) if sep else None
            if typed is not None:
                error.message = f"{typed}: {rest}"
            raise

    def get_short_help_str(self, limit: int = 45) -> str:
        shown = copy.copy(self)
        shown.short_help = i18n._(self.short_help) if self.short_help else None
        shown.help = i18n._(self.help) if self.help else None
        return click.Command.get_short_help_str(shown, limit)

    def format_help_text(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        if self.help:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(i18n._(self.help))

    def format_options(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        records = []
        for param in _translated_params(self, ctx):
            record = param.get_help_record(ctx)
            if record is not None and not isinstance(param, click.Argument):
                records.append(record)
        if records:
            with formatter.section(i18n._("Options")):
                formatter.write_dl(records)


class Group(Command, click.Group):
    """A group of commands whose help, and its commands' help, is translated when shown."""

    command_class = Command
    group_class = type  # subgroups are Groups too

    def format_options(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)
