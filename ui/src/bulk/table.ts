// The rows table: only the rows in view are in the page; a filter narrows it.
import type { RowVerdict } from "../api";
import { clear, h } from "../dom";
import { type Bulk, type Filter, ROW_H, STATUS_LABEL } from "./shared";

/** A resumed batch has no sheet on screen: its rows are the ones that end in this run. */
function resumedRows(b: Bulk): RowVerdict[] {
  return [...b.st.results.values()].sort((x, y) => x.row - y.row).map((r) => ({ row: r.row, status: "ready", included: true, name: r.name, email: r.email, message: null, field: null, duplicateOf: null, previous: null }));
}

function rowsShown(b: Bulk): RowVerdict[] {
  const { st } = b;
  const all = st.report ? st.report.rows : resumedRows(b);
  switch (st.filter) {
    case "ready": return all.filter((v) => v.status === "ready");
    case "problems": return all.filter((v) => v.status === "error" || (st.results.get(v.row)?.outcome ?? "sent") !== "sent");
    case "duplicates": return all.filter((v) => v.status === "duplicateInFile" || v.status === "alreadyInvited");
    default: return all;
  }
}

export function renderFilters(b: Bulk): void {
  const { st, els } = b;
  clear(els.filters);
  els.filters.hidden = !st.report && st.results.size === 0;
  if (els.filters.hidden) return;
  const opts: [Filter, string][] = [["all", "All rows"], ["ready", "Ready"], ["problems", "Errors"], ["duplicates", "Duplicates"]];
  for (const [id, label] of opts) {
    const btn = h("button", { type: "button", role: "radio", "aria-checked": String(st.filter === id), class: st.filter === id ? "on" : "", "data-filter": id }, label);
    btn.addEventListener("click", () => { st.filter = id; b.renderFilters(); b.drawRows(true); });
    els.filters.append(btn);
  }
}

function rowEl(b: Bulk, v: RowVerdict, i: number): HTMLElement {
  const { st } = b;
  const res = st.results.get(v.row);
  const status = res ? res.outcome : v.status;
  const text = (res?.message ?? v.message) ?? "";
  const last = res?.link
    ? h("span", { class: "cell-link", title: res.link }, res.link)
    : h("span", { class: "cell-msg", title: text }, text);
  let send: HTMLElement = h("span", {});
  if (v.status === "duplicateInFile" || v.status === "alreadyInvited") {
    const box = h("input", { type: "checkbox", id: `bulk-inc-${v.row}`, checked: v.included, disabled: !!st.running || st.lastBatch !== null, "aria-label": `Send row ${v.row} anyway` });
    box.addEventListener("change", () => {
      if (box.checked) st.include.add(v.row);
      else st.include.delete(v.row);
      void b.check();
    });
    send = box;
  } else if (v.included) send = h("span", { class: "muted" }, "✓");
  const el = h("div", { class: `vrow ${status}`, role: "row", "data-row": String(v.row), "data-status": status },
    h("span", { role: "cell" }, String(v.row)),
    h("span", { role: "cell" }, h("span", { class: `badge ${status}` }, STATUS_LABEL[status] ?? status)),
    h("span", { role: "cell", class: "clip" }, v.name),
    h("span", { role: "cell", class: "clip" }, v.email),
    h("span", { role: "cell", class: "clip" }, last),
    h("span", { role: "cell" }, send));
  // Through the CSSOM: the window's content security policy refuses style attributes.
  el.style.top = `${i * ROW_H}px`;
  return el;
}

/** Draws the rows in view (again when `force`, else only when the window of rows moved). */
export function tableDrawer(b: Bulk): (force?: boolean) => void {
  const { viewport, spacer } = b.els;
  let drawn = "";
  const draw = (force = false): void => {
    const list = rowsShown(b);
    spacer.style.height = `${list.length * ROW_H}px`;
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_H) - 5);
    const last = Math.min(list.length, first + Math.ceil((viewport.clientHeight || 400) / ROW_H) + 10);
    const key = `${b.st.filter}:${first}:${last}:${list.length}`;
    if (!force && key === drawn) return;
    drawn = key;
    for (const el of [...viewport.querySelectorAll(".vrow")]) el.remove();
    for (let i = first; i < last; i++) {
      const v = list[i];
      if (v) viewport.append(rowEl(b, v, i));
    }
  };
  let frame = 0;
  viewport.addEventListener("scroll", () => { if (!frame) frame = requestAnimationFrame(() => { frame = 0; draw(); }); });
  return draw;
}
