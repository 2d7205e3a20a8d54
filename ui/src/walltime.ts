// The wall-time input: a date (typed, or picked in a calendar), a time (typed, or picked from
// the quarter hours) and a zone, as the coordinator reads a clock, with a live preview from
// Rust of exactly what will be sent ("= 2026-03-08 14:00 GMT"), the DST gap error, and the
// explicit choice when a time happens twice. An expiry field also offers presets (in 2 days,
// in 7 days, end of Friday), computed by Rust in the chosen zone. Rust's answer is the truth.
import { api, asAppError, type ExpiryPreset, type OverlapChoice, type Preview, type PresetTime, type WallTime } from "./api";
import { datePicker, todayIn } from "./calendar";
import { clear, h } from "./dom";
import type { FieldSpec } from "./fields";
import { fieldIds } from "./ids";
import { timeList } from "./timelist";
import { zonePicker } from "./zonepicker";

export interface WallState {
  date: string;
  time: string;
  zone: string;
  overlap: OverlapChoice;
  preview: Preview | null;
  error: string | null;
  /** Expiry fields: the chosen preset, and Rust's answer for it. */
  preset: ExpiryPreset;
  presetTime: PresetTime | null;
}

export const PRESETS: { id: ExpiryPreset; label: string }[] = [
  { id: "in2Days", label: "In 2 days" },
  { id: "in7Days", label: "In 7 days" },
  { id: "endOfFriday", label: "End of Friday (18:00)" },
  { id: "custom", label: "Custom" },
];

export interface WallEnv {
  /** The zone a new wall time starts in. */
  defaultZone: () => string;
  /** The preset an expiry field starts with (a setting per provider). */
  defaultPreset: () => ExpiryPreset;
  /** The field counts as touched (its error may show). */
  touch: (spec: FieldSpec) => void;
  /** Re-check the form. */
  refresh: () => void;
}

/** The wall times of one form, by field key, kept across provider switches and redraws. */
export class WallTimes {
  private readonly states: Record<string, WallState> = {};
  private readonly timers: Record<string, number> = {};

  constructor(private readonly env: WallEnv) {}

  state(key: string): WallState {
    let w = this.states[key];
    if (!w) {
      w = { date: "", time: "", zone: this.env.defaultZone(), overlap: "earlier", preview: null, error: null, preset: "custom", presetTime: null };
      this.states[key] = w;
    }
    return w;
  }

  /** The checks every wall time shares; a vendor form may add its own after these. */
  check(spec: FieldSpec): string | null {
    const w = this.state(spec.key);
    if (!w.date && !w.time) return spec.required ? `Enter the ${spec.label.toLowerCase()}.` : null;
    if (!w.date || !w.time) return "Enter both the date (YYYY-MM-DD) and the time (HH:MM).";
    return w.error;
  }

  /** What Rust receives for the field, or nothing when it is empty. */
  payload(spec: FieldSpec): WallTime | undefined {
    const w = this.state(spec.key);
    return w.date && w.time ? { date: w.date, time: w.time, zone: w.zone, overlap: w.overlap } : undefined;
  }

  /** Draws the presets (expiry fields), the date, time and zone inputs, and the preview. */
  input(spec: FieldSpec): HTMLElement {
    const ids = fieldIds(spec.key);
    const fresh = !this.states[spec.key];
    const w = this.state(spec.key);
    // A new expiry field starts with the provider's default preset (a setting).
    if (spec.presets && fresh) w.preset = this.env.defaultPreset();
    const describedBy = `${ids.error} ${ids.preview}`;
    const date = h("input", { id: ids.input, type: "text", class: "date", value: w.date, placeholder: "YYYY-MM-DD", inputmode: "numeric", "aria-label": `${spec.label} date`, "aria-describedby": describedBy, "aria-keyshortcuts": "Alt+ArrowDown" });
    const time = h("input", { id: ids.time, type: "text", class: "time", value: w.time, placeholder: "HH:MM", inputmode: "numeric", "aria-label": `${spec.label} time (24-hour)`, "aria-describedby": describedBy });
    const zone = zonePicker(ids.zone, w.zone, (z) => {
      w.zone = z;
      this.env.touch(spec);
      if (w.preset !== "custom") void this.applyPreset(spec, w.preset);
      else this.schedule(spec);
    });
    zone.input.setAttribute("aria-label", `${spec.label} time zone`);
    const cal = datePicker(date, spec.label, () => todayIn(w.zone));
    const preview = h("div", { id: ids.preview, class: "preview" });
    const overlap = h("div", { id: ids.overlap, class: "overlap", hidden: true });
    for (const ev of ["input", "change"]) {
      date.addEventListener(ev, () => { if (w.date !== date.value.trim()) { w.date = date.value.trim(); this.typed(spec); } });
      time.addEventListener(ev, () => { if (w.time !== time.value.trim()) { w.time = time.value.trim(); this.typed(spec); } });
    }
    for (const el of [date, time]) el.addEventListener("blur", () => { this.env.touch(spec); });
    const dateBox = h("div", { class: "date-picker" }, date, cal.button, cal.dialog);
    const box = h("div", { class: "wall" });
    if (spec.presets) box.append(this.presetGroup(spec));
    box.append(h("div", { class: "wall-inputs" }, dateBox, timeList(time), zone.el), preview, overlap);
    this.render(spec, preview, overlap);
    if (spec.presets && fresh && w.preset !== "custom") void this.applyPreset(spec, w.preset);
    return box;
  }

