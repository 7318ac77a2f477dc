// newsgraph web UI: pages drawn from the JSON API with plain DOM calls (never innerHTML with
// data, so nothing from an article can run as markup). Routes live in the URL hash.
"use strict";

const main = document.getElementById("main");
const TYPE_COLORS = ["#2b6cb0", "#c53030", "#2f855a", "#b7791f", "#6b46c1", "#c05621", "#2c7a7b", "#b83280", "#4a5568", "#744210", "#276749", "#553c9a"];
const colorCache = new Map();
function typeColor(t) {
  if (!colorCache.has(t)) colorCache.set(t, TYPE_COLORS[colorCache.size % TYPE_COLORS.length]);
  return colorCache.get(t);
}

// ---------- small helpers ----------
function el(tag, attrs, ...children) {
  const svg = ["svg", "g", "circle", "line", "path", "text", "rect", "title"].includes(tag);
  const e = svg ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "class" && !svg) e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
function link(href, text, cls) { return el("a", { href, class: cls }, text); }
function docLink(key, text) { return link("#/doc/" + encodeURIComponent(key), text || key); }
function entityLink(id, name) { return id ? link("#/entity/" + id, name) : (name || "?"); }
function errorBox(msg) { return el("p", { class: "error" }, msg); }

async function api(path, options) {
  const r = await fetch(path, options);
  let body;
  try { body = await r.json(); } catch (_) { throw new Error("the server answered " + r.status + " without JSON"); }
  if (!r.ok) throw new Error(body && body.error ? body.error : "error " + r.status);
  return body;
}
function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") p.set(k, v);
  return p.toString();
}
// Text with [matched] words from SQLite's snippet(), as nodes with <mark>.
function marked(s) {
  const out = [];
  const re = /\[([^\]]*)\]/g;
  let last = 0, m;
  while ((m = re.exec(s))) {
    out.push(s.slice(last, m.index), el("mark", {}, m[1]));
    last = re.lastIndex;
  }
  out.push(s.slice(last));
  return out;
}
function table(columns, rows, cell) {
  return el("table", {},
    el("thead", {}, el("tr", {}, columns.map(c => el("th", {}, c[1])))),
    el("tbody", {}, rows.map(r => el("tr", {}, columns.map(c => el("td", {}, cell ? cell(c[0], r) : r[c[0]]))))));
}
// A paged list: fetches `path` with limit/offset, draws rows with `draw`, and offers next/previous.
function pagedList(path, params, draw, limit) {
  const box = el("div", {});
  let offset = 0;
  async function load() {
    clear(box).append(el("p", { class: "muted small" }, "Loading…"));
    try {
      const page = await api(path + "?" + qs({ ...params, limit: limit || 20, offset }));
      clear(box);
      if (!page.items.length) { box.append(el("p", { class: "muted" }, "Nothing found.")); return; }
      box.append(draw(page.items));
      const prev = el("button", { onclick: () => { offset = Math.max(0, offset - page.limit); load(); } }, "← Previous");
      prev.disabled = offset === 0;
      const next = el("button", { onclick: () => { offset = page.next_offset; load(); } }, "Next →");
      next.disabled = page.next_offset === null;
      if (offset === 0 && page.next_offset === null) return;
      box.append(el("div", { class: "pager" }, prev, next, el("span", { class: "muted small" }, `rows ${offset + 1}–${offset + page.items.length}`)));
    } catch (e) { clear(box).append(errorBox(e.message)); }
  }
  load();
  return box;
}

// ---------- routing ----------
function route() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query] = hash.split("?");
  const params = new URLSearchParams(query || "");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  clear(main);
  window.scrollTo(0, 0);
  const page = parts[0] || "";
  if (page === "") return homePage(params);
  if (page === "search") return searchPage(params);
  if (page === "doc" && parts[1]) return docPage(parts.slice(1).join("/"), params.get("show"));
  if (page === "entity" && parts[1]) return entityPage(parts[1]);
  if (page === "timeline") return timelinePage(params);
  if (page === "network") return networkPage(params);
  if (page === "extract") return extractPage(params);
  main.append(errorBox("No such page."));
}
window.addEventListener("hashchange", route);
document.getElementById("topsearch").addEventListener("submit", ev => {
  ev.preventDefault();
  const q = ev.target.q.value.trim();
  if (q) location.hash = "#/search?" + qs({ q });
});

