"""The counts behind a clinic's cohort report (issue 14), summed in PostgreSQL.

One statement, whatever the number of clients, does what
``domain.cohort_windows.pick_answer`` and ``domain.cohort_counts.count_outcomes``
do in Python (the tests compare the two on a clinic counted by hand):

1. the clinic's clients (accounts with the client role whose profile is the
   clinic's: clinic first; removed clients too, since leaving them out would
   flatter the figures), each with day 0 = the local date of their first
   professional session (``ix_pro_sessions_profile_at``, one row per client).
   A client without a session, or whose day 0 is after ``started_by`` (their
   24-week window is still open), is not enrolled;
2. their answers from 15 days before day 0 to 184 days after (a bound in UTC
   a day wider than the windows, for the indexes ``ix_checkins_profile_at`` and
   ``ix_responses_profile_instrument_at``, per client): pain (``nrs``) from the
   daily check-ins *and* from the "pain now" questionnaire a follow-up link
   asks, and the PEG, RMDQ and ODI scored from the stored answers by the same
   rules as ``domain.scoring`` (a response the rule cannot score is no answer);
3. in each window (baseline, 12 and 24 weeks), the answer closest to the
   target day, the earlier on a tie (``DISTINCT ON``);
4. enrolment: a baseline that leaves room for the rule's points
   (``cohort_windows.has_room``); whether each later answer improved on the
   baseline by the responder rule
   (exact numeric arithmetic, met at equality), and the seven counts of
   ``CohortCounts`` per instrument: for the whole clinic, per therapist the
   client is assigned to (a client with two therapists counts for each; the
   clinic counts them once), and for the clients with no therapist (the
   residual cell that hiding small cells must also protect); and how many
   clients had a baseline that left no room for the change (not enrolled).

PostgreSQL only (local dates in each row's own zone, ``jsonb``): the clinic
server's database. The local app has no cohort.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import bindparam, text

from backrub.domain.cohort_counts import CohortCounts
from backrub.domain.cohort_windows import WINDOWS, ResponderRule, TimePoint
from backrub.store.repository import Store

__all__ = [
    "CohortRows",
    "TherapistRow",
    "assignments_now",
    "cohort_ctes",
    "cohort_rows",
    "rule_values",
]

# How each questionnaire's stored answers become its score, in SQL over the
# elements ``x`` (numeric, NULL for a missing answer) of one response
# (domain.scoring: RMDQ counts ticks, every statement required; ODI is
# sum / (5 x sections answered) x 100, rounded to 2 places, one section may be missing).
SCORES = {
    "nrs": "CASE WHEN count(*) = 1 THEN max(x) END",
    "peg": "CASE WHEN count(*) = count(x) THEN round(sum(x) / count(x), 2) END",
    "rmdq": "CASE WHEN count(*) = count(x) THEN sum(x) END",
    "odi": (
        "CASE WHEN count(*) - count(x) <= 1 AND count(x) > 0 "
        "THEN round(sum(x) / (5 * count(x)) * 100, 2) END"
    ),
}
CHECKIN_INSTRUMENT = "nrs"  # pain 0-10 from the daily check-ins (and the follow-up's "pain now")


@dataclass(frozen=True, slots=True)
class TherapistRow:
    """One therapist's counts per instrument (only instruments with an enrolled client)."""

    public_id: str
    display_name: str
    counts: dict[str, CohortCounts]


@dataclass(frozen=True, slots=True)
class CohortRows:
    clinic: dict[str, CohortCounts]
    therapists: list[TherapistRow] = field(default_factory=list)
    unassigned: dict[str, CohortCounts] = field(default_factory=dict)  # no therapist
    too_low: dict[str, int] = field(default_factory=dict)  # a start with no room: not enrolled


def _windows() -> str:
    rows = []
    for point, code in ((TimePoint.BASELINE, 0), (TimePoint.WEEK_12, 12), (TimePoint.WEEK_24, 24)):
        w = WINDOWS[point]
        rows.append(f"({code}, {w.target_day}, {w.first_day}, {w.last_day})")
    return ", ".join(rows)


def rule_values(rules: Sequence[ResponderRule]) -> tuple[str, dict[str, object]]:
    """Return the VALUES rows of the responder rules and their bound parameters."""
    rows: list[str] = []
    params: dict[str, object] = {}
    for i, rule in enumerate(rules):
        if rule.instrument_id not in SCORES:
            raise ValueError(f"no cohort score for {rule.instrument_id}")
        rows.append(
            f"(CAST(:i{i} AS text), CAST(:p{i} AS numeric), CAST(:q{i} AS numeric), "
            f"CAST(:h{i} AS boolean), CAST(:b{i} AS numeric))"
        )
        params |= {
            f"i{i}": rule.instrument_id,
            f"p{i}": str(rule.points),
            f"q{i}": None if rule.percent is None else str(rule.percent),
            f"h{i}": rule.higher_is_worse,
            f"b{i}": str(rule.best_score),
        }
    return ", ".join(rows), params


