// Every element id that belongs to a form field, derived in one place from the field's key
// (`xobin.expiry` → `f-xobin-expiry`, its error `err-f-xobin-expiry`, …). Tests and labels
// depend on these ids: change them here or nowhere.

export interface FieldIds {
  /** The field's own control (for a wall time: the date input). */
  input: string;
  label: string;
  error: string;
  hint: string;
  /** Wall times: the "= … GMT" preview line, the overlap choice, the time and zone inputs. */
  preview: string;
  overlap: string;
  time: string;
  zone: string;
  /** Expiry presets: the radio group; each preset's radio is `${presets}-${preset}`. */
  presets: string;
}

export function fieldIds(key: string): FieldIds {
  const input = `f-${key.replace(/\./g, "-")}`;
  return {
    input,
    label: `lbl-${input}`,
    error: `err-${input}`,
    hint: `hint-${input}`,
    preview: `prev-${input}`,
    overlap: `overlap-${input}`,
    time: `${input}-time`,
    zone: `${input}-zone`,
    presets: `${input}-presets`,
  };
}