// ---------- home and search ----------
async function homePage() {
  document.title = "newsgraph";
  main.append(el("h1", {}, "Corpus"));
  const stats = el("div", { class: "stats" });
  main.append(stats);
  api("/api/stats").then(s => {
    for (const [k, label] of [["documents", "articles"], ["quotes", "quotes"], ["events", "events"], ["corpus_entities", "entities"], ["timexes", "time expressions"]])
      stats.append(el("div", { class: "card" }, el("b", {}, s[k]), label));
    stats.append(el("div", { class: "card" }, el("b", {}, (s.first_date || "?") + " – " + (s.last_date || "?")), "dates"));
  }).catch(e => stats.append(errorBox(e.message)));
  main.append(searchForm(""));
  main.append(el("h2", {}, "Latest articles"));
  main.append(pagedList("/api/documents", {}, rows => table([["date", "Date"], ["title", "Title"], ["quotes", "Quotes"], ["events", "Events"]], rows,
    (c, r) => c === "title" ? docLink(r.document, r.title || r.document) : r[c])));
}

function searchForm(q) {
  const input = el("input", { name: "q", type: "search", value: q, placeholder: "e.g. ferry, \"harbour fees\", Zielinska", size: 40 });
  return el("form", { class: "controls", onsubmit: ev => { ev.preventDefault(); location.hash = "#/search?" + qs({ q: input.value.trim() }); } },
    input, el("button", { type: "submit" }, "Search"));
}

function searchPage(params) {
  const q = params.get("q") || "";
  document.title = "Search: " + q + " – newsgraph";
  main.append(el("h1", {}, "Search"), searchForm(q));
  if (!q) return;
  main.append(el("h2", {}, "Entities"));
  main.append(pagedList("/api/entities", { q }, rows => el("div", {}, rows.map(r =>
    el("span", { class: "pill" }, entityLink(r.id, r.name), " ", el("span", { class: "muted" }, r.type + (r.country ? " · " + r.country : ""))))), 30));
  main.append(el("h2", {}, "Articles"));
  main.append(pagedList("/api/search", { q, in: "articles" }, rows => el("div", {}, rows.map(r =>
    el("div", { class: "card" }, el("div", {}, docLink(r.document, r.title || r.document), " ", el("span", { class: "muted small" }, r.date || "")),
      el("div", { class: "small" }, marked(r.snippet || "")))))));
  main.append(el("h2", {}, "Quotes"));
  main.append(pagedList("/api/search", { q, in: "quotes" }, rows => table([["date", "Date"], ["speaker", "Speaker"], ["quote", "Quote"], ["document", "Article"]], rows,
    (c, r) => c === "quote" ? marked(r.quote || "") : c === "document" ? docLink(r.document) : r[c])));
}

// ---------- annotated text ----------
// Annotations carry UTF-8 byte offsets; the text is cut on the byte array and each piece decoded,
// so characters outside ASCII never shift a highlight.
function annotatedText(text, annots, markers, onPick, extraCuts) {
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  const n = bytes.length;
  const cuts = new Set([0, n]);
  for (const a of annots) { a.start = Math.max(0, Math.min(n, a.start)); a.end = Math.max(a.start, Math.min(n, a.end)); cuts.add(a.start); cuts.add(a.end); }
  for (const m of markers) cuts.add(Math.max(0, Math.min(n, m.at)));
  // Evidence spans are cut too, so that marking one covers exactly its text.
  for (const c of extraCuts || []) cuts.add(Math.max(0, Math.min(n, c)));
  const points = [...cuts].sort((x, y) => x - y);
  // Sweep: annotations sorted by start enter, and leave once the cut passes their end.
  const byStart = annots.slice().sort((x, y) => x.start - y.start);
  const markersAt = new Map();
  for (const m of markers) { if (!markersAt.has(m.at)) markersAt.set(m.at, []); markersAt.get(m.at).push(m); }
  const box = el("div", { class: "doctext" });
  let active = [], next = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i];
    for (const m of markersAt.get(a) || []) box.append(m.node);
    if (i + 1 >= points.length) break;
    const b = points[i + 1];
    while (next < byStart.length && byStart[next].start <= a) active.push(byStart[next++]);
    active = active.filter(x => x.end > a);
    const covering = active.filter(x => x.start <= a && x.end >= b && x.end > x.start);
    const piece = dec.decode(bytes.subarray(a, b));
    // Plain pieces are spans too, so that a selected record's whole evidence can be marked.
    if (!covering.length) { box.append(el("span", { class: "plain", "data-a": a, "data-b": b }, piece)); continue; }
    const classes = new Set(["seg"]);
    for (const c of covering) for (const k of c.cls.split(" ")) classes.add(k);
    if (covering.some(c => c.kind === "quote" && c.start === a)) classes.add("qs");
    const span = el("span", { class: [...classes].join(" "), "data-a": a, "data-b": b });
    span.append(piece);
    // The most specific annotation (shortest span) is the one a click means.
    const pick = covering.slice().sort((x, y) => (x.end - x.start) - (y.end - y.start) || x.rank - y.rank)[0];
    span.addEventListener("click", () => onPick(pick));
    span.title = covering.map(c => c.label).join("\n");
    box.append(span);
  }
  return box;
}

