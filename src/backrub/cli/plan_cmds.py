"""The evidence catalogue and plans: make one the way the studies dosed it, and follow it."""

from __future__ import annotations

from typing import Any

import click

from backrub.cli.app import Runtime, emit_json, output_path, pass_runtime, write_output
from backrub.cli.click_words import Command, Group
from backrub.cli.safety_cmds import print_lifts
from backrub.cli.shown import path as shown_path
from backrub.errors import InvalidInput
from backrub.i18n import N_, _


@click.command(cls=Command, help=N_("Show the evidence catalogue, or one entry by ID."))
@click.argument("entry_id", required=False)
@click.option("--json", "as_json", is_flag=True, help=N_("Print as JSON."))
def evidence(entry_id: str | None, as_json: bool) -> None:
    from backrub.evidence import entry_to_json, format_entry, format_index, load_catalogue

    catalogue = load_catalogue()
    if entry_id is None:
        if as_json:
            emit_json([entry_to_json(e) for e in catalogue])
        else:
            click.echo(format_index(catalogue))
        return
    entry = catalogue.get(entry_id)
    if as_json:
        emit_json(entry_to_json(entry))
    else:
        click.echo(format_entry(entry))


@click.group(cls=Group, help=N_("Make a massage plan the way the studies dosed it, and follow it."))
def plan() -> None:
    pass


@plan.command(
    "new",
    help=N_(
        "Make a plan: professional sessions, a daily self-massage slot, activity, assessments."
    ),
)
@click.option(
    "--protocol", metavar="ID", help=N_("Which study's dose to follow (see 'plan protocols').")
)
@click.option("--start", metavar="DATE", help=N_("First day (default: today)."))
@click.option("--days", metavar="LIST", help=N_("Days you can see a therapist, e.g. mon,thu."))
@click.option("--price", metavar="AMOUNT", help=N_("What a one-hour session costs you."))
@click.option("--budget-per-session", metavar="AMOUNT")
@click.option("--budget-total", metavar="AMOUNT")
@click.option("--currency", metavar="CODE", help=N_("Three letters (default EUR)."))
@click.option(
    "--tools", metavar="LIST", help=N_("Tools you own: tennis_ball,foam_roller,massage_gun,hands.")
)
@click.option(
    "--self-massage-at",
    metavar="HH:MM",
    help=N_("Time of the daily self-massage, in the profile's zone (default 19:00)."),
)
@pass_runtime
def plan_new(runtime: Runtime, /, **values: Any) -> None:
    from backrub import services
    from backrub.cli.plan_view import print_plan

    if not values["protocol"]:
        raise InvalidInput("--protocol", None, _("choose one: see 'backrub plan protocols'"))
    from backrub.domain.fitting import DoesNotFit
    from backrub.errors import Refused

    profile = runtime.profile(create=True)
    try:
        made = services.new_plan(runtime.store, profile, today=runtime.today(profile), **values)
    except DoesNotFit as error:
        # The protocols by their titles, with the --protocol value that asks for each.
        raise Refused(error.misfit.words(_protocol_option)) from None
    print_plan(made, None)


def _protocol_option(protocol: Any) -> str:
    return f"“{_(protocol.title)}” (--protocol {protocol.id})"


@plan.command(
    "protocols", help=N_("List the study protocols a plan can follow, with their caveats.")
)
def plan_protocols() -> None:
    from backrub.domain.protocols import PROTOCOLS

    for p in PROTOCOLS:
        click.echo(f"{p.id}: {_(p.title)} ({', '.join(p.evidence)})")
        for caveat in p.caveats:
            click.echo(f"    - {_(caveat)}")


@plan.command(
    "show",
    help=N_("Show the plan, what is done, and missed sessions moved within the protocol's window."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print as JSON."))
@pass_runtime
def plan_show(runtime: Runtime, as_json: bool) -> None:
    from backrub import services
    from backrub.cli.plan_view import print_plan
    from backrub.services.shapes import plan_json

    profile = runtime.profile()
    view = services.current_plan(
        runtime.store, profile, today=runtime.today(profile), now=runtime.now()
    )
    if as_json:
        emit_json(plan_json(view.plan, view.adherence))
    else:
        print_plan(view.plan, view.adherence)
        print_lifts(services.safety_state(runtime.store, profile))


@plan.command("ics", help=N_("Write the plan as a calendar file (iCalendar) for any calendar app."))
@click.option("--out", metavar="FILE", help=N_("The .ics file to write."))
@click.option("--daily/--no-daily", default=False, help=N_("Also add the daily self-massage slot."))
@pass_runtime
def plan_ics(runtime: Runtime, out: str | None, daily: bool) -> None:
    from backrub import services

    target = output_path(runtime, out, "plan.ics")
    profile = runtime.profile()
    data = services.plan_calendar(
        runtime.store, profile, today=runtime.today(profile), include_daily_slot=daily
    )
    write_output(target, data)
    click.echo(_("Wrote %(file)s.", file=shown_path(target)))


COMMANDS = [evidence, plan]
