"""The controlled-drug register as a report: one group per item, a line per movement, then per batch."""

from __future__ import annotations

import re
from dataclasses import replace

from inventory.domain.register import RegisterLine
from inventory.reports import Column, Group, Msg, Orientation, Parameter, Report, Row, Section, msg, verbatim
from inventory.reports import ColumnType as T
from inventory.reports.model import aligned, coded, unit_of_issue
from inventory.services.register import ItemRegister, OperationNote, RegisterData
from inventory.services.reports.columns import BATCH, BATCH_IDS, ITEM, batch_ids

LINE_COLUMNS = (
    Column("at", msg("report.date_time"), T.DATETIME, width=1.5),
    Column("operation", msg("register.operation"), width=1.4, coded=True),  # words, code beside for programs
    Column("operation_id", msg("register.number"), width=0.7),
    replace(BATCH, width=1.2),
    Column("expiry", msg("report.expiry"), T.DATE, width=1.1),
    Column("in", msg("register.in"), T.QUANTITY, width=0.7),
    Column("out", msg("register.out"), T.QUANTITY, width=0.7),
    Column("balance", msg("register.balance"), T.QUANTITY, width=0.8),
    Column("batch_balance", msg("register.batch_balance"), T.QUANTITY, width=0.8),
    Column("user", msg("report.user"), width=1.3),
    Column("witness", msg("pharmacy.witness"), width=1.3),
    Column("supplier", msg("records.supplier_delivery"), width=1.6),
    Column("reference", msg("report.reference"), width=1.6),
    Column("notes", msg("records.notes"), width=1.8),
    *BATCH_IDS,
)
BATCH_COLUMNS = (
    replace(ITEM, width=3.0),
    replace(BATCH, width=1.4),
    Column("expiry", msg("report.expiry"), T.DATE, width=1.2),
    Column("opening", msg("register.opening"), T.QUANTITY),
    Column("in", msg("register.in"), T.QUANTITY),
    Column("out", msg("register.out"), T.QUANTITY),
    Column("closing", msg("register.closing"), T.QUANTITY),
    *BATCH_IDS,
)
NOTE = msg("register.from_ledger")
COUNT_COLUMNS = (
    Column("count", msg("register.number"), width=0.8),
    Column("at", msg("report.date_time"), T.DATETIME, width=1.7),
    Column("counter", msg("count.counter"), width=1.5),
    Column("witness", msg("count.witness"), width=1.5),
    Column("expected", msg("count.register_figure"), T.QUANTITY),
    Column("counted", msg("count.counted"), T.QUANTITY),
    Column("variance", msg("count.variance"), T.QUANTITY),
    Column("explanation", msg("count.explanation"), width=3.0),
)


def _count_rows(data: RegisterData) -> tuple[Row, ...]:
    return tuple(
        (
            verbatim(str(c.count_id)), c.at, verbatim(c.counter or ""), verbatim(c.witness or ""), c.expected,
            c.counted, c.variance, verbatim(c.explanation or ""),
        )  # fmt: skip
        for c in data.counts
    )


def _reference(data: RegisterData, line: RegisterLine) -> Msg | None:
    """Why and against what: the reason, the operation's reference, what it reverses."""
    note = data.operations[line.line.operation_id]
    if note.reverses_operation_id is not None:
        return msg("register.reverses", number=str(note.reverses_operation_id))
    parts = [msg(f"reason.{note.reason}")] if note.reason else []
    parts += [reference_words(note.reference)] if note.reference else []
    if len(parts) == 2:
        return msg("register.reason_reference", reason=parts[0], reference=parts[1])
    return parts[0] if parts else None


DISPOSAL_REFERENCE = re.compile(r"disposal (\d+)")  # what services/disposal writes on its operations


def reference_words(reference: str) -> Msg:
    """An operation's reference as written, but a disposal's own in words: "Kassation nr. 2"."""
    found = DISPOSAL_REFERENCE.fullmatch(reference)
    return msg("records.disposal_number", number=verbatim(found[1])) if found else verbatim(reference)


