// The scan page. A keyboard-wedge scanner types the code and presses Enter; everything else follows:
// the scan is recorded, the result shown, and the field is ready for the next scan.
// Plain browser JavaScript, no build step. All text comes from the server in the user's language.
"use strict";

(() => {
  const page = JSON.parse(document.getElementById("page-data").textContent);
  const T = page.texts;
  const W = window.ScanWords(T, page.language);
  const { say, day, unit } = W;
  const $ = (id) => document.getElementById(id);
  const codeInput = $("code");
  const qtyInput = $("qty");
  const feedback = $("feedback");
  const csrf = $("scan-form").dataset.csrf;
  const GS = "\x1d";
  const queue = [];
  let busy = false;
  let mode = page.modes.includes(sessionStorage.getItem("scan-mode")) ? sessionStorage.getItem("scan-mode") : page.modes[0];
  let shelf = null; // {id, name}: where received goods are put, chosen by scanning a shelf label
  let asking = null; // {scan, missing, item}: a receipt waiting for the batch and expiry the code lacks
  let lastItem = null; // the item of the last scan: the quantity field says what it counts
  let latestOperation = null; // the newest scan in the list: undone without asking
  let shown = 0; // feedback panels shown so far: lets a test (or a screen reader log) tell them apart

  const { el, newKey, scanShape } = window.ScanKit;
  const send = window.ScanKit.sender(csrf);
  const clock = window.ScanKit.clock(W.locale);

  // Pharmacists link an unknown barcode to an item right from the refusal (scan-link.js).
  const linker = window.ScanLink({ $, el, send, newKey, T, say, show: (...a) => show(...a),
    showProblem: (...a) => showProblem(...a), enqueue: (scan) => enqueue(scan), focusScan: () => focusScan() });

  function focusScan() {
    if (!linker.active() && !asking) codeInput.focus();
  }

  // --- feedback ----------------------------------------------------------------------------------------

  function show(level, headline, ...lines) {
    feedback.className = "feedback " + level;
    feedback.dataset.shown = String(++shown);
    feedback.setAttribute("aria-live", level === "error" ? "assertive" : "polite");
    feedback.replaceChildren(el("p", { className: "headline" }, headline), ...lines.flat().filter(Boolean));
    if (level === "error" && navigator.vibrate) navigator.vibrate(200);
  }

  function showReady() {
    show("idle", say("scan.ready_" + mode));
  }

  function stockLine(total, unitCode, batchTotal) {
    const parts = [say("scan.stock_here", { total, unit: unit(unitCode, total) })];
    if (batchTotal !== null && batchTotal !== undefined) parts.push(say("scan.stock_batch", { total: batchTotal }));
    return el("p", { className: "stock" }, parts.join(" · "));
  }

  function batchLine(batch, quantity, unitCode) {
    const text = `${T["scan.batch"]} ${batch.batch_number} · ${T["scan.expiry"]} ${day(batch.expiry_date)}`;
    const moved = quantity ? ` ${quantity > 0 ? "+" : ""}${quantity} ${unit(unitCode, quantity)}` : null;
    return el("p", { className: "batch" }, text, moved ? el("strong", {}, moved) : null);
  }

  function undoButton(op) {
    return el("button", { type: "button", className: "undo", textContent: T["scan.undo"], onclick: (event) => askUndo(op, event.currentTarget) });
  }

  function notices(scan) {
    return (scan.notices || []).map((note) => el("p", { className: "hint" }, W.notice(note)));
  }

  // A recalled or blocked batch (a standing block: answers' `block`, a receipt's `operation.blocked`, or a
  // batch-blocked problem's members): shown first, in red, as an alert, with what to do with the pack.
  function blockAlert(block, received) {
    const kind = block.kind || block.block_kind;
    const reason = block.reason || block.block_reason;
    const since = block.since || block.blocked_since;
    const words = { batch: block.batch_number || "", since: since ? day(String(since).slice(0, 10)) : "", reason: T["quarantine.reason." + reason] || reason || "" };
    const node = el("div", { className: "block-alert" },
      el("p", { className: "headline" }, received ? T["block.received_quarantined"] : T["block.set_aside"]),
      el("p", {}, say(kind === "recall" ? "block.say.recall" : "block.say.quarantine", words)));
    node.setAttribute("role", "alert");
    return node;
  }

  function setQuantityLabel() {
    let label = mode === "receive" || mode === "send" ? T["scan.qty_packs"] : T["scan.qty_issue"];
    if (mode === "issue" && lastItem) {
      label = lastItem.dispensed_in === "packs"
        ? say("scan.qty_issue_packs", { item: lastItem.name })
        : say("scan.qty_issue_units", { item: lastItem.name, unit: unit(lastItem.unit_of_issue, 2) });
    }
    $("qty-label").textContent = label;
  }

  // A roll label (PDF) for the batch, served by inventory/web/labels.py.
  function printLabelLink(batchId) {
    return el("a", { className: "print-label", href: `/scan/labels/batch/${batchId}`, target: "_blank", textContent: T["scan.print_label"] });
  }

  function showMovement(result) {
    const op = result.operation;
    const scan = result.scan;
    const fefo = op.fefo_suggestion;
    let headline = op.kind === "receipt" ? T["scan.received"] : T["scan.issued"];
    if (fefo) headline = say("scan.fefo_warning", { batch: fefo.batch_number, expiry: day(fefo.expiry_date) });
    const batchOnHand = scan.batch ? scan.batch_on_hand : null;
    const firstBatch = op.lines.length ? op.lines[0].batch.id : null;
    latestOperation = op.id; // before the list is fetched again: its undo button must not ask
    if (scan.item && op.kind === "issue") lastItem = scan.item;
    setQuantityLabel();
    const flagged = result.serial_flagged;
    const block = op.blocked ? op.blocked.block : scan.block;
    show(
      block ? "error" : fefo || flagged ? "warn" : "ok",
      block ? T["block.set_aside"] : headline,
      block ? blockAlert(block, Boolean(op.blocked)) : null,
      el("p", { className: "item" }, op.item_name),
      el("p", { className: "count" }, W.packsAndUnits(result.packs, result.units, op.unit_of_issue)),
      op.lines.map((line) => batchLine(line.batch, line.quantity, op.unit_of_issue)),
      stockLine(scan.item_on_hand, op.unit_of_issue, batchOnHand),
      fefo ? el("p", { className: "hint" }, T["scan.fefo_hint"]) : null,
      flagged ? el("p", { className: "hint flag" }, say("scan.serial_flagged", { serial: scan.code.serial })) : null,
      notices(scan),
      el("p", { className: "actions" }, undoButton(op), op.kind === "receipt" && firstBatch ? printLabelLink(firstBatch) : null),
    );
  }

  function showProblem(problem, scan) {
    const code = (problem.type || "").split("/").pop();
    if (code === "transfer-code" && problem.href) return window.location.assign(problem.href); // a packing list: receive it
    if (scan && code === "batch-details-needed") return askDetails(problem, scan);
    if (scan && code === "ambiguous-scan" && problem.readings) return offerReadings(problem, scan);
    if (scan && problem.readings && ["typed-batch-differs", "reading-not-in-code"].includes(code)) {
      return offerReadings(problem, scan, W.problemSentence(problem, scan.mode));
    }
    const headline = T["problem." + code] || T["problem.default"];
    const sentence = W.problemSentence(problem, scan ? scan.mode : mode);
    const lines = [el("p", { className: "detail" }, sentence), el("p", { className: "hint" }, T["scan.nothing_recorded"])];
    if (code === "batch-blocked") lines.unshift(blockAlert(problem, false));
    if (code === "unknown-gtin") {
      lines[0].className = "item";
      lines.push(page.canLink ? null : el("p", { className: "hint" }, T["scan.ask_pharmacist"]));
    }
    show("error", headline, ...lines);
    if (code === "unknown-gtin" && page.canLink) linker.open(problem.gtin, scan);
  }

  // --- what a code leaves out: typed batch and expiry; a choice between two readings ----------------------

  function askDetails(problem, scan) {
    asking = { scan, missing: problem.missing || ["batch_number", "expiry_date"], item: problem.item_name || "" };
    $("set-aside").hidden = true;
    show("warn", T["scan.details_title"], el("p", { className: "item" }, problem.item_name || ""), el("p", { className: "hint" }, T["scan.details_hint"]));
    $("details-batch-row").hidden = !asking.missing.includes("batch_number");
    $("details-batch").value = problem.batch_number || "";
    $("details-expiry").value = "";
    $("details-error").textContent = "";
    $("details-panel").hidden = false;
    $(asking.missing.includes("batch_number") ? "details-batch" : "details-expiry").focus();
  }

  function closeDetails() {
    asking = null;
    $("details-panel").hidden = true;
    focusScan();
  }

  function sendDetails() {
    const batch = $("details-batch").value.trim();
    const expiry = W.typedExpiry($("details-expiry").value);
    if (asking.missing.includes("batch_number") && !batch) {
      $("details-error").textContent = T["scan.details_no_batch"];
      return $("details-batch").focus();
    }
    if (!expiry) {
      $("details-error").textContent = T["scan.details_bad_expiry"];
      return $("details-expiry").focus();
    }
    const scan = { ...asking.scan, key: newKey(), typed: { batch_number: batch || undefined, expiry_date: expiry } };
    closeDetails();
    enqueue(scan);
  }

  // The expiry is checked when the field is left, not while the volunteer is still typing the batch.
  function checkExpiryOnLeave() {
    const typed = $("details-expiry").value.trim();
    $("details-error").textContent = typed && !W.typedExpiry(typed) ? T["scan.details_bad_expiry"] : "";
  }

  // Enter in a field of the batch/expiry panel: a scanner's code (by its pace or its shape) is the next
  // pack, never text for the field; the waiting pack is set aside with a word. A person's Enter moves on
  // from the batch to the expiry, and sends from the expiry.
  function detailsEnter(input, watcher) {
    const typed = watcher.scanned();
    const dateLike = input.id === "details-expiry" && /^\s*\d{8}\s*$/.test(typed.text); // 31122027 is a date
    if (typed.fast || (scanShape(typed.text) && !dateLike)) {
      input.value = typed.before;
      return setAsideFor(typed.text.trim());
    }
    if (input.id === "details-batch" && !$("details-expiry").value.trim()) return $("details-expiry").focus();
    sendDetails();
  }

  function setAsideFor(code) {
    const item = asking ? asking.item : "";
    closeDetails();
    $("set-aside").textContent = say("scan.details_set_aside", { item });
    $("set-aside").hidden = false;
    if (code) enqueue(newScan(code));
  }

  // A code that reads more than one way: the volunteer chooses a reading (sent as its fields, never as a
  // code to read again) or types the batch printed on the pack; the server checks either against the code.
  function offerReadings(problem, scan, why) {
    const chosen = (option) => ({ gtin: option.gtin, batch_number: option.batch_number, serial: option.serial,
                                  expiry: option.expiry, quantity: option.quantity });
    const choices = problem.readings.map((option, index) =>
      el("button", {
        type: "button", className: "choice reading", id: `reading-${index}`, textContent: W.reading(option),
        onclick: () => enqueue({ ...scan, settle: { reading: chosen(option) }, key: newKey() }),
      }),
    );
    const input = el("input", { id: "readings-batch", autocomplete: "off", spellcheck: false, autocapitalize: "characters" });
    const watcher = window.ScanKit.keys(input);
    const sendBatch = () => {
      const batch = input.value.trim();
      if (batch) enqueue({ ...scan, settle: { batch_number: batch }, key: newKey() });
    };
    input.addEventListener("keydown", (event) => {
      if (typeGs(event, input)) return;
      if (event.key !== "Enter") return;
      event.preventDefault();
      const typed = watcher.scanned();
      if (!typed.fast && !scanShape(typed.text)) return sendBatch();
      input.value = typed.before; // the next pack scanned into the field: it is a scan, not a batch
      enqueue(newScan(typed.text.trim()));
    });
    show(
      "warn",
      T["scan.readings_title"],
      why ? el("p", { className: "detail" }, why) : null,
      el("p", { className: "hint" }, T["scan.readings_hint"]),
      el("div", { className: "choices" }, choices),
      el("p", { className: "typed-batch" },
        el("label", { htmlFor: "readings-batch", textContent: T["scan.readings_type_batch"] }), input,
        el("button", { type: "button", id: "readings-batch-send", textContent: T["scan.readings_send_batch"], onclick: sendBatch })),
    );
  }

  function showLost(scan) {
    show(
      "error",
      T["scan.network"],
      el("p", { className: "hint" }, T["scan.network_hint"]),
      el("button", { type: "button", className: "retry", textContent: T["scan.retry"], onclick: () => enqueue(scan) }),
    );
  }

  function showLookup(found, scan) {
    if (found.unknown_gtin) {
      return showProblem({ type: "/problems/unknown-gtin", gtin: found.unknown_gtin, detail: "" }, scan);
    }
    if (found.location) return showShelf(found);
    const item = found.item;
    lastItem = item;
    setQuantityLabel();
    const first = found.first_to_expire;
    const status = found.batch && found.batch.expiry_status;
    const quarantined = Boolean(found.batch && found.batch_quarantined);
    show(
      status === "expired" || quarantined || found.block ? "error" : "ok",
      found.block ? T["block.set_aside"] : T["scan.found"],
      found.block ? blockAlert(found.block, false) : null,
      el("p", { className: "item" }, item.name),
      found.batch ? batchLine(found.batch, 0, item.unit_of_issue) : null,
      status === "expired" ? el("p", { className: "hint" }, T["scan.expired"]) : null,
      quarantined ? el("p", { className: "hint quarantined" }, T["scan.quarantined"]) : null,
      stockLine(found.item_on_hand, item.unit_of_issue, found.batch ? found.batch_on_hand : null),
      first ? el("p", { className: "hint" }, say("scan.take_first", { batch: first.batch_number, expiry: day(first.expiry_date) })) : null,
      found.held_elsewhere.length
        ? el("p", { className: "hint" }, say("scan.held_at", { sites: found.held_elsewhere.map((h) => `${h.site_name} (${h.quantity})`).join(", ") }))
        : null,
      notices(found),
      found.batch ? el("p", { className: "actions" }, printLabelLink(found.batch.id)) : null,
    );
    document.dispatchEvent(new CustomEvent("scan:found", { detail: found })); // scan-set-aside.js
  }

  function showShelf(found) {
    const location = found.location;
    if (location.site !== page.site) {
      return show("error", T["problem.wrong-site"], el("p", {}, say("scan.shelf_elsewhere", { name: location.name })));
    }
    shelf = { id: location.id, name: location.name };
    renderShelf();
    show("ok", say("scan.shelf_set", { name: location.name }));
  }

  function renderShelf() {
    $("shelf").hidden = !shelf || mode !== "receive";
    $("shelf-name").textContent = shelf ? shelf.name : "";
    if ($("funding-row")) $("funding-row").hidden = mode !== "receive";
    if ($("delivery-row")) $("delivery-row").hidden = mode !== "receive";
  }

  // --- funding: who paid for received goods, chosen once per session and site ---------------------------

  const FUNDING_KEY = `scan-funding-${page.site}`;
  if ($("funding")) {
    const saved = JSON.parse(sessionStorage.getItem(FUNDING_KEY) || "null");
    if (saved && [...$("funding").options].some((option) => option.value === saved.choice)) {
      $("funding").value = saved.choice;
      $("unit-price").value = saved.price || "";
    }
    const remember = () =>
      sessionStorage.setItem(FUNDING_KEY, JSON.stringify({ choice: $("funding").value, price: $("unit-price").value }));
    $("funding").addEventListener("change", remember);
    $("unit-price").addEventListener("change", remember);
    $("unit-price").addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        remember();
        codeInput.focus();
      }
    });
  }

  // The funding part of a receipt's body: {funding, unit_cost_ore}; the price is kroner per unit.
  function fundingOf() {
    if (!$("funding")) return {};
    const [kind, id] = $("funding").value.split(":");
    // "1.234,50" (Danish) or "1234.50": with a comma, dots group thousands; without, a dot is the decimal.
    const typed = $("unit-price").value.replace(/\s/g, "");
    const raw = typed.includes(",") ? typed.replace(/\./g, "").replace(",", ".") : typed;
    const kroner = Number(raw);
    const ore = raw && Number.isFinite(kroner) ? Math.round(kroner * 100) : null;
    const body = {};
    if (kind === "donor") {
      body.funding = { kind: "in_kind", donor: Number(id) };
      if (ore !== null) body.funding.unit_value_ore = ore;
      return body;
    }
    body.funding = kind === "grant" ? { kind: "grants", grants: [{ grant: Number(id), percent: 100 }] } : { kind: "unrestricted" };
    if (ore !== null) body.unit_cost_ore = ore;
    return body;
  }

  // --- scanning ----------------------------------------------------------------------------------------

  function enqueue(scan) {
    queue.push(scan);
    pump();
  }

  // One scan at a time, in the order scanned: a fast scanner never overtakes its own earlier scan.
  async function pump() {
    if (busy) return;
    busy = true;
    try {
      while (queue.length) await perform(queue.shift());
    } finally {
      busy = false;
      focusScan();
    }
  }

  async function perform(scan) {
    show("working", T["scan.working"]);
    if (scan.mode === "count") return window.CountMode.perform(scan, { send, show, showProblem, showLost }); // count-mode.js
    if (scan.mode === "send") return window.SendMode.perform(scan, { send, show, showProblem, showLost }); // send-mode.js
    const isShelf = /^\s*rkl\d+\s*$/i.test(scan.code);
    const scanner = window.ScannerProfile.forParser();
    if (scan.mode === "lookup" || isShelf) {
      const answer = await send("POST", "/scan/api/resolve", { site: page.site, code: scan.code, scanner, ...(scan.settle || {}) });
      if (answer.lost) return showLost(scan);
      return answer.ok ? showLookup(answer.data, scan) : showProblem(answer.data, scan);
    }
    const body = { site: page.site, code: scan.code, scanner, ...(scan.settle || {}) };
    if (scan.mode === "receive") {
      body.packs = scan.quantity;
      if (scan.shelf) body.location = scan.shelf.id;
      Object.assign(body, scan.typed || {}, scan.paid || {});
    } else {
      body.count = scan.quantity; // packs or units, as the item is dispensed
      body.reason = scan.reason;
    }
    const answer = await send("POST", `/scan/api/${scan.mode}`, body, scan.key);
    if (answer.lost) return showLost(scan);
    if (answer.ok) {
      showMovement(answer.data);
      refreshRecent();
    } else {
      showProblem(answer.data, scan);
    }
  }

  // Scanners without a GS key send Ctrl+] (ASCII 29) for the GS1 group separator.
  function typeGs(event, input) {
    if (!(event.ctrlKey && (event.key === "]" || event.code === "BracketRight"))) return false;
    event.preventDefault();
    input.setRangeText(GS, input.selectionStart, input.selectionEnd, "end");
    return true;
  }

  // One scan as the page sends it: the mode, quantity, shelf, reason and funding chosen now.
  function newScan(code) {
    const quantity = Math.max(1, parseInt(qtyInput.value, 10) || 1);
    qtyInput.value = "1"; // a changed quantity is for one scan; the next starts from one again
    return { code, mode, quantity, shelf, reason: $("reason").value, paid: mode === "receive" ? { ...fundingOf(), ...window.ScanDelivery.of() } : {}, key: newKey() };
  }

  const codeKeys = window.ScanKit.keys(codeInput);
  codeInput.addEventListener("keydown", (event) => {
    if (typeGs(event, codeInput)) return;
    // A scanner set to end codes with TAB: its TAB is its Enter (a person's TAB still moves on).
    const scannerTab = event.key === "Tab" && !event.shiftKey && codeInput.value.trim() && codeKeys.scanned().fast;
    if (event.key !== "Enter" && !scannerTab) return;
    event.preventDefault();
    const code = codeInput.value;
    codeInput.value = ""; // a second Enter (scanner CR+LF, an impatient finger) finds nothing to send
    if (!code.trim()) return;
    if (!$("set-aside").hidden && !asking) $("set-aside").hidden = true;
    enqueue(newScan(code));
  });

  qtyInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      codeInput.focus();
    }
  });

  $("scan-form").addEventListener("submit", (event) => event.preventDefault());

  // --- undo and the latest scans -----------------------------------------------------------------------

  // The latest scan is undone at once; an older one only after the volunteer confirms which it is.
  function askUndo(op, button) {
    if (op.id === latestOperation) return undo(op.id, button);
    const values = { quantity: op.quantity, unit: unit(op.unit_of_issue, op.quantity), item: op.item_name, time: clock(op.created_at) };
    show(
      "warn",
      say("scan.confirm_undo_" + op.kind, values),
      el("p", { className: "actions" },
        el("button", { type: "button", className: "primary", id: "confirm-undo", textContent: T["scan.confirm_yes"], onclick: () => undo(op.id, button) }),
        el("button", { type: "button", id: "cancel-undo", textContent: T["scan.confirm_no"], onclick: () => { showReady(); focusScan(); } })),
    );
    $("confirm-undo").focus();
  }

  async function undo(operationId, button) {
    if (button) button.disabled = true;
    show("working", T["scan.working"]);
    const answer = await send("POST", "/scan/api/undo", { operation: operationId }, newKey());
    if (answer.lost) {
      if (button) button.disabled = false;
      show("error", T["scan.network"], el("p", { className: "hint" }, T["scan.nothing_recorded"]));
    } else if (answer.ok) {
      const op = answer.data.operation;
      const values = { item: op.item_name, quantity: op.quantity, unit: unit(op.unit_of_issue, op.quantity) };
      show(
        "ok",
        T["scan.undone"],
        el("p", { className: "item" }, say("scan.undone_" + (op.reason === "receipt" ? "receipt" : "issue"), values)),
        op.lines.map((line) => batchLine(line.batch, line.quantity, op.unit_of_issue)),
        stockLine(answer.data.item_on_hand, op.unit_of_issue, null),
      );
    } else {
      showProblem(answer.data, null);
    }
    refreshRecent();
    focusScan();
  }

  function recentEntry(entry) {
    const op = entry.operation;
    const sign = op.kind === "receipt" ? "+" : "−";
    const batches = op.lines.map((line) => line.batch.batch_number).join(", ");
    return el(
      "li",
      { className: entry.undone_by ? "undone" : "", dataset: { operation: op.id } },
      el("span", { className: "when" }, clock(op.created_at)),
      el("span", { className: "what" }, `${T["app.kind_" + op.kind]} ${sign}${op.quantity} ${unit(op.unit_of_issue, op.quantity)} · ${op.item_name} · ${T["scan.batch"]} ${batches}`),
      entry.undone_by ? el("span", { className: "tag" }, T["scan.was_undone"]) : null,
      entry.can_undo ? undoButton(op) : null,
    );
  }

  async function refreshRecent() {
    const answer = await send("GET", `/scan/api/recent?site=${page.site}`);
    if (!answer.ok) return;
    const list = $("recent-list");
    latestOperation = answer.data.length ? answer.data[0].operation.id : null;
    list.replaceChildren(...answer.data.map(recentEntry));
    if (!answer.data.length) list.append(el("li", { className: "empty" }, T["scan.recent_empty"]));
  }

  // --- modes and focus ---------------------------------------------------------------------------------

  function setMode(next) {
    mode = next;
    sessionStorage.setItem("scan-mode", mode);
    for (const button of document.querySelectorAll("button.mode")) {
      button.setAttribute("aria-pressed", String(button.dataset.mode === mode));
    }
    document.body.dataset.mode = mode;
    setQuantityLabel();
    qtyInput.disabled = mode === "lookup";
    $("reason-row").hidden = mode !== "issue";
    if ($("send-panel")) $("send-panel").hidden = mode !== "send";
    renderShelf();
    linker.close();
    if (asking) closeDetails();
    showReady();
  }

  for (const button of document.querySelectorAll("button.mode")) {
    button.addEventListener("click", () => setMode(button.dataset.mode));
  }

  // The reason stays chosen for the session: a dentist issues for dental treatment all evening.
  const savedReason = sessionStorage.getItem("issue-reason");
  if (savedReason && [...$("reason").options].some((option) => option.value === savedReason)) $("reason").value = savedReason;
  $("reason").addEventListener("change", () => {
    sessionStorage.setItem("issue-reason", $("reason").value);
    focusScan();
  });

  $("details-send").addEventListener("click", sendDetails);
  $("details-cancel").addEventListener("click", () => { closeDetails(); showReady(); });
  for (const id of ["details-batch", "details-expiry"]) {
    const input = $(id);
    const watcher = window.ScanKit.keys(input);
    input.addEventListener("keydown", (event) => {
      if (typeGs(event, input)) return;
      if (event.key === "Enter") {
        event.preventDefault();
        detailsEnter(input, watcher);
      }
    });
  }
  $("details-expiry").addEventListener("blur", checkExpiryOnLeave);

  $("clear-shelf").addEventListener("click", () => {
    shelf = null;
    renderShelf();
  });

  // Clicking anywhere but another field puts the cursor back in the scan field: the scanner just types.
  document.addEventListener("click", (event) => {
    if (!event.target.closest("input, select, textarea, a")) setTimeout(focusScan, 0);
  });
  window.addEventListener("focus", focusScan);

  window.SendMode.start({ send, show, showProblem, showLost });
  setMode(mode);
  refreshRecent();
  focusScan();
  document.body.dataset.ready = "true";
})();
