// Start-up and navigation: loads what every view needs, then shows the Invite view. Only the
// Invite view is in the first script (inside the page); Bulk, History, Settings and Follow up are
// loaded and mounted on their first visit (ui/build.mjs builds them as modules of their own).
import { api, asAppError, type AppInfo, type Boot, type KeyStatus, type ProviderId, type ProviderInfo, type Settings, type SystemZone } from "./api";
import { initAccounts, loadAccountKeys } from "./accounts";
import { listen, TauriEvent } from "@tauri-apps/api/event";
import { byId, h } from "./dom";
import { mountInvite } from "./invite";
import { checkForUpdate } from "./updates";
import { setZones } from "./zonepicker";

type View = "invite" | "bulk" | "history" | "settings" | "followup";
const VIEWS: View[] = ["invite", "bulk", "history", "settings", "followup"];
const TITLES: Record<View, string> = { invite: "Invite", bulk: "Bulk", history: "History", settings: "Settings", followup: "Follow up" };

/** "Follow up 5" in the navigation (nothing when none is due). */
function setFollowUpCount(n: number): void {
  const el = byId("nav-followup-count");
  el.textContent = n > 0 ? String(n) : "";
  el.setAttribute("aria-label", n === 1 ? "1 invite needs a nudge" : `${n} invites need a nudge`);
}

let settings: Settings = { baseUrls: {}, xobinInviteFormat: "getlink", autoCopy: true, messageTemplate: "{link}", lastZone: null, expiryPresets: {}, notifyWhenDone: true, bulkConcurrency: 4, bulkTidyhireChunk: 25, bulkMappings: {}, team: null, retentionDays: null, checkUpdatesAtStart: true, updateFeed: null, accounts: [], lastAccount: {}, askAcrossAccounts: false, followUp: { nudgeHours: {}, expiryHours: 24, lookbackDays: 30, digest: false, digestTime: "09:00", company: "", sender: "" } };
let keys: KeyStatus[] = [];
let providers: ProviderInfo[] = [];
let info: AppInfo | null = null;
let systemZone = "UTC";

function notice(text: string): void {
  const el = byId("notice");
  el.textContent = text;
  el.hidden = false;
}

async function refreshKeys(): Promise<void> {
  try {
    const [k] = await Promise.all([api.keyStatus(), loadAccountKeys()]);
    keys = k;
  } catch (e) {
    const msg = asAppError(e).message;
    keys = providers.map((p) => ({ provider: p.id, saved: false, error: msg }));
  }
}

/** True only in the benchmark build (`INVITE_DESK_BENCH=1`, ui/build.mjs). */
declare const __BENCH__: boolean;

/** The page's own timeline (ms since navigation start), reported with ui_ready (bench only). */
const marks: string[] = [`script ${Math.round(performance.now())}`];
const mark = (name: string): void => { marks.push(`${name} ${Math.round(performance.now())}`); };

function applySystemZone(z: SystemZone): void {
  systemZone = z.name;
  if (z.note) notice(z.note);
}

/**
 * What the form needs before it is drawn. In the app it is already in the page (the boot data),
 * so the form is drawn by the first script run without waiting on IPC; without it (a page
 * opened outside the app's window, e.g. by the browser tests, or reloaded) it is asked for over
 * IPC. The zone pickers' list is asked for when a picker is first used (zonepicker.ts); here only
 * on the way without boot data, which needs the computer's zone from it.
 */
async function load(): Promise<void> {
  const boot = (window as unknown as { __INVITE_DESK_BOOT__?: Boot | null } /* commands::boot_script */).__INVITE_DESK_BOOT__;
  // The boot data is a snapshot taken when the window was built: a reloaded page (settings may
  // have changed since) asks Rust for the current values instead.
  const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
  if (boot && nav?.type !== "reload") {
    info = boot.info;
    providers = boot.providers;
    settings = boot.settings;
    applySystemZone(boot.systemZone);
    return;
  }
  const [infoR, provR, setR, zonesR] = await Promise.allSettled([api.appInfo(), api.providers(), api.getSettings(), api.listTimeZones()]);
  if (infoR.status === "fulfilled") info = infoR.value;
  if (provR.status === "fulfilled") providers = provR.value;
  if (setR.status === "fulfilled") settings = setR.value;
  if (zonesR.status === "fulfilled") {
    setZones(zonesR.value.zones);
    applySystemZone(zonesR.value.system);
  }
  for (const r of [infoR, provR, setR, zonesR]) if (r.status === "rejected") notice(asAppError(r.reason).message);
}

/**
 * A file dropped on the window is a sheet for Bulk: Rust keeps its path (the page never names
 * one) and reads it when asked. The webview's drag-and-drop events, heard with the event module
 * alone (the window and webview classes stay out of the first script). Outside the app's window
 * (the browser tests) there is no webview to listen to.
 */
function listenForDrops(dropped: () => void): void {
  const label = (window as unknown as { __TAURI_INTERNALS__?: { metadata?: { currentWebview?: { label?: string } } } }).__TAURI_INTERNALS__?.metadata?.currentWebview?.label;
  if (!label) return;
  const on = (event: TauriEvent, what: () => void): void => void listen(event, what, { target: { kind: "Webview", label } }).catch(() => undefined);
  const dropping = (yes: boolean) => () => document.body.classList.toggle("dropping", yes);
  on(TauriEvent.DRAG_ENTER, dropping(true));
  on(TauriEvent.DRAG_OVER, dropping(true));
  on(TauriEvent.DRAG_LEAVE, dropping(false));
  on(TauriEvent.DRAG_DROP, () => {
    dropping(false)();
    dropped();
  });
}

