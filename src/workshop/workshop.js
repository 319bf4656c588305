// The workshop page: the facilitator moves the leader over the caring x daring square
// and every panel shows the team of the nearest grid points, interpolated. All data
// come from the JSON block teamsim wrote into this file; nothing is fetched.
"use strict";
(function () {
  const D = JSON.parse(document.getElementById("workshop-data").textContent);
  const G = D.grid;
  const OBS = D.observations;
  const NSER = D.series.length;
  const SER = Object.fromEntries(D.series.map((name, k) => [name, k]));
  const MISSING = 65535;
  const COLORS = { grow: "#2e7d32", protect: "#e65100", absent: "#9e9e9e", vacant: "#e0e0e0", band: "rgba(21,101,192,0.18)", line: "#1565c0" };
  const STYLE_COLORS = ["#2e7d32", "#f9a825", "#1565c0", "#8e24aa"];

  // Decode each grid's quantised daily series once.
  const grids = D.grids.map((g) => {
    const bytes = atob(g.series);
    const raw = new Uint16Array(bytes.length / 2);
    for (let k = 0; k < raw.length; k++) {
      raw[k] = bytes.charCodeAt(2 * k) | (bytes.charCodeAt(2 * k + 1) << 8);
    }
    return { interventions: g.interventions, headline: g.headline, pulse: g.pulse, representative: g.representative, raw };
  });

  const state = {
    lang: D.lang,
    caring: D.start.caring,
    daring: D.start.daring,
    with: true,
    dragging: false,
  };

  const T = (key) => D.strings[state.lang][key] ?? key;
  const grid = () => (state.with || grids.length === 1 ? grids[0] : grids[1]);
  const locale = () => (state.lang === "nl" ? "nl-NL" : "en-GB");
  const fmt = (x, decimals) =>
    Number.isFinite(x)
      ? new Intl.NumberFormat(locale(), { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(x)
      : "–";

  // The four cells around (caring, daring) with their bilinear weights.
  function corners(c, d) {
    const x = c * (G - 1), y = d * (G - 1);
    const i = Math.min(Math.floor(x), G - 2), j = Math.min(Math.floor(y), G - 2);
    const fx = x - i, fy = y - j;
    return [
      [i * G + j, (1 - fx) * (1 - fy)],
      [(i + 1) * G + j, fx * (1 - fy)],
      [i * G + j + 1, (1 - fx) * fy],
      [(i + 1) * G + j + 1, fx * fy],
    ].filter(([, w]) => w > 1e-12);
  }

  // A weighted mean that leaves out cells where the value is undefined.
  function blend(parts, value) {
    let sum = 0, weight = 0;
    for (const [cell, w] of parts) {
      const v = value(cell);
      if (v !== null && Number.isFinite(v)) { sum += w * v; weight += w; }
    }
    return weight > 0 ? sum / weight : NaN;
  }

  function headline(parts, k) {
    const g = grid();
    return blend(parts, (cell) => g.headline[cell][k]);
  }

  function series(parts, name) {
    const g = grid(), s = SER[name], scale = D.scales[name];
    const out = new Float64Array(OBS);
    for (let t = 0; t < OBS; t++) {
      out[t] = blend(parts, (cell) => {
        const q = g.raw[(cell * NSER + s) * OBS + t];
        return q === MISSING ? null : (q / 65534) * scale;
      });
    }
    return out;
  }

  function nearestCell(c, d) {
    const i = Math.round(c * (G - 1)), j = Math.round(d * (G - 1));
    return [i * G + j, i / (G - 1), j / (G - 1)];
  }

  function quadrant(c, d) {
    if (d >= 0.5) return c >= 0.5 ? "q_secure" : "q_dominating";
    return c >= 0.5 ? "q_pleasing" : "q_avoiding";
  }

  // ----- canvases --------------------------------------------------------------------

  function prepare(canvas) {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(10, canvas.clientWidth), h = Math.max(10, canvas.clientHeight);
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
    }
    const ctx = canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.font = "15px DejaVu Sans, Arial, sans-serif";
    ctx.textBaseline = "middle";
    return { ctx, w, h };
  }

  function drawSquare() {
    const canvas = document.getElementById("square");
    const { ctx, w, h } = prepare(canvas);
    const pad = 34, side = Math.min(w, h) - pad - 6;
    const x0 = pad, y0 = 6;
    canvas.dataset.x0 = x0; canvas.dataset.y0 = y0; canvas.dataset.side = side;
    const half = side / 2;
    const fills = { q_dominating: "#ffcdd2", q_secure: "#c8e6c9", q_avoiding: "#ffcdd2", q_pleasing: "#ffcdd2" };
    const cells = [["q_dominating", x0, y0], ["q_secure", x0 + half, y0], ["q_avoiding", x0, y0 + half], ["q_pleasing", x0 + half, y0 + half]];
    ctx.font = "bold 17px DejaVu Sans, Arial, sans-serif";
    ctx.textAlign = "center";
    for (const [q, x, y] of cells) {
      ctx.fillStyle = fills[q];
      ctx.fillRect(x, y, half, half);
      ctx.fillStyle = "#37474f";
      ctx.fillText(T(q), x + half / 2, y + 18);
    }
    ctx.strokeStyle = "#90a4ae"; ctx.lineWidth = 1;
    for (let k = 0; k < G; k++) {
      const p = (k / (G - 1)) * side;
      ctx.beginPath(); ctx.moveTo(x0 + p, y0); ctx.lineTo(x0 + p, y0 + side); ctx.stroke();
      ctx.beginPath(); ctx.moveTo(x0, y0 + p); ctx.lineTo(x0 + side, y0 + p); ctx.stroke();
    }
    ctx.strokeStyle = "#263238"; ctx.lineWidth = 2;
    ctx.strokeRect(x0, y0, side, side);
    ctx.font = "15px DejaVu Sans, Arial, sans-serif";
    ctx.fillStyle = "#263238";
    ctx.fillText(T("axis_caring"), x0 + half, y0 + side + 16);
    ctx.save();
    ctx.translate(12, y0 + half); ctx.rotate(-Math.PI / 2);
    ctx.fillText(T("axis_daring"), 0, 0);
    ctx.restore();
    // The scenario's own leader as a ring, the moved leader as a dot.
    const px = (c) => x0 + c * side, py = (d) => y0 + (1 - d) * side;
    ctx.strokeStyle = "#263238"; ctx.lineWidth = 2; ctx.setLineDash([4, 3]);
    ctx.beginPath(); ctx.arc(px(D.start.caring), py(D.start.daring), 11, 0, 2 * Math.PI); ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = "#0d47a1"; ctx.strokeStyle = "#fff"; ctx.lineWidth = 3;
    ctx.beginPath(); ctx.arc(px(state.caring), py(state.daring), 13, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
  }

  // A time chart: axes, event markers, and whatever `body` draws in plot coordinates.
  function timeChart(id, yMax, yTicks, yFmt, body) {
    const canvas = document.getElementById(id);
    const { ctx, w, h } = prepare(canvas);
    const left = 52, right = 10, top = 18, bottom = 26;
    const pw = w - left - right, ph = h - top - bottom;
    const horizon = D.days[D.days.length - 1] || 1;
    const X = (day) => left + (day / horizon) * pw;
    const Y = (v) => top + ph - (v / yMax) * ph;
    ctx.strokeStyle = "#cfd8dc"; ctx.lineWidth = 1; ctx.fillStyle = "#37474f"; ctx.textAlign = "right";
    for (const v of yTicks) {
      ctx.beginPath(); ctx.moveTo(left, Y(v)); ctx.lineTo(left + pw, Y(v)); ctx.stroke();
      ctx.fillText(yFmt(v), left - 6, Y(v));
    }
    ctx.textAlign = "center";
    dayTicks(ctx, X, left + pw, top + ph + 14, horizon);
    body(ctx, X, Y, top, ph);
    // Event and intervention days: dashed lines, labelled at the top; the markers of
    // days close together share one label ("reorganisation + pressure").
    ctx.font = "14px DejaVu Sans, Arial, sans-serif";
    // Two rows of labels: above the plot, then just inside its top edge.
    const rowEnds = [-1e9, -1e9];
    for (const group of markerGroups(horizon)) {
      for (const m of group) {
        ctx.strokeStyle = m.intervention ? "#6a1b9a" : "#b71c1c"; ctx.lineWidth = 2; ctx.setLineDash([5, 4]);
        ctx.beginPath(); ctx.moveTo(X(m.day), top); ctx.lineTo(X(m.day), top + ph); ctx.stroke();
      }
      ctx.setLineDash([]);
      const label = [...new Set(group.map((m) => m.label[state.lang]))].join(" + ");
      const width = ctx.measureText(label).width;
      const lx = Math.min(Math.max(X(group[0].day) + 4, left), left + pw - width);
      const row = rowEnds.findIndex((end) => lx > end + 6);
      if (row >= 0) {
        const y = row === 0 ? top - 9 : top + 10;
        if (row === 1) {
          ctx.fillStyle = "rgba(255,255,255,0.85)";
          ctx.fillRect(lx - 2, y - 9, width + 4, 18);
        }
        ctx.fillStyle = group.every((m) => m.intervention) ? "#6a1b9a" : "#b71c1c"; ctx.textAlign = "left";
        ctx.fillText(label, lx, y);
        rowEnds[row] = lx + width;
      }
    }
    ctx.strokeStyle = "#455a64"; ctx.lineWidth = 1.5;
    ctx.strokeRect(left, top, pw, ph);
  }

  // The markers shown now, grouped when they lie within 3% of the period of each other.
  function markerGroups(horizon) {
    const groups = [];
    for (const m of D.markers) {
      if (m.intervention && !grid().interventions) continue;
      const last = groups[groups.length - 1];
      if (last && m.day - last[last.length - 1].day <= 0.03 * horizon) last.push(m);
      else groups.push([m]);
    }
    return groups;
  }

  // Day numbers under a time axis; the last one kept inside the plot's right edge.
  function dayTicks(ctx, X, rightEdge, y, horizon) {
    const step = horizon > 150 ? 60 : horizon > 60 ? 20 : 10;
    for (let day = 0; day <= horizon + 1e-9; day += step) {
      const text = fmt(day, 0), width = ctx.measureText(text).width;
      ctx.textAlign = "left";
      ctx.fillText(text, Math.min(X(day) - width / 2, rightEdge - width), y);
    }
  }

  function polyline(ctx, X, Y, values, color, widthPx) {
    ctx.strokeStyle = color; ctx.lineWidth = widthPx; ctx.beginPath();
    let open = false;
    values.forEach((v, t) => {
      if (!Number.isFinite(v)) { open = false; return; }
      if (open) ctx.lineTo(X(D.days[t]), Y(v)); else { ctx.moveTo(X(D.days[t]), Y(v)); open = true; }
    });
    ctx.stroke();
  }

  function bandArea(ctx, X, Y, low, high, color) {
    ctx.fillStyle = color; ctx.beginPath();
    let started = false;
    for (let t = 0; t < OBS; t++) {
      if (!Number.isFinite(high[t])) continue;
      if (started) ctx.lineTo(X(D.days[t]), Y(high[t])); else { ctx.moveTo(X(D.days[t]), Y(high[t])); started = true; }
    }
    for (let t = OBS - 1; t >= 0; t--) if (Number.isFinite(low[t])) ctx.lineTo(X(D.days[t]), Y(low[t]));
    ctx.closePath(); ctx.fill();
  }

  const pct = (v) => fmt(100 * v, 0) + "%";

  function drawDoel(parts) {
    const grow = series(parts, "grow");
    const low = series(parts, "grow_low"), high = series(parts, "grow_high");
    timeChart("chart-doel", 1, [0, 0.25, 0.5, 0.75, 1], pct, (ctx, X, Y) => {
      // Doel 1 above, Doel 2 below: the split of the team on each day.
      ctx.fillStyle = "#ffccbc"; ctx.fillRect(X(0), Y(1), X(D.days[OBS - 1]) - X(0), Y(0) - Y(1));
      ctx.fillStyle = "#a5d6a7"; ctx.beginPath(); ctx.moveTo(X(0), Y(0));
      grow.forEach((v, t) => ctx.lineTo(X(D.days[t]), Y(Number.isFinite(v) ? v : 0)));
      ctx.lineTo(X(D.days[OBS - 1]), Y(0)); ctx.closePath(); ctx.fill();
      ctx.setLineDash([3, 3]);
      polyline(ctx, X, Y, low, "#1b5e20", 1.2);
      polyline(ctx, X, Y, high, "#1b5e20", 1.2);
      ctx.setLineDash([]);
      polyline(ctx, X, Y, grow, COLORS.grow, 3);
    });
  }

  function drawBandChart(id, parts, name, yMax, ticks, yFmt) {
    const mean = series(parts, name), low = series(parts, name + "_low"), high = series(parts, name + "_high");
    timeChart(id, yMax, ticks, yFmt, (ctx, X, Y) => {
      bandArea(ctx, X, Y, low, high, COLORS.band);
      polyline(ctx, X, Y, mean, COLORS.line, 3);
    });
  }

  function niceTicks(max) {
    if (!(max > 0)) return [0, 1];
    const raw = max / 4, mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw);
    const out = [];
    for (let v = 0; v <= max + 1e-9; v += step) out.push(v);
    return out;
  }

  function drawStyles(parts) {
    const canvas = document.getElementById("chart-styles");
    const { ctx, w, h } = prepare(canvas);
    // The names' column is as wide as the longest name ("Angstig-vermijdend gehecht").
    // Where that would take more than half the chart (a narrow screen), each name
    // stands above its bar instead, at the same size: never cut off, never tiny.
    const widest = Math.max(0, ...D.styles.map((s) => ctx.measureText(T("style_" + s)).width));
    const stacked = Math.ceil(widest) + 14 > w * 0.5;
    const left = stacked ? 18 : Math.max(120, Math.ceil(widest) + 14);
    const right = 64, top = 6, bottom = 20;
    const rows = D.styles.length, rowH = (h - top - bottom) / Math.max(rows, 1);
    const pw = w - left - right;
    // Where the bar sits in its row: beside the name, or below it.
    const [barTop, barH, nameY] = stacked ? [0.5, 0.44, 0.24] : [0.18, 0.64, 0.5];
    ctx.strokeStyle = "#cfd8dc"; ctx.fillStyle = "#37474f"; ctx.textAlign = "center";
    for (const v of [0, 0.5, 1]) {
      const x = left + v * pw;
      ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, h - bottom); ctx.stroke();
      ctx.fillText(pct(v), x, h - bottom + 11);
    }
    D.styles.forEach((style, k) => {
      const v = headline(parts, D.headline_fields.indexOf("grow_" + style));
      const y = top + k * rowH;
      ctx.fillStyle = "#263238";
      ctx.textAlign = stacked ? "left" : "right";
      ctx.fillText(T("style_" + style), stacked ? left : left - 8, y + rowH * nameY);
      if (Number.isFinite(v)) {
        ctx.fillStyle = STYLE_COLORS[["secure", "anxious", "avoidant", "fearful"].indexOf(style)];
        ctx.fillRect(left, y + rowH * barTop, v * pw, rowH * barH);
        ctx.fillStyle = "#263238"; ctx.textAlign = "left";
        ctx.font = "bold 16px DejaVu Sans, Arial, sans-serif";
        ctx.fillText(pct(v), left + v * pw + 6, y + rowH * (barTop + barH / 2));
        ctx.font = "15px DejaVu Sans, Arial, sans-serif";
      }
    });
  }

  function drawPulse(c, d) {
    const [cell, gc, gd] = nearestCell(c, d);
    const rows = grid().pulse[cell];
    const canvas = document.getElementById("chart-pulse");
    const { ctx, w, h } = prepare(canvas);
    const left = 52, right = 10, top = 4, bottom = 20;
    const pw = w - left - right, ph = h - top - bottom;
    const rh = ph / Math.max(rows.length, 1), cw = pw / OBS;
    const colors = [COLORS.grow, COLORS.protect, COLORS.absent, COLORS.vacant];
    rows.forEach((row, r) => {
      for (let t = 0; t < row.length; t++) {
        const colour = colors[row.charCodeAt(t) - 48];
        if (!colour) continue; // outside the team at that time
        ctx.fillStyle = colour;
        ctx.fillRect(left + t * cw, top + r * rh, Math.ceil(cw + 0.5), Math.max(1, rh - 1));
      }
    });
    ctx.fillStyle = "#37474f";
    const horizon = D.days[D.days.length - 1] || 1;
    dayTicks(ctx, (day) => left + (day / horizon) * pw, left + pw, top + ph + 11, horizon);
    for (const m of markerGroups(horizon).flat()) {
      const x = left + (m.day / horizon) * pw;
      ctx.strokeStyle = "#000"; ctx.lineWidth = 2; ctx.setLineDash([5, 4]);
      ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + ph); ctx.stroke(); ctx.setLineDash([]);
    }
    document.getElementById("pulse-note").textContent = T("pulse_note")
      .replace("{c}", fmt(gc, 1)).replace("{d}", fmt(gd, 1));
  }

  // ----- text ------------------------------------------------------------------------

  function setText() {
    document.documentElement.lang = state.lang;
    document.title = T("page_title") + " – " + D.scenario.name;
    for (const el of document.querySelectorAll("[data-t]")) el.textContent = T(el.dataset.t);
    for (const b of document.querySelectorAll("button[data-lang]")) b.setAttribute("aria-pressed", String(b.dataset.lang === state.lang));
    const help = document.getElementById("help-body");
    help.replaceChildren();
    for (const block of D.strings[state.lang].help) {
      const h = document.createElement("h3"); h.textContent = block.title; help.append(h);
      const list = document.createElement(block.questions ? "ol" : "ul");
      for (const line of block.lines) { const li = document.createElement("li"); li.textContent = line; list.append(li); }
      help.append(list);
    }
    document.getElementById("footer").textContent = T("footer")
      .replace("{runs}", fmt(D.runs, 0)).replace("{grid}", String(G)).replace("{grid}", String(G));
    const toggle = document.getElementById("toggle-label");
    toggle.classList.toggle("off", grids.length === 1);
    toggle.title = grids.length === 1 ? T("no_interventions") : "";
    document.getElementById("scenario-name").textContent = T("page_title") + ": " + D.scenario.name;
    document.getElementById("square").setAttribute("aria-label", T("square_title"));
  }

  function setCards(parts) {
    const f = D.headline_fields;
    const v = (name) => headline(parts, f.indexOf(name));
    const set = (id, text) => { document.getElementById(id).textContent = text; };
    set("v-grow", pct(v("grow_share")));
    set("v-safety", fmt(v("safety"), 2));
    set("v-learning", fmt(v("learning"), 0));
    set("v-absence", fmt(100 * v("absence_share"), 1) + "%");
    set("v-departures", fmt(v("departures"), 1));
    set("v-episodes", fmt(v("episodes"), 1));
    document.getElementById("where").innerHTML = "";
    const where = document.getElementById("where");
    const b = document.createElement("b"); b.textContent = T(quadrant(state.caring, state.daring));
    where.append(b, document.createTextNode(" · " + T("where")
      .replace("{c}", fmt(state.caring, 2)).replace("{d}", fmt(state.daring, 2))));
    const sq = document.getElementById("square");
    sq.setAttribute("aria-valuetext", where.textContent);
  }

  let pending = false;
  function render() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const parts = corners(state.caring, state.daring);
      drawSquare();
      setCards(parts);
      drawDoel(parts);
      drawBandChart("chart-safety", parts, "safety", 1, [0, 0.25, 0.5, 0.75, 1], (v) => fmt(v, 2));
      const lmax = D.scales.learning;
      drawBandChart("chart-learning", parts, "learning", lmax, niceTicks(lmax), (v) => fmt(v, 0));
      drawStyles(parts);
      drawPulse(state.caring, state.daring);
      document.body.dataset.caring = String(state.caring);
      document.body.dataset.daring = String(state.daring);
    });
  }

  // ----- input -----------------------------------------------------------------------

  const square = document.getElementById("square");
  function moveTo(ev) {
    const r = square.getBoundingClientRect();
    const x0 = Number(square.dataset.x0), y0 = Number(square.dataset.y0), side = Number(square.dataset.side);
    const clamp = (v) => Math.min(1, Math.max(0, v));
    state.caring = clamp((ev.clientX - r.left - x0) / side);
    state.daring = clamp(1 - (ev.clientY - r.top - y0) / side);
    render();
  }
  square.addEventListener("pointerdown", (ev) => {
    state.dragging = true;
    square.setPointerCapture(ev.pointerId);
    moveTo(ev);
    ev.preventDefault();
  });
  square.addEventListener("pointermove", (ev) => { if (state.dragging) moveTo(ev); });
  const stop = () => { state.dragging = false; };
  square.addEventListener("pointerup", stop);
  square.addEventListener("pointercancel", stop);
  square.addEventListener("keydown", (ev) => {
    const step = ev.shiftKey ? 0.01 : 0.05;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    const m = moves[ev.key];
    if (!m) return;
    state.caring = Math.min(1, Math.max(0, state.caring + m[0]));
    state.daring = Math.min(1, Math.max(0, state.daring + m[1]));
    ev.preventDefault();
    render();
  });
  for (const b of document.querySelectorAll("button[data-lang]")) {
    b.addEventListener("click", () => { state.lang = b.dataset.lang; setText(); render(); });
  }
  const toggle = document.getElementById("toggle");
  toggle.checked = true;
  toggle.disabled = grids.length === 1;
  toggle.addEventListener("change", () => { state.with = toggle.checked; render(); });
  const help = document.getElementById("help");
  document.getElementById("open-help").addEventListener("click", () => help.classList.add("open"));
  document.getElementById("close-help").addEventListener("click", () => help.classList.remove("open"));
  help.addEventListener("click", (ev) => { if (ev.target === help) help.classList.remove("open"); });
  window.addEventListener("resize", render);

  setText();
  render();
  document.body.dataset.ready = "true";
})();