def _scored_responses() -> str:
    cases = " ".join(f"WHEN '{name}' THEN {sql}" for name, sql in SCORES.items())
    return f"""
    SELECT s.profile_id, r.instrument, (r.at AT TIME ZONE r.tz)::date - s.day0 AS day,
           r.at, r.id, sc.score
    FROM starts s
    CROSS JOIN rules u
    CROSS JOIN LATERAL (
        SELECT * FROM responses r0
        WHERE r0.profile_id = s.profile_id AND r0.instrument = u.instrument
          AND r0.at >= s.day0 - 15 AND r0.at < s.day0 + 184
        OFFSET 0  -- per client through the index, never a scan of every clinic's answers
    ) AS r
    CROSS JOIN LATERAL (
        SELECT CASE r.instrument {cases} END AS score
        FROM jsonb_array_elements_text(r.answers::jsonb) AS e(v),
             LATERAL (SELECT v::numeric AS x) AS n
    ) AS sc
    WHERE sc.score IS NOT NULL"""


_COUNTS = """
    count(*) AS enrolled,
    count(j.r12) AS answered_12,
    count(*) FILTER (WHERE j.r12) AS responders_12,
    count(j.r24) AS answered_24,
    count(*) FILTER (WHERE j.r24) AS responders_24,
    count(*) FILTER (WHERE j.r12 AND j.r24 IS NOT NULL) AS responders_12_answered_24,
    count(*) FILTER (WHERE j.r12 AND j.r24) AS persisted"""


def _query(values: str, therapist: bool) -> str:
    return cohort_ctes(values) + _totals(therapist)


# How far a client's baseline is from the best score (room for the rule's points).
_ROOM = "CASE WHEN u.higher_is_worse THEN o.b - u.best ELSE u.best - o.b END"
_LOW = f"""too_low AS (
    SELECT o.instrument, count(*) AS n
    FROM outcomes o JOIN rules u ON u.instrument = o.instrument
    WHERE {_ROOM} < u.points
    GROUP BY o.instrument
)
"""


def cohort_ctes(values: str) -> str:
    """Return the statement's ``WITH`` part, up to ``judged`` (one row per enrolled client
    and instrument; ``starts`` has each client's day 0), for a query to follow."""
    improved = "CASE WHEN u.higher_is_worse THEN o.b - {x} ELSE {x} - o.b END"
    judged = (
        "CASE WHEN {x} IS NULL THEN NULL ELSE "
        f"{improved} >= u.points AND (u.percent IS NULL OR o.b <= 0 "
        f"OR ({improved}) * 100 >= u.percent * o.b) END"
    )
    return f"""
WITH rules(instrument, points, percent, higher_is_worse, best) AS (VALUES {values}),
windows(point, target, first_day, last_day) AS (VALUES {_windows()}),
clients AS (
    SELECT a.id AS account_id, a.profile_id
    FROM accounts a JOIN profiles p ON p.id = a.profile_id AND p.clinic_id = a.clinic_id
    WHERE a.clinic_id = :clinic AND a.role = 'client'
),
starts AS (
    SELECT c.account_id, c.profile_id, f.day0
    FROM clients c
    CROSS JOIN LATERAL (
        SELECT (ps.at AT TIME ZONE ps.tz)::date AS day0 FROM pro_sessions ps
        WHERE ps.profile_id = c.profile_id ORDER BY ps.at, ps.id LIMIT 1
    ) AS f
    WHERE f.day0 <= :started_by
),
answers AS (
    SELECT s.profile_id, '{CHECKIN_INSTRUMENT}'::text AS instrument,
           (ch.at AT TIME ZONE ch.tz)::date - s.day0 AS day, ch.at, ch.id,
           ch.pain::numeric AS score
    FROM starts s JOIN checkins ch ON ch.profile_id = s.profile_id
     AND ch.at >= s.day0 - 15 AND ch.at < s.day0 + 184
    WHERE '{CHECKIN_INSTRUMENT}' IN (SELECT instrument FROM rules)
    UNION ALL {_scored_responses()}
),
picked AS (
    SELECT DISTINCT ON (a.profile_id, a.instrument, w.point)
           a.profile_id, a.instrument, w.point, a.score
    FROM answers a JOIN windows w ON a.day BETWEEN w.first_day AND w.last_day
    ORDER BY a.profile_id, a.instrument, w.point, abs(a.day - w.target), a.day, a.at, a.id
),
outcomes AS (
    SELECT profile_id, instrument,
           max(score) FILTER (WHERE point = 0) AS b,
           max(score) FILTER (WHERE point = 12) AS s12,
           max(score) FILTER (WHERE point = 24) AS s24
    FROM picked GROUP BY profile_id, instrument
    HAVING count(*) FILTER (WHERE point = 0) > 0
),
judged AS (
    SELECT s.account_id, o.instrument,
           {judged.format(x="o.s12")} AS r12,
           {judged.format(x="o.s24")} AS r24
    FROM outcomes o JOIN rules u ON u.instrument = o.instrument
    JOIN starts s ON s.profile_id = o.profile_id
    WHERE {_ROOM} >= u.points
),
{_LOW}"""


