// Settings → Team: join a team server with the one-time password an admin gave (Rust replaces it
// at once with a secret kept in the keychain), test the connection, sync now, leave. The status
// line says when the team was last reached and how many outcomes wait to be shared; an outcome the
// server refused is listed with the server's reason (the others sync on without it). Nothing here
// decides: Rust checks every field and says which one is wrong.
import { api, asAppError, type TeamStatus } from "./api";
import { clear, formatWhen, h, toast } from "./dom";

export function mountTeam(card: HTMLElement, onChange: () => void): { render: () => Promise<void> } {
  let status: TeamStatus | null = null;

  function line(s: TeamStatus): string {
    const parts = [`Team “${s.teamName ?? "?"}” as ${s.displayName ?? s.role ?? "?"} (${s.role ?? ""})`];
    parts.push(s.lastSynced ? `synced ${formatWhen(s.lastSynced)}` : "not synced yet");
    parts.push(s.waiting ? `${s.waiting} outcome${s.waiting === 1 ? "" : "s"} waiting` : "nothing waiting");
    if (s.strictOffline) parts.push("sending needs the team server (strict)");
    return parts.join(" · ");
  }

  function refusals(s: TeamStatus): HTMLElement | "" {
    if (!s.refused.length) return "";
    return h("div", { id: "team-refused", class: "note" },
      h("p", {}, `The team server refused ${s.refused.length === 1 ? "one outcome" : `${s.refused.length} outcomes`}; the others are shared. Each is tried again at the next sync:`),
      h("ul", {}, ...s.refused.map((r) => h("li", { "data-id": String(r.recordId) }, `${r.candidateName} <${r.candidateEmail}>: ${r.reason}`))));
  }

  function draw(): void {
    clear(card);
    const err = h("div", { class: "error", id: "team-error", role: "alert" });
    if (status?.enabled) {
      const test = h("button", { type: "button", id: "team-test" }, "Test connection");
      const sync = h("button", { type: "button", id: "team-sync" }, "Sync now");
      const leave = h("button", { type: "button", id: "team-leave" }, "Leave team…");
      const run = (b: HTMLButtonElement, f: () => Promise<void>) => b.addEventListener("click", async () => {
        b.disabled = true;
        err.textContent = "";
        try { await f(); } catch (e) { err.textContent = asAppError(e).message; } finally { b.disabled = false; }
      });
      run(test, async () => { status = await api.teamTest(); toast("The team server answered."); draw(); });
      run(sync, async () => { const r = await api.teamSync(); status = await api.teamStatus(); toast(`Synced: ${r.pushed} shared, ${r.pulled} from colleagues.`); draw(); onChange(); });
      run(leave, async () => {
        if (!(await api.confirm("Leave team mode on this computer? Your history keeps every row, colleagues’ invites included; new invites are no longer checked with the team. Joining again needs a new one-time password from your admin.", "Leave team", "Leave team"))) return;
        status = await api.teamLeave();
        draw();
        onChange();
      });
      card.append(
        h("p", { id: "team-status" }, line(status)),
        status.lastError ? h("p", { class: "note", id: "team-last-error" }, `Last problem: ${status.lastError}`) : "",
        refusals(status),
        h("p", { class: "muted small" }, `Server ${status.url ?? ""}. The team password is in this computer’s keychain; vendor API keys never go to the team server.`),
        h("div", { class: "buttons" }, test, sync, leave), err);
      return;
    }
    const url = h("input", { id: "team-url", type: "text", placeholder: "postgresql://team.example.com:5432/invitedesk", spellcheck: "false", autocomplete: "off" });
    const role = h("input", { id: "team-role", type: "text", placeholder: "priya", spellcheck: "false", autocomplete: "off" });
    const pw = h("input", { id: "team-password", type: "password", autocomplete: "off", placeholder: "One-time password from your admin" });
    const join = h("button", { type: "button", id: "team-join" }, "Join team");
    join.addEventListener("click", async () => {
      join.disabled = true;
      err.textContent = "";
      for (const el of [url, role, pw]) el.removeAttribute("aria-invalid");
      try {
        status = await api.teamJoin(url.value, role.value, pw.value);
        pw.value = "";
        toast("Joined the team: invites are now checked with your colleagues’.");
        draw();
        onChange();
      } catch (e) {
        const x = asAppError(e);
        err.textContent = x.message;
        const bad = { teamUrl: url, teamRole: role, teamPassword: pw }[x.field ?? ""];
        if (bad) { bad.setAttribute("aria-invalid", "true"); bad.focus(); }
      } finally {
        join.disabled = false;
      }
    });
    card.append(
      h("p", { class: "muted" }, "Off: the history on this computer is the only one. An admin can set up a team server (see the README, “Team mode”); then every coordinator’s invites share one history and one “already invited?” check."),
      h("div", { class: "field" }, h("label", { for: "team-url" }, "Team server"), url),
      h("div", { class: "field" }, h("label", { for: "team-role" }, "Your login"), role),
      h("div", { class: "field" }, h("label", { for: "team-password" }, "One-time password"), pw),
      h("p", { class: "muted small", id: "team-one-login" }, "One login works on one computer at a time: joining here replaces the password, so another computer that joined with this login is signed out of the team (its history stays)."),
      h("div", { class: "buttons" }, join), err);
  }

  return {
    render: async () => {
      try { status = await api.teamStatus(); } catch (e) { status = null; card.textContent = asAppError(e).message; return; }
      draw();
    },
  };
}
