"""Word a refusal for a terminal: one line, with the flags and commands that get past it.

Services say what is wrong in plain words and carry the rest as data (see
``backrub.errors.Refusal``): the fields concerned, whether an override with a
reason is possible, which way out there is (the refusal's code). Only here do
those become command-line words: ``reason`` → ``--reason``, an override →
``add --override --reason TEXT``, "answer the screening questions" → ``run
'backrub screen'``.
"""

from __future__ import annotations

from datetime import date, datetime

from backrub.errors import BackrubError, InvalidInput, shown

# Fields whose name differs from what a person types on the command line.
FLAGS = {
    "reason": "--reason",
    "override": "--override",
    "activities": "--activities",
    "items_file": "--items-file",
    "out": "--out",
    "weeks": "--weeks",
    "seed": "--seed",
    "profile": "--profile",
    "self_massage_at": "--self-massage-at",
    "budget_total": "--budget-total",
    "budget_per_session": "--budget-per-session",
}
# Words in what is allowed, and the flags the command line uses instead.
PHRASES = (
    ("a reason goes with an override", "a reason goes with --override"),
    ("give the seconds on each zone,", "give --seconds,"),
    ("backrub's JSON export", "'backrub export --format json'"),
)
# The way past a refusal, by its code.
WAYS_OUT = {
    "screening_needed": "Run 'backrub screen'.",
    "clearance_needed": "Then record what they cleared: 'backrub screen clear --by NAME "
    "--lifts WHAT'.",
    "no_plan": "Run 'backrub plan new'.",
    "no_profile": "Run 'backrub profile add NAME'.",
}
OVERRIDE = (
    "To record it anyway, add --override --reason TEXT; the override is kept and shown in "
    "your history and reports."
)
# Refusals whose message is led by what they concern, as the CLI's other errors are.
LEADS = {"self_massage_rule": "session"}


def _when(moment: date | datetime) -> str:
    return moment.isoformat(timespec="minutes") if isinstance(moment, datetime) else str(moment)


def _invalid(error: InvalidInput) -> str:
    field = FLAGS.get(error.field, error.field)
    allowed = error.allowed
    for words, flags in PHRASES:
        allowed = allowed.replace(words, flags)
    if error.value is None:
        return f"{field}: missing; {allowed}"
    return f"{field}: {shown(error.value)} is not allowed; {allowed}"


def words(error: BackrubError) -> str:
    """Return ``error`` as one line for a terminal, with the flags that get past it."""
    if isinstance(error, InvalidInput):
        return _invalid(error)
    refusal = error.refusal
    key, sep, rest = refusal.message.partition(": ")
    parts = [f"{FLAGS[key]}: {rest}" if sep and key in FLAGS else refusal.message]
    lead = LEADS.get(refusal.code)
    if lead:
        parts[0] = f"{lead}: {parts[0]}"
    if refusal.possible_at is not None:
        parts.append(f"Possible again on {_when(refusal.possible_at)}.")
    if refusal.override:
        parts.append(OVERRIDE)
    if refusal.code in WAYS_OUT:
        parts.append(WAYS_OUT[refusal.code])
    return " ".join(part.strip() for part in parts if part.strip())
