"""The words of "Before you start" after clinical review 8 (S3): the app's list and
docs/n-of-1.md's list name the same emergency signs; the CLI prints the person's number."""

from __future__ import annotations

from pathlib import Path

from backrub.domain.emergency import use_place
from backrub.i18n import use_language
from backrub.services import trial_care

DOCS = Path(__file__).parents[2] / "docs" / "n-of-1.md"

# The signs that mean the emergency department now, and those that mean the questions again.
EMERGENCY = (
    "a change in bladder or bowel control",
    "numbness around the genitals or back passage",
    "leg weakness that is new or getting worse",
    "weakness, numbness or pain in both legs",
)
AGAIN = ("numbness or pain in one leg", "a fever", "pain that keeps you awake every night")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_app_and_the_docs_name_the_same_signs_for_the_same_action() -> None:
    with use_place("Europe/London"):
        urgent = next(p for p in trial_care.before_you_start() if "bladder" in p)
    docs = _flat(DOCS.read_text(encoding="utf-8"))
    section = docs[docs.index("**Go to an emergency department now**") :]
    section = section[: section.index("- **Keep other treatments steady**")]
    for sign in EMERGENCY:
        assert sign.replace("the genitals", "your genitals") in urgent or sign in urgent
        assert sign in section, sign
    for sign in AGAIN:
        assert sign in urgent and sign in section, sign
    assert urgent.endswith("Your local emergency number is 999.")
    assert section.index("do not answer the questions first") < section.index(AGAIN[0])


def test_the_emergency_point_reads_in_vietnamese_with_the_number_of_vietnam() -> None:
    with use_language("vi"), use_place("Asia/Ho_Chi_Minh"):
        urgent = next(p for p in trial_care.before_you_start() if "khoa cấp cứu ngay" in p)
    assert "đừng trả lời các câu hỏi trước" in urgent and urgent.endswith("115.")


def test_trial_new_prints_the_emergency_point_with_the_profiles_number(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from tests.conftest import NOW
    from tests.nof1.test_trial_cli import _diary

    assert run("profile", "add", "me", "--tz", "Europe/London").code == 0
    run("screen", "--no-to-all")
    _diary(home, 20, start=NOW - timedelta(days=20, hours=-9))
    plan = run("trial", "new", "--plan-only", "--seed", "5")
    assert plan.code == 0, plan.err
    urgent = next(line for line in plan.out.splitlines() if "bladder or bowel" in line)
    assert "go to an emergency department now" in urgent and "999" in urgent
