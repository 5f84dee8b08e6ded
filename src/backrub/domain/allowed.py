"""One rule for what screening allows: which tools, zones and positions.

The plan's daily slot, the governor, guided sessions and the log forms all
ask ``allowance`` (or its two small views, ``refusal`` and ``routine_for``);
none of them keeps a rule of its own. What each restriction takes away:

* ``NO_SELF_MASSAGE`` and ``CLINICIAN_FIRST``: every tool, until a clinician
  has cleared it;
* ``NO_MASSAGE_GUN``: the massage gun;
* ``NO_DEEP_PRESSURE``: the massage gun (percussion is not gentle) and the
  tennis ball (a hard ball presses a small spot hard); the foam roller and
  hands stay, with gentle pressure and gentle feel words, and without the
  deep buttock (piriformis), which sits over the sciatic nerve (this
  restriction comes with possible sciatica);
* ``NO_FACE_DOWN``: every step that lies face down or rests the body's weight
  on the belly (pregnancy), and it asks the person to check with their
  midwife or doctor first;
* ``NO_PROFESSIONAL_MASSAGE``: nothing in self-massage (the plan drops the
  professional sessions).

All of these are product defaults, not evidence (evidence.md §5.4 calls the
list a conservative design choice; ernst-2003, chen-2021).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from backrub.domain.inputs import parse_choice
from backrub.domain.records import Tool, Zone
from backrub.domain.restrictions import Restriction
from backrub.domain.routines import GUIDES, SIDES, Area, Position, Routine, build_routine
from backrub.domain.rules import Rules
from backrub.errors import Refused
from backrub.i18n import N_, _

__all__ = ["Allowance", "allowance", "refusal", "routine_for"]

_NO_SELF = N_(
    "Your screening answers mean no self-massage for now, with any tool, until a clinician "
    "has cleared it."
)
_CLINICIAN_FIRST = N_(
    "Your screening answers ask you to see a clinician before starting; self-massage waits "
    "until they have cleared it."
)
_NO_GUN = N_(
    "Your screening answers rule out the massage gun (product default, not evidence: no "
    "guideline lists massage-gun contraindications, so backrub is careful; chen-2021, "
    "ernst-2003). The tennis ball, foam roller or your hands may still suit."
)
_GENTLE_GUN = N_(
    "Your screening answers ask for gentle pressure only, and a massage gun is not gentle "
    "(product default, not evidence; ernst-2003). Use the foam roller or your hands with light "
    "pressure instead."
)
_GENTLE_BALL = N_(
    "Your screening answers ask for gentle pressure only, and a hard ball presses one small "
    "spot hard (product default, not evidence; ernst-2003). Use the foam roller or your hands "
    "with light pressure instead."
)
PREGNANCY_NOTE = N_(
    "While you are pregnant, ask your midwife or doctor before any massage, and tell a massage "
    "therapist about the pregnancy. backrub leaves out every position that lies face down or "
    "puts your weight on your belly (product default, not evidence)."
)
_NO_POSITION = N_(
    "Every step with this tool lies face down or rests on the belly. While you are pregnant, "
    "ask your midwife or doctor before any massage, and tell a massage therapist about the "
    "pregnancy. backrub leaves out every position that lies face down or puts your weight on "
    "your belly (product default, not evidence)."
)

# A restriction on positions removes every guide that uses one of these.
_POSITIONS_RULED_OUT: Mapping[Restriction, frozenset[Position]] = MappingProxyType(
    {Restriction.NO_FACE_DOWN: frozenset({Position.FACE_DOWN, Position.BELLY_PRESSURE})}
)


@dataclass(frozen=True, slots=True)
class Allowance:
    """What screening leaves for self-massage.

    ``zones`` maps every allowed tool to the zones it may work, in session
    order; a tool missing from it is refused, and ``refused`` says why in
    plain words of the person's language. ``gentle`` asks for light pressure with every tool;
    ``notes`` are what the person should know (e.g. ask the midwife).
    """

    zones: Mapping[Tool, tuple[Zone, ...]]
    refused: Mapping[Tool, str]
    gentle: bool
    notes: tuple[str, ...]

    @property
    def tools(self) -> tuple[Tool, ...]:
        """Return the allowed tools, in the order ``Tool`` lists them."""
        return tuple(tool for tool in Tool if tool in self.zones)

    def allows(self, tool: Tool, zone: Zone | None = None) -> bool:
        """Return whether ``tool`` (and, when given, ``zone`` with it) is allowed."""
        return tool in self.zones and (zone is None or zone in self.zones[tool])


def _tool_refusal(tool: Tool, restrictions: frozenset[Restriction]) -> str | None:
    if Restriction.NO_SELF_MASSAGE in restrictions:
        return _NO_SELF
    if Restriction.CLINICIAN_FIRST in restrictions:
        return _CLINICIAN_FIRST
    if tool is Tool.MASSAGE_GUN and Restriction.NO_MASSAGE_GUN in restrictions:
        return _NO_GUN
    if Restriction.NO_DEEP_PRESSURE in restrictions:
        if tool is Tool.MASSAGE_GUN:
            return _GENTLE_GUN
        if tool is Tool.TENNIS_BALL:
            return _GENTLE_BALL
    return None


def _zones(tool: Tool, restrictions: frozenset[Restriction]) -> tuple[Zone, ...]:
    ruled_out: set[Position] = set()
    for restriction in restrictions:
        ruled_out |= _POSITIONS_RULED_OUT.get(restriction, frozenset())
    # Gentle pressure only (possible sciatica among its causes): never the deep buttock.
    too_deep = {Area.PIRIFORMIS} if Restriction.NO_DEEP_PRESSURE in restrictions else set()
    return tuple(
        zone
        for area, guide in GUIDES[tool].items()
        if not guide.positions & ruled_out and area not in too_deep
        for zone in SIDES[area]
    )


def allowance(restrictions: frozenset[Restriction]) -> Allowance:
    """Return the tools, zones and pressure that ``restrictions`` leave for self-massage."""
    zones: dict[Tool, tuple[Zone, ...]] = {}
    refused: dict[Tool, str] = {}
    for tool in Tool:
        reason = _tool_refusal(tool, restrictions)
        allowed_zones = _zones(tool, restrictions)
        if reason is None and not allowed_zones:
            reason = _NO_POSITION
        if reason is None:
            zones[tool] = allowed_zones
        else:
            refused[tool] = _(reason)  # in the person's language: shown as it is
    notes = (_(PREGNANCY_NOTE),) if Restriction.NO_FACE_DOWN in restrictions else ()
    return Allowance(
        zones=MappingProxyType(zones),
        refused=MappingProxyType(refused),
        gentle=Restriction.NO_DEEP_PRESSURE in restrictions,
        notes=notes,
    )


def refusal(tool: Tool, restrictions: frozenset[Restriction]) -> str | None:
    """Return why screening forbids ``tool`` for self-massage, or ``None`` when it does not."""
    return allowance(restrictions).refused.get(tool)


def routine_for(tool: Tool | str, *, restrictions: frozenset[Restriction], rules: Rules) -> Routine:
    """Return the routine for ``tool`` on the zones screening allows.

    Raises ``Refused`` with the reason when a restriction rules the tool out,
    and ``InvalidInput`` for a tool name backrub does not know.
    """
    chosen = parse_choice("tool", tool, Tool)
    allowed = allowance(restrictions)
    if chosen not in allowed.zones:
        raise Refused(allowed.refused[chosen])
    return build_routine(
        chosen,
        zones=allowed.zones[chosen],
        gentle=allowed.gentle,
        notes=allowed.notes,
        rules=rules,
    )