function selectSpan(box, start, end) {
  let first = null;
  for (const s of box.querySelectorAll("[data-a]")) {
    const on = +s.dataset.a >= start && +s.dataset.b <= end;
    s.classList.toggle("sel", on);
    if (on && !first) first = s;
  }
  return first;
}

// The view model shared by stored documents and live extractions.
// `showFirst` ("quote:0", "event:1", "mention:2", "timex:0") opens that record at once, so a
// link can point at one record and its evidence.
function articleView(doc, live, showFirst) {
  const annots = [], markers = [];
  const entityById = new Map(doc.entities.map(e => [e.local_id, e]));
  doc.quotes.forEach((q, i) => {
    annots.push({ kind: "quote", rec: q, start: q.start, end: q.end, cls: "q", rank: 3, label: `${q.kind} quote — ${q.speaker || "unknown speaker"}` });
    const tag = q.speaker_entity ? el("a", { class: "speaker-tag", href: "#/entity/" + q.speaker_entity, title: "speaker" }, "— " + (q.speaker || "?"))
      : el("span", { class: "speaker-tag", title: "speaker" }, "— " + (q.speaker || "?"));
    if (!q.speaker_entity) tag.addEventListener("click", () => show({ kind: "quote", rec: q, start: q.start, end: q.end }));
    markers.push({ at: q.end, node: tag });
  });
  for (const m of doc.mentions) {
    const e = entityById.get(m.local_entity) || {};
    annots.push({ kind: "mention", rec: m, ent: e, start: m.start, end: m.end, cls: "m " + (e.type || ""), rank: 2, label: `${e.name || m.text} (${e.type || "entity"})` });
  }
  for (const t of doc.timexes) annots.push({ kind: "timex", rec: t, start: t.start, end: t.end, cls: "t", rank: 1, label: `time: ${t.text} = ${t.value}` });
  for (const v of doc.events) annots.push({ kind: "event", rec: v, start: v.trigger_start, end: v.trigger_end, cls: "v", rank: 0, label: `event ${v.type}: ${v.source_name || "?"} → ${v.target_name || "?"}` });

  const detail = el("div", { class: "card", id: "detail" }, el("p", { class: "muted" }, "Click a highlighted span or a record to see it here with its evidence."));
  let textBox;
  function show(a) {
    const r = a.rec;
    const span = selectSpan(textBox, a.kind === "event" ? r.start : a.start, a.kind === "event" ? r.end : a.end);
    if (span) span.scrollIntoView({ block: "nearest" });
    const rows = [];
    const kv = (k, v) => { if (v !== null && v !== undefined && v !== "") rows.push(el("dt", {}, k), el("dd", {}, v)); };
    let title;
    if (a.kind === "quote") {
      title = "Quote (" + r.kind + ")";
      kv("speaker", entityLink(r.speaker_entity, r.speaker || "unknown"));
      kv("with", (r.co_speakers || []).join(", "));
      kv("cue", r.cue); kv("date", r.date); kv("via", (r.via || []).join(", "));
      kv("text", r.text);
    } else if (a.kind === "mention") {
      const e = a.ent;
      title = "Entity mention";
      kv("entity", entityLink(r.entity_id, e.name || r.text)); kv("type", e.type); kv("country", e.country); kv("sector", e.sector);
      kv("roles", (e.roles || []).join("; ")); kv("mention", `${r.text} (${r.kind})`);
    } else if (a.kind === "timex") {
      title = "Time expression";
      kv("text", r.text); kv("type", r.type); kv("value", r.value); kv("anchor", r.anchor);
    } else {
      title = "Event " + r.type;
      kv("source", entityLink(r.source_entity, r.source_name || "?")); kv("source code", r.source_code);
      kv("target", entityLink(r.target_entity, r.target_name || "?")); kv("target code", r.target_code);
      kv("mode", r.mode); kv("CAMEO", r.cameo); kv("date", r.date); kv("trigger", r.trigger);
      if (r.negated) kv("negated", "yes"); if (r.hypothetical) kv("hypothetical", "yes");
      kv("evidence", r.evidence); kv("rule", r.rule);
    }
    clear(detail).append(el("h2", {}, title), el("dl", { class: "kv" }, rows));
  }
  textBox = annotatedText(doc.text, annots, markers, show, doc.events.flatMap(v => [v.start, v.end]));

  const side = el("div", { class: "side" }, detail);
  const section = (name, list, draw) => {
    side.append(el("h2", {}, `${name} (${list.length})`));
    for (const item of list) side.append(draw(item));
  };
  section("Quotes", annots.filter(a => a.kind === "quote"), a => el("div", { class: "card small", onclick: () => show(a) },
    el("b", {}, a.rec.speaker || "unknown speaker"), " ", el("span", { class: "pill" }, a.rec.kind), el("div", {}, a.rec.text)));
  section("Events", annots.filter(a => a.kind === "event"), a => el("div", { class: "card small", onclick: () => show(a) },
    el("span", { class: "pill" }, a.rec.type), `${a.rec.source_name || "?"} → ${a.rec.target_name || "?"}`, el("span", { class: "muted" }, " · " + (a.rec.date || ""))));
  section("Entities", doc.entities, e => el("div", { class: "card small", onclick: () => { const m = annots.find(a => a.kind === "mention" && a.rec.local_entity === e.local_id); if (m) show(m); } },
    entityLink(e.entity_id, e.name), " ", el("span", { class: "pill" }, e.type), e.country ? el("span", { class: "pill" }, e.country) : null, (e.roles || []).length ? el("span", { class: "muted" }, " " + e.roles.join("; ")) : null));
  section("Time expressions", annots.filter(a => a.kind === "timex"), a => el("div", { class: "card small", onclick: () => show(a) }, a.rec.text, " = ", el("b", {}, a.rec.value)));

  if (showFirst) {
    const [kind, n] = showFirst.split(":");
    const pick = annots.filter(a => a.kind === kind)[Number(n) || 0];
    if (pick) setTimeout(() => show(pick), 0);
  }
  const legend = el("p", { class: "legend" }, el("span", { class: "lq" }, "quote"), el("span", { class: "lm" }, "entity"), el("span", { class: "lt" }, "time"), el("span", { class: "lv" }, "event trigger"),
    live ? el("span", { class: "muted" }, "extracted live, not stored") : null);
  return el("div", {}, legend, el("div", { class: "article" }, el("div", {}, textBox), side));
}

