"""Questionnaires and progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from backrub.cli.app import (
    Runtime,
    emit_json,
    is_interactive,
    output_path,
    pass_runtime,
    tell_repeated_time,
    write_output,
)
from backrub.cli.click_words import Command
from backrub.cli.progress import progress_bar
from backrub.cli.shown import day, number
from backrub.cli.shown import path as shown_path
from backrub.errors import InvalidInput
from backrub.i18n import N_, _


@click.command(
    "score",
    cls=Command,
    help=N_("Score answers to INSTRUMENT without saving (nrs, peg, rmdq, phq2, phq9, gad7, ...)."),
)
@click.argument("instrument")
@click.option(
    "--answers", metavar="ANSWERS", help=N_("Answers in item order; '-' for a missing one.")
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print as JSON."))
def score_cmd(instrument: str, answers: str | None, as_json: bool) -> None:
    from backrub import services

    if answers is None:
        raise InvalidInput("--answers", None, _("give the answers in item order, e.g. 3,4,5"))
    result = services.score_text(instrument, answers)
    if as_json:
        emit_json(result.to_json())  # a refusal as data: "score": null, "reason", "missing"
        return
    if result.score is None and result.missing:
        from backrub.domain.scoring import Unanswered

        raise Unanswered(
            result.missing,
            result.reason or _("answer every question"),
            urgent_help=result.urgent_help,
        )
    click.echo(_score_line(result))
    _urgent(result)
    _translation(result.instrument)


def _urgent(result: Any) -> None:
    """Say where to get help now when the answers call for it (nhs-lpft-need-help-now)."""
    from backrub.domain.instruments import get_instrument
    from backrub.domain.mood import URGENT_SOURCES, urgent_help_words

    if result.urgent_help:
        self_harm = get_instrument(result.instrument).urgent_item is not None
        words = urgent_help_words(asks_about_self_harm=self_harm)
        click.secho(f"{words} ({', '.join(URGENT_SOURCES)})", bold=True)


def _score_line(result: Any) -> str:
    from backrub.domain.instruments import get_instrument
    from backrub.domain.scoring import urgent_despite_total

    instrument = get_instrument(result.instrument)
    if result.score is None:
        return _("%(name)s: no score (%(reason)s)", name=instrument.name, reason=result.reason)
    band = _(result.band) if result.band else None  # the catalogue holds the bands' words
    extra = band or (_("%(risk)s risk", risk=_(result.risk)) if result.risk else None)
    if result.positive_screen is not None:
        screen = _("positive screen") if result.positive_screen else _("negative screen")
        extra = f"{extra}, {screen}" if extra else screen
    # A low total under the urgent-help words is not "minimal, negative" (review).
    extra = urgent_despite_total(instrument, result) or extra
    unit = {"%": "%", "cm": " cm"}.get(instrument.unit, "")
    shown = f"{instrument.name}: {number(result.score)}{unit}"
    return shown + (f" ({extra})" if extra else "")


@click.command(cls=Command, help=N_("Answer INSTRUMENT's questions and keep the result."))
@click.argument("instrument")
@click.option("--answers", metavar="ANSWERS", help=N_("Answers in item order (for scripts)."))
@click.option(
    "--activities", metavar="ACTIVITIES", help=N_("PSFS: the 3-5 activities, separated by ';'.")
)
@click.option("--items-file", metavar="FILE", help=N_("ODI / STarT Back: your licensed item text."))
@click.option("--at", metavar="ISO", help=N_("When (default: now)."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the score as JSON."))
@pass_runtime
def survey(
    runtime: Runtime,
    instrument: str,
    answers: str | None,
    activities: str | None,
    items_file: str | None,
    at: str | None,
    as_json: bool,
) -> None:
    from backrub import services
    from backrub.domain.instruments import get_instrument
    from backrub.services.licensed import MAX_ITEMS_FILE_BYTES, items_text, licensed_form

    chosen = get_instrument(instrument)
    text = None
    if items_file:
        path = Path(items_file).expanduser()
        try:
            if not path.is_file():  # a folder, a pipe or a device: never read (a pipe waits)
                raise OSError(items_file)
            with path.open("rb") as handle:
                raw = handle.read(MAX_ITEMS_FILE_BYTES + 1)
        except OSError:
            raise InvalidInput("items_file", items_file, _("give a readable TOML file")) from None
        text = items_text(raw, items_file)
    form = licensed_form(chosen, text)
    if answers is None:
        if not is_interactive():
            raise InvalidInput("--answers", None, _("give the answers in item order, e.g. 3,4,5"))
        answers, activities = _ask(chosen, form, activities)
    profile = runtime.profile(create=True)
    _response, result = services.record_response(
        runtime.store,
        profile,
        instrument_id=chosen.id,
        answers=answers,
        labels=activities,
        at=at,
        now=runtime.now(),
        form=form,
    )
    tell_repeated_time(profile.tz, at)
    if as_json:
        emit_json(result.to_json())
    else:
        click.echo(_("Saved.") + " " + _score_line(result))
        _urgent(result)
        _translation(chosen.id)


def _translation(instrument_id: str) -> None:
    """Say so when the questions were backrub's own unvalidated translation."""
    from backrub.domain.instrument_languages import translation_notice
    from backrub.i18n import current

    notice = translation_notice(instrument_id, current())
    if notice:
        click.echo(notice)


