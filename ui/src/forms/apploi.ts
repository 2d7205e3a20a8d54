// Apploi: schedules an interview for an existing applicant, at a wall time in a zone.
import { checkDigits, checkDuration, checkEmail, str, type FieldSpec } from "../fields";
import type { FormKey, VendorForm } from "./types";

export const apploi: VendorForm<"apploi"> = {
  id: "apploi",
  legend: "Interview (Apploi schedules it)",
  nameField: { hint: "For History only: Apploi finds the applicant by the application form ID and receives no name." },
  sendLabel: "Schedule interview",
  doneTitle: "Interview scheduled ✓",
  candidateFields: [],
  // Apploi's customers are mostly US employers: New York until a zone was used.
  defaultZone: "America/New_York",
  fields: [
    { key: "apploi.applicationFormId", json: "applicationFormId", label: "Application form ID", kind: "text", required: true, candidate: true, check: checkDigits("application form ID"), placeholder: "265733753", lookup: "apploiApplicants", hint: "Pick ▾ searches Apploi’s applicants (by what is typed here, else the name or email above) and fills the id, name and email." },
    { key: "apploi.interview", json: "interview", label: "Interview time", kind: "wall", previewLabel: "Interview", required: true },
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
  ] satisfies FieldSpec<FormKey<"apploi">>[],
  checkAtVendor: (f) => `In Apploi, open applicant ${str(f.applicationFormId)} (${str(f.candidateEmail)}) and look at their scheduled interviews.`,
  wallCheck: (spec, w) => (spec.key === "apploi.interview" && w.preview?.inPast ? "This time is in the past: choose a future time." : null),
};
