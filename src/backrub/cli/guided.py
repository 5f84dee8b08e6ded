"""``backrub session run TOOL``: a calm, guided self-massage with a live timer.

First the plan (zones, times, total, gun levels, what to avoid), then a
full-screen timer: the zone, a progress bar, time left, the next zone, a cue
at each switch; p pauses, s skips a zone, q stops. Whatever happens (the end,
q, Ctrl-C) what was timed goes to ``services.guided.finish_guided``, the same
path as the web page and the API: capped at the plan, and a zone counts as
done only after the least time (30 s, a record-keeping default); a shorter
zone is saved with its time, the pain ratings and the note, but stays open.
"""

from __future__ import annotations

import contextlib
import select
import sys
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import click

from backrub.cli.app import Runtime, is_interactive, pass_runtime
from backrub.cli.click_words import Command
from backrub.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from backrub.services.guided import Finished

Done = dict[Any, tuple[object, object]]  # zone -> (seconds done, level)


@click.command(
    "run",
    cls=Command,
    help=N_("Guided self-massage with TOOL (tennis_ball, foam_roller, massage_gun, hands)."),
)
@click.argument("tool", required=False)
@click.option("--no-timer", is_flag=True, help=N_("Same flow without waiting (for scripts)."))
@click.option(
    "--done",
    metavar="ZONE:SECONDS,...",
    help=N_("Instead of the timer, what you did (e.g. timed on a phone); capped at the plan."),
)
@click.option("--pain-before", metavar="N", help=N_("Pain before, 0-10."))
@click.option("--pain-during", metavar="N", help=N_("Pain during, 0-10."))
@click.option("--pain-after", metavar="N", help=N_("Pain after, 0-10."))
@click.option("--note", metavar="TEXT", help=N_("A note, e.g. why you stopped; kept in history."))
@pass_runtime
def session_run(
    runtime: Runtime,
    tool: str | None,
    no_timer: bool,
    done: str | None,
    pain_before: str | None,
    pain_during: str | None,
    pain_after: str | None,
    note: str | None,
) -> None:
    from backrub import services
    from backrub.cli.app import ask_if_missing
    from backrub.domain.inputs import parse_optional_int
    from backrub.services.guided import check_reported, finish_guided, steps_of

    if tool is None and is_interactive():
        tool = _choose_tool(runtime)
    allowed = N_("name the tool: tennis_ball, foam_roller, massage_gun or hands")
    tool = ask_if_missing(tool, N_("Tool"), "tool", allowed)
    parse_optional_int("pain_before", pain_before, 0, 10)
    parse_optional_int("pain_during", pain_during, 0, 10)
    parse_optional_int("pain_after", pain_after, 0, 10)
    reported = None if done is None else _parse_done(done)
    profile = runtime.profile(create=True)
    started = runtime.now()
    planned = services.plan_session(runtime.store, profile, tool, now=started)
    if reported is not None:  # checked before the plan is shown: one line, nothing printed
        check_reported(runtime.store, profile, planned, reported, started=started, field=_field)
    show_plan(planned)
    steps = steps_of(planned)
    asking = is_interactive() and not no_timer and reported is None
    if pain_before is None and asking:
        pain_before = _ask_pain(_("Pain right now, before you start (0-10)"))
    if reported is None and no_timer:
        reported = {step.zone: (step.seconds, None) for step in steps}
    elif reported is None:
        reported = run_timer(steps)
    if asking:
        if pain_during is None:
            pain_during = _ask_pain(_("Highest pain during the session (0-10)"))
        if pain_after is None:
            pain_after = _ask_pain(_("Pain now, after the session (0-10)"))
    finished = finish_guided(
        runtime.store,
        profile,
        tool=planned.decision.tool,
        started_at=started,
        now=runtime.now(),
        reported=reported,
        field=_field,
        pain_before=pain_before,
        pain_during=pain_during,
        pain_after=pain_after,
        note=note,
    )
    for line in finished_words(finished):
        click.echo(line)