_TOO_LOW = "-"  # the row of the clients who started too low (never a public id)


def _totals(therapist: bool) -> str:
    """The counts for the whole clinic, then per therapist (or the one therapist)."""
    only = "AND s.therapist_id = :therapist" if therapist else ""
    return f"""
SELECT NULL::text AS public_id, NULL::text AS display_name, j.instrument, {_COUNTS}
FROM judged j GROUP BY j.instrument
UNION ALL
SELECT '{_TOO_LOW}', NULL::text, t.instrument, t.n, 0, 0, 0, 0, 0, 0 FROM too_low t
UNION ALL
SELECT '' AS public_id, NULL::text AS display_name, j.instrument, {_COUNTS}
FROM judged j
WHERE NOT EXISTS (
    SELECT 1 FROM assignments s JOIN accounts t ON t.id = s.therapist_id
    WHERE s.client_id = j.account_id AND s.clinic_id = :clinic AND t.clinic_id = :clinic
)
GROUP BY j.instrument
UNION ALL
SELECT t.public_id, t.display_name, j.instrument, {_COUNTS}
FROM judged j
JOIN assignments s ON s.client_id = j.account_id AND s.clinic_id = :clinic {only}
JOIN accounts t ON t.id = s.therapist_id AND t.clinic_id = :clinic
GROUP BY t.public_id, t.display_name, j.instrument
"""


def cohort_rows(
    store: Store,
    *,
    clinic_id: int,
    rules: Sequence[ResponderRule],
    started_by: date,
    therapist_id: int | None = None,
) -> CohortRows:
    """Return the clinic's counts per instrument and per therapist (or one therapist's).

    ``rules``: the responder rule of each instrument in the report;
    ``started_by``: the last day 0 counted (clients who started later are not
    enrolled: their 24-week window is still open). With
    ``therapist_id``, only that therapist's row is returned beside the clinic's.
    """
    values, params = rule_values(rules)
    params["clinic"] = clinic_id
    params["started_by"] = started_by
    if therapist_id is not None:
        params["therapist"] = therapist_id
    query = text(_query(values, therapist_id is not None)).bindparams(
        *(bindparam(name) for name in params)
    )
    with store.reading() as conn:
        found = conn.execute(query, params).all()
    clinic: dict[str, CohortCounts] = {}
    unassigned: dict[str, CohortCounts] = {}
    too_low: dict[str, int] = {}
    therapists: dict[str, TherapistRow] = {}
    for r in found:
        counts = CohortCounts(*(int(v) for v in r[3:]))
        if r.public_id is None:
            clinic[r.instrument] = counts
        elif r.public_id == "":
            unassigned[r.instrument] = counts
        elif r.public_id == _TOO_LOW:
            too_low[r.instrument] = counts.enrolled
        else:
            row = therapists.setdefault(r.public_id, TherapistRow(r.public_id, r.display_name, {}))
            row.counts[r.instrument] = counts
    return CohortRows(clinic, list(therapists.values()), unassigned, too_low)


_ASSIGNMENTS = text(
    "SELECT count(*), coalesce(sum(hashtext(s.therapist_id || ':' || s.client_id)), 0), "
    "coalesce(string_agg(DISTINCT t.display_name, '|'), '') "
    "FROM assignments s JOIN accounts t ON t.id = s.therapist_id "
    "WHERE s.clinic_id = :clinic"
)


def assignments_now(store: Store, *, clinic_id: int) -> tuple[int, int, str]:
    """Return a cheap fingerprint of who is assigned to whom in the clinic, and names.

    Two equal fingerprints mean (up to a hash collision) the same assignments and
    the same therapists' names: the cohort's counts per therapist have not moved.
    """
    with store.reading() as conn:
        count, total, names = conn.execute(_ASSIGNMENTS, {"clinic": clinic_id}).one()
    return int(count), int(total), str(names)
