"""Follow-up questionnaires (issue 14): the therapist's schedule, the client's link.

A therapist chooses a schedule for their client (``choose_schedule``); each
questionnaire due is an administration, reached by a link: a random token
(``secrets.token_urlsafe(32)``) of which only the SHA-256 is kept, bound to that
one questionnaire and expiring with it. The link needs no password and opens
only its questionnaire. Answers saved part-way are kept with the questionnaire
(``save_part``) and shown again when the link is opened; finishing keeps one
response, however many tabs or clicks (``store.follow_up_rows.complete``).

Every follow-up also asks the warning signs of the screening that cannot wait
(tier EMERGENCY and SAME_DAY), whether the client has cancer now, and the parts
of an urgent combination the client's screening, or a "yes" on the form, makes
relevant (``services.follow_up_safety``, ``domain.follow_up_signs``): a
"yes" that stops is kept with its time and verdict at once, as a screening stop
of the client's own, and the therapist's pages show it first.
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, time
from zoneinfo import ZoneInfo

from backrub import i18n
from backrub.domain.accounts import Account
from backrub.domain.follow_up import (
    FOLLOW_UP_INSTRUMENTS,
    Administration,
    Event,
    Schedule,
    State,
    after,
)
from backrub.domain.follow_up_signs import signs_to_ask
from backrub.domain.instruments import Instrument, get_instrument
from backrub.domain.questions import Question
from backrub.domain.records import Response
from backrub.domain.verdicts import Verdict
from backrub.errors import InvalidInput, NotFound
from backrub.i18n import _
from backrub.services import audit, follow_up_safety
from backrub.services.client_record import ClientRecord
from backrub.services.clinic_scope import clinic_scope
from backrub.services.clinic_sessions import token_hash
from backrub.services.follow_up_answers import answers_of, check_part, flag_field, flags_of
from backrub.services.follow_up_schedule import ScheduleChoice, check_first_session, expires_at
from backrub.services.invitations import Problems
from backrub.store import follow_up_rows as rows
from backrub.store.follow_up_rows import LinkOpening
from backrub.store.repository import Store

# What a due day's questionnaire is sent at, in the client's own time (product default).
SEND_AT = time(9, 0)


def warning_signs() -> tuple[Question, ...]:
    """Return the warning signs asked on every follow-up (emergency and same day); a
    client's form may ask more (``signs_of``)."""
    return signs_to_ask({})


def signs_of(store: Store, opening: LinkOpening) -> tuple[Question, ...]:
    """Return the warning signs the link's form asks, as the client's screening makes them."""
    later = follow_up_safety.later_signs_due(store, opening)
    return follow_up_safety.signs_of(store, opening.administration, later=later)


def added_signs(opening: LinkOpening) -> frozenset[str]:
    """The warning signs a "yes" on the link's own form added to it (asked before it is sent)."""
    return follow_up_safety.added_here(opening.administration)


def instruments() -> tuple[Instrument, ...]:
    return tuple(get_instrument(i) for i in FOLLOW_UP_INSTRUMENTS)


class LinkUnknown(NotFound):
    """Not a link of ours: the same page as any address that is not there."""

    def __init__(self) -> None:
        super().__init__(
            _("This link is not complete or does not exist. Ask your clinic for a new one."),
            code="follow_up_unknown",
        )


class LinkDone(NotFound):
    """The questionnaire was answered or its time ran out: said in plain words."""

    def __init__(self, words: str, code: str) -> None:
        super().__init__(words, code=code)


def _done(found: Administration, tz: str) -> LinkDone:
    if found.state is State.COMPLETED:
        words = _("You have answered this questionnaire already. Thank you.")
        return LinkDone(words, "follow_up_answered")
    day = found.expires_at.astimezone(ZoneInfo(tz)).date()
    words = _(
        "The time to answer this questionnaire ended on %(day)s. If your clinic still "
        "needs it, they can send you a new one.",
        day=i18n.formats.long_date(day),
    )
    return LinkDone(words, "follow_up_expired")


