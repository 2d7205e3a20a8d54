// The Bulk view: bring a sheet in (open, drop, paste), map its columns, see Rust's verdict on
// every row, send the batch with a progress bar (pause, resume, cancel), then copy the links or
// export the results. Rust reads, checks and sends; this view shows what it says. Its parts:
// `view` (the page), `sheet` (reading and checking), `table` (the rows), `run` (sending).
import { api } from "../api";
import { loadUnfinished, runBatch, wireRun } from "./run";
import type { Bulk, BulkContext, State } from "./shared";
import { check, loaded, refreshSend, render, renderJob, wireSource } from "./sheet";
import { renderFilters, tableDrawer } from "./table";
import { buildView } from "./view";

export type { BulkContext } from "./shared";

export function mountBulk(root: HTMLElement, ctx: BulkContext): { show: () => void; dropped: () => void } {
  const st: State = { sheet: null, report: null, mapping: null, include: new Set(), results: new Map(), running: null, lastBatch: null, filter: "all", seq: 0 };
  const els = buildView(root);
  const b: Bulk = {
    ctx,
    st,
    els,
    loaded: (p) => loaded(b, p),
    check: () => check(b),
    render: () => render(b),
    renderJob: () => renderJob(b),
    renderFilters: () => renderFilters(b),
    refreshSend: () => refreshSend(b),
    drawRows: () => undefined,
    runBatch: (provider, start) => runBatch(b, provider, start),
    loadUnfinished: () => loadUnfinished(b),
  };
  b.drawRows = tableDrawer(b);
  wireSource(b);
  wireRun(b);
  b.drawRows(true);
  b.refreshSend();
  return {
    show: () => {
      b.renderJob();
      void b.loadUnfinished();
      // The Invite form may have changed since: check again against the job as it is now.
      if (st.sheet && !st.running && st.lastBatch === null) void b.check();
    },
    dropped: () => void b.loaded(api.bulkLoadDropped()),
  };
}
