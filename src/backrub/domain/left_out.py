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
from backrub.i18n import N_, _

LEG_PAIN = "leg_pain_below_knee"

TOOL_WORDS = {
    Tool.TENNIS_BALL: N_("the tennis ball"),
    Tool.FOAM_ROLLER: N_("the foam roller"),
    Tool.MASSAGE_GUN: N_("the massage gun"),
    Tool.HANDS: N_("your hands"),
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
    return _("%(some)s and %(last)s", some=", ".join(items[:-1]), last=items[-1])


def _because(answer: Restricting) -> str:
    if answer.id == LEG_PAIN:
        return _("while you have leg pain below the knee")
    return _("because of your answer “%(answer)s”", answer=answer.words)


def left_out_words(answer: Restricting) -> str:
    """Return one sentence: what ``answer`` leaves out, why, and what stays."""
    because = _because(answer)
    restrictions = answer.restrictions
    allowed = allowance(restrictions)
    said: list[str] = []
    if {Restriction.NO_SELF_MASSAGE, Restriction.CLINICIAN_FIRST} & restrictions:
        said.append(
            _(
                "all self-massage is left out %(because)s, until a clinician has cleared it",
                because=because,
            )
        )
    else:
        tools = [_(TOOL_WORDS[t]) for t in Tool if t in allowed.refused]
        if len(tools) == 1:
            said.append(_("%(tools)s is left out %(because)s", tools=tools[0], because=because))
        elif tools:
            said.append(
                _("%(tools)s are left out %(because)s", tools=_listed(tools), because=because)
            )
        if Restriction.NO_FACE_DOWN in restrictions:
            said.append(
                _(
                    "positions that lie face down or rest on your belly are left out %(because)s",
                    because=because,
                )
            )
        if allowed.gentle:
            kept = [_(TOOL_WORDS[t]) for t in allowed.tools]
            said.append(_("%(tools)s stay, with light pressure only", tools=_listed(kept)))
    if Restriction.NO_PROFESSIONAL_MASSAGE in restrictions:
        said.append(
            _("so is professional massage")
            if said
            else _("professional massage is left out %(because)s", because=because)
        )
    text = "; ".join(said) or _("nothing more is left out %(because)s", because=because)
    return text[0].upper() + text[1:] + "."


def left_out(answers: Iterable[Restricting]) -> tuple[str, ...]:
    """Return a sentence for each answer that takes something away, in the order given."""
    return tuple(left_out_words(a) for a in answers if a.restrictions)
