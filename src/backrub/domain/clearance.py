"""A clinician's clearance with a scope: who, when, and exactly what it lifts.

A screening answer that stops or restricts massage is a ``Flag``. A
``Clearance`` names the flags it lifts (question ids); it lifts those and
nothing else:

* only a stop to see a clinician soon and a restriction can be lifted. An
  emergency or same-day answer is never lifted in the app: after being seen,
  the person answers the screening again; under 18 nothing lifts the stop
  (backrub is for adults);
* a clearance counts only from the day a flag was first reported in its
  current run of "yes" answers: a clearance dated before the flag was
  reported says nothing about it, and once the person answers "no" and later
  "yes" again, that is a new finding that needs a new clearance. While the
  answer stays "yes" through later screenings (re-screening every few weeks),
  the clearance keeps lifting it, so a past clot that was cleared does not
  stop self-massage again at each re-screening;
* a clearance recorded before clearances had a scope (``lifts`` is ``None``)
  lifts the clearable stops of the screening it was recorded against (the
  latest one on or before its date) and nothing new: never a restriction,
  which old clearances never lifted either, and never a stop that is now
  same day or emergency.

Pure: the caller passes the screenings in order, oldest first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from backrub.domain.inputs import parse_date, parse_text
from backrub.domain.red_flags import AGE_BAND, COMBINATIONS
from backrub.domain.restrictions import Restriction
from backrub.domain.screening import Screening, Verdict, shown_words, verdict_of
from backrub.domain.verdicts import FUTURE_DATE, NAME_THE_CLINICIAN
from backrub.errors import InvalidInput
from backrub.i18n import N_, _

__all__ = [
    "Clearance",
    "Flag",
    "Lift",
    "Standing",
    "check_lifts",
    "flags_of",
    "record_clearance",
    "run_start",
    "standing",
]

EMERGENCY_NOT_CLEARABLE = N_(
    "an emergency answer cannot be cleared here: once you have been seen, answer the screening "
    "questions again"
)
SAME_DAY_NOT_CLEARABLE = N_(
    "an answer that needs a clinician today cannot be cleared here: once you have been seen, "
    "answer the screening questions again"
)
UNDER_18_NOT_CLEARABLE = N_("backrub is for adults: no clearance lifts the stop for under 18")
_CLEARABLE = frozenset({Verdict.STOP_SEE_CLINICIAN, Verdict.RESTRICTED, Verdict.CLEAR})


@dataclass(frozen=True, slots=True)
class Flag:
    """One answer that stops or restricts massage.

    ``stops``: no plan or self-massage until cleared; ``emergency``: an
    emergency answer; ``restrictions``: what it takes away while it stands;
    ``verdict``: what the answer calls for on its own. Only a stop to see a
    clinician soon and a restriction are ``clearable``: an emergency, a
    same-day answer and under 18 need a new screening (or adulthood).
    """

    id: str
    words: str
    stops: bool
    emergency: bool
    restrictions: frozenset[Restriction]
    verdict: Verdict = Verdict.RESTRICTED

    @property
    def clearable(self) -> bool:
        return self.verdict in _CLEARABLE

    @property
    def shown(self) -> str:
        """Return ``words`` in the person's language."""
        return shown_words(self.id, self.words)

    @property
    def shown_why_not_clearable(self) -> str:
        """Return ``why_not_clearable`` in the person's language."""
        return _(self.why_not_clearable)

    @property
    def why_not_clearable(self) -> str:
        """Return, in plain words, why a clearance cannot lift this flag."""
        if self.verdict is Verdict.NOT_FOR_UNDER_18:
            return UNDER_18_NOT_CLEARABLE
        if self.verdict is Verdict.STOP_SAME_DAY:
            return SAME_DAY_NOT_CLEARABLE
        return EMERGENCY_NOT_CLEARABLE


@dataclass(frozen=True, slots=True)
class Clearance:
    """A clinician's go-ahead; ``lifts`` is ``None`` for one recorded before scopes."""

    cleared_on: date
    cleared_by: str
    note: str | None = None
    lifts: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Lift:
    """A flag a clearance lifts: what, by whom, on which day."""

    flag: Flag
    cleared_by: str
    cleared_on: date
    scoped: bool  # False for a clearance recorded before scopes


@dataclass(frozen=True, slots=True)
class Standing:
    """The latest screening's flags after every clearance."""

    flags: tuple[Flag, ...]
    lifted: tuple[Lift, ...]

    @property
    def remaining(self) -> tuple[Flag, ...]:
        done = {lift.flag.id for lift in self.lifted}
        return tuple(flag for flag in self.flags if flag.id not in done)

    @property
    def is_stopped(self) -> bool:
        return any(flag.stops for flag in self.remaining)

    @property
    def restrictions(self) -> frozenset[Restriction]:
        return frozenset(r for flag in self.remaining for r in flag.restrictions)

    @property
    def clearable(self) -> tuple[Flag, ...]:
        """Return the flags a clinician's clearance could still lift."""
        return tuple(flag for flag in self.remaining if flag.clearable)

    @property
    def needs_new_screening(self) -> bool:
        """Return whether a flag stands that no clearance lifts (emergency, same day, under 18)."""
        return any(not flag.clearable for flag in self.remaining)


