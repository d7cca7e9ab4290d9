// Events on an equirectangular world (x = longitude, y = latitude), with a 30° graticule and
// one circle per place, its area by the number of events there.
"use strict";

const MAP_W = 1000, MAP_H = 500;
const project = (lon, lat) => [((lon + 180) / 360) * MAP_W, ((90 - lat) / 180) * MAP_H];

function graticule(svg) {
  svg.append(el("svg:rect", { x: 0, y: 0, width: MAP_W, height: MAP_H, class: "sea" }));
  for (let lon = -180; lon <= 180; lon += 30) {
    const [x] = project(lon, 0);
    svg.append(el("svg:line", { x1: x, x2: x, y1: 0, y2: MAP_H, class: lon === 0 ? "meridian" : "graticule" }));
    if (lon > -180 && lon < 180) svg.append(el("svg:text", { x: x + 3, y: MAP_H - 4, class: "axis" }, `${lon}°`));
  }
  for (let lat = -60; lat <= 60; lat += 30) {
    const [, y] = project(0, lat);
    svg.append(el("svg:line", { x1: 0, x2: MAP_W, y1: y, y2: y, class: lat === 0 ? "meridian" : "graticule" }));
    svg.append(el("svg:text", { x: 3, y: y - 3, class: "axis" }, `${lat}°`));
  }
}

// Land as one-degree cells holding a town (from /api/basemap): a hint of the continents.
async function land(svg) {
  const response = await fetch("/api/basemap");
  if (!response.ok) return;
  const { cells, cell_degrees: size } = await response.json();
  const [w] = project(-180 + size, 0), group = el("svg:g", { class: "land" });
  for (const [lon, lat] of cells) {
    const [x, y] = project(lon - size / 2, lat + size / 2);
    group.append(el("svg:rect", { x: x.toFixed(1), y: y.toFixed(1), width: w.toFixed(2), height: w.toFixed(2) }));
  }
  svg.querySelector(".sea").after(group);
}

function places(features) {
  const groups = new Map();
  for (const f of features) {
    const [lon, lat] = f.geometry.coordinates, key = `${lon},${lat}`;
    const group = groups.get(key) || { lon, lat, name: f.properties.place, country: f.properties.country, events: [] };
    group.events.push(f.properties);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.events.length - a.events.length);
}

function drawMap(collection) {
  const svg = document.getElementById("map"), tbody = document.querySelector("#places tbody");
  svg.replaceChildren(); tbody.replaceChildren();
  graticule(svg);
  land(svg);
  const groups = places(collection.features);
  for (const g of groups) {
    const [x, y] = project(g.lon, g.lat), meanQuad = g.events.reduce((s, e) => s + (e.quad_class || 0), 0) / g.events.length;
    const link = el("svg:a", { href: `/events?place=${encodeURIComponent(g.name)}` });
    link.append(el("svg:circle", { cx: x, cy: y, r: 4 + 4 * Math.sqrt(g.events.length), class: "place",
      fill: QUAD_COLOURS[Math.round(meanQuad)] || "#4e79a7" },
      el("svg:title", {}, `${g.name}${g.country ? " (" + g.country + ")" : ""}: ${g.events.length} events`)));
    link.append(el("svg:text", { x: x + 8, y: y + 4, class: "place-label" }, g.name));
    svg.append(link);
    tbody.append(el("tr", {}, el("td", {}, el("a", { href: `/events?place=${encodeURIComponent(g.name)}` }, g.name)),
      el("td", {}, g.country || "—"), el("td", { class: "num" }, g.events.length)));
  }
  setStatus(`${collection.features.length} events at ${groups.length} places (colour: mean quad class).`);
}

bindFilters(async (params) => drawMap(await getJSON("/api/map?" + params)));
