"""``backrub today``: what the plan asks for today and what of it is done."""

from __future__ import annotations

import shlex
from datetime import date

import click

from backrub.cli.app import Runtime, emit_json, pass_runtime
from backrub.cli.click_words import Command
from backrub.cli.shown import long_day, weekday_day
from backrub.i18n import ENGLISH, N_, _, current


def command_for(
    kind: str, *, instrument: str | None, tools: tuple[str, ...], backrub: str = "backrub"
) -> str:
    """Return the command that does an item of ``kind`` (the terminal's wording).

    ``backrub`` is how the command starts: with ``--profile NAME`` when one was
    named, so a copied command records into the profile shown, not the default.
    """
    if kind == "pro_session":
        return f"{backrub} session log pro --technique ... --minutes N"
    if kind == "self_massage":
        return f"{backrub} session run {tools[0] if len(tools) == 1 else 'TOOL'}"
    if kind == "questionnaire" and instrument:
        return f"{backrub} survey {instrument}"
    if kind == "activity":
        return f"{backrub} checkin --pain N --activity-min N"
    return f"{backrub} checkin --pain N"


@click.command(
    "today",
    cls=Command,
    help=N_("Show today's plan items, each with the command that does it, and what is done."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print as JSON."))
@pass_runtime
def today_command(runtime: Runtime, as_json: bool) -> None:
    from backrub.services.today import today, today_json

    profile = runtime.profile()
    found = today(runtime.store, profile, now=runtime.now())
    if as_json:
        emit_json(today_json(found))
        return
    backrub = "backrub"
    if runtime.profile_name:
        backrub += f" --profile {shlex.quote(profile.name)}"
    click.echo(
        _(
            "Today, %(day)s (%(name)s, %(zone)s):",
            day=long_day(found.day),
            name=profile.name,
            zone=profile.tz,
        )
    )
    if found.trial is not None:
        click.echo(found.trial.words)
    for item in found.items:
        mark = "[x]" if item.done else "[ ]"
        click.echo(f"{mark} {item.title}")
        if not item.done:
            words = command_for(
                item.kind, instrument=item.instrument, tools=item.tools, backrub=backrub
            )
            click.echo(f"    {words}")
    if found.stop is not None:
        # Review 10, m1: under a stop nothing to massage or follow; where to look instead.
        click.echo(
            _(
                "A safety stop stands: no plan, massage or self-massage for now. "
                "What it says to do: %(command)s",
                command=f"{backrub} screen status",
            )
        )
    elif found.plan is None:
        click.echo(
            _(
                "No plan yet: %(command)s",
                command=f"{backrub} plan new --protocol ID --days mon,thu",
            )
        )
    elif not found.is_plan_day:
        click.echo(_("Your plan has nothing for today: no massage, no self-massage."))
    if found.next_session is not None:
        click.echo(_("Next massage session: %(day)s.", day=_next_day(found.next_session)))


def _next_day(day: date) -> str:
    return f"{day:%a %d %b %Y}" if current() == ENGLISH else weekday_day(day)


COMMANDS = [today_command]
