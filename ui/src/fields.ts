// What each provider's form asks for, and the checks that mirror Rust's validation so the
// coordinator sees problems while typing. Rust re-checks everything on send; its verdict wins.
import type { Settings } from "./api";
import { PROVIDERS } from "./generated/ipc";

export type FieldKind = "text" | "email" | "select" | "radio" | "textarea" | "tags" | "kv" | "wall";

export interface Option {
  value: string;
  label: string;
}

/** One form field; `K` narrows `json` to the names the provider's generated form type has. */
export interface FieldSpec<K extends string = string> {
  /** Unique key in the form state (provider-specific fields are prefixed). */
  key: string;
  /** The name Rust expects in the form JSON. */
  json: K;
  label: string;
  kind: FieldKind;
  required?: boolean;
  options?: Option[];
  hint?: string;
  placeholder?: string;
  /** Cleared by "New invite" (candidate facts); job facts stay for the next candidate. */
  candidate?: boolean;
  /** Minimum count for tags. */
  minItems?: number;
  check?: (value: unknown, all: FormValues) => string | null;
  /** For wall times: empty means this, shown beside the field. */
  emptyMeaning?: string;
  /** For wall times: the preview sentence starts with this ("Starts", "Expires"). */
  previewLabel?: string;
  /** For wall times: offer the expiry presets (in 2 days, in 7 days, end of Friday, custom). */
  presets?: boolean;
  /** For wall times: shown after the preview when the time is in the past. */
  pastNote?: string;
  /** The first value of a radio group when the form opens (else its first option). */
  initial?: (settings: Settings) => string;
  wide?: boolean;
  /** A text field with a picker beside it (lookup.ts). */
  lookup?: LookupKind;
}

/** The picker a field offers (`lookup.ts` draws it). */
export type LookupKind = "hireflixPositions" | "apploiApplicants" | "recentXobin" | "recentInterviewflow";

export type FormValues = Record<string, unknown>;

/** The providers, in the picker's order, from Rust (`commands::providers`). */
export { PROVIDERS };

export function providerName(id: string): string {
  return PROVIDERS.find((p) => p.id === id)?.name ?? id;
}

// ---- checks (same rules as Rust) ----

export function str(v: unknown): string {
  return typeof v === "string" ? v.trim() : v === undefined || v === null ? "" : String(v).trim();
}

export function checkEmail(v: unknown): string | null {
  const s = str(v);
  if (!s) return "Enter the candidate’s email.";
  if (s.length > 254) return "An email address is at most 254 characters.";
  if (/\s/.test(s)) return "An email address has no spaces.";
  const at = s.split("@");
  if (at.length !== 2 || !at[0] || !at[1] || !at[1].includes(".") || at[1].startsWith(".") || at[1].endsWith("."))
    return "Enter an email like jane.doe@example.com.";
  return null;
}

export function checkName(label: string, max = 200) {
  return (v: unknown): string | null => {
    const s = str(v);
    if (!s) return `Enter the ${label}.`;
    if (s.length > max) return `The ${label} is at most ${max} characters.`;
    return null;
  };
}

export function checkDigits(label: string) {
  return (v: unknown): string | null => {
    const s = str(v);
    if (!s) return `Enter the ${label}.`;
    if (!/^\d+$/.test(s)) return `The ${label} is a whole number (digits only).`;
    return null;
  };
}

export function optional(check: (v: unknown, all: FormValues) => string | null) {
  return (v: unknown, all: FormValues) => (str(v) === "" ? null : check(v, all));
}

export function required(label: string) {
  return (v: unknown): string | null => (str(v) ? null : `Enter the ${label}.`);
}

export function checkPhone(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  const compact = s.replace(/[\s\-().]/g, "");
  if (!/^\+[1-9]\d{6,14}$/.test(compact))
    return "Use international format with the country code, e.g. +44 20 7946 0958.";
  return null;
}

export function checkUrl(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:" ? null : "Use an http(s):// link.";
  } catch {
    return "Enter a full link starting with https://.";
  }
}

export function checkTagsMin(min: number, label: string) {
  return (v: unknown): string | null => {
    const n = Array.isArray(v) ? v.length : 0;
    return n >= min ? null : `Add at least ${min} ${label} (${n} so far).`;
  };
}

export function checkScore(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  if (!/^\d+$/.test(s) || Number(s) > 100) return "The cutoff score is a whole number from 0 to 100.";
  return null;
}

export function checkDuration(v: unknown): string | null {
  const s = str(v);
  if (!s) return "Enter the duration in minutes.";
  if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > 720) return "The duration is a whole number of minutes from 1 to 720.";
  return null;
}

export const opts = (...values: string[]): Option[] => values.map((v) => ({ value: v, label: v }));

// ---- the candidate fields every provider shares (vendor forms live in forms/) ----

export const CANDIDATE: FieldSpec<"candidateName" | "candidateEmail">[] = [
  { key: "candidateName", json: "candidateName", label: "Full name", kind: "text", required: true, candidate: true, check: checkName("candidate’s full name"), placeholder: "Jane Doe" },
  { key: "candidateEmail", json: "candidateEmail", label: "Email", kind: "email", required: true, candidate: true, check: checkEmail, placeholder: "jane.doe@example.com" },
];

export const PHONE: FieldSpec<"phone"> = { key: "phone", json: "phone", label: "Phone (optional)", kind: "text", candidate: true, check: checkPhone, placeholder: "+1 212 555 0100" };

/** Pre-splits a full name for Hireflix: the first word, then the rest (editable by the coordinator). */
export function splitName(full: string): [string, string] {
  const parts = full.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return ["", ""];
  if (parts.length === 1) return [parts[0] ?? "", ""];
  return [parts[0] ?? "", parts.slice(1).join(" ")];
}

/** "key = value" lines → object; returns an error naming the line when one has no "=". */
export function parseKv(text: string): { value: Record<string, string>; error: string | null } {
  const value: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (!line) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) return { value, error: `Line ${i + 1}: write it as “key = value”.` };
    value[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return { value, error: null };
}
