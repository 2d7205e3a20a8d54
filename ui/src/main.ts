// Start-up and navigation: loads what every view needs, then shows the Invite view.
import { api, asAppError, type AppInfo, type KeyStatus, type ProviderId, type ProviderInfo, type Settings } from "./api";
import { byId } from "./dom";
import { mountHistory } from "./history";
import { mountInvite } from "./invite";
import { mountSettings } from "./settings";
import { setZones } from "./zonepicker";

type View = "invite" | "history" | "settings";
const VIEWS: View[] = ["invite", "history", "settings"];

let settings: Settings = { baseUrls: {}, xobinInviteFormat: "getlink", autoCopy: true, messageTemplate: "{link}", lastZone: null };
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
    keys = await api.keyStatus();
  } catch (e) {
    const msg = asAppError(e).message;
    keys = providers.map((p) => ({ provider: p.id, saved: false, error: msg }));
  }
}

/** The page's own timeline (ms since navigation start), reported with ui_ready. */
const marks: string[] = [`script ${Math.round(performance.now())}`];
const mark = (name: string): void => { marks.push(`${name} ${Math.round(performance.now())}`); };

async function start(): Promise<void> {
  const [infoR, provR, setR, zonesR] = await Promise.allSettled([api.appInfo(), api.providers(), api.getSettings(), api.listTimeZones()]);
  if (infoR.status === "fulfilled") info = infoR.value;
  if (provR.status === "fulfilled") providers = provR.value;
  if (setR.status === "fulfilled") settings = setR.value;
  if (zonesR.status === "fulfilled") {
    setZones(zonesR.value.zones);
    systemZone = zonesR.value.system.name;
    if (zonesR.value.system.note) notice(zonesR.value.system.note);
  }
  mark("data");
  for (const r of [infoR, provR, setR, zonesR]) if (r.status === "rejected") notice(asAppError(r.reason).message);
  if (info?.notices.length) notice(info.notices.join(" "));
  // Key status (a keychain read per provider) is not awaited: the Invite view asks for it when
  // shown and updates its banner when it answers, so the form is usable sooner.

  const history = mountHistory(byId("view-history"));
  const settingsView = mountSettings(byId("view-settings"), {
    settings: () => settings,
    setSettings: (s) => { settings = s; },
    keys: () => keys,
    refreshKeys,
    providers: () => providers,
    info: () => info,
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

  function show(view: View, arg?: string): void {
    for (const v of VIEWS) {
      byId(`view-${v}`).hidden = v !== view;
      const nav = byId(`nav-${v}`);
      nav.classList.toggle("on", v === view);
      if (v === view) nav.setAttribute("aria-current", "page");
      else nav.removeAttribute("aria-current");
    }
    document.title = `Invite Desk — ${view[0]?.toUpperCase()}${view.slice(1)}`;
    if (view === "history") history.show(arg);
    if (view === "settings") settingsView.show(arg as ProviderId | undefined);
    if (view === "invite") invite.onShow();
  }

  for (const v of VIEWS) byId(`nav-${v}`).addEventListener("click", () => show(v));
  const navs = VIEWS.map((v) => byId(`nav-${v}`));
  navs.forEach((n, i) => n.addEventListener("keydown", (e) => {
    const step = e.key === "ArrowDown" ? 1 : e.key === "ArrowUp" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    navs[(i + step + navs.length) % navs.length]?.focus();
  }));
  document.addEventListener("keydown", (e) => {
    if (e.altKey && !e.ctrlKey && !e.metaKey && ["1", "2", "3"].includes(e.key)) {
      e.preventDefault();
      const v = VIEWS[Number(e.key) - 1];
      if (v) { show(v); byId(`nav-${v}`).focus(); }
    }
  });
  show("invite");
  invite.focus();
  document.body.dataset.ready = "true";
  mark("shown");
  void api.uiReady(marks.join(" · ")).catch(() => undefined);
}

void start();
