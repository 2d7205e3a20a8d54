// What each provider's form asks for, and the checks that mirror Rust's validation so the
// coordinator sees problems while typing. Rust re-checks everything on send; its verdict wins.
import type { ProviderId } from "./api";

export type FieldKind = "text" | "email" | "select" | "radio" | "textarea" | "tags" | "kv" | "wall";

export interface Option {
  value: string;
  label: string;
}

export interface FieldSpec {
  /** Unique key in the form state (provider-specific fields are prefixed). */
  key: string;
  /** The name Rust expects in the form JSON. */
  json: string;
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
  wide?: boolean;
}

export type FormValues = Record<string, unknown>;

export const PROVIDERS: { id: ProviderId; name: string }[] = [
  { id: "xobin", name: "Xobin" },
  { id: "interviewflow", name: "InterviewFlowAI" },
  { id: "tidyhire", name: "Tidyhire" },
  { id: "hireflix", name: "Hireflix" },
  { id: "apploi", name: "Apploi" },
];

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

function checkName(label: string, max = 200) {
  return (v: unknown): string | null => {
    const s = str(v);
    if (!s) return `Enter the ${label}.`;
    if (s.length > max) return `The ${label} is at most ${max} characters.`;
    return null;
  };
}

function checkDigits(label: string) {
  return (v: unknown): string | null => {
    const s = str(v);
    if (!s) return `Enter the ${label}.`;
    if (!/^\d+$/.test(s)) return `The ${label} is a whole number (digits only).`;
    return null;
  };
}

function optional(check: (v: unknown, all: FormValues) => string | null) {
  return (v: unknown, all: FormValues) => (str(v) === "" ? null : check(v, all));
}

function required(label: string) {
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

function checkUrl(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:" ? null : "Use an http(s):// link.";
  } catch {
    return "Enter a full link starting with https://.";
  }
}

function checkTagsMin(min: number, label: string) {
  return (v: unknown): string | null => {
    const n = Array.isArray(v) ? v.length : 0;
    return n >= min ? null : `Add at least ${min} ${label} (${n} so far).`;
  };
}

function checkScore(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  if (!/^\d+$/.test(s) || Number(s) > 100) return "The cutoff score is a whole number from 0 to 100.";
  return null;
}

function checkDuration(v: unknown): string | null {
  const s = str(v);
  if (!s) return "Enter the duration in minutes.";
  if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > 720) return "The duration is a whole number of minutes from 1 to 720.";
  return null;
}

const opts = (...values: string[]): Option[] => values.map((v) => ({ value: v, label: v }));

// ---- the forms ----

export const CANDIDATE: FieldSpec[] = [
  { key: "candidateName", json: "candidateName", label: "Full name", kind: "text", required: true, candidate: true, check: checkName("candidate’s full name"), placeholder: "Jane Doe" },
  { key: "candidateEmail", json: "candidateEmail", label: "Email", kind: "email", required: true, candidate: true, check: checkEmail, placeholder: "jane.doe@example.com" },
];

export const HIREFLIX_NAMES: FieldSpec[] = [
  { key: "hireflix.firstName", json: "firstName", label: "First name", kind: "text", required: true, candidate: true, check: checkName("first name", 50) },
  { key: "hireflix.lastName", json: "lastName", label: "Last name", kind: "text", required: true, candidate: true, check: checkName("last name", 50) },
];

export const PHONE: FieldSpec = { key: "phone", json: "phone", label: "Phone (optional)", kind: "text", candidate: true, check: checkPhone, placeholder: "+1 212 555 0100" };

