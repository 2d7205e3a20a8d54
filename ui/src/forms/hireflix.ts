// Hireflix: a position id; the vendor wants first and last name, pre-split from the full name
// until the coordinator edits either.
import { checkName, optional, PHONE, required, splitName, str, type FieldSpec } from "../fields";
import { fieldIds } from "../ids";
import type { FormHost, FormKey, VendorForm } from "./types";

function syncNames(host: FormHost): void {
  const [first, last] = splitName(str(host.values.candidateName));
  host.values["hireflix.firstName"] = first;
  host.values["hireflix.lastName"] = last;
  const f = document.getElementById(fieldIds("hireflix.firstName").input) as HTMLInputElement | null;
  const l = document.getElementById(fieldIds("hireflix.lastName").input) as HTMLInputElement | null;
  if (f) f.value = first;
  if (l) l.value = last;
}

export const hireflix: VendorForm<"hireflix"> = {
  id: "hireflix",
  legend: "Interview (Hireflix)",
  sendLabel: "Send invite",
  doneTitle: "Invite sent ✓",
  // Hireflix receives First and Last name, and History keeps exactly those (Rust builds the name
  // from them), so Full name only fills them in and is not required.
  nameField: { label: "Full name (optional)", required: false, check: optional(checkName("candidate’s full name")), hint: "Fills First and Last name below; Hireflix and History use those." },
  candidateFields: [
    { key: "hireflix.firstName", json: "firstName", label: "First name", kind: "text", required: true, candidate: true, check: checkName("first name", 50) },
    { key: "hireflix.lastName", json: "lastName", label: "Last name", kind: "text", required: true, candidate: true, check: checkName("last name", 50) },
    PHONE,
  ] satisfies FieldSpec<FormKey<"hireflix">>[],
  fields: [
    { key: "hireflix.positionId", json: "positionId", label: "Position ID", kind: "text", required: true, check: required("position ID"), lookup: "hireflixPositions", hint: "Pick ▾ lists your Hireflix positions; an id typed by hand works too." },
    { key: "hireflix.externalId", json: "externalId", label: "Your candidate reference (optional)", kind: "text", candidate: true, check: optional((v) => (str(v).length > 255 ? "At most 255 characters." : null)), hint: "Hireflix refuses a reference it has seen in this position." },
  ] satisfies FieldSpec<FormKey<"hireflix">>[],
  checkAtVendor: (f) => `In Hireflix, open position ${str(f.positionId)} and look for ${str(f.candidateEmail)} among its invited candidates.`,
  onInput: (spec, host) => {
    if (spec.key === "candidateName" && !host.touched.has("hireflix.firstName") && !host.touched.has("hireflix.lastName")) syncNames(host);
  },
  onRender: (host) => {
    if (!str(host.values["hireflix.firstName"]) && !str(host.values["hireflix.lastName"])) syncNames(host);
  },
};
