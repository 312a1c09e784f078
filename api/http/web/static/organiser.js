// Kringmatch organiser page: events, attendees and wishes, rounds of tables, 1:1 meetings, print.
// Dutch by default, English and French on request; no framework, nothing from elsewhere.
// Everything the API returns is inserted as text.
"use strict";

(() => {
  const DICT = JSON.parse(document.getElementById("i18n").textContent);
  const COOKIE = "kringmatch_lang";
  const KEY_STORE = "kringmatch_key"; // the main page's: a key entered there works here (this tab)
  const LOCALES = { nl: "nl-BE", en: "en-GB", fr: "fr-BE" };
  let lang = DICT[document.documentElement.lang] ? document.documentElement.lang : "nl";
  let apiKey = "";
  try { apiKey = sessionStorage.getItem(KEY_STORE) || ""; } catch { apiKey = ""; }

  const state = { events: [], event: null, seating: null, schedule: null, agendas: [], required: [] };
  const notes = {}; // section → { status, alert } redrawn on a language switch

  // --- helpers ---------------------------------------------------------------------------------
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

  function t(key, vars = {}) {
    const text = DICT[lang][key] ?? DICT.nl[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (all, name) => (name in vars ? String(vars[name]) : all));
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "i18n") { node.dataset.i18n = value; node.textContent = t(value); }
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  const fmt = (x, digits = 2) => new Intl.NumberFormat(LOCALES[lang] || "nl-BE", {
    minimumFractionDigits: digits, maximumFractionDigits: digits,
  }).format(x);
  const words = (s) => s.split(/[\s,;]+/).map((w) => w.trim()).filter(Boolean);
  const list = (s) => s.split(/[,;\n]+/).map((w) => w.trim()).filter(Boolean);
  const roleLabel = (role) => (DICT[lang]["role_" + role] ? t("role_" + role) : role);
  const reasonLabel = (reason) => { // "mutual must-meet" → reason_mutual_must_meet
    const key = "reason_" + reason.replace(/\W+/g, "_");
    return DICT[lang][key] ? t(key) : reason;
  };
  const person = (id) => (state.event?.attendees || []).find((a) => a.id === id);
  const nameOf = (id) => person(id)?.name ?? id;
  const eventPath = (suffix = "") => `/events/${encodeURIComponent(state.event.id)}${suffix}`;

  // --- the API ---------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(info) { super(info.kind); this.info = info; }
  }

  async function request(path, { method = "GET", body, accept = "application/json" } = {}) {
    const headers = { Accept: accept };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
    let res;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError({ kind: "network" });
    }
    if (res.ok) return res;
    let data = null;
    try { data = await res.json(); } catch { data = null; }
    const message = data && typeof data.message === "string" ? data.message : null;
    if (res.status === 401 || res.status === 403) {
      if (res.status === 401) $("#access").open = true;
      throw new ApiError({ kind: "auth", status: res.status, message: message ?? res.statusText });
    }
    if (res.status < 500 && message) throw new ApiError({ kind: "input", message });
    throw new ApiError({ kind: "server", status: res.status, message });
  }

  const api = async (path, options) => {
    const res = await request(path, options);
    return res.status === 204 ? null : res.json();
  };

  // --- status lines and alerts per section (redrawn in the current language) -------------------
  function errorText(info) {
    if (info.kind === "input") return t("error_input", { message: info.message });
    if (info.kind === "server") return t("error_server", { status: info.status }) + (info.message ? ` (${info.message})` : "");
    if (info.kind === "client") return t(info.key, info.vars);
    if (info.kind === "auth") return t(info.status === 401 ? "error_auth" : "error_forbidden", { message: info.message });
    return t("error_network");
  }

  function drawNote(section) {
    const note = notes[section] || {};
    const status = $(`#${section}-status`), alert = $(`#${section}-alert`);
    status.replaceChildren();
    if (note.status) {
      if (note.status.busy) status.append(el("span", { class: "spinner", "aria-hidden": "true" }));
      status.append(t(note.status.key, note.status.vars));
    }
    alert.replaceChildren();
    if (note.error) {
      alert.append(el("div", { class: "notice error", role: "alert" },
        el("h4", { i18n: "error_title" }), el("p", {}, errorText(note.error))));
    }
  }

  function say(section, key, vars = {}, busy = false) {
    notes[section] = { status: key ? { key, vars, busy } : null };
    drawNote(section);
  }

  function fail(section, err) {
    if (!(err instanceof ApiError)) throw err;
    notes[section] = { status: null, error: err.info };
    drawNote(section);
  }

  const refuse = (section, key, vars) => fail(section, new ApiError({ kind: "client", key, vars }));

  // Run an action of a section: busy while it runs, its form's buttons disabled, errors shown.
  async function act(section, busyKey, work) {
    const buttons = $$("button", $(`#${section}-status`).closest("section"));
    buttons.forEach((b) => (b.disabled = true));
    say(section, busyKey, {}, true);
    try {
      const done = await work();
      say(section, done?.key ?? null, done?.vars ?? {});
    } catch (err) {
      fail(section, err);
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  }

  // --- events ----------------------------------------------------------------------------------
  function renderEvents() {
    const ul = $("#event-list");
    ul.replaceChildren(...state.events.map((e) => el("li", {},
      el("button", {
        type: "button", class: "event-pick", "data-id": e.id,
        "aria-current": state.event && state.event.id === e.id ? "true" : null,
      }, el("span", { class: "event-title" }, e.title), " ",
      el("span", { class: "muted" }, [e.date, e.place, t("n_attendees", { n: e.attendees.length })].filter(Boolean).join(" · "))))));
    if (!state.events.length) ul.append(el("li", { class: "muted" }, t("no_events")));
  }

  async function loadEvents() {
    const page = await api("/events");
    state.events = page.data;
    renderEvents();
  }

  async function openEvent(id) {
    state.event = await api(`/events/${encodeURIComponent(id)}`);
    state.seating = state.event.has_rounds ? await readable(eventPath("/rounds")) : null;
    state.schedule = state.event.has_meetings ? await readable(eventPath("/meetings")) : null;
    state.required = [];
    $("#event").hidden = false;
    renderEvent();
    await loadAgendas(state.event.has_rounds || state.event.has_meetings);
  }

  // A member's key reads the event and its own agendas, not the whole seating: that stays empty.
  async function readable(path) {
    try {
      return await api(path);
    } catch (err) {
      if (err instanceof ApiError && err.info.kind === "auth" && err.info.status === 403) return null;
      throw err;
    }
  }

  function renderEvent() {
    renderEvents();
    const e = state.event;
    if (!e) return;
    $("#event-heading").textContent = e.title;
    $("#event-meta").textContent = [e.date, e.place, t("n_attendees", { n: e.attendees.length })].filter(Boolean).join(" · ");
    renderAttendees();
    renderRounds();
    renderMeetings();
    renderPrint();
  }

  // --- attendees and wishes --------------------------------------------------------------------
  function renderAttendees() {
    const people = state.event.attendees;
    $("#attendees tbody").replaceChildren(...people.map((a) => {
      const wishes = ["must_meet", "would_like", "no_thanks"]
        .filter((k) => a.preferences[k].length)
        .map((k) => `${t("wish_" + k)}: ${a.preferences[k].map(nameOfWish).join(", ")}`);
      return el("tr", { "data-attendee": a.id },
        el("td", {}, a.name), el("td", {}, a.organisation), el("td", {}, roleLabel(a.role)),
        el("td", {}, el("code", {}, a.id)), el("td", { class: "wishes-cell" }, wishes.join(" · ") || "—"),
        el("td", {}, el("button", { type: "button", class: "remove", "data-remove": a.id,
          "aria-label": t("remove_named", { name: a.name }) }, t("remove"))));
    }));
    if (!people.length) $("#attendees tbody").append(el("tr", {}, el("td", { colspan: 6, class: "muted" }, t("no_attendees"))));
    for (const select of $$(".attendee-select")) {
      const chosen = select.value;
      select.replaceChildren(...people.map((a) => el("option", { value: a.id }, `${a.name} (${a.organisation})`)));
      if (people.some((a) => a.id === chosen)) select.value = chosen;
    }
    const organisations = [...new Set(people.map((a) => a.organisation))];
    $("#wish-options").replaceChildren(...people.map((a) => el("option", { value: a.id }, a.name)),
      ...organisations.map((o) => el("option", { value: o })));
    fillWishes();
  }

  function nameOfWish(wish) { return person(wish) ? nameOf(wish) : wish; }

  function fillWishes() {
    const a = person($("#w-attendee").value);
    for (const kind of ["must_meet", "would_like", "no_thanks"]) $(`#w-${kind}`).value = a ? a.preferences[kind].join(", ") : "";
  }

  async function addAttendees(bodies) {
    state.event = await api(eventPath("/attendees"), { method: "POST", body: bodies });
    renderEvent();
    await loadEvents();
    return { key: "added", vars: { n: bodies.length } };
  }

  // --- rounds of tables ------------------------------------------------------------------------
  function repeatedPairs(seating) {
    const seen = new Map(), repeated = new Set();
    for (const rnd of seating.rounds) {
      for (const table of rnd.tables) {
        const m = [...table.members].sort();
        for (let i = 0; i < m.length; i++) {
          for (let j = i + 1; j < m.length; j++) {
            const pair = `${m[i]}|${m[j]}`;
            if (seen.has(pair) && seen.get(pair) !== rnd.round) repeated.add(pair);
            seen.set(pair, rnd.round);
          }
        }
      }
    }
    return repeated;
  }

  function reportList(items) {
    return el("dl", { class: "report" }, items.map(([key, value, bad]) => el("div", { class: bad ? "bad" : null },
      el("dt", {}, t(key)), el("dd", {}, String(value)))));
  }

  function renderRounds() {
    const box = $("#rounds"), report = $("#rounds-report"), s = state.seating;
    $("#move-form").hidden = !s;
    box.replaceChildren();
    report.replaceChildren();
    if (!s) return;
    const r = s.report;
    report.append(el("h4", { i18n: "report_heading" }), reportList([
      ["repeated_pairs", r.repeated_pairs, r.repeated_pairs > 0],
      ["met_before_pairs", r.met_before_pairs, r.met_before_pairs > 0],
      ["colleague_pairs", t("of_floor", { n: r.colleague_pairs, floor: r.colleague_floor }), r.colleague_pairs > r.colleague_floor],
      ["missing_roles", r.missing_roles, r.missing_roles > 0],
      ["elapsed_label", t("seconds", { s: fmt(r.elapsed, 1) }), r.timed_out],
    ]));
    if (r.violations.length) {
      report.append(el("div", { class: "notice warn violations", role: "alert" }, el("h4", { i18n: "violations" }),
        el("ul", {}, r.violations.map((v) => el("li", {}, v)))));
    } else {
      report.append(el("p", { class: "ok" }, t("no_violations")));
    }
    const repeated = repeatedPairs(s);
    for (const rnd of s.rounds) {
      const tables = rnd.tables.map((table) => {
        const clash = table.members.some((a) => table.members.some((b) => repeated.has(`${a}|${b}`)));
        const roles = new Set(table.members.map((m) => person(m)?.role));
        const lacking = state.required.filter((role) => !roles.has(role));
        return el("li", { class: `card seat${clash || lacking.length ? " violation" : ""}`, "data-round": rnd.round, "data-table": table.table },
          el("h5", {}, t("table_n", { n: table.table })),
          table.theme.length ? el("p", { class: "theme" }, el("span", { class: "label" }, t("theme")), " ", table.theme.join(", ")) : null,
          lacking.length ? el("p", { class: "lacking" }, t("lacks_roles", { roles: lacking.map(roleLabel).join(", ") })) : null,
          el("ul", { class: "members" }, table.members.map((m) => el("li", { "data-member": m },
            el("span", { class: "member-name" }, nameOf(m)), " ",
            el("span", { class: "muted" }, `${person(m)?.organisation ?? ""} · ${roleLabel(person(m)?.role)}`)))));
      });
      box.append(el("section", { class: "round", "data-round": rnd.round },
        el("h4", {}, t("round_n", { n: rnd.round })), el("ul", { class: "tables" }, tables)));
    }
    $("#m-round").max = String(s.rounds.length);
  }

  // --- 1:1 meetings ----------------------------------------------------------------------------
  function renderMeetings() {
    const box = $("#meetings"), report = $("#meetings-report"), s = state.schedule;
    box.replaceChildren();
    report.replaceChildren();
    if (!s) return;
    const r = s.report;
    report.append(el("h4", { i18n: "report_heading" }), reportList([
      ["must_meet_met", t("of", { n: r.must_meet_met, total: r.must_meet_total }), r.must_meet_met < r.must_meet_total],
      ["mutual_met", t("of", { n: r.mutual_met, total: r.mutual_total }), r.mutual_met < r.mutual_total],
      ["gap", `${fmt(100 * r.gap, 1)} %`, r.gap > 0.01],
      ["below_floor", r.below_floor.map(nameOf).join(", ") || t("nobody"), r.below_floor.length > 0],
      ["elapsed_label", t("seconds", { s: fmt(r.elapsed, 1) }), false],
    ]));
    const slots = [...new Set(s.meetings.map((m) => m.slot))];
    if (!slots.length) box.append(el("p", { class: "muted" }, t("no_meetings")));
    for (const slot of slots) {
      const rows = s.meetings.filter((m) => m.slot === slot).sort((x, y) => x.table - y.table);
      box.append(el("section", { class: "slot", "data-slot": slot }, el("h4", {}, t("slot_n", { slot })),
        el("table", { class: "grid" },
          el("thead", {}, el("tr", {}, ["col_table", "col_person_a", "col_person_b", "col_reason"].map((k) => el("th", { scope: "col" }, t(k))))),
          el("tbody", {}, rows.map((m) => el("tr", { "data-a": m.a, "data-b": m.b, class: m.reason.includes("must") ? "must" : null },
            el("td", {}, String(m.table)), el("td", {}, nameOf(m.a)), el("td", {}, nameOf(m.b)), el("td", {}, reasonLabel(m.reason))))))));
    }
  }

  // --- agendas and the print view --------------------------------------------------------------
  async function loadAgendas(planned = Boolean(state.seating || state.schedule)) {
    state.agendas = state.event && planned ? await api(eventPath("/agendas")) : [];
    renderPrint();
  }

  function renderPrint() {
    const view = $("#print-view");
    view.replaceChildren();
    const e = state.event;
    if (!e) return;
    const head = `${e.title} · ${e.date}${e.place ? " · " + e.place : ""}`;
    for (const rnd of state.seating?.rounds || []) {
      view.append(el("section", { class: "print-page print-round" },
        el("p", { class: "print-head" }, head), el("h2", {}, t("round_n", { n: rnd.round })),
        rnd.tables.map((table) => el("div", { class: "print-table" },
          el("h3", {}, t("table_n", { n: table.table }) + (table.theme.length ? ` — ${table.theme.join(", ")}` : "")),
          el("ul", {}, table.members.map((m) => el("li", {}, `${nameOf(m)} (${person(m)?.organisation ?? ""})`)))))));
    }
    for (const day of state.agendas) {
      const a = day.attendee;
      const items = [
        ...day.rounds.flatMap((rnd) => rnd.tables.map((table) => el("li", {},
          el("strong", {}, t("round_n", { n: rnd.round })), ": ", t("table_n", { n: table.table }),
          ` — ${t("with")} ${table.members.filter((m) => m !== a.id).map(nameOf).join(", ")}`))),
        ...day.meetings.map((m) => el("li", {}, el("strong", {}, m.slot), ": ", t("table_n", { n: m.table }),
          ` — ${t("meeting_with")} ${nameOf(m.a === a.id ? m.b : m.a)}`)),
      ];
      view.append(el("section", { class: "print-page print-agenda" },
        el("p", { class: "print-head" }, head), el("h2", {}, t("agenda_of", { name: a.name })),
        el("p", {}, `${a.organisation} · ${roleLabel(a.role)}`),
        items.length ? el("ul", {}, items) : el("p", {}, t("agenda_empty"))));
    }
  }

  async function download(path, name) {
    const res = await request(path, { accept: "text/csv" });
    const url = URL.createObjectURL(new Blob([await res.text()], { type: "text/csv" }));
    const link = el("a", { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  // --- forms -----------------------------------------------------------------------------------
  function initForms() {
    $("#event-list").addEventListener("click", (e) => {
      const button = e.target.closest("button.event-pick");
      if (button) act("events", "loading", async () => { await openEvent(button.dataset.id); });
    });

    $("#create-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const title = $("#ev-title").value.trim(), date = $("#ev-date").value, place = $("#ev-place").value.trim();
      if (!title || !date) return refuse("events", "event_incomplete");
      return act("events", "saving", async () => {
        const created = await api("/events", { method: "POST", body: { title, date, ...(place ? { place } : {}) } });
        await loadEvents();
        await openEvent(created.id);
        $("#create-form").reset();
        return { key: "created", vars: { title: created.title } };
      });
    });

    $("#add-stored-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const kind = $("#stored-kind").value, ids = words($("#stored-ids").value);
      if (!ids.length) return refuse("att", "ids_empty");
      return act("att", "saving", async () => {
        const done = await addAttendees(ids.map((id) => ({ [kind]: id })));
        $("#stored-ids").value = "";
        return done;
      });
    });

    $("#guest-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const body = { name: $("#g-name").value.trim(), role: $("#g-role").value, interest: $("#g-interest").value.trim() };
      const organisation = $("#g-org").value.trim(), language = $("#g-lang").value;
      if (!body.name || !body.interest) return refuse("att", "guest_incomplete");
      if (organisation) body.organisation = organisation;
      if (language) body.language = language;
      return act("att", "saving", async () => {
        const done = await addAttendees([body]);
        $("#guest-form").reset();
        return done;
      });
    });

    $("#attendees").addEventListener("click", (e) => {
      const button = e.target.closest("button[data-remove]");
      if (!button) return;
      const id = button.dataset.remove, name = nameOf(id);
      if (!window.confirm(t("remove_confirm", { name }))) return;
      act("att", "saving", async () => {
        state.event = await api(eventPath(`/attendees/${encodeURIComponent(id)}`), { method: "DELETE" });
        Object.assign(state, { seating: null, schedule: null, agendas: [] }); // dropped: plan again
        renderEvent();
        await loadEvents();
        return { key: "removed", vars: { name } };
      });
    });

    $("#w-attendee").addEventListener("change", fillWishes);
    $("#wishes-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const id = $("#w-attendee").value;
      if (!id) return refuse("att", "pick_attendee");
      const body = Object.fromEntries(["must_meet", "would_like", "no_thanks"].map((k) => [k, list($(`#w-${k}`).value)]));
      return act("att", "saving", async () => {
        state.event = await api(eventPath(`/attendees/${encodeURIComponent(id)}/preferences`), { method: "PUT", body });
        renderEvent();
        return { key: "wishes_saved", vars: { name: nameOf(id) } };
      });
    });

    $("#rounds-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const body = {
        rounds: Number($("#r-rounds").value), size_min: Number($("#r-min").value), size_max: Number($("#r-max").value),
        mode: $("#r-mode").value, require_roles: $$("input[name=require]:checked").map((c) => c.value),
        separate_organisations: $("#r-separate").checked,
      };
      if (!(body.size_min >= 2 && body.size_min <= body.size_max)) return refuse("rounds", "size_invalid");
      return act("rounds", "seating", async () => {
        state.seating = await api(eventPath("/rounds"), { method: "POST", body });
        state.required = body.require_roles;
        renderRounds();
        await loadAgendas();
        return { key: "seated", vars: { n: state.seating.rounds.length } };
      });
    });

    $("#move-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const body = { attendee: $("#m-attendee").value, round: Number($("#m-round").value), table: Number($("#m-table").value) };
      if (!body.attendee) return refuse("rounds", "pick_attendee");
      return act("rounds", "seating", async () => {
        state.seating = await api(eventPath("/rounds/move"), { method: "POST", body });
        renderRounds();
        await loadAgendas();
        return { key: "moved", vars: { name: nameOf(body.attendee), round: body.round, table: body.table } };
      });
    });

    $("#meetings-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const slots = words($("#s-slots").value);
      if (!slots.length) return refuse("meetings", "slots_empty");
      const availability = {};
      for (const line of $("#s-availability").value.split("\n")) {
        const colon = line.indexOf(":"); // "id: 10:00 10:20" (the first colon ends the id)
        if (colon > 0) availability[line.slice(0, colon).trim()] = words(line.slice(colon + 1));
      }
      const body = { slots, tables: Number($("#s-tables").value), max_per_person: Number($("#s-max").value), availability };
      return act("meetings", "scheduling", async () => {
        state.schedule = await api(eventPath("/meetings"), { method: "POST", body });
        renderMeetings();
        await loadAgendas();
        return { key: "scheduled", vars: { n: state.schedule.meetings.length } };
      });
    });

    $("#csv-rounds").addEventListener("click", () => act("out", "downloading", async () => {
      await download(eventPath("/rounds?format=csv"), `${state.event.id}-${t("csv_tables_file")}.csv`);
    }));
    $("#csv-agendas").addEventListener("click", () => act("out", "downloading", async () => {
      await download(eventPath("/agendas?format=csv"), `${state.event.id}-${t("csv_agendas_file")}.csv`);
    }));
    $("#print").addEventListener("click", () => act("out", "preparing", async () => {
      await loadAgendas();
      window.print();
    }));
  }

  // --- language --------------------------------------------------------------------------------
  function applyLanguage(next, remember) {
    lang = next;
    document.documentElement.lang = lang;
    $$("[data-i18n]").forEach((n) => (n.textContent = t(n.dataset.i18n)));
    $$("[data-i18n-aria-label]").forEach((n) => n.setAttribute("aria-label", t(n.dataset.i18nAriaLabel)));
    $$("button.lang").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.lang === lang)));
    if (remember) {
      document.cookie = `${COOKIE}=${lang}; path=/; max-age=31536000; SameSite=Lax`;
      try { localStorage.setItem(COOKIE, lang); } catch { /* private mode: the cookie remembers */ }
    }
    renderEvents();
    if (state.event) renderEvent();
    Object.keys(notes).forEach(drawNote);
    showKey();
  }

  // --- access with an API key (the main page's, kept for this tab) -----------------------------
  const showKey = () => ($("#key-status").textContent = t(apiKey ? "key_in_use" : "key_none"));
  function initAccess() {
    const use = (key) => {
      apiKey = key;
      try {
        if (key) sessionStorage.setItem(KEY_STORE, key);
        else sessionStorage.removeItem(KEY_STORE);
      } catch { /* no storage: kept for this page only */ }
      $("#api-key").value = "";
      showKey();
      act("events", "loading", loadEvents);
    };
    showKey();
    $("#key-form").addEventListener("submit", (e) => { e.preventDefault(); use($("#api-key").value.trim()); });
    $("#key-clear").addEventListener("click", () => use(""));
  }

  // --- start -----------------------------------------------------------------------------------
  $$("button.lang").forEach((b) => b.addEventListener("click", () => applyLanguage(b.dataset.lang, true)));
  initForms();
  initAccess();
  // An explicit ?lang= wins and is remembered; otherwise the remembered choice, if the cookie was lost.
  let stored = new URLSearchParams(location.search).get("lang");
  try { stored ||= localStorage.getItem(COOKIE); } catch { /* no storage: keep the page's language */ }
  if (stored && DICT[stored] && stored !== lang) applyLanguage(stored, true);
  else if (new URLSearchParams(location.search).get("lang")) applyLanguage(lang, true);
  act("events", "loading", loadEvents);
})();
