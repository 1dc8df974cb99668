// The scan page's "Set aside": after a pack is looked up (scan.js announces "scan:found"), whoever may
// set packs aside gets a button; a reason (and a note for "other") sends the batch into quarantine at
// this site, for the pharmacist to decide. Plain browser JavaScript, no build step.
"use strict";

(() => {
  const page = JSON.parse(document.getElementById("page-data").textContent);
  const T = page.texts;
  const $ = (id) => document.getElementById(id);
  const panel = $("setaside-panel");
  if (!panel) return; // this user may not set packs aside
  const { el, newKey } = window.ScanKit;
  const send = window.ScanKit.sender($("scan-form").dataset.csrf);
  let chosen = null; // {batch, item, key}: the pack being set aside

  function close() {
    panel.hidden = true;
    chosen = null;
    $("code").focus();
  }

  function open(found) {
    chosen = { batch: found.batch, item: found.item, key: newKey() };
    $("setaside-what").textContent = `${found.item.name} · ${T["scan.batch"]} ${found.batch.batch_number}`;
    $("setaside-note").value = "";
    $("setaside-error").textContent = "";
    panel.hidden = false;
    $("setaside-reason").focus();
  }

  document.addEventListener("scan:found", (event) => {
    const found = event.detail;
    if (!found.batch || found.batch_quarantined || found.block) return;
    $("feedback").append(
      el("p", { className: "actions" },
        el("button", { type: "button", id: "setaside-open", textContent: T["setaside.action"],
          onclick: (event) => { event.stopPropagation(); open(found); } })),
    );
  });

  async function confirm() {
    if (!chosen) return;
    const body = { site: page.site, batch: chosen.batch.id, reason: $("setaside-reason").value };
    const note = $("setaside-note").value.trim();
    if (note) body.note = note;
    const answer = await send("POST", "/scan/api/set-aside", body, chosen.key);
    if (answer.ok) {
      const what = $("setaside-what").textContent;
      close();
      const feedback = $("feedback");
      feedback.className = "feedback ok";
      feedback.replaceChildren(el("p", { className: "headline" }, T["setaside.done"]), el("p", { className: "item" }, what));
      return;
    }
    const code = answer.lost ? "lost" : String((answer.data && answer.data.type) || "").split("/").pop();
    $("setaside-error").textContent = T["problem." + code] || T["setaside.failed"];
  }

  // A click in the panel stays there: the scan page otherwise puts the cursor back in the scan field.
  panel.addEventListener("click", (event) => event.stopPropagation());
  $("setaside-send").addEventListener("click", confirm);
  $("setaside-cancel").addEventListener("click", close);
})();
