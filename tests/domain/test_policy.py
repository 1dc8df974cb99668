"""The one access policy: printed in docs/access.md, and decided as the clinic decided it."""

from __future__ import annotations

from pathlib import Path

import pytest

from inventory.domain.access import Actor
from inventory.domain.errors import PermissionDenied
from inventory.domain.model import Role
from inventory.domain.policy import POLICY, RULES, Capability, Scope, render_markdown, scope_of

DOC = Path(__file__).parents[2] / "docs" / "access.md"


def actor(role: Role, sites: set[int], *, every_site: bool = False, controlled: bool = False) -> Actor:
    return Actor(
        1, role.value, role, frozenset(sites), may_issue_controlled=controlled, every_site=every_site
    )


def test_the_docs_print_the_policy_as_it_is() -> None:
    assert DOC.read_text(encoding="utf-8") == render_markdown(), (
        "run: python -m inventory.domain.policy > docs/access.md"
    )


def test_every_capability_has_one_rule_with_its_reason() -> None:
    assert [r.capability for r in POLICY] == list(RULES) and set(RULES) == set(Capability)
    assert all(rule.why.strip() and Role.ADMIN in rule.grants for rule in POLICY)


def test_volunteers_never_see_money_and_finance_writes_no_stock() -> None:
    assert not [r.capability for r in POLICY if r.money and Role.VOLUNTEER in r.grants]
    stock_writes = {
        Capability.RECEIVE,
        Capability.ISSUE,
        Capability.ADJUST,
        Capability.REVERSE,
        Capability.DISPOSE,
    }
    assert not [c for c in stock_writes if scope_of(Role.FINANCE, c) is not None]
    assert all(scope_of(Role.VOLUNTEER, r.capability) in (None, Scope.OWN) for r in POLICY)


def test_a_pharmacist_works_at_their_sites_and_recalls_clinic_wide() -> None:
    odense = actor(Role.PHARMACIST, {3})
    for capability in (Capability.DISPOSE, Capability.QUARANTINE, Capability.ISSUE, Capability.ADJUST):
        assert odense.may_at(capability, 3) and not odense.may_at(capability, 1)
    assert odense.sites_for(Capability.RECALL) is None  # a recall is a patient-safety act
    assert odense.sites_for(Capability.LIFT_BLOCK) == {3}  # lifting it is not theirs alone
    assert actor(Role.PHARMACIST, {1, 2, 3}, every_site=True).sites_for(Capability.LIFT_BLOCK) is None
    assert odense.has(Capability.GRANT_READ) and not odense.has(Capability.FINANCE_READ)


def test_the_controlled_permission_follows_issue_and_its_sites() -> None:
    volunteer = actor(Role.VOLUNTEER, {1})
    assert not volunteer.has(Capability.CONTROLLED)
    granted = actor(Role.VOLUNTEER, {1}, controlled=True)
    assert granted.may_at(Capability.CONTROLLED, 1) and not granted.may_at(Capability.CONTROLLED, 2)
    assert not actor(Role.FINANCE, set(), controlled=True).has(
        Capability.CONTROLLED
    )  # finance issues nothing


def test_a_list_read_answers_the_readers_sites_and_refuses_another() -> None:
    volunteer = Actor(1, "v", Role.VOLUNTEER, frozenset({1, 2}))
    assert volunteer.read_sites(Capability.READ, None) == frozenset({1, 2})
    assert volunteer.read_sites(Capability.READ, 2) == frozenset({2})
    with pytest.raises(PermissionDenied) as refused:
        volunteer.read_sites(Capability.READ, 3)
    assert refused.value.field == "site"
    everywhere = Actor(2, "p", Role.PHARMACIST, frozenset({1, 2, 3}), every_site=True)
    assert everywhere.read_sites(Capability.READ, None) is None
    assert Actor(3, "f", Role.FINANCE, frozenset()).read_sites(Capability.READ, 3) == frozenset({3})
    with pytest.raises(PermissionDenied):
        volunteer.read_sites(Capability.PHARMACY_READ, None)
