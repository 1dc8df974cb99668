// The scanner check: the volunteer scans the test label; the server compares what the scanner typed with
// what the label holds, and the page says in plain words what the scanner does and what to change.
// The result is kept on this device (localStorage) and sent with every scan for the parser to use.
"use strict";

(() => {
  const page = JSON.parse(document.getElementById("page-data").textContent);
  const T = page.texts;
  const $ = (id) => document.getElementById(id);
  const csrf = $("check").dataset.csrf;
  const input = $("check-code");
  const result = $("check-result");
  const GS = "\x1d";
  let shown = 0;

  function line(text) {
    const item = document.createElement("li");
    item.textContent = text;
    return item;
  }

  function report(level, headline, lines) {
    const title = document.createElement("p");
    title.className = "headline";
    title.textContent = headline;
    const list = document.createElement("ul");
    list.append(...lines.map(line));
    result.className = "feedback " + level;
    result.dataset.shown = String(++shown);
    result.replaceChildren(title, list);
  }

  async function check(typed) {
    const response = await fetch("/scan/api/scanner-check", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "x-csrftoken": csrf },
      body: JSON.stringify({ typed }),
      credentials: "same-origin",
    });
    if (response.status === 401) return window.location.assign("/scan/login");
    const found = await response.json();
    if (!response.ok || !found.recognised) return report("error", T["scan.check_unknown"], []);
    const needsChange = found.sends_gs === false || found.us_layout;
    const lines = [
      found.sends_gs ? (found.stand_in ? T["scan.check_stand_in"] : T["scan.check_gs_ok"]) : T["scan.check_gs_missing"],
      found.aim_prefix ? T["scan.check_aim"] : T["scan.check_no_aim"],
      found.us_layout ? T["scan.check_layout"] : T["scan.check_layout_ok"],
      T["scan.check_saved"],
    ];
    window.ScannerProfile.save(found);
    $("check-remembered").hidden = false;
    report(needsChange ? "warn" : "ok", needsChange ? T["scan.check_fix"] : T["scan.check_ok"], lines);
  }

  input.addEventListener("keydown", (event) => {
    if (event.ctrlKey && (event.key === "]" || event.code === "BracketRight")) {
      event.preventDefault(); // scanners without a GS key send Ctrl+] (ASCII 29), as on the scan page
      input.setRangeText(GS, input.selectionStart, input.selectionEnd, "end");
      return;
    }
    if (event.key !== "Enter") return;
    event.preventDefault();
    const typed = input.value;
    input.value = "";
    if (typed.trim()) check(typed);
  });
  $("check-form").addEventListener("submit", (event) => event.preventDefault());
  $("check-remembered").hidden = !window.ScannerProfile.load();
  input.focus();
  document.body.dataset.ready = "true";
})();
