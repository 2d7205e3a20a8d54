// The Follow up view: the sent invites that need a nudge now, most urgent first (Rust builds
// the board; see follow_up/board.rs). Its rows are drawn by row.ts.
import { api, asAppError } from "../api";
import { clear, h } from "../dom";
import { type BoardParts, boardRow } from "./row";

export interface FollowUpContext {
  /** The count in the navigation. */
  setCount: (n: number) => void;
}

export function mountFollowUp(root: HTMLElement, ctx: FollowUpContext): { show: () => void } {
  const tbody = h("tbody", { id: "followup-rows" });
  const status = h("p", { id: "followup-count", class: "muted", role: "status" });
  const reload = h("button", { type: "button", id: "followup-reload" }, "↻ Reload");
  const parts: BoardParts = { reload: load };
  root.append(
    h("h1", {}, "Follow up"),
    h("p", { class: "muted" }, "Invites the candidate has not started, sent longer ago than each vendor’s threshold or whose link expires soon. Reminders use the same link and the invite’s language; you send them, no vendor is asked."),
    h("div", { class: "toolbar" }, reload, status),
    h("div", { class: "table-wrap" },
      h("table", { class: "history", id: "followup-table" },
        h("thead", {}, h("tr", {}, ...["Candidate", "Provider", "Why", "Who reminds", "Actions"].map((t) => h("th", { scope: "col" }, t)))),
        tbody)));
  reload.addEventListener("click", () => void load());

  async function load(): Promise<void> {
    try {
      const board = await api.followUpBoard();
      clear(tbody);
      if (!board.rows.length) tbody.append(h("tr", {}, h("td", { colspan: 5, class: "empty" }, "Nobody needs a nudge right now.")));
      for (const r of board.rows) tbody.append(boardRow(parts, r));
      const n = board.rows.length;
      status.textContent = n === 1 ? "1 invite needs a nudge" : `${n} invites need a nudge`;
      ctx.setCount(n);
    } catch (e) {
      status.textContent = asAppError(e).message;
    }
  }

  return { show: () => void load() };
}
