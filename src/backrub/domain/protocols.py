"""The professional-massage protocols of the trials, as data.

Each protocol is a dose someone actually studied: how many sessions, how long,
how often and within which window. ``doses`` lists the ways a protocol may be
followed, the preferred one first (Sherman 2014 tested both 2 and 3 sessions a
week; the others tested one frequency). Nothing here claims more than the
study: every protocol carries its evidence ids and its caveats, and the one
borrowed from a neck-pain trial says so in its title.

Laying a dose out on the person's days lives here too; fitting a protocol to
their days and budget is ``backrub.domain.fitting``. ``price`` is the price of
a 60-minute session; shorter sessions are costed pro rata (product default:
most therapists price by the hour).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations

from backrub.errors import InvalidInput
from backrub.i18n import N_, _


@dataclass(frozen=True, slots=True)
class Dose:
    """One way to follow a protocol: ``sessions`` in all, ``per_week`` each week."""

    sessions: int
    per_week: int

    @property
    def weeks_needed(self) -> int:
        return -(-self.sessions // self.per_week)


@dataclass(frozen=True, slots=True)
class Protocol:
    """A studied dose of professional massage with its sources and limits.

    ``title_en``, ``description_en`` and ``caveats_en`` are English (marked for
    translation); ``title``, ``description`` and ``caveats`` give them in the
    current language.
    """

    id: str
    title_en: str
    description_en: str
    session_min: int
    window_weeks: int
    doses: tuple[Dose, ...]
    evidence: tuple[str, ...]
    caveats_en: tuple[str, ...]
    is_extrapolation: bool = False

    @property
    def title(self) -> str:
        return _(self.title_en)

    @property
    def description(self) -> str:
        return _(self.description_en)

    @property
    def caveats(self) -> tuple[str, ...]:
        return tuple(_(caveat) for caveat in self.caveats_en)

    def total_min(self, dose: Dose) -> int:
        return dose.sessions * self.session_min


PROTOCOLS: tuple[Protocol, ...] = (
    Protocol(
        id="cherkin-10-weekly",
        title_en=N_("10 weekly sessions of 50–60 min"),
        description_en=N_(
            "Ten weekly 50–60 min sessions of relaxation or structural massage, as in the "
            "largest randomised trial for chronic low back pain, with 401 people."
        ),
        session_min=60,
        window_weeks=10,
        doses=(Dose(sessions=10, per_week=1),),
        evidence=("cherkin-2011",),
        caveats_en=(
            N_(
                "The best evidence here: a randomised trial against usual care in chronic low back "
                "pain; "
                "the gain in function was modest and mostly short term."
            ),
            N_("Relaxation and structural massage did about equally well."),
        ),
    ),
    Protocol(
        id="elder-10x60-12w",
        title_en=N_("10 one-hour sessions within 12 weeks"),
        description_en=N_(
            "Ten one-hour sessions with a community massage therapist within 12 weeks, "
            "as in a study that followed 104 people treated in everyday primary care."
        ),
        session_min=60,
        window_weeks=12,
        doses=(Dose(sessions=10, per_week=1),),
        evidence=("elder-2017",),
        caveats_en=(
            N_("No control group: the study shows a signal, not that massage caused the change."),
        ),
    ),
    Protocol(
        id="sherman-60-2to3-4w",
        title_en=N_("60 min 2–3 times a week for 4 weeks (borrowed from a neck-pain trial)"),
        description_en=N_(
            "One-hour sessions 2 or 3 times a week for 4 weeks: the doses that beat a wait "
            "list in a trial that compared doses in 228 people with chronic neck pain."
        ),
        session_min=60,
        window_weeks=4,
        doses=(Dose(sessions=12, per_week=3), Dose(sessions=8, per_week=2)),
        evidence=("sherman-2014",),
        caveats_en=(
            N_("Borrowed: the trial was in neck pain, not low back pain."),
            N_("30-min sessions did no better than the wait list in that trial."),
        ),
        is_extrapolation=True,
    ),
    Protocol(
        id="hernandez-reif-30-2x-5w",
        title_en=N_("30 min twice a week for 5 weeks"),
        description_en=N_(
            "Half-hour sessions twice a week for 5 weeks, as in a small trial of 24 people "
            "against progressive muscle relaxation."
        ),
        session_min=30,
        window_weeks=5,
        doses=(Dose(sessions=10, per_week=2),),
        evidence=("hernandez-reif-2001",),
        caveats_en=(
            N_(
                "A very small trial (24 people), measured only at the end of the 5 weeks, "
                "with no effect sizes."
            ),
        ),
    ),
)

PROTOCOL_IDS: tuple[str, ...] = tuple(p.id for p in PROTOCOLS)


def find_protocol(protocol_id: str) -> Protocol:
    """Return the protocol called ``protocol_id`` or raise ``InvalidInput`` listing the ids."""
    for protocol in PROTOCOLS:
        if protocol.id == protocol_id:
            return protocol
    raise InvalidInput(
        "protocol", protocol_id, _("choose one of: %(ids)s", ids=", ".join(PROTOCOL_IDS))
    )


def session_cost(protocol: Protocol, price_per_hour: Decimal | None) -> Decimal | None:
    if price_per_hour is None:
        return None
    cost = price_per_hour * protocol.session_min / 60
    return cost.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def session_days(start: date, weekdays: frozenset[int], per_week: int) -> tuple[int, ...]:
    """Pick ``per_week`` of the weekdays: as far apart as the week allows (rest days
    between), then the one that starts soonest after ``start``, so a chosen day
    that comes first is used rather than passed over for an earlier weekday."""

    def smallest_gap(days: tuple[int, ...]) -> int:
        if len(days) == 1:
            return 7
        return min((days[(i + 1) % len(days)] - d) % 7 for i, d in enumerate(days))

    def wait(days: tuple[int, ...]) -> int:
        return min((d - start.weekday()) % 7 for d in days)

    options = list(combinations(sorted(weekdays), per_week))
    return max(options, key=lambda days: (smallest_gap(days), -wait(days), [-d for d in days]))


def schedule(start: date, weekdays: frozenset[int], dose: Dose) -> list[date]:
    """Return the session dates: the same spread-out weekdays in each week from ``start``.

    Week k runs from ``start + 7k`` for seven days, so each chosen weekday occurs
    once a week and the dose ends within ``dose.weeks_needed`` weeks.
    """
    chosen = session_days(start, weekdays, dose.per_week)
    dates: list[date] = []
    week = 0
    while len(dates) < dose.sessions:
        first = start + timedelta(weeks=week)
        days = sorted(first + timedelta(days=(wd - first.weekday()) % 7) for wd in chosen)
        dates.extend(days[: dose.sessions - len(dates)])
        week += 1
    return dates
