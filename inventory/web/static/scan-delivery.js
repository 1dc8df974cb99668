// The delivery received goods come with: its supplier and delivery note, typed once per delivery and kept
// (for this site, in this browser session) for the following scans until changed, or cleared by
// "New delivery". scan.js adds them to each receipt it sends (ScanDelivery.of()).
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const supplier = $("supplier");
  const note = $("delivery-note");
  if (!supplier || !note) {
    window.ScanDelivery = { of: () => ({}) };
    return;
  }
  const site = JSON.parse($("page-data").textContent).site;
  const KEY = `scan-delivery-${site}`;
  const saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
  if (saved) {
    supplier.value = saved.supplier || "";
    note.value = saved.note || "";
  }
  const remember = () => sessionStorage.setItem(KEY, JSON.stringify({ supplier: supplier.value, note: note.value }));
  for (const input of [supplier, note]) {
    input.addEventListener("change", remember);
    input.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault(); // Enter moves on (supplier, then delivery note, then the scan field)
      remember();
      (input === supplier ? note : $("code")).focus();
    });
  }
  $("new-delivery").addEventListener("click", (event) => {
    event.stopPropagation(); // the page's "click elsewhere: back to the scan field" would take the cursor
    supplier.value = "";
    note.value = "";
    remember();
    supplier.focus();
  });
  window.ScanDelivery = {
    of() {
      const body = {};
      if (supplier.value.trim()) body.supplier = supplier.value.trim();
      if (note.value.trim()) body.delivery_note = note.value.trim();
      return body;
    },
  };
})();
