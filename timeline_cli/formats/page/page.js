"use strict";
// The timeline page: everything is built from the JSON data block with DOM calls and
// textContent (never innerHTML); links only for http(s) addresses. The state (zone,
// tags, people, search, and the axis's view) lives in the URL fragment:
// #tz=...&tag=...&person=...&q=...&view=2016-11-20T00:00Z/2017-03-01T00:00Z
(function () {
  const data = JSON.parse(document.getElementById("data").textContent);
  const events = data.events;
  const viewer = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const state = { tz: data.zone, tags: [], people: [], q: "", view: null };
  const $ = (id) => document.getElementById(id);
  let opener = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function httpLink(text) {
    if (typeof text !== "string") return null;
    try {
      const url = new URL(text.trim());
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  // --- times -------------------------------------------------------------------
  const { MONTHS, local, validZone } = Times;
  // the zone of the axis's ticks and dates: for "each event's own zone", --tz's
  function axisZone() {
    return state.tz === "own" ? data.zone : state.tz === "viewer" ? viewer : state.tz;
  }
  function zoneFor(event) {
    if (state.tz === "own") return event.zone;
    if (state.tz === "viewer") return viewer;
    return state.tz;
  }
  function dateText(iso, precision) {
    if (precision === "year") return iso.slice(0, 4);
    if (precision === "month") return `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
    return iso.slice(0, 10);
  }
  function timedText(event, zone) {
    const start = local(event.start_ms, zone, event.start_abbr);
    if (event.end_ms === undefined) return `${start.date} ${start.time} ${start.abbr}`;
    const end = local(event.end_ms, zone, event.end_abbr);
    const endText = end.date === start.date ? end.time : `${end.date} ${end.time}`;
    if (end.abbr === start.abbr) return `${start.date} ${start.time} → ${endText} ${end.abbr}`;
    return `${start.date} ${start.time} ${start.abbr} → ${endText} ${end.abbr}`;
  }
  function whenText(event, zone) {
    if (event.start_ms !== undefined) return timedText(event, zone);
    const start = dateText(event.start, event.precision);
    if (!event.end) return start;
    return `${start} → ${dateText(event.end, event.end_precision || event.precision)}`;
  }
  function yearOf(event, zone) {
    if (event.start_ms !== undefined) return local(event.start_ms, zone, null).year;
    return Number(event.start.slice(0, 4));
  }

  // --- filters and the fragment ------------------------------------------------
  function matches(event) {
    if (!state.tags.every((t) => event.tags.includes(t))) return false;
    if (!state.people.every((p) => event.people.includes(p))) return false;
    if (!state.q) return true;
    const q = state.q.toLowerCase();
    const fields = [event.title, event.description, event.location, event.source,
      ...event.tags, ...event.people];
    return fields.some((f) => typeof f === "string" && f.toLowerCase().includes(q));
  }
  function fragment() {
    const params = new URLSearchParams();
    if (state.tz !== data.zone) params.append("tz", state.tz);
    for (const t of state.tags) params.append("tag", t);
    for (const p of state.people) params.append("person", p);
    if (state.q) params.append("q", state.q);
    if (state.view) params.append("view", state.view.map(isoMinute).join("/"));
    return params.toString();
  }
  function readFragment() {
    const params = new URLSearchParams(location.hash.slice(1));
    const tz = params.get("tz");
    state.tz = tz === "own" || tz === "viewer" || validZone(tz) ? tz : data.zone;
    state.tags = params.getAll("tag");
    state.people = params.getAll("person");
    state.q = params.get("q") || "";
    const view = (params.get("view") || "").split("/").map((text) => Date.parse(text));
    state.view = view.length === 2 && view[0] < view[1] ? view : null;
  }
  const isoMinute = (ms) => `${new Date(ms).toISOString().slice(0, 16)}Z`;
  function writeFragment() {
    const text = fragment();
    if (location.hash.slice(1) === text) return;
    const target = text ? `#${text}` : location.pathname + location.search;
    try {
      history.replaceState(null, "", target);
    } catch (e) {
      location.hash = text;
    }
  }

  // --- controls ----------------------------------------------------------------
  function zoneOptions() {
    const select = $("zone");
    select.replaceChildren();
    const add = (value, label) => {
      const option = el("option", null, label);
      option.value = value;
      select.append(option);
    };
    add(data.zone, data.zone);
    add("own", "each event's own zone");
    add("viewer", `your zone (${viewer})`);
    if (!["own", "viewer", data.zone].includes(state.tz)) add(state.tz, state.tz);
    select.value = state.tz;
  }
  function syncControls() {
    zoneOptions();
    if ($("search").value !== state.q) $("search").value = state.q;
    Chips.sync($("tags"), state.tags);
    Chips.sync($("people"), state.people);
  }

  // --- the timeline ------------------------------------------------------------
  // The first screen is built at once; the rest in slices of a few milliseconds, so a
  // page of 10 000 events answers clicks while it fills in (a newer render stops an
  // older one). Offscreen year sections are not laid out (content-visibility: auto).
  const FIRST = 100;
  const SLICE_MS = 12;
  let generation = 0;
  let finishList = () => {};
  function shownText(event, zone) {
    const cached = event.shown;
    if (cached && cached.zone === zone) return cached;
    const made = { zone, when: whenText(event, zone), year: yearOf(event, zone) };
    Object.defineProperty(event, "shown", { value: made, writable: true, configurable: true });
    return made;
  }
  function item(event, index, when) {
    const partial = event.precision === "year" || event.precision === "month";
    const kind = partial ? "partial" : event.end ? "span" : "point";
    const li = el("li", `event ${kind}`);
    const button = el("button", "open");
    button.type = "button";
    button.dataset.index = String(index);
    const whenNode = el("span", "when", when);
    if (partial) whenNode.title = "the whole period; no day is known";
    if (event.span) whenNode.append(` · ${event.span}`);
    const what = el("span", "what", event.title);
    what.dir = "auto";
    button.append(whenNode, what);
    button.addEventListener("click", () => openDetails(event, button));
    li.append(button);
    return li;
  }
  function render() {
    generation += 1;
    const mine = generation;
    const main = $("timeline");
    main.replaceChildren();
    const chosen = [];
    events.forEach((event, index) => {
      if (matches(event)) chosen.push(index);
    });
    let year = null;
    let section = null;
    let list = null;
    let next = 0;
    const add = () => {
      const index = chosen[next];
      const event = events[index];
      const shown = shownText(event, zoneFor(event));
      if (shown.year !== year || list === null) {
        year = shown.year;
        section = el("section", "year");
        section.append(el("h2", null, String(year)));
        list = el("ol", "events");
        section.append(list);
        main.append(section);
      }
      list.append(item(event, index, shown.when));
      // the placeholder height of the section while it is offscreen
      section.style.containIntrinsicSize = `auto ${3 + list.childElementCount * 3.4}rem`;
      next += 1;
    };
    const slice = () => {
      if (mine !== generation) return;
      const started = performance.now();
      while (next < chosen.length && performance.now() - started < SLICE_MS) add();
      if (next < chosen.length) setTimeout(slice, 0);
    };
    while (next < chosen.length && next < FIRST) add();
    finishList = () => {
      while (next < chosen.length) add();
    };
    if (next < chosen.length) setTimeout(slice, 0);
    if (chosen.length === 0) main.append(el("p", "empty", "No event matches."));
    // the axis once the list's first screen is painted, so that one is there first
    requestAnimationFrame(() => setTimeout(() => {
      if (mine === generation) axis.show(chosen, axisZone());
    }, 0));
    const noun = events.length === 1 ? "event" : "events";
    const shownCount = chosen.length;
    const count = shownCount === events.length ? `${shownCount} ${noun}`
      : `${shownCount} of ${events.length} ${noun}`;
    const where = state.tz === "own" ? "each event's own zone" : state.tz === "viewer" ? viewer : state.tz;
    $("summary").textContent = `${count} · times in ${where}`;
  }
  function update() {
    writeFragment();
    syncControls();
    render();
  }

  // --- details -----------------------------------------------------------------
  function row(list, label, value) {
    if (value === null || value === undefined || value === "") return;
    list.append(el("dt", null, label));
    const dd = el("dd");
    if (typeof value === "string") dd.textContent = value; else dd.append(value);
    list.append(dd);
  }
  function linkOrText(text) {
    const href = httpLink(text);
    if (href === null) return text;
    const a = el("a", null, text);
    a.href = href;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    return a;
  }
  function openDetails(event, button) {
    opener = button;
    $("details-title").textContent = event.title;
    $("details-title").dir = "auto";
    const body = $("details-body");
    body.replaceChildren();
    const list = el("dl");
    const zone = zoneFor(event);
    let when = whenText(event, zone);
    if (event.start_ms !== undefined && zone !== event.zone) {
      when += ` · ${timedText(event, event.zone)}`;
    }
    row(list, "When", when);
    row(list, "Lasts", event.span);
    row(list, "Tags", event.tags.join(", "));
    row(list, "People", event.people.join(", "));
    row(list, "Location", event.location);
    row(list, "Source", event.source ? linkOrText(event.source) : null);
    row(list, "Link", event.url ? linkOrText(event.url) : null);
    body.append(list);
    if (event.description) {
      const text = el("div", "description");
      // paragraphs apart; a paragraph's line breaks are the file's wrapping: spaces
      for (const para of event.description.split(/\r?\n\s*\r?\n/)) {
        const p = el("p", null, para.trim().replace(/[ \t]*\r?\n[ \t]*/g, " "));
        p.dir = "auto";
        text.append(p);
      }
      body.append(text);
    }
    $("details").showModal();
    $("close").focus();
  }
  $("close").addEventListener("click", () => $("details").close());
  $("details").addEventListener("close", () => {
    if (opener && opener.isConnected) opener.focus();
  });

  // --- the axis ----------------------------------------------------------------
  let viewTimer = 0;
  const axis = TimelineAxis.create({
    viewport: $("axis"),
    range: $("axis-range"),
    events,
    describe: (event) => `${whenText(event, zoneFor(event))}: ${event.title}`,
    onOpen: (event, node) => openDetails(event, node),
    onView: () => {
      state.view = axis.isWhole() ? null : axis.view().slice();
      clearTimeout(viewTimer);
      viewTimer = setTimeout(writeFragment, 250);
    },
  });
  axisInput(axis, $("axis"), { zoomIn: $("zoom-in"), zoomOut: $("zoom-out"), whole: $("zoom-all") });

  // --- start -------------------------------------------------------------------
  readFragment();
  Chips.make($("tags"), events, "tags", () => state.tags, update);
  Chips.make($("people"), events, "people", () => state.people, update);
  $("zone").addEventListener("change", (e) => {
    state.tz = e.target.value;
    update();
  });
  $("search").addEventListener("input", (e) => {
    state.q = e.target.value;
    update();
  });
  // a print has every event: what is still to be filled in is added at once
  window.addEventListener("beforeprint", () => finishList());
  window.addEventListener("hashchange", () => {
    readFragment();
    axis.want(state.view);
    syncControls();
    render();
  });
  axis.want(state.view);
  syncControls();
  render();
})();
