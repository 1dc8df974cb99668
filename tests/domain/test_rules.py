"""Receipt rules, GTINs, money and access: the domain's checks that need no database."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from inventory.domain import rules
from inventory.domain.access import VOLUNTEER_UNDO_HOURS, Actor, Permission
from inventory.domain.errors import ExpiredStock, ExpiryMismatch, InvalidInput, PermissionDenied
from inventory.domain.gtin import check_digit, is_valid_gtin, normalize_gtin
from inventory.domain.model import Category, Role
from inventory.domain.money import format_dkk, value_ore

TODAY = date(2026, 3, 15)


# --- receipts: expiry -------------------------------------------------------------------------


def test_receipt_without_expiry_is_refused_when_the_item_requires_one() -> None:
    with pytest.raises(InvalidInput) as caught:
        rules.check_receipt_expiry(None, requires_expiry=True, today=TODAY, allow_expired=False)
    assert caught.value.field == "expiry_date"
    assert caught.value.status == 422


def test_receipt_without_expiry_is_accepted_when_the_item_needs_none() -> None:
    rules.check_receipt_expiry(None, requires_expiry=False, today=TODAY, allow_expired=False)


def test_receipt_expiring_today_is_accepted() -> None:
    rules.check_receipt_expiry(TODAY, requires_expiry=True, today=TODAY, allow_expired=False)


def test_receipt_of_expired_goods_is_refused_unless_allowed() -> None:
    yesterday = TODAY - timedelta(days=1)
    with pytest.raises(ExpiredStock) as caught:
        rules.check_receipt_expiry(yesterday, requires_expiry=True, today=TODAY, allow_expired=False)
    assert caught.value.field == "expiry_date"
    assert caught.value.status == 409
    rules.check_receipt_expiry(yesterday, requires_expiry=True, today=TODAY, allow_expired=True)


def test_allow_expired_does_not_excuse_a_missing_expiry() -> None:
    with pytest.raises(InvalidInput):
        rules.check_receipt_expiry(None, requires_expiry=True, today=TODAY, allow_expired=True)


def test_batch_with_the_recorded_expiry_is_accepted() -> None:
    rules.check_batch_expiry(TODAY, TODAY, "B1")
    rules.check_batch_expiry(None, None, "B1")


@pytest.mark.parametrize(
    ("stored", "received"),
    [(TODAY, TODAY + timedelta(days=1)), (TODAY, None), (None, TODAY)],
)
def test_batch_expiry_that_differs_is_refused_and_names_the_recorded_one(
    stored: date | None, received: date | None
) -> None:
    with pytest.raises(ExpiryMismatch) as caught:
        rules.check_batch_expiry(stored, received, "LOT-7")
    assert caught.value.field == "expiry_date"
    assert caught.value.extra["recorded_expiry"] == (stored.isoformat() if stored else None)
    assert "LOT-7" in caught.value.detail


def test_quantities_must_be_positive_or_nonzero() -> None:
    assert rules.require_positive(1) == 1
    for bad in (0, -1):
        with pytest.raises(InvalidInput):
            rules.require_positive(bad)
    assert rules.require_nonzero(-3) == -3
    with pytest.raises(InvalidInput) as caught:
        rules.require_nonzero(0, field="delta")
    assert caught.value.field == "delta"


def test_only_medicine_lab_and_dental_require_expiry_by_default() -> None:
    required = {c for c in Category if c.requires_expiry_by_default}
    assert required == {Category.MEDICINE, Category.LAB, Category.DENTAL}


# --- GTINs ------------------------------------------------------------------------------------


def reference_check_digit(body: str) -> int:
    """GS1 mod 10 written from the left over an 18-digit field, independent of the code under test."""
    padded = body.rjust(17, "0")
    total = sum(int(digit) * (3 if position % 2 == 0 else 1) for position, digit in enumerate(padded))
    return (10 - total % 10) % 10


@pytest.mark.parametrize(
    "code",
    ["96385074", "036000291452", "4006381333931", "5701234567899", "09506000134352", "10614141000415"],
)
def test_valid_gtins_normalize_to_fourteen_digits(code: str) -> None:
    normalized = normalize_gtin(code)
    assert len(normalized) == 14
    assert normalized.lstrip("0") == code.lstrip("0")
    assert normalized.endswith(code)


def test_ean13_and_its_gtin14_form_are_the_same_gtin() -> None:
    assert normalize_gtin("4006381333931") == normalize_gtin("04006381333931") == "04006381333931"


def test_gtin_surrounding_whitespace_is_ignored() -> None:
    assert normalize_gtin(" 4006381333931\n") == "04006381333931"


def test_check_digit_agrees_with_an_independent_implementation() -> None:
    rng = random.Random(2011)
    for length in (7, 11, 12, 13):
        for _ in range(200):
            body = "".join(rng.choice("0123456789") for _ in range(length))
            assert check_digit(body) == reference_check_digit(body)
            assert is_valid_gtin(body + str(reference_check_digit(body)))


@pytest.mark.parametrize("code", ["4006381333932", "96385075", "036000291453", "09506000134353"])
def test_gtin_with_wrong_check_digit_is_refused(code: str) -> None:
    assert not is_valid_gtin(code)
    with pytest.raises(InvalidInput) as caught:
        normalize_gtin(code, field="gtins[2]")
    assert caught.value.field == "gtins[2]"
    assert "check digit" in caught.value.detail


@pytest.mark.parametrize(
    "code",
    [
        "",
        "ABCDEFGHIJKLM",
        "400638133393X",
        "4006-381333931",
        "1234567",
        "123456789",
        "123456789012345",
        "４００６３８１３３３９３１",
        "12345678901",
    ],
)
def test_non_gtins_are_refused(code: str) -> None:
    assert not is_valid_gtin(code)
    with pytest.raises(InvalidInput) as caught:
        normalize_gtin(code)
    assert caught.value.field == "gtin"


def test_every_single_digit_error_is_caught() -> None:
    code = "5701234567899"
    for position in range(len(code)):
        for digit in "0123456789":
            if digit != code[position]:
                assert not is_valid_gtin(code[:position] + digit + code[position + 1 :])


# --- money ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ore", "text"),
    [
        (0, "0,00 kr."),
        (5, "0,05 kr."),
        (100, "1,00 kr."),
        (123450, "1.234,50 kr."),
        (338037500, "3.380.375,00 kr."),
        (-199, "-1,99 kr."),
        (-100000, "-1.000,00 kr."),
    ],
)
def test_format_dkk_uses_danish_separators(ore: int, text: str) -> None:
    assert format_dkk(ore) == text


def test_value_is_whole_ore() -> None:
    assert value_ore(3, 1999) == 5997
    assert isinstance(value_ore(3, 1999), int)


# --- access -----------------------------------------------------------------------------------


def actor(role: Role, *sites: int, user_id: int = 7) -> Actor:
    return Actor(user_id=user_id, username=f"{role}-{user_id}", role=role, site_ids=frozenset(sites))


def test_staff_work_only_at_their_sites() -> None:
    volunteer = actor(Role.VOLUNTEER, 1, 3)
    assert volunteer.works_at(1) and volunteer.works_at(3)
    assert not volunteer.works_at(2)
    with pytest.raises(PermissionDenied) as caught:
        volunteer.require_site(2)
    assert caught.value.field == "site"
    assert caught.value.status == 403
    volunteer.require_site(3)


def test_admin_works_at_every_site() -> None:
    admin = actor(Role.ADMIN)
    assert all(admin.works_at(site) for site in (1, 2, 99))
    admin.require_site(42)


def test_roles_hold_the_permissions_of_their_job() -> None:
    assert actor(Role.VOLUNTEER).has(Permission.ISSUE)
    assert actor(Role.VOLUNTEER).has(Permission.RECEIVE)
    assert not actor(Role.VOLUNTEER).has(Permission.ADJUST)
    assert actor(Role.PHARMACIST).has(Permission.ADJUST)
    assert not actor(Role.PHARMACIST).has(Permission.CATALOGUE)
    assert not actor(Role.FINANCE).has(Permission.ISSUE)
    assert actor(Role.FINANCE).has(Permission.READ)
    assert all(actor(Role.ADMIN).has(p) for p in Permission)
    with pytest.raises(PermissionDenied):
        actor(Role.FINANCE).require(Permission.REVERSE)


def test_volunteer_may_reverse_own_recent_operation() -> None:
    volunteer = actor(Role.VOLUNTEER, 1, user_id=7)
    assert volunteer.may_reverse(author_id=7, age_hours=0)
    assert volunteer.may_reverse(author_id=7, age_hours=VOLUNTEER_UNDO_HOURS)


def test_volunteer_may_not_reverse_another_users_operation() -> None:
    assert not actor(Role.VOLUNTEER, 1, user_id=7).may_reverse(author_id=8, age_hours=0.1)


def test_volunteer_may_not_reverse_an_old_operation() -> None:
    volunteer = actor(Role.VOLUNTEER, 1, user_id=7)
    assert not volunteer.may_reverse(author_id=7, age_hours=VOLUNTEER_UNDO_HOURS + 0.01)
    assert not volunteer.may_reverse(author_id=7, age_hours=24 * 30)


def test_pharmacist_and_admin_may_reverse_anything_finance_nothing() -> None:
    assert actor(Role.PHARMACIST, 1).may_reverse(author_id=99, age_hours=24 * 365)
    assert actor(Role.ADMIN).may_reverse(author_id=99, age_hours=24 * 365)
    assert not actor(Role.FINANCE, user_id=7).may_reverse(author_id=7, age_hours=0)
