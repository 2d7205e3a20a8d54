// A searchable IANA time-zone picker: type any part of a zone or city name, arrow keys move,
// Enter picks, Escape closes. The zone list and offsets come from Rust.
import type { ZoneEntry } from "./api";
import { clear, h } from "./dom";

let zoneCache: ZoneEntry[] = [];
export function setZones(zones: ZoneEntry[]): void {
  zoneCache = zones;
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[_/\s-]+/g, " ").trim();
}

export function searchZones(query: string, limit = 60): ZoneEntry[] {
  const q = normalise(query);
  if (!q) return zoneCache.slice(0, limit);
  const starts: ZoneEntry[] = [];
  const contains: ZoneEntry[] = [];
  for (const z of zoneCache) {
    const hay = normalise(`${z.name} ${z.keywords.join(" ")}`);
    const city = normalise(z.name.split("/").pop() ?? "");
    if (city.startsWith(q)) starts.push(z);
    else if (hay.includes(q)) contains.push(z);
  }
  return [...starts, ...contains].slice(0, limit);
}

let pickerSeq = 0;

export interface ZonePicker {
  el: HTMLElement;
  input: HTMLInputElement;
  get value(): string;
  set value(v: string);
}

export function zonePicker(id: string, initial: string, onPick: (zone: string) => void): ZonePicker {
  const listId = `zone-list-${++pickerSeq}`;
  let current = initial;
  let active = -1;
  let items: ZoneEntry[] = [];
  const input = h("input", {
    id, type: "text", class: "zone-input", value: initial, role: "combobox", autocomplete: "off",
    spellcheck: "false", "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": listId,
  });
  const list = h("ul", { id: listId, role: "listbox", class: "zone-list", hidden: true });
  const wrap = h("div", { class: "zone-picker" }, input, list);

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  };
  const render = () => {
    clear(list);
    items.forEach((z, i) => {
      const li = h("li", { id: `${listId}-${i}`, role: "option", "aria-selected": i === active ? "true" : "false", class: i === active ? "active" : "" }, z.label);
      li.addEventListener("mousedown", (e) => { e.preventDefault(); pick(z.name); });
      list.append(li);
    });
    if (items.length === 0) list.append(h("li", { class: "empty" }, "No zone matches. Try a city, e.g. “Kolkata”."));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", `${listId}-${active}`);
      document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: "nearest" });
    }
  };
  const pick = (name: string) => {
    current = name;
    input.value = name;
    close();
    onPick(name);
  };
  input.addEventListener("focus", () => input.select());
  input.addEventListener("input", () => {
    items = searchZones(input.value);
    active = items.length ? 0 : -1;
    render();
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (list.hidden) { items = searchZones(input.value === current ? "" : input.value); active = 0; }
      else if (items.length) active = (active + (e.key === "ArrowDown" ? 1 : -1) + items.length) % items.length;
      render();
    } else if (e.key === "Enter" && !list.hidden) {
      e.preventDefault();
      const z = items[active];
      if (z) pick(z.name);
    } else if (e.key === "Escape" && !list.hidden) {
      e.preventDefault();
      input.value = current;
      close();
    }
  });
  input.addEventListener("blur", () => {
    // Typing a full zone name and leaving the field picks it; anything else goes back.
    const typed = input.value.trim();
    const exact = zoneCache.find((z) => z.name.toLowerCase() === typed.toLowerCase());
    if (exact && exact.name !== current) pick(exact.name);
    else input.value = current;
    close();
  });
  return {
    el: wrap,
    input,
    get value() { return current; },
    set value(v: string) { current = v; input.value = v; },
  };
}
