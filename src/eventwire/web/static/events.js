// A filterable, pageable table of events; each row links to the event's provenance page.
"use strict";

const PAGE_SIZE = 50;
let currentParams = new URLSearchParams(), offset = 0;

function eventRow(e) {
  const sentence = el("td", { class: "sentence" }, el("a", { href: `/events/${encodeURIComponent(e.id)}` }, e.sentence || "(no sentence)"));
  return el("tr", {},
    el("td", { class: "nowrap" }, e.date || "—"),
    el("td", { title: e.source ? e.source.id || "" : "" }, actorLabel(e.source)),
    el("td", { class: "nowrap" }, el("span", { class: `verb q${e.quad_class}` }, e.plover || e.cameo), " ", el("small", {}, e.cameo)),
    el("td", { title: e.target ? e.target.id || "" : "" }, actorLabel(e.target)),
    el("td", {}, el("span", { class: `modality ${e.modality}` }, e.modality)),
    el("td", { class: "num" }, e.num_sources || 1),
    sentence);
}

async function loadEvents() {
  const params = new URLSearchParams(currentParams);
  params.set("limit", PAGE_SIZE); params.set("offset", offset);
  const page = await getJSON("/api/events?" + params);
  document.querySelector("#events tbody").replaceChildren(...page.events.map(eventRow));
  const last = Math.min(page.total, offset + page.events.length);
  document.getElementById("page").textContent = page.total ? `${offset + 1}–${last} of ${page.total}` : "no events match";
  document.getElementById("prev").disabled = offset === 0;
  document.getElementById("next").disabled = last >= page.total;
  for (const fmt of ["gdelt", "plover", "csv"]) {
    const exportParams = new URLSearchParams(currentParams); exportParams.set("format", fmt);
    document.getElementById(`export-${fmt}`).href = "/api/export?" + exportParams;
  }
}

document.getElementById("prev").addEventListener("click", () => { offset = Math.max(0, offset - PAGE_SIZE); loadEvents(); });
document.getElementById("next").addEventListener("click", () => { offset += PAGE_SIZE; loadEvents(); });
bindFilters((params) => { currentParams = params; offset = 0; return loadEvents(); });
