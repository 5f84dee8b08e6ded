"""The shape of a screening question: its tier of urgency, its group, the age band.

``tier`` says how urgent a "yes" is on its own:

    EMERGENCY   call the local emergency number or go to an emergency department now
    SAME_DAY    an urgent appointment or an out-of-hours service today
    SOON        see a clinician within days, before any massage
    RESTRICT    massage is allowed with limits (``restrictions``, ``because``)
    NONE        no tier alone: the answer counts in a ``Combination`` or the episode

A ``Combination`` is a warning sign that needs two or more answers together.
The age band is the one question that is not yes/no. The questions themselves
are in ``backrub.domain.red_flags``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from backrub.domain.restrictions import Restriction
from backrub.domain.rules import PRODUCT_DEFAULT
from backrub.i18n import N_, _

# Sources of the device and massage contraindications: evidence.md §5.4 calls
# this list a conservative design choice; its rationale cites the haematoma and
# pulmonary embolism reports (ernst-2003) and the rhabdomyolysis case (chen-2021).
DESIGN_CHOICE = (PRODUCT_DEFAULT, "ernst-2003", "chen-2021")
RED_FLAGS = ("gcare-red-flags", "ahcpr-1994")


class Group(StrEnum):
    """What a question screens for."""

    CAUDA_EQUINA = "cauda_equina"
    INJURY = "injury"
    HEART_OR_LUNGS = "heart_or_lungs"
    CLOT = "clot"
    INFECTION = "infection"
    AGE = "age"
    CANCER = "cancer"
    WITH_CANCER = "with_cancer"  # signs that count only with cancer now or in the past
    FRACTURE = "fracture"
    STRUCTURE = "structure"
    NEURO = "neuro"
    INFLAMMATORY = "inflammatory"
    CONTRAINDICATION = "contraindication"
    EPISODE = "episode"


class Tier(StrEnum):
    """How urgent a finding is, from most to least."""

    EMERGENCY = "emergency"
    SAME_DAY = "same_day"
    SOON = "soon"
    RESTRICT = "restrict"
    NONE = "none"

    @property
    def rank(self) -> int:
        """Return 4 for an emergency down to 0 for no tier; higher is more urgent."""
        return _RANK[self]

    @property
    def words(self) -> str:
        """Return how urgent the tier is, in a few words of the person's language."""
        return _(_TIER_WORDS[self])


_RANK = {Tier.EMERGENCY: 4, Tier.SAME_DAY: 3, Tier.SOON: 2, Tier.RESTRICT: 1, Tier.NONE: 0}
_TIER_WORDS = {
    Tier.EMERGENCY: N_("emergency now"),
    Tier.SAME_DAY: N_("same day"),
    Tier.SOON: N_("within days"),
    Tier.RESTRICT: N_("restriction"),
    Tier.NONE: N_("no tier on its own"),
}


class AgeBand(StrEnum):
    """The age bands screening asks for once; the red flags use under 20 and over 50."""

    UNDER_18 = "under_18"
    AGE_18_19 = "18_19"
    AGE_20_50 = "20_50"
    OVER_50 = "over_50"

    @property
    def words(self) -> str:
        """Return the band in words of the person's language ("Under 18")."""
        return _(_AGE_WORDS[self])


_AGE_WORDS = {
    AgeBand.UNDER_18: N_("Under 18"),
    AgeBand.AGE_18_19: N_("18 or 19"),
    AgeBand.AGE_20_50: N_("20 to 50"),
    AgeBand.OVER_50: N_("Over 50"),
}

# Every emergency and same-day question ends with this time frame (a product
# default; see backrub.domain.warning_signs). It is its own message, so the
# catalogue holds it once.
NOT_YET_SEEN = N_(
    "Say yes if it is new, getting worse or not yet seen by a doctor; say no if a "
    "doctor has seen it and it is the same or better."
)

AGE_BAND = "age_band"
Answer = bool | str
"""A yes/no answer, or for the age band an ``AgeBand`` value."""


