"""The local emergency number, from the profile's country or else its language.

The country comes from the profile's time zone through the tz database's
``zone.tab`` (each zone names its country: Asia/Ho_Chi_Minh is VN,
Europe/London GB). A country in ``NUMBERS`` gets its number; a country backrub
has no number for gets the general words; a zone with no country (UTC, an
unknown name) falls back on the language (Vietnamese: 115). The numbers are a
product default (rules.toml ``emergency_number_*``): backrub names the number
people know (115 for an ambulance in Vietnam, 999 in the UK, 911 in the US and
Canada, 112 across the EU), never a study's finding.

Each face says where the person is with ``set_place`` (the profile's time
zone), the way it sets the language; ``number_words`` then gives the sentence
every emergency wording ends with.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from backrub.i18n import N_, VIETNAMESE, _, current

# Product defaults, kept equal to rules.toml (tests/i18n/test_safety_words.py).
VIETNAM = "115"  # cấp cứu: the ambulance number in Vietnam
UK = "999"
US = "911"
EUROPE = "112"  # the single European emergency number
# The unit of the emergency_number_* rules, as the rules page shows it.
PHONE_NUMBER = N_("phone number")

_EU_112 = (  # the EU, Iceland, Liechtenstein, Norway and Switzerland
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
    "IS",
    "LI",
    "NO",
    "CH",
)

NUMBERS: Mapping[str, str] = MappingProxyType(
    {
        "VN": VIETNAM,
        "GB": UK,
        "GG": UK,
        "IM": UK,
        "JE": UK,
        "US": US,
        "CA": US,
        **dict.fromkeys(_EU_112, EUROPE),
    }
)
BY_LANGUAGE: Mapping[str, str] = MappingProxyType({VIETNAMESE: VIETNAM})

# Old names the tz database keeps only as links (zone.tab lists the new ones).
_ALIASES = {"Asia/Saigon": "VN", "GB": "GB", "US/Eastern": "US", "US/Pacific": "US"}

KNOWN = N_("Your local emergency number is %(number)s.")
UNKNOWN = N_(
    "Call the emergency number of the country you are in, for example %(vietnam)s in "
    "Vietnam, %(europe)s in Europe, %(uk)s in the UK, %(us)s in the US."
)

_place: ContextVar[str | None] = ContextVar("backrub_place", default=None)


def _zone_tab() -> str:
    try:
        return (resources.files("tzdata") / "zoneinfo" / "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError):
        pass
    try:
        return Path("/usr/share/zoneinfo/zone.tab").read_text(encoding="utf-8")
    except OSError:
        return ""


@cache
def _countries() -> Mapping[str, str]:
    found: dict[str, str] = {}
    for line in _zone_tab().splitlines():
        if line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) >= 3:
            found[fields[2]] = fields[0]
    return MappingProxyType(found)


def country_of(tz: str | None) -> str | None:
    """Return the two-letter country of time zone ``tz`` ("VN"), or None when it has none."""
    if not tz:
        return None
    return _countries().get(tz) or _ALIASES.get(tz)


def emergency_number(tz: str | None, language: str) -> str | None:
    """Return the emergency number for a profile in ``tz`` speaking ``language``, or None.

    None means backrub does not know it: the words then give examples.
    """
    country = country_of(tz)
    if country is not None:
        return NUMBERS.get(country)
    return BY_LANGUAGE.get(language)


def set_place(tz: str | None) -> Token[str | None]:
    """Say from now on (in this context) that the person lives in time zone ``tz``."""
    return _place.set(tz)


@contextmanager
def use_place(tz: str | None) -> Iterator[None]:
    """Say inside the block that the person lives in time zone ``tz``."""
    token = set_place(tz)
    try:
        yield
    finally:
        _place.reset(token)


def current_number() -> str | None:
    """Return the emergency number for the place and language of now, or None."""
    return emergency_number(_place.get(), current())


def place_has_no_country() -> bool:
    """Return whether the zone of now names no country (UTC, none set): the number is then
    unknown unless the language gives it, and choosing a zone with a country would give it."""
    return country_of(_place.get()) is None


def number_words() -> str:
    """Return the sentence that names the local emergency number, in the current language."""
    number = current_number()
    if number is not None:
        return _(KNOWN, number=number)
    return _(UNKNOWN, vietnam=VIETNAM, europe=EUROPE, uk=UK, us=US)


def with_number(words: str) -> str:
    """Return ``words`` (already in the person's language) followed by the number sentence."""
    return f"{words} {number_words()}"


# How to get to the emergency department, under an emergency's action (review 10, m2 and
# item 2 of session 11): one wording for the result page, the Today banner and the CLI.
# For chest pain, a possible clot in the lungs or a serious injury the action has asked
# for an ambulance already (verdicts.EMERGENCY_AMBULANCE_ACTION): the line only says not
# to drive, as the ambulance service says to call 999 for an ambulance for these
# (secamb-999). For the others, someone takes the person, or an ambulance if no one can:
# the NHS says "call 999 or go to A&E" (nhs-back-pain); who drives is a product default.
NO_DRIVING = N_("Do not drive yourself: wait for the ambulance. (secamb-999)")
SOMEONE_TAKES_YOU = N_(
    "Do not drive yourself: ask someone to take you to the emergency department now. If no "
    "one can take you straight away, or you are alone, call %(number)s for an ambulance. "
    "(nhs-back-pain; not driving yourself is a product default)"
)


def way_there(*, ambulance: bool, number: str | None) -> str:
    """Return how to get to the emergency department, in the person's language: for an
    ``ambulance`` case (whose action asked for the ambulance) not to drive, else to be
    taken, or to call ``number`` (the general words when it is None) for an ambulance."""
    if ambulance:
        return _(NO_DRIVING)
    return _(SOMEONE_TAKES_YOU, number=number or _("your local emergency number"))
