"""What screening can take away from a plan, each for a stated reason."""

from __future__ import annotations

from enum import StrEnum


class Restriction(StrEnum):
    """A limit that screening puts on massage; the governor and planner obey it."""

    NO_MASSAGE_GUN = "no_massage_gun"  # percussive devices
    NO_DEEP_PRESSURE = "no_deep_pressure"  # no structural / deep tissue, no hard ball
    NO_SELF_MASSAGE = "no_self_massage"  # nothing until a clinician clears it
    NO_PROFESSIONAL_MASSAGE = "no_professional_massage"
    CLINICIAN_FIRST = "clinician_first"  # see a clinician before starting (e.g. sciatica)
    NO_FACE_DOWN = "no_face_down"  # no lying face down, no weight on the belly (pregnancy)
