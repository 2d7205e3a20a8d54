// The wall-time input: a date, a time and a zone as the coordinator reads a clock, with a live
// preview from Rust of exactly what will be sent ("= 2026-03-08 14:00 GMT"), the DST gap error,
// and the explicit choice when a time happens twice. Rust's answer is the truth.
import { api, asAppError, type Preview, type WallTime } from "./api";
import { clear, h } from "./dom";
import type { FieldSpec } from "./fields";
import { fieldIds } from "./ids";
import { zonePicker } from "./zonepicker";

export interface WallState {
  date: string;
  time: string;
  zone: string;
  overlap: "earlier" | "later";
  preview: Preview | null;
  error: string | null;
}

export interface WallEnv {
  /** The zone a new wall time starts in. */
  defaultZone: () => string;
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
      w = { date: "", time: "", zone: this.env.defaultZone(), overlap: "earlier", preview: null, error: null };
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

  /** Draws the date, time and zone inputs with the preview line under them. */
  input(spec: FieldSpec): HTMLElement {
    const ids = fieldIds(spec.key);
    const w = this.state(spec.key);
    const describedBy = `${ids.error} ${ids.preview}`;
    const date = h("input", { id: ids.input, type: "text", class: "date", value: w.date, placeholder: "YYYY-MM-DD", inputmode: "numeric", "aria-label": `${spec.label} date`, "aria-describedby": describedBy });
    const time = h("input", { id: ids.time, type: "text", class: "time", value: w.time, placeholder: "HH:MM", inputmode: "numeric", "aria-label": `${spec.label} time (24-hour)`, "aria-describedby": describedBy });
    const zone = zonePicker(ids.zone, w.zone, (z) => { w.zone = z; this.env.touch(spec); this.schedule(spec); });
    zone.input.setAttribute("aria-label", `${spec.label} time zone`);
    const preview = h("div", { id: ids.preview, class: "preview" });
    const overlap = h("div", { id: ids.overlap, class: "overlap", hidden: true });
    for (const ev of ["input", "change"]) {
      date.addEventListener(ev, () => { if (w.date !== date.value.trim()) { w.date = date.value.trim(); this.schedule(spec); } });
      time.addEventListener(ev, () => { if (w.time !== time.value.trim()) { w.time = time.value.trim(); this.schedule(spec); } });
    }
    for (const el of [date, time]) el.addEventListener("blur", () => { this.env.touch(spec); });
    const box = h("div", { class: "wall" }, h("div", { class: "wall-inputs" }, date, time, zone.el), preview, overlap);
    this.render(spec, preview, overlap);
    return box;
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