def choose_schedule(
    store: Store,
    client: ClientRecord,
    choice: ScheduleChoice,
    *,
    therapist: Account,
    now: datetime,
    address: str | None,
) -> int:
    """Start ``choice`` for the therapist's ``client``; return how many questionnaires.

    The schedule before ends; its questionnaires not sent yet go, those sent stay. A
    first session other than the recorded one is refused (``Problems``), nothing written.
    """
    assert client.profile.id is not None
    check_first_session(store, client.profile.id, choice)
    zone = ZoneInfo(client.profile.tz)
    due = []
    for day in choice.due_days(today=now.astimezone(zone).date()):
        due_at = datetime.combine(day.on, SEND_AT, zone)
        for instrument in choice.instruments:
            due.append(
                {
                    "public_id": str(uuid.uuid4()),
                    "instrument": instrument,
                    "why": day.why,
                    "due_at": due_at,
                    "expires_at": expires_at(day, due_at, zone),
                }
            )
    rows.start_schedule(
        store,
        clinic_id=client.account.clinic_id,
        profile_id=client.profile.id,
        values={
            "template": choice.template.value,
            "instruments": json.dumps(list(choice.instruments)),
            "every_weeks": choice.every_weeks,
            "visits": json.dumps([v.isoformat() for v in choice.visits]),
            "first_session": choice.first_session,
            "chosen_by": therapist.id,
        },
        due=due,
        now=now,
    )
    audit.record(
        store,
        who=therapist,
        client_ref=client.account.public_id,
        action="change",
        what="choose a follow-up schedule",
        address=address,
        now=now,
    )
    return len(due)


@dataclass(frozen=True, slots=True)
class ClientFollowUp:
    schedule: Schedule | None
    administrations: tuple[Administration, ...]
    links_made: Mapping[int, datetime] = field(default_factory=dict)  # administration id

    def link_made(self, a: Administration) -> datetime | None:
        """When the newest link to ``a`` was made in the clinic, if one was."""
        return self.links_made.get(a.id)


def of_client(store: Store, client: ClientRecord) -> ClientFollowUp:
    assert client.profile.id is not None
    clinic_id = client.account.clinic_id
    return ClientFollowUp(
        rows.current_schedule(store, clinic_id, client.profile.id),
        tuple(rows.of_client(store, clinic_id, client.profile.id)),
        rows.links_made(store, clinic_id, client.profile.id),
    )


def new_link(store: Store, client: ClientRecord, public_id: object, now: datetime) -> str:
    """Return a new link's token to the client's open questionnaire ``public_id``."""
    found = next(
        (a for a in of_client(store, client).administrations if a.public_id == public_id), None
    )
    if found is None or not found.state.is_open or found.expires_at <= now:
        words = _("choose a questionnaire that can still be answered")
        raise InvalidInput("administration", None, words)
    if not found.can_link(now):
        zone = ZoneInfo(client.profile.tz)
        first = found.link_from.astimezone(zone).date()
        words = _(
            "this questionnaire is not due yet: a link can be made from %(day)s",
            day=i18n.formats.long_date(first),
        )
        raise InvalidInput("administration", None, words)
    return make_link(store, found, client.account.clinic_id, now)


def make_link(store: Store, found: Administration, clinic_id: int, now: datetime) -> str:
    token = secrets.token_urlsafe(32)
    rows.add_link(store, found, clinic_id=clinic_id, token_hash=token_hash(token), now=now)
    return token


@contextmanager
def link_scope(store: Store, token: str) -> Iterator[None]:
    """Let what follows see the one client record the link ``token`` belongs to
    (row security, docs/clinic/rls.md); an unknown link sees none."""
    found = rows.link_scope(store, token_hash(token)) if 0 < len(token) <= 100 else None
    with clinic_scope(*found) if found is not None else clinic_scope(None):
        yield


def opening(store: Store, token: str, now: datetime) -> LinkOpening:
    """Return the open questionnaire the link holds, or raise ``LinkUnknown``/``LinkDone``.

    Call it (and the others taking a token) inside ``link_scope``.
    """
    found = rows.by_token(store, token_hash(token)) if 0 < len(token) <= 100 else None
    if found is None:
        raise LinkUnknown()
    a = found.administration
    if a.state.is_open and now >= min(a.expires_at, found.link_expires_at):
        rows.move(store, a.id, states=_open(), values={"state": "expired", "partial": None})
        raise _done(_with_state(a, State.EXPIRED), found.tz)
    if not a.state.is_open:
        raise _done(a, found.tz)
    return found


def _open() -> tuple[State, ...]:
    return tuple(s for s in State if s.is_open)


def _with_state(a: Administration, state: State) -> Administration:
    return replace(a, state=state)


