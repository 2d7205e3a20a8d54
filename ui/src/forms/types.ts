// What a vendor's form is: its fields, its words, and the few rules and extras that only it
// has. invite.ts draws any VendorForm the same way; nothing vendor-specific lives there.
import type { FormOf, ProviderId, Settings } from "../api";
import type { FieldSpec, FormValues } from "../fields";
import type { WallState } from "../walltime";

/** What a vendor form may read and change in the Invite view. */
export interface FormHost {
  values: FormValues;
  touched: Set<string>;
  settings: () => Settings;
  /** The wall-time state of a field (created on first use). */
  wall: (key: string) => WallState;
  /** Draws the whole form again from `values` (after loading a saved job). */
  rerender: () => void;
}

/** The JSON field names of a provider's form (`providers::<vendor>::Form`, generated). */
export type FormKey<P extends ProviderId> = Exclude<keyof FormOf<P>, "provider"> & string;

export interface VendorForm<P extends ProviderId = ProviderId> {
  id: P;
  /** The job section's legend. */
  legend: string;
  /** The submit button's text. */
  sendLabel: string;
  /** The result card's title when the vendor returned no link. */
  doneTitle: string;
  /**
   * How this vendor's form changes the shared Full name field, when it does: Apploi receives no
   * name (History only), Hireflix receives First/Last name instead.
   */
  nameField?: Partial<FieldSpec>;
  /** Candidate fields beyond full name and email (Hireflix's first/last name, a phone). */
  candidateFields: FieldSpec[];
  /** The job / interview section. */
  fields: FieldSpec[];
  /** The zone a wall time starts in when none was used before (else the system zone). */
  defaultZone?: string;
  /**
   * Rules on a complete, previewed wall time that the form mirrors from Rust for instant
   * feedback (Rust checks them again on send).
   */
  wallCheck?: (spec: FieldSpec, w: WallState, host: FormHost) => string | null;
  /** Drawn above the job fields (Tidyhire's saved jobs). */
  toolbar?: (host: FormHost) => HTMLElement;
  /** A field's value changed by typing. */
  onInput?: (spec: FieldSpec, host: FormHost) => void;
  /** The form was drawn. */
  onRender?: (host: FormHost) => void;
  /**
   * Where to look at the vendor when the outcome is unknown (the request may have created the
   * invite): one sentence naming the place and the candidate, from the form that was sent.
   * (A method, so a `VendorForm<"xobin">` is a `VendorForm`: it is only called with its own form.)
   */
  checkAtVendor(form: FormOf<P>): string;
}
