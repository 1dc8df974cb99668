// The scan page. A keyboard-wedge scanner types the code and presses Enter; everything else follows:
// the scan is recorded, the result shown, and the field is ready for the next scan.
// Plain browser JavaScript, no build step. All text comes from the server in the user's language.
"use strict";

(() => {
  const page = JSON.parse(document.getElementById("page-data").textContent);
  const T = page.texts;
  const $ = (id) => document.getElementById(id);
  const codeInput = $("code");
  const qtyInput = $("qty");
  const feedback = $("feedback");
  const csrf = $("scan-form").dataset.csrf;
  const GS = "\x1d";
  const RETRIES = [500, 1500, 3000]; // ms to wait before each resend of a request that got no answer
  const queue = [];
  let busy = false;
  let mode = page.modes.includes(sessionStorage.getItem("scan-mode")) ? sessionStorage.getItem("scan-mode") : page.modes[0];
  let shelf = null; // {id, name}: where received goods are put, chosen by scanning a shelf label
  let linking = null; // {gtin, scan}: an unknown barcode a pharmacist is linking to an item
  let shown = 0; // feedback panels shown so far: lets a test (or a screen reader log) tell them apart

  // --- small helpers ---------------------------------------------------------------------------------

  function say(key, values = {}) {
    return (T[key] || key).replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "dataset") Object.assign(node.dataset, value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node[key] = value;
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) node.append(child);
    }
    return node;
  }

  const locale = page.language === "da" ? "da-DK" : "en-GB";

  function day(iso) {
    if (!iso) return T.no_expiry;
    return new Date(iso + "T00:00:00Z").toLocaleDateString(locale, { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" });
  }

  // Times are the clinic's, whatever zone the phone or PC is set to.
  const CLINIC_TZ = "Europe/Copenhagen";
  const clinicDay = (at) => at.toLocaleDateString("en-CA", { timeZone: CLINIC_TZ });

  function clock(iso) {
    const at = new Date(iso);
    const time = at.toLocaleTimeString(locale, { timeZone: CLINIC_TZ, hour: "2-digit", minute: "2-digit" });
    if (clinicDay(at) === clinicDay(new Date())) return time;
    return `${at.toLocaleDateString(locale, { timeZone: CLINIC_TZ, day: "numeric", month: "short" })} ${time}`;
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // randomUUID needs https; getRandomValues works on a plain-http clinic network too
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function focusScan() {
    if (!linking) codeInput.focus();
  }

  // --- talking to the server ---------------------------------------------------------------------------

  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

  // A write carries its idempotency key on every resend, so a request that got through before the
  // connection dropped is answered from the first time and never counts twice.
  async function send(method, url, body, key) {
    const headers = { Accept: "application/json", "x-csrftoken": csrf };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (key) headers["Idempotency-Key"] = key;
    for (let attempt = 0; ; attempt++) {
      let response = null;
      try {
        const timeout = new AbortController();
        const timer = setTimeout(() => timeout.abort(), 15000);
        response = await fetch(url, {
          method, headers, body: body === undefined ? undefined : JSON.stringify(body),
          credentials: "same-origin", signal: timeout.signal,
        });
        clearTimeout(timer);
      } catch (error) {
        response = null;
      }
      if (response && response.status === 401) {
        window.location.assign("/scan/login");
        return new Promise(() => {}); // the page is going away
      }
      const lost = response === null || [502, 503, 504].includes(response.status);
      if (lost && attempt < RETRIES.length && (key || method === "GET")) {
        await sleep(RETRIES[attempt]);
        continue;
      }
      if (lost) return { ok: false, lost: true };
      const data = await response.json().catch(() => ({}));
      return { ok: response.ok, status: response.status, data };
    }
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
    show("idle", say("ready_" + mode));
  }

  function stockLine(total, unit, batchTotal) {
    const parts = [say("stock_here", { total, unit })];
    if (batchTotal !== null && batchTotal !== undefined) parts.push(say("stock_batch", { total: batchTotal }));
    return el("p", { className: "stock" }, parts.join(" · "));
  }

  function batchLine(batch, quantity, unit) {
    const text = `${T.batch} ${batch.batch_number} · ${T.expiry} ${day(batch.expiry_date)}`;
    return el("p", { className: "batch" }, text, quantity ? el("strong", {}, ` ${quantity > 0 ? "+" : ""}${quantity} ${unit}`) : null);
  }

  function undoButton(operationId) {
    return el("button", { type: "button", className: "undo", textContent: T.undo, onclick: (event) => undo(operationId, event.currentTarget) });
  }

  // A roll label (PDF) for the batch, served by inventory/web/labels.py.
  function printLabelLink(batchId) {
    return el("a", { className: "print-label", href: `/scan/labels/batch/${batchId}`, target: "_blank", textContent: T.print_label });
  }

  function showMovement(result) {
    const op = result.operation;
    const scan = result.scan;
    const fefo = op.fefo_suggestion;
    let headline = op.kind === "receipt" ? T.received : T.issued;
    if (fefo) headline = say("fefo_warning", { batch: fefo.batch_number, expiry: day(fefo.expiry_date) });
    const batchOnHand = scan.batch ? scan.batch_on_hand : null;
    const firstBatch = op.lines.length ? op.lines[0].batch.id : null;
    show(
      fefo ? "warn" : "ok",
      headline,
      el("p", { className: "item" }, op.item_name),
      op.lines.map((line) => batchLine(line.batch, line.quantity, op.unit_of_issue)),
      stockLine(scan.item_on_hand, op.unit_of_issue, batchOnHand),
      fefo ? el("p", { className: "hint" }, T.fefo_hint) : null,
      scan.warnings.map((warning) => el("p", { className: "hint" }, warning)),
      el("p", { className: "actions" }, undoButton(op.id), op.kind === "receipt" && firstBatch ? printLabelLink(firstBatch) : null),
    );
  }

  function showProblem(problem, scan) {
    const code = (problem.type || "").split("/").pop();
    const headline = T["problem." + code] || T["problem.default"];
    const lines = [el("p", { className: "detail" }, problem.detail || ""), el("p", { className: "hint" }, T.nothing_recorded)];
    if (code === "unknown-gtin") {
      lines.unshift(el("p", { className: "item" }, say("unknown_gtin", { gtin: problem.gtin })));
      lines.push(page.canLink ? null : el("p", { className: "hint" }, T.ask_pharmacist));
    }
    show("error", headline, ...lines);
    if (code === "unknown-gtin" && page.canLink) openLink(problem.gtin, scan);
  }

  function showLost(scan) {
    show(
      "error",
      T.network,
      el("p", { className: "hint" }, T.network_hint),
      el("button", { type: "button", className: "retry", textContent: T.retry, onclick: () => enqueue(scan) }),
    );
  }

  function showLookup(found, scan) {
    if (found.unknown_gtin) {
      return showProblem({ type: "/problems/unknown-gtin", gtin: found.unknown_gtin, detail: "" }, scan);
    }
    if (found.location) return showShelf(found);
    const item = found.item;
    const first = found.first_to_expire;
    const status = found.batch && found.batch.expiry_status;
    const quarantined = Boolean(found.batch && found.batch_quarantined);
    show(
      status === "expired" || quarantined ? "error" : "ok",
      T.found,
      el("p", { className: "item" }, item.name),
      found.batch ? batchLine(found.batch, 0, item.unit_of_issue) : null,
      status === "expired" ? el("p", { className: "hint" }, T.expired) : null,
      quarantined ? el("p", { className: "hint quarantined" }, T.quarantined) : null,
      stockLine(found.item_on_hand, item.unit_of_issue, found.batch ? found.batch_on_hand : null),
      first ? el("p", { className: "hint" }, say("take_first", { batch: first.batch_number, expiry: day(first.expiry_date) })) : null,
      found.held_elsewhere.length
        ? el("p", { className: "hint" }, say("held_at", { sites: found.held_elsewhere.map((h) => `${h.site_name} (${h.quantity})`).join(", ") }))
        : null,
      found.warnings.map((warning) => el("p", { className: "hint" }, warning)),
      found.batch ? el("p", { className: "actions" }, printLabelLink(found.batch.id)) : null,
    );
  }

  function showShelf(found) {
    const location = found.location;
    if (location.site !== page.site) {
      return show("error", T["problem.wrong-site"], el("p", {}, say("shelf_elsewhere", { name: location.name })));
    }
    shelf = { id: location.id, name: location.name };
    renderShelf();
    show("ok", say("shelf_set", { name: location.name }));
  }

  function renderShelf() {
    $("shelf").hidden = !shelf || mode !== "receive";
    $("shelf-name").textContent = shelf ? shelf.name : "";
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
    show("working", T.working);
    const isShelf = /^\s*rkl\d+\s*$/i.test(scan.code);
    if (scan.mode === "lookup" || isShelf) {
      const answer = await send("POST", "/scan/api/resolve", { site: page.site, code: scan.code });
      if (answer.lost) return showLost(scan);
      return answer.ok ? showLookup(answer.data, scan) : showProblem(answer.data, scan);
    }
    const body = { site: page.site, code: scan.code };
    if (scan.mode === "receive") {
      body.packs = scan.quantity;
      if (scan.shelf) body.location = scan.shelf.id;
    } else {
      body.quantity = scan.quantity;
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

  codeInput.addEventListener("keydown", (event) => {
    if (event.ctrlKey && (event.key === "]" || event.code === "BracketRight")) {
      // Scanners without a GS key send Ctrl+] (ASCII 29) for the GS1 group separator.
      event.preventDefault();
      codeInput.setRangeText(GS, codeInput.selectionStart, codeInput.selectionEnd, "end");
      return;
    }
    if (event.key !== "Enter") return;
    event.preventDefault();
    const code = codeInput.value;
    codeInput.value = ""; // a second Enter (scanner CR+LF, an impatient finger) finds nothing to send
    if (!code.trim()) return;
    const quantity = Math.max(1, parseInt(qtyInput.value, 10) || 1);
    qtyInput.value = "1"; // a changed quantity is for one scan; the next starts from one again
    enqueue({ code, mode, quantity, shelf, key: newKey() });
  });

  qtyInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      codeInput.focus();
    }
  });

  $("scan-form").addEventListener("submit", (event) => event.preventDefault());

  // --- undo and the latest scans -----------------------------------------------------------------------

  async function undo(operationId, button) {
    if (button) button.disabled = true;
    show("working", T.working);
    const answer = await send("POST", "/scan/api/undo", { operation: operationId }, newKey());
    if (answer.lost) {
      if (button) button.disabled = false;
      show("error", T.network, el("p", { className: "hint" }, T.nothing_recorded));
    } else if (answer.ok) {
      const op = answer.data.operation;
      show(
        "ok",
        T.undone,
        el("p", { className: "item" }, say("undone_detail", { item: op.item_name, quantity: op.quantity, unit: op.unit_of_issue })),
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
      el("span", { className: "what" }, `${T["kind_" + op.kind]} ${sign}${op.quantity} ${op.unit_of_issue} · ${op.item_name} · ${T.batch} ${batches}`),
      entry.undone_by ? el("span", { className: "tag" }, T.was_undone) : null,
      entry.can_undo ? undoButton(op.id) : null,
    );
  }

  async function refreshRecent() {
    const answer = await send("GET", `/scan/api/recent?site=${page.site}`);
    if (!answer.ok) return;
    const list = $("recent-list");
    list.replaceChildren(...answer.data.map(recentEntry));
    if (!answer.data.length) list.append(el("li", { className: "empty" }, T.recent_empty));
  }

  // --- linking an unknown barcode (pharmacists and administrators) ---------------------------------------

  let searchTimer = null;

  function openLink(gtin, scan) {
    linking = { gtin, scan };
    $("link-gtin").textContent = gtin;
    $("link-search").value = "";
    $("link-results").replaceChildren();
    $("link-panel").hidden = false;
    $("link-search").focus();
  }

  function closeLink() {
    linking = null;
    if ($("link-panel")) $("link-panel").hidden = true;
    focusScan();
  }

  async function searchItems() {
    const query = $("link-search").value.trim();
    if (!query) return $("link-results").replaceChildren();
    const answer = await send("GET", `/scan/api/items?q=${encodeURIComponent(query)}`);
    if (!answer.ok || query !== $("link-search").value.trim()) return;
    const choices = answer.data.map((item) =>
      el("li", {}, el("button", { type: "button", className: "choice", textContent: `${item.name} (${item.unit_of_issue})`, onclick: () => link(item) })),
    );
    $("link-results").replaceChildren(...(choices.length ? choices : [el("li", { className: "empty" }, T.link_none)]));
  }

  async function link(item) {
    const { gtin, scan } = linking;
    const answer = await send("POST", "/scan/api/link", { gtin, item: item.id }, newKey());
    if (answer.lost) return show("error", T.network, el("p", { className: "hint" }, T.nothing_recorded));
    if (!answer.ok) return showProblem(answer.data, null);
    closeLink();
    show("ok", say("linked", { gtin, item: item.name }));
    // The scan that failed wrote nothing, so it may go again with its own key: now it resolves.
    if (scan) enqueue(scan);
  }

  if ($("link-panel")) {
    $("link-search").addEventListener("input", () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(searchItems, 200);
    });
    $("link-cancel").addEventListener("click", closeLink);
  }

  // --- modes and focus ---------------------------------------------------------------------------------

  function setMode(next) {
    mode = next;
    sessionStorage.setItem("scan-mode", mode);
    for (const button of document.querySelectorAll("button.mode")) {
      button.setAttribute("aria-pressed", String(button.dataset.mode === mode));
    }
    document.body.dataset.mode = mode;
    $("qty-label").textContent = mode === "receive" ? T.qty_packs : T.qty_units;
    qtyInput.disabled = mode === "lookup";
    renderShelf();
    closeLink();
    showReady();
  }

  for (const button of document.querySelectorAll("button.mode")) {
    button.addEventListener("click", () => setMode(button.dataset.mode));
  }

  $("clear-shelf").addEventListener("click", () => {
    shelf = null;
    renderShelf();
  });

  // Clicking anywhere but another field puts the cursor back in the scan field: the scanner just types.
  document.addEventListener("click", (event) => {
    if (!event.target.closest("input, select, textarea, a")) setTimeout(focusScan, 0);
  });
  window.addEventListener("focus", focusScan);

  setMode(mode);
  refreshRecent();
  focusScan();
  document.body.dataset.ready = "true";
})();
