"""Use cases for massage sessions logged after the fact: professional and self-massage.

``PRO_FIELDS`` names a professional session's fields as the services name them in
their errors; forms and edits use the same names (``minutes`` for its length).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from babel.numbers import get_currency_precision, is_currency

from backrub import i18n
from backrub.domain.inputs import (
    parse_choice,
    parse_decimal,
    parse_int,
    parse_optional_int,
    parse_text,
)
from backrub.domain.records import (
    GUN_LEVELS,
    Profile,
    ProSession,
    SelfSession,
    Technique,
    Tool,
    Zone,
    ZoneWork,
)
from backrub.errors import InvalidInput
from backrub.i18n import _
from backrub.services.records import _moment, list_items, saved

if TYPE_CHECKING:
    from backrub.store import Store

PRO_FIELDS = (
    "technique",
    "minutes",
    "at",
    "cost",
    "currency",
    "therapist",
    "subjective",
    "objective",
    "assessment",
    "plan",
)


def log_pro_session(
    store: Store, profile: Profile, *, now: datetime, **values: object
) -> ProSession:
    """Record a professional massage session after the fact (values as ``parse_pro_session``)."""
    session = parse_pro_session(profile, now=now, **values)
    return store.add_pro_session(saved(store, profile), session)


def parse_pro_session(
    profile: Profile,
    *,
    now: datetime,
    technique: object,
    duration_min: object,
    at: object = None,
    cost: object = None,
    currency: object = None,
    therapist: object = None,
    subjective: object = None,
    objective: object = None,
    assessment: object = None,
    plan: object = None,
) -> ProSession:
    """Return a valid professional session or raise InvalidInput naming the field."""
    return ProSession(
        at=_moment(profile, at, now),
        tz=profile.tz,
        technique=parse_choice("technique", technique, Technique),
        duration_min=parse_int("minutes", duration_min, 1, 240),
        cost_cents=parse_cost(cost, parse_currency(currency, cost)),
        currency=parse_currency(currency, cost),
        therapist=parse_text("therapist", therapist, max_len=200),
        subjective=parse_text("subjective", subjective, lines=True),
        objective=parse_text("objective", objective, lines=True),
        assessment=parse_text("assessment", assessment, lines=True),
        plan=parse_text("plan", plan, lines=True),
    )


MAX_COST = Decimal(100_000)  # a larger cost for one session is a typing slip
# In a currency without decimals (VND) amounts run larger; the cap keeps the cost
# in cents within a 32-bit column (product default).
MAX_WHOLE_COST = Decimal(20_000_000)
# The currency of a cost typed without one, by the language it was typed in
# (product default): dong for Vietnamese, euro otherwise (as before languages).
DEFAULT_CURRENCY = {"vi": "VND"}


def default_currency() -> str:
    return DEFAULT_CURRENCY.get(i18n.current(), "EUR")


def parse_cost(value: object, currency: str | None = None) -> int | None:
    """Return a cost in cents from text such as '70', '70.50' or '70,50' ('300000' in VND,
    which has no decimals: '300.000' is refused, not read as 300)."""
    if currency is not None and get_currency_precision(currency) == 0:
        amount = parse_decimal("cost", value, places=0, example="300000", most=MAX_WHOLE_COST)
    else:
        amount = parse_decimal("cost", value, places=2, example=_("70.50 or 70,50"), most=MAX_COST)
    return None if amount is None else int(amount * 100)


def parse_currency(value: object, cost: object) -> str | None:
    if value is None or not str(value).strip():
        return default_currency() if cost not in (None, "") else None
    text = str(value).strip().upper()
    # An ISO 4217 code as Unicode's data lists it (Babel): "ZZZ", "NAN" or Cyrillic
    # letters are no currency a spreadsheet or a clinic's system could read.
    if len(text) != 3 or not text.isascii() or not is_currency(text):
        raise InvalidInput("currency", value, _("use a three-letter code such as EUR or USD"))
    return text


def parse_zones(
    value: object, *, seconds: object, gun_level: object, tool: Tool
) -> tuple[ZoneWork, ...]:
    """Parse 'zone[:seconds],zone…' into ZoneWork; plain zones take ``seconds`` each."""
    default_seconds = parse_optional_int("seconds", seconds, 1, 3600)
    level = parse_optional_int("level", gun_level, 1, GUN_LEVELS)
    if tool is Tool.MASSAGE_GUN and level is None:
        raise InvalidInput(
            "level",
            gun_level,
            _("give the gun's speed level, 1 to %(levels)s", levels=GUN_LEVELS),
        )
    if tool is not Tool.MASSAGE_GUN and level is not None:
        raise InvalidInput("level", gun_level, _("a level is only for the massage gun"))
    names = ", ".join(z.value for z in Zone)
    items = list_items("zones", value, _("name at least one zone: %(names)s", names=names))
    work: list[ZoneWork] = []
    for item in items:
        name, _colon, secs = item.partition(":")
        zone = parse_choice("zones", name, Zone)
        if any(w.zone is zone for w in work):
            raise InvalidInput("zones", item, _("name each zone once (it is given twice)"))
        if secs:
            zone_seconds = parse_int("seconds", secs, 1, 3600)
        elif default_seconds is not None:
            zone_seconds = default_seconds
        else:
            raise InvalidInput(
                "seconds", None, _("give the seconds on each zone, or write zone:seconds")
            )
        work.append(ZoneWork(zone, zone_seconds, level))
    return tuple(work)


def parse_self_session(
    profile: Profile,
    *,
    now: datetime,
    tool: object,
    zones: object,
    seconds: object = None,
    gun_level: object = None,
    pain_before: object = None,
    pain_during: object = None,
    pain_after: object = None,
    at: object = None,
    note: object = None,
) -> SelfSession:
    """Return a valid self-massage record or raise InvalidInput naming the field."""
    parsed_tool = parse_choice("tool", tool, Tool)
    return SelfSession(
        at=_moment(profile, at, now),
        tz=profile.tz,
        tool=parsed_tool,
        zones=parse_zones(zones, seconds=seconds, gun_level=gun_level, tool=parsed_tool),
        pain_before=parse_optional_int("pain_before", pain_before, 0, 10),
        pain_during=parse_optional_int("pain_during", pain_during, 0, 10),
        pain_after=parse_optional_int("pain_after", pain_after, 0, 10),
        note=parse_text("note", note),
    )
