"use strict";
// dolgraph's explorer: draws the network on a canvas from the JSON block
// above, with search, filters and an account panel. Every value from the
// data reaches the page through textContent (never parsed as markup), and links
// only when they are http(s) addresses.
(function () {
  const D = JSON.parse(document.getElementById("data").textContent);
  const A = D.accounts;
  const N = A.handle.length;
  const L = D.links;
  const M = L.length / 3;
  const $ = (id) => document.getElementById(id);
  const canvas = $("net");
  const ctx = canvas.getContext("2d");

  // ---------------------------------------------------------------- data
  const colorOf = new Map(D.communities.map((c) => [c.id, c.color]));
  const communityOf = new Map(D.communities.map((c) => [c.id, c]));
  const lowerHandle = A.handle.map((h) => h.toLowerCase());
  const lowerName = A.name.map((n) => n.toLowerCase());
  // Neighbours among the drawn links, for highlighting.
  const nbStart = new Int32Array(N + 1);
  for (let e = 0; e < M; e++) { nbStart[L[3 * e] + 1]++; nbStart[L[3 * e + 1] + 1]++; }
  for (let i = 0; i < N; i++) nbStart[i + 1] += nbStart[i];
  const nb = new Int32Array(2 * M);
  { const fill = nbStart.slice(0, N); for (let e = 0; e < M; e++) { const a = L[3 * e], b = L[3 * e + 1]; nb[fill[a]++] = b; nb[fill[b]++] = a; } }
  // Each account's rows on each topic: topicRows[t] maps account -> row.
  const topicRows = D.topics.map((t) => { const m = new Map(); for (const r of t.rows) m.set(r[0], r); return m; });
  const postsOf = new Map();
  for (const p of D.posts) { if (!postsOf.has(p[0])) postsOf.set(p[0], []); postsOf.get(p[0]).push(p); }
  // Accounts by DOL score, the order of search suggestions and the top 20.
  const byScore = Array.from({ length: N }, (_, i) => i).sort((a, b) => A.score[b] - A.score[a] || a - b);

  // ---------------------------------------------------------------- state
  const S = { topic: -1, community: null, persona: null, minT: 0, selected: -1, hover: -1 };
  let value = new Float64Array(N); // what sizes the nodes: DOL score or a topic's score
  let vmax = 0;
  const visible = new Uint8Array(N);
  function recompute() {
    value = new Float64Array(N);
    if (S.topic < 0) { for (let i = 0; i < N; i++) value[i] = A.score[i]; }
    else { for (const r of D.topics[S.topic].rows) value[r[0]] = r[2]; }
    vmax = 0;
    for (let i = 0; i < N; i++) if (value[i] > vmax) vmax = value[i];
    const min = threshold();
    for (let i = 0; i < N; i++) {
      visible[i] = (S.community === null || A.community[i] === S.community)
        && (S.persona === null || A.persona[i] === S.persona)
        && (min <= 0 || value[i] >= min) ? 1 : 0;
    }
  }
  function threshold() { const t = S.minT / 1000; return vmax * t * t; }
  function fmt(v) {
    if (v === 0) return "0";
    if (Math.abs(v) >= 100) return v.toFixed(0);
    if (Math.abs(v) >= 1) return v.toFixed(2);
    return v.toPrecision(3);
  }

  // ---------------------------------------------------------------- view
  let W = 0, H = 0, dpr = 1;
  const view = { x: 0, y: 0, k: 1 }; // world centre and pixels per unit
  let k0 = 1;
  function resize() {
    const r = canvas.getBoundingClientRect();
    dpr = window.devicePixelRatio || 1;
    W = Math.max(1, r.width); H = Math.max(1, r.height);
    canvas.width = Math.round(W * dpr); canvas.height = Math.round(H * dpr);
  }
  function fit() {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let i = 0; i < N; i++) {
      if (!visible[i]) continue;
      x0 = Math.min(x0, A.x[i]); x1 = Math.max(x1, A.x[i]); y0 = Math.min(y0, A.y[i]); y1 = Math.max(y1, A.y[i]);
    }
    if (x0 > x1) { x0 = -1; x1 = 1; y0 = -1; y1 = 1; }
    view.x = (x0 + x1) / 2; view.y = (y0 + y1) / 2;
    view.k = 0.92 * Math.min(W / Math.max(x1 - x0, 1e-6), H / Math.max(y1 - y0, 1e-6));
    if (!isFinite(view.k) || view.k <= 0) view.k = 1;
    k0 = view.k;
  }
  const sx = (x) => (x - view.x) * view.k + W / 2;
  const sy = (y) => (y - view.y) * view.k + H / 2;
  function radius(i) {
    const zoom = Math.min(4, Math.max(0.7, Math.sqrt(view.k / k0)));
    const v = vmax > 0 ? Math.sqrt(Math.max(0, value[i]) / vmax) : 0;
    return (1.6 + 11 * v) * zoom;
  }

  // ---------------------------------------------------------------- drawing
  // While the view moves only the heaviest links are drawn; the rest
  // follow once it rests, so pan and zoom stay smooth on 100,000 links.
  const MOVING_LINKS = 15000;
  let moving = false, restTimer = 0, frame = 0;
  function schedule() { if (!frame) frame = requestAnimationFrame(draw); }
  function moved() {
    moving = true; schedule();
    clearTimeout(restTimer);
    restTimer = setTimeout(() => { moving = false; schedule(); }, 160);
  }
  function isNeighbour(i) {
    if (S.selected < 0) return false;
    for (let j = nbStart[S.selected]; j < nbStart[S.selected + 1]; j++) if (nb[j] === i) return true;
    return false;
  }
  function draw() {
    frame = 0;
    const began = performance.now();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, W, H);
    const sel = S.selected;
    const focus = new Uint8Array(N); // 1: selected or neighbour
    if (sel >= 0) { focus[sel] = 1; for (let j = nbStart[sel]; j < nbStart[sel + 1]; j++) focus[nb[j]] = 1; }
    const onTopic = S.topic >= 0 ? topicRows[S.topic] : null;
    // Links: the data lists the heaviest first; drawn from the lightest up
    // so heavy links lie on top.
    const upto = moving ? Math.min(M, MOVING_LINKS) : M;
    ctx.lineWidth = 0.6;
    ctx.strokeStyle = sel >= 0 ? "rgba(150,150,150,0.10)" : "rgba(120,120,120,0.22)";
    ctx.beginPath();
    for (let e = upto - 1; e >= 0; e--) {
      const a = L[3 * e], b = L[3 * e + 1];
      if (!visible[a] || !visible[b]) continue;
      const ax = sx(A.x[a]), ay = sy(A.y[a]), bx = sx(A.x[b]), by = sy(A.y[b]);
      if ((ax < 0 && bx < 0) || (ax > W && bx > W) || (ay < 0 && by < 0) || (ay > H && by > H)) continue;
      ctx.moveTo(ax, ay); ctx.lineTo(bx, by);
    }
    ctx.stroke();
    if (sel >= 0) {
      ctx.strokeStyle = "rgba(40,40,40,0.55)"; ctx.lineWidth = 1.1;
      ctx.beginPath();
      for (let j = nbStart[sel]; j < nbStart[sel + 1]; j++) {
        const b = nb[j];
        if (!visible[b]) continue;
        ctx.moveTo(sx(A.x[sel]), sy(A.y[sel])); ctx.lineTo(sx(A.x[b]), sy(A.y[b]));
      }
      ctx.stroke();
    }
    // Nodes, one path per colour; faded ones (off the topic, or away from
    // the selection) first and pale.
    const buckets = new Map();
    const faded = [];
    for (let i = 0; i < N; i++) {
      if (!visible[i]) continue;
      const x = sx(A.x[i]), y = sy(A.y[i]);
      const r = radius(i);
      if (x < -r || x > W + r || y < -r || y > H + r) continue;
      const pale = (sel >= 0 && !focus[i]) || (onTopic && !onTopic.has(i));
      if (pale) { faded.push(i); continue; }
      const c = colorOf.get(A.community[i]) || "#9e9e9e";
      if (!buckets.has(c)) buckets.set(c, []);
      buckets.get(c).push(i);
    }
    ctx.globalAlpha = 0.22;
    ctx.fillStyle = "#9e9e9e";
    ctx.beginPath();
    for (const i of faded) { const x = sx(A.x[i]), y = sy(A.y[i]), r = radius(i); ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 6.2832); }
    ctx.fill();
    ctx.globalAlpha = 1;
    for (const [c, list] of buckets) {
      ctx.fillStyle = c;
      ctx.beginPath();
      for (const i of list) { const x = sx(A.x[i]), y = sy(A.y[i]), r = radius(i); ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 6.2832); }
      ctx.fill();
    }
    ctx.strokeStyle = "rgba(255,255,255,0.8)"; ctx.lineWidth = 0.6;
    for (const [, list] of buckets) {
      ctx.beginPath();
      for (const i of list) { if (radius(i) < 4) continue; const x = sx(A.x[i]), y = sy(A.y[i]), r = radius(i); ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 6.2832); }
      ctx.stroke();
    }
    if (sel >= 0 && visible[sel]) {
      ctx.strokeStyle = "#000"; ctx.lineWidth = 2.5;
      ctx.beginPath(); ctx.arc(sx(A.x[sel]), sy(A.y[sel]), radius(sel) + 3, 0, 6.2832); ctx.stroke();
    }
    labels(focus, onTopic);
    // How long the frame took, for tests (moving: the lighter frame).
    document.body.dataset[moving ? "movingFrame" : "frame"] = String(Math.round(performance.now() - began));
  }

  // Labels for the top accounts in view (the selection and its neighbours
  // first), placed greedily: a label that would overlap one already placed,
  // or a larger dot, is left out.
  const MAX_LABELS = 40;
  function labelText(i) { return A.name[i] || A.handle[i]; }
  function labels(focus, onTopic) {
    const cand = [];
    for (let i = 0; i < N; i++) {
      if (!visible[i]) continue;
      if (S.selected >= 0 && !focus[i]) continue;
      if (onTopic && !onTopic.has(i)) continue;
      const x = sx(A.x[i]), y = sy(A.y[i]);
      if (x < 0 || x > W || y < 0 || y > H) continue;
      cand.push(i);
    }
    cand.sort((a, b) => (b === S.selected) - (a === S.selected) || value[b] - value[a] || a - b);
    const placed = [];
    const dots = [];
    for (const i of cand.slice(0, 300)) { const r = radius(i); if (r >= 5) dots.push([sx(A.x[i]) - r, sy(A.y[i]) - r, sx(A.x[i]) + r, sy(A.y[i]) + r, i]); }
    ctx.textBaseline = "middle";
    let shown = 0;
    // A few hundred tries at most: past them the view is crowded anyway.
    for (const i of cand.slice(0, 400)) {
      if (shown >= MAX_LABELS) break;
      let t = labelText(i);
      if (t.length > 28) t = t.slice(0, 27) + "\u2026";
      const big = i === S.selected || value[i] >= 0.35 * vmax;
      ctx.font = (big ? "600 " : "") + (big ? 13 : 12) + "px system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";
      const w = ctx.measureText(t).width, h = big ? 15 : 14;
      const x = sx(A.x[i]), y = sy(A.y[i]), r = radius(i);
      // Right of the dot, else left.
      let box = null;
      // Right of the dot, else left, else above; the selected account's
      // label is placed first and may cover small dots.
      const spots = [[x + r + 3, y], [x - r - 3 - w, y], [x - w / 2, y - r - h / 2 - 2]];
      for (const [bx, by] of spots) {
        const b = [bx, by - h / 2, bx + w, by + h / 2];
        if (b[0] < 2 || b[2] > W - 2 || b[1] < 2 || b[3] > H - 2) continue;
        if (placed.some((p) => overlaps(p, b))) continue;
        if (i !== S.selected && dots.some((d) => d[4] !== i && overlaps(d, b))) continue;
        box = b; break;
      }
      if (!box) continue;
      placed.push(box);
      ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.lineJoin = "round";
      const ty = (box[1] + box[3]) / 2;
      ctx.strokeText(t, box[0], ty);
      ctx.fillStyle = "#222"; ctx.fillText(t, box[0], ty);
      shown++;
    }
  }
  function overlaps(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }

  // ---------------------------------------------------------------- input
  let drag = null;
  canvas.addEventListener("pointerdown", (ev) => {
    drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, far: false };
    canvas.setPointerCapture(ev.pointerId);
  });
  canvas.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) { drag.far = true; canvas.classList.add("dragging"); }
    if (drag.far) { view.x = drag.vx - dx / view.k; view.y = drag.vy - dy / view.k; moved(); }
  });
  canvas.addEventListener("pointerup", (ev) => {
    const wasClick = drag && !drag.far;
    drag = null; canvas.classList.remove("dragging");
    if (wasClick) {
      const r = canvas.getBoundingClientRect();
      const hit = nearest(ev.clientX - r.left, ev.clientY - r.top);
      if (hit >= 0) select(hit, false); else { S.selected = -1; showPanel(); schedule(); }
    }
  });
  canvas.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const r = canvas.getBoundingClientRect();
    const mx = ev.clientX - r.left, my = ev.clientY - r.top;
    const wx = (mx - W / 2) / view.k + view.x, wy = (my - H / 2) / view.k + view.y;
    const f = Math.exp(-ev.deltaY * (ev.deltaMode === 1 ? 0.05 : 0.0015));
    view.k = Math.min(k0 * 400, Math.max(k0 * 0.3, view.k * f));
    view.x = wx - (mx - W / 2) / view.k; view.y = wy - (my - H / 2) / view.k;
    moved();
  }, { passive: false });
  function nearest(px, py) {
    let best = -1, bd = Infinity;
    for (let i = 0; i < N; i++) {
      if (!visible[i]) continue;
      const dx = sx(A.x[i]) - px, dy = sy(A.y[i]) - py, d = dx * dx + dy * dy, r = radius(i) + 4;
      if (d <= r * r && d < bd) { bd = d; best = i; }
    }
    return best;
  }
  window.addEventListener("resize", () => { resize(); schedule(); });

  // ---------------------------------------------------------------- search
  const q = $("q"), suggest = $("suggest");
  let matches = [];
  function find(text, limit) {
    const t = text.trim().toLowerCase().replace(/^@/, "");
    if (!t) return [];
    const out = [];
    for (const i of byScore) {
      if (lowerHandle[i].startsWith(t) || lowerName[i].startsWith(t)) { out.push(i); if (out.length >= limit) break; }
    }
    return out;
  }
  function accountLine(i) {
    const name = A.name[i];
    return name && name !== A.handle[i] ? name + " (@" + A.handle[i] + ")" : "@" + A.handle[i];
  }
  q.addEventListener("input", () => {
    matches = find(q.value, 8);
    suggest.replaceChildren();
    for (const i of matches) {
      const li = document.createElement("li");
      li.textContent = accountLine(i);
      li.addEventListener("mousedown", (ev) => { ev.preventDefault(); pick(i); });
      suggest.append(li);
    }
    if (!matches.length && q.value.trim()) {
      const li = document.createElement("li"); li.className = "muted";
      li.textContent = "no drawn account starts with this"; suggest.append(li);
    }
    const r = q.getBoundingClientRect();
    suggest.style.left = r.left + "px"; suggest.style.top = (r.bottom + window.scrollY) + "px";
    suggest.hidden = suggest.childElementCount === 0;
  });
  q.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") { ev.preventDefault(); const m = find(q.value, 1); if (m.length) pick(m[0]); }
    else if (ev.key === "Escape") suggest.hidden = true;
  });
  q.addEventListener("blur", () => { suggest.hidden = true; });
  function pick(i) { suggest.hidden = true; select(i, true); }

  // ---------------------------------------------------------------- selection
  function select(i, centre) {
    S.selected = i;
    if (!visible[i]) { // a filter hid it: clear the filters that do
      S.community = null; S.persona = null; S.minT = 0;
      $("community").value = ""; $("persona").value = ""; $("min").value = "0";
      recompute(); showMin();
    }
    if (centre) {
      view.x = A.x[i]; view.y = A.y[i];
      view.k = Math.max(view.k, k0 * 3);
    }
    showPanel(); schedule();
  }
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function safeUrl(u) { return /^https?:\/\//i.test(u) ? u : null; }
  function link(u, text) {
    const a = el("a", text);
    a.href = u; a.target = "_blank"; a.rel = "noopener noreferrer";
    return a;
  }
  function swatch(k) {
    const s = el("span", null, "swatch");
    s.style.background = colorOf.get(k) || "#9e9e9e";
    return s;
  }
  function communityLine(k) {
    const c = communityOf.get(k);
    let t = "community " + k;
    if (c) {
      t += " (" + c.size.toLocaleString("en") + " accounts";
      if (c.topic) t += ", " + c.topic;
      t += ")";
    }
    return t;
  }
  function showPanel() {
    const p = $("panel");
    p.replaceChildren();
    const i = S.selected;
    if (i < 0) { p.hidden = true; return; }
    p.hidden = false;
    const close = el("button", "\u00d7", "close");
    close.title = "close"; close.addEventListener("click", () => { S.selected = -1; showPanel(); schedule(); });
    p.append(close);
    p.append(el("div", A.name[i] || A.handle[i], "name"));
    p.append(el("div", "@" + A.handle[i], "handle"));
    const dl = el("dl");
    const row = (k, v) => { dl.append(el("dt", k)); const dd = el("dd"); if (typeof v === "string") dd.textContent = v; else dd.append(v); dl.append(dd); };
    row("platform", D.platforms[A.platform[i]] || "unknown");
    const u = safeUrl(A.url[i]);
    if (u) row("profile", link(u, u)); else row("profile", D.pseudonymized ? "hidden (pseudonymised run)" : "none");
    row("persona", D.personas[A.persona[i]] || "");
    const cd = el("span"); cd.append(swatch(A.community[i]), document.createTextNode(communityLine(A.community[i])));
    row("community", cd);
    row("DOL score", fmt(A.score[i]));
    const degree = nbStart[i + 1] - nbStart[i];
    row("linked to", degree + " drawn account" + (degree === 1 ? "" : "s"));
    p.append(dl);
    if (D.topics.length) {
      p.append(el("h2", "Topics"));
      const table = el("table");
      const head = el("tr"); head.append(el("th", "topic"), el("th", "rank", "num"), el("th", "score", "num")); table.append(head);
      const whys = [];
      D.topics.forEach((t, ti) => {
        const r = topicRows[ti].get(i);
        const tr = el("tr");
        tr.append(el("td", t.name), el("td", r ? String(r[1]) : "not ranked", "num"), el("td", r ? fmt(r[2]) : "", "num"));
        table.append(tr);
        if (r && r[3]) whys.push([t.name, r[3]]);
      });
      p.append(table);
      for (const [t, w] of whys) { const d = el("div", null, "why"); d.append(el("b", t + ": "), document.createTextNode(w)); p.append(d); }
      const posts = postsOf.get(i) || [];
      if (posts.length) {
        p.append(el("h2", "Most engaged posts"));
        for (const post of posts) {
          const d = el("div", null, "post");
          d.append(el("div", post[2] || (D.pseudonymized ? "(text dropped: pseudonymised run)" : "")));
          const meta = el("div", D.topics[post[1]].name + " \u00b7 " + post[4] + (post[4] === "1" ? " engagement " : " engagements "), "muted");
          const pu = safeUrl(post[3]);
          if (pu) meta.append(link(pu, "open post"));
          d.append(meta);
          p.append(d);
        }
      } else if (D.evidence) {
        p.append(el("p", "No evidence posts for this account (evidence.csv lists the top ranks of each topic).", "muted"));
      }
    }
  }

  // ---------------------------------------------------------------- lists
  function showTop() {
    const ol = $("top20");
    ol.replaceChildren();
    let list;
    if (S.topic >= 0) {
      $("toptitle").textContent = "Top 20 on " + D.topics[S.topic].name;
      list = D.topics[S.topic].rows.filter((r) => visible[r[0]]).slice(0, 20).map((r) => [r[0], "#" + r[1] + " \u00b7 " + fmt(r[2])]);
    } else {
      $("toptitle").textContent = "Top 20 by DOL score";
      list = byScore.filter((i) => visible[i]).slice(0, 20).map((i) => [i, fmt(A.score[i])]);
    }
    for (const [i, score] of list) {
      const li = el("li");
      li.append(swatch(A.community[i]), document.createTextNode(accountLine(i) + " "), el("span", score, "score"));
      li.addEventListener("click", () => select(i, true));
      ol.append(li);
    }
    if (!list.length) ol.append(el("li", "no account passes the filters", "muted"));
  }
  function showMin() { $("minval").textContent = fmt(threshold()); }
  function refresh() { recompute(); showMin(); showTop(); if (S.selected >= 0) showPanel(); schedule(); }

  // ---------------------------------------------------------------- controls
  const topicSel = $("topic");
  D.topics.forEach((t, i) => { const o = el("option", t.name); o.value = String(i); topicSel.append(o); });
  topicSel.disabled = D.topics.length === 0;
  topicSel.addEventListener("change", () => { S.topic = topicSel.value === "" ? -1 : Number(topicSel.value); refresh(); });
  const commSel = $("community");
  for (const c of D.communities) {
    const o = el("option", communityLine(c.id)); o.value = String(c.id); commSel.append(o);
  }
  commSel.addEventListener("change", () => { S.community = commSel.value === "" ? null : Number(commSel.value); refresh(); fit(); schedule(); });
  const persSel = $("persona");
  D.personas.forEach((p, i) => { const o = el("option", p); o.value = String(i); persSel.append(o); });
  persSel.addEventListener("change", () => { S.persona = persSel.value === "" ? null : Number(persSel.value); refresh(); });
  $("min").addEventListener("input", (ev) => { S.minT = Number(ev.target.value); refresh(); });
  $("reset").addEventListener("click", () => { fit(); schedule(); });
  const legend = $("communities");
  for (const c of D.communities.slice(0, 15)) {
    const li = el("li");
    li.append(swatch(c.id), document.createTextNode(communityLine(c.id) + (c.shown < c.size ? ", " + c.shown.toLocaleString("en") + " drawn" : "")));
    li.addEventListener("click", () => { commSel.value = String(c.id); commSel.dispatchEvent(new Event("change")); });
    legend.append(li);
  }
  if (D.communities.length > 15) legend.append(el("li", "and " + (D.communities.length - 15) + " more in the Community list", "muted"));

  // What the page shows and leaves out.
  const lo = D.left_out;
  let facts = N.toLocaleString("en") + " of " + lo.total_accounts.toLocaleString("en") + " accounts drawn ("
    + D.communities.length.toLocaleString("en") + " of " + lo.total_communities.toLocaleString("en") + " communities, the largest), "
    + M.toLocaleString("en") + " of their " + lo.total_links.toLocaleString("en") + " links";
  facts += lo.links > 0 ? " (the heaviest)." : ".";
  if (lo.accounts > 0) {
    facts += " Left out: " + lo.accounts.toLocaleString("en") + " accounts, ";
    facts += lo.cut_communities > 0
      ? "those of smaller communities and the lower DOL scores of " + lo.cut_communities
        + (lo.cut_communities === 1 ? " community" : " communities") + " too large to draw whole"
      : "those of smaller communities";
    facts += "; accounts.csv and graph.gexf have every one.";
  }
  if (D.topics.length) facts += " Each topic's why is kept for its first " + D.why_ranks + " ranks (topics.csv has all).";
  if (D.pseudonymized) facts += " Pseudonymised run: handles and names are pseudonyms.";
  $("facts").textContent = facts;

  resize();
  recompute();
  fit();
  showMin();
  showTop();
  draw();
  // For tests and the curious: when the first drawing was done.
  document.body.dataset.ready = String(Math.round(performance.now()));
})();
