// The Bulk view's page: four steps (candidates, job, columns, check and send), the progress of
// a batch and what to do with its results.
import { h } from "../dom";
import { type Els, NO_SHEET } from "./shared";

export function buildView(root: HTMLElement): Els {
  const paste = h("textarea", { id: "bulk-paste", rows: 3, placeholder: "Paste rows copied from Excel, LibreOffice or Google Sheets (with the header row), then press Read pasted rows." });
  const viewport = h("div", { id: "bulk-table", class: "vtable", role: "rowgroup", tabindex: 0, "aria-label": "Rows of the sheet (scroll for more)" });
  const spacer = h("div", { class: "vspacer" });
  viewport.append(spacer);
  const bar = h("progress", { id: "bulk-progress", max: 1, value: 0, "aria-label": "Batch progress" });
  const barText = h("p", { id: "bulk-progress-text", "aria-live": "polite" });
  const pauseBtn = h("button", { type: "button", id: "bulk-pause" }, "Pause");
  const cancelBtn = h("button", { type: "button", id: "bulk-cancel" }, "Cancel");
  const runButtons = h("div", { class: "buttons" }, pauseBtn, cancelBtn);
  const copyAll = h("button", { type: "button", id: "bulk-copy-links" }, "Copy all links");
  const exportBtn = h("button", { type: "button", id: "bulk-export" }, "Export results…");
  const historyBtn = h("button", { type: "button", id: "bulk-history" }, "Show in History");
  const newBtn = h("button", { type: "button", id: "bulk-new" }, "New batch");
  const els: Els = {
    unfinishedBox: h("div", { id: "bulk-unfinished" }),
    openBtn: h("button", { type: "button", id: "bulk-open" }, "Open a file…"),
    paste,
    pasteBtn: h("button", { type: "button", id: "bulk-read-paste" }, "Read pasted rows"),
    sheetLine: h("p", { id: "bulk-sheet", class: "muted", "aria-live": "polite" }, NO_SHEET),
    sheetError: h("p", { id: "bulk-sheet-error", class: "error", role: "alert" }),
    jobBox: h("div", { id: "bulk-job" }),
    mapBox: h("div", { id: "bulk-mapping", class: "grid" }),
    blocking: h("div", { id: "bulk-blocking", class: "banner warn", role: "alert", hidden: true }),
    counts: h("p", { id: "bulk-counts", "aria-live": "polite" }),
    filters: h("div", { class: "segmented", role: "radiogroup", "aria-label": "Show rows", id: "bulk-filter" }),
    viewport,
    spacer,
    sendBtn: h("button", { type: "button", id: "bulk-send", class: "primary", disabled: true }, "Send invites"),
    sendReason: h("span", { id: "bulk-send-reason", class: "reason", "aria-live": "polite" }),
    bar,
    barText,
    pauseBtn,
    cancelBtn,
    runButtons,
    progressBox: h("div", { id: "bulk-run", hidden: true }, bar, barText, runButtons),
    copyAll,
    exportBtn,
    historyBtn,
    newBtn,
    doneBox: h("div", { id: "bulk-done", class: "buttons", hidden: true }, copyAll, exportBtn, historyBtn, newBtn),
  };
  const e = els;
  root.append(
    h("h1", {}, "Bulk invites"),
    e.unfinishedBox,
    h("fieldset", { class: "section", id: "bulk-source" },
      h("legend", {}, "1 · Candidates"),
      h("div", { class: "row" }, e.openBtn, h("span", { class: "muted" }, "or drop a file on the window, or paste rows below")),
      h("label", { for: "bulk-paste", class: "sr-only" }, "Pasted rows"), e.paste,
      h("div", { class: "row" }, e.pasteBtn),
      e.sheetLine, e.sheetError),
    h("fieldset", { class: "section", id: "bulk-job-sec" }, h("legend", {}, "2 · Job, from the Invite form"), e.jobBox),
    h("fieldset", { class: "section", id: "bulk-columns" }, h("legend", {}, "3 · Columns"), e.mapBox),
    h("fieldset", { class: "section", id: "bulk-preview" },
      h("legend", {}, "4 · Check and send"),
      e.blocking,
      h("div", { class: "row bulk-summary" }, e.counts, e.sendReason, e.sendBtn),
      e.progressBox, e.doneBox, e.filters,
      h("div", { role: "table", "aria-label": "Rows of the sheet", id: "bulk-grid" },
        h("div", { role: "rowgroup" },
          h("div", { class: "vhead", role: "row" }, ...["Row", "Status", "Name", "Email", "Message or link", "Send"].map((t) => h("span", { role: "columnheader" }, t)))),
        e.viewport)));
  return els;
}
