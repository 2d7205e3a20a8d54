// A searchable IANA time-zone picker: type any part of a zone or city name, arrow keys move,
// Enter picks, Escape closes. The zone list and offsets come from Rust, asked for the first time
// a picker is used (~600 entries: the form's start and its memory do without them until then).
import { api, asAppError, type ZoneEntry } from "./api";
import { clear, h } from "./dom";

let zoneCache: ZoneEntry[] = [];
let loading: Promise<void> | null = null;
/** Why the list could not be had, shown in the picker; asked again on the next use. */
let zoneError: string | null = null;

export function setZones(zones: ZoneEntry[]): void {
  zoneCache = zones;
  zoneError = null;
  loading = Promise.resolve();
}

/** The zone list, asked of Rust once (again after a failure). */
export function ensureZones(): Promise<void> {
  loading ??= api.listTimeZones().then(
    (list) => setZones(list.zones),
    (e) => {
      zoneError = `The time zone list could not be loaded: ${asAppError(e).message}`;
      loading = null;
    },
  );
  return loading;
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
    if (items.length === 0) list.append(h("li", { class: "empty" }, zoneError ?? "No zone matches. Try a city, e.g. “Kolkata”."));
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
  /** Runs `then` now if the list is here, else once the ask under way answers (while the field
   * has focus). After a failed ask it runs at once, so the picker says why; the next focus asks
   * again. */
  const withZones = (then: () => void) => {
    if (zoneCache.length) return then();
    void (loading ?? (zoneError ? Promise.resolve() : ensureZones())).then(() => { if (document.activeElement === input) then(); });
  };
  const suggest = () => {
    items = searchZones(input.value);
    active = items.length ? 0 : -1;
    render();
  };
  input.addEventListener("focus", () => { input.select(); void ensureZones(); });  // asks again after a failure
  input.addEventListener("input", () => withZones(suggest));
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (list.hidden) withZones(() => { items = searchZones(input.value === current ? "" : input.value); active = 0; render(); });
      else if (items.length) { active = (active + (e.key === "ArrowDown" ? 1 : -1) + items.length) % items.length; render(); }
    } else if (e.key === "Enter" && list.hidden && !zoneCache.length && input.value.trim() && input.value !== current) {
      // Typed before the list arrived: Enter picks the best match once it is here.
      e.preventDefault();
      withZones(() => { const best = searchZones(input.value)[0]; if (best) pick(best.name); else suggest(); });
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
    const settle = () => {
      const exact = zoneCache.find((z) => z.name.toLowerCase() === typed.toLowerCase());
      if (exact && exact.name !== current) pick(exact.name);
      else if (document.activeElement !== input) input.value = current;
    };
    close();
    if (zoneCache.length || typed === current) settle();
    else void ensureZones().then(settle);
  });
  return {
    el: wrap,
    input,
    get value() { return current; },
    set value(v: string) { current = v; input.value = v; },
  };
}
