// Settings → Templates: the stored templates and the ones shipped with the app (English,
// French, German, Spanish, Portuguese, Dutch); edit, duplicate, delete, import and export as
// JSON. Rust checks and resolves them (message/, follow_up/messages.rs).
import { api, asAppError, type Template } from "../api";
import { clear, h, toast } from "../dom";
import { providerName } from "../fields";
import { editTemplate, type TemplateParts } from "./editor";

function describe(t: Template): string {
  const target = [t.provider ? providerName(t.provider) : "any vendor", t.jobRef ? `job ${t.jobRef}` : "any job"].join(", ");
  return `${t.kind} · ${t.language} · ${target}`;
}

export function mountTemplates(root: HTMLElement): { show: () => void } {
  const list = h("ul", { id: "tpl-list", class: "plain" });
  const editor = h("div", { id: "tpl-editor" });
  const add = h("button", { type: "button", id: "tpl-new" }, "New template");
  const exp = h("button", { type: "button", id: "tpl-export" }, "Export JSON…");
  const imp = h("button", { type: "button", id: "tpl-import" }, "Import JSON…");
  const parts: TemplateParts = { saved: load };
  root.append(h("div", { class: "toolbar" }, add, imp, exp), list, editor);
  add.addEventListener("click", () => editTemplate(editor, parts, { id: 0, kind: "reminder", provider: null, jobRef: null, language: "en", subject: "", body: "", builtIn: false }));
  exp.addEventListener("click", async () => {
    try { const where = await api.exportTemplates(); if (where) toast(`Templates exported to ${where}`); } catch (e) { toast(asAppError(e).message); }
  });
  imp.addEventListener("click", async () => {
    try {
      const r = await api.importTemplates();
      if (!r) return;
      toast(`${r.added} added, ${r.replaced} replaced${r.refused.length ? `; refused: ${r.refused.join(" ")}` : ""}.`);
      await load();
    } catch (e) { toast(asAppError(e).message); }
  });

  function item(t: Template): HTMLElement {
    const edit = h("button", { type: "button", class: "tpl-edit" }, t.builtIn ? "View" : "Edit");
    edit.addEventListener("click", () => editTemplate(editor, parts, t));
    const dup = h("button", { type: "button", class: "tpl-duplicate" }, "Duplicate");
    dup.addEventListener("click", () => editTemplate(editor, parts, { ...t, id: 0, builtIn: false }));
    const del = h("button", { type: "button", class: "tpl-delete", hidden: t.builtIn }, "Delete…");
    del.addEventListener("click", async () => {
      if (!(await api.confirm(`Delete the ${describe(t)} template?`, "Delete template", "Delete"))) return;
      try { await api.deleteTemplate(t.id); await load(); } catch (e) { toast(asAppError(e).message); }
    });
    return h("li", { "data-id": String(t.id), "data-built-in": String(t.builtIn) },
      h("span", {}, describe(t), t.builtIn ? h("span", { class: "muted" }, " (shipped)") : null, " — ", h("span", { class: "muted" }, t.subject)),
      " ", edit, " ", dup, " ", del);
  }

  async function load(): Promise<void> {
    try {
      const all = await api.listTemplates();
      clear(list);
      for (const t of [...all.stored, ...all.builtIn]) list.append(item(t));
    } catch (e) { toast(asAppError(e).message); }
  }
  return { show: () => void load() };
}
