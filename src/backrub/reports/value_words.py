"""Words for the values records hold (a cause, a technique, a tool, a restriction).

The values are code names ("tennis_ball"); a person reads them in words of their
language ("tennis ball", "bóng tennis"). Exports (CSV, FHIR, JSON) keep the codes.
"""

from __future__ import annotations

from backrub.i18n import N_, _

__all__ = ["VALUE_WORDS", "value_words"]

# Words for the values of records (causes, techniques, tools, restrictions), which
# the report would otherwise show as their code names with spaces.
VALUE_WORDS = {
    "strain": N_("strain"),
    "disc": N_("disc"),
    "unknown": N_("unknown"),
    "other": N_("other"),
    "relaxation": N_("relaxation"),
    "structural": N_("structural"),
    "trigger_point": N_("trigger point"),
    "sports": N_("sports"),
    "tennis_ball": N_("tennis ball"),
    "foam_roller": N_("foam roller"),
    "massage_gun": N_("massage gun"),
    "hands": N_("hands"),
    "no_massage_gun": N_("no massage gun"),
    "no_deep_pressure": N_("no deep pressure"),
    "no_self_massage": N_("no self massage"),
    "no_professional_massage": N_("no professional massage"),
    "clinician_first": N_("clinician first"),
    "no_face_down": N_("no face down"),
}


def value_words(value: object) -> str:
    """Return a record's value (a cause, technique, tool) in words of the current language."""
    code = str(value)
    return _(VALUE_WORDS[code]) if code in VALUE_WORDS else code.replace("_", " ")
