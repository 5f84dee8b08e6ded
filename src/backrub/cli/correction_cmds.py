"""Correct mistakes: ``edit KIND ID`` and ``delete KIND ID``.

KIND is checkin, pro, self, response or mark, as ``history`` shows it beside
each record. An edit takes the same options as recording (only those that
change) and goes through the same rules; a delete asks on a terminal and needs
``--yes`` in a script.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from backrub.cli.app import Runtime, emit_json, is_interactive, pass_runtime
from backrub.cli.click_words import Group
from backrub.errors import InvalidInput
from backrub.i18n import N_, _, ngettext

_ID = click.argument("record_id", metavar="ID")
_JSON = click.option("--json", "as_json", is_flag=True, help=N_("Print the saved record as JSON."))
_AT = click.option(
    "--at", metavar="ISO", help=N_("The right date and time, e.g. 2026-03-01T08:30.")
)


def _saved(record: Any, as_json: bool, kind: str) -> None:
    from backrub import services
    from backrub.domain.records import Response
    from backrub.services.shapes import record_json, response_json

    if as_json:
        shaped = response_json(record) if isinstance(record, Response) else record_json(record)
        emit_json(shaped | {"kind": kind})
    else:
        click.echo(_("Saved: %(record)s.", record=services.describe(record)))


@click.group(
    cls=Group,
    help=N_(
        "Correct a record: give its kind and id (as history shows) and what "
        "changes.\n\nOnly the options you give change; an empty value ('') clears an "
        "optional one."
    ),
)
def edit() -> None:
    pass


@edit.command("checkin", help=N_("Correct check-in ID; its body-map marks move with its time."))
@_ID
@click.option("--pain", metavar="N", help=N_("Pain, 0-10."))
@click.option("--soreness", metavar="N", help=N_("Muscle soreness, 0-10."))
@click.option("--sleep", metavar="N", help=N_("Sleep quality, 0-10."))
@click.option("--activity-min", metavar="N", help=N_("Minutes of walking or exercise."))
@click.option("--medication", metavar="TEXT", help=N_("Pain medication taken ('' for none)."))
@_AT
@click.option("--note", metavar="TEXT")
@_JSON
@pass_runtime
def edit_checkin(runtime: Runtime, /, record_id: str, as_json: bool, **changes: Any) -> None:
    from backrub import services

    saved = services.edit_checkin(
        runtime.store, runtime.profile(), record_id, now=runtime.now(), **changes
    )
    _saved(saved, as_json, "checkin")


@edit.command("pro", help=N_("Correct professional session ID."))
@_ID
@click.option("--technique", metavar="NAME", help=N_("relaxation, structural, trigger_point, ..."))
@click.option("--minutes", metavar="N", help=N_("Length of the session in minutes."))
@_AT
@click.option("--cost", metavar="AMOUNT", help=N_("What it cost, e.g. 70.50 ('' for none)."))
@click.option("--currency", metavar="CODE", help=N_("Three-letter currency."))
@click.option("--therapist", metavar="NAME")
@click.option("--subjective", metavar="TEXT")
@click.option("--objective", metavar="TEXT")
@click.option("--assessment", metavar="TEXT")
@click.option("--plan", metavar="TEXT")
@_JSON
@pass_runtime
def edit_pro(runtime: Runtime, /, record_id: str, as_json: bool, **changes: Any) -> None:
    from backrub import services

    saved = services.edit_pro_session(
        runtime.store, runtime.profile(), record_id, now=runtime.now(), **changes
    )
    _saved(saved, as_json, "pro_session")


@edit.command(
    "self", help=N_("Correct self-massage ID; the governor's rules apply as when logging it.")
)
@_ID
@click.option("--tool", metavar="TOOL", help=N_("tennis_ball, foam_roller, massage_gun or hands."))
@click.option("--zones", metavar="LIST", help=N_("Zones worked, e.g. glutes_left:60,glutes_right."))
@click.option(
    "--seconds", metavar="N", help=N_("Seconds per zone (for every zone without its own).")
)
@click.option("--level", "gun_level", metavar="N", help=N_("Massage gun speed level, 1-20."))
@click.option("--pain-before", metavar="N")
@click.option("--pain-during", metavar="N")
@click.option("--pain-after", metavar="N")
@_AT
@click.option("--note", metavar="TEXT")
@click.option("--override", is_flag=True, help=N_("Keep the change even though a rule says no."))
@click.option("--reason", "override_reason", metavar="TEXT", help=N_("Why, with --override."))
@_JSON
@pass_runtime
def edit_self(runtime: Runtime, /, record_id: str, as_json: bool, **changes: Any) -> None:
    from backrub import services

    saved = services.edit_self_session(
        runtime.store, runtime.profile(), record_id, now=runtime.now(), **changes
    )
    _saved(saved, as_json, "self_session")


@edit.command(
    "response",
    help=N_("Correct questionnaire response ID (same questionnaire, same scoring rules)."),
)
@_ID
@click.option("--answers", metavar="ANSWERS", help=N_("All answers in item order; '-' = missing."))
@click.option(
    "--activities", metavar="ACTIVITIES", help=N_("PSFS: the activities, separated by ';'.")
)
@_AT
@_JSON
@pass_runtime
def edit_response(runtime: Runtime, /, record_id: str, as_json: bool, **changes: Any) -> None:
    from backrub import services

    saved = services.edit_response(
        runtime.store, runtime.profile(), record_id, now=runtime.now(), **changes
    )
    _saved(saved, as_json, "response")


@edit.command("mark", help=N_("Correct body-map mark ID."))
@_ID
@click.option("--region", metavar="REGION", help=N_("e.g. lower_back_left (see checkin --where)."))
@click.option("--intensity", metavar="N", help=N_("How much it hurts there, 0-10."))
@_AT
@_JSON
@pass_runtime
def edit_mark(runtime: Runtime, /, record_id: str, as_json: bool, **changes: Any) -> None:
    from backrub import services

    saved = services.edit_mark(
        runtime.store, runtime.profile(), record_id, now=runtime.now(), **changes
    )
    _saved(saved, as_json, "pain_spot")


@click.group(
    cls=Group,
    help=N_(
        "Delete a record for good: give its kind and id (as history shows).\n\nOn a "
        "terminal you are asked first; in a script add --yes."
    ),
)
def delete() -> None:
    pass


_YES = click.option("--yes", is_flag=True, help=N_("Delete without asking (needed in scripts)."))


def _confirmed(what: str, yes: bool) -> bool:
    """Return whether to delete: --yes, or "y" on a terminal; a script without --yes is refused."""
    if yes:
        return True
    if not is_interactive():
        raise InvalidInput(
            "--yes", None, _("deleting the %(what)s needs --yes when not on a terminal", what=what)
        )
    return click.confirm(_("Delete %(what)s?", what=what), default=False)


def _delete(
    runtime: Runtime,
    record_id: str,
    yes: bool,
    find: Callable[..., Any],
    remove: Callable[..., Any],
    extra: Callable[[Any], str] | None = None,
) -> None:
    from backrub import services

    profile = runtime.profile()
    record = find(runtime.store, profile, record_id)
    what = services.describe(record) + (extra(record) if extra else "")
    if not _confirmed(what, yes):
        click.echo(_("Nothing deleted."))
        return
    remove(runtime.store, profile, record_id)
    click.echo(_("Deleted: %(what)s.", what=what))


@delete.command("checkin", help=N_("Delete check-in ID and the body-map marks saved with it."))
@_ID
@_YES
@pass_runtime
def delete_checkin(runtime: Runtime, /, record_id: str, yes: bool) -> None:
    from backrub import services

    def marks(checkin: Any) -> str:
        count = len(services.marks_of(runtime.store, runtime.profile(), checkin))
        if count == 0:
            return ""
        return " " + ngettext(
            "and its %(num)d body-map mark", "and its %(num)d body-map marks", count
        )

    _delete(runtime, record_id, yes, services.find_checkin, services.delete_checkin, extra=marks)


@delete.command("pro", help=N_("Delete professional session ID."))
@_ID
@_YES
@pass_runtime
def delete_pro(runtime: Runtime, /, record_id: str, yes: bool) -> None:
    from backrub import services

    _delete(runtime, record_id, yes, services.find_pro_session, services.delete_pro_session)


@delete.command("self", help=N_("Delete self-massage ID."))
@_ID
@_YES
@pass_runtime
def delete_self(runtime: Runtime, /, record_id: str, yes: bool) -> None:
    from backrub import services

    _delete(runtime, record_id, yes, services.find_self_session, services.delete_self_session)


@delete.command("response", help=N_("Delete questionnaire response ID."))
@_ID
@_YES
@pass_runtime
def delete_response(runtime: Runtime, /, record_id: str, yes: bool) -> None:
    from backrub import services

    _delete(runtime, record_id, yes, services.find_response, services.delete_response)


@delete.command("mark", help=N_("Delete body-map mark ID."))
@_ID
@_YES
@pass_runtime
def delete_mark(runtime: Runtime, /, record_id: str, yes: bool) -> None:
    from backrub import services

    _delete(runtime, record_id, yes, services.find_mark, services.delete_mark)


COMMANDS = [edit, delete]
