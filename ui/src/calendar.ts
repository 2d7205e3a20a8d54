// A month calendar for a date field (the WAI-ARIA date picker dialog: a modal dialog holding a
// grid). The typed digits stay the truth: the calendar opens on the typed date (or today in the
// field's zone), and picking a day only writes YYYY-MM-DD into the field, as if typed.
//
// Why not <input type="date">: WebKitGTK (the Linux web view) draws it as a bare text field
// with no picker, and its value format follows the system locale in WebView2; one calendar of
// our own behaves the same on all three web views.
import { h } from "./dom";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
/** Monday first (ISO 8601, as most of the world's calendars). */
const DAYS: [string, string][] = [["Mo", "Monday"], ["Tu", "Tuesday"], ["We", "Wednesday"], ["Th", "Thursday"], ["Fr", "Friday"], ["Sa", "Saturday"], ["Su", "Sunday"]];

/** A calendar day with no time or zone: the digits of YYYY-MM-DD. */
interface Day { y: number; m: number; d: number }

const pad = (n: number) => String(n).padStart(2, "0");
export const isoOf = (x: Day): string => `${String(x.y).padStart(4, "0")}-${pad(x.m)}-${pad(x.d)}`;

export function parseIso(s: string): Day | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const day = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  return day.m >= 1 && day.m <= 12 && day.d >= 1 && day.d <= daysIn(day.y, day.m) ? day : null;
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Calendar arithmetic on UTC dates, so no local clock change can shift a day. */
function addDays(x: Day, n: number): Day {
  const t = new Date(Date.UTC(x.y, x.m - 1, x.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function addMonths(x: Day, n: number): Day {
  const total = x.y * 12 + (x.m - 1) + n;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  return { y, m, d: Math.min(x.d, daysIn(y, m)) };
}

/** 0 = Monday … 6 = Sunday. */
function weekday(x: Day): number {
  return (new Date(Date.UTC(x.y, x.m - 1, x.d)).getUTCDay() + 6) % 7;
}

/** Today's date on the clocks of `zone` (falls back to this computer's date). */
export function todayIn(zone: string): string {
  try {
    const parts = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date());
    const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
    return `${get("year")}-${get("month")}-${get("day")}`;
  } catch {
    const n = new Date();
    return isoOf({ y: n.getFullYear(), m: n.getMonth() + 1, d: n.getDate() });
  }
}

let seq = 0;

export interface DatePicker {
  /** The button that opens the calendar (next to the date field). */
  button: HTMLButtonElement;
  /** The dialog; place it inside a positioned box near the field. */
  dialog: HTMLElement;
  open: () => void;
  close: (refocus?: boolean) => void;
}

/**
 * A calendar for `input`. `label` names the field ("Link expires"); `today` gives today's
 * YYYY-MM-DD in the field's zone. Alt+Down in the field opens it.
 */
export function datePicker(input: HTMLInputElement, label: string, today: () => string): DatePicker {
  const id = `cal-${++seq}`;
  let focused: Day = { y: 2000, m: 1, d: 1 };
  let selected: Day | null = null;
  let todayDay: Day | null = null;

  const button = h("button", { type: "button", class: "cal-btn", id: `${id}-open`, "aria-label": `Choose the ${label.toLowerCase()} date`, title: "Choose a date (Alt+Down)", "aria-haspopup": "dialog", "aria-expanded": "false", "aria-controls": id });
  button.append(calendarIcon());
  const title = h("h2", { id: `${id}-title`, class: "cal-title", "aria-live": "polite" });
  const prev = h("button", { type: "button", class: "cal-nav", id: `${id}-prev`, "aria-label": "Previous month" }, "‹");
  const next = h("button", { type: "button", class: "cal-nav", id: `${id}-next`, "aria-label": "Next month" }, "›");
  const body = h("tbody", {});
  const grid = h("table", { role: "grid", class: "cal-grid", "aria-labelledby": `${id}-title` },
    h("thead", {}, h("tr", {}, DAYS.map(([short, full]) => h("th", { scope: "col", abbr: full }, h("span", { "aria-hidden": "true" }, short), h("span", { class: "sr-only" }, full))))),
    body);
  const cancel = h("button", { type: "button", class: "cal-cancel" }, "Cancel");
  const dialog = h("div", { role: "dialog", "aria-modal": "true", "aria-label": `${label}: choose a date`, id, class: "calendar", hidden: true },
    h("div", { class: "cal-head" }, prev, title, next),
    grid,
    h("div", { class: "cal-foot" }, h("span", { class: "hint" }, "Arrows move · Enter picks · Esc closes"), cancel));

  const cellFor = (x: Day) => body.querySelector<HTMLElement>(`[data-date="${isoOf(x)}"]`);

  function render(): void {
    title.textContent = `${MONTHS[focused.m - 1]} ${focused.y}`;
    body.replaceChildren();
    const first: Day = { y: focused.y, m: focused.m, d: 1 };
    let day = addDays(first, -weekday(first));
    for (let week = 0; week < 6; week++) {
      const row = h("tr", {});
      for (let i = 0; i < 7; i++) {
        const iso = isoOf(day);
        const inMonth = day.m === focused.m;
        const isFocus = iso === isoOf(focused);
        const isSel = selected !== null && iso === isoOf(selected);
        const cell = h("td", {
          "data-date": iso, tabindex: isFocus ? "0" : "-1", "aria-selected": isSel ? "true" : "false",
          "aria-current": todayDay && iso === isoOf(todayDay) ? "date" : undefined,
          class: `cal-day${inMonth ? "" : " other"}${isSel ? " selected" : ""}`,
          "aria-label": `${day.d} ${MONTHS[day.m - 1]} ${day.y}, ${DAYS[weekday(day)]?.[1] ?? ""}`,
        }, String(day.d));
        const picked = day;
        cell.addEventListener("click", () => pick(picked));
        row.append(cell);
        day = addDays(day, 1);
      }
      body.append(row);
      if (day.m !== focused.m && week >= 3) break;
    }
  }

  function moveTo(x: Day): void {
    const sameMonth = x.y === focused.y && x.m === focused.m;
    focused = x;
    if (!sameMonth) render();
    else for (const c of body.querySelectorAll<HTMLElement>("td")) c.tabIndex = c.dataset.date === isoOf(x) ? 0 : -1;
    cellFor(x)?.focus();
  }

  function pick(x: Day): void {
    input.value = isoOf(x);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    close(true);
  }

  function open(): void {
    todayDay = parseIso(today());
    selected = parseIso(input.value);
    focused = selected ?? todayDay ?? { y: 2026, m: 1, d: 1 };
    render();
    dialog.hidden = false;
    button.setAttribute("aria-expanded", "true");
    cellFor(focused)?.focus();
    document.addEventListener("mousedown", outside, true);
  }

  function close(refocus = true): void {
    if (dialog.hidden) return;
    dialog.hidden = true;
    button.setAttribute("aria-expanded", "false");
    document.removeEventListener("mousedown", outside, true);
    if (refocus) input.focus();
  }

  function outside(e: MouseEvent): void {
    const t = e.target as Node;
    if (!dialog.contains(t) && !button.contains(t)) close(false);
  }

  button.addEventListener("click", () => (dialog.hidden ? open() : close()));
  input.addEventListener("keydown", (e) => {
    if (e.altKey && e.key === "ArrowDown") { e.preventDefault(); open(); }
  });
  prev.addEventListener("click", () => { focused = addMonths(focused, -1); render(); });
  next.addEventListener("click", () => { focused = addMonths(focused, 1); render(); });
  cancel.addEventListener("click", () => close());
  grid.addEventListener("keydown", (e) => {
    const moves: Record<string, () => Day> = {
      ArrowLeft: () => addDays(focused, -1),
      ArrowRight: () => addDays(focused, 1),
      ArrowUp: () => addDays(focused, -7),
      ArrowDown: () => addDays(focused, 7),
      Home: () => addDays(focused, -weekday(focused)),
      End: () => addDays(focused, 6 - weekday(focused)),
      PageUp: () => addMonths(focused, e.shiftKey ? -12 : -1),
      PageDown: () => addMonths(focused, e.shiftKey ? 12 : 1),
    };
    const move = moves[e.key];
    if (move) { e.preventDefault(); moveTo(move()); }
    else if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(focused); }
  });
  dialog.addEventListener("keydown", (e) => {
    if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); close(); }
    else if (e.key === "Tab") {
      // A modal dialog keeps Tab inside: previous month, next month, the day, Cancel.
      const stops = [prev, next, cellFor(focused), cancel].filter((x): x is HTMLElement => x !== null);
      const i = stops.indexOf(document.activeElement as HTMLElement);
      e.preventDefault();
      stops[(i + (e.shiftKey ? -1 : 1) + stops.length) % stops.length]?.focus();
    }
  });
  return { button, dialog, open, close };
}

function calendarIcon(): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("width", "16");
  svg.setAttribute("height", "16");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", "M4 1v2H2.5A1.5 1.5 0 0 0 1 4.5v9A1.5 1.5 0 0 0 2.5 15h11a1.5 1.5 0 0 0 1.5-1.5v-9A1.5 1.5 0 0 0 13.5 3H12V1h-1.5v2h-5V1H4zm-1.5 5h11v7.5h-11V6zm1.5 1.5v2h2v-2H4zm3 0v2h2v-2H7zm3 0v2h2v-2h-2z");
  path.setAttribute("fill", "currentColor");
  svg.append(path);
  return svg;
}
