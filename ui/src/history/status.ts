// The Status column: the vendor's word (and score), when it was checked, Refresh and Open report;
// refreshing rows in Rust, each cell redrawn as its answer arrives.
import { Channel } from "@tauri-apps/api/core";
import { api, asAppError, type InviteRecord, type InviteStatus, type StatusRow } from "../api";
import { clear, h, isHttps, toast } from "../dom";
import { afterSend, ago, type HistoryParts, refreshable, stageText } from "./shared";

export function drawStatus(parts: HistoryParts, td: HTMLElement, r: InviteRecord, s: InviteStatus | null, error: string | null): void {
  clear(td);
  const a = afterSend(r.provider);
  if (!a?.canRefresh) {
    td.append(h("span", { class: "muted small", title: a?.note ?? "" }, "No status from this vendor"));
    return;
  }
  if (s?.stage) {
    td.append(h("span", { class: `stage ${s.stage}` }, stageText(s)));
    if (s.score) td.append(h("span", { class: "score" }, ` · score ${s.score}`));
    td.append(h("div", { class: "muted small checked" }, `checked ${ago(s.checkedAt)}`));
  } else if (refreshable(r)) {
    td.append(h("span", { class: "muted small" }, "Not checked yet"));
  }
  const err = error ?? s?.error ?? null;
  if (err) td.append(h("div", { class: "error small", role: "note" }, err));
  const actions = h("div", { class: "row-actions" });
  if (refreshable(r)) {
    const b = h("button", { type: "button", class: "refresh-row", title: "Ask the vendor where this invite stands" }, "↻ Refresh");
    b.addEventListener("click", () => void parts.refreshRows([r.id]));
    actions.append(b);
  }
  const report = s?.reportLink;
  if (report && isHttps(report)) {
    const o = h("button", { type: "button", class: "open-report", title: report }, "Open report");
    o.addEventListener("click", () => void api.openLink(report).catch((e) => toast(asAppError(e).message)));
    actions.append(o);
  }
  if (actions.childNodes.length) td.append(actions);
}

/** Redraws one row's status cell (after a refresh or a revoke). */
export function redrawStatus(parts: HistoryParts, id: number, s: InviteStatus | null, error: string | null): void {
  const r = parts.shown().find((x) => x.id === id);
  const cell = parts.tbody.querySelector<HTMLElement>(`tr[data-id="${id}"] .status-cell`);
  if (r) r.status = s;
  if (r && cell) { cell.removeAttribute("aria-busy"); drawStatus(parts, cell, r, s, error); }
}

function busy(parts: HistoryParts, ids: number[], on: boolean): void {
  for (const id of ids) {
    const cell = parts.tbody.querySelector(`tr[data-id="${id}"] .status-cell`);
    if (on) {
      cell?.querySelector(".refresh-row")?.setAttribute("disabled", "");
      cell?.setAttribute("aria-busy", "true");
    } else {
      cell?.removeAttribute("aria-busy");
      cell?.querySelector(".refresh-row")?.removeAttribute("disabled");
    }
  }
}

/** Refreshes rows in Rust; each row's cell is redrawn as its answer arrives. */
export async function refreshRows(parts: HistoryParts, ids: number[]): Promise<void> {
  busy(parts, ids, true);
  parts.refreshAll.disabled = true;
  const onRow = new Channel<StatusRow>();
  onRow.onmessage = (row) => {
    redrawStatus(parts, row.id, row.status, row.error);
    if (!parts.panel.hidden && parts.panel.dataset.id === String(row.id)) void parts.showDetail(row.id);
  };
  try {
    const s = await api.refreshStatus(ids, onRow);
    if (ids.length > 1) toast(`Checked ${s.checked} invite${s.checked === 1 ? "" : "s"}${s.failed ? `, ${s.failed} could not be checked` : ""}${s.skipped ? `, ${s.skipped} skipped` : ""}.`);
  } catch (e) {
    toast(asAppError(e).message);
  } finally {
    parts.refreshAll.disabled = false;
    busy(parts, ids, false);
  }
}
