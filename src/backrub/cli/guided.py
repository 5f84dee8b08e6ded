"""``backrub session run TOOL``: a calm, guided self-massage with a live timer.

First the plan (zones, times, total, gun levels, what to avoid), then a
full-screen timer: the zone, a progress bar, time left, the next zone, a cue
at each switch; p pauses, s skips a zone, q stops. Whatever happens (the end,
q, Ctrl-C) exactly what was done is saved.
"""

from __future__ import annotations

import contextlib
import select
import sys
import time
from collections.abc import Iterator
from typing import Any

import click

from backrub.cli.app import Runtime, is_interactive, pass_runtime

StepRow = tuple[Any, int, int | None, str, str, str]  # zone, seconds, level, label, position, feel
Done = tuple[Any, int, int | None]  # zone, seconds done, level


@click.command("run")
@click.argument("tool", required=False)
@click.option("--no-timer", is_flag=True, help="Same flow without waiting (for scripts).")
@click.option("--pain-before", metavar="N", help="Pain before, 0-10.")
@click.option("--pain-during", metavar="N", help="Pain during, 0-10.")
@click.option("--pain-after", metavar="N", help="Pain after, 0-10.")
@pass_runtime
def session_run(
    runtime: Runtime,
    tool: str | None,
    no_timer: bool,
    pain_before: str | None,
    pain_during: str | None,
    pain_after: str | None,
) -> None:
    """Guided self-massage with TOOL (tennis_ball, foam_roller, massage_gun, hands)."""
    from backrub import services
    from backrub.cli.app import ask_if_missing
    from backrub.domain.inputs import parse_optional_int

    if tool is None and is_interactive():
        tool = _choose_tool(runtime)
    tool = ask_if_missing(
        tool, "Tool", "tool", "name the tool: tennis_ball, foam_roller, massage_gun or hands"
    )
    parse_optional_int("pain_before", pain_before, 0, 10)
    parse_optional_int("pain_during", pain_during, 0, 10)
    parse_optional_int("pain_after", pain_after, 0, 10)
    profile = runtime.profile(create=True)
    planned = services.plan_session(runtime.store, profile, tool, now=runtime.now())
    show_plan(planned)
    asking = is_interactive() and not no_timer
    if pain_before is None and asking:
        pain_before = _ask_pain("Pain right now, before you start (0-10)")
    started = runtime.now()
    steps = _steps(planned)
    if no_timer:
        done = [(zone, seconds, level) for zone, seconds, level, *_ in steps]
    else:
        done = run_timer(steps)
    if asking:
        if pain_during is None:
            pain_during = _ask_pain("Highest pain during the session (0-10)")
        if pain_after is None:
            pain_after = _ask_pain("Pain now, after the session (0-10)")
    from backrub.domain.records import ZoneWork
    from backrub.domain.words import counted

    saved = services.finish_guided(
        runtime.store,
        profile,
        tool=planned.decision.tool,
        started_at=started,
        work=[ZoneWork(zone, seconds, level) for zone, seconds, level in done],
        pain_before=pain_before,
        pain_during=pain_during,
        pain_after=pain_after,
    )
    if saved is None:
        click.echo("Nothing was done, so nothing was saved.")
    else:
        click.echo(
            f"Saved: {counted(len(saved.zones), 'zone')}, {saved.total_seconds // 60} min "
            f"{saved.total_seconds % 60} s. Well done; stay active today too."
        )


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
    return str(click.prompt("Tool", type=click.Choice(choices), default=choices[0]))


def _ask_pain(prompt: str) -> str:
    return str(click.prompt(prompt, default="", show_default=False)).strip() or ""


def _steps(planned: Any) -> list[StepRow]:
    from backrub.domain.routines import zone_label

    out = []
    for work in planned.decision.plan:
        step = planned.routine.step(work.zone)
        position = step.position if step else ""
        feel = step.feel if step else ""
        out.append((work.zone, work.seconds, work.gun_level, zone_label(work.zone), position, feel))
    return out


def show_plan(planned: Any) -> None:
    """Print the plan of the session before it starts."""
    from backrub.domain.routines import zone_label

    decision, routine = planned.decision, planned.routine
    click.secho(f"Your {decision.tool.value.replace('_', ' ')} session", bold=True)
    for work in decision.plan:
        level = f", speed level {work.gun_level} of 20" if work.gun_level else ""
        click.echo(f"  {zone_label(work.zone)}: {work.seconds} s{level}")
    total = decision.plan_seconds
    click.echo(f"  Total: {total // 60} min {total % 60} s")
    for reason in decision.reasons:
        click.echo(f"  · {reason}")
    for note in routine.notes:
        click.echo(f"  · {note}")
    click.echo("Keep clear of:")
    for place in routine.avoid:
        click.echo(f"  - {place}")


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


def run_timer(
    steps: list[tuple[Any, int, int | None, str, str, str]],
) -> list[tuple[Any, int, int | None]]:
    """Run the live timer; return (zone, seconds done, level) for every zone started."""
    from rich.console import Group
    from rich.live import Live
    from rich.panel import Panel
    from rich.text import Text

    done: list[Done] = []
    paused = False
    with _keys() as key, Live(refresh_per_second=4, screen=True) as live:
        try:
            for index, (zone, seconds, level, label, position, feel) in enumerate(steps):
                click.echo("\a", nl=False)  # a soft cue at each switch
                elapsed = 0.0
                last = time.monotonic()
                skip = False
                while elapsed < seconds and not skip:
                    pressed = key()
                    if pressed == "p":
                        paused = not paused
                    elif pressed == "s":
                        skip = True
                    elif pressed == "q":
                        raise KeyboardInterrupt
                    now = time.monotonic()
                    if not paused:
                        elapsed += now - last
                    last = now
                    upcoming = steps[index + 1][3] if index + 1 < len(steps) else "the end"
                    speed = f"  ·  speed level {level}" if level else ""
                    body = Group(
                        Text(f"{label}{speed}", style="bold"),
                        Text(position),
                        Text(feel, style="dim"),
                        Text(_bar(min(elapsed, seconds) / seconds), style="green"),
                        Text(f"{max(0, int(seconds - elapsed))} s left  ·  next: {upcoming}"),
                        Text("PAUSED" if paused else "", style="yellow"),
                        Text("p pause · s skip · q stop", style="dim"),
                    )
                    live.update(Panel(body, title=f"zone {index + 1} of {len(steps)}"))
                    time.sleep(0.1)
                done.append((zone, min(int(elapsed), seconds), level))
        except KeyboardInterrupt:
            if "elapsed" in locals() and steps[len(done) :]:
                current = steps[len(done)]
                done.append((current[0], min(int(elapsed), current[1]), current[2]))
    return done


def _bar(fraction: float, width: int = 40) -> str:
    filled = round(fraction * width)
    return "█" * filled + "░" * (width - filled)
