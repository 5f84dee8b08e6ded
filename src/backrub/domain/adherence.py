"""Count a plan's professional sessions once, so every page says the same numbers.

The words, as used on the plan page, ``plan show``, progress, the report and
the API (all through ``count_sessions`` and ``SessionCount.words``):

- **planned**: every professional session of the plan *as it was made*, the
  whole plan (the protocol's dose), and what they cost together;
- **due**: those of the planned sessions whose day is on or before ``as_of``
  (a session due today is due, but not missed yet);
- **done**: professional sessions logged from the plan's first day up to
  ``as_of``, whichever day they were on (therapists move appointments, and
  the trials counted sessions);
- **missed**: days of due sessions before ``as_of`` that no logged session
  settles (``match_sessions``), whether or not a make-up was found;
- **upcoming**: sessions on the calendar after ``as_of`` once missed ones are
  moved and sessions done early replace the last ones (``replan``), with
  their cost.

Self-massage counts days with at least one session up to the plan's end;
resting on a sore day is the rule, so such a day is not a failure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from backrub.domain.plan_model import Kind, Plan
from backrub.domain.records import ProSession, SelfSession
from backrub.domain.replan import done_days, local_day, match_sessions, replan
from backrub.domain.words import day, money
from backrub.i18n import _, ngettext

__all__ = ["Adherence", "KindAdherence", "SessionCount", "adherence", "count_sessions"]


def _money(amount: Decimal | None, currency: str) -> str:
    return "" if amount is None else f" ({money(amount, currency)})"


@dataclass(frozen=True, slots=True)
class SessionCount:
    """Planned, due, done, missed and upcoming professional sessions of one plan."""

    as_of: date
    planned: int
    due: int
    done: int
    missed: tuple[date, ...]
    upcoming: int
    unscheduled: int  # missed sessions that no longer fit the protocol's window
    currency: str
    cost_planned: Decimal | None
    cost_upcoming: Decimal | None

    @property
    def share_pct(self) -> int | None:
        """Return done as a share of due (capped at 100), ``None`` when nothing was due."""
        if self.due == 0:
            return None
        return round(100 * min(self.done, self.due) / self.due)

    @property
    def words(self) -> str:
        """Return the one sentence every page shows for these numbers."""
        if self.planned == 0:
            return _("No professional sessions in this plan; %(done)s done.", done=self.done)
        missed = ", ".join(day(d) for d in self.missed) if self.missed else _("none")
        return ngettext(
            "%(num)d professional session in the whole plan%(cost)s; %(due)s due up to "
            "%(as_of)s and %(done)s done; missed: %(missed)s; %(upcoming)s still to "
            "come%(cost_upcoming)s.",
            "%(num)d professional sessions in the whole plan%(cost)s; %(due)s due up to "
            "%(as_of)s and %(done)s done; missed: %(missed)s; %(upcoming)s still to "
            "come%(cost_upcoming)s.",
            self.planned,
            cost=_money(self.cost_planned, self.currency),
            due=self.due,
            as_of=day(self.as_of),
            done=self.done,
            missed=missed,
            upcoming=self.upcoming,
            cost_upcoming=_money(self.cost_upcoming, self.currency),
        )

    def to_json(self) -> dict[str, object]:
        """Return the public shape (``plan show --json``, the API, ``progress --json``)."""
        return {
            "as_of": self.as_of.isoformat(),
            "planned": self.planned,
            "due": self.due,
            "done": self.done,
            "missed": [d.isoformat() for d in self.missed],
            "upcoming": self.upcoming,
            "unscheduled": self.unscheduled,
            "share_pct": self.share_pct,
            "currency": self.currency,
            "cost_planned": None if self.cost_planned is None else str(self.cost_planned),
            "cost_upcoming": None if self.cost_upcoming is None else str(self.cost_upcoming),
            "words": self.words,
        }


def count_sessions(made: Plan, pro_sessions: Sequence[ProSession], *, today: date) -> SessionCount:
    """Count the professional sessions of the plan ``made`` (as made, not re-planned).

    Passing an already re-planned plan would count its make-ups as planned and
    lose the sessions an early one replaced; pass the plan as it was made.
    """
    _kept, missed, _surplus = match_sessions(made, pro_sessions, today)
    current = replan(made, pro_sessions, today=today)
    ahead = [s for s in current.sessions if s.on > today]
    costs = [s.cost for s in ahead]
    cost_upcoming = (
        None
        if any(c is None for c in costs) or made.cost_total is None
        else sum((c for c in costs if c is not None), Decimal(0))
    )
    return SessionCount(
        as_of=today,
        planned=len(made.sessions),
        due=sum(1 for s in made.sessions if s.on <= today),
        done=len(done_days(made, pro_sessions, today)),
        missed=tuple(sorted(s.on for s in missed)),
        upcoming=len(ahead),
        unscheduled=len(current.unscheduled),
        currency=made.currency,
        cost_planned=made.cost_total,
        cost_upcoming=cost_upcoming,
    )


@dataclass(frozen=True, slots=True)
class KindAdherence:
    kind: Kind
    planned: int
    done: int

    @property
    def share_pct(self) -> int | None:
        """Return done as a share of planned (capped at 100), ``None`` when nothing was due."""
        if self.planned == 0:
            return None
        return round(100 * min(self.done, self.planned) / self.planned)


@dataclass(frozen=True, slots=True)
class Adherence:
    as_of: date
    professional: SessionCount
    self_massage: KindAdherence

    @property
    def missed(self) -> tuple[date, ...]:
        return self.professional.missed


def adherence(
    made: Plan,
    pro_sessions: Sequence[ProSession],
    self_sessions: Sequence[SelfSession],
    *,
    today: date,
) -> Adherence:
    """Return the session count and self-massage days of the plan ``made`` up to ``today``."""
    last = min(today, made.end)
    days = (last - made.start).days + 1 if made.self_massage.tools and last >= made.start else 0
    self_days = {local_day(s.at, s.tz) for s in self_sessions}
    return Adherence(
        as_of=today,
        professional=count_sessions(made, pro_sessions, today=today),
        self_massage=KindAdherence(
            Kind.SELF_MASSAGE, days, sum(1 for d in self_days if made.start <= d <= last)
        ),
    )
