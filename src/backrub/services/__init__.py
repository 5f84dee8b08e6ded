"""Use cases: parse what the person gave, call the domain, save. CLI and web call these.

Functions take the store, the profile and ``now`` (an aware datetime) or
``today`` so that tests can pin the clock; nothing here prints.

    records   profiles, episodes, history
    checkins  check-ins and body-map marks
    sessions  professional and self-massage sessions logged after the fact
    backup    backups, exports and the demo profile
    safety    screening and clinician clearance
    review    what is due again: screening, a plan that is not helping
    planning  massage plans, adherence and the calendar
    selfcare  self-massage: one governor for guided and logged sessions
    guided    finishing a guided session: the plan's caps, the least time that counts
    measures  questionnaires and progress
    reporting the clinician report
    corrections  edit and delete a record (same parsers and rules as live input)
    session_corrections  the same for professional and self-massage sessions
    profiles  list, find, rename and delete profiles; the zone picker's choices
    today     today's plan items and what of them is done (page, API, CLI)

The submodules load on first use, so a command such as ``backrub checkin``
does not pay for numpy or the plan code it never calls.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backrub.services.backup import (
        export_csv as export_csv,
    )
    from backrub.services.backup import (
        export_fhir as export_fhir,
    )
    from backrub.services.backup import (
        export_json as export_json,
    )
    from backrub.services.backup import (
        import_backup as import_backup,
    )
    from backrub.services.backup import (
        load_demo as load_demo,
    )
    from backrub.services.backup import (
        summary as summary,
    )
    from backrub.services.checkins import (
        parse_checkin as parse_checkin,
    )
    from backrub.services.checkins import parse_spots as parse_spots
    from backrub.services.checkins import record_body_map as record_body_map
    from backrub.services.checkins import (
        record_checkin as record_checkin,
    )
    from backrub.services.corrections import delete_checkin as delete_checkin
    from backrub.services.corrections import delete_mark as delete_mark
    from backrub.services.corrections import delete_response as delete_response
    from backrub.services.corrections import describe as describe
    from backrub.services.corrections import edit_checkin as edit_checkin
    from backrub.services.corrections import edit_mark as edit_mark
    from backrub.services.corrections import edit_response as edit_response
    from backrub.services.corrections import find_checkin as find_checkin
    from backrub.services.corrections import find_mark as find_mark
    from backrub.services.corrections import find_response as find_response
    from backrub.services.corrections import marks_of as marks_of
    from backrub.services.corrections import when as when
    from backrub.services.guided import (
        ending_words as ending_words,
    )
    from backrub.services.guided import (
        finish_guided as finish_guided,
    )
    from backrub.services.measures import (
        Progress as Progress,
    )
    from backrub.services.measures import (
        progress as progress,
    )
    from backrub.services.measures import (
        record_response as record_response,
    )
    from backrub.services.measures import (
        response_score as response_score,
    )
    from backrub.services.measures import (
        score_text as score_text,
    )
    from backrub.services.planning import (
        PlanView as PlanView,
    )
    from backrub.services.planning import (
        build as build,
    )
    from backrub.services.planning import (
        current_plan as current_plan,
    )
    from backrub.services.planning import (
        new_plan as new_plan,
    )
    from backrub.services.planning import (
        plan_calendar as plan_calendar,
    )
    from backrub.services.records import (
        History as History,
    )
    from backrub.services.records import (
        add_episode as add_episode,
    )
    from backrub.services.records import (
        add_profile as add_profile,
    )
    from backrub.services.records import (
        current_profile as current_profile,
    )
    from backrub.services.records import (
        default_profile_name as default_profile_name,
    )
    from backrub.services.records import (
        history as history,
    )
    from backrub.services.records import (
        holdings as holdings,
    )
    from backrub.services.records import (
        local_zone as local_zone,
    )
    from backrub.services.records import no_profile_yet as no_profile_yet
    from backrub.services.records import (
        parse_zone as parse_zone,
    )
    from backrub.services.records import (
        repeated_time as repeated_time,
    )
    from backrub.services.records import (
        saved as saved,
    )
    from backrub.services.records import (
        set_language as set_language,
    )
    from backrub.services.records import (
        set_zone as set_zone,
    )
    from backrub.services.records import (
        use_profile as use_profile,
    )
    from backrub.services.records import (
        zone_guesses as zone_guesses,
    )
    from backrub.services.reporting import render_report as render_report
    from backrub.services.reporting import report_data as report_data
    from backrub.services.review import review_notes as review_notes
    from backrub.services.safety import (
        SafetyState as SafetyState,
    )
    from backrub.services.safety import (
        add_clearance as add_clearance,
    )
    from backrub.services.safety import episode_class as episode_class
    from backrub.services.safety import (
        record_screening as record_screening,
    )
    from backrub.services.safety import (
        require_safe as require_safe,
    )
    from backrub.services.safety import (
        safety_state as safety_state,
    )
    from backrub.services.selfcare import (
        SessionPlan as SessionPlan,
    )
    from backrub.services.selfcare import (
        allowed_now as allowed_now,
    )
    from backrub.services.selfcare import (
        log_self_session as log_self_session,
    )
    from backrub.services.selfcare import (
        plan_session as plan_session,
    )
    from backrub.services.session_corrections import delete_pro_session as delete_pro_session
    from backrub.services.session_corrections import delete_self_session as delete_self_session
    from backrub.services.session_corrections import edit_pro_session as edit_pro_session
    from backrub.services.session_corrections import edit_self_session as edit_self_session
    from backrub.services.session_corrections import find_pro_session as find_pro_session
    from backrub.services.session_corrections import find_self_session as find_self_session
    from backrub.services.session_corrections import only_own_session as only_own_session
    from backrub.services.session_corrections import session_authors as session_authors
    from backrub.services.session_corrections import therapist_wrote as therapist_wrote
    from backrub.services.sessions import (
        log_pro_session as log_pro_session,
    )
    from backrub.services.sessions import (
        parse_cost as parse_cost,
    )
    from backrub.services.sessions import (
        parse_currency as parse_currency,
    )
    from backrub.services.sessions import parse_pro_session as parse_pro_session
    from backrub.services.sessions import (
        parse_self_session as parse_self_session,
    )
    from backrub.services.sessions import (
        parse_zones as parse_zones,
    )

_WHERE = {
    "delete_checkin": "corrections",
    "delete_mark": "corrections",
    "delete_pro_session": "session_corrections",
    "delete_response": "corrections",
    "delete_self_session": "session_corrections",
    "describe": "corrections",
    "edit_checkin": "corrections",
    "edit_mark": "corrections",
    "edit_pro_session": "session_corrections",
    "edit_response": "corrections",
    "edit_self_session": "session_corrections",
    "find_checkin": "corrections",
    "find_mark": "corrections",
    "find_pro_session": "session_corrections",
    "only_own_session": "session_corrections",
    "session_authors": "session_corrections",
    "therapist_wrote": "session_corrections",
    "find_response": "corrections",
    "find_self_session": "session_corrections",
    "marks_of": "corrections",
    "when": "corrections",
    "no_profile_yet": "records",
    "parse_pro_session": "sessions",
    "parse_spots": "checkins",
    "record_body_map": "checkins",
    "episode_class": "safety",
    "render_report": "reporting",
    "report_data": "reporting",
    "History": "records",
    "PlanView": "planning",
    "Progress": "measures",
    "SafetyState": "safety",
    "SessionPlan": "selfcare",
    "add_clearance": "safety",
    "allowed_now": "selfcare",
    "add_episode": "records",
    "add_profile": "records",
    "build": "planning",
    "current_plan": "planning",
    "current_profile": "records",
    "default_profile_name": "records",
    "export_csv": "backup",
    "export_fhir": "backup",
    "export_json": "backup",
    "ending_words": "guided",
    "finish_guided": "guided",
    "history": "records",
    "holdings": "records",
    "import_backup": "backup",
    "load_demo": "backup",
    "local_zone": "records",
    "log_pro_session": "sessions",
    "log_self_session": "selfcare",
    "new_plan": "planning",
    "parse_checkin": "checkins",
    "parse_cost": "sessions",
    "parse_currency": "sessions",
    "parse_self_session": "sessions",
    "parse_zone": "records",
    "zone_guesses": "records",
    "parse_zones": "sessions",
    "plan_calendar": "planning",
    "plan_session": "selfcare",
    "progress": "measures",
    "record_checkin": "checkins",
    "record_response": "measures",
    "record_screening": "safety",
    "require_safe": "safety",
    "repeated_time": "records",
    "review_notes": "review",
    "response_score": "measures",
    "safety_state": "safety",
    "saved": "records",
    "score_text": "measures",
    "set_zone": "records",
    "set_language": "records",
    "summary": "backup",
    "use_profile": "records",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'backrub.services' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"backrub.services.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
