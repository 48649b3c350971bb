// The axis's ticks: the finest calendar step (hours, days, weeks, months, years) whose
// labels fit the pixels it gets, on the wall clock of the chosen zone (a day tick is
// that zone's midnight), and only labels that do not overlap another one.
const AxisTicks = (function () {
  "use strict";
  const { DAY, MONTHS, WEEKDAYS, pad, utc, parts, wall, weekday } = Times;
  const HOUR = 3600000;
  const YEAR = 365.2425 * DAY;
  const short = (m) => MONTHS[m - 1].slice(0, 3);
  const GAP = 12; // px between two labels
  const HOURS_MIN = 80; // px between hour ticks: a week is days, not half days
  // [unit, count, nominal length, the labels that set its width]
  const STEPS = [
    ["hour", 1, HOUR, ["00:00", "Wed 28", "Sep"]],
    ["hour", 3, 3 * HOUR, ["00:00", "Wed 28", "Sep"]],
    ["hour", 6, 6 * HOUR, ["00:00", "Wed 28", "Sep"]],
    ["hour", 12, 12 * HOUR, ["00:00", "Wed 28", "Sep"]],
    ["day", 1, DAY, ["Wed 28", "Sep", "2024"]],
    ["day", 2, 2 * DAY, ["28", "Sep", "2024"]],
    ["week", 1, 7 * DAY, ["Sep 28"]],
    ["month", 1, YEAR / 12, ["Sep", "2024"]],
    ["month", 3, YEAR / 4, ["Sep", "2024"]],
    ["month", 6, YEAR / 2, ["Sep", "2024"]],
  ];
  for (const n of [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]) {
    STEPS.push(["year", n, n * YEAR, ["2024"]]);
  }

  // the label of a tick at y-m-d h:00 and whether it starts a larger period
  function label(unit, count, y, m, d, h) {
    if (unit === "year") return [String(y), true];
    if (unit === "month") return m === 1 ? [String(y), true] : [short(m), false];
    if (unit === "week") return [`${short(m)} ${d}`, false];
    if (unit === "hour" && h !== 0) return [`${pad(h)}:00`, false];
    if (d === 1) return m === 1 ? [String(y), true] : [short(m), true];
    if (unit === "day" && count > 1) return [String(d), false];
    return [`${WEEKDAYS[weekday(y, m, d)]} ${d}`, unit === "hour"];
  }

  // the ticks of one step from the one at or before `from` to `to`
  function walk(from, to, unit, count, zone) {
    const p = parts(from, zone);
    const found = [];
    const add = (y, m, d, h) => {
      const ms = wall(y, m, d, h, zone);
      if (found.length && ms <= found[found.length - 1].ms) return true; // a DST repeat
      const date = new Date(utc(y, m - 1, d));
      const [text, major] = label(unit, count, date.getUTCFullYear(), date.getUTCMonth() + 1,
        date.getUTCDate(), h);
      found.push({ ms, text, major });
      return ms <= to && found.length < 400;
    };
    if (unit === "year") {
      for (let y = Math.floor(p.y / count) * count; add(y, 1, 1, 0); y += count);
    } else if (unit === "month") {
      const first = p.y * 12 + (p.m - 1);
      for (let i = first - (first % count); add(Math.floor(i / 12), (i % 12) + 1, 1, 0); i += count);
    } else if (unit === "week") {
      const monday = p.d - weekday(p.y, p.m, p.d);
      for (let d = monday; add(p.y, p.m, d, 0); d += 7);
    } else if (unit === "day") {
      for (let d = p.d; ; d += 1) {
        const day = new Date(utc(p.y, p.m - 1, d)).getUTCDate();
        if ((day - 1) % count !== 0 || (count > 1 && day === 31)) continue;
        if (!add(p.y, p.m, d, 0)) break;
      }
    } else {
      outer: for (let d = p.d; ; d += 1) {
        for (let h = 0; h < 24; h += count) {
          if (d === p.d && h + count <= p.h) continue;
          if (!add(p.y, p.m, d, h)) break outer;
        }
      }
    }
    return found;
  }

  // {ticks: [{ms, x, text, major, shown}], unit, count} for a view `width` px wide;
  // `measure(text)` is a label's width in px
  function ticks(from, to, width, zone, measure) {
    const k = width / (to - from);
    let step = STEPS[STEPS.length - 1];
    for (const candidate of STEPS) {
      let need = Math.max(...candidate[3].map(measure)) + GAP;
      if (candidate[0] === "hour") need = Math.max(need, HOURS_MIN);
      if (candidate[2] * k >= need) {
        step = candidate;
        break;
      }
    }
    const [unit, count] = step;
    const found = walk(from, to, unit, count, zone);
    const placed = [];
    const free = (left, right) => placed.every(([l, r]) => right + GAP <= l || left >= r + GAP);
    for (const tick of found) {
      tick.x = (tick.ms - from) * k;
      tick.width = measure(tick.text);
      tick.shown = false;
    }
    // the labels that start larger periods first, then the others where there is room
    for (const major of [true, false]) {
      for (const tick of found) {
        if (tick.major !== major) continue;
        const left = tick.x + 4;
        if (left < 0 || left + tick.width > width || !free(left, left + tick.width)) continue;
        tick.shown = true;
        placed.push([left, left + tick.width]);
      }
    }
    return { ticks: found.filter((t) => t.x >= -1 && t.x <= width + 1), unit, count };
  }

  return { ticks };
})();