  private presetGroup(spec: FieldSpec): HTMLElement {
    const ids = fieldIds(spec.key);
    const w = this.state(spec.key);
    const group = h("div", { class: "presets radios", role: "radiogroup", id: ids.presets, "aria-label": `${spec.label}: preset` });
    for (const p of PRESETS) {
      const rid = `${ids.presets}-${p.id}`;
      const r = h("input", { type: "radio", name: ids.presets, id: rid, value: p.id, checked: w.preset === p.id });
      r.addEventListener("change", () => {
        w.preset = p.id;
        if (p.id === "custom") { w.presetTime = null; this.paint(spec); document.getElementById(ids.input)?.focus(); }
        else void this.applyPreset(spec, p.id);
      });
      group.append(h("label", { for: rid, class: "radio" }, r, " ", p.label));
    }
    return group;
  }

  /** Asks Rust for the preset in the field's zone and fills the date and time with it. */
  private async applyPreset(spec: FieldSpec, preset: ExpiryPreset): Promise<void> {
    const w = this.state(spec.key);
    const zone = w.zone;
    try {
      const p = await api.expiryPreset(preset, zone, spec.json, spec.previewLabel ?? spec.label);
      if (w.preset !== preset || w.zone !== zone || !p) return;
      window.clearTimeout(this.timers[spec.key]);
      w.date = p.wall.date;
      w.time = p.wall.time;
      w.overlap = "earlier";
      w.preview = p.preview;
      w.error = null;
      w.presetTime = p;
    } catch (e) {
      w.presetTime = null;
      w.preview = null;
      w.error = asAppError(e).message;
    }
    const ids = fieldIds(spec.key);
    const date = document.getElementById(ids.input) as HTMLInputElement | null;
    const time = document.getElementById(ids.time) as HTMLInputElement | null;
    if (date) date.value = w.date;
    if (time) time.value = w.time;
    this.env.touch(spec);
    this.paint(spec);
  }

  /** The coordinator typed (or picked) a date or time: that is a custom time now. */
  private typed(spec: FieldSpec): void {
    const w = this.state(spec.key);
    if (w.preset !== "custom") {
      w.preset = "custom";
      w.presetTime = null;
      const radio = document.getElementById(`${fieldIds(spec.key).presets}-custom`) as HTMLInputElement | null;
      if (radio) radio.checked = true;
    }
    this.schedule(spec);
  }

  /** Asks Rust for the preview shortly after the last keystroke. */
  private schedule(spec: FieldSpec): void {
    window.clearTimeout(this.timers[spec.key]);
    const w = this.state(spec.key);
    if (!w.date || !w.time) { w.preview = null; w.error = null; this.paint(spec); this.env.refresh(); return; }
    this.timers[spec.key] = window.setTimeout(async () => {
      const request: WallTime = { date: w.date, time: w.time, zone: w.zone, overlap: w.overlap };
      try {
        const p = await api.previewTime(request, spec.json, spec.previewLabel ?? spec.label);
        if (w.date !== request.date || w.time !== request.time || w.zone !== request.zone) return;
        w.preview = p;
        w.error = null;
      } catch (e) {
        w.preview = null;
        w.error = asAppError(e).message;
      }
      this.env.touch(spec);
      this.paint(spec);
    }, 120);
  }

  /** Repaints the preview of the field as it is on screen now (the form may have been redrawn). */
  private paint(spec: FieldSpec): void {
    const ids = fieldIds(spec.key);
    const preview = document.getElementById(ids.preview);
    const overlap = document.getElementById(ids.overlap);
    if (preview && overlap) this.render(spec, preview, overlap);
  }

  private render(spec: FieldSpec, preview: HTMLElement, overlapEl: HTMLElement): void {
    const w = this.state(spec.key);
    clear(preview);
    clear(overlapEl);
    overlapEl.hidden = true;
    if (!w.date && !w.time) {
      if (spec.emptyMeaning) preview.append(h("span", { class: "muted" }, spec.emptyMeaning));
      return;
    }
    if (!w.preview) return;
    preview.append(h("span", { class: "sends" }, w.preview.text));
    if (w.preview.inPast && spec.pastNote) preview.append(h("span", { class: "note" }, spec.pastNote));
    const pt = w.presetTime;
    if (pt && w.preset !== "custom") {
      const name = PRESETS.find((p) => p.id === w.preset)?.label ?? "";
      preview.append(h("div", { class: "preset-info", id: `${fieldIds(spec.key).presets}-info` }, `${name}: ${pt.summary}`));
      if (pt.note) preview.append(h("div", { class: "note preset-note" }, pt.note));
    }
    const o = w.preview.overlap;
    if (o) {
      overlapEl.hidden = false;
      const name = `ov-${spec.key}`;
      overlapEl.append(h("span", {}, `${w.time} happens twice on ${w.date} in ${w.zone}. Which one?`));
      for (const [choice, off, gmt] of [["earlier", o.earlierOffset, o.earlierGmt], ["later", o.laterOffset, o.laterGmt]] as const) {
        const rid = `${name}-${choice}`;
        const r = h("input", { type: "radio", name, id: rid, checked: w.overlap === choice });
        r.addEventListener("change", () => { w.overlap = choice; this.schedule(spec); });
        overlapEl.append(h("label", { for: rid, class: "radio" }, r, ` ${choice === "earlier" ? "First" : "Second"} (${off}) = ${gmt} GMT`));
      }
    }
  }
}
