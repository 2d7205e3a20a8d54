// Tidyhire: creates (or reuses, by external id) a whole job and invites the candidate to it;
// a job can be saved and loaded again.
import { accountsOf, currentAccount, pickAccount } from "../accounts";
import { api, asAppError, type JobProfile } from "../api";
import { clear, h, toast } from "../dom";
import { checkScore, checkTagsMin, opts, PHONE, required, str, type FieldSpec } from "../fields";
import {
  TIDYHIRE_EMPLOYMENT_TYPES,
  TIDYHIRE_EXPERIENCE_LEVELS,
  TIDYHIRE_INTERVIEW_DURATIONS,
  TIDYHIRE_SENIORITY_LEVELS,
  TIDYHIRE_WORK_TYPES,
} from "../generated/ipc";
import type { FormHost, FormKey, VendorForm } from "./types";

const fields: FieldSpec<FormKey<"tidyhire">>[] = [
  { key: "tidyhire.externalId", json: "externalId", label: "Job reference (external id)", kind: "text", required: true, check: required("job reference"), hint: "The same reference adds candidates to the existing Tidyhire job." },
  { key: "tidyhire.jobTitle", json: "jobTitle", label: "Job title", kind: "text", required: true, check: required("job title") },
  { key: "tidyhire.jobDescription", json: "jobDescription", label: "Job description", kind: "textarea", required: true, check: required("job description"), wide: true },
  { key: "tidyhire.experienceLevel", json: "experienceLevel", label: "Experience", kind: "select", required: true, options: [{ value: "", label: "Choose…" }, ...opts(...TIDYHIRE_EXPERIENCE_LEVELS)], check: required("experience level") },
  { key: "tidyhire.seniorityLevel", json: "seniorityLevel", label: "Seniority", kind: "select", required: true, options: [{ value: "", label: "Choose…" }, ...opts(...TIDYHIRE_SENIORITY_LEVELS)], check: required("seniority level") },
  { key: "tidyhire.workType", json: "workType", label: "Work type", kind: "select", required: true, options: [{ value: "", label: "Choose…" }, ...opts(...TIDYHIRE_WORK_TYPES)], check: required("work type") },
  { key: "tidyhire.employmentType", json: "employmentType", label: "Employment", kind: "select", required: true, options: [{ value: "", label: "Choose…" }, ...opts(...TIDYHIRE_EMPLOYMENT_TYPES)], check: required("employment type") },
  { key: "tidyhire.location", json: "location", label: "Location", kind: "text", required: true, check: required("job location"), placeholder: "New York, NY" },
  { key: "tidyhire.mustHaveSkills", json: "mustHaveSkills", label: "Must-have skills (at least 3)", kind: "tags", required: true, minItems: 3, check: checkTagsMin(3, "must-have skills"), wide: true },
  { key: "tidyhire.goodToHaveSkills", json: "goodToHaveSkills", label: "Nice-to-have skills (optional)", kind: "tags", wide: true },
  { key: "tidyhire.cutoffScore", json: "cutoffScore", label: "Cutoff score (optional, 0–100)", kind: "text", check: checkScore, placeholder: "65" },
  { key: "tidyhire.interviewDuration", json: "interviewDuration", label: "Interview duration (optional)", kind: "select", options: [ { value: "", label: "Tidyhire default" }, ...opts(...TIDYHIRE_INTERVIEW_DURATIONS) ] },
];

/** The saved-jobs bar: load a saved job into the form, save the current one, delete one. */
function savedJobs(host: FormHost): HTMLElement {
  const bar = h("div", { class: "profiles" });
  let profiles: JobProfile[] = [];
  const render = async (): Promise<void> => {
    try { profiles = await api.jobProfiles("tidyhire"); } catch { profiles = []; }
    clear(bar);
    const sel = h("select", { id: "job-profile" }, h("option", { value: "" }, profiles.length ? "Load a saved job…" : "No saved jobs yet"), ...profiles.map((p) => h("option", { value: String(p.id) }, p.name)));
    sel.addEventListener("change", () => {
      const p = profiles.find((x) => String(x.id) === sel.value);
      if (!p) return;
      for (const spec of fields) if (spec.json in p.data) host.values[spec.key] = p.data[spec.json];
      // A job saved with an account (agencies: one per client) picks it again, if it still exists.
      const pinned = typeof p.data.account === "string" ? p.data.account : null;
      if (pinned && accountsOf("tidyhire").some((a) => a.id === pinned)) pickAccount("tidyhire", pinned);
      host.rerender();
      toast(`Loaded job “${p.name}”.`);
    });
    const save = h("button", { type: "button", id: "save-profile" }, "Save job");
    save.addEventListener("click", async () => {
      const name = str(host.values["tidyhire.jobTitle"]) || str(host.values["tidyhire.externalId"]);
      if (!name) { toast("Enter a job title first."); return; }
      const data: Record<string, unknown> = {};
      for (const spec of fields) data[spec.json] = host.values[spec.key] ?? null;
      if (accountsOf("tidyhire").length > 1) data.account = currentAccount("tidyhire");
      try { await api.saveJobProfile(name, "tidyhire", data); toast(`Saved job “${name}”.`); await render(); }
      catch (e) { toast(asAppError(e).message); }
    });
    const del = h("button", { type: "button", id: "delete-profile", disabled: !profiles.length }, "Delete…");
    del.addEventListener("click", async () => {
      const p = profiles.find((x) => String(x.id) === sel.value);
      if (!p) { toast("Choose a saved job to delete."); return; }
      if (!(await api.confirm(`Delete the saved job “${p.name}”? Invites already sent are not affected.`, "Delete saved job", "Delete"))) return;
      await api.deleteJobProfile(p.id);
      await render();
    });
    bar.append(h("label", { for: "job-profile" }, "Saved jobs"), sel, save, del);
  };
  void render();
  return bar;
}

export const tidyhire: VendorForm<"tidyhire"> = {
  id: "tidyhire",
  legend: "Interview (Tidyhire)",
  sendLabel: "Send invite",
  doneTitle: "Invite sent ✓",
  candidateFields: [PHONE],
  fields,
  checkAtVendor: (f) => `In Tidyhire, open the job “${str(f.jobTitle)}” (reference ${str(f.externalId)}) and look for ${str(f.candidateEmail)} among its candidates.`,
  toolbar: savedJobs,
};
