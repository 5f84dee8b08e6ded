"""Words in the person's language: English (the source) and Vietnamese.

Every string a person reads goes through ``_`` (or ``ngettext`` when it counts
something); strings defined as data before a language is known are marked with
``N_`` and translated where they are shown. The language is a context variable
that each face sets once: the CLI from ``--lang`` or the profile, the web app per
request from the profile or the browser's Accept-Language. English is the
fallback for anything not translated.

Placeholders are named, ``%(name)s``, the same in Python and in the templates
(Jinja's new-style gettext), so a translator can move them:

    _("Next check-in %(when)s.", when=words)
    ngettext("%(num)d session", "%(num)d sessions", count)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import TYPE_CHECKING

from backrub.i18n.catalogues import translations
from backrub.i18n.pseudo import PSEUDO as PSEUDO

if TYPE_CHECKING:
    from jinja2 import Environment

ENGLISH = "en"
VIETNAMESE = "vi"
# PSEUDO, a made-up language for tests: every translated string comes out wrapped
# and accented, so an English sentence left untranslated stands out (tests/i18n).
PSEUDO_SWITCH = "BACKRUB_PSEUDO_LOCALE"

# The languages a person can choose, each named in itself.
LANGUAGES: dict[str, str] = {ENGLISH: "English", VIETNAMESE: "Tiếng Việt"}

_language: ContextVar[str] = ContextVar("backrub_language", default=ENGLISH)


def available() -> tuple[str, ...]:
    """Return the language codes this run accepts (the pseudo-locale only when switched on)."""
    codes = tuple(LANGUAGES)
    return (*codes, PSEUDO) if os.environ.get(PSEUDO_SWITCH) == "1" else codes


def parse_language(text: str) -> str | None:
    """Return the language code ``text`` names ("vi", "VI", "vi-VN", "en_GB"), or None."""
    code = text.strip().replace("_", "-").split("-")[0].lower()
    return code if code in available() else None


def current() -> str:
    """Return the language of what is being said now."""
    return _language.get()


def set_language(code: str) -> Token[str]:
    """Say everything from now on (in this context) in ``code``; return the token to undo it."""
    return _language.set(code if code in available() else ENGLISH)


@contextmanager
def use_language(code: str) -> Iterator[None]:
    """Say everything inside the block in ``code``."""
    token = set_language(code)
    try:
        yield
    finally:
        _language.reset(token)


def recorded() -> str:
    """Return the language to store as what something was said in (the pseudo-locale
    is English underneath)."""
    code = current()
    return code if code in LANGUAGES else ENGLISH


def N_(message: str) -> str:  # noqa: N802 - the gettext marker's usual name
    """Mark ``message`` for translation where it is shown; return it unchanged."""
    return message


def _(message: str, **values: object) -> str:
    """Return ``message`` in the current language, with its named placeholders filled."""
    if not message:  # gettext would answer "" with the catalogue's header
        return message
    text = translations(current()).gettext(message)
    return text % values if values else text


def ngettext(singular: str, plural: str, num: int, **values: object) -> str:
    """Return the form of a counted message for ``num``; ``%(num)d`` is always available."""
    text = translations(current()).ngettext(singular, plural, num)
    return text % {"num": num, **values}


def pgettext(context: str, message: str, **values: object) -> str:
    """Like ``_`` for a short word whose meaning needs ``context`` ("noun", "button")."""
    text = translations(current()).pgettext(context, message)
    return text % values if values else text


# For Jinja's new-style gettext, which fills the placeholders itself (and escapes them).
def raw_gettext(message: str) -> str:
    return translations(current()).gettext(message) if message else message


def raw_ngettext(singular: str, plural: str, num: int) -> str:
    return translations(current()).ngettext(singular, plural, num)


def raw_pgettext(context: str, message: str) -> str:
    return translations(current()).pgettext(context, message)


def install(env: Environment) -> None:
    """Give a Jinja environment ``_``, ``ngettext``, ``pgettext`` and ``{% trans %}``."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        raw_gettext, raw_ngettext, newstyle=True, pgettext=raw_pgettext
    )
    env.globals["language"] = current
