// The time field as an editable combobox (WAI-ARIA): any HH:MM may be typed, and a list of
// quarter hours offers itself — ArrowDown or Alt+Down opens it, typing narrows it ("14" → 14:00
// … 14:45), arrows move, Enter picks, Escape closes. Picking writes the digits, as if typed.
import { h } from "./dom";

const QUARTERS: string[] = Array.from({ length: 96 }, (_, i) => `${String(Math.floor(i / 4)).padStart(2, "0")}:${String((i % 4) * 15).padStart(2, "0")}`);

/** The quarter hours matching what is typed: a prefix of "HH:MM", or of "0H…" for one digit. */
export function matchTimes(typed: string): string[] {
  const t = typed.trim();
  if (!t) return QUARTERS;
  const padded = /^\d(:|$)/.test(t) ? `0${t}` : t;
  return QUARTERS.filter((q) => q.startsWith(t) || q.startsWith(padded));
}

let seq = 0;

/** Turns `input` into the time combobox; returns the element holding it and its list. */
export function timeList(input: HTMLInputElement): HTMLElement {
  const listId = `time-list-${++seq}`;
  let items: string[] = [];
  let active = -1;
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);
  input.autocomplete = "off";
  const list = h("ul", { id: listId, role: "listbox", class: "time-list", hidden: true, "aria-label": "Quarter hours" });
  const wrap = h("div", { class: "time-picker" }, input, list);

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  };
  const render = () => {
    list.replaceChildren();
    items.forEach((t, i) => {
      const li = h("li", { id: `${listId}-${i}`, role: "option", "aria-selected": i === active ? "true" : "false", class: i === active ? "active" : "" }, t);
      li.addEventListener("mousedown", (e) => { e.preventDefault(); pick(t); });
      list.append(li);
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", list.hidden ? "false" : "true");
    if (active >= 0 && !list.hidden) {
      input.setAttribute("aria-activedescendant", `${listId}-${active}`);
      document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  };
  const openAll = () => {
    // The whole day, starting at the typed time or the quarter after it.
    items = QUARTERS;
    const typed = input.value.trim();
    const at = QUARTERS.findIndex((q) => q >= typed);
    active = typed && at >= 0 ? at : 36; // 09:00: the start of a working day
    render();
    // The chosen time in the middle of the list, with the hours around it in view.
    const el = document.getElementById(`${listId}-${active}`);
    if (el) list.scrollTop = el.offsetTop - list.clientHeight / 2 + el.offsetHeight / 2;
  };
  const pick = (t: string) => {
    input.value = t;
    close();
    input.dispatchEvent(new Event("input", { bubbles: true }));
  };

  input.addEventListener("input", () => {
    if (input.value === (items[active] ?? null) && list.hidden) return;
    const typed = input.value.trim();
    // A complete time needs no list; neither does an empty field.
    if (!typed || /^\d{2}:\d{2}$/.test(typed)) { close(); return; }
    items = matchTimes(typed);
    active = items.length ? 0 : -1;
    render();
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (list.hidden) openAll();
      else if (items.length && !e.altKey) { active = (active + (e.key === "ArrowDown" ? 1 : -1) + items.length) % items.length; render(); }
    } else if (e.key === "Enter" && !list.hidden && !(e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      const t = items[active];
      if (t) pick(t);
    } else if (e.key === "Escape" && !list.hidden) {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  });
  input.addEventListener("blur", close);
  return wrap;
}
