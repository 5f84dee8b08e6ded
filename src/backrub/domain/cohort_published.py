"""The published study the cohort report is modelled on, as data, and its caveat.

elder-2017: Elder WG, Munk N, Love MM, Bruckner GG, Stewart KE, Pearce K.
"Real-World Massage Therapy Produces Meaningful Effectiveness Signal for
Primary Care Patients with Chronic Low Back Pain: Results of a Repeated
Measures Cohort Study." Pain Medicine 2017;18(7):1394-1405,
doi:10.1093/pm/pnw347. Figures as read in reference/evidence.md section 1.1
(marked [V]) and in the catalogue entry ``elder-2017``; a test checks that
the two agree. Nothing here is derived: the study did not publish the counts
behind its 75%, so none is given.

The caveats go beside every comparison with the study: a clinic's cohort is
no trial; people with back pain often get better over time anyway; the
study's shares are among completers, by its own definitions of improvement,
in chronic back pain only; and its 75% persistence does not stand alone (by
evidence.md's reading of the abstract, the Oswestry and mental-health group
means were no longer better than baseline at 24 weeks).
"""

from __future__ import annotations

from dataclasses import dataclass

from backrub.i18n import N_, _

__all__ = ["CAVEATS", "ELDER_2017", "PublishedCohort", "PublishedShare", "caveats"]


@dataclass(frozen=True, slots=True)
class PublishedShare:
    """A published share (percent) at 12 and/or 24 weeks, for one outcome."""

    outcome: str  # in words for a page (N_-marked)
    at_12_pct: float | None
    at_24_pct: float | None
    measured_here: bool  # whether backrub measures this outcome too


@dataclass(frozen=True, slots=True)
class PublishedCohort:
    source: str  # the evidence id
    citation: str
    doi: str
    enrolled: int
    answered_12: int
    answered_24: int
    persistence_pct: float  # of those improved at 12 weeks, the share still improved at 24
    persistence_outcome: str  # which outcome the persistence is about (N_-marked)
    persistence_instrument: str  # the matching backrub instrument id
    shares: tuple[PublishedShare, ...]
    design: str  # N_-marked

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "citation": self.citation,
            "doi": self.doi,
            "enrolled": self.enrolled,
            "answered_12": self.answered_12,
            "answered_24": self.answered_24,
            "persistence_pct": self.persistence_pct,
            "persistence_instrument": self.persistence_instrument,
        }


ELDER_2017 = PublishedCohort(
    source="elder-2017",
    citation="Elder WG, Munk N, et al. Pain Medicine 2017;18(7):1394-1405",
    doi="10.1093/pm/pnw347",
    enrolled=104,
    answered_12=85,
    answered_24=76,
    persistence_pct=75.0,
    persistence_outcome=N_("disability (Oswestry index)"),
    persistence_instrument="odi",
    shares=(
        PublishedShare(N_("physical health (SF-36v2 physical summary)"), 55.4, 46.1, False),
        PublishedShare(N_("mental health (SF-36v2 mental summary)"), 43.4, 30.3, False),
    ),
    design=N_(
        "a single-arm cohort of 104 primary-care patients with chronic low back pain "
        "in Kentucky, ten one-hour massages over 12 weeks, no comparison group"
    ),
)

CAVEATS = (
    N_(
        "A clinic's cohort is not a trial: without a comparison group it cannot show "
        "that massage caused any change."
    ),
    N_(
        "Back pain often eases over time on its own, and people tend to start care when "
        "it is at its worst, so part of any improvement would have come anyway."
    ),
    N_(
        "The study's shares appear to be among those who answered (the percentages fit 83 "
        "and 76 respondents; to be confirmed in the full text): compare them with the column "
        '"Only those who answered", not with the cautious one.'
    ),
    N_(
        "The study judged improvement by its own smallest changes that matter, on the "
        "Oswestry index and the SF-36; this report's rule is different, so the percentages "
        "are not like for like."
    ),
    N_(
        "The study enrolled only people whose back pain had lasted 3 months or more; a "
        "clinic also sees recent back pain, which eases more often on its own."
    ),
    N_(
        "At 24 weeks, by our reading of the study's summary (still to be checked against "
        "the full text), the group averages for disability (Oswestry) and mental health were "
        "no longer clearly better than at the start: the 75%% who stayed improved is only "
        "part of the picture."
    ),
    N_(
        "The study's clients, therapists and questionnaires differ from this clinic's; "
        "its figures are a point of reference, not a target."
    ),
)


def caveats() -> tuple[str, ...]:
    """Return the caveats in the current language, in the order a page shows them."""
    return tuple(_(text) % {} if "%%" in text else _(text) for text in CAVEATS)