def _supplier(note: OperationNote) -> Msg | None:
    """A receipt's supplier and delivery note: "Nomeco · følgeseddel 4711"."""
    if note.supplier and note.delivery_note:
        supplier, number = verbatim(note.supplier), verbatim(note.delivery_note)
        return msg("records.supplier_and_note", supplier=supplier, note=number)
    if note.delivery_note:
        return msg("records.delivery_note_number", note=verbatim(note.delivery_note))
    return verbatim(note.supplier) if note.supplier else None


def kind_words(kind: str) -> Msg:
    """The operation kind in words ("Bortskaffelse"), its code beside for programs ("disposal")."""
    return coded(kind, msg(f"kind.{kind}"))


def _line_row(data: RegisterData, item_id: int, line: RegisterLine) -> Row:
    batch = data.batches[line.line.batch_id]
    note = data.operations[line.line.operation_id]
    return (
        line.line.at,
        kind_words(line.line.kind),
        verbatim(str(line.line.operation_id)),
        verbatim(batch.batch_number),
        batch.expiry_date,
        line.quantity_in or None,
        line.quantity_out or None,
        line.balance_after,
        line.batch_balance_after,
        verbatim(line.line.user),
        verbatim(note.witness) if note.witness else None,
        _supplier(note),
        _reference(data, line),
        verbatim(note.note) if note.note else None,
        *batch_ids(item_id, batch.id, data.gtins),
    )


def _item_group(data: RegisterData, entry: ItemRegister) -> Group:
    register = entry.register
    opening = aligned(LINE_COLUMNS, operation=msg("register.opening"), balance=register.opening_balance)
    rows = (opening, *(_line_row(data, entry.item.id, line) for line in register.lines))
    moved = {"in": register.quantity_in, "out": register.quantity_out}
    subtotals = aligned(
        LINE_COLUMNS, operation=msg("register.closing"), balance=register.closing_balance, **moved
    )
    unit = unit_of_issue(entry.item.unit_of_issue)  # the register counts in units: the plural
    title = msg("report.item_unit", item=verbatim(entry.item.name), unit=unit)
    return Group(title, rows, subtotals)


def _batch_rows(data: RegisterData) -> tuple[Row, ...]:
    rows: list[Row] = []
    for entry in data.items:
        for totals in entry.register.batches:
            batch = data.batches[totals.batch_id]
            rows.append(
                (
                    verbatim(entry.item.name),
                    verbatim(batch.batch_number),
                    batch.expiry_date,
                    totals.opening,
                    totals.quantity_in,
                    totals.quantity_out,
                    totals.closing,
                    *batch_ids(entry.item.id, batch.id, data.gtins),
                )
            )
    return tuple(rows)


def register_report(data: RegisterData) -> Report:
    site = verbatim(data.site.name)
    one = data.items[0].item if len(data.items) == 1 else None
    parameters = [Parameter("site", msg("report.site"), site)]
    if one is not None:
        parameters.append(Parameter("item", msg("report.item"), verbatim(one.name)))
    if data.start is not None:
        parameters.append(Parameter("from", msg("report.from"), data.start, T.DATE))
    parameters.append(Parameter("to", msg("report.to"), data.end, T.DATE))
    period = f"{data.start.isoformat() if data.start else 'start'}-{data.end.isoformat()}"
    return Report(
        title=msg("register.title"),
        subtitle=msg("report.item_at_site", item=verbatim(one.name), site=site) if one else site,
        parameters=tuple(parameters),
        sections=(
            Section(columns=LINE_COLUMNS, groups=tuple(_item_group(data, e) for e in data.items)),
            Section(title=msg("register.per_batch"), columns=BATCH_COLUMNS, rows=_batch_rows(data)),
            *([Section(title=msg("count.register_counts"), columns=COUNT_COLUMNS, rows=_count_rows(data))]
              if data.counts else []),
        ),
        notes=(NOTE,),
        filename=f"controlled-register-{data.site.code}-{one.id if one else 'all'}-{period}",
        orientation=Orientation.LANDSCAPE,
        signature_line=True,
    )
