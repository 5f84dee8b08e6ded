"""The tables of the CSV export and their columns, as data.

The same definitions write the files and the ``README.txt`` inside the zip
(``backrub.reports.csv_export``) and are checked against ``docs/exports.md``
by a test, so a column cannot appear undocumented.
"""

from __future__ import annotations

from dataclasses import dataclass

Cell = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    meaning: str


@dataclass(frozen=True, slots=True)
class Table:
    file: str
    row: str  # what one row is
    columns: tuple[Column, ...]

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


_AT = (
    Column("at_utc", "when it happened, ISO 8601 in UTC"),
    Column("at_local", "the same instant in the person's time zone, ISO 8601 with offset"),
    Column("tz", "the person's IANA time zone when it was recorded"),
)

CHECKINS = Table(
    "checkins.csv",
    "one check-in",
    (
        Column("checkin_id", "id of the check-in"),
        *_AT,
        Column("pain", "pain right now, 0-10 numeric rating scale (ostelo-2008)"),
        Column("soreness", "soreness from self-massage, 0-10"),
        Column("sleep", "sleep quality last night, 0-10 (product scale, not validated)"),
        Column("activity_min", "minutes of activity that day"),
        Column("medication_taken", "true if pain medication was taken"),
        Column("medication", "which medication, as written"),
        Column("note", "free-text note"),
        Column(
            "new_leg_symptoms",
            "true if new leg symptoms, numbness or weakness were reported; empty if not asked",
        ),
    ),
)

PRO_SESSIONS = Table(
    "pro_sessions.csv",
    "one professional massage session",
    (
        Column("session_id", "id of the session"),
        *_AT,
        Column("technique", "relaxation, structural, trigger_point, sports or other"),
        Column("duration_min", "length of the session in minutes"),
        Column("cost_cents", "price in cents of the currency"),
        Column("currency", "ISO 4217 currency code"),
        Column("therapist", "therapist's name, as written"),
        Column("subjective", "SOAP note: subjective"),
        Column("objective", "SOAP note: objective"),
        Column("assessment", "SOAP note: assessment"),
        Column("plan", "SOAP note: plan"),
    ),
)

SELF_SESSIONS = Table(
    "self_sessions.csv",
    "one zone worked in a self-massage session (a session without zones has one row with "
    "empty zone columns); session columns repeat on each of its rows, so count a session "
    "once (zone_no 1) when you average them",
    (
        Column("session_id", "id of the session; rows with the same id are one session"),
        *_AT,
        Column("tool", "tennis_ball, foam_roller, massage_gun or hands"),
        Column("zone_no", "1-based order of the zone within the session"),
        Column("zone", "area worked, e.g. glutes_left"),
        Column("seconds", "time on this zone in seconds"),
        Column("gun_level", "massage gun speed level 1-20 (massage gun only)"),
        Column("pain_before", "pain 0-10 before the session"),
        Column("pain_during", "pain 0-10 during the session"),
        Column("pain_after", "pain 0-10 after the session"),
        Column("override_reason", "the reason given for going over the daily cap, if any"),
        Column("note", "free-text note"),
    ),
)

RESPONSES = Table(
    "responses.csv",
    "one completed questionnaire or measurement, with its score",
    (
        Column("response_id", "id of the response; joins response_items.csv"),
        *_AT,
        Column(
            "instrument",
            "instrument id: nrs, peg, rmdq, odi, startback, phq2, gad2, phq9, gad7, ...",
        ),
        Column("score", "score by the instrument's published rule; empty when none is allowed"),
        Column("unit", "unit of the score: {score}, % (ODI) or cm (fingertip-to-floor)"),
        Column("answered", "number of items answered"),
        Column("items", "number of items in this response"),
        Column("band", "band of the score in the words backrub shows (ODI)"),
        Column("risk", "risk group: low, medium or high (STarT Back)"),
        Column("psychosocial", "psychosocial subscale 0-5 (STarT Back)"),
        Column("positive_screen", "true when the screener total is 3 or more (PHQ-2, GAD-2)"),
        Column("no_score_reason", "why there is no score, e.g. too many missing items"),
        Column("sources", "evidence ids of the instrument and its scoring rule, ';'-separated"),
    ),
)

RESPONSE_ITEMS = Table(
    "response_items.csv",
    "one item of a questionnaire response",
    (
        Column("response_id", "id of the response in responses.csv"),
        Column("instrument", "instrument id"),
        Column("link_id", "item id, e.g. rmdq-3 or odi-7 (no item text is exported)"),
        Column("answer", "the answer as a number; empty when the item was not answered"),
        Column("label", "the activity the person named (PSFS only)"),
    ),
)

EPISODES = Table(
    "episodes.csv",
    "one episode of low back pain",
    (
        Column("episode_id", "id of the episode"),
        Column("onset", "date the episode began, ISO 8601"),
        Column("leg_pain_below_knee", "true if pain goes below the knee"),
        Column("cause", "suspected cause: strain, disc, unknown or other"),
        Column("note", "free-text note"),
    ),
)

SCREENINGS = Table(
    "screenings.csv",
    "one answered screening question; verdict and restrictions repeat on each row",
    (
        Column("screening_id", "id of the screening; rows with the same id are one screening"),
        Column("screened_on", "date of the screening, ISO 8601"),
        Column(
            "verdict",
            "stop_emergency, stop_same_day, stop_see_clinician, not_for_under_18, "
            "restricted or clear",
        ),
        Column("restrictions", "kinds of massage taken away, ';'-separated"),
        Column("question", "question id"),
        Column("answer", "true for yes, false for no; for age_band its value, such as 20_50"),
    ),
)

CLEARANCES = Table(
    "clearances.csv",
    "one clinician's go-ahead after a stop, as the person recorded it",
    (
        Column("clearance_id", "id of the clearance"),
        Column("cleared_on", "date of the clearance, ISO 8601"),
        Column("cleared_by", "the clinician, as written"),
        Column(
            "lifts",
            "screening question ids the clearance lifts, separated by ';'; empty for a "
            "clearance recorded before clearances had a scope",
        ),
        Column("note", "free-text note"),
    ),
)

PAIN_SPOTS = Table(
    "pain_spots.csv",
    "one body-map mark: how much one region hurt at one moment",
    (
        Column("spot_id", "id of the mark"),
        *_AT,
        Column("region", "region of the body map, seen from behind (e.g. lower_back_left)"),
        Column("intensity", "pain in that region, 0-10"),
        Column(
            "checkin_id",
            "the check-in the mark was saved with (checkins.csv), empty for a mark made alone",
        ),
    ),
)

TABLES: tuple[Table, ...] = (
    CHECKINS,
    PRO_SESSIONS,
    SELF_SESSIONS,
    RESPONSES,
    RESPONSE_ITEMS,
    EPISODES,
    SCREENINGS,
    CLEARANCES,
    PAIN_SPOTS,
)
