"""The therapist's follow-up page: warning signs first, then what is overdue, then completion.

Completion counts the questionnaires that were due and can no longer change
their outcome by waiting: answered, or not answered in time. One still open is
counted apart (due and waiting), not as a failure. A client who answered "yes"
to an emergency warning sign in a follow-up is shown at the top with the time,
whatever else they answered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from backrub.domain.accounts import Account, Role
from backrub.domain.follow_up import Administration, Contacted, State
from backrub.services.client_record import not_here
from backrub.services.follow_up_alerts import Alert, newest_first
from backrub.store import follow_up_rows as rows
from backrub.store.repository import Store


@dataclass(frozen=True, slots=True)
class Completion:
    answered: int = 0
    missed: int = 0  # not answered in time
    waiting: int = 0  # due, still open

    @property
    def share(self) -> float | None:
        """Answered out of those that were due and closed; None when none closed yet."""
        closed = self.answered + self.missed
        return None if closed == 0 else self.answered / closed


@dataclass(frozen=True, slots=True)
class ClientLine:
    public_id: str
    name: str
    completion: Completion


@dataclass(frozen=True, slots=True)
class Overview:
    alerts: tuple[Alert, ...]
    overdue: tuple[rows.Listed, ...]  # oldest due first
    clients: tuple[ClientLine, ...]
    overall: Completion


def _count(items: list[Administration], now: datetime) -> Completion:
    return Completion(
        answered=sum(a.state is State.COMPLETED for a in items),
        missed=sum(a.state is State.EXPIRED for a in items),
        waiting=sum(a.is_overdue(now) for a in items),
    )


def overview(store: Store, therapist: Account, now: datetime) -> Overview:
    """Return the therapist's follow-up overview of their own clients."""
    if therapist.role is not Role.THERAPIST or not therapist.active:
        raise not_here()
    listed = rows.of_therapist(store, therapist.clinic_id, therapist.id, now)
    overdue = tuple(x for x in listed if x.administration.is_overdue(now))
    per_client: dict[tuple[str, str], list[Administration]] = defaultdict(list)
    for x in listed:
        per_client[x.client_public_id, x.client_name].append(x.administration)
    clients = tuple(
        ClientLine(public_id, name, _count(items, now))
        for (public_id, name), items in sorted(per_client.items(), key=lambda kv: kv[0][1])
    )
    return Overview(
        newest_first(listed), overdue, clients, _count([x.administration for x in listed], now)
    )


def alerts(store: Store, therapist: Account, now: datetime) -> tuple[Alert, ...]:
    """Return only the overview's warning signs answered "yes", newest first: what the
    client list shows, without reading and counting every due questionnaire."""
    if therapist.role is not Role.THERAPIST or not therapist.active:
        raise not_here()
    flagged = rows.of_therapist(store, therapist.clinic_id, therapist.id, now, flagged_only=True)
    return newest_first(flagged)


def contact_state(found: Sequence[Alert]) -> dict[str, Contacted | None]:
    """{client public id: None while one of their alerts is open, else the newest contact
    recorded}: what the client's row says of "I contacted the client"."""
    by_client: dict[str, list[Alert]] = defaultdict(list)
    for alert in found:
        by_client[alert.client_public_id].append(alert)
    out: dict[str, Contacted | None] = {}
    for public_id, alerts in by_client.items():
        done = [a.contacted for a in alerts if a.contacted is not None]
        out[public_id] = max(done, key=lambda c: c.at) if len(done) == len(alerts) else None
    return out
