// Actors as nodes (area by events), dyads as arrows (width by events, colour by mean Goldstein),
// placed by a small force-directed layout: springs on edges, repulsion between all nodes.
"use strict";

const WIDTH = 1000, HEIGHT = 640;

function layout(nodes, edges, steps = 500) {
  const index = new Map(nodes.map((n, i) => [n.actor, i]));
  nodes.forEach((n, i) => {  // a deterministic start on a circle, so the picture is stable
    const angle = (2 * Math.PI * i) / nodes.length;
    n.x = 300 * Math.cos(angle); n.y = 300 * Math.sin(angle);
  });
  const ideal = 70;  // the preferred edge length before fitting to the canvas
  for (let step = 0; step < steps; step++) {
    const heat = 40 * (1 - step / steps) + 0.5;
    const force = nodes.map((n) => [-0.08 * n.x, -0.08 * n.y]);  // gravity keeps components together
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const dx = nodes[i].x - nodes[j].x || 0.01, dy = nodes[i].y - nodes[j].y || 0.01;
        const dist = Math.max(1, Math.hypot(dx, dy));
        if (dist > 3 * ideal) continue;  // short-range repulsion: gravity packs the components together
        const push = (ideal * ideal) / dist;
        force[i][0] += (dx / dist) * push; force[i][1] += (dy / dist) * push;
        force[j][0] -= (dx / dist) * push; force[j][1] -= (dy / dist) * push;
      }
    }
    for (const e of edges) {
      const a = index.get(e.source), b = index.get(e.target);
      if (a === undefined || b === undefined || a === b) continue;
      const dx = nodes[a].x - nodes[b].x, dy = nodes[a].y - nodes[b].y;
      const dist = Math.max(1, Math.hypot(dx, dy)), pull = (dist * dist) / ideal;
      force[a][0] -= (dx / dist) * pull; force[a][1] -= (dy / dist) * pull;
      force[b][0] += (dx / dist) * pull; force[b][1] += (dy / dist) * pull;
    }
    nodes.forEach((n, i) => {
      const size = Math.max(1e-6, Math.hypot(force[i][0], force[i][1]));
      n.x += (force[i][0] / size) * Math.min(size, heat); n.y += (force[i][1] / size) * Math.min(size, heat);
    });
  }
  fit(nodes);
}

// Scale and centre the layout into the canvas, leaving room for labels.
function fit(nodes) {
  const xs = nodes.map((n) => n.x), ys = nodes.map((n) => n.y);
  const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
  const scale = Math.min((WIDTH - 160) / Math.max(1, maxX - minX), (HEIGHT - 80) / Math.max(1, maxY - minY), 2.5);
  const offsetX = (WIDTH - (maxX - minX) * scale) / 2, offsetY = (HEIGHT - (maxY - minY) * scale) / 2 + 10;
  for (const n of nodes) { n.x = offsetX + (n.x - minX) * scale; n.y = offsetY + (n.y - minY) * scale; }
}

function radius(node) { return 5 + 3 * Math.sqrt(node.events); }

function drawNetwork(data) {
  const svg = document.getElementById("network");
  svg.replaceChildren();
  // Actors with no dyad in view say nothing about who acts on whom: list them, don't draw them.
  const linked = new Set(data.edges.flatMap((e) => [e.source, e.target]));
  const hidden = data.nodes.filter((n) => !linked.has(n.actor));
  data.nodes = data.nodes.filter((n) => linked.has(n.actor));
  if (!data.nodes.length) { setStatus("No dyads match these filters."); return; }
  layout(data.nodes, data.edges);
  const byId = new Map(data.nodes.map((n) => [n.actor, n]));
  const defs = el("svg:defs", {});
  svg.append(defs);
  data.edges.forEach((e, i) => {
    const a = byId.get(e.source), b = byId.get(e.target), colour = goldsteinColour(e.goldstein_mean);
    defs.append(el("svg:marker", { id: `arrow${i}`, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto" },
      el("svg:path", { d: "M0,0 L10,5 L0,10 z", fill: colour })));
    const dx = b.x - a.x, dy = b.y - a.y, dist = Math.max(1, Math.hypot(dx, dy));
    const endX = b.x - (dx / dist) * (radius(b) + 2), endY = b.y - (dy / dist) * (radius(b) + 2);
    svg.append(el("svg:line", { x1: a.x, y1: a.y, x2: endX, y2: endY, stroke: colour, "stroke-width": 1 + Math.sqrt(e.events) * 1.5,
      "marker-end": `url(#arrow${i})`, class: "edge" },
      el("svg:title", {}, `${a.name || a.actor} → ${b.name || b.actor}: ${e.events} events, mean Goldstein ${e.goldstein_mean}`)));
  });
  for (const n of data.nodes) {
    const link = el("svg:a", { href: `/events?actor=${encodeURIComponent(n.actor)}` });
    link.append(el("svg:circle", { cx: n.x, cy: n.y, r: radius(n), class: `node kind-${n.kind || "other"}` },
      el("svg:title", {}, `${n.name || n.actor} (${n.actor}): ${n.events} events, ${n.as_source} as source, ${n.as_target} as target`)));
    link.append(el("svg:text", { x: n.x, y: n.y - radius(n) - 4, "text-anchor": "middle", class: "label" }, n.name || n.actor));
    svg.append(link);
  }
  setStatus(`${data.nodes.length} actors, ${data.edges.length} dyads` +
    (hidden.length ? `; ${hidden.length} actors without a dyad in view not drawn.` : "."));
}

bindFilters(async (params) => drawNetwork(await getJSON("/api/network?" + params)));