@dataclass(frozen=True, slots=True)
class Question:
    """One screening question.

    ``finding`` names a "yes" in a few words. ``restrictions`` and ``because``
    apply only to contraindications: what a "yes" takes away from the plan, and
    why, in plain words. ``choices`` is set only for the age band.
    """

    id: str
    text: str
    finding: str
    group: Group
    tier: Tier
    sources: tuple[str, ...]
    restrictions: frozenset[Restriction] = frozenset()
    because: str = ""
    choices: tuple[AgeBand, ...] = ()

    @property
    def is_choice(self) -> bool:
        return bool(self.choices)

    @property
    def shown_text(self) -> str:
        """Return the question in the person's language (its time frame translated apart)."""
        head, sep, _tail = self.text.rpartition(" " + NOT_YET_SEEN)
        if sep and not _tail:
            return f"{_(head)} {_(NOT_YET_SEEN)}"
        return _(self.text)

    @property
    def shown_finding(self) -> str:
        """Return what a "yes" found, in the person's language."""
        return _(self.finding)

    @property
    def shown_reason(self) -> str:
        """Return the finding and, for a contraindication, why it limits massage."""
        if self.because:
            return f"{_(self.finding)}: {_(self.because)}"
        return _(self.finding)


@dataclass(frozen=True, slots=True)
class Combination:
    """A warning sign made of several answers: all of ``needs_all`` "yes", at least
    one of ``needs_any`` "yes" (when given), at least one of ``needs_also`` "yes"
    (when given), and the age band in ``ages`` (when given).

    ``earlier_also`` is what ``needs_also`` was before its questions changed: a
    stored screening that answered none of today's ``needs_also`` and was told
    the verdict the earlier parts give is read with them (``is_met(earlier=True)``,
    ``backrub.domain.screening.reread``), so it means what it meant then.

    ``label`` names the sign in a few words for the "You answered yes to:" list of a
    stop's banner (the ``finding``, with its clinical term, is said under "Why" and in
    the result's list); empty when the finding is short already."""

    id: str
    finding: str
    tier: Tier
    sources: tuple[str, ...]
    needs_all: tuple[str, ...]
    needs_any: tuple[str, ...] = ()
    ages: frozenset[AgeBand] = frozenset()
    needs_also: tuple[str, ...] = ()
    earlier_also: tuple[str, ...] = ()
    label: str = ""

    @property
    def shown_finding(self) -> str:
        """Return the sign in the person's language."""
        return _(self.finding)

    @property
    def shown_label(self) -> str:
        """Return the sign in a few words of the person's language."""
        return _(self.label or self.finding)

    @property
    def parts(self) -> frozenset[str]:
        """Return the ids of every question that can make this sign."""
        return frozenset((*self.needs_all, *self.needs_any, *self.needs_also, *self.earlier_also))

    def is_met(self, answers: Mapping[str, Answer], *, earlier: bool = False) -> bool:
        """Return whether the answers given so far make this sign; missing is not "yes".

        ``earlier``: a stored screening that answered none of ``needs_also`` is read
        with ``earlier_also`` instead (the questions it was asked)."""
        if not all(answers.get(qid) is True for qid in self.needs_all):
            return False
        if self.needs_any and not any(answers.get(qid) is True for qid in self.needs_any):
            return False
        also = self.needs_also
        if earlier and self.earlier_also and not any(qid in answers for qid in also):
            also = self.earlier_also
        if also and not any(answers.get(qid) is True for qid in also):
            return False
        return not self.ages or answers.get(AGE_BAND) in self.ages


def question(
    id: str,
    text: str,
    finding: str,
    group: Group,
    tier: Tier,
    sources: tuple[str, ...],
    restrictions: Iterable[Restriction] = (),
    because: str = "",
) -> Question:
    return Question(id, text, finding, group, tier, sources, frozenset(restrictions), because)


NO_GUN = Restriction.NO_MASSAGE_GUN
NO_DEEP = Restriction.NO_DEEP_PRESSURE
NO_MASSAGE = (Restriction.NO_SELF_MASSAGE, Restriction.NO_PROFESSIONAL_MASSAGE)
BLEEDING = N_(
    "you bleed or bruise more easily, and firm pressure or a massage gun can cause "
    "bruising and bleeding under the skin"
)
THIN_BONES = N_("thin bones can break under hard pressure or percussion")
CLOT = N_(
    "massage over a clot could move it; a clot reaching the lungs after massage has "
    "been reported, so no massage of any kind until a clinician says it is safe"
)
