// The scan page's Send mode: the volunteer chooses the receiving site once, scans packs (each scan adds a
// line: item, the batch from the code, the packs typed or one), sees the list, and presses Send: one
// transfer (`POST /transfers/api/send`, one Idempotency-Key per list), shown with its number and packing
// list. scan.js hands it each scan in this mode; loaded before scan.js.
"use strict";

window.SendMode = (() => {
  const page = JSON.parse(document.getElementById("page-data").textContent);
  const T = page.texts;
  const W = window.ScanWords(T, page.language);
  const { el, newKey } = window.ScanKit;
  const $ = (id) => document.getElementById(id);
  const lines = []; // {item, item_name, unit, batch, batch_number, packs, quantity}
  let key = null; // one key per list: a retried press never sends the transfer twice
  let kit = null;

  function render() {
    const list = $("send-lines");
    if (!list) return;
    list.replaceChildren(...lines.map((line, index) => el("li", { dataset: { batch: line.batch } },
      el("span", { className: "what" }, `${line.item_name} · ${T["scan.batch"]} ${line.batch_number} · ${W.packsAndUnits(line.packs, line.quantity, line.unit)}`),
      el("button", { type: "button", className: "remove", textContent: T["transfers.send.remove"],
                     onclick: () => { lines.splice(index, 1); key = null; render(); } }))));
    if (!lines.length) list.append(el("li", { className: "empty" }, T["transfers.send.empty"]));
    $("send-submit").disabled = !lines.length || !$("send-to").value;
  }

  async function perform(scan, scanKit) {
    kit = scanKit;
    const scanner = window.ScannerProfile.forParser();
    const answer = await kit.send("POST", "/scan/api/resolve", { site: page.site, code: scan.code, scanner, ...(scan.settle || {}) });
    if (answer.lost) return kit.showLost(scan);
    if (!answer.ok) return kit.showProblem(answer.data, scan);
    const found = answer.data;
    if (found.unknown_gtin) return kit.showProblem({ type: "/problems/unknown-gtin", gtin: found.unknown_gtin }, scan);
    if (!found.item || !found.batch) return kit.show("error", T["transfers.send.no_batch"], el("p", { className: "hint" }, T["scan.nothing_recorded"]));
    const item = found.item;
    const batch = found.batch;
    const units = scan.quantity * item.pack_size;
    const line = lines.find((l) => l.batch === batch.id);
    if (line) {
      line.packs += scan.quantity;
      line.quantity += units;
    } else {
      lines.push({ item: item.id, item_name: item.name, unit: item.unit_of_issue, batch: batch.id,
                   batch_number: batch.batch_number, packs: scan.quantity, quantity: units });
    }
    key = null;
    render();
    kit.show("ok", W.say("transfers.send.added", { item: item.name, batch: batch.batch_number }),
      el("p", { className: "count" }, W.packsAndUnits(scan.quantity, units, item.unit_of_issue)),
      el("p", { className: "hint" }, W.say("transfers.send.lines", { count: lines.length })));
  }

  async function submit() {
    const to = Number($("send-to").value);
    if (!lines.length || !to || !kit) return;
    key = key || newKey();
    $("send-submit").disabled = true;
    kit.show("working", T["scan.working"]);
    const body = { from_site: page.site, to_site: to, lines: lines.map((l) => ({ item: l.item, batch: l.batch, quantity: l.quantity })) };
    const answer = await kit.send("POST", "/transfers/api/send", body, key);
    if (answer.lost) {
      render();
      return kit.show("error", T["scan.network"], el("p", { className: "hint" }, T["transfers.send.retry"]));
    }
    if (!answer.ok) {
      render();
      return kit.showProblem(answer.data, null);
    }
    const transfer = answer.data;
    lines.length = 0;
    key = null;
    render();
    kit.show("ok", W.say("transfers.send.sent", { code: transfer.code, site: transfer.to_site_name }),
      el("p", { className: "actions" },
        el("a", { id: "sent-transfer", href: `/transfers/${transfer.id}`, textContent: W.say("transfers.transfer_code", { code: transfer.code }) }),
        el("a", { id: "sent-packing-list", href: `/transfers/${transfer.id}/packing-list`, target: "_blank", textContent: T["transfers.send.packing_list"] })));
  }

  function start(scanKit) {
    kit = scanKit;
    if (!$("send-panel")) return;
    const saved = sessionStorage.getItem(`send-to-${page.site}`);
    if (saved && [...$("send-to").options].some((o) => o.value === saved)) $("send-to").value = saved;
    $("send-to").addEventListener("change", () => { sessionStorage.setItem(`send-to-${page.site}`, $("send-to").value); key = null; render(); $("code").focus(); });
    $("send-submit").addEventListener("click", submit);
    render();
  }

  return { perform, start };
})();
