"""``backrub trial``: plan, start, follow, stop and read an N-of-1 trial of massage."""

from __future__ import annotations

from typing import Any

import click

from backrub.cli.app import (
    Runtime,
    emit_json,
    is_interactive,
    output_path,
    pass_runtime,
    write_output,
)
from backrub.cli.click_words import Choice, Command, Group
from backrub.cli.shown import path as shown_path
from backrub.errors import InvalidInput
from backrub.i18n import N_, _, ngettext


@click.group(
    cls=Group,
    help=N_(
        "A randomised self-experiment (N-of-1 trial): periods with massage and without, "
        "in random order, to see whether massage helps you."
    ),
)
def trial() -> None:
    pass


def _arm_words(arm: str) -> str:
    return _("massage") if arm == "A" else _("no massage")


def _print_schedule(schedule: Any) -> None:
    click.echo(_("Schedule (seed %(seed)d):", seed=schedule.design.seed))
    for n, period in enumerate(schedule.periods, start=1):
        click.echo(
            f"  {n:2d}. "
            + _(
                "pair %(pair)d: %(first)s to %(last)s, %(arm)s",
                pair=period.pair + 1,
                first=period.first.isoformat(),
                last=period.last.isoformat(),
                arm=_arm_words(period.arm),
            )
        )
    click.echo(_("SHA-256 of the schedule: %(hash)s", hash=schedule.sha256))


@trial.command(
    "new",
    cls=Command,
    help=N_(
        "Plan a trial from your baseline diary and start it; the schedule and its hash are "
        "shown to give to your clinician before the first day."
    ),
)
@click.option(
    "--pairs",
    metavar="N",
    help=N_("Pairs of periods, 3 to 8, at least 4 with 1-week periods (default 4)."),
)
@click.option("--period", metavar="DAYS", help=N_("Days in a period: 7 or 14 (default 7)."))
@click.option(
    "--washout", metavar="DAYS", help=N_("First days of a period left out: 2 or 3 (default 2).")
)
@click.option("--seed", metavar="N", help=N_("Seed of the random order (default: drawn now)."))
@click.option("--first-day", metavar="DATE", help=N_("First day of the trial (default: tomorrow)."))
@click.option(
    "--plan-only",
    is_flag=True,
    help=N_("Only show the plan and what it can detect; start nothing."),
)
@click.option(
    "--confirm",
    is_flag=True,
    help=N_('You have read "Before you start" and will follow it (asked when not given).'),
)
@pass_runtime
def trial_new(runtime: Runtime, /, plan_only: bool, confirm: bool, **values: Any) -> None:
    from backrub.domain.nof1_design import SOURCES
    from backrub.services import trials

    given = {
        "pairs": values["pairs"],
        "period_days": values["period"],
        "washout_days": values["washout"],
        "seed": values["seed"],
        "first_day": values["first_day"],
    }
    profile = runtime.profile(create=not plan_only)
    plan = trials.plan_trial(runtime.store, profile, now=runtime.now(), **given)
    for line in trials.plan_lines(plan):
        click.echo(line)
    _print_schedule(plan.schedule)
    click.echo(_(SOURCES))
    _print_before_you_start()
    if plan_only:
        click.echo(_("Nothing started: this was the plan only."))
        return
    # The trial started is the plan shown: its seed and first day, not a new draw.
    given["seed"], given["first_day"] = plan.design.seed, plan.schedule.first_day.isoformat()
    if not confirm and is_interactive() and not _asked():
        # They said no: not a flag they forgot (attack review 8, F6).
        click.echo(_('Nothing started: start again when you can follow "Before you start".'))
        raise click.exceptions.Exit(1)  # as a declined replace in import
    confirmed = confirm or is_interactive()
    trials.start_trial(runtime.store, profile, now=runtime.now(), confirmed=confirmed, **given)
    first = plan.schedule.first_day
    if first <= runtime.today(profile):
        click.echo(
            _(
                "Trial started. Give the seed and the hash to your clinician today, "
                "before your first check-in."
            )
        )
    else:
        click.echo(
            _(
                "Trial started. Give the seed and the hash to your clinician before %(day)s.",
                day=first.isoformat(),
            )
        )


def _print_before_you_start() -> None:
    from backrub.services.trial_care import before_you_start

    click.echo(_("Before you start:"))
    for line in before_you_start():
        click.echo(f"  - {line}")


def _asked() -> bool:
    return bool(
        click.confirm(
            _('Have you read "Before you start" above, and will you follow it?'), default=False
        )
    )


