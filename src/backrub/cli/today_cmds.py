"""``backrub today``: what the plan asks for today and what of it is done."""

from __future__ import annotations

import shlex

import click

from backrub.cli.app import Runtime, emit_json, pass_runtime


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


@click.command("today")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_runtime
def today_command(runtime: Runtime, as_json: bool) -> None:
    """Show today's plan items, each with the command that does it, and what is done."""
    from backrub.services.today import today, today_json

    profile = runtime.profile()
    found = today(runtime.store, profile, now=runtime.now())
    if as_json:
        emit_json(today_json(found))
        return
    backrub = "backrub"
    if runtime.profile_name:
        backrub += f" --profile {shlex.quote(profile.name)}"
    click.echo(f"Today, {found.day:%A %d %B %Y} ({profile.name}, {profile.tz}):")
    for item in found.items:
        mark = "[x]" if item.done else "[ ]"
        click.echo(f"{mark} {item.title}")
        if not item.done:
            words = command_for(
                item.kind, instrument=item.instrument, tools=item.tools, backrub=backrub
            )
            click.echo(f"    {words}")
    if found.plan is None:
        click.echo(f"No plan yet: {backrub} plan new --protocol ID --days mon,thu")
    elif not found.is_plan_day:
        click.echo("Your plan has nothing for today: no massage, no self-massage.")
    if found.next_session is not None:
        click.echo(f"Next massage session: {found.next_session:%a %d %b %Y}.")


COMMANDS = [today_command]
