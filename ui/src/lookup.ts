// Pickers beside an id field: Hireflix positions, Apploi applicants, and the Xobin / InterviewFlowAI
// ids used before. The list loads in the background and never blocks typing: the field stays a
// text input (an id typed by hand still works), the list narrows as the coordinator types, arrows
// move, Enter picks, Escape closes. States: loading, empty, the vendor's error, no key yet. Every
// name is put on screen as text. Rust reads, caches and searches the lists; this only shows them.
import { currentAccount } from "./accounts";
import { api, asAppError, type ProviderId } from "./api";
import { clear, formatWhen, h } from "./dom";
import type { FormValues, LookupKind } from "./fields";
import { fieldIds } from "./ids";


interface Item {
  /** What the field gets. */
  value: string;
  label: string;
  detail: string;
  /** Other fields a pick fills (form key → value): an applicant's name and email. */
  fill?: Record<string, string>;
  /** Offered with a "Forget" button (recent ids). */
  forget?: () => Promise<void>;
}

interface Loaded {
  items: Item[];
  /** A line under the list: "12 of 340 positions", "Archived hidden". */
  footer: string;
  /** Shown when `items` is empty. */
  empty: string;
  more?: () => Promise<Loaded>;
}

let seq = 0;

/**
 * Wraps `input` (the field's text input) with its picker. `fill` writes a picked value into the
 * form (the field itself and any other fields it fills).
 */
export function attachLookup(kind: LookupKind, input: HTMLInputElement, values: FormValues, fill: (key: string, value: string) => void, fieldKey: string): HTMLElement {
  const id = `lookup-${++seq}`;
  const list = h("ul", { id: `${id}-list`, role: "listbox", class: "lookup-list", "aria-label": title(kind) });
  const state = h("p", { class: "lookup-state", id: `${id}-state`, "aria-live": "polite" });
  const footer = h("p", { class: "lookup-foot muted small" });
  const refresh = h("button", { type: "button", class: "lookup-refresh", title: "Ask the vendor again" }, "↻ Refresh");
  const archived = kind === "hireflixPositions" ? h("input", { type: "checkbox", id: `${id}-archived` }) : null;
  const head = h("div", { class: "lookup-head" }, h("strong", {}, title(kind)),
    archived ? h("label", { for: `${id}-archived`, class: "small" }, archived, " Show archived") : null, refresh);
  const panel = h("div", { class: "lookup-panel", id, hidden: true, role: "dialog", "aria-label": title(kind) }, head, state, list, footer);
  const toggle = h("button", { type: "button", id: `${input.id}-pick`, class: "lookup-btn", "aria-haspopup": "listbox", "aria-expanded": "false", "aria-controls": id, title: title(kind) }, kind.startsWith("recent") ? "Recent ▾" : "Pick ▾");
  input.setAttribute("aria-autocomplete", "list");
  const wrap = h("div", { class: "lookup" }, h("div", { class: "lookup-row" }, input, toggle), panel);

  let items: Item[] = [];
  let active = -1;
  let mine = 0;
  let timer: number | undefined;
  let more: (() => Promise<Loaded>) | undefined;

  const open = () => { panel.hidden = false; toggle.setAttribute("aria-expanded", "true"); };
  const close = () => { panel.hidden = true; toggle.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); };

  const draw = () => {
    clear(list);
    items.forEach((it, i) => {
      const li = h("li", { id: `${id}-${i}`, role: "option", "aria-selected": i === active ? "true" : "false", class: i === active ? "active" : "", "data-value": it.value },
        h("span", { class: "lookup-label" }, it.label), h("span", { class: "lookup-detail muted small" }, it.detail));
      li.addEventListener("mousedown", (e) => { e.preventDefault(); pick(it); });
      if (it.forget) {
        const f = h("button", { type: "button", class: "lookup-forget", title: `Forget ${it.value}`, "aria-label": `Forget ${it.value}` }, "×");
        f.addEventListener("mousedown", (e) => { e.preventDefault(); e.stopPropagation(); });
        f.addEventListener("click", async (e) => {
          e.stopPropagation();
          try { await it.forget?.(); void load(false); } catch (err) { state.textContent = asAppError(err).message; }
        });
        li.append(f);
      }
      list.append(li);
    });
    if (more) {
      const li = h("li", { class: "lookup-more" }, h("button", { type: "button" }, "Load more…"));
      li.addEventListener("mousedown", (e) => e.preventDefault());
      li.querySelector("button")?.addEventListener("click", async () => {
        const next = more;
        if (!next) return;
        state.textContent = "Loading…";
        try { const l = await next(); items = items.concat(l.items); more = l.more; footer.textContent = l.footer; state.textContent = ""; draw(); }
        catch (err) { state.textContent = asAppError(err).message; }
      });
      list.append(li);
    }
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", `${id}-${active}`);
      document.getElementById(`${id}-${active}`)?.scrollIntoView({ block: "nearest" });
    }
  };

  const pick = (it: Item) => {
    fill(fieldKey, it.value);
    for (const [k, v] of Object.entries(it.fill ?? {})) fill(k, v);
    close();
    input.focus();
  };

  async function load(fresh: boolean): Promise<void> {
    const me = ++mine;
    state.textContent = "Loading…";
    state.className = "lookup-state";
    try {
      const l = await loader(kind, input.value, archived?.checked ?? false, fresh, values);
      if (me !== mine) return;
      items = l.items;
      more = l.more;
      active = items.length ? 0 : -1;
      state.textContent = items.length ? "" : l.empty;
      footer.textContent = l.footer;
      draw();
    } catch (e) {
      if (me !== mine) return;
      const err = asAppError(e);
      items = [];
      more = undefined;
      draw();
      state.className = "lookup-state error";
      state.textContent = err.kind === "missing_key" ? `${err.message} Typing the id still works.` : err.message;
      footer.textContent = "";
    }
  }

  toggle.addEventListener("click", () => {
    if (panel.hidden) { open(); void load(false); } else close();
  });
  refresh.addEventListener("click", () => void load(true));
  archived?.addEventListener("change", () => void load(false));
  input.addEventListener("input", () => {
    if (panel.hidden) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void load(false), kind === "apploiApplicants" ? 250 : 60);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" && e.altKey) { e.preventDefault(); open(); void load(false); return; }
    if (panel.hidden) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (items.length) active = (active + (e.key === "ArrowDown" ? 1 : -1) + items.length) % items.length;
      draw();
    } else if (e.key === "Enter" && active >= 0 && items[active] && !(e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      pick(items[active]);
    } else if (e.key === "Escape") {
      e.preventDefault();
      close();
    }
  });
  // Closes once focus has left the picker (checked after the focus change: an engine may report
  // no related target when focus moves by script, as WebDriver's typing does).
  wrap.addEventListener("focusout", () => {
    window.setTimeout(() => { if (!wrap.contains(document.activeElement)) close(); }, 0);
  });
  return wrap;
}

