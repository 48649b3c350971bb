"use strict";
// The tag and people toggles: one button per name with its count, most used first.
// On a narrow screen only the first few show, with a button for the rest, so a phone
// reaches the timeline without scrolling past every tag; a pressed one always shows.
const Chips = (function () {
  "use strict";
  const FEW = 6; // shown on a narrow screen before "+N more"

  function button(className, text) {
    const made = document.createElement("button");
    made.type = "button";
    made.className = className;
    made.textContent = text;
    return made;
  }

  // box: the group element; events: the data; field: "tags" or "people";
  // chosen(): the list of pressed names (changed in place); changed(): after a press
  function make(box, events, field, chosen, changed) {
    const counts = new Map();
    for (const event of events) for (const name of event[field]) {
      counts.set(name, (counts.get(name) || 0) + 1);
    }
    const names = [...counts.keys()].sort((a, b) => counts.get(b) - counts.get(a) || (a < b ? -1 : 1));
    box.replaceChildren();
    box.classList.remove("all");
    names.forEach((name, index) => {
      const chip = button(index < FEW ? "chip" : "chip extra", `${name} (${counts.get(name)})`);
      chip.dataset.name = name;
      chip.setAttribute("aria-pressed", String(chosen().includes(name)));
      chip.addEventListener("click", () => {
        const list = chosen();
        const at = list.indexOf(name);
        if (at >= 0) list.splice(at, 1); else list.push(name);
        changed();
      });
      box.append(chip);
    });
    if (names.length > FEW) {
      const rest = names.length - FEW;
      const more = button("more", `+${rest} more`);
      more.setAttribute("aria-expanded", "false");
      more.addEventListener("click", () => {
        const all = box.classList.toggle("all");
        more.setAttribute("aria-expanded", String(all));
        more.textContent = all ? "fewer" : `+${rest} more`;
      });
      box.append(more);
    }
  }

  // the pressed state of every chip, after the state changed elsewhere (the address)
  function sync(box, list) {
    for (const chip of box.querySelectorAll(".chip")) {
      chip.setAttribute("aria-pressed", String(list.includes(chip.dataset.name)));
    }
  }

  return { make, sync };
})();