def _field(zone: Any, part: str) -> str:
    """Name a zone's part in an error as the flag and the zone in words."""
    from backrub.domain.routines import zone_label

    return f"--done ({zone_label(zone)})"


def _parse_done(text: str) -> Done:
    """Parse --done 'zone:seconds,...'; a zone is its id or its words ("left buttock").

    The service checks the zones against the plan and the seconds.
    """
    from backrub.domain.records import Zone
    from backrub.domain.routines import zone_label
    from backrub.errors import InvalidInput

    names: dict[str, Zone] = {}
    for each in Zone:
        label = zone_label(each).lower()
        names |= {each.value: each, label: each, label.split(" (")[0]: each}
    reported: Done = {}
    for item in (part.strip() for part in text.split(",")):
        name, colon, seconds = item.rpartition(":")
        if not item or not colon:
            raise InvalidInput(
                "--done",
                item,
                _("write zone:seconds, e.g. '%(example)s'", example="left buttock:60"),
            )
        zone = names.get(" ".join(name.split()).lower())
        if zone is None:
            words = ", ".join(zone_label(z) for z in Zone)
            raise InvalidInput("--done", name.strip(), _("name a zone: %(zones)s", zones=words))
        if zone in reported:
            raise InvalidInput("--done", item, _("name each zone once (it is given twice)"))
        reported[zone] = (seconds.strip(), None)
    return reported


def finished_words(finished: Finished) -> list[str]:
    """Word what a guided session saved: the ending depends on what was really done."""
    from backrub.domain.routines import zone_label
    from backrub.services.guided import ending_words, least_rule_words

    lines = [
        f"  {zone_label(c.zone)}: "
        + _(
            "%(reported)s s reported, %(kept)s s saved (the plan's time).",
            reported=c.reported,
            kept=c.kept,
        )
        for c in finished.capped
    ]
    lines += [
        f"  {zone_label(w.zone)}: "
        + _(
            "%(seconds)s s, started but not completed: the time is saved and counts toward "
            "today's limit; the zone stays open today.",
            seconds=w.seconds,
        )
        for w in finished.too_short
    ]
    if finished.too_short:
        lines.append(f"  ({least_rule_words()}.)")
    saved = finished.saved
    if saved is None:
        lines.append(_("Nothing was done, so nothing was saved."))
    else:
        lines.append(
            _(
                "Saved: %(minutes)d min %(seconds)d s on %(zones)s, with your pain ratings; "
                "%(done)d of %(planned)d zones count as worked.",
                minutes=saved.total_seconds // 60,
                seconds=saved.total_seconds % 60,
                zones=ngettext("%(num)d zone", "%(num)d zones", len(saved.zones)),
                done=len(finished.completed),
                planned=finished.planned,
            )
        )
        if finished.complete:
            lines.append(_("You did the whole plan. Stay active today too."))
    lines += ending_words(finished)
    return lines


def _choose_tool(runtime: Runtime) -> str:
    """Offer the tools the plan lists (those you own and screening allows)."""
    from backrub import services
    from backrub.errors import NotFound

    profile = runtime.profile(create=True)
    owned: list[str] = []
    try:
        plan = services.current_plan(runtime.store, profile, today=runtime.today(profile)).plan
        owned = [t.value for t in plan.self_massage.tools]
    except NotFound:
        pass
    choices = owned or ["tennis_ball", "foam_roller", "massage_gun", "hands"]
    return str(click.prompt(_("Tool"), type=click.Choice(choices), default=choices[0]))


def _ask_pain(prompt: str) -> str:
    return str(click.prompt(prompt, default="", show_default=False)).strip() or ""