def flags_of(screening: Screening, extra: Iterable[Flag] = ()) -> tuple[Flag, ...]:
    """Return every "yes" in ``screening`` that stops or restricts, then ``extra``."""
    flags = []
    for reason in screening.reasons:
        verdict = verdict_of(reason.question_id)
        if not verdict.is_stop and not reason.restrictions:
            continue
        flags.append(
            Flag(
                id=reason.question_id,
                words=reason.words,
                stops=verdict.is_stop,
                emergency=verdict is Verdict.STOP_EMERGENCY,
                restrictions=reason.restrictions,
                verdict=verdict,
            )
        )
    known = {flag.id for flag in flags}
    return (*flags, *(flag for flag in extra if flag.id not in known))


def _yes(screening: Screening) -> frozenset[str]:
    return frozenset(qid for qid, value in screening.answers if value is True)


_NEEDS = {
    c.id: (*c.needs_all, *c.needs_any, *c.needs_also) + ((AGE_BAND,) if c.ages else ())
    for c in COMBINATIONS
}


def _says(flag_id: str, screening: Screening) -> bool | None:
    """Return whether ``screening`` reports ``flag_id``; ``None`` when it did not ask.

    A combination (several answers together) counts as asked when all of
    its questions were answered.
    """
    asked = {qid for qid, _ in screening.answers}
    if flag_id in _NEEDS:
        if flag_id in {r.question_id for r in screening.reasons}:
            return True
        return False if all(qid in asked for qid in _NEEDS[flag_id]) else None
    if flag_id not in asked:
        return None
    return flag_id in _yes(screening)


def run_start(flag_id: str, history: Sequence[Screening]) -> date | None:
    """Return the first day of the latest unbroken run of "yes" to ``flag_id``.

    ``None`` when the latest screening does not say "yes" to it. A flag that
    is not asked in a screening (an older question set) does not break a run.
    """
    start: date | None = None
    for screening in reversed(history):
        says = _says(flag_id, screening)
        if says is None:
            continue
        if not says:
            break
        start = screening.screened_on
    return start


def _recorded_against(clearance: Clearance, history: Sequence[Screening]) -> Screening | None:
    before = [s for s in history if s.screened_on <= clearance.cleared_on]
    return before[-1] if before else None


def _lifts(clearance: Clearance, history: Sequence[Screening]) -> frozenset[str]:
    if clearance.lifts is not None:
        return frozenset(clearance.lifts)
    against = _recorded_against(clearance, history)
    if against is None:
        return frozenset()
    return frozenset(flag.id for flag in flags_of(against) if flag.stops and flag.clearable)


def standing(
    history: Sequence[Screening],
    clearances: Sequence[Clearance],
    *,
    extra: Iterable[Flag] = (),
) -> Standing:
    """Return the latest screening's flags and which clearances lift which of them.

    ``extra`` adds flags the screening itself does not carry (leg pain below
    the knee, which the episode may also record). The latest clearance that
    lifts a flag is the one shown.
    """
    if not history:
        return Standing((), ())
    flags = flags_of(history[-1], extra)
    lifted: dict[str, Lift] = {}
    for clearance in clearances:
        lifts = _lifts(clearance, history)
        for flag in flags:
            if not flag.clearable or flag.id not in lifts:
                continue
            start = run_start(flag.id, history) or history[-1].screened_on
            if clearance.cleared_on < start:
                continue
            lifted[flag.id] = Lift(
                flag, clearance.cleared_by, clearance.cleared_on, clearance.lifts is not None
            )
    return Standing(flags, tuple(lifted[f.id] for f in flags if f.id in lifted))


def check_lifts(
    lifts: object, cleared_on: date, history: Sequence[Screening], now: Standing
) -> tuple[str, ...]:
    """Return the flag ids a new clearance lifts, or raise ``InvalidInput`` naming the field.

    ``lifts`` is a comma-separated text or a sequence of ids; each must be a
    flag of the latest screening that a clearance can lift, and the
    clearance must be dated on or after the day that flag was first reported.
    """
    if isinstance(lifts, str):
        items = [part.strip() for part in lifts.split(",")]
    elif isinstance(lifts, list | tuple):
        items = [str(part).strip() for part in lifts]
    else:
        items = []
    items = [item for item in items if item]
    by_id = {flag.id: flag for flag in now.flags}
    choices = [flag.id for flag in now.clearable]
    allowed = (
        _("use one of: %(choices)s", choices=", ".join(choices))
        if choices
        else _("nothing is left to clear")
    )
    if not items:
        raise InvalidInput(
            "lifts", None, _("name what the clinician cleared; %(allowed)s", allowed=allowed)
        )
    for item in items:
        flag = by_id.get(item)
        if flag is not None and not flag.clearable:
            raise InvalidInput("lifts", item, flag.why_not_clearable)
        if flag is None:
            raise InvalidInput("lifts", item, allowed)
        start = run_start(item, history) or history[-1].screened_on
        if cleared_on < start:
            raise InvalidInput(
                "cleared_on",
                cleared_on.isoformat(),
                _(
                    "use a date on or after %(day)s, when this was first reported",
                    day=start.isoformat(),
                ),
            )
    return tuple(dict.fromkeys(items))


def record_clearance(
    cleared_on: object,
    cleared_by: object,
    note: object = None,
    *,
    lifts: tuple[str, ...] | None,
    today: date,
) -> Clearance:
    """Return a clearance from typed values; a future date or a missing name is refused."""
    day = parse_date("cleared_on", cleared_on)
    if day > today:
        raise InvalidInput("cleared_on", cleared_on, FUTURE_DATE)
    who = parse_text("cleared_by", cleared_by, max_len=200)
    if who is None:
        raise InvalidInput("cleared_by", cleared_by, NAME_THE_CLINICIAN)
    return Clearance(day, who, parse_text("note", note), lifts)
