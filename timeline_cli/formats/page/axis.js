// The drawn timeline: a linear time scale over the events' UTC instants (all-day and
// partial dates as their whole local period in the chosen zone), ticks from AxisTicks,
// point events as marks in rows, spans as bars in lanes, each packed greedily at the
// current zoom so that nothing overlaps; what does not fit in the rows of its column is
// a "+N" cluster that zooms in. Only what is in view is in the DOM (10 000 events).
// Marks and bars are buttons named by their date and title: the same details open
// from them as from the list, and Tab goes through the ones in view.
const TimelineAxis = (function () {
  "use strict";
  const { DAY, MONTHS, period, parts } = Times;
  const HEAD = 30; // px: the band of tick labels
  const ROW = 30; // px: a row of marks, a lane of bars
  const POINT_ROWS = 4;
  const BAR_LANES = 4;
  const DOT = 12;
  const GAP = 8;
  const MIN_BAR = 6;
  const COLUMN = 48; // px: the width of a "+N" cluster's column
  const LABEL_MAX = 220;
  const MIN_LABEL = 60; // px: a label cut shorter than this is left out

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // {a, b, at, bar, faint}: where an event is, in UTC milliseconds, with dates in `zone`
  function place(event, zone) {
    if (event.start_ms !== undefined) {
      const b = event.end_ms ?? event.start_ms;
      return { a: event.start_ms, b, at: event.start_ms, bar: event.end_ms !== undefined,
        faint: false };
    }
    const partial = (p) => p === "year" || p === "month";
    const [a, first] = period(event.start, event.precision, zone);
    const b = event.end ? period(event.end, event.end_precision || event.precision, zone)[1] : first;
    const faint = partial(event.precision) || partial(event.end_precision);
    // a single whole day is a mark in the middle of its day
    return { a, b, at: (a + b) / 2, bar: faint || Boolean(event.end), faint };
  }

  function create(options) {
    const { viewport, events, describe, onOpen, onView } = options;
    const ticksLayer = el("div", "axis-ticks");
    const itemsLayer = el("div", "axis-items");
    viewport.append(ticksLayer, itemsLayer);
    const canvas = document.createElement("canvas").getContext("2d");
    const widths = new Map();
    let zone = null;
    let whole = [0, DAY];
    let view = null;
    let wanted = null; // the view to show with the next show(): [from, to] or "whole"
    let items = [];
    let clusters = [];
    let laidOut = null;
    let rows = { points: 1, bars: 0, clusters: 0 };
    const shown = new Map();

    function measure(text) {
      let width = widths.get(text);
      if (width === undefined) {
        if (widths.size === 0) {
          const style = getComputedStyle(viewport);
          canvas.font = `${style.fontSize} ${style.fontFamily}`;
        }
        width = Math.ceil(canvas.measureText(text).width) + 2;
        if (widths.size > 20000) widths.clear();
        widths.set(text, width);
      }
      return width;
    }

    // the whole timeline, a little wider than its events, at least a day
    function extent(places) {
      let low = Infinity;
      let high = -Infinity;
      for (const p of places) {
        low = Math.min(low, p.a);
        high = Math.max(high, p.b);
      }
      if (low === Infinity) [low, high] = [Date.now() - DAY, Date.now()];
      const pad = Math.round(Math.max((high - low) * 0.03, DAY / 4));
      return [low - pad, Math.max(high + pad, low - pad + DAY)];
    }

    function show(chosen, newZone) {
      if (newZone !== zone) {
        zone = newZone;
        const all = events.map((event) => place(event, zone));
        whole = extent(all);
        events.forEach((event, index) => { event.axisPlace = all[index]; });
      }
      items = chosen.map((index) => ({ index, ...events[index].axisPlace }));
      items.sort((x, y) => (x.bar ? x.a : x.at) - (y.bar ? y.a : y.at) || y.b - x.b);
      for (const element of shown.values()) element.remove();
      shown.clear();
      laidOut = null;
      setView(wanted === "whole" ? whole : wanted || view || whole, true);
      wanted = null;
    }
    // the view the next show() opens with (from the address): null for the whole timeline
    const want = (next) => { wanted = next || "whole"; };

    // Greedy packing at `k` px per ms, in time order: each item goes to the first row
    // (marks) or lane (bars) where it fits with its label; failing that, where its dot
    // or bar fits, cutting short the label of the item before it there; failing that,
    // it is counted in its column's "+N". A label runs on past a short bar.
    function settle(item, lines, most, label) {
      const want = item.flip ? item.solidLeft - 6 - label : item.solidLeft;
      for (let r = 0; r < most; r += 1) {
        if (!lines[r] || lines[r].end + GAP <= want) return [r, label];
      }
      let best = -1;
      for (let r = 0; r < most; r += 1) {
        if (lines[r].solid + GAP > item.solidLeft) continue;
        if (best < 0 || lines[r].end < lines[best].end) best = r;
      }
      if (best < 0) return [-1, 0];
      // a flipped label is on the left of its dot: nothing of it is in the way
      const before = lines[best].last;
      if (!before.flip) {
        before.labelWidth = Math.max(0, item.solidLeft - GAP - before.labelStart);
        if (before.labelWidth < MIN_LABEL) before.labelWidth = 0;
        before.right = Math.max(before.solidRight, before.labelStart + before.labelWidth);
      }
      return [best, item.flip ? 0 : label];
    }
    function layout(k) {
      const lines = { point: [], bar: [] };
      const over = new Map();
      const end = whole[1] * k;
      for (const item of items) {
        let label = Math.min(measure(events[item.index].title), LABEL_MAX);
        if (item.bar) {
          item.solidLeft = item.a * k;
          item.solidRight = item.solidLeft + Math.max((item.b - item.a) * k, MIN_BAR);
          item.labelStart = item.solidLeft + 6;
          // a long bar has room for all of its title
          label = Math.min(measure(events[item.index].title), Math.max(LABEL_MAX,
            item.solidRight - item.labelStart - 6));
          label = Math.max(Math.min(label, end - item.labelStart - 8), 0);
          item.flip = false;
        } else {
          item.solidLeft = item.at * k - DOT / 2;
          item.solidRight = item.solidLeft + DOT;
          item.labelStart = item.solidRight + 6;
          // near the end of the timeline, a mark's label is on its left
          item.flip = item.labelStart + label > end;
        }
        const kind = item.bar ? "bar" : "point";
        const [row, width] = settle(item, lines[kind], item.bar ? BAR_LANES : POINT_ROWS, label);
        item.row = row;
        item.labelWidth = width < MIN_LABEL ? 0 : width;
        if (row < 0) {
          const column = Math.floor((item.bar ? item.solidLeft : item.at * k) / COLUMN);
          over.set(column, (over.get(column) || 0) + 1);
          continue;
        }
        if (item.flip && item.labelWidth) {
          item.left = item.solidLeft - 6 - item.labelWidth;
          item.right = item.solidRight;
        } else {
          item.flip = false;
          item.left = item.solidLeft;
          item.right = Math.max(item.solidRight, item.labelStart + item.labelWidth);
        }
        lines[kind][row] = { solid: item.solidRight, end: item.right, last: item };
      }
      clusters = [...over].map(([column, count]) => ({ column, count, left: column * COLUMN }));
      rows = { points: Math.max(lines.point.length, lines.bar.length ? 0 : 1),
        bars: lines.bar.length, clusters: clusters.length ? 1 : 0 };
      laidOut = k;
    }

    function top(item) {
      if (item.bar) return HEAD + (rows.points + item.row) * ROW;
      return HEAD + item.row * ROW;
    }

    function element(item) {
      let node = shown.get(item.index);
      if (node) return node;
      const event = events[item.index];
      node = el("button", item.bar ? `bar${item.faint ? " faint" : ""}` : "mark");
      node.type = "button";
      node.dataset.index = String(item.index);
      const name = describe(event);
      node.setAttribute("aria-label", name);
      node.title = name;
      if (!item.bar) node.append(el("span", "dot"));
      const label = el("span", "label", event.title);
      label.dir = "auto";
      node.append(label);
      node.addEventListener("click", () => onOpen(event, node));
      shown.set(item.index, node);
      return node;
    }

    function clusterElement(cluster) {
      const key = `c${cluster.column}`;
      let node = shown.get(key);
      if (!node) {
        node = el("button", "cluster");
        node.type = "button";
        node.addEventListener("click", () => {
          const k = laidOut;
          zoom(1 / 4, (cluster.left + COLUMN / 2) / k);
        });
        shown.set(key, node);
      }
      node.textContent = `+${cluster.count}`;
      node.setAttribute("aria-label", `${cluster.count} more events here: zoom in`);
      return node;
    }

    function draw() {
      const width = viewport.clientWidth;
      if (!width || !view) return;
      const [from, to] = view;
      const k = width / (to - from);
      if (laidOut !== k) layout(k);
      const offset = from * k;
      const scale = AxisTicks.ticks(from, to, width, zone, measure);
      ticksLayer.replaceChildren(...scale.ticks.map((tick) => {
        const line = el("div", tick.major ? "tick major" : "tick");
        line.style.left = `${tick.x.toFixed(1)}px`;
        if (tick.shown) line.append(el("span", "tick-label", tick.text));
        return line;
      }));
      viewport.dataset.unit = `${scale.count} ${scale.unit}`;
      const height = HEAD + (rows.points + rows.bars + rows.clusters) * ROW + 6;
      viewport.style.height = `${height}px`;
      const active = document.activeElement;
      const wanted = [];
      for (const item of items) {
        if (item.row < 0 || item.right < offset || item.left > offset + width) continue;
        const node = element(item);
        node.style.left = `${(item.left - offset).toFixed(1)}px`;
        node.style.top = `${top(item)}px`;
        let label = item.labelWidth;
        if (item.bar) {
          node.style.width = `${(item.solidRight - item.solidLeft).toFixed(1)}px`;
          // the label of a bar that starts before the view stays at the view's left edge
          const shift = Math.max(0, Math.min(offset - item.labelStart + 4,
            item.solidRight - item.labelStart - MIN_LABEL));
          node.lastChild.style.left = `${(3 + shift).toFixed(1)}px`;
          label = Math.min(label, item.right - item.labelStart - shift);
        }
        node.lastChild.style.maxWidth = `${Math.floor(Math.max(label, 0))}px`;
        node.classList.toggle("bare", !item.labelWidth);
        node.classList.toggle("flip", item.flip);
        wanted.push(node);
      }
      for (const cluster of clusters) {
        if (cluster.left + COLUMN < offset || cluster.left > offset + width) continue;
        const node = clusterElement(cluster);
        node.style.left = `${(cluster.left - offset).toFixed(1)}px`;
        node.style.top = `${HEAD + (rows.points + rows.bars) * ROW}px`;
        wanted.push(node);
      }
      const keep = new Set(wanted);
      for (const [key, node] of shown) {
        if (!keep.has(node)) {
          node.remove();
          if (typeof key === "string") shown.delete(key);
        }
      }
      // the DOM (and so the Tab) order is the order in time
      let cursor = itemsLayer.firstChild;
      for (const node of wanted) {
        if (node === cursor) cursor = cursor.nextSibling;
        else itemsLayer.insertBefore(node, cursor);
      }
      if (active && active !== document.activeElement && itemsLayer.contains(active)) {
        active.focus({ preventScroll: true });
      } else if (active && active.classList && !active.isConnected) {
        viewport.focus({ preventScroll: true });
      }
      viewport.dataset.from = String(Math.round(from));
      viewport.dataset.to = String(Math.round(to));
      viewport.setAttribute("aria-label", `Drawn timeline: ${rangeText(from, to)}`);
      options.range.textContent = rangeText(from, to);
    }

    function rangeText(from, to) {
      const a = parts(from, zone);
      const b = parts(to, zone);
      const month = (p) => `${MONTHS[p.m - 1].slice(0, 3)} ${p.y}`;
      if (to - from > 3 * 365 * DAY) return `${a.y} – ${b.y}`;
      if (to - from > 60 * DAY) return `${month(a)} – ${month(b)}`;
      return `${a.d} ${month(a)} – ${b.d} ${month(b)}`;
    }

    // the view, kept between one day and the whole timeline
    function setView(next, quiet) {
      const most = whole[1] - whole[0];
      const span = Math.min(Math.max(next[1] - next[0], DAY), most);
      let from = next[0] + (next[1] - next[0] - span) / 2;
      from = Math.min(Math.max(from, whole[0]), whole[1] - span);
      view = [from, from + span];
      draw();
      if (!quiet) onView();
    }
    function zoom(factor, at) {
      const [from, to] = view;
      const anchor = at ?? (from + to) / 2;
      const span = Math.min(Math.max((to - from) * factor, DAY), whole[1] - whole[0]);
      const share = (anchor - from) / (to - from);
      setView([anchor - share * span, anchor - share * span + span]);
    }
    const pan = (ms) => setView([view[0] + ms, view[1] + ms]);
    const fit = () => setView(whole);
    const isWhole = () => Math.abs(view[0] - whole[0]) + Math.abs(view[1] - whole[1]) < 1000;
    const at = (px) => view[0] + (px / viewport.clientWidth) * (view[1] - view[0]);

    window.addEventListener("resize", () => { if (view) draw(); });
    return { show, want, setView, zoom, pan, fit, isWhole, at, view: () => view,
      whole: () => whole };
  }

  return { create, place };
})();
