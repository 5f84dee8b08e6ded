"""A small clinic whose cohort can be counted by hand, and the same count in Python.

``build`` gives clinic "a" clients with a first session (day 0), daily pain
(check-ins) and RMDQ / ODI answers around the windows; ``reference`` counts
them with ``domain.cohort_windows.pick_answer`` and
``domain.cohort_counts.count_outcomes``, the rule the SQL must follow.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from backrub.domain.accounts import Account, Role
from backrub.domain.cohort_counts import CohortCounts, client_outcome, count_outcomes
from backrub.domain.cohort_windows import TimePoint, has_room, pick_answer, responder_rule
from backrub.domain.instruments import INSTRUMENTS
from backrub.domain.records import CheckIn, ProSession, Response, Technique
from backrub.domain.scoring import score
from backrub.evidence.loading import load_rules
from backrub.store import Store
from backrub.store import accounts as account_rows
from backrub.store.clinic_tables import assignments
from tests.clinic.conftest import _HASH, People
from tests.web.conftest import NOW

DAY0 = date(2025, 7, 1)  # 184 days and more before NOW: the 24-week window has closed


def rmdq(ticks: int) -> tuple[float | None, ...]:
    return tuple([1] * ticks + [0] * (24 - ticks))


def odi(total: int, *, missing: int = 0) -> tuple[float | None, ...]:
    """Ten sections summing to ``total`` (0-50), the last ``missing`` left blank."""
    answers: list[float | None] = []
    left = total
    for _ in range(10 - missing):
        part = min(5, left)
        answers.append(part)
        left -= part
    answers += [None] * missing
    return tuple(answers)


@dataclass
class Client:
    """One client's plan: pain by day, questionnaires by day (days from day 0)."""

    name: str
    therapists: tuple[str, ...]
    tz: str = "Asia/Ho_Chi_Minh"
    start: date | None = DAY0  # None: never had a session (not enrolled)
    hour: int = 8
    pain: dict[int, int] = field(default_factory=dict)
    answers: dict[int, tuple[str, tuple[float | None, ...]]] = field(default_factory=dict)
    clinic: str = "a"


def _at(day: date, hour: int, tz: str) -> datetime:
    return datetime.combine(day, time(hour), ZoneInfo(tz))


def add_client(store: Store, people: People, plan: Client) -> Account:
    clinic_id = people.clinic_ids[plan.clinic]
    account = account_rows.add_account(
        store,
        clinic_id=clinic_id,
        role=Role.CLIENT,
        email=f"{plan.name}@{plan.clinic}.cohort.example",
        display_name=f"Cohort {plan.name}",
        password_hash=_HASH,
        now=NOW,
    )
    people.accounts[f"{plan.clinic}.{plan.name}"] = account
    assert account.profile_id is not None
    profile = account.profile_id
    with store.writing() as c:
        for therapist in plan.therapists:
            c.execute(
                assignments.insert().values(
                    clinic_id=clinic_id,
                    therapist_id=people[f"{plan.clinic}.{therapist}"].id,
                    client_id=account.id,
                    assigned_at=NOW,
                )
            )
    if plan.start is not None:
        for later in (7, 0, 14):  # not in time order: the first by time is day 0
            store.add_pro_session(
                profile,
                ProSession(
                    _at(plan.start + timedelta(later), 10, plan.tz),
                    plan.tz,
                    Technique.RELAXATION,
                    50,
                ),
            )
    base = plan.start or DAY0
    for day, pain in plan.pain.items():
        store.add_checkin(
            profile, CheckIn(_at(base + timedelta(day), plan.hour, plan.tz), plan.tz, pain)
        )
    for day, (instrument, answers) in plan.answers.items():
        store.add_response(
            profile,
            Response(_at(base + timedelta(day), plan.hour, plan.tz), plan.tz, instrument, answers),
        )
    return account


def reference(plans: Iterable[Client], instrument: str) -> CohortCounts:
    """Count ``plans`` on ``instrument`` the domain's way (one answer a day in these plans)."""
    rule = responder_rule(instrument, load_rules())
    outcomes = []
    for plan in plans:
        if plan.start is None:
            continue
        answers = _scored(plan, instrument)
        baseline = pick_answer(answers, start=plan.start, point=TimePoint.BASELINE)
        if baseline is None or not has_room(rule, baseline):
            continue
        outcomes.append(
            client_outcome(
                rule,
                baseline=baseline,
                at_12=pick_answer(answers, start=plan.start, point=TimePoint.WEEK_12),
                at_24=pick_answer(answers, start=plan.start, point=TimePoint.WEEK_24),
            )
        )
    return count_outcomes(outcomes)


def _scored(plan: Client, instrument: str) -> Sequence[tuple[date, float]]:
    assert plan.start is not None
    found = []
    if instrument == "nrs":  # the check-ins' pain, then the follow-up's "pain now"
        found = [(plan.start + timedelta(d), float(p)) for d, p in sorted(plan.pain.items())]
    for day, (name, answers) in sorted(plan.answers.items()):
        result = score(INSTRUMENTS[name], answers).score if name == instrument else None
        if result is not None:
            found.append((plan.start + timedelta(day), float(result)))
    return sorted(found, key=lambda answer: answer[0])
