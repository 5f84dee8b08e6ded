"""Read the item text of a licensed instrument from a file the clinic holds.

backrub ships no ODI or STarT Back wording (see ``instruments.Licence``). A
clinic with a licence writes the wording into a small TOML file; this module
checks that the file matches the instrument's shape and returns it. It takes
the file's TEXT, never a path, so it stays pure. The format::

    instrument = "odi"                      # "odi" or "startback"
    notice = "ODI © Jeremy Fairbank ..."    # the licence holder's notice, kept verbatim
    version = "2.1a"                        # optional
    language = "en"                         # optional, defaults to "en"
    instructions = "Please answer ..."      # optional

    [[items]]                               # one table per item, in order
    text = "Section 1: ..."
    options = ["...", "...", "..."]         # one per answer, lowest score first

The ODI needs 10 items with 6 options each (scores 0-5). The STarT Back tool
needs 9 items: items 1-8 with 2 options (disagree = 0, agree = 1) and item 9
with 5 options (not at all ... extremely = 0-4).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from backrub.domain.instruments import INSTRUMENTS, Instrument
from backrub.errors import InvalidInput
from backrub.i18n import _

MAX_TEXT_CHARS = 2000
_KEYS = {"instrument", "notice", "version", "language", "instructions", "items"}
_ITEM_KEYS = {"text", "options"}


@dataclass(frozen=True, slots=True)
class LicensedItem:
    link_id: str
    text: str
    options: tuple[str, ...]  # options[n] scores n


@dataclass(frozen=True, slots=True)
class LicensedForm:
    instrument: str
    notice: str
    items: tuple[LicensedItem, ...]
    version: str | None = None
    language: str = "en"
    instructions: str | None = None


def licensed_ids() -> tuple[str, ...]:
    """Return the ids of the instruments whose wording must come from a clinic's file."""
    return tuple(i.id for i in INSTRUMENTS.values() if not i.ships_item_text)


def parse_licensed_form(text: str) -> LicensedForm:
    """Parse and check a clinic's instrument file; raise ``InvalidInput`` naming the problem."""
    allowed = _("use TOML with instrument, notice and [[items]] of text and options")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput("file", str(error), allowed) from None
    except RecursionError:  # lists in lists, thousands deep: no clinic's item file
        raise InvalidInput("file", _("nested too deeply"), allowed) from None
    _refuse_unknown("file", data, _KEYS)
    instrument = _instrument(data.get("instrument"))
    notice = _text("notice", data.get("notice"))
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or len(raw_items) != len(instrument.items):
        count = len(raw_items) if isinstance(raw_items, list) else raw_items
        raise InvalidInput(
            "items",
            count,
            _(
                "give exactly %(count)d [[items]] for %(instrument)s",
                count=len(instrument.items),
                instrument=instrument.id,
            ),
        )
    items = tuple(_item(instrument, index, raw) for index, raw in enumerate(raw_items))
    return LicensedForm(
        instrument=instrument.id,
        notice=notice,
        items=items,
        version=_optional_text("version", data.get("version")),
        language=_optional_text("language", data.get("language")) or "en",
        instructions=_optional_text("instructions", data.get("instructions")),
    )


def _instrument(value: object) -> Instrument:
    allowed = licensed_ids()
    if not isinstance(value, str) or value not in allowed:
        raise InvalidInput("instrument", value, _("choose one of: %(ids)s", ids=", ".join(allowed)))
    return INSTRUMENTS[value]


def _item(instrument: Instrument, index: int, raw: object) -> LicensedItem:
    where = f"items[{index + 1}]"
    if not isinstance(raw, dict):
        raise InvalidInput(where, raw, _("use a [[items]] table with text and options"))
    _refuse_unknown(where, raw, _ITEM_KEYS)
    spec = instrument.items[index]
    wanted = int(spec.scale.high - spec.scale.low) + 1
    options = raw.get("options")
    if not isinstance(options, list) or len(options) != wanted:
        count = len(options) if isinstance(options, list) else options
        raise InvalidInput(
            f"{where}.options",
            count,
            _(
                "give exactly %(count)d options, lowest score (%(low)d) first",
                count=wanted,
                low=int(spec.scale.low),
            ),
        )
    return LicensedItem(
        link_id=spec.link_id,
        text=_text(f"{where}.text", raw.get("text")),
        options=tuple(_text(f"{where}.options[{n + 1}]", o) for n, o in enumerate(options)),
    )


def _refuse_unknown(where: str, table: dict[str, object], known: set[str]) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise InvalidInput(
            where, unknown[0], _("use only the keys: %(keys)s", keys=", ".join(sorted(known)))
        )


def _text(where: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(where, value, _("give non-empty text"))
    if len(value) > MAX_TEXT_CHARS:
        raise InvalidInput(
            where, f"{value[:20]}…", _("use at most %(most)d characters", most=MAX_TEXT_CHARS)
        )
    return value.strip()


def _optional_text(where: str, value: object) -> str | None:
    return None if value is None else _text(where, value)
