"""What screening leaves out, in words: for each answer that restricts, what it takes away.

``backrub.domain.allowed`` decides which tools and positions stay; this says
it to the person, one sentence per answer in force, naming the tools and the
reason ("The tennis ball and the massage gun are left out while you have leg
pain below the knee; …").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from backrub.domain.allowed import allowance
from backrub.domain.records import Tool
from backrub.domain.restrictions import Restriction

LEG_PAIN = "leg_pain_below_knee"

TOOL_WORDS = {
    Tool.TENNIS_BALL: "the tennis ball",
    Tool.FOAM_ROLLER: "the foam roller",
    Tool.MASSAGE_GUN: "the massage gun",
    Tool.HANDS: "your hands",
}


@dataclass(frozen=True, slots=True)
class Restricting:
    """One answer in force that restricts massage: its id, its words and what it takes away."""

    id: str
    words: str
    restrictions: frozenset[Restriction]


def _listed(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _because(answer: Restricting) -> str:
    if answer.id == LEG_PAIN:
        return "while you have leg pain below the knee"
    return f"because of your answer “{answer.words}”"


def left_out_words(answer: Restricting) -> str:
    """Return one sentence: what ``answer`` leaves out, why, and what stays."""
    because = _because(answer)
    restrictions = answer.restrictions
    allowed = allowance(restrictions)
    said: list[str] = []
    if {Restriction.NO_SELF_MASSAGE, Restriction.CLINICIAN_FIRST} & restrictions:
        said.append(f"all self-massage is left out {because}, until a clinician has cleared it")
    else:
        tools = [TOOL_WORDS[t] for t in Tool if t in allowed.refused]
        if tools:
            verb = "is" if len(tools) == 1 else "are"
            said.append(f"{_listed(tools)} {verb} left out {because}")
        if Restriction.NO_FACE_DOWN in restrictions:
            said.append(
                f"positions that lie face down or rest on your belly are left out {because}"
            )
        if allowed.gentle:
            kept = [TOOL_WORDS[t] for t in allowed.tools]
            said.append(f"{_listed(kept)} stay, with light pressure only")
    if Restriction.NO_PROFESSIONAL_MASSAGE in restrictions:
        said.append(
            "so is professional massage" if said else f"professional massage is left out {because}"
        )
    text = "; ".join(said) or f"nothing more is left out {because}"
    return text[0].upper() + text[1:] + "."


def left_out(answers: Iterable[Restricting]) -> tuple[str, ...]:
    """Return a sentence for each answer that takes something away, in the order given."""
    return tuple(left_out_words(a) for a in answers if a.restrictions)
