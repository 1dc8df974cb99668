"""THE scenario: one item's money trail through two grants, an in-kind donation and every movement kind.

All in København, item insulin (ATC A10AE04, medicine), in 2026; each step at 10:00 UTC (11:00 or
12:00 in Copenhagen). Grant A (10.000,00 kr., lines Medicin 8.000,00 / Forbrug 2.000,00) and the
in-kind donation come from one foundation; grant B (5.000,00 kr.) from another.

 step  date        what                                                         layer / value (øre)
 R1    2026-02-02  receive B1 (exp 2026-06-30) 20 × 125,50 kr., grant A Medicin    L1: 20 × 12550 = 251000
 R2    2026-03-02  receive B2 (exp 2027-03-31) 10 × 130,25 kr., grant A Medicin    L2: 10 × 13025 = 130250
 R3    2026-03-10  receive B2 7 × 130,25 kr., 50 % A Medicin / 50 % B             L3: 7 × 13025 = 91175
                   split_exactly(91175, [50 %, 50 %]): 45587,5 each -> the odd øre to the first:
                   A 45588, B 45587
 R4    2026-03-15  receive B2 5 donated in kind by the foundation at 120,00 kr.    L4: 5 × 12000 = 60000
 I1    2026-04-01  issue 15 to a patient: FEFO B1, L1 15 × 12550                   = 188250 (A)
 I2    2026-04-02  issue 3 to a patient: B1, L1 3 × 12550                          = 37650 (A); B1 has 2 left
 R5    2026-05-05  receive B3 (exp 2027-06-30) 4 × 140,00 kr., grant B             L5: 4 × 14000 = 56000
 X5    2026-05-06  R5 reversed (a mistake): L5 taken back, its funding superseded
 I3    2026-07-05  issue 12 to a patient: B1 expired (skipped), B2 FIFO:
                   L2 10 × 13025 = 130250 (A), L3 2 × 13025 = 26050 split:
                   share_values(91175) = [45588, 45587]; after: share_values(65125) = [32563, 32562]
                   -> A 45588 − 32563 = 13025, B 45587 − 32562 = 13025
 D1    2026-07-10  dispose of B1's 2 expired units: L1 2 × 12550                   = 25100 (A), expired
 C1    2026-08-01  a count finds one unit of B2 missing: adjustment −1, L3 1 × 13025 split:
                   share_values(52100) = [26050, 26050]
                   -> A 32563 − 26050 = 6513, B 32562 − 26050 = 6512

Grant A, 2026-01-01..2026-12-31:
  spent: Medicin 251000 + 130250 + 45588 = 426838; Forbrug 0; remaining 1000000 − 426838 = 573162
  on hand at start 0; bought 426838; consumed 188250 + 37650 + 130250 + 13025 = 369175;
  expired 25100; disposed 0; count loss 6513; on hand at end 426838 − 369175 − 25100 − 6513 = 26050
  (= L3's 4 units × 13025 = 52100, A's half 26050); in kind received from the foundation 60000.
Grant A, 2026-04-01..2026-07-07:
  on hand at start 426838; bought 0; consumed 188250 + 37650 + 130250 + 13025 = 369175; wasted 0;
  on hand at end 426838 − 369175 = 57663 (B1 2 × 12550 = 25100 + A's share of L3 32563), of which
  expired (B1, 30 June) 25100; in kind received 0 (R4 was in March).
Grant B, 2026: spent 45587 (R5 reversed: left out); consumed 13025; count loss 6512;
  on hand at end 45587 − 13025 − 6512 = 26050.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from inventory.clock import FixedClock
from inventory.db.engine import Database
from inventory.db.tables import BudgetLine, Donor, Grant, Item
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor
from inventory.domain.disposal import DisposalMethod
from inventory.domain.funding import FundingChoice, FundingKind, GrantShare
from inventory.domain.model import AdjustmentReason, IssueReason, Role
from inventory.services.disposal import DisposalCommand, DisposalLineCommand, Disposals
from inventory.services.ledger import (
    AdjustmentCommand,
    IssueCommand,
    Ledger,
    OperationResult,
    ReceiptCommand,
    ReversalCommand,
)
from tests.conftest import Clinic


@dataclass
class Scenario:
    kbh: int
    item: int
    foundation: int
    other_donor: int
    grant_a: int
    grant_b: int
    line_medicine: int
    line_consumables: int
    batches: dict[str, int] = field(default_factory=dict)


def at(day: str) -> FixedClock:
    return FixedClock(datetime.fromisoformat(f"{day}T10:00:00").replace(tzinfo=UTC))


async def build_scenario(database: Database, clinic: Clinic) -> Scenario:
    kbh, item = clinic.sites["KBH"], clinic.items["insulin"]
    admin = Actor(clinic.users["admin"], "admin", Role.ADMIN, frozenset())
    async with UnitOfWork(database) as uow:
        s = uow.session
        (await s.get(Item, item)).atc_code = "A10AE04"  # type: ignore[union-attr]
        foundation = Donor(name="Diabetesfonden", kind="foundation", active=True)
        other = Donor(name="Sundhedsfonden", kind="foundation", active=True)
        s.add_all([foundation, other])
        await s.flush()
        a = Grant(
            donor_id=foundation.id,
            name="Diabetes 2026",
            reference="DF-2026-17",
            amount_ore=1_000_000,
            start_date=date(2026, 1, 1),
            end_date=date(2026, 12, 31),
            status="active",
            restrictions={},
        )
        b = Grant(
            donor_id=other.id,
            name="Akut medicin 2026",
            reference=None,
            amount_ore=500_000,
            start_date=date(2026, 1, 1),
            end_date=date(2026, 12, 31),
            status="active",
            restrictions={},
        )
        s.add_all([a, b])
        await s.flush()
        medicine = BudgetLine(grant_id=a.id, name="Medicin", amount_ore=800_000, category="medicine")
        consumables = BudgetLine(grant_id=a.id, name="Forbrug", amount_ore=200_000, category=None)
        s.add_all([medicine, consumables])
        await s.flush()
        scenario = Scenario(kbh, item, foundation.id, other.id, a.id, b.id, medicine.id, consumables.id)
        await uow.commit()

    async def run(day: str, action: str, command: object) -> OperationResult:
        async with UnitOfWork(database) as uow:
            ledger = Ledger(uow, admin, at(day))
            result: OperationResult = await getattr(ledger, action)(command)
            await uow.commit()
            return result

    def grant(*shares: GrantShare) -> FundingChoice:
        return FundingChoice(FundingKind.GRANTS, grants=shares)

    def receipt(
        batch: str, expiry: date, quantity: int, cost: int | None, funding: FundingChoice
    ) -> ReceiptCommand:
        return ReceiptCommand(kbh, item, batch, expiry, quantity, unit_cost_ore=cost, funding=funding)

    r1 = await run(
        "2026-02-02",
        "receive",
        receipt("B1", date(2026, 6, 30), 20, 12550, grant(GrantShare(a.id, medicine.id, amount_ore=251_000))),
    )
    scenario.batches["B1"] = r1.lines[0].batch.id
    r2 = await run(
        "2026-03-02",
        "receive",
        receipt("B2", date(2027, 3, 31), 10, 13025, grant(GrantShare(a.id, medicine.id, amount_ore=130_250))),
    )
    scenario.batches["B2"] = r2.lines[0].batch.id
    await run(
        "2026-03-10",
        "receive",
        receipt(
            "B2",
            date(2027, 3, 31),
            7,
            13025,
            grant(GrantShare(a.id, medicine.id, percent_bp=5000), GrantShare(b.id, None, percent_bp=5000)),
        ),
    )
    donated = FundingChoice(FundingKind.IN_KIND, donor_id=foundation.id, unit_value_ore=12000)
    await run("2026-03-15", "receive", receipt("B2", date(2027, 3, 31), 5, None, donated))
    await run("2026-04-01", "issue", IssueCommand(kbh, item, 15, IssueReason.PATIENT))
    await run("2026-04-02", "issue", IssueCommand(kbh, item, 3, IssueReason.PATIENT))
    r5 = await run(
        "2026-05-05",
        "receive",
        receipt("B3", date(2027, 6, 30), 4, 14000, grant(GrantShare(b.id, None, amount_ore=56_000))),
    )
    scenario.batches["B3"] = r5.lines[0].batch.id
    await run("2026-05-06", "reverse", ReversalCommand(r5.operation.id, note="wrong delivery"))
    await run("2026-07-05", "issue", IssueCommand(kbh, item, 12, IssueReason.PATIENT))
    async with UnitOfWork(database) as uow:
        await Disposals(uow, admin, at("2026-07-10")).dispose(
            DisposalCommand(
                kbh, [DisposalLineCommand(scenario.batches["B1"], 2)], DisposalMethod.PHARMACY_RETURN
            )
        )
        await uow.commit()
    await run(
        "2026-08-01", "adjust", AdjustmentCommand(kbh, scenario.batches["B2"], -1, AdjustmentReason.COUNT)
    )
    return scenario
