"""Screening and clearance (the evidence catalogue and plans are in plan_cmds)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from backrub.cli.app import (
    Runtime,
    emit_json,
    is_interactive,
    pass_runtime,
)
from backrub.cli.click_words import Group
from backrub.cli.shown import day
from backrub.domain.free_text import printed
from backrub.domain.verdicts import Verdict, verdict_title
from backrub.errors import InvalidInput
from backrub.i18n import N_, _, pgettext

if TYPE_CHECKING:
    from backrub.domain.screening import AnsweredBy
    from backrub.services.screening_summary import ScreeningSummary


@click.group(
    invoke_without_command=True,
    cls=Group,
    help=N_(
        "Answer the safety questions: warning signs and reasons to leave some massage "
        "out.\n\nOn a terminal it asks each question, and stops at the first answer that "
        "means an emergency; scripts give --answer ID=yes|no."
    ),
)
@click.option(
    "--answer",
    "answers",
    multiple=True,
    metavar="ID=ANSWER",
    help=N_("Answer one question: yes or no, or for age_band under_18, 18_19, 20_50 or over_50."),
)
@click.option(
    "--no-to-all",
    is_flag=True,
    help=N_(
        "For scripts: answer no to every question not given by --answer (age band 20_50); "
        "the screening is stored as answered by a script."
    ),
)
@click.option("--list", "list_questions", is_flag=True, help=N_("List the question ids and texts."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the result as JSON."))
@click.pass_context
def screen(
    ctx: click.Context,
    answers: tuple[str, ...],
    no_to_all: bool,
    list_questions: bool,
    as_json: bool,
) -> None:
    if ctx.invoked_subcommand is not None:
        return
    from backrub.domain.screening import QUESTIONS
    from backrub.services.screening_summary import screen_and_summarise
    from backrub.services.shapes import screening_summary_json

    if list_questions:
        for q in QUESTIONS:
            choices = f" [{', '.join(c.value for c in q.choices)}]" if q.is_choice else ""
            click.echo(f"{q.id} ({q.tier.words}): {q.shown_text}{choices}")
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
    from backrub.domain.cancer_signs import CANCER_SIGNS, HEADING
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
            raise InvalidInput("--answer", item, _("write ID=yes or ID=no"))
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
            if q.id == CANCER_SIGNS[0].id:  # they count only with cancer: say so once
                click.echo(_(HEADING))
            given[q.id] = _ask(q.shown_text, [c.value for c in q.choices])
        # else: left out, and screen() names the first unanswered question
    return given, answered_by


def _print_summary(summary: ScreeningSummary) -> None:
    from backrub.domain.screening import NOT_A_MEDICAL_DEVICE, SCRIPTED_NOTE

    result, episode = summary.screening, summary.episode
    verdict = summary.verdict.value
    click.secho(verdict_title(verdict), bold=True, fg=_colour(verdict))
    if result.verdict in (Verdict.STOP_EMERGENCY, Verdict.STOP_SAME_DAY):
        _print_stop(summary)
    else:
        click.echo(result.shown_message)
    for reason in result.reasons:
        click.echo(f"  - {reason.shown} ({', '.join(reason.sources)})")
    if not result.complete:
        click.echo(_("The other questions were not asked: the stop comes first."))
    if result.is_scripted:
        click.echo(_("Saved as %(note)s.", note=_(SCRIPTED_NOTE)))
    print_lifts(summary.state)
    if not result.is_stop:
        for line in summary.left_out:
            click.echo(line)
        if episode is not None:
            click.echo(_("Your episode: %(duration)s.", duration=episode.duration.describe()))
        click.echo(summary.leg_pain.advice)
        latest = summary.latest_episode
        if summary.leg_pain_from_episode and latest is not None:
            click.echo(
                _(
                    "You answered no to leg pain below the knee, but your latest pain episode "
                    "has it, so it still counts. If the leg pain has gone, record the episode "
                    "without it: %(command)s",
                    command=f"backrub episode add --onset {latest.onset.isoformat()} --no-leg-pain",
                )
            )
    click.echo(_(NOT_A_MEDICAL_DEVICE))


def _print_stop(summary: ScreeningSummary) -> None:
    """Print an emergency or same-day stop as the web result gives it: the person's own
    answers, what to do now (for an emergency, how to get there), then why (review 10, M3)."""
    from backrub.domain.emergency import current_number, way_there

    click.echo(_("You answered yes to:"))
    for label in summary.stopping:
        click.echo(f"  - {label}")
    action, why = summary.what_to_do
    click.echo(action)
    if summary.screening.verdict is Verdict.STOP_EMERGENCY:
        click.echo(way_there(ambulance=summary.ambulance, number=current_number()))
    if why:
        click.echo(_("Why: %(why)s", why=why))
    click.echo(_("Your answers, with the sources for each:"))


def _ask(text: str, choices: list[str]) -> str:
    allowed = choices or ["yes", "no"]
    while True:
        reply = str(click.prompt(f"{text} [{'/'.join(allowed)}]")).strip().lower()
        if reply in allowed or (not choices and reply in ("y", "n")):
            return reply
        either = f" {pgettext('between the answers to choose from', 'or')} ".join(allowed)
        click.echo(_("Please answer %(choices)s.", choices=either))


def _colour(verdict: str) -> str | None:
    return {
        "stop_emergency": "red",
        "stop_same_day": "red",
        "stop_see_clinician": "red",
        "not_for_under_18": "yellow",
        "restricted": "yellow",
    }.get(verdict)


@screen.command(
    "clear",
    help=N_(
        "Record exactly what a clinician cleared after a stop or restriction.\n\nA "
        "clearance lifts the answers it names and nothing else: a stop to see a clinician "
        "soon, or a restriction. An emergency or same-day answer cannot be cleared here: "
        "after being seen, answer 'screen' again."
    ),
)
@click.option("--by", "cleared_by", metavar="NAME", help=N_("The clinician who cleared you."))
@click.option(
    "--lifts",
    metavar="ID[,ID...]",
    help=N_("Exactly which answers the clinician cleared (see --list)."),
)
@click.option("--on", "cleared_on", metavar="DATE", help=N_("When (default: today)."))
@click.option("--note", metavar="TEXT")
@click.option("--list", "list_them", is_flag=True, help=N_("List what a clearance can lift now."))
@pass_runtime
def screen_clear(
    runtime: Runtime,
    cleared_by: str | None,
    lifts: str | None,
    cleared_on: str | None,
    note: str | None,
    list_them: bool,
) -> None:
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
        now=runtime.now(),
    )
    what = ", ".join(saved.lifts or ())
    click.echo(
        _(
            "Saved: %(who)s cleared %(what)s on %(day)s.",
            who=printed(saved.cleared_by),
            what=what,
            day=day(saved.cleared_on),
        )
    )


def _print_clearable(state: Any) -> None:
    if state.screening is None:
        click.echo(_("No screening yet, so nothing to clear."))
        return
    clearable = state.standing.clearable
    if not clearable:
        click.echo(_("Nothing in your last screening is left for a clearance to lift."))
    else:
        click.echo(_("A clinician's clearance can lift (give the ids to --lifts):"))
        for flag in clearable:
            kind = _("stop") if flag.stops else _("restriction")
            click.echo(f"  {flag.id} ({kind}): {flag.shown}")
    for flag in state.standing.remaining:
        if flag.clearable:
            continue
        if flag.verdict.value == "not_for_under_18":
            click.echo(
                f"  {flag.id} " + _("(under 18): backrub is for adults; no clearance lifts it.")
            )
            continue
        kind = _("emergency") if flag.emergency else _("same day")
        click.echo(
            f"  {flag.id} ({kind}): "
            + _("cannot be cleared here; once you have been seen, answer 'backrub screen' again.")
        )


def print_lifts(state: Any) -> None:
    """Print what clearances lifted, by whom and when."""
    for lift in state.standing.lifted:
        words = _(
            "Cleared: %(what)s, by %(who)s on %(day)s.",
            what=lift.flag.shown,
            who=printed(lift.cleared_by),
            day=day(lift.cleared_on),
        )
        if not lift.scoped:
            words = _(
                "Cleared: %(what)s, by %(who)s on %(day)s (an older clearance, read as "
                "lifting this stop).",
                what=lift.flag.shown,
                who=printed(lift.cleared_by),
                day=day(lift.cleared_on),
            )
        click.echo(f"  {words}")


@screen.command(
    "status", help=N_("Show the last screening, what clinicians cleared, and when to screen again.")
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print as JSON."))
@pass_runtime
def screen_status(runtime: Runtime, as_json: bool) -> None:
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
        click.echo(_("No screening yet: run 'backrub screen'."))
        return
    result = state.screening
    click.secho(verdict_title(result.verdict), bold=True, fg=_colour(result.verdict.value))
    click.echo(_("Last screening: %(day)s.", day=day(result.screened_on)))
    print_lifts(state)
    if state.is_stopped:
        click.echo(_("Still standing:"))
        for flag in state.standing.remaining:
            if flag.stops:
                click.echo(f"  - {flag.shown}")
    _print_clearable(state)
    today = runtime.today(profile)
    due = [n for n in services.review_notes(runtime.store, profile, today=today)]
    for note in due:
        click.secho(f"! {note.words}", fg="yellow")
    if not any(n.kind == "rescreen" for n in due):
        click.echo(_("Screening again is not due yet."))


COMMANDS = [screen]