def open_form(store: Store, token: str, now: datetime) -> LinkOpening:
    """Return what the link opens, marking the questionnaire opened (the first time)."""
    found = opening(store, token, now)
    a = found.administration
    if after(a.state, Event.OPEN) is not a.state:
        values = {"state": State.OPENED.value, "opened_at": now}
        rows.move(store, a.id, states=(State.SCHEDULED, State.SENT), values=values)
    return found


def _red_flags(
    store: Store, found: LinkOpening, flags: Mapping[str, bool], now: datetime
) -> dict[str, object]:
    """The warning signs that stop (kept at once, with the first time one was)."""
    return follow_up_safety.keep(store, found.administration, flags, tz=found.tz, now=now)


def keep_warning_signs(
    store: Store, token: str, given: Mapping[str, str], now: datetime
) -> Verdict | None:
    """Keep at once every warning sign answered in ``given`` whose "yes" stops (with the
    first time one was, and as a screening stop), whatever the rest of the form holds;
    return the stop the questionnaire's "yes" answers call for, if any.

    A form sent with another answer wrong or missing is refused as a whole, but the
    "yes" must not be lost with it: the therapist's page shows it at the top.
    """
    found = opening(store, token, now)
    said = {
        q.id: raw == "yes"
        for q in signs_of(store, found)
        if (raw := str(given.get(flag_field(q.id), "")).strip()) in ("yes", "no")
    }
    values = _red_flags(store, found, said, now)
    return Verdict(str(values["red_flag_verdict"])) if values else None


def save_part(store: Store, token: str, given: Mapping[str, str], now: datetime) -> LinkOpening:
    """Keep the answers given so far (each checked on its own); refused: nothing kept."""
    found = opening(store, token, now)
    a = found.administration
    instrument = get_instrument(a.instrument)
    answers, flags = check_part(instrument, signs_of(store, found), given)
    values: dict[str, object] = {
        "state": after(a.state, Event.SAVE_PART).value,
        "partial": json.dumps({"answers": answers, "flags": flags}),
        "opened_at": a.opened_at or now,
        **_red_flags(store, found, {q: v == "yes" for q, v in flags.items()}, now),
    }
    if not rows.move(store, a.id, states=_open(), values=values):
        return opening(store, token, now)  # finished meanwhile: say so
    return found


@dataclass(frozen=True, slots=True)
class Finished:
    clinic_name: str
    urgency: Verdict | None  # the stop a warning sign answered "yes" called for
    tz: str
    language: str | None  # the client's own choice, if any
    findings: tuple[str, ...] = ()  # the warning signs kept: question and combination ids


def finish(
    store: Store, token: str, given: Mapping[str, str], now: datetime, *, language: str = ""
) -> Finished:
    """Keep the completed questionnaire as one response; every bad field at once.

    ``language`` is the one the form was shown in (kept with the response: a
    translation may not be validated); none given: the language of this request.

    A second submit (another tab, a double click) finds it completed: ``LinkDone``.
    """
    found = opening(store, token, now)
    a = found.administration
    instrument = get_instrument(a.instrument)
    errors: list[InvalidInput] = []
    parsed = answers_of(instrument, given, errors)
    flags = flags_of(signs_of(store, found), given, errors)
    if errors or parsed is None:
        raise Problems(errors)
    shown_in = i18n.parse_language(language) or i18n.recorded()
    response = Response(
        at=now, tz=found.tz, instrument=instrument.id, answers=parsed, language=shown_in
    )
    kept = _red_flags(store, found, flags, now)
    values = {"completed_at": now, "partial": None, **kept}
    if rows.complete(store, a, response, values) is None:
        opening(store, token, now)  # answered or expired meanwhile: says which (S6-18)
        raise _done(_with_state(a, State.COMPLETED), found.tz)
    urgency = Verdict(str(kept["red_flag_verdict"])) if kept else None
    findings = tuple(json.loads(str(kept["red_flags"]))) if kept else ()
    return Finished(found.clinic_name, urgency, found.tz, found.language, findings)


__all__ = [
    "ClientFollowUp",
    "Finished",
    "LinkDone",
    "LinkOpening",
    "LinkUnknown",
    "added_signs",
    "choose_schedule",
    "finish",
    "instruments",
    "keep_warning_signs",
    "make_link",
    "new_link",
    "of_client",
    "open_form",
    "opening",
    "save_part",
    "signs_of",
    "warning_signs",
]
