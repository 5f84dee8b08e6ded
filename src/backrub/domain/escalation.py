"""What a same-day stop says to watch for: the signs of getting worse that mean calling
the emergency number now, for the kind of finding the person has (review 10, M4).

A same-day stop (get medical help today) ends with "if you get worse …". Which signs
matter depends on why it stopped:

    BREATHING   a possible clot in a leg (nhs-dvt) or sudden breathlessness (nhs-pe):
                a clot may reach the lungs, so breathing that gets harder or chest pain
    NERVES      a possible spinal infection or fracture: an abscess or a broken bone can
                press on the spinal cord or the nerves at the base of the spine, so new
                weakness or numbness in a leg, trouble walking, or a change in bladder or
                bowel control (the cauda equina signs: nhs-back-pain, bass-2018,
                gcare-red-flags)
    ANY         none of these (an older screening kept its same-day verdict): no signs
                named, "call if you get worse" alone (a product default)

Each kind is said once, with the sources of the findings shown only. A possible spread
of cancer to the spine has its own line naming the same nerve signs
(``red_flags.CANCER_SPINE_LINE``), so NERVES is not said again beside it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from backrub.domain.questions import Group
from backrub.domain.warning_signs import WARNING_SIGNS
from backrub.i18n import N_, _

__all__ = [
    "SAME_DAY_ACTION",
    "WORSE_LINE",
    "Escalation",
    "Worse",
    "escalations",
    "same_day_parts",
    "shown_escalations",
]

SAME_DAY_ACTION = N_(
    "Get medical help today: ask for an urgent appointment with your doctor, or call your "
    "local out-of-hours or urgent care service (in England, NHS 111). Do not massage until "
    "a clinician has seen you."
)


class Worse(StrEnum):
    """A kind of sign that turns a same-day stop into an emergency."""

    BREATHING = "breathing"
    NERVES = "nerves"
    ANY = "any"


WORSE_LINE: Mapping[Worse, str] = MappingProxyType(
    {
        Worse.BREATHING: N_(
            "If you get worse, for example your breathing gets harder or chest pain starts, "
            "call your local emergency number now."
        ),
        Worse.NERVES: N_(
            "If you get worse, for example new weakness or numbness in a leg, trouble "
            "walking, or a change in bladder or bowel control, call your local emergency "
            "number now."
        ),
        Worse.ANY: N_(
            "If you get worse, or a new warning sign starts, call your local emergency "
            "number now (a product default)."
        ),
    }
)

# The sources that say these signs mean the emergency number, and the finding they
# go with: nhs-dvt (a DVT with breathlessness or chest pain: 999 or A&E), nhs-pe
# (severe difficulty breathing or chest pain: 999 or A&E), and the cauda equina signs
# (nhs-back-pain: 999 or A&E; bass-2018: the emergency department; gcare-red-flags:
# progressive deficit in the legs or a change in walking).
_NERVE_SOURCES = ("nhs-back-pain", "bass-2018", "gcare-red-flags")
_GROUP_KIND = {
    Group.CLOT: (Worse.BREATHING, ("nhs-dvt",)),
    Group.HEART_OR_LUNGS: (Worse.BREATHING, ("nhs-pe",)),
    Group.INFECTION: (Worse.NERVES, _NERVE_SOURCES),
    Group.FRACTURE: (Worse.NERVES, _NERVE_SOURCES),
}
_KIND: Mapping[str, tuple[Worse, tuple[str, ...]]] = MappingProxyType(
    {
        **{q.id: _GROUP_KIND[q.group] for q in WARNING_SIGNS if q.group in _GROUP_KIND},
        "fever_with_drugs_or_weak_immunity": (Worse.NERVES, _NERVE_SOURCES),
        "small_fall_with_thin_bones_or_steroids": (Worse.NERVES, _NERVE_SOURCES),
    }
)
# Its own line (CANCER_SPINE_LINE) names the nerve signs already, with nice-ng234.
_SAYS_NERVE_SIGNS = "cancer_with_spinal_pain"


@dataclass(frozen=True, slots=True)
class Escalation:
    """One "if you get worse" line: its kind and the sources of the findings behind it."""

    kind: Worse
    sources: tuple[str, ...] = ()

    @property
    def words(self) -> str:
        """Return the line in English, with its sources (JSON, the English message)."""
        return _cited(WORSE_LINE[self.kind], self.sources)

    @property
    def shown(self) -> str:
        """Return the line in the person's language, with its sources."""
        return _cited(_(WORSE_LINE[self.kind]), self.sources)


def escalations(findings: Collection[str]) -> tuple[Escalation, ...]:
    """Return the "if you get worse" lines for a same-day stop's findings, each kind once
    (breathing first), each with the sources of the findings of its kind only.

    With none of the kinds, ANY (no signs named), unless a possible spread of cancer to
    the spine names them in its own line; NERVES is left out beside that line too.
    """
    sources: dict[Worse, list[str]] = {}
    for finding in sorted(findings):
        if finding in _KIND:
            kind, said = _KIND[finding]
            known = sources.setdefault(kind, [])
            known += [s for s in said if s not in known]
    if _SAYS_NERVE_SIGNS in findings:
        sources.pop(Worse.NERVES, None)
    elif not sources:
        sources[Worse.ANY] = []
    return tuple(Escalation(kind, tuple(sources[kind])) for kind in Worse if kind in sources)


def same_day_parts(findings: Collection[str], sources: Collection[str]) -> tuple[str, ...]:
    """Return a same-day stop's words in English: what to do today, cited with
    ``sources`` (those of the findings that stop the same day), then the lines for
    getting worse (``escalations``)."""
    return (_cited(SAME_DAY_ACTION, sources), *(e.words for e in escalations(findings)))


def shown_escalations(findings: Collection[str]) -> tuple[str, ...]:
    """Return the "if you get worse" lines for these findings, in the person's language."""
    return tuple(e.shown for e in escalations(findings))


def _cited(words: str, sources: Collection[str]) -> str:
    return f"{words} ({', '.join(sources)})" if sources else words
