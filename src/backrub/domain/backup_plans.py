"""Reading the plan choices of a backup (``data.plans``): a studied protocol, the
person's weekdays, tools, restrictions, currency and budget, refused by field name.
"""

from __future__ import annotations

import re
from datetime import date

from backrub.domain.backup_fields import Fields, enum_name, money, time_of_day
from backrub.domain.inputs import parse_int
from backrub.domain.protocols import find_protocol
from backrub.domain.records import PlanChoices, Tool
from backrub.domain.restrictions import Restriction
from backrub.errors import InvalidInput
from backrub.i18n import _


def read_plan(f: Fields, today: date) -> PlanChoices:
    """Return the plan choices of one record of a backup, or raise ``InvalidInput``."""
    protocol_id = f.given("protocol_id")
    if not isinstance(protocol_id, str):
        raise InvalidInput(f.name("protocol_id"), protocol_id, _("use a protocol id"))
    try:
        find_protocol(protocol_id)
    except InvalidInput as error:
        raise InvalidInput(f.name("protocol_id"), error.value, error.allowed) from None
    days = f.items("weekdays")
    if not days:
        raise InvalidInput(f.name("weekdays"), days, _("give at least one day (0=Mon … 6=Sun)"))
    weekdays = []
    for n, day in enumerate(days, start=1):
        if not isinstance(day, int):
            raise InvalidInput(f.name(f"weekdays[{n}]"), day, _("use 0 (Mon) to 6 (Sun)"))
        weekdays.append(parse_int(f.name(f"weekdays[{n}]"), day, 0, 6))
    if weekdays != sorted(set(weekdays)):
        raise InvalidInput(f.name("weekdays"), days, _("list each day once, in order"))
    tools = [enum_name(f, "tools", n, x, Tool) for n, x in enumerate(f.items("tools"), start=1)]
    restrictions = [
        enum_name(f, "restrictions", n, x, Restriction)
        for n, x in enumerate(f.items("restrictions"), start=1)
    ]
    currency = f.given("currency")
    if not (isinstance(currency, str) and re.fullmatch(r"[A-Z]{3}", currency)):
        raise InvalidInput(f.name("currency"), currency, _("use a three-letter code such as EUR"))
    return PlanChoices(
        made_on=f.day("made_on", not_after=today),
        protocol_id=protocol_id,
        start=f.day("start", not_after=None),
        weekdays=tuple(weekdays),
        currency=currency,
        tools=tuple(sorted(set(tools))),
        restrictions=tuple(sorted(set(restrictions))),
        price_per_session=money(f, "price_per_session"),
        budget_per_session=money(f, "budget_per_session"),
        budget_total=money(f, "budget_total"),
        self_massage_at=time_of_day(f, "self_massage_at"),
    )
