"""The disposal form's two steps: its batches named as people name them (batch number, the clinic's
label code, a scanned pack: services/batch_finder), then one confirmation of what will happen (each
line's quantity in the unit's words, its value where the user may see money, the site), where the
witness of a controlled item signs. The write itself is http/disposals.dispose_witnessed, as before."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, replace
from typing import Any

from litestar import Request, Response

from inventory.clock import Clock
from inventory.db import repo
from inventory.db.engine import Database
from inventory.db.tables import Batch, Item
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.expiry import StockValue
from inventory.http.disposals import disposal_command
from inventory.http.forms import decode_form, field
from inventory.http.shapes import pharmacy as ps
from inventory.http.shapes.convert import shows_money
from inventory.services.batch_actions import take_value
from inventory.services.batch_finder import find_batch, label_code
from inventory.services.disposal import Disposals, WitnessLogin, WitnessPending
from inventory.web.page import PageProblem, render

LINES = 3  # lines on the form; the first is filled from the page it came from
_CHECK_ONLY = WitnessLogin("-", "-")  # a witness not yet asked for: the rules run up to the witness


def disposal_of(form: Any) -> ps.DisposalCreate:
    """The form decoded as the API's DisposalCreate; a line without a batch is
    left out, and a refusal names the form's own field (`quantity_1`)."""
    lines: list[dict[str, Any]] = []
    names = {"witness.username": "witness_username", "witness.password": "witness_password"}
    for n in range(LINES):
        if (batch := field(form, f"batch_{n}")) is not None:
            names |= {
                f"lines[{len(lines)}].batch": f"batch_{n}",
                f"lines[{len(lines)}].quantity": f"quantity_{n}",
            }
            lines.append({"batch": batch, "quantity": field(form, f"quantity_{n}")})
    username = field(form, "witness_username")
    password = form.get("witness_password")
    witness = {"username": username, "password": password} if username else None
    raw = {k: field(form, k) for k in ("site", "method", "reason", "note")} | {
        "lines": lines,
        "witness": witness,
    }
    return decode_form(raw, ps.DisposalCreate, names=names | {"lines": "batch_0"})


@dataclass(frozen=True)
class ReviewLine:
    batch: Batch
    item: Item
    quantity: int
    value: StockValue


def _batch_fields(form: Any) -> list[str]:
    return [f"batch_{n}" for n in range(LINES) if field(form, f"batch_{n}") is not None]


async def resolve_batches(actor: Actor, database: Database, form: Any) -> dict[str, str]:
    """The form's values with each line's batch (as typed or scanned) replaced by the batch's id; the
    rest of the form is checked first (as the API's shape, and the site against the policy), so a bad
    site or quantity is named first."""
    values = {k: str(v) for k, v in form.items()}
    shape = disposal_of({**values, **dict.fromkeys(_batch_fields(form), "1")})
    actor.require_at(Permission.DISPOSE, shape.site, field="site")
    async with UnitOfWork(database, readonly=True) as uow:
        for name in _batch_fields(form):
            batch = await find_batch(uow.session, values[name], field=name)
            values[name] = str(batch.id)
    return values


async def review(
    request: Request[Actor, Any, Any],
    database: Database,
    clock: Clock,
    resolved: dict[str, str],
    kept: dict[str, str],
    problem: PageProblem | None = None,
) -> Response[Any]:
    """Every rule but the witness's password checked (nothing written), then what the disposal will do."""
    data = disposal_of(resolved)
    command = disposal_command(data)
    async with UnitOfWork(database, readonly=True) as uow:
        with suppress(WitnessPending):  # valid up to the witness: nothing was written
            await Disposals(uow, request.user, clock).dispose(replace(command, witness=_CHECK_ONLY))
        site = await repo.site_by_id(uow.session, data.site, field="site")
        batches = await repo.batches_by_id(uow.session, [line.batch for line in data.lines])
        items = {b.item_id: await repo.item_by_id(uow.session, b.item_id) for b in batches.values()}
        lines: list[ReviewLine] = []
        for line in data.lines:
            batch = batches[line.batch]
            value = await take_value(uow.session, data.site, batch.id, line.quantity)
            lines.append(ReviewLine(batch, items[batch.item_id], line.quantity, value))
    hidden = {k: v for k, v in kept.items() if k not in ("review", "confirming", "witness_username")}
    hidden |= {name: label_code(int(resolved[name])) for name in _batch_fields(resolved)}
    return render(
        request,
        "disposal_confirm.html",
        status_code=problem.status if problem else 200,
        problem=problem,
        site=site,
        lines=lines,
        method=data.method.value,
        reason=data.reason,
        money=shows_money(request.user, data.site),
        total=sum(line.value.value_ore for line in lines),
        controlled=any(line.item.controlled for line in lines),
        hidden=hidden,
        witness=kept.get("witness_username", ""),
    )
