// Stacked bars of event counts per period, split by PLOVER type or quad class.
"use strict";

function isoWeekStart(period) {  // "2022-W08" -> the Monday, as a UTC Date
  const [year, week] = period.split("-W").map(Number);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4);
  monday.setUTCDate(jan4.getUTCDate() - ((jan4.getUTCDay() + 6) % 7) + (week - 1) * 7);
  return monday;
}

function isoWeekOf(date) {
  const thursday = new Date(date);
  thursday.setUTCDate(date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7));
  const jan4 = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((thursday - jan4) / 86400000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

function nextPeriod(period, by) {
  if (by === "week") { const d = isoWeekStart(period); d.setUTCDate(d.getUTCDate() + 7); return isoWeekOf(d); }
  if (by === "month") { const [y, m] = period.split("-").map(Number); return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`; }
  const d = new Date(period + "T00:00:00Z"); d.setUTCDate(d.getUTCDate() + 1); return d.toISOString().slice(0, 10);
}

// Every period between the first and the last, when there are few enough to draw; else only those with events.
function periodAxis(present, by) {
  if (!present.length) return [];
  const all = [present[0]];
  while (all[all.length - 1] < present[present.length - 1] && all.length <= 160) all.push(nextPeriod(all[all.length - 1], by));
  return all.length > 160 ? present : all;
}

function drawTimeline(rows, group, by) {
  const chart = document.getElementById("chart"), legend = document.getElementById("legend");
  chart.replaceChildren(); legend.replaceChildren();
  if (!rows.length) { setStatus("No dated events match these filters."); return; }
  const periods = periodAxis([...new Set(rows.map((r) => r.period))].sort(), by);
  const categories = [...new Set(rows.map((r) => r[group]))].sort();
  const totals = new Map(periods.map((p) => [p, 0]));
  rows.forEach((r) => totals.set(r.period, (totals.get(r.period) || 0) + r.count));
  const max = Math.max(...totals.values());
  const width = 1000, height = 360, left = 40, bottom = 60, top = 10;
  const band = (width - left - 10) / periods.length, barWidth = Math.max(1, band * 0.8);
  const y = (v) => (height - bottom) - (v / max) * (height - bottom - top);
  const svg = el("svg:svg", { viewBox: `0 0 ${width} ${height}`, class: "bars", role: "img", "aria-label": "timeline" });
  for (const tick of [0, Math.ceil(max / 2), max]) {
    svg.append(el("svg:line", { x1: left, x2: width - 10, y1: y(tick), y2: y(tick), class: "gridline" }));
    svg.append(el("svg:text", { x: left - 6, y: y(tick) + 4, "text-anchor": "end", class: "axis" }, tick));
  }
  const stacked = new Map(periods.map((p) => [p, 0]));
  const labelEvery = Math.ceil(periods.length / 16);
  periods.forEach((period, i) => {
    const x = left + i * band + (band - barWidth) / 2;
    for (const category of categories) {
      const row = rows.find((r) => r.period === period && r[group] === category);
      if (!row) continue;
      const base = stacked.get(period);
      const rect = el("svg:rect", { x, width: barWidth, y: y(base + row.count), height: y(base) - y(base + row.count),
        fill: categoryColour(group, category) },
        el("svg:title", {}, `${period} · ${group === "quad_class" ? QUAD_NAMES[category] : category}: ${row.count} events, Goldstein ${row.goldstein}`));
      svg.append(rect);
      stacked.set(period, base + row.count);
    }
    if (i % labelEvery === 0) {
      svg.append(el("svg:text", { x: x + barWidth / 2, y: height - bottom + 14, class: "axis", "text-anchor": "end",
        transform: `rotate(-45 ${x + barWidth / 2} ${height - bottom + 14})` }, period));
    }
  });
  chart.append(svg);
  for (const category of categories) {
    const name = group === "quad_class" ? `${category} ${QUAD_NAMES[category] || ""}` : (category || "untyped");
    legend.append(el("span", { class: "item" }, el("span", { class: "swatch", style: `background:${categoryColour(group, category)}` }), name));
  }
  const count = rows.reduce((sum, r) => sum + r.count, 0);
  setStatus(`${count} events in ${rows.length ? new Set(rows.map((r) => r.period)).size : 0} ${by}s with events.`);
}

bindFilters(async (params) => {
  if (!params.has("by")) params.set("by", "week");
  if (!params.has("group")) params.set("group", "plover");
  const rows = await getJSON("/api/timeline?" + params);
  drawTimeline(rows, params.get("group"), params.get("by"));
});
