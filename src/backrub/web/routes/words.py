"""Words the pages of the routes build in Python, in the person's language.

Tool names, the days the pages name ("Tuesday 01 December"), and the guided
timer's cues: the timer's script holds no words of its own, it reads them from
the page (``data-words`` on the timer), so they follow the language too.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time

from babel.dates import format_date, format_time, get_day_names

from backrub.domain.plans import WEEKDAY_NAMES
from backrub.domain.records import Technique, Tool
from backrub.i18n import ENGLISH, N_, VIETNAMESE, _, current, ngettext
from backrub.i18n.formats import babel_locale, long_date

# Vietnamese puts a comma before the year: "Thứ Ba, 01 tháng 12, 2026".
_VIETNAMESE_PATTERNS = {
    "EEEE dd MMMM": "EEEE, dd MMMM",
    "EEEE dd MMMM y": "EEEE, dd MMMM, y",
    "dd MMMM y": "dd MMMM, y",
    "EEE d MMM y": "EEE, d MMM, y",
    "d MMM y": "d MMM, y",
}


def _locale() -> str:
    # English as the pages always wrote it ("Sep", not CLDR's British "Sept").
    return "en" if current() == ENGLISH else babel_locale()


def _date(day: date | datetime, pattern: str) -> str:
    if current() == VIETNAMESE:
        pattern = _VIETNAMESE_PATTERNS.get(pattern, pattern)
    return format_date(day, pattern, locale=_locale())


TOOL_NAMES = {
    Tool.TENNIS_BALL: N_("tennis ball"),
    Tool.FOAM_ROLLER: N_("foam roller"),
    Tool.MASSAGE_GUN: N_("massage gun"),
    Tool.HANDS: N_("hands"),
}


TECHNIQUE_NAMES = {
    Technique.RELAXATION: N_("relaxation"),
    Technique.STRUCTURAL: N_("structural"),
    Technique.TRIGGER_POINT: N_("trigger point"),
    Technique.SPORTS: N_("sports"),
    Technique.OTHER: N_("other"),
}


def technique_name(technique: Technique | str) -> str:
    """Return the technique's name for people ("trigger point")."""
    try:
        return _(TECHNIQUE_NAMES[Technique(technique)])
    except ValueError:
        return str(technique).replace("_", " ")


def tool_name(tool: Tool | str) -> str:
    """Return the tool's name for people ("foam roller")."""
    try:
        return _(TOOL_NAMES[Tool(tool)])
    except ValueError:
        return str(tool).replace("_", " ")


def weekday_day_month(day: date | datetime) -> str:
    """Return "Tuesday 01 December" ("Thứ Ba 01 tháng 12")."""
    return _date(day, "EEEE dd MMMM")


def weekday_date(day: date | datetime) -> str:
    """Return "Tuesday 01 December 2026" ("Thứ Ba 01 tháng 12 2026")."""
    return _date(day, "EEEE dd MMMM y")


def day_month_year(day: date | datetime) -> str:
    """Return "01 December 2026" ("01 tháng 12 2026")."""
    return _date(day, "dd MMMM y")


def short_weekday_iso(day: date) -> str:
    """Return "Tue 2026-12-01"; in Vietnamese the language's date ("Thứ Ba, 01 tháng 12, 2026")."""
    if current() == ENGLISH:
        return _date(day, "EEE yyyy-MM-dd")
    return long_date(day)


def short_day(day: date) -> str:
    """Return "Tue 1 Dec 2026" ("Th 3 1 thg 12 2026")."""
    return _date(day, "EEE d MMM y")


def day_short_month(day: date | datetime) -> str:
    """Return "1 Dec 2026" ("1 thg 12, 2026")."""
    return _date(day, "d MMM y")


def weekday_name(weekday: int) -> str:
    """Return the short name of a weekday (Monday = 0): "Mon" ("Th 2")."""
    name = WEEKDAY_NAMES[weekday]
    if current() == ENGLISH or _(name) != name:  # the plans' own short names, once translated
        return _(name)
    return str(get_day_names("abbreviated", locale=babel_locale())[weekday])


def weekday_names(weekdays: Iterable[int]) -> str:
    """Return "Mon, Thu" for the weekday numbers (Monday = 0)."""
    return ", ".join(weekday_name(day) for day in sorted(set(weekdays)))


def day(value: date | datetime | str | None) -> str:
    """Return a day as the pages name it: ISO in English ("2026-03-02"), written out otherwise."""
    if value is None or isinstance(value, str):
        return value or ""
    if current() == ENGLISH:
        return value.isoformat() if not isinstance(value, datetime) else value.date().isoformat()
    return day_month_year(value)


def hour_minute(moment: time | datetime) -> str:
    """Return "14:05"."""
    return format_time(moment, "HH:mm", locale=_locale())


def _so_far(num: int) -> str:
    # The count stays a place for the script to fill: %(count)s, not %(num)d.
    return ngettext(
        "So far %(count)s zone counts (of %(total)s).",
        "So far %(count)s zones count (of %(total)s).",
        num,
        count="%(count)s",
        total="%(total)s",
    )


def timer_words() -> dict[str, object]:
    """Return the guided timer's cues; ``%(name)s`` places are filled by the script."""
    return {
        "end": _("the end"),
        "zone_of": _("Zone %(num)s of %(total)s"),
        "level": _(", speed level %(level)s"),
        "left": _(" s left"),
        "seconds": _("%(sec)s s"),
        "counts_now": _("This zone counts as done now."),
        "counts_after": _("Counts as done after %(need)s (%(left)s to go)."),
        "now": _("Now: %(label)s."),
        "pause": _("Pause"),
        "resume": _("Resume"),
        "paused": _("Paused."),
        "going_on": _("Going on."),
        "going_on_with": _("Going on: %(label)s."),
        "whole_plan": _("You did the whole plan."),
        "so_far": {"one": _so_far(1), "other": _so_far(2)},
        "short": _(
            "The %(label)s had %(done)s; a zone counts as done after %(need)s, so it is saved "
            "as started, not completed, and stays open for today."
        ),
        "nothing": _("Nothing done yet, so nothing would be saved."),
        "stopped": _("Stopped."),
        "can_resume": _(
            "You can resume, start this zone again, or rate your pain and save what you did."
        ),
        "done": _("Done"),
        "all_done": _("All zones done."),
        "rate": _("Rate your pain and save what you did."),
    }


def tr(text: str | None) -> str:
    """Return data words (a domain's ``N_`` text) in the current language; empty stays empty."""
    return _(text) if text else (text or "")