def show_plan(planned: Any) -> None:
    """Print the plan of the session before it starts."""
    from backrub.domain.routines import zone_label

    decision, routine = planned.decision, planned.routine
    tool = decision.tool.value.replace("_", " ")
    click.secho(_("Your %(tool)s session", tool=tool), bold=True)
    for work in decision.plan:
        level = _(", speed level %(level)s of 20", level=work.gun_level) if work.gun_level else ""
        click.echo(f"  {zone_label(work.zone)}: {work.seconds} s{level}")
    total = decision.plan_seconds
    click.echo(
        "  " + _("Total: %(minutes)d min %(seconds)d s", minutes=total // 60, seconds=total % 60)
    )
    for reason in decision.reasons:
        click.echo(f"  · {reason}")
    for note in routine.notes:
        click.echo(f"  · {_(note)}")
    click.echo(_("Keep clear of:"))
    for place in routine.avoid:
        click.echo(f"  - {_(place)}")


@contextlib.contextmanager
def _keys() -> Iterator[Any]:
    """Yield a function returning a pressed key or None; cbreak mode on a terminal."""
    if not sys.stdin.isatty():
        yield lambda: None
        return
    import termios
    import tty

    fd = sys.stdin.fileno()
    old = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)

        def read() -> str | None:
            ready, _, _ = select.select([sys.stdin], [], [], 0)
            return sys.stdin.read(1).lower() if ready else None

        yield read
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, old)


def run_timer(steps: list[Any]) -> Done:
    """Run the live timer over ``steps`` (``StepView``); return the seconds done per zone.

    Only what was timed is returned; ``finish_guided`` decides what counts.
    """
    from rich.live import Live

    done: Done = {}
    state = {"paused": False}
    with _keys() as key, Live(refresh_per_second=4, screen=True) as live:
        try:
            for index, step in enumerate(steps):
                click.echo("\a", nl=False)  # a soft cue at each switch
                done[step.zone] = (0, None)
                elapsed = 0.0
                last = time.monotonic()
                while elapsed < step.seconds:
                    pressed = key()
                    if pressed == "q":
                        raise KeyboardInterrupt
                    if pressed == "s":
                        break
                    if pressed == "p":
                        state["paused"] = not state["paused"]
                    now = time.monotonic()
                    elapsed += 0 if state["paused"] else now - last
                    last = now
                    done[step.zone] = (min(int(elapsed), step.seconds), None)
                    live.update(_panel(steps, index, elapsed, paused=state["paused"]))
                    time.sleep(0.1)
        except KeyboardInterrupt:
            pass  # q or Ctrl-C: what was timed so far is in ``done``
    return done


def _panel(steps: list[Any], index: int, elapsed: float, *, paused: bool) -> Any:
    """Return the timer's screen for zone ``index``: the zone, the time left, the next zone."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    step = steps[index]
    upcoming = steps[index + 1] if index + 1 < len(steps) else None
    following = (
        _("Next: %(zone)s, %(seconds)s s.", zone=upcoming.label, seconds=upcoming.seconds)
        + f" {upcoming.position}"
        if upcoming
        else _("Next: the end")
    )
    speed = "  ·  " + _("speed level %(level)s", level=step.level) if step.level else ""
    counts = (
        _("counts as done after %(seconds)s s (a record-keeping default)", seconds=step.least)
        if elapsed < step.least
        else _("counted: this zone is done")
    )
    body = Group(
        Text(f"{step.label}{speed}", style="bold"),
        Text(step.position),
        Text(step.feel, style="dim"),
        Text(_bar(min(elapsed, step.seconds) / step.seconds), style="green"),
        Text(
            _("%(seconds)d s left", seconds=max(0, int(step.seconds - elapsed))) + f"  ·  {counts}"
        ),
        Text(following),
        Text(_("PAUSED") if paused else "", style="yellow"),
        Text(_("p pause · s skip · q stop"), style="dim"),
    )
    return Panel(body, title=_("zone %(num)d of %(total)d", num=index + 1, total=len(steps)))


def _bar(fraction: float, width: int = 40) -> str:
    filled = round(fraction * width)
    return "█" * filled + "░" * (width - filled)
