// What the Bulk view's parts share: its state, its elements, and the functions one part calls in
// another (set up once in `index.ts`), so no part imports another.
import type { Channel } from "@tauri-apps/api/core";
import type { BatchEvent, BatchSummary, CheckReport, Progress, ProviderId, RowResult, SheetInfo } from "../api";
import type { JobOfForm } from "../invite";

export interface BulkContext {
  job: () => JobOfForm;
  goInvite: () => void;
  /** History limited to a batch, and to one outcome when given. */
  goHistory: (batch: number, outcome?: "unknown") => void;
}

/** Height of one table row (px): the table draws only the rows in view. */
export const ROW_H = 34;
export type Filter = "all" | "ready" | "problems" | "duplicates";

export const STATUS_LABEL: Record<string, string> = {
  ready: "Ready",
  error: "Error",
  duplicateInFile: "Duplicate in sheet",
  alreadyInvited: "Already invited",
  queued: "Not sent yet",
  pending: "Sending",
  sent: "Sent",
  failed: "Failed",
  unknown: "Unknown",
};

export const NO_SHEET = "No sheet yet. Open a .csv, .xlsx or .ods file, drop one on the window, or paste rows.";

export interface State {
  sheet: SheetInfo | null;
  report: CheckReport | null;
  /** The coordinator's mapping; null until they change one (Rust suggests or remembers). */
  mapping: Record<string, number> | null;
  include: Set<number>;
  results: Map<number, RowResult>;
  running: { batch: number; progress: Progress | null; paused: boolean; provider: ProviderId } | null;
  lastBatch: number | null;
  filter: Filter;
  seq: number;
}

export interface Els {
  unfinishedBox: HTMLElement;
  openBtn: HTMLButtonElement;
  paste: HTMLTextAreaElement;
  pasteBtn: HTMLButtonElement;
  sheetLine: HTMLElement;
  sheetError: HTMLElement;
  jobBox: HTMLElement;
  mapBox: HTMLElement;
  blocking: HTMLElement;
  counts: HTMLElement;
  filters: HTMLElement;
  viewport: HTMLElement;
  spacer: HTMLElement;
  sendBtn: HTMLButtonElement;
  sendReason: HTMLElement;
  bar: HTMLProgressElement;
  barText: HTMLElement;
  pauseBtn: HTMLButtonElement;
  cancelBtn: HTMLButtonElement;
  runButtons: HTMLElement;
  progressBox: HTMLElement;
  copyAll: HTMLButtonElement;
  exportBtn: HTMLButtonElement;
  historyBtn: HTMLButtonElement;
  newBtn: HTMLButtonElement;
  doneBox: HTMLElement;
}

/** The view: its context, state and elements, and what its parts offer each other. */
export interface Bulk {
  ctx: BulkContext;
  st: State;
  els: Els;
  loaded: (p: Promise<SheetInfo | null>) => Promise<void>;
  check: () => Promise<void>;
  render: () => void;
  renderJob: () => void;
  renderFilters: () => void;
  refreshSend: () => void;
  drawRows: (force?: boolean) => void;
  runBatch: (provider: ProviderId, start: (ch: Channel<BatchEvent>) => Promise<BatchSummary>) => Promise<void>;
  loadUnfinished: () => Promise<void>;
}

/** A spreadsheet's column letter: 0 → A, 26 → AA. */
export function columnLetter(i: number): string {
  let s = "";
  let n = i;
  for (;;) {
    s = String.fromCharCode(65 + (n % 26)) + s;
    if (n < 26) return s;
    n = Math.floor(n / 26) - 1;
  }
}

export function duration(secs: number): string {
  if (secs < 60) return `${secs} s`;
  const m = Math.round(secs / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
