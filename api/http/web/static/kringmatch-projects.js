// Kringmatch web page, "our projects": a buyer organisation's own projects (docs/introductions.md,
// "Buyers' own projects, and cases"): list, create, edit, close, publish as a case for the network.
// Uses the helpers kringmatch.js shares as window.Kringmatch.
"use strict";

(() => {
  const K = window.Kringmatch;
  const { t, el, $, api, errorBox } = K;
  // The fields of a project the API takes back on PUT (the rest, like the id, it sets itself).
  const FIELDS = ["buyer", "title", "text", "language", "region", "tags", "status", "outcome", "year", "contact", "visibility"];

  const failure = (err) => errorBox(err.info ?? { kind: "network" });
  const writable = (p) => Object.fromEntries(FIELDS.filter((key) => key in p).map((key) => [key, p[key]]));
  const stateOf = (p) => (p.status === "open" ? "open" : p.visibility === "network" ? "case" : "closed");
  const forget = () => { delete K.cache.projects; delete K.cache.allProjects; };

  function replace(p, changes) {
    forget();
    return api(`/projects/${encodeURIComponent(p.id)}`, { method: "PUT", body: { ...writable(p), ...changes } });
  }

  function projectCard(p, view) {
    const state = stateOf(p);
    const language = p.language && K.DICT[K.lang()][`lang_${p.language}`] ? t(`lang_${p.language}`) : p.language;
    const button = (key, cls, action) => {
      const b = el("button", { type: "button", class: `secondary ${cls}`, i18n: key });
      b.addEventListener("click", () => action(p, b));
      return b;
    };
    return el("li", { class: "card own-project", tabindex: "-1", "data-id": p.id, "data-state": state },
      el("div", { class: "result-head" },
        el("h2", { class: "name" }, K.projectName(p)),
        el("span", { class: `state state-${state}`, i18n: `project_status_${state}` })),
      el("p", { class: "meta" }, [p.region, language, p.year].filter(Boolean).join(" · ")),
      el("p", { class: "text" }, p.text),
      p.contact ? el("p", { class: "meta" }, `${t("project_contact")}: ${p.contact}`) : null,
      el("div", { class: "actions" },
        button("project_edit", "project-edit", view.edit),
        state === "open" ? button("project_close", "project-close", view.close) : null,
        state !== "case" ? button("project_publish", "project-publish", view.publish) : null));
  }

  function renderProjects(root, view) {
    if (!view.projects.length) root.append(K.emptyBox("projects_empty"));
    else root.append(el("ul", { class: "cards own-projects" }, view.projects.map((p) => projectCard(p, view))));
  }

  function initProjects() {
    const area = K.panel("#projects-status", "#projects-results", renderProjects);
    const form = $("#project-form"), heading = $("#project-form-heading"), submit = $("#project-submit");
    const cancel = $("#project-cancel"), formStatus = $("#project-form-status");
    const input = (name) => $(`#pj-${name}`);
    let organisation = null, editing = null; // editing: the project in the form, or null for a new one

    const drawForm = () => {
      heading.textContent = editing ? t("project_editing", { name: K.projectName(editing) }) : t("project_new");
      submit.textContent = t(editing ? "project_save" : "project_create");
      cancel.hidden = !editing;
    };
    const fill = (p) => {
      editing = p;
      for (const name of ["title", "text", "region", "language", "year", "contact", "outcome"]) input(name).value = p?.[name] ?? "";
      input("tags").value = (p?.tags ?? []).join(", ");
      formStatus.replaceChildren();
      drawForm();
    };
    const values = () => {
      const text = (name) => input(name).value.trim() || null;
      const year = input("year").value.trim();
      const out = {
        buyer: editing?.buyer ?? organisation, title: text("title"), text: input("text").value.trim(),
        region: text("region"), language: input("language").value || null, outcome: text("outcome"),
        tags: input("tags").value.split(",").map((w) => w.trim()).filter(Boolean), year: year ? Number(year) : null,
      };
      if (text("contact") || (editing && "contact" in editing)) out.contact = text("contact");
      return out;
    };

    let refresh = null;
    const act = (request, doneKey) => async (p, button) => {
      button.disabled = true;
      try {
        const saved = await request(p);
        await refresh();
        area.say(doneKey, { name: K.projectName(saved) });
        document.querySelector(`li.own-project[data-id="${CSS.escape(saved.id)}"]`)?.focus();
      } catch (err) {
        button.disabled = false;
        const card = button.closest("li");
        card.querySelector(".result-error")?.remove();
        card.append(el("div", { class: "result-error" }, failure(err)));
      }
    };
    const view = {
      edit: (p) => { fill(p); form.scrollIntoView({ block: "start" }); input("title").focus(); },
      close: act((p) => replace(p, { status: "closed" }), "project_closed_done"),
      publish: act((p) => replace(p, { status: "closed", visibility: "network" }), "project_published_done"),
    };
    refresh = () => area.run("loading", async () => {
      const who = await K.me();
      if (!who.organisation) return { who };
      forget();
      const all = await K.load("allProjects");
      return { who, projects: all.filter((p) => K.sameOrg(p.buyer, who.organisation)) };
    }, (res) => {
      organisation = res.who.organisation;
      form.hidden = !organisation;
      if (!organisation) return { view: { error: { kind: "client", key: "projects_needs_org" } }, status: null };
      return {
        view: { ...view, projects: res.projects },
        status: { key: "projects_of", vars: { n: res.projects.length, organisation } },
      };
    });

    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const body = values();
      if (!body.text) {
        formStatus.replaceChildren(errorBox({ kind: "client", key: "project_text_empty" }));
        input("text").focus();
        return;
      }
      submit.disabled = true;
      try {
        forget();
        const saved = editing
          ? await api(`/projects/${encodeURIComponent(editing.id)}`, { method: "PUT", body: { ...writable(editing), ...body } })
          : await api("/projects", { method: "POST", body });
        fill(null);
        formStatus.textContent = t("project_saved", { name: K.projectName(saved) });
        await refresh();
      } catch (err) {
        formStatus.replaceChildren(failure(err));
      } finally {
        submit.disabled = false;
      }
    });
    cancel.addEventListener("click", () => fill(null));
    K.rerenders.push(drawForm);
    K.onTab.projects = refresh;
    K.onKey.push(() => { if (K.currentTab() === "projects") refresh(); else form.hidden = true; });
  }

  initProjects();
})();
