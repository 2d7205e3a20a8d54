// The shared form controls: a labelled field row, text, email, text areas, "key = value" lines,
// selects, radio groups, the tags input, and the provider picker. Each control keeps its value
// in the form's `values` and reports changes; the Invite view decides what they mean.
import type { ProviderId, Settings } from "./api";
import { clear, h } from "./dom";
import { PROVIDERS, str, type FieldSpec, type FormValues } from "./fields";
import { fieldIds } from "./ids";
import { attachLookup, inputOf } from "./lookup";

export interface ControlEnv {
  values: FormValues;
  settings: () => Settings;
  /** The value changed while typing: re-check the form (errors show only once touched). */
  changed: (spec: FieldSpec) => void;
  /** The coordinator is done with the field: it counts as touched, and its error may show. */
  touch: (spec: FieldSpec) => void;
}

/** A field: its visible label, the control, a hint, and the error line next to it. */
export function fieldRow(spec: FieldSpec, controlEl: HTMLElement): HTMLElement {
  const ids = fieldIds(spec.key);
  return h("div", { class: `field${spec.wide || spec.kind === "wall" ? " wide" : ""}`, "data-field": spec.json },
    h("label", { for: ids.input, id: ids.label }, spec.label, spec.required ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null),
    controlEl,
    spec.hint ? h("div", { class: "hint", id: ids.hint }, spec.hint) : null,
    // Announced politely when it appears or changes (not role=alert: it changes while typing).
    h("div", { class: "error", id: ids.error, "aria-live": "polite", "aria-atomic": "true" }));
}

/** The control for any field kind but a wall time (walltime.ts draws those). */
export function control(spec: FieldSpec, env: ControlEnv): HTMLElement {
  const ids = fieldIds(spec.key);
  const id = ids.input;
  const describedBy = `${ids.error}${spec.hint ? ` ${ids.hint}` : ""}`;
  const { values } = env;
  switch (spec.kind) {
    case "text":
    case "email": {
      const input = h("input", { id, type: spec.kind === "email" ? "email" : "text", value: str(values[spec.key]), placeholder: spec.placeholder, "aria-describedby": describedBy, "aria-required": spec.required ? "true" : undefined, spellcheck: "false" });
      const onInput = () => { values[spec.key] = input.value; env.changed(spec); };
      input.addEventListener("input", onInput);
      input.addEventListener("change", onInput);
      // Leaving an empty field is not a mistake yet: only judge what was typed (or on Send).
      input.addEventListener("blur", () => { if (input.value.trim()) env.touch(spec); });
      if (spec.lookup) {
        return attachLookup(spec.lookup, input, values, (key, v) => {
          values[key] = v;
          const el = inputOf(key);
          if (el) el.value = v;
          env.changed(spec);
          env.touch(spec);
        }, spec.key);
      }
      return input;
    }
    case "textarea":
    case "kv": {
      const ta = spec.kind === "kv"
        ? h("textarea", { id, rows: 2, "aria-describedby": describedBy, placeholder: "key = value", spellcheck: "false" }, str(values[spec.key]))
        : h("textarea", { id, rows: 4, "aria-describedby": describedBy }, str(values[spec.key]));
      ta.addEventListener("input", () => { values[spec.key] = ta.value; env.changed(spec); });
      ta.addEventListener("blur", () => env.touch(spec));
      return ta;
    }
    case "select": {
      const sel = h("select", { id, "aria-describedby": describedBy }, ...(spec.options ?? []).map((o) => h("option", { value: o.value }, o.label)));
      sel.value = str(values[spec.key]);
      sel.addEventListener("change", () => { values[spec.key] = sel.value; env.touch(spec); });
      return sel;
    }
    case "radio": {
      if (values[spec.key] === undefined) values[spec.key] = spec.initial ? spec.initial(env.settings()) : spec.options?.[0]?.value;
      const group = h("div", { class: "radios", role: "radiogroup", id, "aria-labelledby": ids.label });
      for (const o of spec.options ?? []) {
        const rid = `${id}-${o.value}`;
        const r = h("input", { type: "radio", name: id, id: rid, value: o.value, checked: values[spec.key] === o.value });
        r.addEventListener("change", () => { values[spec.key] = o.value; env.touch(spec); });
        group.append(h("label", { for: rid, class: "radio" }, r, " ", o.label));
      }
      return group;
    }
    case "tags":
      return tagInput(spec, describedBy, env);
    case "wall":
      throw new Error(`${spec.key}: wall times are drawn by walltime.ts`);
  }
}

/** Chips plus a text input: Enter or a comma adds, Backspace in the empty input removes the last. */
function tagInput(spec: FieldSpec, describedBy: string, env: ControlEnv): HTMLElement {
  const { values } = env;
  const onChange = () => env.touch(spec);
  const list = (): string[] => (Array.isArray(values[spec.key]) ? (values[spec.key] as string[]) : []);
  const chips = h("span", { class: "chips" });
  const input = h("input", { id: fieldIds(spec.key).input, type: "text", "aria-describedby": describedBy, placeholder: "Type and press Enter" });
  const renderChips = () => {
    clear(chips);
    for (const t of list()) {
      const x = h("button", { type: "button", class: "chip-x", "aria-label": `Remove ${t}` }, "×");
      x.addEventListener("click", () => { values[spec.key] = list().filter((v) => v !== t); renderChips(); onChange(); input.focus(); });
      chips.append(h("span", { class: "chip" }, t, x));
    }
  };
  const add = () => {
    const parts = input.value.split(",").map((s) => s.trim()).filter(Boolean);
    if (!parts.length) return;
    const cur = list();
    for (const p of parts) if (!cur.some((c) => c.toLowerCase() === p.toLowerCase())) cur.push(p);
    values[spec.key] = [...cur];
    input.value = "";
    renderChips();
    onChange();
  };
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !(e.ctrlKey || e.metaKey)) { e.preventDefault(); add(); }
    else if (e.key === ",") { e.preventDefault(); add(); }
    else if (e.key === "Backspace" && !input.value && list().length) { values[spec.key] = list().slice(0, -1); renderChips(); onChange(); }
  });
  input.addEventListener("blur", add);
  renderChips();
  return h("div", { class: "tags" }, chips, input);
}

/** The provider radio group: arrow keys move and choose (the WAI-ARIA radio group pattern). */
export function renderProviderPicker(bar: HTMLElement, current: ProviderId, choose: (p: ProviderId) => void): void {
  clear(bar);
  for (const p of PROVIDERS) {
    const on = p.id === current;
    const b = h("button", { type: "button", role: "radio", "aria-checked": on ? "true" : "false", class: on ? "on" : "", "data-provider": p.id, tabindex: on ? "0" : "-1" }, p.name);
    b.addEventListener("click", () => choose(p.id));
    b.addEventListener("keydown", (e) => {
      const i = PROVIDERS.findIndex((x) => x.id === current);
      const step = e.key === "ArrowRight" || e.key === "ArrowDown" ? 1 : e.key === "ArrowLeft" || e.key === "ArrowUp" ? -1 : 0;
      if (!step) return;
      e.preventDefault();
      const next = PROVIDERS[(i + step + PROVIDERS.length) % PROVIDERS.length];
      if (next) { choose(next.id); (bar.querySelector(`[data-provider="${next.id}"]`) as HTMLElement | null)?.focus(); }
    });
    bar.append(b);
  }
}
