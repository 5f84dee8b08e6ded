"""Which text of each instrument backrub shows in each language, and how far to trust it.

For every instrument and every language a person can choose, a ``Registration``
says where the text comes from, under what licence, and whether that text has
been validated in that language. English is the published text (see
``reference/instruments.md``). Vietnamese is backrub's own translation of the
English text, NOT validated: no validated Vietnamese RMDQ was found, and the
official Vietnamese PHQ and GAD screeners (phqscreeners.com) are not bundled.
Published Vietnamese PHQ-9 studies (their own texts) found lower cut-offs than
the English 10; the PHQ-9 and GAD-7 notes say so.
The ODI and the STarT Back tool are licensed: backrub ships no text of theirs
in any language, and a clinic's licensed file brings the wording (its language
and validation are the clinic's file's).

A score answered in an unvalidated translation is still shown, with a notice
(``translation_notice``) on the form, on the result and in the report; where
a published threshold is applied to it, ``threshold_note`` says the threshold
was established on the English version. The language is always a parameter:
for a form the current language, for a stored response the language it was
answered in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from backrub.domain.instruments import ALL, get_instrument
from backrub.i18n import ENGLISH, LANGUAGES, N_, VIETNAMESE, _, pgettext


class TextOrigin(StrEnum):
    """Where the words a person answers come from."""

    PUBLISHED = "published"  # the developers' published text
    OWN_TRANSLATION = "own_translation"  # backrub's translation of the published text
    CLINIC_FILE = "clinic_file"  # licensed: the clinic's file brings the text


@dataclass(frozen=True, slots=True)
class Registration:
    """The text of one instrument in one language.

    ``validated`` is ``True`` when that text has been validated in that
    language, ``False`` when it has not, and ``None`` when backrub ships no text
    (a licensed instrument: the clinic's file decides). ``source_en``,
    ``licence_en`` and ``note_en`` are English; the properties without ``_en``
    give them in the current language.
    """

    instrument: str
    language: str
    origin: TextOrigin
    validated: bool | None
    source_en: str
    licence_en: str
    note_en: str = ""

    @property
    def is_unvalidated_translation(self) -> bool:
        """Return whether backrub shows its own translation, not validated, of this text."""
        return self.origin is TextOrigin.OWN_TRANSLATION and self.validated is False

    @property
    def source(self) -> str:
        return _(self.source_en)

    @property
    def licence(self) -> str:
        return _(self.licence_en)

    @property
    def note(self) -> str:
        return _(self.note_en) if self.note_en else ""


# The English source and licence of each instrument (reference/instruments.md).
_ENGLISH: dict[str, tuple[str, str]] = {
    "nrs": (
        N_("A generic 0-10 numeric rating scale; backrub's wording of the question."),
        N_("Generic scale with no owner: free to use."),
    ),
    "peg": (
        N_("Krebs EE et al., J Gen Intern Med 2009;24:733-738."),
        N_(
            "Widely reused as free; the items are adapted from the Brief Pain Inventory "
            "(C.S. Cleeland), and the authors have not yet confirmed it."
        ),
    ),
    "rmdq": (
        N_(
            "Roland M, Morris R. Spine 1983;8:141-144, in the form printed in Roland M, "
            "Fairbank J. Spine 2000;25:3115-3124."
        ),
        N_(
            "No permission is required from the authors or from Spine when used in the form "
            "printed there; translations may have their own copyright holders."
        ),
    ),
    "odi": (
        N_("The clinic's licensed file (ODI v2.1a, Fairbank and Pynsent 2000)."),
        N_(
            "ODI © Jeremy Fairbank, 1980, distributed by Mapi Research Trust: the text needs a "
            "user agreement, so backrub ships none."
        ),
    ),
    "startback": (
        N_("The clinic's licensed file (Keele STarT Back Screening Tool, Hill et al. 2008)."),
        N_(
            "© University of Keele: no licence is needed for non-commercial use; backrub ships "
            "no text."
        ),
    ),
    "psfs": (
        N_("Stratford P et al. Physiotherapy Canada 1995;47:258-263."),
        N_("Free to use with citation (no owner terms found)."),
    ),
    "sleep": (
        N_("backrub's own 0-10 sleep rating; not a validated instrument in any language."),
        N_("backrub's own wording: free to use."),
    ),
    "ffd": (
        N_(
            "A physical examination procedure (fingertip-to-floor distance); backrub's "
            "wording of the instructions."
        ),
        N_("No owner and no item text to licence."),
    ),
}
_PFIZER = (
    N_("Kroenke, Spitzer, Williams and colleagues (the Pfizer PHQ and GAD screeners)."),
    N_(
        'Pfizer: "No permission required to reproduce, translate, display or distribute." '
        "Keep the attribution."
    ),
)
for _screen in ("phq2", "gad2", "phq9", "gad7"):
    _ENGLISH[_screen] = _PFIZER

_OWN_SOURCE = N_("backrub's own Vietnamese translation of the English text.")
_OWN_NOTE = N_(
    "Not validated: no one has yet tested that this translation measures the same thing "
    "as the English version."
)
_VIETNAMESE_NOTES: dict[str, str] = {
    "rmdq": N_(
        "No validated Vietnamese RMDQ was found, so backrub shows its own translation; it "
        "has not been validated."
    ),
    "odi": N_(
        "backrub ships no ODI text in any language: a clinic's licensed file brings it. A "
        "Vietnamese ODI has been validated (2024 poster, 100 people); a clinic that holds "
        "it may load it."
    ),
    "startback": N_(
        "backrub ships no STarT Back text in any language: a clinic's licensed file brings it."
    ),
}
_PFIZER_VI_NOTE = N_(
    "Official Vietnamese translations of the PHQ and GAD screeners exist at "
    "phqscreeners.com, but they are not bundled here; backrub shows its own translation, "
    "which has not been validated."
)
for _screen in ("phq2", "gad2", "phq9", "gad7"):
    _VIETNAMESE_NOTES[_screen] = _PFIZER_VI_NOTE
# Read in the abstracts only (PubMed 37400228; Frontiers in Psychiatry; BMC Psychiatry),
# not the full papers. Each study used its own Vietnamese text, not backrub's.
_VIETNAMESE_NOTES["phq9"] = N_(
    "Official Vietnamese translations of the PHQ and GAD screeners exist at "
    "phqscreeners.com, but they are not bundled here; backrub shows its own translation, "
    "which has not been validated. Other Vietnamese versions of the PHQ-9 have been studied: "
    "in a study of 506 adults, the best cut-off for major depression was 4, "
    "not 10 (East Asian Archives of Psychiatry 2023, doi 10.12809/eaap2258); in 400 people "
    "on methadone in Hanoi it was 5 (BMC Psychiatry 2021); a survey of 899 adults found the "
    "questions hang together reliably (Vu and colleagues, Frontiers in Psychiatry 2022). So "
    "the English version's threshold of 10 may not hold in Vietnamese."
)
_VIETNAMESE_NOTES["gad7"] = N_(
    "Official Vietnamese translations of the PHQ and GAD screeners exist at "
    "phqscreeners.com, but they are not bundled here; backrub shows its own translation, "
    "which has not been validated. No validation of a Vietnamese GAD-7 in the general "
    "population or in primary care was found; one study, in 400 people on methadone in "
    "Hanoi, almost all men, found a best cut-off of 3, not 10 (BMC Psychiatry 2021)."
)


def _register(instrument_id: str, language: str, *, ships_text: bool) -> Registration:
    source, licence = _ENGLISH[instrument_id]
    if not ships_text:
        note = _VIETNAMESE_NOTES[instrument_id] if language == VIETNAMESE else ""
        return Registration(
            instrument_id, language, TextOrigin.CLINIC_FILE, None, source, licence, note
        )
    if language == ENGLISH:  # the sleep rating is backrub's own, validated in no language
        validated = instrument_id != "sleep"
        return Registration(
            instrument_id, language, TextOrigin.PUBLISHED, validated, source, licence
        )
    note = _VIETNAMESE_NOTES.get(instrument_id, _OWN_NOTE)
    return Registration(
        instrument_id, language, TextOrigin.OWN_TRANSLATION, False, _OWN_SOURCE, licence, note
    )


REGISTRY: Mapping[tuple[str, str], Registration] = MappingProxyType(
    {
        (instrument.id, language): _register(
            instrument.id, language, ships_text=instrument.ships_item_text
        )
        for instrument in ALL
        for language in LANGUAGES
    }
)


def translation_of(instrument_id: str, language: str) -> Registration:
    """Return the registration of ``instrument_id`` in ``language`` (English if unknown).

    A language backrub does not list (the test pseudo-locale) has the
    Vietnamese standing: a translation of backrub's own, not validated.
    """
    found = REGISTRY.get((instrument_id, language))
    if found is not None:
        return found
    get_instrument(instrument_id)  # raises InvalidInput for an unknown instrument
    base = REGISTRY[(instrument_id, VIETNAMESE)]
    return Registration(
        instrument_id,
        language,
        base.origin,
        base.validated,
        base.source_en,
        base.licence_en,
        base.note_en,
    )


def language_words(language: str) -> str:
    """Return the name of ``language`` as it reads in a sentence of the current language."""
    if language == ENGLISH:
        return pgettext("language in a sentence", "English")
    if language == VIETNAMESE:
        return pgettext("language in a sentence", "Vietnamese")
    return pgettext("language in a sentence", "another language")


def translation_notice(instrument_id: str, language: str) -> str | None:
    """Return the notice for ``instrument_id`` answered (or shown) in ``language``, or None.

    None when the text is the published one or the clinic's file; otherwise the
    words "unvalidated translation" and what that means, in the current language.
    """
    registration = translation_of(instrument_id, language)
    if not registration.is_unvalidated_translation:
        return None
    return _(
        "Unvalidated translation: these questions are backrub's own %(language)s translation "
        "of the %(name)s. This translation has not been scientifically validated, so your "
        "score is only a guide and may not compare exactly with the thresholds (which are "
        "based on the English version).",
        language=language_words(language),
        name=get_instrument(instrument_id).name,
    )


def threshold_note(instrument_id: str, languages: Iterable[str]) -> str | None:
    """Return the note a published threshold needs when any answer was in an unvalidated
    translation (``languages``: the languages the compared responses were answered in)."""
    unvalidated = sorted(
        {
            language
            for language in languages
            if translation_of(instrument_id, language).is_unvalidated_translation
        }
    )
    if not unvalidated:
        return None
    return _(
        "The published thresholds for the %(name)s were established on the English version; "
        "some answers here were given in backrub's own %(language)s translation, which has "
        "not been validated.",
        name=get_instrument(instrument_id).name,
        language=", ".join(language_words(language) for language in unvalidated),
    )


def translation_notes(answered: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """Return, once per instrument, the notes a report or progress page needs.

    ``answered`` holds (instrument id, language answered in) for each response
    shown. An instrument answered at least once in an unvalidated translation
    gets its "unvalidated translation" notice and the threshold note.
    """
    by_instrument: dict[str, set[str]] = {}
    for instrument_id, language in answered:
        by_instrument.setdefault(instrument_id, set()).add(language)
    notes: list[str] = []
    for instrument_id, languages in by_instrument.items():
        note = threshold_note(instrument_id, languages)
        if note is not None:
            notes.append(_("Unvalidated translation: %(note)s", note=note))
    return tuple(notes)
