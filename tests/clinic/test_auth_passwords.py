"""New passwords on the clinic server: NIST 800-63B rules with the common list (issue 13)."""

from __future__ import annotations

import pytest

from backrub.domain.accounts import Role
from backrub.services.accounts import new_password_problem

CONTEXT = ["anna.nguyen@riverside.example", "Anna Nguyen", "Riverside Massage"]


@pytest.mark.parametrize(
    ("role", "least"), [(Role.ADMIN, 12), (Role.THERAPIST, 12), (Role.CLIENT, 8)]
)
def test_too_short_for_the_role(role: Role, least: int):
    just_short = "tulip moon"[: least - 1].ljust(least - 1, "q")
    assert f"at least {least} characters" in (
        new_password_problem(just_short, role=role, context=CONTEXT) or ""
    )


def test_a_client_may_have_eight_characters_staff_may_not():
    assert new_password_problem("tulip-oz", role=Role.CLIENT, context=CONTEXT) is None
    assert new_password_problem("tulip-oz", role=Role.THERAPIST, context=CONTEXT)


@pytest.mark.parametrize(
    "password", ["PASSWORD1234", "Qwertyuiop123", "iloveyou2", "Pass Word 1234"]
)
def test_a_common_password_is_refused_whatever_its_capitals(password: str):
    problem = new_password_problem(password, role=Role.CLIENT, context=CONTEXT)
    assert problem is not None and "commonly used" in problem


@pytest.mark.parametrize(
    "password",
    ["anna nguyen is me", "ANNA.NGUYEN 2026 ok", "riverside forever", "I love backrub so much"],
)
def test_the_persons_name_e_mail_clinic_or_the_app_is_refused(password: str):
    problem = new_password_problem(password, role=Role.THERAPIST, context=CONTEXT)
    assert problem is not None and "your name" in problem


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaaaa", "123456789012", "abcdefghijklm", "zzzzzzzzzzzzz1"]
)
def test_repeated_or_counted_characters_are_refused(password: str):
    assert new_password_problem(password, role=Role.ADMIN, context=CONTEXT)


def test_a_long_passphrase_with_spaces_is_welcome():
    phrase = "purple elephants dance at the quiet harbour"
    assert new_password_problem(phrase, role=Role.ADMIN, context=CONTEXT) is None
    assert new_password_problem("Tôi thích đi bộ buổi sáng", role=Role.CLIENT) is None


def test_no_composition_rules_and_a_ceiling_on_length():
    assert new_password_problem("lowercase words only here", role=Role.ADMIN) is None
    assert "at most 128" in (new_password_problem("x y z " * 30, role=Role.CLIENT) or "")
