"""What the JSON API accepts: shapes only, no rules.

Ranges, choices and lengths are checked by the services (one place for each
rule), so these models only fix the JSON types. Numbers are strict (``"4"`` is
not a number here) and unknown keys are refused, so a typo in a script shows
up as a 422 that names the key instead of being ignored.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictInt


def _encodable(text: str) -> str:
    # JSON can carry lone surrogates ("\ud800") that no database can store.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text must be valid Unicode (no lone surrogates)") from None
    return text


Text = Annotated[str, AfterValidator(_encodable)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CheckinIn(_In):
    pain: StrictInt = Field(description="Pain now, 0 (none) to 10 (worst imaginable).")
    soreness: StrictInt | None = Field(default=None, description="Muscle soreness, 0-10.")
    sleep: StrictInt | None = Field(default=None, description="Sleep quality, 0-10.")
    activity_min: StrictInt | None = Field(default=None, description="Minutes active today.")
    medication: Text | None = Field(default=None, description="Pain medication taken, if any.")
    note: Text | None = None
    at: Text | None = Field(
        default=None, description="ISO date and time; without an offset, the profile's zone."
    )
    where: Text | None = Field(
        default=None,
        description="Body map at the same moment, 'lower_back_left:6,buttock_left:3'; "
        "saved with the check-in or not at all.",
    )
    new_leg_symptoms: StrictBool | None = Field(
        default=None,
        description="New leg symptoms, numbness or weakness since the last screening; true "
        "asks for screening again.",
    )


class ProSessionIn(_In):
    technique: Text = Field(description="relaxation, structural, trigger_point, sports, other.")
    minutes: StrictInt = Field(description="Length of the session in minutes.")
    at: Text | None = None
    cost: Text | None = Field(default=None, description="Amount as text, e.g. '70' or '70.50'.")
    currency: Text | None = Field(default=None, description="Three letters, e.g. EUR.")
    therapist: Text | None = None
    subjective: Text | None = None
    objective: Text | None = None
    assessment: Text | None = None
    plan: Text | None = None


class SelfSessionIn(_In):
    tool: Text = Field(description="tennis_ball, foam_roller, massage_gun or hands.")
    zones: Text = Field(
        description="Zones as on the command line: 'glutes_left:60,glutes_right' (seconds "
        "after a colon, else `seconds`)."
    )
    seconds: StrictInt | None = Field(default=None, description="Seconds per zone.")
    gun_level: StrictInt | None = Field(default=None, description="Massage gun speed level.")
    pain_before: StrictInt | None = None
    pain_during: StrictInt | None = None
    pain_after: StrictInt | None = None
    at: Text | None = None
    note: Text | None = None


class ScreeningIn(_In):
    answers: dict[str, StrictBool | Text] = Field(
        description="Every question id (GET /api/screening/questions) with true or false; "
        "age_band with one of its choices. One emergency answer is enough on its own."
    )


class ClearanceIn(_In):
    cleared_by: Text = Field(description="The clinician who cleared you.")
    cleared_on: Text | None = Field(default=None, description="YYYY-MM-DD; default today.")
    lifts: list[Text] = Field(
        description="Exactly which answers the clinician cleared: question ids from the "
        "latest screening (GET /api/screening lists them under 'clearable')."
    )
    note: Text | None = None


class PlanIn(_In):
    protocol: Text = Field(description="A protocol id from GET /api/plan/protocols.")
    start: Text | None = Field(default=None, description="YYYY-MM-DD; default today.")
    days: list[Text] = Field(description="Days you can see a therapist, e.g. ['mon', 'thu'].")
    price: Text | None = Field(default=None, description="Price of a one-hour session.")
    budget_per_session: Text | None = None
    budget_total: Text | None = None
    currency: Text | None = None
    tools: list[Text] = Field(default_factory=list, description="Self-massage tools you own.")
    self_massage_at: Text | None = Field(
        default=None, description="Daily self-massage time, HH:MM in the profile's zone."
    )


class ProfileIn(_In):
    name: Text
    tz: Text | None = Field(default=None, description="IANA time zone; default this machine's.")


class ProfileChoice(_In):
    name: Text
