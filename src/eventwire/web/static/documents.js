// The article list: newest first, or full-text search results.
"use strict";

bindFilters(async (params) => {
  const rows = await getJSON("/api/documents?" + params);
  document.querySelector("#documents tbody").replaceChildren(...rows.map((d) => el("tr", {},
    el("td", { class: "nowrap" }, d.date || "—"),
    el("td", {}, el("a", { href: `/documents/${encodeURIComponent(d.id)}` }, d.title || d.id)),
    el("td", { class: "num" }, d.events),
    el("td", { class: "url" }, d.url || ""))));
  setStatus(rows.length ? `${rows.length} articles` : "No articles match.");
});
