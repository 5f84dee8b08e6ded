"""The clinic's licensed item files (ODI, STarT Back): the checks every face shares.

backrub ships no licensed wording: to answer such a questionnaire the person
gives the file their clinic holds a licence for (TOML, see
``backrub.domain.licensed``). The CLI reads it from a path, the web page from
an upload (then from a hidden field), the API from the request's body; each
hands the bytes or text here, so a file is refused the same way everywhere.
"""

from __future__ import annotations

from backrub.domain.instruments import Instrument
from backrub.domain.licensed import LicensedForm, parse_licensed_form
from backrub.errors import InvalidInput
from backrub.i18n import _

MAX_ITEMS_FILE_BYTES = 256 * 1024  # far above 10 items x 7 texts of 2000 characters
FIELD = "items_file"


def items_text(raw: bytes, name: str) -> str:
    """Return an item file's text: at most 256 KB of UTF-8 (``name`` is shown in errors)."""
    if len(raw) > MAX_ITEMS_FILE_BYTES:
        raise InvalidInput(FIELD, name, _("give a file under 256 KB"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(FIELD, name, _("give a UTF-8 TOML file")) from None


def licensed_form(instrument: Instrument, text: str | None) -> LicensedForm | None:
    """Return the wording ``instrument`` is asked with: the clinic's file when it is licensed.

    A licensed instrument needs the file (for that instrument); one whose
    wording ships with backrub takes none.
    """
    if text is None or not text.strip():
        if not instrument.ships_item_text:
            raise InvalidInput(
                FIELD,
                None,
                _(
                    "%(name)s wording is licensed; give the file your clinic holds a licence for",
                    name=instrument.name,
                ),
            )
        return None
    if instrument.ships_item_text:
        raise InvalidInput(FIELD, "…", _("%(name)s needs no item file", name=instrument.name))
    form = parse_licensed_form(text)
    if form.instrument != instrument.id:
        raise InvalidInput(
            FIELD,
            form.instrument,
            _(
                "give the file for %(name)s, not %(other)s",
                name=instrument.name,
                other=form.instrument,
            ),
        )
    return form
