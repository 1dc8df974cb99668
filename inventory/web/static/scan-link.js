// Linking an unknown barcode to an item (pharmacists and administrators), from the scan page's refusal.
// Plain browser JavaScript, no build step; loaded before scan.js, which hands it what it needs.
"use strict";

window.ScanLink = ({ $, el, send, newKey, T, say, show, showProblem, enqueue, focusScan }) => {
  let linking = null; // {gtin, scan}: the barcode being linked and the scan that found it unknown
  let searchTimer = null;

  function open(gtin, scan) {
    linking = { gtin, scan };
    $("link-gtin").textContent = gtin;
    $("link-search").value = "";
    $("link-results").replaceChildren();
    $("link-panel").hidden = false;
    $("link-search").focus();
  }

  function close() {
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
    $("link-results").replaceChildren(...(choices.length ? choices : [el("li", { className: "empty" }, T["scan.link_none"])]));
  }

  async function link(item) {
    const { gtin, scan } = linking;
    const answer = await send("POST", "/scan/api/link", { gtin, item: item.id }, newKey());
    if (answer.lost) return show("error", T["scan.network"], el("p", { className: "hint" }, T["scan.nothing_recorded"]));
    if (!answer.ok) return showProblem(answer.data, null);
    close();
    show("ok", say("scan.linked", { gtin, item: item.name }));
    // The scan that failed wrote nothing, so it may go again with its own key: now it resolves.
    if (scan) enqueue(scan);
  }

  if ($("link-panel")) {
    $("link-search").addEventListener("input", () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(searchItems, 200);
    });
    $("link-cancel").addEventListener("click", close);
  }

  return { open, close, active: () => linking !== null };
};
