// Words for the scan pages: every sentence in the page's language, built from the values the server sends.
// A problem's `type` names its kind and its members carry the values of its sentence (dates, quantities,
// batch, site, unit), so no English sentence from the server ever reaches a Danish page.
// Plain browser JavaScript, no build step; loaded before scan.js and scanner-check.js.
"use strict";

window.ScanWords = (texts, language) => {
  const T = texts;
  const locale = language === "da" ? "da-DK" : "en-GB";

  function say(key, values = {}) {
    return (T[key] || key).replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

  function day(iso) {
    if (!iso) return T["scan.no_expiry"];
    return new Date(iso + "T00:00:00Z").toLocaleDateString(locale, { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" });
  }

  // "tablet" -> "tablet"/"tabletter" by count; a unit the page has no word for is shown as the catalogue has it.
  function unit(code, count) {
    const forms = T["unit." + code];
    if (!forms) return code;
    const [one, many] = forms.split("|");
    return Math.abs(count) === 1 ? one : many;
  }

  function packWord(count) {
    const [one, many] = T["scan.pack_word"].split("|");
    return Math.abs(count) === 1 ? one : many;
  }

  // Both counts of a movement: "1 pakning = 100 tabletter", or just "3 tabletter" when not whole packs.
  function packsAndUnits(packs, units, unitCode) {
    if (packs === null || packs === undefined) return `${units} ${unit(unitCode, units)}`;
    return say("scan.packs_and_units", { packs, pack_word: packWord(packs), units, unit: unit(unitCode, units) });
  }

  const listFormat = (items) => items.join(", ");

  // The sentence for a refusal, in the page's language: its own words on the scan page, else the pages' explanation.
  function problemSentence(problem, mode) {
    const code = (problem.type || "").split("/").pop();
    const v = {
      batch: problem.batch_number || "",
      item: problem.item_name || "",
      site: problem.site_name || "",
      unit: problem.unit ? unit(problem.unit, problem.available === 1 ? 1 : 2) : "",
    };
    switch (code) {
      case "expired-stock":
        return problem.receiving || mode === "receive"
          ? say("say.expired-stock.receive", { expiry: day(problem.expiry) })
          : say("say.expired-stock", { ...v, expiry: day(problem.expiry) });
      case "quarantined-stock":
        return say("say.quarantined-stock", v);
      case "unknown-gtin":
        return say("scan.unknown_gtin", { gtin: problem.gtin });
      case "unknown-batch":
        return say("say.unknown-batch", v);
      case "unknown-label":
        return say("say.unknown-label", { label: problem.label || "" });
      case "wrong-site":
        return say("say.wrong-site", { ...v, held: listFormat(problem.held_at || []) });
      case "insufficient-stock":
        return say("say.insufficient-stock", { ...v, available: problem.available, requested: problem.requested });
      case "expiry-mismatch":
        return say("say.expiry-mismatch", { ...v, scanned: day(problem.scanned_expiry), recorded: day(problem.recorded_expiry) });
      case "not-a-pack":
        return problem.reason === "shelf" ? say("say.not-a-pack.shelf", { name: problem.location_name }) : say("say.not-a-pack");
      case "serial-already-received":
        return say("say.serial-already-received", { serial: problem.serial, date: day(problem.received_on), site: problem.site_name || "" });
      case "typed-batch-differs":
        return problem.scanned_batch
          ? say("say.typed-batch-differs", { typed: problem.typed_batch, scanned: problem.scanned_batch })
          : say("say.typed-batch-differs.readings", { typed: problem.typed_batch });
      case "typed-expiry-differs":
        return say("say.typed-expiry-differs", { typed: day(problem.typed_expiry), scanned: day(problem.scanned_expiry) });
      case "reading-not-in-code":
        return say("say.reading-not-in-code");
      case "serial-names-one-pack":
        return say("say.serial-names-one-pack", { serial: problem.serial, item: v.item });
      case "unreadable-scan":
        return T["say.unreadable-scan." + problem.reason] || T["say.unreadable-scan"];
      case "controlled-not-permitted":
        return say("say.controlled-not-permitted", v);
      case "already-reversed":
      case "forbidden":
        return say("say." + code);
      case "invalid-input":
        if (problem.pack_size && problem.field === "quantity") {
          return say("say.invalid-input.packs", { item: v.item, pack_size: problem.pack_size, unit: unit(problem.unit, problem.pack_size) });
        }
        return say("say.default");
      default:
        return explained(code, problem);
    }
  }

  // The catalogue's explanation of any other refusal (the one the pages show, problem.<code>.explained),
  // filled with the problem's members, ISO days as dates; "check and try again" when it has none.
  function explained(code, problem) {
    const key = "problem." + code + ".explained";
    if (!T[key]) return say("say.default");
    const values = {};
    for (const [name, value] of Object.entries(problem)) {
      values[name] = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? day(value) : value;
    }
    return say(key, values);
  }

  function notice(note) {
    return say("notice." + note.kind, {
      batch: note.batch_number || "",
      scanned: day(note.scanned_expiry),
      recorded: day(note.recorded_expiry),
    });
  }

  function reading(option) {
    const parts = [option.batch_number ? say("scan.reading_batch", { batch: option.batch_number }) : T["scan.reading_no_batch"]];
    if (option.serial) parts.push(say("scan.reading_serial", { serial: option.serial }));
    if (option.expiry) parts.push(say("scan.reading_expiry", { expiry: day(option.expiry) }));
    if (option.quantity) parts.push(say("scan.reading_count", { count: option.quantity }));
    return parts.join(" · ");
  }

  // An expiry date typed the Danish way: dd.mm.åååå (also dd-mm-åååå, dd/mm/åå) or mm/åå (the month's
  // last day, as packs print it). Answers ISO yyyy-mm-dd, or null when it is no date.
  function typedExpiry(text) {
    const value = text.trim();
    let year, month, dayOfMonth;
    let found = value.match(/^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$/);
    if (found) {
      [dayOfMonth, month, year] = [Number(found[1]), Number(found[2]), Number(found[3])];
    } else if ((found = value.match(/^(\d{1,2})[./-](\d{2}|\d{4})$/))) {
      [month, year] = [Number(found[1]), Number(found[2])];
    } else {
      return null;
    }
    if (year < 100) year += 2000;
    if (month < 1 || month > 12) return null;
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (dayOfMonth === undefined) dayOfMonth = last;
    if (dayOfMonth < 1 || dayOfMonth > last) return null;
    return `${year}-${String(month).padStart(2, "0")}-${String(dayOfMonth).padStart(2, "0")}`;
  }

  return { say, day, unit, packsAndUnits, problemSentence, notice, reading, typedExpiry, locale };
};

// What the scanner check found out about this device's scanner, kept in the browser (localStorage).
window.ScannerProfile = {
  key: "scanner-profile",
  load() {
    try {
      const saved = JSON.parse(localStorage.getItem(this.key) || "null");
      return saved && typeof saved === "object" ? saved : null;
    } catch (error) {
      return null;
    }
  },
  save(result) {
    localStorage.setItem(this.key, JSON.stringify({ sends_gs: result.sends_gs, us_layout: result.us_layout, aim_prefix: result.aim_prefix }));
  },
  // The part the parser uses, sent with every scan; undefined when the scanner was never checked.
  forParser() {
    const saved = this.load();
    return saved ? { sends_gs: saved.sends_gs, us_layout: saved.us_layout } : undefined;
  },
};
