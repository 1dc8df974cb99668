// The scan page's Count mode: each pack scanned goes into the open stock count at the user's site (the
// newest open count of its kind: controlled drugs or not), adding to its counted line, or adding a line
// for a batch the count did not expect. scan.js hands it each scan in this mode; loaded before scan.js.
"use strict";

window.CountMode = (() => {
  const page = JSON.parse(document.getElementById("page-data").textContent);
  const T = page.texts;
  const say = (key, values = {}) =>
    (T[key] || key).replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));

  async function perform(scan, kit) {
    const body = { site: page.site, code: scan.code, counted: scan.quantity };
    const answer = await kit.send("POST", "/scan/api/count", body, scan.key);
    if (answer.lost) return kit.showLost(scan);
    if (!answer.ok) return kit.showProblem(answer.data, scan);
    const line = answer.data;
    const lines = [say("count.mode_in_count", { count: line.count })];
    if (line.unexpected) lines.push(T["count.unexpected"]);
    const link = document.createElement("a");
    link.href = `/counts/${line.count}`;
    link.textContent = say("count.named", { number: line.count });
    link.id = "count-link";
    const text = document.createElement("p");
    text.textContent = lines.join(" · ");
    kit.show("ok", say("count.mode_added", { item: line.item_name, batch: line.batch_number, counted: line.counted }), text, link);
  }

  return { perform };
})();
