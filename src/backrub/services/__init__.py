"""Use cases: parse what the person gave, call the domain, save. CLI and web call these.

Functions take the store, the profile and ``now`` (an aware datetime) or
``today`` so that tests can pin the clock; nothing here prints.

    records   profiles, check-ins, sessions, history, backup, demo
    safety    screening and clinician clearance
    planning  massage plans, adherence and the calendar
"""

from backrub.services.measures import (
    Progress,
    progress,
    record_response,
    response_score,
    score_text,
)
from backrub.services.planning import PlanView, build, current_plan, new_plan, plan_calendar
from backrub.services.records import (
    History,
    add_episode,
    add_profile,
    current_profile,
    default_profile_name,
    export_json,
    history,
    import_backup,
    load_demo,
    local_zone,
    log_pro_session,
    parse_checkin,
    parse_cost,
    parse_currency,
    parse_self_session,
    parse_zone,
    parse_zones,
    record_checkin,
    saved,
    summary,
    use_profile,
)
from backrub.services.safety import (
    SafetyState,
    add_clearance,
    record_screening,
    require_safe,
    safety_state,
)
from backrub.services.selfcare import (
    SessionPlan,
    finish_guided,
    log_self_session,
    plan_session,
)

__all__ = [
    "History",
    "PlanView",
    "Progress",
    "SafetyState",
    "SessionPlan",
    "add_clearance",
    "add_episode",
    "add_profile",
    "build",
    "current_plan",
    "current_profile",
    "default_profile_name",
    "export_json",
    "finish_guided",
    "history",
    "import_backup",
    "load_demo",
    "local_zone",
    "log_pro_session",
    "log_self_session",
    "new_plan",
    "parse_checkin",
    "parse_cost",
    "parse_currency",
    "parse_self_session",
    "parse_zone",
    "parse_zones",
    "plan_calendar",
    "plan_session",
    "progress",
    "record_checkin",
    "record_response",
    "record_screening",
    "require_safe",
    "response_score",
    "safety_state",
    "saved",
    "score_text",
    "summary",
    "use_profile",
]