async function docPage(key, showFirst) {
  main.append(el("p", { class: "muted" }, "Loading…"));
  try {
    const d = await api("/api/documents/" + encodeURIComponent(key));
    document.title = (d.title || d.document) + " – newsgraph";
    clear(main).append(el("h1", {}, d.title || d.document),
      el("p", { class: "muted" }, [d.date || "undated", d.site, d.author].filter(Boolean).join(" · "), d.url ? [" · ", el("a", { href: /^\/\//.test(d.url) ? "https:" + d.url : d.url, rel: "noreferrer noopener" }, d.url.replace(/^\/\//, ""))] : null),
      articleView(d, false, showFirst));
  } catch (e) { clear(main).append(errorBox(e.message)); }
}

// ---------- entity page ----------
async function entityPage(id) {
  try {
    const e = await api("/api/entities/" + encodeURIComponent(id));
    document.title = e.name + " – newsgraph";
    main.append(el("h1", {}, e.name, " ", el("span", { class: "pill" }, e.type), e.country ? el("span", { class: "pill" }, e.country) : null, e.sector ? el("span", { class: "pill" }, e.sector) : null));
    main.append(el("p", { class: "muted" }, `${e.documents} articles · ${e.mentions} mentions · ${e.quotes_spoken} quotes · ${e.events_as_source} events as actor · ${e.events_as_target} as target`));
    main.append(el("h2", {}, "Roles"), e.roles.length ? el("div", {}, e.roles.map(r => el("span", { class: "pill" }, `${r.role} (${r.documents})`))) : el("p", { class: "muted" }, "None recorded."));
    main.append(el("h2", {}, "Aliases"), el("div", {}, e.aliases.map(a => el("span", { class: "pill" }, `${a.alias} ×${a.count}`))));
    main.append(el("h2", {}, "Timeline"));
    const chartBox = el("div", {});
    main.append(chartBox, el("p", {}, link("#/timeline?" + qs({ actor: e.name }), "Open in the timeline chart →")));
    api("/api/event-counts?" + qs({ actor: e.name, by: "day" })).then(c => chartBox.append(c.items.length ? timelineChart(c.items, 1100, null) : el("p", { class: "muted" }, "No dated events.")))
      .catch(err => chartBox.append(errorBox(err.message)));
    main.append(pagedList("/api/timeline", { name: e.name }, rows => table([["date", "Date"], ["kind", "Kind"], ["what", "What"], ["detail", "Detail"], ["document", "Article"]], rows,
      (c, r) => c === "document" ? docLink(r.document) : c === "what" ? el("span", { class: "pill" }, r.what) : r[c])));
    main.append(el("h2", {}, "What " + e.name + " said"));
    main.append(pagedList("/api/quotes", { speaker: e.name }, quoteTable));
    main.append(el("h2", {}, "What was said about " + e.name));
    main.append(pagedList("/api/quotes", { about: e.name }, quoteTable));
  } catch (err) { main.append(errorBox(err.message)); }
}
function quoteTable(rows) {
  return table([["date", "Date"], ["speaker", "Speaker"], ["quote", "Quote"], ["document", "Article"]], rows, (c, r) => c === "document" ? docLink(r.document, r.title || r.document) : r[c]);
}

// ---------- timeline chart ----------
function parseDay(p) {
  const [y, m, d] = p.split("-").map(Number);
  return Date.UTC(y, (m || 1) - 1, d || 1);
}
// Lanes of PLOVER types, time along x, one circle per period and type sized by count.
function timelineChart(items, width, onPoint) {
  const types = [...new Set(items.map(i => i.type))].sort();
  const lane = 34, left = 120, right = 30, top = 20, bottom = 40;
  const height = top + bottom + lane * Math.max(1, types.length);
  const times = items.map(i => parseDay(i.period));
  let t0 = Math.min(...times), t1 = Math.max(...times);
  if (t1 === t0) { t0 -= 86400000 * 15; t1 += 86400000 * 15; }
  const pad = 24;
  const x = t => left + pad + (t - t0) / (t1 - t0) * (width - left - right - 2 * pad);
  const max = Math.max(...items.map(i => i.events));
  const svg = el("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "timeline", role: "img", "aria-label": "Events by type over time" });
  types.forEach((t, k) => {
    const y = top + lane * k + lane / 2;
    svg.append(el("line", { class: "grid", x1: left, x2: width - right, y1: y, y2: y }));
    svg.append(el("text", { x: left - 8, y: y + 4, "text-anchor": "end" }, t));
  });
  const axisY = height - bottom + 6;
  svg.append(el("line", { class: "axis", x1: left, x2: width - right, y1: axisY, y2: axisY }));
  const ticks = 6;
  for (let k = 0; k <= ticks; k++) {
    const t = t0 + (t1 - t0) * k / ticks;
    svg.append(el("text", { x: x(t), y: axisY + 18, "text-anchor": "middle" }, new Date(t).toISOString().slice(0, 10)));
  }
  for (const i of items) {
    const y = top + lane * types.indexOf(i.type) + lane / 2;
    const r = 4 + 10 * Math.sqrt(i.events / max);
    const c = el("circle", { class: "point", cx: x(parseDay(i.period)), cy: y, r, fill: typeColor(i.type), "data-type": i.type, "data-period": i.period },
      el("title", {}, `${i.period} · ${i.type} · ${i.events} event${i.events === 1 ? "" : "s"}`));
    if (onPoint) c.addEventListener("click", () => onPoint(i));
    svg.append(c);
  }
  return svg;
}

function timelinePage(params) {
  document.title = "Timeline – newsgraph";
  const actor = params.get("actor") || "", by = params.get("by") || "day", type = params.get("type") || "";
  const actorIn = el("input", { name: "actor", value: actor, placeholder: "actor: name or code (RUS, POLGOV)" });
  const typeIn = el("input", { name: "type", value: type, placeholder: "type (ACCUSE…)", size: 12 });
  const bySel = el("select", { name: "by" }, ["day", "month", "year"].map(b => el("option", { value: b, selected: b === by ? "selected" : null }, "by " + b)));
  main.append(el("h1", {}, "Timeline of events"),
    el("form", { class: "controls", onsubmit: ev => { ev.preventDefault(); location.hash = "#/timeline?" + qs({ actor: actorIn.value.trim(), type: typeIn.value.trim(), by: bySel.value }); } },
      actorIn, typeIn, bySel, el("button", { type: "submit" }, "Show")));
  const chart = el("div", {}, el("p", { class: "muted" }, "Loading…")), list = el("div", {});
  main.append(chart, list);
  api("/api/event-counts?" + qs({ actor, type, by })).then(c => {
    clear(chart);
    if (!c.items.length) { chart.append(el("p", { class: "muted" }, "No dated events" + (actor ? " for " + actor : "") + ".")); return; }
    const total = c.items.reduce((s, i) => s + i.events, 0);
    chart.append(el("p", { class: "muted small" }, `${total} events in ${c.items.length} points. Click a point for its events.`));
    chart.append(timelineChart(c.items, 1150, i => {
      const range = { type: i.type, from: i.period, to: i.period };
      clear(list).append(el("h2", {}, `${i.type} · ${i.period}`));
      const draw = rows => table([["date", "Date"], ["source", "Source"], ["target", "Target"], ["trigger", "Trigger"], ["evidence", "Evidence"], ["document", "Article"]], rows,
        (col, r) => col === "document" ? docLink(r.document) : r[col]);
      if (actor) {
        list.append(el("p", { class: "small muted" }, "with " + actor + " as actor"), pagedList("/api/events", { ...range, actor }, draw));
        list.append(el("p", { class: "small muted" }, "with " + actor + " as target"), pagedList("/api/events", { ...range, target: actor }, draw));
      } else list.append(pagedList("/api/events", range, draw));
    }));
  }).catch(e => clear(chart).append(errorBox(e.message)));
}

// ---------- network ----------
function networkPage(params) {
  document.title = "Network – newsgraph";
  const group = params.get("group") || "country";
  const sel = el("select", { onchange: () => { location.hash = "#/network?" + qs({ group: sel.value }); } },
    el("option", { value: "actor", selected: group === "actor" ? "selected" : null }, "nodes: actors as named"),
    el("option", { value: "country", selected: group === "country" ? "selected" : null }, "nodes: states (people grouped by country)"));
  main.append(el("h1", {}, "Actor network"), el("div", { class: "controls" }, sel, el("span", { class: "muted small" }, "Edges: events from source to target, width by count, colour by most frequent type. Click a node for its timeline.")));
  const box = el("div", {}, el("p", { class: "muted" }, "Loading…"));
  main.append(box);
  api("/api/network?limit=500").then(p => { clear(box).append(p.items.length ? networkChart(p.items, group, 1150, 580) : el("p", { class: "muted" }, "No events between two named actors yet.")); })
    .catch(e => clear(box).append(errorBox(e.message)));
}

function networkChart(rows, group, W, H) {
  const nodeKey = (name, code) => group === "country" && code && /^[A-Z]{3}/.test(code) ? code.slice(0, 3) : name;
  const nodes = new Map(), edges = new Map(), stateNames = new Map();
  for (const r of rows) {
    // A state's own name, to label its node: the actor whose code is just the country.
    if (r.source_code && /^[A-Z]{3}$/.test(r.source_code)) stateNames.set(r.source_code, r.source);
    if (r.target_code && /^[A-Z]{3}$/.test(r.target_code)) stateNames.set(r.target_code, r.target);
  }
  for (const r of rows) {
    const s = nodeKey(r.source, r.source_code), t = nodeKey(r.target, r.target_code);
    if (!s || !t || s === t) continue;
    // Start on a spiral in order of appearance: the same data always gives the same drawing.
    for (const k of [s, t]) if (!nodes.has(k)) {
      const i = nodes.size, ang = i * 2.4, rad = 40 + 25 * i;
      nodes.set(k, { id: k, weight: 0, x: W / 2 + Math.cos(ang) * rad, y: H / 2 + Math.sin(ang) * rad, vx: 0, vy: 0 });
    }
    nodes.get(s).weight += r.events; nodes.get(t).weight += r.events;
    const ek = s + "\u0000" + t;
    if (!edges.has(ek)) edges.set(ek, { s, t, total: 0, types: new Map() });
    const e = edges.get(ek);
    e.total += r.events; e.types.set(r.type, (e.types.get(r.type) || 0) + r.events);
  }
  const ns = [...nodes.values()], es = [...edges.values()];
  // A plain force layout: repulsion between all nodes, springs along edges, a pull to the centre.
  for (let it = 0; it < 400; it++) {
    const cool = 1 - it / 400;
    for (let i = 0; i < ns.length; i++) for (let j = i + 1; j < ns.length; j++) {
      const a = ns[i], b = ns[j];
      let dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy + .01;
      const f = 40000 / d2, d = Math.sqrt(d2);
      dx /= d; dy /= d;
      a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
    }
    for (const e of es) {
      const a = nodes.get(e.s), b = nodes.get(e.t);
      const dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy) + .01;
      const f = (d - 200) * 0.02;
      a.vx += dx / d * f; a.vy += dy / d * f; b.vx -= dx / d * f; b.vy -= dy / d * f;
    }
    for (const n of ns) {
      n.vx += (W / 2 - n.x) * 0.002; n.vy += (H / 2 - n.y) * 0.002;
      const step = Math.min(20 * cool + 1, Math.hypot(n.vx, n.vy));
      const v = Math.hypot(n.vx, n.vy) || 1;
      n.x = Math.max(60, Math.min(W - 60, n.x + n.vx / v * step));
      n.y = Math.max(30, Math.min(H - 30, n.y + n.vy / v * step));
      n.vx *= .5; n.vy *= .5;
    }
  }
  // Stretch the layout to fill the drawing, keeping room for labels at the edges.
  if (ns.length > 1) {
    const xs = ns.map(n => n.x), ys = ns.map(n => n.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    for (const n of ns) {
      n.x = x1 > x0 ? 100 + (n.x - x0) / (x1 - x0) * (W - 200) : W / 2;
      n.y = y1 > y0 ? 60 + (n.y - y0) / (y1 - y0) * (H - 130) : H / 2;
    }
  }
  const svg = el("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: "network", role: "img", "aria-label": "Actor network" });
  const maxE = Math.max(...es.map(e => e.total), 1), maxN = Math.max(...ns.map(n => n.weight), 1);
  const used = new Set();
  for (const e of es) {
    const a = nodes.get(e.s), b = nodes.get(e.t);
    const top = [...e.types.entries()].sort((x, y) => y[1] - x[1])[0][0];
    used.add(top);
    // Curve each edge to its right so that A→B and B→A stay apart.
    const mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2, dx = b.x - a.x, dy = b.y - a.y;
    const cx = mx - dy * .25, cy = my + dx * .25;
    const label = [...e.types.entries()].map(([t, c]) => `${t} ×${c}`).join(", ");
    svg.append(el("path", { class: "edge", d: `M${a.x},${a.y} Q${cx},${cy} ${b.x},${b.y}`, stroke: typeColor(top), "stroke-width": 1.5 + 6 * e.total / maxE, "data-type": top },
      el("title", {}, `${e.s} → ${e.t}: ${label}`)));
    // The label sits on the curve's midpoint (a quadratic Bézier at t = ½).
    svg.append(el("text", { x: a.x / 4 + cx / 2 + b.x / 4, y: a.y / 4 + cy / 2 + b.y / 4 - 4, "text-anchor": "middle", fill: typeColor(top), "font-size": 10 }, label.length > 40 ? top + " …" : label));
  }
  for (const n of ns) {
    const r = 8 + 14 * Math.sqrt(n.weight / maxN);
    const g = el("g", { class: "node", transform: `translate(${n.x},${n.y})`, "data-name": n.id },
      el("circle", { r, fill: "#2c5282" }), el("text", { y: -r - 4, "text-anchor": "middle", "font-weight": 600 }, stateNames.has(n.id) && group === "country" ? `${stateNames.get(n.id)} (${n.id})` : n.id),
      el("title", {}, `${n.id}: ${n.weight} events`));
    g.addEventListener("click", () => { location.hash = "#/timeline?" + qs({ actor: n.id }); });
    svg.append(g);
  }
  let lx = 10;
  for (const t of used) {
    svg.append(el("rect", { x: lx, y: H - 18, width: 12, height: 12, fill: typeColor(t) }), el("text", { x: lx + 16, y: H - 8 }, t));
    lx += 24 + t.length * 8;
  }
  return svg;
}

// ---------- paste an article ----------
// The extract JSON, reshaped like a stored document so the same view draws it.
function fromExtract(x) {
  const entities = x.entities.map(e => ({ local_id: e.id, entity_id: null, name: e.name, type: e.type, country: e.country, sector: e.sector, roles: e.roles }));
  const mentions = [];
  for (const e of x.entities) for (const m of e.mentions.concat(e.references || [])) mentions.push({ local_entity: e.id, entity_id: null, start: m.start, end: m.end, text: m.text, kind: m.kind });
  const quotes = x.quotes.map(q => ({ local_id: q.id, kind: q.kind, text: q.text, start: q.start, end: q.end, speaker: q.speaker ? q.speaker.name : null, co_speakers: (q.co_speakers || []).map(c => c.name), speaker_entity: null, cue: q.cue ? q.cue.text : null, via: (q.via || []).map(v => v.name), date: q.date }));
  const timexes = x.timexes.map(t => ({ local_id: t.id, text: t.text, start: t.start, end: t.end, type: t.type, value: t.value, anchor: t.anchor }));
  const events = x.events.map(v => ({ local_id: v.id, type: v.type, mode: v.mode, cameo: v.cameo, source_name: v.source && v.source.name, source_code: v.source && ((v.source.country || "---") + (v.source.sector || "")),
    target_name: v.target && v.target.name, target_code: v.target && ((v.target.country || "---") + (v.target.sector || "")), date: v.date, negated: v.negated, hypothetical: v.hypothetical,
    trigger: v.trigger.text, trigger_start: v.trigger.start, trigger_end: v.trigger.end, start: v.start, end: v.end, evidence: "", rule: v.rule }));
  return { text: x.text, entities, mentions, quotes, timexes, events };
}

function extractPage(params) {
  document.title = "Paste an article – newsgraph";
  // Fields may come prefilled from the link (#/extract?text=…&title=…&date=…), and then run at once.
  const title = el("input", { placeholder: "title (optional)", size: 50, value: params.get("title") || "" });
  const date = el("input", { type: "date", title: "publication date: relative dates resolve against it", value: params.get("date") || "" });
  const text = el("textarea", { placeholder: "Paste the article text here. Paragraphs separated by blank lines." });
  text.value = params.get("text") || "";
  const out = el("div", {});
  const button = el("button", { type: "submit" }, "Extract");
  main.append(el("h1", {}, "Paste an article"),
    el("p", { class: "muted" }, "Runs the full pipeline on the server (POST /extract). Nothing is stored."),
    el("form", { onsubmit: async ev => {
      ev.preventDefault();
      button.disabled = true;
      clear(out).append(el("p", { class: "muted" }, "Extracting…"));
      try {
        const body = { text: text.value };
        if (title.value.trim()) body.title = title.value.trim();
        if (date.value) body.date = date.value;
        const x = await api("/extract", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
        x.text = text.value;
        const model = fromExtract(x);
        for (const v of model.events) {
          // Evidence text from byte offsets, as the store does.
          const b = new TextEncoder().encode(x.text);
          v.evidence = new TextDecoder().decode(b.subarray(v.start, v.end));
        }
        clear(out).append(el("p", { class: "muted small" }, `${x.entities.length} entities, ${x.quotes.length} quotes, ${x.timexes.length} time expressions, ${x.events.length} events`), articleView(model, true));
      } catch (e) { clear(out).append(errorBox(e.message)); }
      button.disabled = false;
    } }, el("div", { class: "controls" }, title, date), text, el("div", { class: "controls" }, button)), out);
  if (text.value.trim()) button.click();
}

route();
