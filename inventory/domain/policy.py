"""The clinic's one access policy, as data: role x capability x scope.

Every guard is derived from this table: the API's (`http/guards.requires`), the pages' and the
navigation's (`web/navigation.py`), and the services' site checks (`Actor.require_at`). `docs/access.md`
is printed from it (`render_markdown`), and `tests/api/test_guards.py` walks every API operation and
every page with every role from it, so an operation or page that names no capability fails the test.

A scope says where a role holds a capability: at the sites the user is assigned to (OWN) or at every
site (ALL). A capability that acts on the whole clinic at once (a clinic-wide report, lifting a recall)
is held with OWN scope only by a user assigned to every site.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from .model import Role


class Capability(StrEnum):
    READ = "read"  # the catalogue, sites, stock on hand, the ledger's operations, labels
    RECEIVE = "receive"
    ISSUE = "issue"
    ADJUST = "adjust"
    REVERSE = "reverse"
    LINK_GTIN = "link_gtin"
    CATALOGUE = "catalogue"
    PHARMACY_READ = "pharmacy_read"  # quarantines, disposals and certificates, recalls, expiry review
    QUARANTINE = "quarantine"  # quarantine and release a batch at a site
    RECALL = "recall"  # recall a batch, quarantine a batch at every site (a standing block)
    LIFT_BLOCK = "lift_block"  # close a recall or a standing block: stock flows again at every site
    DISPOSE = "dispose"  # dispose of stock, witness a disposal
    RETURN = "return"  # return stock to its supplier (a credit expected)
    SET_ASIDE = "set_aside"  # set a scanned pack aside into quarantine for the pharmacist
    USERS = "users"
    SECURITY_EVENTS = "security_events"
    CONTROLLED_REGISTER = "controlled_register"  # read the controlled-drug register
    CONTROLLED = "controlled"  # issue a controlled item
    FRIDGE_READ = "fridge_read"
    RECORD_TEMPERATURE = "record_temperature"  # fridge readings and actions
    TEMPERATURE_RANGE = "temperature_range"  # a cold location's allowed range
    GRANT_READ = "grant_read"  # a grant's name, restrictions, what is spent and left; donors' names
    FUND = "fund"  # donors, grants, budget lines; override a grant's rules; recharge a receipt
    FINANCE_READ = "finance_read"  # donor notes, change history, statements, in kind, postings
    STOCK_VALUE = "stock_value"  # what stock is worth: valuation and impact reports
    AUDIT_READ = "audit_read"  # the audit trail of changes to users, sites, locations and items
    EXPORT = "export"  # stock, the ledger, batches and the catalogue as CSV and XLSX
    COUNT = "count"  # stock counts: read them, enter or scan what is found, sign as the counter
    COUNT_APPROVE = "count_approve"  # start, approve and post, or cancel a stock count
    TRANSFER_SEND = "transfer_send"  # send stock to another site, cancel a transfer not yet received
    TRANSFER_RECEIVE = "transfer_receive"  # confirm a transfer's arrival, with what was short or damaged
    TRANSFER_APPROVE = "transfer_approve"  # approve sending a transfer that holds a controlled item


# Kept for the code that names the older word: a permission is a capability.
Permission = Capability


class Scope(StrEnum):
    OWN = "own sites"
    ALL = "all sites"


@dataclass(frozen=True)
class Rule:
    capability: Capability
    money: bool  # shows what something is worth or costs, or donors' money
    grants: Mapping[Role, Scope]
    why: str


V, P, F, A = Role.VOLUNTEER, Role.PHARMACIST, Role.FINANCE, Role.ADMIN
OWN, ALL = Scope.OWN, Scope.ALL
C = Capability

# fmt: off
POLICY: tuple[Rule, ...] = (
    Rule(C.READ, False, {V: OWN, P: OWN, F: ALL, A: ALL},
         "Everyone reads the catalogue; stock, batches, operations and movements of a site are read by "
         "those who work there (a pharmacist of every site reads them all), and by finance, who accounts "
         "for all of it. Lists answer the reader's sites; another site's filter or object is refused."),
    Rule(C.RECEIVE, False, {V: OWN, P: OWN, A: ALL},
         "Goods are received by whoever is at the site. Finance writes no stock."),
    Rule(C.ISSUE, False, {V: OWN, P: OWN, A: ALL}, "Stock is issued by whoever is at the site."),
    Rule(C.CONTROLLED, False, {P: OWN, A: ALL},
         "Controlled items are issued by pharmacists at their sites; a volunteer only when an admin "
         "grants it to them (users.may_issue_controlled), then at their own sites, on the security trail."),
    Rule(C.REVERSE, False, {V: OWN, P: OWN, A: ALL},
         "An operation is undone at its site; a volunteer undoes only their own, within 12 hours."),
    Rule(C.ADJUST, False, {P: OWN, A: ALL}, "A count correction is a pharmacist's judgement at their site."),
    Rule(C.LINK_GTIN, False, {P: ALL, A: ALL}, "The catalogue's barcodes are the same at every site."),
    Rule(C.CATALOGUE, False, {A: ALL}, "Sites, locations and items are the admin's."),
    Rule(C.PHARMACY_READ, False, {P: OWN, F: ALL, A: ALL},
         "Quarantines, disposals, recalls and the expiry review are a pharmacist's work at their sites; "
         "the whole-clinic review only for a pharmacist of every site. Volunteers scan, they do not "
         "review: these lists carry value at risk and certificates."),
    Rule(C.QUARANTINE, False, {P: OWN, A: ALL},
         "A batch is quarantined and released at one site by that site's pharmacists."),
    Rule(C.RECALL, False, {P: ALL, A: ALL},
         "A recall, or a batch quarantined everywhere, is a patient-safety act: any pharmacist who learns "
         "of one stops the batch at every site at once. It only blocks stock, it moves none."),
    Rule(C.LIFT_BLOCK, False, {P: OWN, A: ALL},
         "Closing a recall or a standing block lets the batch be issued again at every site: only a "
         "pharmacist of every site (or an admin) answers for all of them."),
    Rule(C.DISPOSE, False, {P: OWN, A: ALL},
         "Stock is destroyed, and a controlled disposal witnessed, by pharmacists of that site."),
    Rule(C.RETURN, False, {P: OWN, A: ALL},
         "Stock goes back to its supplier (recalled, damaged, a wrong delivery) by that site's "
         "pharmacists: it leaves the grant as a credit expected from the supplier."),
    Rule(C.SET_ASIDE, False, {V: OWN, P: OWN, A: ALL},
         "Whoever is at the site sets a doubtful pack aside into quarantine, saying why; the pharmacist "
         "decides what becomes of it (release, dispose of, return)."),
    Rule(C.CONTROLLED_REGISTER, False, {P: OWN, F: ALL, A: ALL},
         "The controlled-drug register of a site: its pharmacists, and finance and admin for audit."),
    Rule(C.FRIDGE_READ, False, {V: OWN, P: OWN, F: ALL, A: ALL},
         "The fridge log of a site is read by those who work there."),
    Rule(C.RECORD_TEMPERATURE, False, {V: OWN, P: OWN, A: ALL},
         "Readings and actions are recorded by whoever is at the fridge."),
    Rule(C.TEMPERATURE_RANGE, False, {P: OWN, A: ALL},
         "A fridge's allowed range is a pharmacist's decision."),
    Rule(C.STOCK_VALUE, True, {P: OWN, F: ALL, A: ALL},
         "What stock is worth (valuation, impact) helps pharmacists decide; the clinic-wide reports only "
         "for a pharmacist of every site. Volunteers never see money."),
    Rule(C.GRANT_READ, True, {P: ALL, F: ALL, A: ALL},
         "Pharmacists choose the funding when ordering: they read a grant's name, restrictions and what "
         "is left, and donors' names, never donor notes or change history."),
    Rule(C.FINANCE_READ, True, {F: ALL, A: ALL},
         "Donor notes, grants' change history, statements, in-kind register and postings: finance."),
    Rule(C.FUND, True, {F: ALL, A: ALL}, "Donors, grants and budget lines are finance's."),
    Rule(C.COUNT, False, {V: OWN, P: OWN, A: ALL},
         "Whoever works at a site counts its shelves: they enter or scan what they find and sign the "
         "count as its counter (a blind count hides what the system expects until it is closed)."),
    Rule(C.COUNT_APPROVE, False, {P: OWN, A: ALL},
         "A count is started, approved and posted as adjustments, or cancelled, by a pharmacist of the "
         "site: a difference in stock is a pharmacist's judgement. A volunteer cannot approve."),
    Rule(C.TRANSFER_SEND, False, {V: OWN, P: OWN, A: ALL},
         "Stock is sent to another site by whoever is at the sending site, and cancelled there before "
         "it is received. Finance moves no stock."),
    Rule(C.TRANSFER_RECEIVE, False, {V: OWN, P: OWN, A: ALL},
         "A transfer is received, with what was short or damaged, by whoever is at the receiving site."),
    Rule(C.TRANSFER_APPROVE, False, {P: OWN, A: ALL},
         "A transfer holding a controlled drug leaves only once a pharmacist of the sending site approves."),
    Rule(C.USERS, False, {A: ALL}, "Users and their sites are the admin's."),
    Rule(C.SECURITY_EVENTS, False, {A: ALL}, "The security audit trail is read by admins."),
    Rule(C.EXPORT, False, {P: OWN, F: ALL, A: ALL},
         "Stock, the ledger, batches and the catalogue are exported by those who account for them, of "
         "the sites they read; unit costs only where they may see money. Volunteers do not export."),
    Rule(C.AUDIT_READ, False, {P: OWN, A: ALL},
         "Who changed users, sites, locations and items, and how, is read by admins and by pharmacists, "
         "who answer for the catalogue; it is the clinic's set-up, not one site's."),
)
# fmt: on

RULES: dict[Capability, Rule] = {rule.capability: rule for rule in POLICY}


def scope_of(role: Role, capability: Capability) -> Scope | None:
    """Where `role` holds `capability`, or None where it does not."""
    return RULES[capability].grants.get(role)


def roles_with(capability: Capability) -> frozenset[Role]:
    return frozenset(RULES[capability].grants)


def render_markdown() -> str:
    """The policy as the table in docs/access.md (a test keeps the file equal to this)."""
    roles = list(Role)
    lines = [
        "# Who may do what, and where",
        "",
        "Generated from `inventory/domain/policy.py` (`python -m inventory.domain.policy > docs/access.md`);",
        "`tests/domain/test_policy.py` fails when this file and the policy differ. The API's guards, the",
        "pages' guards, the navigation and the services' site checks are all read from the same table.",
        "",
        "*own sites*: at the sites the user is assigned to; a capability that acts on the whole clinic",
        "(a clinic-wide report, lifting a recall) is held with *own sites* only by a user assigned to every",
        "site. *all sites*: everywhere. —: never. *money*: shows what stock is worth or donors' money;",
        "volunteers hold no money capability.",
        "",
        "| capability | money | " + " | ".join(r.value for r in roles) + " | why |",
        "|---|---|" + "---|" * len(roles) + "---|",
    ]
    for rule in POLICY:
        cells = [rule.grants[r].value if r in rule.grants else "—" for r in roles]
        money = "yes" if rule.money else ""
        lines.append(f"| {rule.capability.value} | {money} | " + " | ".join(cells) + f" | {rule.why} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_markdown(), end="")
