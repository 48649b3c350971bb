"use strict";
// Times for the page and its axis: an instant's wall clock in a zone (Intl, or a fixed
// offset like "+09:00"), and the other way: the instant a zone's wall clock shows a
// given date and hour, so day and month boundaries follow the zone that is chosen.
const Times = (function () {
  "use strict";
  const DAY = 86400000;
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  const pad = (n) => String(n).padStart(2, "0");
  // Date.UTC for every year: Date.UTC reads years 0-99 as 1900-1999, and the timeline
  // has years from 0001 (out-of-range months, days and hours carry over, as in Date.UTC)
  function utc(y, m0, d = 1, h = 0, min = 0) {
    const made = new Date(0);
    made.setUTCFullYear(y, m0, d);
    return made.setUTCHours(h, min, 0, 0);
  }

  const formats = new Map();
  function formatter(zone) {
    if (!formats.has(zone)) {
      let made = null;
      try {
        made = new Intl.DateTimeFormat("en-US", {
          timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
          hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short",
        });
      } catch (e) {
        made = null;
      }
      formats.set(zone, made);
    }
    return formats.get(zone);
  }
  function fixedOffset(zone) {
    const found = /^(?:UTC)?([+-])(\d{1,2}):?(\d\d)?$/.exec(zone);
    if (!found) return null;
    const minutes = Number(found[2]) * 60 + Number(found[3] || 0);
    return found[1] === "-" ? -minutes : minutes;
  }
  function validZone(zone) {
    return typeof zone === "string" && (formatter(zone) !== null || fixedOffset(zone) !== null);
  }

  // {y, m, d, h, min, abbr}: the wall clock of an instant in a zone (m from 1)
  function parts(ms, zone) {
    const made = formatter(zone);
    if (made === null) {
      const d = new Date(ms + (fixedOffset(zone) ?? 0) * 60000);
      return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(),
        h: d.getUTCHours(), min: d.getUTCMinutes(), abbr: zone };
    }
    const p = {};
    for (const part of made.formatToParts(new Date(ms))) p[part.type] = part.value;
    return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour) % 24,
      min: Number(p.minute), abbr: p.timeZoneName };
  }
  // {date: "2024-01-23", time: "10:00", abbr: "EST", year: 2024} of an instant in a zone
  function local(ms, zone, abbrs) {
    const p = parts(ms, zone);
    const abbr = (abbrs && abbrs[zone]) || p.abbr || zone;
    return { date: `${p.y}-${pad(p.m)}-${pad(p.d)}`, time: `${pad(p.h)}:${pad(p.min)}`, abbr,
      year: p.y };
  }
  // the zone's offset from UTC at an instant, in milliseconds (to the minute); with
  // format() and no zone name, a few times faster than formatToParts (10 000 events)
  const numerics = new Map();
  function offset(ms, zone) {
    if (!numerics.has(zone)) {
      numerics.set(zone, formatter(zone) && new Intl.DateTimeFormat("en-US", {
        timeZone: zone, year: "numeric", month: "numeric", day: "numeric", hour: "numeric",
        minute: "numeric", hourCycle: "h23" }));
    }
    const made = numerics.get(zone);
    const found = made && /(\d+)\/(\d+)\/(\d+),? (\d+):(\d+)/.exec(made.format(new Date(ms)));
    let wall;
    if (found) {
      const [, m, d, y, h, min] = found.map(Number);
      wall = utc(y, m - 1, d, h % 24, min);
    } else {
      const p = parts(ms, zone);
      wall = utc(p.y, p.m - 1, p.d, p.h, p.min);
    }
    return wall - Math.floor(ms / 60000) * 60000;
  }
  // The instant the zone's clock shows y-m-d h:00 (m from 1; out-of-range days and
  // months carry over, as in Date.UTC). A wall time a DST change skips gives the
  // instant it names with the offset from before the change.
  const walls = new Map();
  function wall(y, m, d, h, zone) {
    const key = `${zone} ${y} ${m} ${d} ${h}`;
    const known = walls.get(key);
    if (known !== undefined) return known;
    const guess = utc(y, m - 1, d, h);
    const before = offset(guess, zone);
    const first = guess - before;
    const after = offset(first, zone);
    let found = first;
    if (after !== before && offset(guess - after, zone) === after) found = guess - after;
    if (walls.size > 50000) walls.clear();
    walls.set(key, found);
    return found;
  }
  // [start, end) of a date value ("2017", "2017-02", "2017-02-14") in a zone: its
  // whole period, never a made-up first day alone
  function period(iso, precision, zone) {
    const y = Number(iso.slice(0, 4));
    const m = precision === "year" ? 1 : Number(iso.slice(5, 7));
    const d = precision === "day" ? Number(iso.slice(8, 10)) : 1;
    const start = wall(y, m, d, 0, zone);
    if (precision === "year") return [start, wall(y + 1, 1, 1, 0, zone)];
    if (precision === "month") return [start, wall(y, m + 1, 1, 0, zone)];
    return [start, wall(y, m, d + 1, 0, zone)];
  }
  // Monday = 0 of a calendar date
  const weekday = (y, m, d) => (((Math.floor(utc(y, m - 1, d) / DAY) + 3) % 7) + 7) % 7;

  return { DAY, MONTHS, WEEKDAYS, pad, utc, formatter, fixedOffset, validZone, parts, local, wall,
    period, weekday };
})();
