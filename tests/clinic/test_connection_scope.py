"""The request's shared connection follows the scope its transaction really began with
(review S6-24): a transaction begun under another scope inside an open ``reading()``
block is ended before the next block reads under the scope in force."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from backrub.store.scope import clinic_scope, of_transaction
from tests.clinic.conftest import People

pytestmark = pytest.mark.postgres

SETTING = text("SELECT current_setting('backrub.scope', true)")


def test_a_transaction_begun_under_another_scope_is_not_reused(people: People) -> None:
    a, b = (str(people.clinic_ids[x]) for x in ("a", "b"))
    store = people.store
    with store.one_connection(), clinic_scope(int(a)):
        # The block opens under a, and its first statement runs under b (a generator,
        # nested code):
        with store.reading() as c, clinic_scope(int(b)):
            assert c.execute(SETTING).scalar_one() == b
            assert of_transaction(c) == b
        with store.reading() as c:  # back under a: a new transaction, scoped a
            assert of_transaction(c) in (None, a)
            assert c.execute(SETTING).scalar_one() == a
            assert of_transaction(c) == a


def test_the_scope_is_kept_as_the_transaction_begins(people: People) -> None:
    a = people.clinic_ids["a"]
    with people.store.one_connection(), clinic_scope(a), people.store.reading() as c:
        assert of_transaction(c) is None  # nothing begun yet
        c.execute(SETTING)
        assert of_transaction(c) == str(a)


def test_a_new_scope_goes_on_in_the_same_transaction_and_sees_only_its_clinic(
    people: People,
) -> None:
    """The session's look-up reads with no clinic, then the page with its clinic: one
    transaction (no commit and begin between), each statement under the scope in force."""
    a, b = people.clinic_ids["a"], people.clinic_ids["b"]
    store = people.store
    clinics_seen = text("SELECT DISTINCT clinic_id FROM profiles")
    began = text("SELECT now()")  # when the transaction began
    with store.one_connection():
        with store.reading() as c:
            first = c.execute(began).scalar_one()
            assert list(c.execute(clinics_seen).scalars()) == []
        with clinic_scope(a), store.reading() as c:
            assert c.execute(began).scalar_one() == first
            assert set(c.execute(clinics_seen).scalars()) == {a}
        with clinic_scope(b), store.reading() as c:
            assert c.execute(began).scalar_one() == first
            assert set(c.execute(clinics_seen).scalars()) == {b}
