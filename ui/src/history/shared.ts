// What the History view's parts share: the page's elements and rows, the vendor facts, and the
// words for stages and outcomes (from Rust where Rust has them).
import type { InviteRecord, InviteStatus, ProviderId } from "../api";
import { PROVIDERS } from "../fields";

/** The parts of the view the rows, the status cells and the details panel all touch. */
export interface HistoryParts {
  tbody: HTMLElement;
  panel: HTMLElement;
  refreshAll: HTMLButtonElement;
  /** The rows on the page now. */
  shown: () => InviteRecord[];
  teamMode: () => boolean;
  showDetail: (id: number, from?: HTMLElement) => Promise<void>;
  refreshRows: (ids: number[]) => Promise<void>;
}

const STAGE_WORD: Record<string, string> = { not_started: "Not started", started: "Started", completed: "Completed", revoked: "Revoked", closed: "Closed", other: "Other" };

/** "Completed", or "Completed (to_evaluate)" when the vendor's word says more than the stage. */
export function stageText(s: InviteStatus): string {
  const stage = s.stage ? STAGE_WORD[s.stage] : "Unknown";
  const word = s.vendorStatus ?? "";
  const same = word.toLowerCase().replace(/[^a-z]/g, "") === stage.toLowerCase().replace(/[^a-z]/g, "");
  return word && !same ? `${stage} (${word})` : stage;
}

export const afterSend = (p: ProviderId) => PROVIDERS.find((x) => x.id === p)?.afterSend;

/** "checked 5 min ago", from an RFC 3339 time. */
export function ago(rfc3339: string | null | undefined, now = Date.now()): string {
  if (!rfc3339) return "";
  const s = Math.max(0, Math.round((now - Date.parse(rfc3339)) / 1000));
  if (s < 60) return "just now";
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} days ago`;
}

/** Whether a row can be asked about: a mirror of Rust's `follow_up::not_refreshable`, from the
 * same vendor facts (`afterSend`); Rust checks again and skips any other row. */
export function refreshable(r: InviteRecord): boolean {
  const a = afterSend(r.provider);
  return !!a?.canRefresh && r.outcome === "sent" && a.statusId in r.vendorIds;
}
