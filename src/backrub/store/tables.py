"""The tables. Every row belongs to one profile, and every query filters by it.

Timestamps are stored in UTC (``*_at`` columns) beside the person's IANA zone
(``tz``) so that a day is counted in the person's own time. Money is stored in
cents. Changing a table here needs an Alembic migration: a test compares the
two.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every backend (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _profile_fk() -> Column[int]:
    return Column(
        "profile_id", Integer, ForeignKey("profiles.id", ondelete="CASCADE"), nullable=False
    )


def _score(name: str, *, nullable: bool = True) -> Column[int]:
    return Column(
        name,
        Integer,
        CheckConstraint(f"{name} BETWEEN 0 AND 10", name=f"{name}_range"),
        nullable=nullable,
    )


meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

profiles = Table(
    "profiles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(40), nullable=False, unique=True),
    Column("tz", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("language", String(8), nullable=True),  # None: not chosen (0008)
    # The clinic whose client this is (clinic_tables.accounts); none in the local app.
    Column("clinic_id", Integer, nullable=True, index=True),
)

episodes = Table(
    "episodes",
    metadata,
    Column("id", Integer, primary_key=True),
    _profile_fk(),
    Column("onset", Date, nullable=False),
    Column("leg_pain_below_knee", Boolean, nullable=False),
    Column("cause", String(16), nullable=False),
    Column("note", Text),
)

checkins = Table(
    "checkins",
    metadata,
    Column("id", Integer, primary_key=True),
    _profile_fk(),
    Column("at", UTCDateTime, nullable=False),
    Column("tz", String(64), nullable=False),
    _score("pain", nullable=False),
    _score("soreness"),
    _score("sleep"),
    Column(
        "activity_min",
        Integer,
        CheckConstraint("activity_min BETWEEN 0 AND 1440", name="activity_min_range"),
    ),
    Column("medication_taken", Boolean),
    Column("medication", Text),
    Column("note", Text),
    Column("new_leg_symptoms", Boolean),  # NULL when the check-in did not ask
)

pro_sessions = Table(
    "pro_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    _profile_fk(),
    Column("at", UTCDateTime, nullable=False),
    Column("tz", String(64), nullable=False),
    Column("technique", String(32), nullable=False),
    Column(
        "duration_min",
        Integer,
        CheckConstraint("duration_min BETWEEN 1 AND 240", name="duration_min_range"),
        nullable=False,
    ),
    Column("cost_cents", Integer, CheckConstraint("cost_cents >= 0", name="cost_cents_range")),
    Column("currency", String(3)),
    Column("therapist", Text),
    Column("subjective", Text),
    Column("objective", Text),
    Column("assessment", Text),
    Column("plan", Text),
    # The therapist account that wrote these notes on the clinic server; none locally.
    Column("therapist_id", Integer, nullable=True),
    # The session's name in a clinic URL (UUID4), never the row id. Every insert makes
    # one; migration 0012 filled the sessions written before it.
    Column("public_id", String(36), nullable=True, default=lambda: str(uuid.uuid4())),
)

self_sessions = Table(
    "self_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    _profile_fk(),
    Column("at", UTCDateTime, nullable=False),
    Column("tz", String(64), nullable=False),
    Column("tool", String(32), nullable=False),
    _score("pain_before"),
    _score("pain_during"),
    _score("pain_after"),
    Column("override_reason", Text),
    Column("note", Text),
)

self_session_zones = Table(
    "self_session_zones",
    metadata,
    Column("id", Integer, primary_key=True),
    _profile_fk(),
    Column(
        "session_id",
        Integer,
        ForeignKey("self_sessions.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("position", Integer, nullable=False),
    Column("zone", String(32), nullable=False),
    Column(
        "seconds",
        Integer,
        CheckConstraint("seconds BETWEEN 1 AND 3600", name="seconds_range"),
        nullable=False,
    ),
    Column(
        "gun_level", Integer, CheckConstraint("gun_level BETWEEN 1 AND 20", name="gun_level_range")
    ),
)


# Every list is "this profile's rows in time order".
Index("ix_checkins_profile_at", checkins.c.profile_id, checkins.c.at)
# The few check-ins that reported new leg symptoms (the client list's red flag).
Index(
    "ix_checkins_leg_symptoms",
    checkins.c.profile_id,
    checkins.c.at,
    postgresql_where=checkins.c.new_leg_symptoms,
    sqlite_where=checkins.c.new_leg_symptoms,
)
Index("ix_pro_sessions_profile_at", pro_sessions.c.profile_id, pro_sessions.c.at)
Index("ix_pro_sessions_public_id", pro_sessions.c.public_id, unique=True)

# A therapist's correction of their own session note (an addendum): the note is never
# changed; each addendum says who, when and why. ``author`` is the name as written
# (a restored backup has no account). Deleting the profile or the session deletes it.
session_addenda = Table(
    "session_addenda",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("public_id", String(36), nullable=False, unique=True),
    _profile_fk(),
    Column(
        "session_id",
        Integer,
        ForeignKey("pro_sessions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("therapist_id", Integer, nullable=True),  # the author's account; none restored
    Column("author", String(80), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("text", Text, nullable=False),
    Column("reason", Text, nullable=True),
)
Index(
    "ix_session_addenda_profile_session", session_addenda.c.profile_id, session_addenda.c.session_id
)
Index("ix_session_addenda_session_id", session_addenda.c.session_id)

# "I contacted the client" about an urgent mood answer (PHQ-9 item 9 above 0): the
# response it is about, who, when and a short note. It lowers the flag on the
# therapist's list until a newer answer; it never removes it.
flag_contacts = Table(
    "flag_contacts",
    metadata,
    Column("id", Integer, primary_key=True),
    _profile_fk(),
    Column(
        "response_id",
        Integer,
        ForeignKey("responses.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("therapist_id", Integer, nullable=True),
    Column("author", String(80), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("note", Text, nullable=False),
)
Index("ix_flag_contacts_profile_at", flag_contacts.c.profile_id, flag_contacts.c.at)
Index("ix_flag_contacts_response_id", flag_contacts.c.response_id)
# "I contacted the client" about an emergency or same-day stop of one screening (0016).
stop_contacts = Table(
    "stop_contacts",
    metadata,
    Column("id", Integer, primary_key=True),
    _profile_fk(),
    Column(
        "screening_id",
        Integer,
        ForeignKey("screenings.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("therapist_id", Integer, nullable=True),
    Column("author", String(80), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("note", Text, nullable=False),
)
Index("ix_stop_contacts_profile_at", stop_contacts.c.profile_id, stop_contacts.c.at)
Index("ix_stop_contacts_screening_id", stop_contacts.c.screening_id)
Index("ix_self_sessions_profile_at", self_sessions.c.profile_id, self_sessions.c.at)
Index("ix_episodes_profile", episodes.c.profile_id)

screenings = Table(
    "screenings",
    metadata,
    Column("id", Integer, primary_key=True),
    _profile_fk(),
    Column("screened_on", Date, nullable=False),
    # JSON: a list of [question id, answer] pairs (true/false, or the age band), or
    # {"answers": [...], "answered_by": "script"} when a script answered no to all.
    Column("answers", Text, nullable=False),
    Column("verdict", String(32), nullable=False),
    Column("restrictions", Text, nullable=False),  # comma-separated Restriction values
)

clearances = Table(
    "clearances",
    metadata,
    Column("id", Integer, primary_key=True),
    _profile_fk(),
    Column("cleared_on", Date, nullable=False),
    Column("cleared_by", Text, nullable=False),
    Column("note", Text),
    # Comma-separated screening question ids the clearance lifts; NULL for a
    # clearance recorded before scopes existed (backrub.domain.clearance).
    Column("lifts", Text),
    # When it was recorded (the app's clock; NULL before migration 0014), and when a
    # therapist acknowledged the emergency-tier stop it lifted (clinic server).
    Column("recorded_at", UTCDateTime, nullable=True),
    Column("acknowledged_at", UTCDateTime, nullable=True),
    Column("acknowledged_by", String(80), nullable=True),
)

plans = Table(
    "plans",
    metadata,
    Column("id", Integer, primary_key=True),
    _profile_fk(),
    Column("made_on", Date, nullable=False),
    Column("params", Text, nullable=False),  # JSON: the choices the plan is rebuilt from
)

Index("ix_screenings_profile", screenings.c.profile_id)
Index("ix_clearances_profile", clearances.c.profile_id)
Index("ix_plans_profile", plans.c.profile_id)

responses = Table(
    "responses",
    metadata,
    Column("id", Integer, primary_key=True),
    _profile_fk(),
    Column("at", UTCDateTime, nullable=False),
    Column("tz", String(64), nullable=False),
    Column("instrument", String(32), nullable=False),
    Column("answers", Text, nullable=False),  # JSON list, null for a missing answer
    Column("labels", Text, nullable=False),  # JSON list of strings (PSFS activities)
    Column("language", String(8), nullable=False, server_default="en"),  # answered in (0008)
)

Index("ix_responses_profile_at", responses.c.profile_id, responses.c.at)
# A therapist's client list asks for each client's latest answer per questionnaire
# (store/caseload_rows.py; measured in docs/benchmarks.md).
Index(
    "ix_responses_profile_instrument_at",
    responses.c.profile_id,
    responses.c.instrument,
    responses.c.at,
)

pain_spots = Table(
    "pain_spots",
    metadata,
    Column("id", Integer, primary_key=True),
    _profile_fk(),
    Column("at", UTCDateTime, nullable=False),
    Column("tz", String(64), nullable=False),
    Column("region", String(32), nullable=False),
    _score("intensity", nullable=False),
    # The check-in the mark was saved with (deleted with it); none for a mark
    # made on the body map alone.
    Column(
        "checkin_id",
        Integer,
        ForeignKey("checkins.id", ondelete="CASCADE"),
        nullable=True,
        index=True,
    ),
)

Index("ix_pain_spots_profile_at", pain_spots.c.profile_id, pain_spots.c.at)


# The clinic server's tables share this metadata (imported last: they use UTCDateTime).
from backrub.store import clinic_tables as _clinic_tables  # noqa: E402,F401
from backrub.store import follow_up_tables as _follow_up_tables  # noqa: E402,F401
from backrub.store import trial_tables as _trial_tables  # noqa: E402,F401
