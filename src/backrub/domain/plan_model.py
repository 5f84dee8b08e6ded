"""What a plan is made of: its sessions, daily slot, activity goal and assessments.

Making a plan is ``backrub.domain.plans``; following it through time is
``backrub.domain.replan``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from enum import StrEnum

from backrub.domain.records import Tool


class Kind(StrEnum):
    PROFESSIONAL = "professional"
    SELF_MASSAGE = "self_massage"
    ACTIVITY = "activity"
    ASSESSMENT = "assessment"


@dataclass(frozen=True, slots=True)
class PlannedSession:
    """One professional session; ``moved_from`` is set when it makes up a missed one."""

    on: date
    duration_min: int
    cost: Decimal | None
    evidence: tuple[str, ...]
    reason: str
    moved_from: date | None = None


@dataclass(frozen=True, slots=True)
class DailySlot:
    """The daily self-massage slot; no ``tools`` means no self-massage for now."""

    at: time
    cap_min: int
    gun_max_min: int | None
    tools: tuple[Tool, ...]
    evidence: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class ActivityGoal:
    minutes_per_day: int
    evidence: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class Assessment:
    on: date
    weeks: int
    evidence: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class Unscheduled:
    """A missed session that no longer fits in the protocol's window."""

    was_on: date
    reason: str


@dataclass(frozen=True, slots=True)
class Plan:
    protocol_id: str
    title: str
    evidence: tuple[str, ...]
    start: date
    window_end: date  # last day inside the protocol's window
    end: date  # the 12-week assessment or the window end, whichever is later
    made_on: date
    weekdays: frozenset[int]
    currency: str
    session_at: time
    sessions: tuple[PlannedSession, ...]
    self_massage: DailySlot
    activity: ActivityGoal
    assessments: tuple[Assessment, ...]
    notes: tuple[str, ...]
    unscheduled: tuple[Unscheduled, ...] = ()
    changes: tuple[str, ...] = ()

    @property
    def cost_total(self) -> Decimal | None:
        costs = [s.cost for s in self.sessions]
        if not costs or any(c is None for c in costs):
            return None
        return sum((c for c in costs if c is not None), Decimal(0))
