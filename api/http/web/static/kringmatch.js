// Kringmatch web page: views over the JSON API (fetch), Dutch by default, English or French on request.
// No framework, no network beyond this server. Everything the API returns is inserted as text.
// This file is the core (helpers, API, language, tabs, search, workshop); it shares its helpers as
// window.Kringmatch with kringmatch-contact.js (introductions, feedback, inbox) and
// kringmatch-projects.js (an organisation's own projects), which load after it.
"use strict";

(() => {
  const DICT = JSON.parse(document.getElementById("i18n").textContent);
  const MAX_TEXT = Number(document.body.dataset.maxText) || 20000;
  const COOKIE = "kringmatch_lang";
  const KEY_STORE = "kringmatch_key"; // sessionStorage: this tab only
  let lang = DICT[document.documentElement.lang] ? document.documentElement.lang : "nl";
  const rerenders = []; // redraw dynamic content after a language switch
  const onKey = []; // retry what failed once an API key is set
  const cardHooks = []; // (card, match, view) => void: extra controls on every result card
  let apiKey = "";
  try { apiKey = sessionStorage.getItem(KEY_STORE) || ""; } catch { apiKey = ""; }

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

  const KEY_ROLES = ["admin", "organiser", "member"]; // the roles of API keys (access_role_* texts)
  const LOCALES = { nl: "nl-BE", en: "en-GB", fr: "fr-BE" };
  const fmt = (x, digits = 2) =>
    new Intl.NumberFormat(LOCALES[lang] ?? "nl-BE", {
      minimumFractionDigits: digits, maximumFractionDigits: digits,
    }).format(x);
  const fold = (s) => (s || "").normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  // Organisation names compare as the API compares them: case, accents and spacing do not count.
  const sameOrg = (a, b) => Boolean(a && b) && fold(a).split(/\s+/).join(" ").trim() === fold(b).split(/\s+/).join(" ").trim();
  const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const roleLabel = (role) => (DICT[lang]["role_" + role] ? t("role_" + role) : role);
  const projectName = (p) => p.title || p.text.slice(0, 80);

  // --- the API ---------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(info) { super(info.kind); this.info = info; }
  }

  async function api(path, { method = "GET", body, signal } = {}) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
    let res;
    try {
      res = await fetch(path, { method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      if (err.name === "AbortError") throw err;
      throw new ApiError({ kind: "network" });
    }
    let data = null;
    try { data = await res.json(); } catch { data = null; }
    if (res.ok) return data;
    const message = data && typeof data.message === "string" ? data.message : null;
    if (res.status === 401 || res.status === 403) {
      if (res.status === 401) $("#access").open = true;
      throw new ApiError({ kind: "auth", status: res.status, message: message ?? res.statusText });
    }
    if (res.status === 409 && message) throw new ApiError({ kind: "conflict", status: 409, message });
    if (res.status === 429) throw new ApiError({ kind: "limit", status: 429, message: message ?? res.statusText });
    if (res.status < 500 && message) throw new ApiError({ kind: "input", status: res.status, message });
    throw new ApiError({ kind: "server", status: res.status, message });
  }

  async function fetchAll(path) {
    const out = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await api(`${path}${path.includes("?") ? "&" : "?"}limit=1000&offset=${offset}`);
      out.push(...page.data);
      if (!page.data.length || out.length >= page.count) return out;
    }
  }

  const cache = {};
  function load(kind) { // "profiles", "projects" (open ones) or "allProjects" (every one the key may see)
    const paths = { profiles: "/profiles", projects: "/projects?status=open", allProjects: "/projects" };
    cache[kind] ??= fetchAll(paths[kind]).catch((err) => {
      delete cache[kind];
      throw err;
    });
    return cache[kind];
  }

  let who = null; // GET /me: the key's name, role and organisation (null: not asked yet)
  function me() {
    who ??= api("/me").catch((err) => {
      who = null;
      throw err;
    });
    return who;
  }

  // --- status line, progress and results area ---------------------------------------------------
  function errorBox(info) {
    let text;
    if (info.kind === "input") text = t("error_input", { message: info.message });
    else if (info.kind === "conflict") text = t("error_conflict", { message: info.message });
    else if (info.kind === "limit") text = t("error_limit", { message: info.message });
    else if (info.kind === "server") text = t("error_server", { status: info.status }) + (info.message ? ` (${info.message})` : "");
    else if (info.kind === "client") text = t(info.key, info.vars);
    else if (info.kind === "auth") text = t(info.status === 401 ? "error_auth" : "error_forbidden", { message: info.message });
    else text = t("error_network");
    return el("div", { class: "notice error", role: "alert" }, el("h2", { i18n: "error_title" }), el("p", {}, text));
  }

  function emptyBox(textKey) {
    return el("div", { class: "notice empty" }, el("h2", { i18n: "empty_title" }), el("p", { i18n: textKey }));
  }

  // One results area: a status line (aria-live), progress with aria-busy, a view redrawn on demand.
  function panel(statusSel, resultsSel, render) {
    const statusEl = $(statusSel), results = $(resultsSel);
    let view = null, status = null, controller = null, timer = null;
    const drawStatus = () => {
      statusEl.replaceChildren();
      if (!status) return;
      if (status.busy) statusEl.append(el("span", { class: "spinner", "aria-hidden": "true" }));
      statusEl.append(t(status.key, status.vars));
      if (status.busy && status.seconds >= 1) {
        statusEl.append(" ", el("span", { class: "elapsed", "aria-hidden": "true" }, t("elapsed", { s: status.seconds })));
      }
    };
    const draw = () => {
      results.replaceChildren();
      if (view && view.error) results.append(errorBox(view.error));
      else if (view) render(results, view);
      drawStatus();
    };
    rerenders.push(draw);
    const settle = () => {
      clearInterval(timer);
      results.setAttribute("aria-busy", "false");
    };
    return {
      async run(busyKey, request, done) {
        controller?.abort();
        const mine = (controller = new AbortController());
        clearInterval(timer);
        const started = Date.now();
        status = { key: busyKey, busy: true, seconds: 0 };
        results.setAttribute("aria-busy", "true");
        drawStatus();
        timer = setInterval(() => { status.seconds = Math.floor((Date.now() - started) / 1000); drawStatus(); }, 1000);
        try {
          const data = await request(mine.signal);
          if (mine !== controller) return;
          const shown = done(data);
          view = shown.view;
          status = shown.status;
        } catch (err) {
          if (err.name === "AbortError" || mine !== controller) return;
          view = { error: err.info ?? { kind: "network" } };
          status = null;
        }
        settle();
        draw();
      },
      say(key, vars) { // a plain status line, e.g. after an action on one result
        if (status?.busy) return;
        status = { key, vars };
        drawStatus();
      },
      fail(info) {
        controller?.abort();
        controller = null;
        settle();
        view = { error: info };
        status = null;
        draw();
      },
    };
  }

  // --- match cards ----------------------------------------------------------------------------
  function highlight(text, terms) {
    const frag = document.createDocumentFragment();
    const words = [...new Set((terms || []).filter((w) => w && w.length >= 3))].sort((a, b) => b.length - a.length);
    if (!words.length) { frag.append(text); return frag; }
    const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escapeRe).join("|")})`, "giu");
    let last = 0;
    for (const m of text.matchAll(re)) {
      frag.append(text.slice(last, m.index), el("mark", {}, m[0]));
      last = m.index + m[0].length;
    }
    frag.append(text.slice(last));
    return frag;
  }

  function sourceLabel(source) {
    const [kind, ...rest] = source.split(": ");
    const key = "source_" + kind;
    const name = DICT[lang][key] ? t(key) : kind;
    return rest.length ? `${name}: ${rest.join(": ")}` : name;
  }

  // Scores compare within one answer (they are not probabilities): the best fills the bar.
  function scoreBar(score, best) {
    const fill = el("span", { class: "fill" });
    fill.style.width = `${Math.round(Math.max(0, Math.min(1, score / best)) * 100)}%`;
    return el("div", { class: "score" },
      el("span", { class: "score-label", i18n: "score" }),
      el("span", {
        class: "bar", role: "meter", "aria-valuemin": "0", "aria-valuemax": best.toFixed(3),
        "aria-valuenow": score.toFixed(3), "aria-valuetext": fmt(score), "aria-label": t("score"),
      }, fill),
      el("span", { class: "score-value" }, fmt(score)));
  }

  function matchCard(m, project, best) {
    const e = m.explanation;
    const badge = project
      ? el("span", { class: "badge", i18n: m.label === "case to learn from" ? "label_case" : "label_pooling" })
      : el("span", { class: `badge role-${m.role}` }, roleLabel(m.role));
    return el("li", { class: "card result", "data-id": m.id },
      el("div", { class: "result-head" },
        el("div", {},
          el("h2", { class: "name" }, m.name),
          el("p", { class: "org" }, project ? `${t("role_buyer")}: ${m.organisation}` : m.organisation)),
        badge),
      scoreBar(m.score, best),
      el("div", { class: "reason" },
        el("p", { class: "why" }, el("strong", { i18n: "why" }), " — ", el("span", { class: "source" }, `${t("source")}: ${sourceLabel(e.best_source)}`)),
        el("blockquote", { class: "passage" }, highlight(e.best_passage, e.matched_terms)),
        e.matched_terms.length
          ? el("ul", { class: "terms", "aria-label": t("matched_terms") }, e.matched_terms.map((w) => el("li", {}, w)))
          : null));
  }

  function renderMatches(project, emptyKey) {
    return (root, view) => {
      if (view.profile) root.append(profileSummary(view.profile));
      if (!view.data.length) root.append(emptyBox(emptyKey));
      else {
        const best = Math.max(...view.data.map((m) => m.score), 1e-9);
        root.append(el("ol", { class: "cards" }, view.data.map((m) => {
          const card = matchCard(m, project, best);
          cardHooks.forEach((hook) => hook(card, m, view));
          return card;
        })));
      }
    };
  }

  // --- language ---------------------------------------------------------------------------------
  function applyLanguage(next, remember) {
    lang = next;
    document.documentElement.lang = lang;
    $$("[data-i18n]").forEach((n) => (n.textContent = t(n.dataset.i18n)));
    $$("[data-i18n-placeholder]").forEach((n) => (n.placeholder = t(n.dataset.i18nPlaceholder)));
    $$("[data-i18n-aria-label]").forEach((n) => n.setAttribute("aria-label", t(n.dataset.i18nAriaLabel)));
    $$("button.lang").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.lang === lang)));
    if (remember) {
      document.cookie = `${COOKIE}=${lang}; path=/; max-age=31536000; SameSite=Lax`;
      try { localStorage.setItem(COOKIE, lang); } catch { /* private mode: the cookie remembers */ }
    }
    rerenders.forEach((f) => f());
  }

  // --- tabs -----------------------------------------------------------------------------------
  const onTab = {};
  let currentTab = "buyer";
  function initTabs() {
    const tabs = $$('[role="tab"]');
    const select = (tab, focus) => {
      for (const other of tabs) {
        const on = other === tab;
        other.setAttribute("aria-selected", String(on));
        other.tabIndex = on ? 0 : -1;
        document.getElementById(other.getAttribute("aria-controls")).hidden = !on;
      }
      if (focus) tab.focus();
      const name = tab.id.slice(4);
      currentTab = name;
      history.replaceState(null, "", `#${name}`);
      onTab[name]?.();
    };
    tabs.forEach((tab, i) => {
      tab.addEventListener("click", () => select(tab, false));
      tab.addEventListener("keydown", (e) => {
        const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
        if (to === undefined) return;
        e.preventDefault();
        select(tabs[(to + tabs.length) % tabs.length], true);
      });
    });
    select(tabs.find((tab) => `#${tab.id.slice(4)}` === location.hash) ?? tabs[0], false);
  }

  // --- buyer: ask a question ------------------------------------------------------------------
  function initBuyer() {
    const form = $("#ask-form"), q = $("#question"), count = $("#question-count");
    const area = panel("#ask-status", "#ask-results", renderMatches(false, "empty_text"));
    const updateCount = () => {
      const n = q.value.length;
      const over = n > MAX_TEXT;
      count.textContent = over ? t("question_too_long", { n: fmt(n, 0), max: fmt(MAX_TEXT, 0) })
        : t("chars", { n: fmt(n, 0), max: fmt(MAX_TEXT, 0) });
      count.classList.toggle("over", over);
    };
    q.addEventListener("input", updateCount);
    rerenders.push(updateCount);
    updateCount();
    q.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
    });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (!q.value.trim()) { area.fail({ kind: "client", key: "question_empty" }); q.focus(); return; }
      const body = { text: q.value, top_k: 10 };
      for (const key of ["role", "region", "language"]) {
        const value = $(`#f-${key}`).value;
        if (value) body[key] = value;
      }
      area.run("searching", (signal) => api("/match", { method: "POST", body, signal }), (res) => ({
        view: { data: res.data, to: "profile", question: body.text, area },
        status: res.data.length ? { key: res.data.length === 1 ? "results_one" : "results_many", vars: { n: res.data.length } } : null,
      }));
    });
  }

  // --- facilitator or supplier: suggestions ---------------------------------------------------
  function profileSummary(p) {
    return el("div", { class: "card profile" },
      el("p", { class: "name" }, el("strong", {}, p.name), ` — ${p.organisation}`),
      el("p", { class: "meta" }, [roleLabel(p.role), p.region, p.language && DICT[lang]["lang_" + p.language] ? t("lang_" + p.language) : p.language].filter(Boolean).join(" · ")),
      p.tags.length ? el("ul", { class: "terms" }, p.tags.map((w) => el("li", {}, w))) : null);
  }

  function initProvider() {
    const form = $("#profile-form"), search = $("#profile-search"), select = $("#profile-select"), shown = $("#profile-shown");
    const area = panel("#suggest-status", "#suggest-results", renderMatches(true, "suggestions_empty"));
    let profiles = null, debounce = null;
    const fill = () => {
      if (!profiles) return;
      const words = fold(search.value).split(/\s+/).filter(Boolean);
      const keep = profiles.filter((p) => words.every((w) => fold(`${p.name} ${p.organisation} ${p.id} ${p.region || ""}`).includes(w)));
      const chosen = select.value;
      select.replaceChildren(...keep.map((p) => el("option", { value: p.id, selected: p.id === chosen }, `${p.name} — ${p.organisation} (${roleLabel(p.role)})`)));
      shown.textContent = keep.length ? t("profiles_shown", { n: keep.length, total: profiles.length }) : t("no_profiles");
    };
    rerenders.push(fill);
    onTab.provider = async () => {
      if (profiles) return;
      shown.textContent = t("loading");
      try { profiles = await load("profiles"); fill(); } catch (err) { area.fail(err.info ?? { kind: "network" }); shown.textContent = ""; return; }
      if (!apiKey) return; // a member's key: its organisation's first profile is chosen already
      me().then((m) => {
        const own = m.organisation && profiles.find((p) => sameOrg(p.organisation, m.organisation));
        if (own && !select.value) { select.value = own.id; }
      }).catch(() => { /* the list stays as it is */ });
    };
    search.addEventListener("input", fill);
    onKey.push(() => { if (!profiles && currentTab === "provider") onTab.provider(); });
    const suggest = () => {
      const profile = profiles?.find((p) => p.id === select.value);
      if (!profile) { area.fail({ kind: "client", key: "pick_profile" }); return; }
      area.run("loading_suggestions",
        (signal) => api(`/profiles/${encodeURIComponent(profile.id)}/suggestions?top_k=10`, { signal }),
        (res) => ({
          view: { data: res.data, to: "project", profile, area },
          status: res.data.length ? { key: "suggestions_count", vars: { n: res.data.length, name: profile.name } } : null,
        }));
    };
    select.addEventListener("change", () => { clearTimeout(debounce); debounce = setTimeout(suggest, 250); });
    form.addEventListener("submit", (e) => { e.preventDefault(); clearTimeout(debounce); suggest(); });
  }

  // --- organiser: participant pickers ---------------------------------------------------------
  async function pickerItems(kinds) {
    const groups = [];
    if (kinds.includes("profiles") || kinds.includes("facilitators")) {
      const all = await load("profiles");
      const items = kinds.includes("facilitators") ? all.filter((p) => p.role === "facilitator") : all;
      groups.push({ key: kinds.includes("facilitators") ? "facilitators_field" : "group_profiles", items: items.map((p) => ({ id: p.id, name: p.name, org: p.organisation, role: p.role })) });
    }
    if (kinds.includes("projects")) {
      const all = await load("projects");
      groups.push({ key: "group_projects", items: all.map((p) => ({ id: p.id, name: projectName(p), org: p.buyer, role: "buyer" })) });
    }
    return groups;
  }

  function initPicker(fieldset) {
    const list = $(".checklist", fieldset);
    const kinds = fieldset.dataset.kinds.split(" ");
    let built = false, counter = null;
    const checked = () => $$("input[type=checkbox]:checked", list).map((c) => c.value);
    const recount = () => counter && (counter.textContent = t("selected_count", { n: checked().length }));
    rerenders.push(recount);
    const build = async () => {
      built = true;
      list.replaceChildren(el("p", { class: "hint", i18n: "loading" }));
      let groups;
      try {
        groups = await pickerItems(kinds);
      } catch (err) {
        built = false;
        list.replaceChildren(errorBox(err.info ?? { kind: "network" }));
        return;
      }
      const uid = fieldset.closest("form").id + "-" + kinds.join("-");
      const filter = el("input", { type: "search", id: `${uid}-filter`, autocomplete: "off" });
      counter = el("p", { class: "hint", "aria-live": "polite" });
      const boxes = groups.map((g) => el("fieldset", { class: "group" }, el("legend", { i18n: g.key }),
        el("ul", {}, g.items.map((it) => el("li", { "data-text": fold(`${it.name} ${it.org} ${it.id}`) },
          el("label", {}, el("input", { type: "checkbox", value: it.id }), ` ${it.name} — ${it.org} `,
            el("span", { class: `badge role-${it.role}`, i18n: `role_${it.role}` })))))));
      const setAll = (on) => {
        $$("li", list).filter((li) => !li.hidden).forEach((li) => ($("input", li).checked = on));
        recount();
      };
      list.replaceChildren(
        el("div", { class: "row" },
          el("div", { class: "field" }, el("label", { for: `${uid}-filter`, i18n: "filter_list" }), filter),
          el("button", { type: "button", class: "secondary", i18n: "select_all" }),
          el("button", { type: "button", class: "secondary", i18n: "select_none" }), counter),
        ...boxes);
      const [all, none] = $$("button", list);
      all.addEventListener("click", () => setAll(true));
      none.addEventListener("click", () => setAll(false));
      filter.addEventListener("input", () => {
        const words = fold(filter.value).split(/\s+/).filter(Boolean);
        $$("li[data-text]", list).forEach((li) => (li.hidden = !words.every((w) => li.dataset.text.includes(w))));
      });
      list.addEventListener("change", recount);
      recount();
    };
    const picking = () => $("input[type=radio][value=pick]", fieldset).checked;
    onKey.push(() => { if (!built && picking()) build(); });
    $$("input[type=radio]", fieldset).forEach((radio) => radio.addEventListener("change", () => {
      const pick = radio.value === "pick" && radio.checked;
      list.hidden = !pick;
      if (pick && !built) build();
    }));
    // null = everyone; otherwise the ticked ids
    return () => (picking() ? checked() : null);
  }

  // --- organiser: tables ----------------------------------------------------------------------
  function csvCell(value) {
    let s = String(value ?? "");
    if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`; // never a formula in a spreadsheet
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }

  function tablesCsv(tables) {
    const rows = [t("csv_header")];
    for (const table of tables) {
      for (const m of table.members) {
        rows.push([table.table, table.theme.join(" / "), table.cohesion == null ? "" : table.cohesion.toFixed(3), m.id, m.name, m.organisation, roleLabel(m.role)].map(csvCell).join(","));
      }
    }
    return rows.join("\r\n") + "\r\n";
  }

  function download(text, name) {
    const url = URL.createObjectURL(new Blob(["\ufeff" + text], { type: "text/csv;charset=utf-8" }));
    const link = el("a", { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 5000);
  }

  function renderTables(root, view) {
    const { tables, report } = view;
    const csv = el("button", { type: "button", class: "secondary", id: "download-csv", i18n: "download_csv" });
    csv.addEventListener("click", () => download(tablesCsv(tables), t("csv_file")));
    const print = el("button", { type: "button", class: "secondary", i18n: "print" });
    print.addEventListener("click", () => window.print());
    root.append(
      el("div", { class: "card summary" },
        el("p", {}, t("similarity", { a: fmt(report.mean_similarity), b: fmt(report.baseline_similarity) })),
        report.violations.length
          ? el("div", { class: "notice warn" }, el("p", { i18n: "violations" }), el("ul", {}, report.violations.map((v) => el("li", {}, v))))
          : el("p", { i18n: "no_violations" }),
        el("div", { class: "actions" }, csv, print)),
      el("ol", { class: "tables" }, tables.map((table) => el("li", { class: "card table-card", "data-table": table.table },
        el("h3", {}, t("table", { n: table.table })),
        el("p", { class: "theme" }, el("span", { class: "label" }, `${t("theme")}: `), table.theme.join(", ") || "—"),
        el("p", { class: "meta" }, `${t("cohesion")}: ${table.cohesion == null ? "—" : fmt(table.cohesion)}`),
        el("ul", { class: "members" }, table.members.map((m) => el("li", { "data-id": m.id },
          el("span", { class: "member-name" }, m.name), el("span", { class: "org" }, ` — ${m.organisation} `),
          el("span", { class: `badge role-${m.role}` }, roleLabel(m.role)))))))));
  }

  function initGroups() {
    const form = $("#groups-form");
    const participants = initPicker($(".picker", form));
    const area = panel("#groups-status", "#groups-results", renderTables);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const sizeMin = Number($("#g-min").value), sizeMax = Number($("#g-max").value);
      if (!Number.isInteger(sizeMin) || !Number.isInteger(sizeMax) || sizeMin < 2 || sizeMin > sizeMax) {
        area.fail({ kind: "client", key: "size_invalid" });
        return;
      }
      const ids = participants();
      if (ids && !ids.length) { area.fail({ kind: "client", key: "pick_some" }); return; }
      const body = {
        participants: ids, size_min: sizeMin, size_max: sizeMax, mode: $("#g-mode").value,
        separate_organisations: $("#g-separate").checked, seed: Number($("#g-seed").value) || 0,
      };
      area.run("seating", (signal) => api("/groups", { method: "POST", body, signal }), (res) => ({
        view: res,
        status: { key: "tables_count", vars: { n: res.tables.length, m: res.tables.reduce((n, table) => n + table.members.length, 0) } },
      }));
    });
  }

  // --- organiser: assignment ------------------------------------------------------------------
  function personList(people, cls) {
    if (!people.length) return el("span", { class: "muted", i18n: "none" });
    return el("ul", { class: cls }, people.map((f) => el("li", { "data-id": f.id },
      el("span", { class: "member-name" }, f.name), ` — ${f.organisation} `,
      el("span", { class: "affinity" }, `(${t("affinity")} ${fmt(f.affinity, 3)})`))));
  }

  function renderAssignment(root, res) {
    root.append(
      el("p", { class: "card summary" }, t("assign_summary", { n: res.data.length, total: fmt(res.total), minimum: fmt(res.minimum, 3), gap: fmt(res.gap, 3) })),
      el("div", { class: "table-wrap" }, el("table", { class: "assignment" },
        el("thead", {}, el("tr", {}, ["col_project", "col_facilitators", "col_alternates"].map((k) => el("th", { scope: "col", i18n: k })))),
        el("tbody", {}, res.data.map((row) => el("tr", { "data-id": row.project.id },
          el("th", { scope: "row" }, el("span", { class: "member-name" }, row.project.name), el("br"), el("span", { class: "org" }, row.project.organisation)),
          el("td", {}, personList(row.facilitators, "facilitators")),
          el("td", {}, personList(row.alternates, "alternates"))))))));
  }

  function initAssign() {
    const form = $("#assign-form");
    const [projectsPicker, facilitatorsPicker] = $$(".picker", form).map(initPicker);
    const area = panel("#assign-status", "#assign-results", renderAssignment);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const projects = projectsPicker(), facilitators = facilitatorsPicker();
      if (projects && !projects.length) { area.fail({ kind: "client", key: "pick_project" }); return; }
      if (facilitators && !facilitators.length) { area.fail({ kind: "client", key: "pick_facilitator" }); return; }
      const perProject = Number($("#a-per").value);
      const body = { projects, facilitators, per_project: Number.isInteger(perProject) && perProject > 0 ? perProject : 1, objective: $("#a-objective").value };
      area.run("assigning", (signal) => api("/assignments", { method: "POST", body, signal }), (res) => ({
        view: res, status: { key: "assigned_count", vars: { n: res.data.length } },
      }));
    });
  }

  // --- access with an API key (only when the server asks for one) ------------------------------
  function initAccess() {
    const form = $("#key-form"), input = $("#api-key"), status = $("#key-status");
    const show = () => (status.textContent = t(apiKey ? "key_in_use" : "key_none"));
    const use = (key) => {
      apiKey = key;
      try {
        if (key) sessionStorage.setItem(KEY_STORE, key);
        else sessionStorage.removeItem(KEY_STORE);
      } catch { /* no storage: kept for this page only */ }
      for (const kind of Object.keys(cache)) delete cache[kind];
      who = null;
      input.value = "";
      show();
      showWho();
      onKey.forEach((f) => f());
    };
    const whoLine = $("#key-who");
    const showWho = () => {
      whoLine.textContent = "";
      if (!apiKey) return;
      const asked = apiKey;
      me().then((m) => {
        if (asked !== apiKey) return; // the key changed meanwhile
        const role = KEY_ROLES.includes(m.role) ? t(`access_role_${m.role}`) : m.role;
        whoLine.textContent = m.organisation ? t("key_who", { name: m.name, role, organisation: m.organisation })
          : t("key_who_plain", { name: m.name, role });
      }).catch(() => { /* the views say why a key fails */ });
    };
    rerenders.push(show, showWho);
    show();
    showWho();
    form.addEventListener("submit", (e) => { e.preventDefault(); use(input.value.trim()); });
    $("#key-clear").addEventListener("click", () => use(""));
  }

  // --- shared with kringmatch-contact.js and kringmatch-projects.js ---------------------------
  window.Kringmatch = {
    DICT, t, el, $, $$, api, fetchAll, load, cache, me, fmt, fold, sameOrg, panel, errorBox, emptyBox,
    roleLabel, projectName, rerenders, onKey, onTab, cardHooks,
    lang: () => lang,
    locale: () => LOCALES[lang] ?? "nl-BE",
    showTab: (name) => document.getElementById(`tab-${name}`)?.click(),
    currentTab: () => currentTab,
  };

  // --- start (after every script of the page has registered its views) ------------------------
  document.addEventListener("DOMContentLoaded", start);
  function start() {
    $$("button.lang").forEach((b) => b.addEventListener("click", () => applyLanguage(b.dataset.lang, true)));
    initBuyer();
    initProvider();
    initGroups();
    initAssign();
    initAccess();
    onTab.organiser = () => { load("profiles").catch(() => {}); load("projects").catch(() => {}); };
    initTabs();
    // An explicit ?lang= wins and is remembered; otherwise the remembered choice, if the cookie was lost.
    let stored = new URLSearchParams(location.search).get("lang");
    try { stored ||= localStorage.getItem(COOKIE); } catch { /* no storage: keep the page's language */ }
    if (stored && DICT[stored]) applyLanguage(stored, true);
  }
})();