def _ask(instrument: Any, form: Any, activities: str | None) -> tuple[str, str | None]:
    """Ask each item on the terminal; return the answers as the --answers text."""
    if form is None:
        _translation(instrument.id)
    if instrument.instructions:
        click.echo(_(instrument.instructions))
    if instrument.id == "psfs":
        names = [n for n in (activities or "").split(";") if n.strip()]
        while len(names) < 3:
            names.append(click.prompt(_("Activity %(num)d you find hard", num=len(names) + 1)))
        replies = [
            click.prompt(
                _("%(name)s: how well can you do it now (0 unable - 10 as before)", name=name)
            )
            for name in names
        ]
        return ",".join(replies), ";".join(names)
    replies = []
    for index, item in enumerate(instrument.items):
        text = form.items[index].text if form is not None else _(item.text)
        scale = item.scale
        if form is not None:
            for n, option in enumerate(form.items[index].options):
                click.echo(f"  {n}: {option}")
        elif scale.labels:
            for n, label in enumerate(scale.labels):
                click.echo(f"  {int(scale.low) + n}: {_(label)}")
        ask = _("%(text)s (%(scale)s, '-' for no answer)", text=text, scale=scale.describe())
        replies.append(str(click.prompt(ask)))
    return ",".join(replies), None


@click.command(
    cls=Command,
    help=N_("Is it helping? Baseline vs latest, trend, days after massage vs others, dose."),
)
@click.option(
    "--json", "as_json", is_flag=True, help=N_("Print as JSON (schema in docs/progress.md).")
)
@pass_runtime
def progress(runtime: Runtime, as_json: bool) -> None:
    from backrub import services
    from backrub.services.measures import due_words

    profile = runtime.profile()
    result = services.progress(runtime.store, profile, now=runtime.now())
    review = services.review_notes(runtime.store, profile, today=runtime.today(profile))
    if as_json:
        notes = [{"kind": n.kind, "words": n.words, "sources": list(n.sources)} for n in review]
        emit_json(result.to_json() | {"review": notes})
        return
    click.secho(
        _("Progress for %(name)s, as of %(day)s", name=profile.name, day=day(result.as_of)),
        bold=True,
    )
    for note in review:
        click.secho(f"! {note.words}", fg="yellow")
    if not result.changes:
        click.echo(_("Not enough data yet: two weeks of check-ins or two questionnaires."))
    for c in result.changes:
        click.echo(f"- {c.words}")
    for translation_note in result.translation_notes:
        click.echo(f"- {translation_note}")
    for part in (result.pain_trend, result.days_compared, result.dose):
        if part is not None:
            click.echo(f"- {part.words}")
    for t in result.trials:
        click.echo(f"- {t.words}")
    for item in result.due:
        status = _("overdue") if item["status"] == "overdue" else _("due")
        what, source = due_words(item), _(str(item["source"]))
        click.echo(f"- {status}: {what} ({_due_day(item['on'])}; {source})")
    click.echo(
        _(
            "backrub informs and records; it does not diagnose. A trial average is no "
            "prediction for one person."
        )
    )


def _due_day(on: object) -> str:
    from datetime import date

    try:
        return day(date.fromisoformat(str(on)))
    except ValueError:
        return str(on)


@click.command(cls=Command, help=N_("Write a report for your doctor or therapist (HTML or PDF)."))
@click.option("--out", metavar="FILE", help=N_("FILE.html or FILE.pdf."))
@click.option(
    "--sections",
    metavar="LIST",
    help=N_(
        "Comma-separated: summary, screening, plan, instruments, progress, charts, "
        "sessions, overrides, evidence, or all (default: summary,screening,charts)."
    ),
)
@pass_runtime
def report(runtime: Runtime, out: str | None, sections: str | None) -> None:
    from backrub import services

    target = output_path(runtime, out, "report.pdf")
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in ("html", "pdf"):
        raise InvalidInput("--out", out, _("name a file ending in .html or .pdf"))
    profile = runtime.profile()
    with progress_bar(_("Writing the report (%(format)s)", format=fmt)) as step:
        data = services.render_report(
            runtime.store,
            profile,
            now=runtime.now(),
            fmt=fmt,
            sections=sections,
            progress=step,
        )
        write_output(target, data)
    click.echo(_("Wrote %(file)s.", file=shown_path(target)))


COMMANDS = [score_cmd, survey, progress, report]