async function start(): Promise<void> {
  await load();
  initAccounts(() => settings);
  mark("data");
  if (info?.notices.length) notice(info.notices.join(" "));
  // Key status (a keychain read per provider) is not awaited: the Invite view asks for it when
  // shown and updates its banner when it answers, so the form is usable sooner.

  // Each view is loaded and mounted once, on its first visit; until its script is in, the view
  // shows its title and "Loading…".
  const once = <T>(view: View, title: string, load: () => Promise<(root: HTMLElement) => T>): (() => Promise<T>) => {
    let p: Promise<T> | null = null;
    return () => {
      if (p) return p;
      const root = byId(`view-${view}`);
      root.append(h("h1", {}, title), h("p", { class: "muted", role: "status" }, "Loading…"));
      p = load().then((mount) => {
        root.replaceChildren();
        return mount(root);
      });
      return p;
    };
  };
  const history = once("history", "History", async () => (await import("./history")).mountHistory);
  const settingsView = once("settings", "Settings", async () => {
    const { mountSettings } = await import("./settings");
    return (root) => mountSettings(root, {
      settings: () => settings,
      setSettings: (s) => { settings = s; },
      keys: () => keys,
      refreshKeys,
      providers: () => providers,
      info: () => info,
    });
  });
  const invite = mountInvite(byId("view-invite"), {
    settings: () => settings,
    systemZone: () => systemZone,
    lastZone: () => settings.lastZone ?? null,
    keySaved: (p) => {
      const k = keys.find((x) => x.provider === p);
      return k ? k.saved : null;
    },
    refreshKeys,
    goHistory: (search) => show("history", search),
    goSettings: (p) => show("settings", p),
  });

  const bulk = once("bulk", "Bulk invites", async () => {
    const { mountBulk } = await import("./bulk");
    return (root) => mountBulk(root, {
      job: () => invite.job(),
      goInvite: () => show("invite"),
      goHistory: (batch, outcome) => show("history", `batch:${batch}${outcome ? `:${outcome}` : ""}`),
    });
  });
  const followUp = once("followup", "Follow up", async () => {
    const { mountFollowUp } = await import("./followup");
    return (root) => mountFollowUp(root, { setCount: setFollowUpCount });
  });
  const failed = (e: unknown) => notice(asAppError(e).message);

  function show(view: View, arg?: string): void {
    for (const v of VIEWS) {
      byId(`view-${v}`).hidden = v !== view;
      const nav = byId(`nav-${v}`);
      nav.classList.toggle("on", v === view);
      if (v === view) nav.setAttribute("aria-current", "page");
      else nav.removeAttribute("aria-current");
    }
    document.title = `Invite Desk — ${TITLES[view]}`;
    if (view === "history") void history().then((v) => v.show(arg), failed);
    if (view === "settings") void settingsView().then((v) => v.show(arg as ProviderId | undefined), failed);
    if (view === "invite") invite.onShow();
    if (view === "bulk") void bulk().then((v) => v.show(), failed);
    if (view === "followup") void followUp().then((v) => v.show(), failed);
  }

  for (const v of VIEWS) byId(`nav-${v}`).addEventListener("click", () => show(v));
  const navs = VIEWS.map((v) => byId(`nav-${v}`));
  navs.forEach((n, i) => {
    n.addEventListener("keydown", (e) => {
      const step = e.key === "ArrowDown" ? 1 : e.key === "ArrowUp" ? -1 : 0;
      if (!step) return;
      e.preventDefault();
      navs[(i + step + navs.length) % navs.length]?.focus();
    });
  });
  document.addEventListener("keydown", (e) => {
    if (e.altKey && !e.ctrlKey && !e.metaKey && ["1", "2", "3", "4", "5"].includes(e.key)) {
      e.preventDefault();
      const v = VIEWS[Number(e.key) - 1];
      if (v) { show(v); byId(`nav-${v}`).focus(); }
    }
  });
  mark("mounted");
  show("invite");
  mark("view");
  invite.focus();
  mark("shown");
  if (__BENCH__) {
    void api.uiReady(marks.join(" · "), false).catch(() => undefined);
    // And once the frame that drew the form is out (a rAF callback runs before that paint; a
    // task queued from it runs after).
    requestAnimationFrame(() => setTimeout(() => {
      mark("painted");
      // The document's own steps: its last byte, parsed, DOMContentLoaded.
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
      if (nav) marks.push(`html ${Math.round(nav.responseEnd)}`, `parsed ${Math.round(nav.domInteractive)}`, `loaded ${Math.round(nav.domContentLoadedEventStart)}`);
      // When the document began, and when the parser reached the page's head, the end of its
      // stylesheet and its script (ui/build.mjs adds those probes to the benchmark build).
      marks.push(`doc ${performance.timing.domLoading - performance.timing.navigationStart}`, ...((window as unknown as { __t?: string[] }).__t ?? []));
      void api.uiReady(marks.join(" · "), true).catch(() => undefined);
    }, 0));
  }
  listenForDrops(() => {
    show("bulk");
    void bulk().then((v) => v.dropped(), failed);
  });
  // The count in the navigation, once the form is usable, then every five minutes.
  const count = () => void api.followUpBoard().then((b) => setFollowUpCount(b.rows.length), () => undefined);
  count();
  window.setInterval(count, 5 * 60_000);
  document.body.dataset.ready = "true";
  if (settings.checkUpdatesAtStart) {
    // Off the form's path: a newer version is a line above the form, never a dialog.
    void checkForUpdate().then(({ check }) => {
      if (check?.offer) notice(`Invite Desk ${check.offer.version} is available (you have ${check.current}): see Settings → About.`);
    });
  }
}

void start();
