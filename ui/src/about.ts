// Settings → About: version and folders, updates (check now, the offer with its notes, install
// and restart with progress, or where to download when this copy cannot install itself; the
// check at start and a company's own feed), and "Copy diagnostics" for support.
import { Channel } from "@tauri-apps/api/core";
import { api, asAppError, type AppInfo, type InstallProgress, type Settings, type UpdateCheck } from "./api";
import { clear, h, toast } from "./dom";
import { checkForUpdate, lastUpdate } from "./updates";

export interface AboutContext {
  info: () => AppInfo | null;
  settings: () => Settings;
  save: (next: Settings, okMessage: string) => Promise<boolean>;
}

/** The offer: version, notes as text, and install (or where to download). */
function offerBox(check: UpdateCheck): HTMLElement {
  const offer = check.offer;
  if (!offer) return h("p", { id: "update-status" }, `Invite Desk ${check.current} is the newest version (checked ${new Date(check.checkedAt).toLocaleString()}).`);
  const progress = h("progress", { id: "update-progress", max: 1, value: 0, hidden: true, "aria-label": "Update download" });
  const state = h("p", { id: "update-state", role: "status", "aria-live": "polite" });
  const box = h("div", { id: "update-offer", class: "banner" },
    h("p", { id: "update-status" }, `Invite Desk ${offer.version} is available (you have ${check.current}).`),
    offer.notes ? h("pre", { id: "update-notes", class: "notes" }, offer.notes) : null);
  if (!offer.canInstall) {
    box.append(h("p", { id: "update-why-not", class: "note" }, offer.whyNot ?? ""), h("p", {}, h("code", { id: "update-download" }, offer.downloadUrl)));
    return box;
  }
  const install = h("button", { type: "button", id: "update-install", class: "primary" }, "Install and restart");
  install.addEventListener("click", async () => {
    install.disabled = true;
    progress.hidden = false;
    const ch = new Channel<InstallProgress>();
    ch.onmessage = (p) => {
      if (p.phase === "downloading") {
        progress.max = p.total ?? Math.max(1, p.received);
        progress.value = p.received;
        state.textContent = `Downloading… ${Math.round(p.received / 1024)} KB`;
      } else state.textContent = p.phase === "verified" ? "Downloaded; the signature is valid." : "Installing… Invite Desk restarts when it is done.";
    };
    try { await api.updateInstall(ch); } catch (e) { state.textContent = asAppError(e).message; install.disabled = false; }
  });
  box.append(h("div", { class: "buttons" }, install), progress, state);
  return box;
}

/** The updates part of About: the last check's answer, Check now, the setting and the feed. */
function updatesPart(ctx: AboutContext): HTMLElement {
  const part = h("section", { id: "updates", "aria-label": "Updates" }, h("h3", {}, "Updates"));
  const answer = h("div", { id: "update-answer" });
  const draw = (): void => {
    clear(answer);
    const { check, error } = lastUpdate();
    if (check) answer.append(offerBox(check));
    else answer.append(h("p", { id: "update-status", class: error ? "muted" : "" }, error ? `Could not check for updates: ${error}` : "Not checked yet."));
  };
  const now = h("button", { type: "button", id: "update-check" }, "Check now");
  now.addEventListener("click", async () => { now.disabled = true; await checkForUpdate(); now.disabled = false; draw(); });
  const s = ctx.settings();
  const atStart = h("input", { type: "checkbox", id: "update-at-start", checked: s.checkUpdatesAtStart });
  atStart.addEventListener("change", () => void ctx.save({ ...ctx.settings(), checkUpdatesAtStart: atStart.checked }, atStart.checked ? "Invite Desk looks for updates when it starts." : "No more update checks at start."));
  const feed = h("input", { id: "update-feed", type: "url", value: s.updateFeed ?? "", placeholder: "Built-in feed", spellcheck: "false" });
  const feedErr = h("div", { class: "error", id: "update-feed-err", role: "alert" });
  const saveFeed = h("button", { type: "button", id: "update-feed-save" }, "Save feed");
  saveFeed.addEventListener("click", async () => {
    feedErr.textContent = "";
    try { await api.saveSettings({ ...ctx.settings(), updateFeed: feed.value.trim() || null }); toast("Update feed saved."); } catch (e) { feedErr.textContent = asAppError(e).message; }
  });
  draw();
  part.append(answer, h("div", { class: "buttons" }, now),
    h("label", { for: "update-at-start", class: "check" }, atStart, " Look for a newer version when Invite Desk starts"),
    h("label", { for: "update-feed" }, "Update feed (your company's own, optional)"),
    h("div", { class: "inline" }, feed, saveFeed), feedErr);
  return part;
}

export function drawAbout(about: HTMLElement, ctx: AboutContext): void {
  clear(about);
  const info = ctx.info();
  if (!info) { about.append(h("p", { class: "muted" }, "Loading…")); return; }
  const copy = h("button", { type: "button", id: "copy-diagnostics" }, "Copy diagnostics");
  copy.addEventListener("click", async () => {
    try { toast(`Diagnostics copied (${await api.copyDiagnostics()} lines): paste them into your message to support.`); } catch (e) { toast(asAppError(e).message); }
  });
  about.append(h("dl", {},
    h("dt", {}, "Version"), h("dd", { id: "about-version" }, info.version),
    h("dt", {}, "Data folder"), h("dd", { id: "about-data-dir" }, info.dataDir),
    h("dt", {}, "Keychain"), h("dd", { id: "about-keychain" }, info.keychainBackend),
    h("dt", {}, "Time-zone data"), h("dd", { id: "about-tzdb" }, `IANA tzdb ${info.tzdbVersion}`)),
    updatesPart(ctx),
    h("section", { id: "support", "aria-label": "Support" }, h("h3", {}, "Support"),
      h("p", { class: "hint" }, "Version, system, settings and the app's own log — no candidate, link, key or password."),
      h("div", { class: "buttons" }, copy)));
}
