// The article reader: hovering or clicking a marked trigger or quote shows its record beside the text.
"use strict";

const RECORDS = JSON.parse(document.getElementById("records").textContent);
const detail = document.getElementById("detail");

function eventCard(e) {
  const link = `/events/${encodeURIComponent(e.fused_id || e.id)}`;
  return [
    el("h3", {}, el("span", { class: `verb q${e.quad_class}` }, e.plover || e.cameo), e.mode ? ` · ${e.mode}` : ""),
    el("p", {}, actorLabel(e.source), " → ", actorLabel(e.target)),
    el("p", {}, `CAMEO ${e.cameo} · Goldstein ${e.goldstein} · `, el("span", { class: `modality ${e.modality}` }, e.modality)),
    el("p", {}, `Date ${e.date || "unknown"}${e.date_end ? " – " + e.date_end : ""} (${e.date_basis})`),
    e.location ? el("p", {}, `Place ${e.location.name}`) : null,
    e.said_by ? el("p", {}, `Said by ${actorLabel(e.said_by)}`) : null,
    el("p", {}, el("a", { href: link }, "Provenance →")),
  ];
}

function quoteCard(q) {
  return [
    el("h3", {}, `Quote (${q.kind})`),
    el("p", {}, "Speaker: ", el("b", {}, actorLabel(q.speaker))),
    q.cue ? el("p", {}, `Cue: “${q.cue}”`) : null,
    q.about && q.about.length ? el("p", {}, "About: " + q.about.map(actorLabel).join(", ")) : null,
  ];
}

function show(target) {
  const refs = (target.dataset.refs || "").split(" ").filter((r) => RECORDS[r]);
  if (!refs.length) return;
  // Triggers first: inside a quote, the event is the more specific thing under the pointer.
  refs.sort((a, b) => (a.startsWith("q_") ? 1 : 0) - (b.startsWith("q_") ? 1 : 0));
  detail.replaceChildren(...refs.flatMap((r) => (r.startsWith("q_") ? quoteCard(RECORDS[r]) : eventCard(RECORDS[r]))));
  detail.hidden = false;
  document.querySelectorAll(".active-ref").forEach((n) => n.classList.remove("active-ref"));
  document.querySelectorAll("[data-refs]").forEach((n) => {
    if (n.dataset.refs.split(" ").includes(refs[0])) n.classList.add("active-ref");
  });
}

const text = document.getElementById("text");
text.addEventListener("mouseover", (event) => { const t = event.target.closest("[data-refs]"); if (t) show(t); });
text.addEventListener("click", (event) => { const t = event.target.closest("[data-refs]"); if (t) show(t); });
if (location.hash) {  // arriving from a provenance page: show that event
  const id = decodeURIComponent(location.hash.slice(1));
  const first = [...document.querySelectorAll("[data-refs]")].find((n) => n.dataset.refs.split(" ").includes(id));
  if (first) { show(first); first.scrollIntoView({ block: "center" }); }
}
