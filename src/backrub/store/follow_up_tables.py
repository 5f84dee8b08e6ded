"""Follow-up questionnaires on the clinic server (issue 14): schedules, administrations, links.

Every table holds one client's data, so every row carries ``profile_id`` (deleting
the client deletes them, and the row-level security policies scope by it) and
``clinic_id`` (every query filters by the clinic first). A link keeps only the
SHA-256 of its token. No message is stored: an e-mail is made, sent and forgotten.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from backrub.store.tables import UTCDateTime, metadata

STATES = ("scheduled", "sent", "opened", "partly answered", "completed", "expired")
STATE_CHECK = "state IN (" + ", ".join(f"'{s}'" for s in STATES) + ")"
TEMPLATE_CHECK = "template IN ('study', 'baseline', 'every_weeks', 'before_visits')"


def _profile_fk() -> Column[int]:
    return Column(
        "profile_id", Integer, ForeignKey("profiles.id", ondelete="CASCADE"), nullable=False
    )


def _clinic_fk() -> Column[int]:
    return Column(
        "clinic_id", Integer, ForeignKey("clinics.id", ondelete="CASCADE"), nullable=False
    )


follow_up_schedules = Table(
    "follow_up_schedules",
    metadata,
    Column("id", Integer, primary_key=True),
    _profile_fk(),
    _clinic_fk(),
    Column(
        "template",
        String(16),
        CheckConstraint(TEMPLATE_CHECK, name="template_known"),
        nullable=False,
    ),
    Column("instruments", Text, nullable=False),  # JSON list of instrument ids
    Column("every_weeks", Integer, nullable=True),
    Column("visits", Text, nullable=False),  # JSON list of ISO dates (before_visits)
    Column("first_session", Date, nullable=False),
    # The therapist who chose it; none once their account is gone.
    Column("chosen_by", Integer, ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True),
    Column("started_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime, nullable=True),  # replaced by a newer schedule
)

Index(
    "ix_follow_up_schedules_clinic_profile",
    follow_up_schedules.c.clinic_id,
    follow_up_schedules.c.profile_id,
)

administrations = Table(
    "administrations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("public_id", String(36), nullable=False, unique=True),
    _profile_fk(),
    _clinic_fk(),
    Column(
        "schedule_id",
        Integer,
        ForeignKey("follow_up_schedules.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("instrument", String(32), nullable=False),
    Column("why", String(16), nullable=False),  # baseline, week 12, visit ...
    Column("due_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("state", String(16), CheckConstraint(STATE_CHECK, name="state_known"), nullable=False),
    Column("partial", Text, nullable=True),  # JSON of the answers so far, until completed
    Column("response_id", Integer, ForeignKey("responses.id", ondelete="SET NULL"), nullable=True),
    Column("sent_at", UTCDateTime, nullable=True),
    Column("opened_at", UTCDateTime, nullable=True),
    Column("completed_at", UTCDateTime, nullable=True),
    Column("reminders_sent", Integer, nullable=False, server_default="0"),
    Column("last_reminder_at", UTCDateTime, nullable=True),
    # An emergency warning sign answered "yes" on this questionnaire: when, and which.
    Column("red_flag_at", UTCDateTime, nullable=True),
    Column("red_flags", Text, nullable=True),  # JSON list of question/combination ids
    # The verdict those call for (NULL before migration 0014: an emergency), and the
    # "I contacted the client" about them: when, by whom, the note.
    Column("red_flag_verdict", String(24), nullable=True),
    Column("contacted_at", UTCDateTime, nullable=True),
    Column("contacted_by_id", Integer, nullable=True),
    Column("contacted_by", String(80), nullable=True),
    Column("contact_note", Text, nullable=True),
)

Index(
    "ix_administrations_clinic_state_due",
    administrations.c.clinic_id,
    administrations.c.state,
    administrations.c.due_at,
)
Index("ix_administrations_profile", administrations.c.profile_id)

follow_up_links = Table(
    "follow_up_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),  # sha256 hex
    _profile_fk(),
    _clinic_fk(),
    Column(
        "administration_id",
        Integer,
        ForeignKey("administrations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime, nullable=True),  # the questionnaire was completed
)

Index("ix_follow_up_links_administration", follow_up_links.c.administration_id)
