// Shared helpers for the eventwire pages. Every text from the store goes into the DOM through
// textContent or attributes (never as markup), so article text cannot inject any.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";

function el(tag, attrs, ...children) {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG_NS, tag.slice(4)) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function actorLabel(actor) {
  if (!actor) return "—";
  return actor.name || actor.text || actor.id || "?";
}

// The filter form mirrors the page URL, so a filtered view can be bookmarked and shared.
function formParams(form) {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) {
    if (String(value).trim() !== "") params.set(key, String(value).trim());
  }
  return params;
}

function fillForm(form, params) {
  for (const [key, value] of params) {
    const field = form.elements.namedItem(key);
    if (field) field.value = value;
  }
}

function bindFilters(load) {
  const form = document.getElementById("filters");
  fillForm(form, new URLSearchParams(location.search));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const params = formParams(form);
    history.replaceState(null, "", location.pathname + (params.toString() ? "?" + params : ""));
    load(params);
  });
  load(formParams(form));
}

async function getJSON(url) {
  const status = document.getElementById("status");
  if (status) status.textContent = "Loading…";
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) {
    const message = body.error ? `${body.error.type}: ${body.error.message}` : response.statusText;
    if (status) { status.textContent = message; status.classList.add("error"); }
    throw new Error(message);
  }
  if (status) { status.textContent = ""; status.classList.remove("error"); }
  return body;
}

function setStatus(text) {
  const status = document.getElementById("status");
  if (status) status.textContent = text;
}

// Fixed colours for quad classes; PLOVER types get a stable colour from a palette.
const QUAD_COLOURS = { 1: "#52be80", 2: "#1e8449", 3: "#e59866", 4: "#c0392b" };
const QUAD_NAMES = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
  "#9c755f", "#bab0ac", "#1f77b4", "#8c564b", "#17becf", "#bcbd22", "#7f7f7f", "#d62728"];

// PLOVER types: cooperation in greens and blues, conflict in oranges, reds and purples.
const PLOVER_COLOURS = { AGREE: "#2e86c1", CONSULT: "#5dade2", SUPPORT: "#1e8449", CONCEDE: "#76d7c4",
  COOPERATE: "#52be80", AID: "#a9dfbf", RETREAT: "#d4ac0d", REQUEST: "#85929e", ACCUSE: "#f5b041",
  REJECT: "#e67e22", THREATEN: "#ec7063", PROTEST: "#af7ac5", SANCTION: "#884ea0", MOBILIZE: "#a04000",
  COERCE: "#922b21", ASSAULT: "#c0392b" };

function categoryColour(group, value) {
  if (group === "quad_class") return QUAD_COLOURS[value] || "#999";
  if (value === null || value === undefined) return "#d5d8dc";
  if (PLOVER_COLOURS[value]) return PLOVER_COLOURS[value];
  let hash = 0;
  for (const ch of String(value)) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}

// Mean Goldstein (-10..10) to a red-grey-green colour.
function goldsteinColour(value) {
  const t = Math.max(-1, Math.min(1, (value || 0) / 10));
  const grey = [153, 153, 153], red = [192, 57, 43], green = [30, 132, 73];
  const end = t < 0 ? red : green, k = Math.abs(t);
  const mix = grey.map((g, i) => Math.round(g + (end[i] - g) * k));
  return `rgb(${mix.join(",")})`;
}
