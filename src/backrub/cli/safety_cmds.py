"""Screening, clearance, the evidence catalogue and plans."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from backrub.cli.app import (
    Runtime,
    emit_json,
    is_interactive,
    output_path,
    pass_runtime,
    write_output,
)
from backrub.domain.verdicts import verdict_title
from backrub.errors import InvalidInput
from backrub.i18n import _

if TYPE_CHECKING:
    from backrub.domain.screening import AnsweredBy
    from backrub.services.screening_summary import ScreeningSummary


@click.group(invoke_without_command=True)
@click.option(
    "--answer",
    "answers",
    multiple=True,
    metavar="ID=ANSWER",
    help="Answer one question: yes or no, or for age_band under_18, 18_19, 20_50 or over_50.",
)
@click.option(
    "--no-to-all",
    is_flag=True,
    help="For scripts: answer no to every question not given by --answer (age band 20_50); "
    "the screening is stored as answered by a script.",
)
@click.option("--list", "list_questions", is_flag=True, help="List the question ids and texts.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def screen(
    ctx: click.Context,
    answers: tuple[str, ...],
    no_to_all: bool,
    list_questions: bool,
    as_json: bool,
) -> None:
    """Answer the safety questions: warning signs and reasons to leave some massage out.

    On a terminal it asks each question, and stops at the first answer that
    means an emergency; scripts give --answer ID=yes|no.
    """
    if ctx.invoked_subcommand is not None:
        return
    from backrub.domain.screening import QUESTIONS
    from backrub.services.screening_summary import screen_and_summarise
    from backrub.services.shapes import screening_summary_json

    if list_questions:
        for q in QUESTIONS:
            choices = f" [{', '.join(c.value for c in q.choices)}]" if q.is_choice else ""
            click.echo(f"{q.id} ({q.tier.value}): {q.shown_text}{choices}")
        return
    runtime: Runtime = ctx.obj
    given, answered_by = _answers(answers, no_to_all)
    profile = runtime.profile(create=True)
    summary = screen_and_summarise(
        runtime.store, profile, given, today=runtime.today(profile), answered_by=answered_by
    )
    if as_json:
        emit_json(screening_summary_json(summary))
    else:
        _print_summary(summary)


def _answers(answers: tuple[str, ...], no_to_all: bool) -> tuple[dict[str, object], AnsweredBy]:
    """Return the answers given with --answer, asked on a terminal or, for a script, no."""
    from backrub.domain.screening import (
        NO_TO_ALL,
        QUESTIONS,
        AnsweredBy,
        is_emergency,
        parse_answer,
    )

    given: dict[str, object] = {}
    for item in answers:
        qid, sep, value = item.partition("=")
        if not sep:
            raise InvalidInput("--answer", item, "write ID=yes or ID=no")
        given[qid.strip()] = value
    answered_by = AnsweredBy.PERSON
    for q in QUESTIONS:
        if q.id in given:
            continue
        if no_to_all:
            given[q.id] = NO_TO_ALL[q.id]
            answered_by = AnsweredBy.SCRIPT
        elif is_interactive():
            if is_emergency({k: parse_answer(k, v) for k, v in given.items()}):
                break  # one answer is enough: the stop is shown and kept now
            given[q.id] = _ask(q.shown_text, [c.value for c in q.choices])
        # else: left out, and screen() names the first unanswered question
    return given, answered_by


def _print_summary(summary: ScreeningSummary) -> None:
    from backrub.domain.screening import NOT_A_MEDICAL_DEVICE, SCRIPTED_NOTE

    result, episode = summary.screening, summary.episode
    verdict = summary.verdict.value
    click.secho(verdict_title(verdict), bold=True, fg=_colour(verdict))
    click.echo(result.shown_message)
    for reason in result.reasons:
        click.echo(f"  - {reason.shown} ({', '.join(reason.sources)})")
    if not result.complete:
        click.echo("The other questions were not asked: the stop comes first.")
    if result.is_scripted:
        click.echo(f"Saved as {_(SCRIPTED_NOTE)}.")
    print_lifts(summary.state)
    if not result.is_stop:
        for line in summary.left_out:
            click.echo(line)
        if episode is not None:
            click.echo(f"Your episode: {episode.duration.describe()}.")
        click.echo(summary.leg_pain.advice)
        latest = summary.latest_episode
        if summary.leg_pain_from_episode and latest is not None:
            click.echo(
                "You answered no to leg pain below the knee, but your latest pain episode "
                "has it, so it still counts. If the leg pain has gone, record the episode "
                f"without it: backrub episode add --onset {latest.onset.isoformat()} "
                "--no-leg-pain"
            )
    click.echo(_(NOT_A_MEDICAL_DEVICE))


def _ask(text: str, choices: list[str]) -> str:
    allowed = choices or ["yes", "no"]
    while True:
        reply = str(click.prompt(f"{text} [{'/'.join(allowed)}]")).strip().lower()
        if reply in allowed or (not choices and reply in ("y", "n")):
            return reply
        click.echo(f"Please answer {' or '.join(allowed)}.")


def _colour(verdict: str) -> str | None:
    return {
        "stop_emergency": "red",
        "stop_same_day": "red",
        "stop_see_clinician": "red",
        "not_for_under_18": "yellow",
        "restricted": "yellow",
    }.get(verdict)


@screen.command("clear")
@click.option("--by", "cleared_by", metavar="NAME", help="The clinician who cleared you.")
@click.option(
    "--lifts",
    metavar="ID[,ID...]",
    help="Exactly which answers the clinician cleared (see --list).",
)
@click.option("--on", "cleared_on", metavar="DATE", help="When (default: today).")
@click.option("--note", metavar="TEXT")
@click.option("--list", "list_them", is_flag=True, help="List what a clearance can lift now.")
@pass_runtime
def screen_clear(
    runtime: Runtime,
    cleared_by: str | None,
    lifts: str | None,
    cleared_on: str | None,
    note: str | None,
    list_them: bool,
) -> None:
    """Record exactly what a clinician cleared after a stop or restriction.

    A clearance lifts the answers it names and nothing else: a stop to see a
    clinician soon, or a restriction. An emergency or same-day answer cannot
    be cleared here: after being seen, answer 'screen' again.
    """
    from backrub import services

    profile = runtime.profile()
    if list_them:
        state = services.safety_state(runtime.store, profile)
        _print_clearable(state)
        return
    today = runtime.today(profile)
    saved = services.add_clearance(
        runtime.store,
        profile,
        cleared_on=cleared_on or today.isoformat(),
        cleared_by=cleared_by,
        lifts=lifts,
        note=note,
        today=today,
    )
    what = ", ".join(saved.lifts or ())
    click.echo(f"Saved: {saved.cleared_by} cleared {what} on {saved.cleared_on}.")


def _print_clearable(state: Any) -> None:
    if state.screening is None:
        click.echo("No screening yet, so nothing to clear.")
        return
    clearable = state.standing.clearable
    if not clearable:
        click.echo("Nothing in your last screening is left for a clearance to lift.")
    else:
        click.echo("A clinician's clearance can lift (give the ids to --lifts):")
        for flag in clearable:
            kind = "stop" if flag.stops else "restriction"
            click.echo(f"  {flag.id} ({kind}): {flag.shown}")
    for flag in state.standing.remaining:
        if flag.clearable:
            continue
        if flag.verdict.value == "not_for_under_18":
            click.echo(f"  {flag.id} (under 18): backrub is for adults; no clearance lifts it.")
            continue
        kind = "emergency" if flag.emergency else "same day"
        click.echo(
            f"  {flag.id} ({kind}): cannot be cleared here; once you have been seen, "
            "answer 'backrub screen' again."
        )


def print_lifts(state: Any) -> None:
    """Print what clearances lifted, by whom and when."""
    for lift in state.standing.lifted:
        scope = "" if lift.scoped else " (an older clearance, read as lifting this stop)"
        click.echo(
            f"  Cleared: {lift.flag.shown}, by {lift.cleared_by} on {lift.cleared_on}{scope}."
        )


@screen.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_runtime
def screen_status(runtime: Runtime, as_json: bool) -> None:
    """Show the last screening, what clinicians cleared, and when to screen again."""
    from backrub import services

    profile = runtime.profile()
    state = services.safety_state(runtime.store, profile)
    if as_json:
        from backrub.services.shapes import safety_json

        notes = services.review_notes(runtime.store, profile, today=runtime.today(profile))
        data = safety_json(state)
        data["rescreen_due"] = [n.words for n in notes if n.kind == "rescreen"]
        emit_json(data)
        return
    if state.screening is None:
        click.echo("No screening yet: run 'backrub screen'.")
        return
    result = state.screening
    click.secho(verdict_title(result.verdict), bold=True, fg=_colour(result.verdict.value))
    click.echo(f"Last screening: {result.screened_on}.")
    print_lifts(state)
    if state.is_stopped:
        click.echo("Still standing:")
        for flag in state.standing.remaining:
            if flag.stops:
                click.echo(f"  - {flag.shown}")
    _print_clearable(state)
    today = runtime.today(profile)
    due = [n for n in services.review_notes(runtime.store, profile, today=today)]
    for note in due:
        click.secho(f"! {note.words}", fg="yellow")
    if not any(n.kind == "rescreen" for n in due):
        click.echo("Screening again is not due yet.")


@click.command()
@click.argument("entry_id", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def evidence(entry_id: str | None, as_json: bool) -> None:
    """Show the evidence catalogue, or one entry by ID."""
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


@click.group()
def plan() -> None:
    """Make a massage plan the way the studies dosed it, and follow it."""


@plan.command("new")
@click.option(
    "--protocol", metavar="ID", help="Which study's dose to follow (see 'plan protocols')."
)
@click.option("--start", metavar="DATE", help="First day (default: today).")
@click.option("--days", metavar="LIST", help="Days you can see a therapist, e.g. mon,thu.")
@click.option("--price", metavar="AMOUNT", help="What a one-hour session costs you.")
@click.option("--budget-per-session", metavar="AMOUNT")
@click.option("--budget-total", metavar="AMOUNT")
@click.option("--currency", metavar="CODE", help="Three letters (default EUR).")
@click.option(
    "--tools", metavar="LIST", help="Tools you own: tennis_ball,foam_roller,massage_gun,hands."
)
@click.option(
    "--self-massage-at",
    metavar="HH:MM",
    help="Time of the daily self-massage, in the profile's zone (default 19:00).",
)
@pass_runtime
def plan_new(runtime: Runtime, /, **values: Any) -> None:
    """Make a plan: professional sessions, a daily self-massage slot, activity, assessments."""
    from backrub import services
    from backrub.cli.plan_view import print_plan

    if not values["protocol"]:
        raise InvalidInput("--protocol", None, "choose one: see 'backrub plan protocols'")
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
    return f"“{protocol.title}” (--protocol {protocol.id})"


@plan.command("protocols")
def plan_protocols() -> None:
    """List the study protocols a plan can follow, with their caveats."""
    from backrub.domain.protocols import PROTOCOLS

    for p in PROTOCOLS:
        click.echo(f"{p.id}: {p.title} ({', '.join(p.evidence)})")
        for caveat in p.caveats:
            click.echo(f"    - {caveat}")


@plan.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_runtime
def plan_show(runtime: Runtime, as_json: bool) -> None:
    """Show the plan, what is done, and missed sessions moved within the protocol's window."""
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


@plan.command("ics")
@click.option("--out", metavar="FILE", help="The .ics file to write.")
@click.option("--daily/--no-daily", default=False, help="Also add the daily self-massage slot.")
@pass_runtime
def plan_ics(runtime: Runtime, out: str | None, daily: bool) -> None:
    """Write the plan as a calendar file (iCalendar) for any calendar app."""
    from backrub import services

    target = output_path(out, "plan.ics")
    profile = runtime.profile()
    data = services.plan_calendar(
        runtime.store, profile, today=runtime.today(profile), include_daily_slot=daily
    )
    write_output(target, data)
    click.echo(f"Wrote {target}.")


COMMANDS = [screen, evidence, plan]
