// Kringmatch web page, introductions and feedback (docs/introductions.md): on every result a request
// for an introduction and "not relevant"; the inbox of the caller's organisation, received and sent,
// with accept or decline. Uses the helpers kringmatch.js shares as window.Kringmatch.
"use strict";

(() => {
  const K = window.Kringmatch;
  const { t, el, $, api, errorBox } = K;
  let seq = 0; // unique ids for the labels of boxes drawn on the fly

  const failure = (err) => errorBox(err.info ?? { kind: "network" });

  // --- who may send: the caller's organisation's projects and profiles ------------------------
  async function senders() {
    const who = await K.me();
    if (who.role !== "admin" && !who.organisation) return { projects: [], profiles: [] }; // organisers do not send
    const ours = (organisation) => (who.organisation ? K.sameOrg(organisation, who.organisation) : true);
    const [projects, profiles] = await Promise.all([K.load("allProjects"), K.load("profiles")]);
    return {
      projects: projects.filter((p) => p.status === "open" && ours(p.buyer)),
      profiles: profiles.filter((p) => ours(p.organisation)),
    };
  }

  function senderSelect(id, mine, view) {
    const projects = mine.projects.length ? el("optgroup", { label: t("intro_group_projects") },
      mine.projects.map((p) => el("option", { value: `project:${p.id}` }, K.projectName(p)))) : null;
    const profiles = mine.profiles.length ? el("optgroup", { label: t("intro_group_profiles") },
      mine.profiles.map((p) => el("option", { value: `profile:${p.id}`, selected: view.profile?.id === p.id }, p.name))) : null;
    // A buyer's question speaks for a project first; a supplier answers a project from a profile.
    return el("select", { id, name: "from" }, view.to === "profile" ? [projects, profiles] : [profiles, projects]);
  }

  // --- "request an introduction": a message box inside the result card ------------------------
  // The box's draft lives in the view, so a redraw (a language switch) gives it back as it was.
  function openIntroBox(card, m, view, opener, restoring = false) {
    view.drafts ??= {};
    const existing = $(".intro-box", card);
    if (existing) {
      existing.remove();
      delete view.drafts[m.id];
      opener.setAttribute("aria-expanded", "false");
      opener.focus();
      return;
    }
    const draft = (view.drafts[m.id] ??= { from: null, message: "", sent: false });
    const uid = `intro-${++seq}`;
    const status = el("div", { class: "intro-status", role: "status", "aria-live": "polite" });
    const box = el("form", { class: "intro-box", novalidate: true, id: uid, "aria-label": t("intro_box_label", { name: m.name }) },
      el("p", { class: "hint", i18n: "loading" }), status);
    opener.setAttribute("aria-expanded", "true");
    opener.setAttribute("aria-controls", uid);
    card.append(box);
    senders().then((mine) => {
      box.firstChild.remove();
      if (!mine.projects.length && !mine.profiles.length) {
        box.prepend(el("p", { class: "notice warn", i18n: "intro_no_from" }));
        return;
      }
      const select = senderSelect(`${uid}-from`, mine, view);
      const message = el("textarea", { id: `${uid}-message`, rows: 3, placeholder: t("intro_message_placeholder") });
      const send = el("button", { type: "submit", class: "primary intro-send", i18n: "intro_send" });
      const cancel = el("button", { type: "button", class: "secondary", i18n: "cancel" });
      const fields = el("div", { class: "intro-fields" },
        el("label", { for: select.id, i18n: "intro_from" }), select,
        el("label", { for: message.id, i18n: "intro_message" }), message,
        el("div", { class: "actions" }, send, cancel));
      box.prepend(fields);
      if (draft.from && [...select.options].some((o) => o.value === draft.from)) select.value = draft.from;
      message.value = draft.message;
      select.addEventListener("change", () => (draft.from = select.value));
      message.addEventListener("input", () => (draft.message = message.value));
      const done = () => {
        fields.hidden = true;
        status.replaceChildren(el("p", { class: "notice ok" }, t("intro_sent", { name: m.name })));
      };
      if (draft.sent) done();
      else if (!restoring) message.focus();
      cancel.addEventListener("click", () => openIntroBox(card, m, view, opener));
      box.addEventListener("submit", async (e) => {
        e.preventDefault();
        if (!message.value.trim()) {
          status.replaceChildren(errorBox({ kind: "client", key: "intro_empty_message" }));
          message.focus();
          return;
        }
        const [kind, ...rest] = select.value.split(":");
        send.disabled = true;
        status.replaceChildren(t("sending"));
        try {
          await api("/introductions", {
            method: "POST",
            body: { from: { kind, id: rest.join(":") }, to: { kind: view.to, id: m.id }, message: message.value.trim() },
          });
          draft.sent = true;
          done();
        } catch (err) {
          send.disabled = false;
          status.replaceChildren(failure(err));
        }
      });
    }).catch((err) => box.replaceChildren(failure(err)));
  }

  // --- "not relevant": feedback for this question (or profile), and the result goes ----------
  async function markNotRelevant(card, m, view, button) {
    button.disabled = true;
    const scope = view.to === "profile" ? { text: view.question } : { profile: view.profile.id };
    try {
      await api("/feedback", {
        method: "POST", body: { ...scope, item: { kind: view.to, id: m.id }, verdict: "not_relevant" },
      });
      view.data = view.data.filter((x) => x.id !== m.id); // a redraw (language switch) keeps it gone
      const next = card.nextElementSibling ?? card.previousElementSibling;
      card.remove();
      $(".not-relevant", next ?? document)?.focus(); // keyboard users stay in the list
      view.area.say("hidden_one", { name: m.name });
    } catch (err) {
      button.disabled = false;
      $(".result-error", card)?.remove();
      card.append(el("div", { class: "result-error" }, failure(err)));
    }
  }

  K.cardHooks.push((card, m, view) => {
    if (!view.to) return;
    const ask = el("button", { type: "button", class: "secondary intro-open", "aria-expanded": "false", i18n: "intro_request" });
    const hide = el("button", { type: "button", class: "secondary not-relevant", i18n: "not_relevant" });
    const name = $(".name", card); // the buttons' description: which result they are about
    if (name) {
      name.id ||= `result-${++seq}`;
      ask.setAttribute("aria-describedby", name.id);
      hide.setAttribute("aria-describedby", name.id);
    }
    ask.addEventListener("click", () => openIntroBox(card, m, view, ask));
    hide.addEventListener("click", () => markNotRelevant(card, m, view, hide));
    card.append(el("div", { class: "actions result-actions" }, ask, hide));
    // Results are shown, so the key works: no introduction to one's own organisation.
    K.me().then((w) => { ask.hidden = Boolean(w.organisation) && K.sameOrg(m.organisation, w.organisation); })
      .catch(() => { /* the button stays; the API would say why */ });
    if (view.drafts?.[m.id]) openIntroBox(card, m, view, ask, true);
  });

  // --- the inbox ----------------------------------------------------------------------------
  const when = (iso) => (iso
    ? new Intl.DateTimeFormat(K.locale(), { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso))
    : "");
  const side = (s) => t("intro_side", { name: s.name, kind: t(`kind_${s.kind}`), organisation: s.organisation });

  function answerForm(intro, view) {
    const id = `reply-${++seq}`;
    const reply = el("textarea", { id, rows: 2 });
    const accept = el("button", { type: "button", class: "primary intro-accept", i18n: "intro_accept" });
    const decline = el("button", { type: "button", class: "secondary intro-decline", i18n: "intro_decline" });
    const status = el("div", { class: "intro-status", role: "status", "aria-live": "polite" });
    const answer = async (verb) => {
      accept.disabled = decline.disabled = true;
      status.replaceChildren(t("sending"));
      try {
        const text = reply.value.trim();
        await api(`/introductions/${encodeURIComponent(intro.id)}/${verb}`, { method: "POST", body: text ? { reply: text } : {} });
        await view.refresh();
        view.area.say(verb === "accept" ? "intro_accepted_done" : "intro_declined_done");
        document.querySelector(`li.intro[data-id="${CSS.escape(intro.id)}"]`)?.focus(); // where it went
      } catch (err) {
        accept.disabled = decline.disabled = false;
        status.replaceChildren(failure(err));
      }
    };
    accept.addEventListener("click", () => answer("accept"));
    decline.addEventListener("click", () => answer("decline"));
    return el("div", { class: "answer" },
      el("label", { for: id, i18n: "intro_reply_label" }), reply,
      el("div", { class: "actions" }, accept, decline), status);
  }

  function contactLine(party) {
    return el("p", { class: "contact" }, party.contact
      ? t("intro_contact", { name: party.name, contact: party.contact })
      : t("intro_no_contact", { name: party.name }));
  }

  // box: "in" or "out" (the caller's organisation; the contact shown is the other side's), or
  // "all" (admins and organisers: both sides' contacts; admins may answer any request).
  function introCard(intro, box, view) {
    const others = { in: [intro.from], out: [intro.to], all: [intro.from, intro.to] }[box];
    const li = el("li", { class: "card intro", tabindex: "-1", "data-id": intro.id, "data-status": intro.status },
      el("p", { class: "intro-title" }, t("intro_from_to", { from: side(intro.from), to: side(intro.to) })),
      el("p", { class: "meta" }, [t("intro_asked", { date: when(intro.created_at) }),
        intro.answered_at ? t("intro_answered", { date: when(intro.answered_at) }) : null].filter(Boolean).join(" · ")),
      intro.message ? el("blockquote", { class: "message" }, intro.message) : null,
      intro.reply ? el("p", { class: "reply" }, el("strong", {}, `${t("intro_reply")}: `), intro.reply) : null,
      intro.status === "accepted" ? others.map(contactLine) : null);
    if (intro.status === "pending" && (box === "in" || (box === "all" && view.admin))) li.append(answerForm(intro, view));
    return li;
  }

  function renderInbox(root, view) {
    const boxes = view.all ? [["all", "inbox_all", view.all]]
      : [["in", "inbox_received", view.received], ["out", "inbox_sent", view.sent]];
    for (const [box, key, items] of boxes) {
      const section = el("section", { class: "inbox-box", "data-box": box, "aria-labelledby": `inbox-${box}` },
        el("h2", { id: `inbox-${box}`, i18n: key }));
      for (const status of ["pending", "accepted", "declined"]) {
        const group = items.filter((i) => i.status === status);
        section.append(el("div", { class: "inbox-group", "data-status": status },
          el("h3", {}, `${t(`status_${status}`)} (${group.length})`),
          group.length ? el("ul", { class: "cards" }, group.map((i) => introCard(i, box, view))) : el("p", { class: "muted", i18n: "inbox_none" })));
      }
      root.append(section);
    }
  }

  function initInbox() {
    const area = K.panel("#inbox-status", "#inbox-results", renderInbox);
    const refresh = () => area.run("loading", async (signal) => {
      const who = await K.me();
      if (!who.organisation) { // admins and organisers see the network's; anyone else needs a key
        if (who.role !== "admin" && who.role !== "organiser") return { needsKey: true };
        return { all: (await api("/introductions?box=all", { signal })).data, admin: who.role === "admin" };
      }
      const [received, sent] = await Promise.all(["in", "out"].map((box) => api(`/introductions?box=${box}`, { signal })));
      return { received: received.data, sent: sent.data };
    }, (res) => {
      if (res.needsKey) return { view: { error: { kind: "client", key: "inbox_needs_key" } }, status: null };
      const status = res.all ? { key: "inbox_count_all", vars: { n: res.all.length } }
        : { key: "inbox_counts", vars: { received: res.received.length, sent: res.sent.length } };
      return { view: { ...res, area, refresh }, status };
    });
    K.onTab.inbox = refresh;
    K.onKey.push(() => { if (K.currentTab() === "inbox") refresh(); });
    $("#inbox-refresh").addEventListener("click", refresh);
  }

  initInbox();
})();
