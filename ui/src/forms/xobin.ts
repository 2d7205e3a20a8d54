// Xobin: an AI interview id, the invite format, and an optional window the link is open in.
import { checkDigits, optional, str, type FieldSpec } from "../fields";
import type { FormKey, VendorForm } from "./types";

export const xobin: VendorForm<"xobin"> = {
  id: "xobin",
  legend: "Interview (Xobin)",
  sendLabel: "Send invite",
  doneTitle: "Invite sent ✓",
  candidateFields: [],
  fields: [
    { key: "xobin.aiInterviewId", json: "aiInterviewId", label: "AI interview ID", kind: "text", required: true, check: checkDigits("AI interview ID"), placeholder: "305", lookup: "recentXobin", hint: "The number in the AI interview’s address in Xobin; Recent ▾ lists the ones you used." },
    { key: "xobin.inviteFormat", json: "inviteFormat", label: "Invite format", kind: "radio", initial: (s) => s.xobinInviteFormat, options: [ { value: "getlink", label: "Get link only (you send it)" }, { value: "sendlink", label: "Xobin emails the candidate" } ] },
    { key: "xobin.customFieldId", json: "customFieldId", label: "Your reference (optional)", kind: "text", hint: "Stored by Xobin as custom_field_id; you can fetch the report by it.", check: optional((v) => (str(v).length > 255 ? "At most 255 characters." : null)) },
    { key: "xobin.start", json: "start", label: "Link opens", kind: "wall", previewLabel: "Starts", pastNote: " · in the past: the link is active immediately", emptyMeaning: "Empty: active as soon as it is sent." },
    { key: "xobin.expiry", json: "expiry", label: "Link expires", kind: "wall", previewLabel: "Expires", presets: true, emptyMeaning: "Empty: the link never expires." },
  ] satisfies FieldSpec<FormKey<"xobin">>[],
  // Xobin's link window (the same rule as its adapter in Rust).
  wallCheck: (spec, w, host) => {
    if (spec.key !== "xobin.expiry" || !w.preview) return null;
    if (w.preview.inPast) return "This expiry is in the past: choose a later time.";
    const start = host.wall("xobin.start");
    if (start.preview && start.date && start.time && w.preview.utc <= start.preview.utc) return "The link must expire after it opens.";
    return null;
  },
  checkAtVendor: (f) => `In Xobin, open AI interview ${str(f.aiInterviewId)} and look for ${str(f.candidateEmail)} among its invited candidates.`,
};