function title(kind: LookupKind): string {
  switch (kind) {
    case "hireflixPositions": return "Hireflix positions";
    case "apploiApplicants": return "Apploi applicants";
    case "recentXobin": return "AI interviews used before";
    case "recentInterviewflow": return "Jobs used before";
  }
}

async function loader(kind: LookupKind, typed: string, archived: boolean, fresh: boolean, values: FormValues): Promise<Loaded> {
  switch (kind) {
    case "hireflixPositions": {
      const l = await api.hireflixPositions(currentAccount("hireflix"), typed.trim(), archived, fresh);
      const shown = l.positions.length;
      const all = l.open + (archived ? l.archived : 0);
      return {
        items: l.positions.map((p) => ({ value: p.id, label: p.name, detail: p.archived ? `${p.id} · archived` : p.id })),
        footer: `${shown < l.matches ? `${shown} of ${l.matches} matches` : `${l.matches} of ${all}`} positions${archived || !l.archived ? "" : ` · ${l.archived} archived hidden`} · read ${formatWhen(l.loadedAt)}`,
        empty: l.open + l.archived === 0 ? "This Hireflix account has no positions yet." : "No position matches. Typing an id still works.",
      };
    }
    case "apploiApplicants": {
      const q = typed.trim();
      // The field holds the application form id: digits are not a name search, so the email or
      // name typed above is searched instead.
      const query = q && !/^\d+$/.test(q) ? q : String(values.candidateEmail ?? "").trim() || String(values.candidateName ?? "").trim();
      const page = async (offset: number): Promise<Loaded> => {
        const p = await api.apploiApplicants(currentAccount("apploi"), query, null, offset, fresh && offset === 0);
        return {
          items: p.applicants.map((a) => ({
            value: a.id,
            label: a.name || a.email || `Applicant ${a.id}`,
            detail: [a.email, a.jobName ?? a.jobId, `#${a.id}`].filter(Boolean).join(" · "),
            fill: { ...(a.name ? { candidateName: a.name } : {}), ...(a.email ? { candidateEmail: a.email } : {}) },
          })),
          footer: p.total !== null ? `${Math.min(p.offset + p.applicants.length, p.total)} of ${p.total} applicants` : `${p.offset + p.applicants.length} applicants`,
          empty: query ? "No applicant matches. Type part of a name or an email." : "Apploi returned no applicants. If you expected some, the API key may not be allowed to read applicants (Apploi then answers with an empty list).",
          more: p.more ? () => page(p.offset + p.applicants.length) : undefined,
        };
      };
      return page(0);
    }
    case "recentXobin":
    case "recentInterviewflow": {
      const provider: ProviderId = kind === "recentXobin" ? "xobin" : "interviewflow";
      const q = typed.trim().toLowerCase();
      const all = await api.recentRefs(provider, currentAccount(provider));
      // A field that already holds one of the ids lists them all (to switch); else typing narrows.
      const exact = all.some((x) => x.jobRef === typed.trim());
      const refs = exact ? all : all.filter((r) => !q || r.jobRef.toLowerCase().includes(q) || (r.name ?? "").toLowerCase().includes(q));
      return {
        items: refs.map((r) => ({
          value: r.jobRef,
          label: r.name ? `${r.name}` : r.jobRef,
          detail: `${r.name ? `${r.jobRef} · ` : ""}last used ${formatWhen(r.lastUsed)} · ${r.uses} invite${r.uses === 1 ? "" : "s"}`,
          forget: () => api.forgetRef(provider, r.jobRef),
        })),
        footer: refs.length ? "Newest first. × forgets an id until it is used again." : "",
        empty: all.length ? "No id used before matches." : "No id used yet: the ones you send with appear here, with the name the vendor gave.",
      };
    }
  }
}

/** The form field ids a pick may fill, for `fill`. */
export function inputOf(key: string): HTMLInputElement | null {
  return document.getElementById(fieldIds(key).input) as HTMLInputElement | null;
}
