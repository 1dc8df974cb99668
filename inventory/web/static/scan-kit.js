// Small helpers of the scan pages: building elements, idempotency keys, Copenhagen times, and talking to
// the server with retries. Plain browser JavaScript, no build step; loaded before scan.js.
"use strict";

window.ScanKit = (() => {
  const RETRIES = [500, 1500, 3000]; // ms to wait before each resend of a request that got no answer

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

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // randomUUID needs https; getRandomValues works on a plain-http clinic network too
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // Times are the clinic's, whatever zone the phone or PC is set to.
  function clock(locale) {
    const CLINIC_TZ = "Europe/Copenhagen";
    const clinicDay = (at) => at.toLocaleDateString("en-CA", { timeZone: CLINIC_TZ });
    return (iso) => {
      const at = new Date(iso);
      const time = at.toLocaleTimeString(locale, { timeZone: CLINIC_TZ, hour: "2-digit", minute: "2-digit" });
      if (clinicDay(at) === clinicDay(new Date())) return time;
      return `${at.toLocaleDateString(locale, { timeZone: CLINIC_TZ, day: "numeric", month: "short" })} ${time}`;
    };
  }

  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

  // A write carries its idempotency key on every resend, so a request that got through before the
  // connection dropped is answered from the first time and never counts twice.
  function sender(csrf) {
    return async function send(method, url, body, key) {
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
    };
  }

  // --- telling a scanner from a person ----------------------------------------------------------------
  // A keyboard-wedge scanner types a whole code in a few milliseconds and ends it with Enter (or TAB).
  // `keys(input)` watches one field's keystrokes; `scanned()` answers, at the Enter, the text of the run of
  // keys just typed and whether it came as fast as only a scanner types.
  const BURST_GAP_MS = 100; // a longer pause starts a new run of keys
  const SCANNER_KEY_MS = 50; // on average faster than this between keys: no person types so fast
  const SCANNER_MIN_KEYS = 6;

  const AIM = /\](d2|C1|E0|E4|e0|Q3)/; // a scanner's symbology identifier: where a scan begins

  function keys(input) {
    let run = null;
    input.addEventListener("keydown", (event) => {
      const typing = event.key.length === 1 || (event.ctrlKey && event.code === "BracketRight");
      if (!typing) return;
      const now = performance.now();
      if (!run || now - run.last > BURST_GAP_MS) run = { start: now, last: now, count: 0, before: input.value };
      run.count += 1;
      run.last = now;
    });
    return {
      scanned() {
        const now = performance.now();
        const value = input.value;
        const fresh = run && now - run.last <= BURST_GAP_MS;
        let before = fresh && value.startsWith(run.before) ? run.before : "";
        // A busy machine may pause inside a scan: a symbology prefix in the earlier text starts the scan there.
        const aim = value.search(AIM);
        if (aim >= 0 && aim < before.length) before = value.slice(0, aim);
        const pace = fresh && run.count > 1 ? (run.last - run.start) / (run.count - 1) : Infinity;
        const fast = Boolean(fresh) && run.count >= SCANNER_MIN_KEYS && pace < SCANNER_KEY_MS;
        run = null;
        return { text: value.slice(before.length), before, fast };
      },
    };
  }

  // GTIN check digit (GS1 mod 10) of a digits-only code of 8, 12, 13 or 14 digits.
  function isGtin(text) {
    if (!/^(\d{8}|\d{12,14})$/.test(text)) return false;
    const digits = [...text].map(Number);
    const check = digits.pop();
    const sum = digits.reverse().reduce((total, digit, i) => total + digit * (i % 2 === 0 ? 3 : 1), 0);
    return (10 - (sum % 10)) % 10 === check;
  }

  // The shape of a scan whatever its pace: an AIM symbology prefix, or a product code (GTIN) alone.
  function scanShape(text) {
    const value = text.trim();
    return value.search(AIM) === 0 || isGtin(value);
  }

  return { el, newKey, clock, sender, keys, isGtin, scanShape };
})();
