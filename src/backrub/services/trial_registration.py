"""A trial's schedule as plain text to keep or give to a clinician before the first day.

The text names the design, the seed, each period (with the day it counts from,
after the washout) and the SHA-256, and ends with the exact lines the hash is of,
so anyone can check the hash (``sha256sum``) without backrub. It claims nothing
about who received it: backrub cannot know.
"""

from __future__ import annotations

from datetime import date, timedelta

from backrub.domain.nof1_design import Schedule, parse_design, schedule
from backrub.i18n import _
from backrub.services.trials import _first_day

BEGIN = "----- BEGIN SCHEDULE -----"
END = "----- END SCHEDULE -----"


def planned_schedule(
    today: date,
    *,
    pairs: object = None,
    period_days: object = None,
    washout_days: object = None,
    seed: object,
    first_day: object = None,
) -> Schedule:
    """Return the schedule a plan showed (no baseline needed: nothing is simulated)."""
    design = parse_design(
        pairs=pairs, period_days=period_days, washout_days=washout_days, seed=seed
    )
    return schedule(design, _first_day(first_day, today))


def registration_text(found: Schedule, *, fixed_on: date, started: bool) -> str:
    """Return the schedule, seed and hash as plain text (a download)."""
    d = found.design
    lines = [
        _("backrub: N-of-1 trial of massage against no massage"),
        _(
            "Design: %(pairs)s pairs of periods of %(days)s days; the first %(washout)s days "
            "of each period are a washout (left out of the main analysis).",
            pairs=d.pairs,
            days=d.period_days,
            washout=d.washout_days,
        ),
        _("Seed: %(seed)s", seed=d.seed),
        _("SHA-256 of the schedule: %(hash)s", hash=found.sha256),
        _("Schedule fixed on %(day)s.", day=fixed_on.isoformat())
        if started
        else _("Planned on %(day)s; not started yet.", day=fixed_on.isoformat()),
        "",
    ]
    for n, p in enumerate(found.periods, start=1):
        arm = _("massage") if p.arm == "A" else _("no massage")
        counts = p.first + timedelta(days=d.washout_days)
        lines.append(
            _(
                "Period %(n)s (pair %(pair)s): %(first)s to %(last)s, %(arm)s; "
                "counts from %(counts)s.",
                n=n,
                pair=p.pair + 1,
                first=p.first.isoformat(),
                last=p.last.isoformat(),
                arm=arm,
                counts=counts.isoformat(),
            )
        )
    lines += [
        "",
        _(
            "The SHA-256 is of the lines between the two markers below, each ending in a "
            "new line; a clinician can check it with any SHA-256 tool."
        ),
        BEGIN,
        found.canonical_text.rstrip("\n"),
        END,
    ]
    return "\n".join(lines) + "\n"
