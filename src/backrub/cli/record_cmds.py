"""Commands that record what happened: check-ins, sessions, episodes, history."""

from __future__ import annotations

from typing import Any

import click

from backrub.cli.app import (
    Runtime,
    ask_if_missing,
    emit_json,
    is_interactive,
    pass_runtime,
    tell_repeated_time,
)
from backrub.cli.click_words import Command, Group
from backrub.cli.shown import day, stamp
from backrub.cli.views import print_history
from backrub.domain.free_text import printed
from backrub.i18n import N_, _, ngettext
from backrub.services.shapes import history_json


@click.command(
    cls=Command, help=N_("Record how your back is doing now. Several check-ins a day are fine.")
)
@click.option("--pain", metavar="N", help=N_("Pain now, 0 (none) to 10 (worst imaginable)."))
@click.option("--soreness", metavar="N", help=N_("Muscle soreness, 0-10."))
@click.option("--sleep", metavar="N", help=N_("Sleep quality last night, 0 (awful) to 10 (great)."))
@click.option("--activity-min", metavar="N", help=N_("Minutes of walking or exercise today."))
@click.option(
    "--medication", metavar="TEXT", help=N_("Pain medication taken, e.g. 'ibuprofen 400 mg'.")
)
@click.option("--at", metavar="ISO", help=N_("When, e.g. 2026-03-01T08:30 (default: now)."))
@click.option("--note", metavar="TEXT", help=N_("Anything worth remembering."))
@click.option(
    "--where",
    metavar="REGION:N,...",
    multiple=True,
    help=N_("Body map: where it hurts, e.g. lower_back_left:6 (each region once)."),
)
@click.option(
    "--new-leg-symptoms",
    metavar="yes|no",
    help=N_(
        "New leg symptoms, numbness or weakness since you last screened? (yes asks you to "
        "screen again)"
    ),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print the saved check-in as JSON."))
@pass_runtime
def checkin(runtime: Runtime, /, as_json: bool, **values: Any) -> None:
    from backrub import services
    from backrub.services.shapes import checkin_json

    values["pain"] = ask_if_missing(
        values["pain"], N_("Pain now (0-10)"), "pain", N_("give --pain N with N from 0 to 10")
    )
    # Given twice, the lists are read as one: a region in both is refused, not
    # silently taken from the last (click keeps only the last of a repeated option).
    given_where: tuple[str, ...] = values.pop("where")
    where = ",".join(given_where) if given_where else None
    saved = None
    if where is None:  # the fast path writes check-ins only, never marks
        saved = runtime.quick_checkin(
            lambda profile: services.parse_checkin(profile, now=runtime.now(), **values)
        )
    if saved is None:
        profile = runtime.profile(create=True)
        saved = services.record_checkin(
            runtime.store, profile, now=runtime.now(), where=where, **values
        )
    tell_repeated_time(saved.tz, values["at"])
    if as_json:
        emit_json(checkin_json(saved))
    else:
        click.echo(
            _(
                "Saved: pain %(pain)s/10 at %(when)s.",
                pain=saved.pain,
                when=_local(saved.at, saved.tz),
            )
        )
    if saved.new_leg_symptoms:
        from backrub.domain.review import LEG_SYMPTOMS_EMERGENCY

        click.secho(
            _(
                "New leg symptoms, numbness or weakness: answer the safety questions again "
                "now ('backrub screen')."
            )
            + f" {_(LEG_SYMPTOMS_EMERGENCY)}",
            fg="yellow",
            err=as_json,
        )


@click.group(cls=Group, help=N_("Record massage sessions."))
def session() -> None:
    pass


@session.group("log", help=N_("Record a session after the fact."))
def session_log() -> None:
    pass


@session_log.command("pro", help=N_("Record a professional massage session."))
@click.option(
    "--technique", metavar="NAME", help=N_("relaxation, structural, trigger_point, sports, other.")
)
@click.option("--minutes", metavar="N", help=N_("Length of the session in minutes."))
@click.option("--at", metavar="ISO", help=N_("When it started (default: now)."))
@click.option("--cost", metavar="AMOUNT", help=N_("What it cost, e.g. 70 or 70.50."))
@click.option("--currency", metavar="CODE", help=N_("Three-letter currency (default EUR)."))
@click.option("--therapist", metavar="NAME")
@click.option("--subjective", metavar="TEXT", help=N_("SOAP: what you told the therapist."))
@click.option("--objective", metavar="TEXT", help=N_("SOAP: what the therapist found."))
@click.option("--assessment", metavar="TEXT", help=N_("SOAP: the therapist's assessment."))
@click.option("--plan", metavar="TEXT", help=N_("SOAP: what comes next."))
@pass_runtime
def log_pro(runtime: Runtime, /, **values: Any) -> None:
    from backrub import services

    technique = ask_if_missing(
        values.pop("technique"),
        N_("Technique (relaxation/structural/trigger_point/sports/other)"),
        "technique",
        N_("give --technique relaxation|structural|trigger_point|sports|other"),
    )
    minutes = ask_if_missing(
        values.pop("minutes"), N_("Minutes"), "minutes", N_("give --minutes N (1 to 240)")
    )
    profile = runtime.profile(create=True)
    saved = services.log_pro_session(
        runtime.store,
        profile,
        now=runtime.now(),
        technique=technique,
        duration_min=minutes,
        **values,
    )
    tell_repeated_time(saved.tz, values["at"])
    click.echo(
        _(
            "Saved: %(technique)s massage, %(minutes)s min, %(when)s.",
            technique=saved.technique.value,
            minutes=saved.duration_min,
            when=_local(saved.at, saved.tz),
        )
    )
    from backrub.services.trials import off_schedule_note

    note = off_schedule_note(runtime.store, profile, at=saved.at, tz=saved.tz)
    if note is not None:
        click.echo(note)


@session_log.command(
    "self",
    help=N_("Record a self-massage with TOOL (tennis_ball, foam_roller, massage_gun, hands)."),
)
@click.argument("tool", required=False)
@click.option(
    "--zones",
    metavar="LIST",
    help=N_("Zones worked, e.g. glutes_left,glutes_right or glutes_left:60."),
)
@click.option("--seconds", metavar="N", help=N_("Seconds per zone when the list gives none."))
@click.option("--level", "gun_level", metavar="N", help=N_("Massage gun speed level, 1-20."))
@click.option("--pain-before", metavar="N", help=N_("Pain before, 0-10."))
@click.option("--pain-during", metavar="N", help=N_("Pain during, 0-10."))
@click.option("--pain-after", metavar="N", help=N_("Pain after, 0-10."))
@click.option("--at", metavar="ISO", help=N_("When it started (default: now)."))
@click.option("--note", metavar="TEXT")
@click.option("--override", is_flag=True, help=N_("Record it even though a rule says no."))
@click.option("--reason", "override_reason", metavar="TEXT", help=N_("Why, with --override."))
@pass_runtime
def log_self(runtime: Runtime, /, tool: str | None, **values: Any) -> None:
    from backrub import services

    tool = ask_if_missing(
        tool,
        N_("Tool"),
        "tool",
        N_("name the tool: tennis_ball, foam_roller, massage_gun or hands"),
    )
    values["zones"] = ask_if_missing(
        values["zones"], N_("Zones (comma-separated)"), "zones", N_("give --zones zone[,zone...]")
    )
    profile = runtime.profile(create=True)
    saved = services.log_self_session(
        runtime.store, profile, now=runtime.now(), tool=tool, **values
    )
    tell_repeated_time(saved.tz, values["at"])
    zones = ngettext("%(num)d zone", "%(num)d zones", len(saved.zones))
    line = _(
        "Saved: %(tool)s, %(zones)s, %(minutes)d min %(seconds)d s.",
        tool=saved.tool.value,
        zones=zones,
        minutes=saved.total_seconds // 60,
        seconds=saved.total_seconds % 60,
    )
    if saved.override_reason:
        line += " " + _("Override kept: %(reason)s.", reason=printed(saved.override_reason))
    click.echo(line)


session.add_command(session_log)


def _add_run() -> None:
    from backrub.cli.guided import session_run

    session.add_command(session_run)


_add_run()


@click.group(cls=Group, help=N_("Record the episode of back pain you are in."))
def episode() -> None:
    pass


@episode.command(
    "add", help=N_("Record when the pain began and whether it spreads below the knee.")
)
@click.option("--onset", metavar="DATE", help=N_("When this episode began (YYYY-MM-DD)."))
@click.option(
    "--leg-pain/--no-leg-pain",
    default=None,
    help=N_("Pain that spreads below the knee."),
)
@click.option(
    "--cause", metavar="NAME", default="unknown", help=N_("strain, disc, unknown, other.")
)
@click.option("--note", metavar="TEXT")
@pass_runtime
def episode_add(
    runtime: Runtime, onset: str | None, leg_pain: bool | None, cause: str, note: str | None
) -> None:
    from backrub import services

    onset = ask_if_missing(
        onset, N_("When did it begin (YYYY-MM-DD)"), "onset", N_("give --onset DATE")
    )
    if leg_pain is None:
        if not is_interactive():
            from backrub.errors import InvalidInput

            raise InvalidInput("leg-pain", None, _("give --leg-pain or --no-leg-pain"))
        leg_pain = click.confirm(_("Does the pain spread below the knee?"))
    profile = runtime.profile(create=True)
    saved = services.add_episode(
        runtime.store,
        profile,
        today=runtime.today(profile),
        onset=onset,
        leg_pain_below_knee=leg_pain,
        cause=cause,
        note=note,
    )
    click.echo(
        _(
            "Saved: episode since %(onset)s (%(cause)s).",
            onset=day(saved.onset),
            cause=saved.cause.value,
        )
    )


@click.command(cls=Command, help=N_("Show your check-ins and sessions, oldest first."))
@click.option("--since", metavar="DATE", help=N_("Only from this date on (YYYY-MM-DD)."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print as JSON."))
@pass_runtime
def history(runtime: Runtime, since: str | None, as_json: bool) -> None:
    from backrub import services

    profile = runtime.profile()
    data = services.history(runtime.store, profile, since=since)
    if as_json:
        emit_json(history_json(data))
    else:
        print_history(data)


def _local(moment: Any, tz: str) -> str:
    from zoneinfo import ZoneInfo

    return stamp(moment.astimezone(ZoneInfo(tz)))


COMMANDS = [checkin, session, episode, history]
