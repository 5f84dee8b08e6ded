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

from backrub.cli.shown import day, stamp
from backrub.errors import BackrubError, InvalidInput, shown
from backrub.i18n import N_, _

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
    "pairs": "--pairs",
    "period": "--period",
    "washout": "--washout",
    "first_day": "--first-day",
    "before_you_start": "--confirm",
    "day": "--day",
}
# Words in what is allowed, and the flags the command line uses instead.
PHRASES = (
    ("a reason goes with an override", "a reason goes with --override"),
    ("give the seconds on each zone,", "give --seconds,"),
    ("backrub's JSON export", "'backrub export --format json'"),
)
# The way past a refusal, by its code.
WAYS_OUT = {
    "screening_needed": N_("Run '%(command)s'."),
    "clearance_needed": N_("Then record what they cleared: '%(command)s'."),
    "no_plan": N_("Run '%(command)s'."),
    "no_profile": N_("Run '%(command)s'."),
    "no_trial": N_("Run '%(command)s'."),
}
COMMANDS = {
    "screening_needed": "backrub screen",
    "clearance_needed": "backrub screen clear --by NAME --lifts WHAT",
    "no_plan": "backrub plan new",
    "no_profile": "backrub profile add NAME",
    "no_trial": "backrub trial new",
}
OVERRIDE = N_(
    "To record it anyway, add --override --reason TEXT; the override is kept and shown in "
    "your history and reports."
)
# Refusals whose message is led by what they concern, as the CLI's other errors are.
LEADS = {"self_massage_rule": "session"}


def _when(moment: date | datetime) -> str:
    if isinstance(moment, datetime):
        return moment.isoformat(timespec="minutes") if _english() else stamp(moment)
    return day(moment)


def _english() -> bool:
    from backrub import i18n

    return i18n.current() == i18n.ENGLISH


def _invalid(error: InvalidInput) -> str:
    field = FLAGS.get(error.field, error.field)
    allowed = error.allowed
    for words, flags in PHRASES:
        allowed = allowed.replace(words, flags)
    if error.value is None:
        return _("%(field)s: missing; %(allowed)s", field=field, allowed=allowed)
    return _(
        "%(field)s: %(value)s is not allowed; %(allowed)s",
        field=field,
        value=shown(error.value),
        allowed=allowed,
    )


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
        parts.append(_("Possible again on %(when)s.", when=_when(refusal.possible_at)))
    if refusal.override:
        parts.append(_(OVERRIDE))
    if refusal.code in WAYS_OUT:
        parts.append(_(WAYS_OUT[refusal.code], command=COMMANDS[refusal.code]))
    return " ".join(part.strip() for part in parts if part.strip())
