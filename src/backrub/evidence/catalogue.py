"""The evidence catalogue as values: entries, their identifiers and protocols.

Reading and checking the TOML files is ``backrub.evidence.loading``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from backrub.errors import BackrubError, NotFound, shown
from backrub.i18n import _

CATALOGUE_FILE = "catalogue.toml"
RULES_FILE = "rules.toml"

# Domain code reads these ids with number()/whole(); a table without one of them
# would fail later with a bare KeyError, so loading refuses it up front.
REQUIRED_RULE_IDS = frozenset(
    {
        "self_massage_cap_min",
        "trend_min_weeks",
        "nof1_min_days_per_group",
        "gun_start_level_suggested",
        "assessment_window_days",
        "peg_every_days",
        "report_window_weeks",
        "zone_seconds_default",
        "zone_seconds_max",
        "zone_seconds_min_counted",
        "pain_rise_stop_points",
        "rest_soreness_threshold",
        "gun_zone_seconds_max",
        "gun_session_max_min",
        "gun_start_level_max",
        "gun_level_step_max",
        "gun_progress_soreness_below",
        "gun_progress_pain_during_max",
        "gun_level_max_lumbar",
        "gun_level_max_glutes",
        "gun_level_max_legs",
        "acute_weeks_research",
        "chronic_weeks",
        "acute_weeks_acp",
        "mic_nrs_points",
        "mic_relative_pct",
        "mic_rmdq_points",
        "mic_odi_points",
        "mic_peg_points",
        "mdc_psfs_points",
        "sdc_ffd_cm",
        "followup_weeks_first",
        "followup_weeks_second",
        "checkin_future_max_days",
        "plan_start_days_ahead_max",
        "activity_goal_min_day",
    }
)


class CatalogueError(BackrubError):
    """A shipped evidence or rules file is malformed (a broken release, not bad input)."""


class Kind(StrEnum):
    STUDY = "study"
    REVIEW = "review"
    GUIDELINE = "guideline"
    CONSENSUS = "consensus"
    CASE_REPORT = "case-report"
    SURVEY = "survey"
    DEFINITION = "definition"
    INSTRUMENT = "instrument"


@dataclass(frozen=True, slots=True)
class Identifier:
    """A DOI or PMID; ``verified`` is False where evidence.md marks it [UNVERIFIED]."""

    value: str
    verified: bool

    def __str__(self) -> str:
        return self.value if self.verified else f"{self.value} [unverified]"


@dataclass(frozen=True, slots=True)
class Span:
    """A whole number or an inclusive range of them (``50–60`` minutes)."""

    low: int
    high: int

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


@dataclass(frozen=True, slots=True)
class Protocol:
    """The dose a study used; any part may be unknown."""

    session_min: Span | None
    sessions_per_week: Span | None
    weeks: Span | None
    total_sessions: Span | None
    note: str | None


@dataclass(frozen=True, slots=True)
class Entry:
    """One study, review, guideline, definition or instrument paper."""

    id: str
    kind: Kind
    authors: tuple[str, ...]
    title: str | None
    journal: str | None
    year: int | None
    volume: str | None
    issue: str | None
    pages: str | None
    label: str | None
    doi: Identifier | None
    pmid: Identifier | None
    urls: tuple[str, ...]
    design: str
    n: int | None
    population: str | None
    protocol: Protocol | None
    outcomes: tuple[str, ...]
    key_results: tuple[str, ...]
    certainty: str
    summary: str
    limits: tuple[str, ...]
    related: tuple[str, ...]

    @property
    def translated_summary(self) -> str:
        """Return the summary in the reader's language (the title stays in its own)."""
        return _(self.summary)

    @property
    def translated_certainty(self) -> str:
        """Return the certainty in the reader's language."""
        return _(self.certainty)

    @property
    def short_citation(self) -> str:
        """Return ``Elder et al. 2017``, ``Roland & Fairbank 2000`` or the entry's label."""
        if self.label:
            return self.label
        names = [_surname(a) for a in self.authors if a != "et al."]
        year = str(self.year) if self.year is not None else "n.d."
        if len(names) > 2 or "et al." in self.authors:
            return f"{names[0]} et al. {year}"
        return f"{' & '.join(names)} {year}"


def _surname(author: str) -> str:
    # "Reed DE II" -> "Reed", "de Vet HC" -> "de Vet": drop trailing initials.
    words = author.split()
    while len(words) > 1 and words[-1].isupper() and len(words[-1]) <= 4:
        words.pop()
    return " ".join(words)


class Catalogue:
    """The evidence entries by id, in file order; ids are unique and links resolve."""

    __slots__ = ("_entries",)

    def __init__(self, entries: Iterable[Entry]) -> None:
        by_id: dict[str, Entry] = {}
        for entry in entries:
            if entry.id in by_id:
                raise CatalogueError(f"{CATALOGUE_FILE}: duplicate entry id {entry.id!r}")
            by_id[entry.id] = entry
        for entry in by_id.values():
            for other in entry.related:
                if other not in by_id:
                    raise CatalogueError(
                        f"{CATALOGUE_FILE}: entry {entry.id!r}: related id {other!r} "
                        "is not in the catalogue"
                    )
        self._entries = by_id

    def get(self, entry_id: str) -> Entry:
        """Return the entry ``entry_id``; an unknown id raises NotFound."""
        try:
            return self._entries[entry_id]
        except KeyError:
            raise NotFound(
                _(
                    "evidence: no entry %(entry)s; run 'backrub evidence' to list the ids",
                    entry=shown(entry_id),
                )
            ) from None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._entries
