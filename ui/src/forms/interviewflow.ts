// InterviewFlowAI: a job (Interviewer) id, the candidate's status, and optional extras.
import { checkUrl, required, str, type FieldSpec } from "../fields";
import type { FormKey, VendorForm } from "./types";

export const interviewflow: VendorForm<"interviewflow"> = {
  id: "interviewflow",
  legend: "Interview (InterviewFlowAI)",
  sendLabel: "Send invite",
  doneTitle: "Invite sent ✓",
  candidateFields: [],
  checkAtVendor: (f) => `In InterviewFlowAI, open job (Interviewer) ${str(f.jobId)} and look for ${str(f.candidateEmail)} among its candidates.`,
  fields: [
    { key: "interviewflow.jobId", json: "jobId", label: "Job (Interviewer) ID", kind: "text", required: true, check: required("job ID"), placeholder: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", lookup: "recentInterviewflow", hint: "Recent ▾ lists the job ids you used, with your labels." },
    { key: "interviewflow.status", json: "status", label: "Candidate status", kind: "select", options: [ { value: "", label: "Vendor default (public → shortlisted, private → draft)" }, { value: "shortlisted", label: "Shortlisted — straight to the interview" }, { value: "draft", label: "Draft — candidate fills the form first" } ] },
    { key: "interviewflow.resumeUrl", json: "resumeUrl", label: "Résumé link (optional)", kind: "text", candidate: true, check: checkUrl, placeholder: "https://…/resume.pdf", wide: true },
    { key: "interviewflow.skills", json: "skills", label: "Skills (optional)", kind: "tags", hint: "Used to generate skill questions. Enter or comma adds one." },
    { key: "interviewflow.customQuestions", json: "customQuestions", label: "Custom questions (optional)", kind: "tags", candidate: true, hint: "One question per entry.", wide: true },
    { key: "interviewflow.metadata", json: "metadata", label: "Candidate metadata (optional)", kind: "kv", candidate: true, hint: "One “key = value” per line, e.g. externalCandidateId = 12345", wide: true },
    { key: "interviewflow.additionalFields", json: "additionalFields", label: "Additional fields (optional)", kind: "kv", candidate: true, hint: "Custom candidate fields configured in InterviewFlowAI.", wide: true },
  ] satisfies FieldSpec<FormKey<"interviewflow">>[],
};