export const JOB_FIELDS: Record<ProviderId, FieldSpec[]> = {
  xobin: [
    { key: "xobin.aiInterviewId", json: "aiInterviewId", label: "AI interview ID", kind: "text", required: true, check: checkDigits("AI interview ID"), placeholder: "305", hint: "The number in the AI interview’s address in Xobin." },
    { key: "xobin.inviteFormat", json: "inviteFormat", label: "Invite format", kind: "radio", options: [ { value: "getlink", label: "Get link only (you send it)" }, { value: "sendlink", label: "Xobin emails the candidate" } ] },
    { key: "xobin.customFieldId", json: "customFieldId", label: "Your reference (optional)", kind: "text", hint: "Stored by Xobin as custom_field_id; you can fetch the report by it.", check: optional((v) => (str(v).length > 255 ? "At most 255 characters." : null)) },
    { key: "xobin.start", json: "start", label: "Link opens", kind: "wall", emptyMeaning: "Empty: active as soon as it is sent." },
    { key: "xobin.expiry", json: "expiry", label: "Link expires", kind: "wall", emptyMeaning: "Empty: the link never expires." },
  ],
  interviewflow: [
    { key: "interviewflow.jobId", json: "jobId", label: "Job (Interviewer) ID", kind: "text", required: true, check: required("job ID"), placeholder: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" },
    { key: "interviewflow.status", json: "status", label: "Candidate status", kind: "select", options: [ { value: "", label: "Vendor default (public → shortlisted, private → draft)" }, { value: "shortlisted", label: "Shortlisted — straight to the interview" }, { value: "draft", label: "Draft — candidate fills the form first" } ] },
    { key: "interviewflow.resumeUrl", json: "resumeUrl", label: "Résumé link (optional)", kind: "text", candidate: true, check: checkUrl, placeholder: "https://…/resume.pdf", wide: true },
    { key: "interviewflow.skills", json: "skills", label: "Skills (optional)", kind: "tags", hint: "Used to generate skill questions. Enter or comma adds one." },
    { key: "interviewflow.customQuestions", json: "customQuestions", label: "Custom questions (optional)", kind: "tags", candidate: true, hint: "One question per entry.", wide: true },
    { key: "interviewflow.metadata", json: "metadata", label: "Candidate metadata (optional)", kind: "kv", candidate: true, hint: "One “key = value” per line, e.g. externalCandidateId = 12345", wide: true },
    { key: "interviewflow.additionalFields", json: "additionalFields", label: "Additional fields (optional)", kind: "kv", candidate: true, hint: "Custom candidate fields configured in InterviewFlowAI.", wide: true },
  ],
  tidyhire: [
    { key: "tidyhire.externalId", json: "externalId", label: "Job reference (external id)", kind: "text", required: true, check: required("job reference"), hint: "The same reference adds candidates to the existing Tidyhire job." },
    { key: "tidyhire.jobTitle", json: "jobTitle", label: "Job title", kind: "text", required: true, check: required("job title") },
    { key: "tidyhire.jobDescription", json: "jobDescription", label: "Job description", kind: "textarea", required: true, check: required("job description"), wide: true },
    { key: "tidyhire.experienceLevel", json: "experienceLevel", label: "Experience", kind: "select", required: true, options: [{ value: "", label: "Choose…" }, ...opts("Fresher", "1-2 Years", "2-5 Years", "5-8 Years", "8-12 Years", "Above 12 Years")], check: required("experience level") },
    { key: "tidyhire.seniorityLevel", json: "seniorityLevel", label: "Seniority", kind: "select", required: true, options: [{ value: "", label: "Choose…" }, ...opts("Entry", "Mid", "Senior", "Lead", "Principal", "Staff")], check: required("seniority level") },
    { key: "tidyhire.workType", json: "workType", label: "Work type", kind: "select", required: true, options: [{ value: "", label: "Choose…" }, ...opts("Remote", "On Site", "Hybrid")], check: required("work type") },
    { key: "tidyhire.employmentType", json: "employmentType", label: "Employment", kind: "select", required: true, options: [{ value: "", label: "Choose…" }, ...opts("Full Time", "Part Time", "Contract", "Freelance")], check: required("employment type") },
    { key: "tidyhire.location", json: "location", label: "Location", kind: "text", required: true, check: required("job location"), placeholder: "New York, NY" },
    { key: "tidyhire.mustHaveSkills", json: "mustHaveSkills", label: "Must-have skills (at least 3)", kind: "tags", required: true, minItems: 3, check: checkTagsMin(3, "must-have skills"), wide: true },
    { key: "tidyhire.goodToHaveSkills", json: "goodToHaveSkills", label: "Nice-to-have skills (optional)", kind: "tags", wide: true },
    { key: "tidyhire.cutoffScore", json: "cutoffScore", label: "Cutoff score (optional, 0–100)", kind: "text", check: checkScore, placeholder: "65" },
    { key: "tidyhire.interviewDuration", json: "interviewDuration", label: "Interview duration (optional)", kind: "select", options: [ { value: "", label: "Tidyhire default" }, ...opts("15 Minutes", "30 Minutes", "45 Minutes", "60 Minutes") ] },
  ],
  hireflix: [
    { key: "hireflix.positionId", json: "positionId", label: "Position ID", kind: "text", required: true, check: required("position ID"), hint: "From the position’s page in Hireflix." },
    { key: "hireflix.externalId", json: "externalId", label: "Your candidate reference (optional)", kind: "text", candidate: true, check: optional((v) => (str(v).length > 255 ? "At most 255 characters." : null)), hint: "Hireflix refuses a reference it has seen in this position." },
  ],
  apploi: [
    { key: "apploi.applicationFormId", json: "applicationFormId", label: "Application form ID", kind: "text", required: true, candidate: true, check: checkDigits("application form ID"), placeholder: "265733753", hint: "The applicant’s application id in Apploi." },
    { key: "apploi.interview", json: "interview", label: "Interview time", kind: "wall", required: true },
    { key: "apploi.durationMinutes", json: "durationMinutes", label: "Duration (minutes)", kind: "text", required: true, check: checkDuration, placeholder: "60" },
    { key: "apploi.location", json: "location", label: "Location", kind: "text", placeholder: "Virtual", hint: "Empty: “Virtual”." },
    { key: "apploi.interviewerId", json: "interviewerId", label: "Interviewer user ID", kind: "text", check: (v, all) => {
        const id = str(v);
        if (id) return /^\d+$/.test(id) ? null : "The interviewer ID is digits only.";
        return str(all["apploi.interviewerTeamId"]) || str(all["apploi.interviewerEmail"]) ? null : "Enter the interviewer’s user ID, or their team ID and email.";
      } },
    { key: "apploi.interviewerTeamId", json: "interviewerTeamId", label: "…or interviewer team ID", kind: "text", check: (v, all) => {
        if (str(all["apploi.interviewerId"])) return null;
        const t = str(v);
        if (!t && !str(all["apploi.interviewerEmail"])) return null;
        if (!t) return "Enter the team ID that goes with the interviewer email.";
        return /^\d+$/.test(t) ? null : "The team ID is digits only.";
      } },
    { key: "apploi.interviewerEmail", json: "interviewerEmail", label: "…and interviewer email", kind: "email", check: (v, all) => {
        if (str(all["apploi.interviewerId"])) return null;
        if (!str(v) && !str(all["apploi.interviewerTeamId"])) return null;
        return checkEmail(v) ? "Enter the interviewer’s email (a team member in Apploi)." : null;
      } },
  ],
};

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