@trial.command(
    "change",
    cls=Command,
    help=N_(
        "Record on a trial day that a pain medicine changed (medicine) or another treatment "
        "started or stopped (treatment); the trial's report shows it."
    ),
)
@click.argument("what", metavar="KIND", type=Choice(["medicine", "treatment"]))
@click.option("--note", metavar="TEXT", help=N_("What changed, in a few words."))
@click.option("--day", metavar="DATE", help=N_("The trial day it changed (default: today)."))
@pass_runtime
def trial_change(runtime: Runtime, what: str, note: str | None, day: str | None) -> None:
    from backrub.services.trial_care import record_change

    found = record_change(
        runtime.store, runtime.profile(), now=runtime.now(), change=what, note=note, day=day
    )
    click.echo(
        _(
            "Saved for %(day)s: %(change)s. The trial's report shows it.",
            day=found.day.isoformat(),
            change=found.words,
        )
    )


@trial.command("show", cls=Command, help=N_("Show your latest trial: schedule, hash, state."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print as JSON."))
@pass_runtime
def trial_show(runtime: Runtime, as_json: bool) -> None:
    from backrub.services.trial_report import adherence_words, trial_report

    report = trial_report(runtime.store, runtime.profile(), now=runtime.now())
    if as_json:
        emit_json(_report_json(report, runtime))
        return
    click.echo(report.state_words)
    _print_schedule(report.schedule)
    click.echo(adherence_words(report.adherence))
    _print_changes(runtime, report.trial)


def _print_changes(runtime: Runtime, trial: Any) -> None:
    from backrub.services.trial_care import changes_for_report

    changes = changes_for_report(runtime.store, runtime.profile(), trial)
    if not changes:
        click.echo(_("No change of pain medicine or other treatment recorded."))
    for change in changes:
        click.echo(f"{change.day.isoformat()}: {change.words}")


@trial.command("today", cls=Command, help=N_("Show what your trial asks today."))
@pass_runtime
def trial_today(runtime: Runtime) -> None:
    from backrub.services.trials import assignment_on

    profile = runtime.profile()
    found = assignment_on(runtime.store, profile, runtime.today(profile))
    if found is None:
        click.echo(_("No trial runs today."))
        return
    click.echo(found.words)
    if found.washout:
        click.echo(_("A washout day: left out of the main analysis."))


@trial.command("stop", cls=Command, help=N_("Stop your running trial; it is kept as ended early."))
@pass_runtime
def trial_stop(runtime: Runtime) -> None:
    from backrub.services.trials import stop_trial

    stopped = stop_trial(runtime.store, runtime.profile(), now=runtime.now())
    click.echo(
        _(
            "Trial stopped on %(day)s; it is kept and reported as ended early.",
            day=stopped.ended_on.isoformat() if stopped.ended_on else "",
        )
    )


@trial.command("report", cls=Command, help=N_("Show what your trial shows so far."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print as JSON."))
@click.option(
    "--out", metavar="FILE", help=N_("Write the trial's report to FILE.html or FILE.pdf instead.")
)
@pass_runtime
def trial_report_command(runtime: Runtime, as_json: bool, out: str | None) -> None:
    from backrub.services.trial_report import adherence_words, trial_document, trial_report

    if out is not None:
        target = output_path(runtime, out, "trial.pdf")
        fmt = target.suffix.lower().lstrip(".")
        if fmt not in ("html", "pdf"):  # the file as given, not its ending (attack review 7, F8)
            named = out if len(out) <= 40 else target.name  # a long path: its file's name
            raise InvalidInput("out", named, _("name a file ending in .html or .pdf"))
        data = trial_document(runtime.store, runtime.profile(), now=runtime.now(), fmt=fmt)
        write_output(target, data)
        click.echo(_("Wrote the trial's report to %(file)s.", file=shown_path(target)))
        return
    report = trial_report(runtime.store, runtime.profile(), now=runtime.now())
    if as_json:
        emit_json(_report_json(report, runtime))
        return
    click.echo(report.state_words)
    click.echo(adherence_words(report.adherence))
    for line in report.lines:
        click.echo(line)
    click.echo(_("SHA-256 of the schedule: %(hash)s", hash=report.trial.sha256))


@trial.command("export", cls=Command, help=N_("Write your trial's days as CSV."))
@click.option("--out", metavar="FILE", help=N_("Where to write the export."))
@pass_runtime
def trial_export(runtime: Runtime, out: str | None) -> None:
    from backrub.services.trial_report import trial_csv, trial_report

    target = output_path(runtime, out, "trial.csv")
    report = trial_report(runtime.store, runtime.profile(), now=runtime.now())
    write_output(target, trial_csv(report).encode())
    click.echo(
        ngettext(
            "Wrote %(num)d day to %(file)s.",
            "Wrote %(num)d days to %(file)s.",
            len(report.days),
            file=shown_path(target),
        )
    )


def _report_json(report: Any, runtime: Runtime) -> dict[str, Any]:
    from backrub.services.trial_care import changes_for_report
    from backrub.services.trial_report import report_json

    changes = changes_for_report(runtime.store, runtime.profile(), report.trial)
    return {
        **report_json(report),
        "changes": [{"day": c.day.isoformat(), "kind": c.kind, "note": c.note} for c in changes],
    }


COMMANDS = [trial]
