// Replaces Tauri's IPC in the browser tests. Every call is recorded in window.__calls; answers
// come from window.__ipc[cmd] (a function of the args, which may throw an AppError object), so a
// test can change them with page.evaluate.
(() => {
  const providers = [
    ["xobin", "Xobin", "https://app.xobin.com/api/v2"],
    ["interviewflow", "InterviewFlowAI", "https://api.interviewflowai.com/api/external"],
    ["tidyhire", "Tidyhire", "https://api.tidyhire.app/api/public"],
    ["hireflix", "Hireflix", "https://api.hireflix.com/me"],
    ["apploi", "Apploi", "https://partners.apploi.com"],
  ];
  // Seven zones exactly as Rust's list_time_zones sends them (keywords are a list), from
  // tests/fixtures/zones_ui.json (support/browser.mjs puts it in window.__zones).
  const zones = window.__zones;
  const state = { settings: { baseUrls: {}, xobinInviteFormat: "getlink", autoCopy: true, messageTemplate: "Hi {first_name}, your interview: {link}\n{expiry_line}", lastZone: null, expiryPresets: {}, notifyWhenDone: true, bulkConcurrency: 4, bulkTidyhireChunk: 25, bulkMappings: {}, team: null, retentionDays: null, checkUpdatesAtStart: true, updateFeed: null, followUp: { nudgeHours: {}, expiryHours: 24, lookbackDays: 30, digest: false, digestTime: "09:00", company: "", sender: "" }, accounts: [], lastAccount: {}, askAcrossAccounts: false }, keys: Object.fromEntries(providers.map(([id]) => [id, true])), accountKeys: {} };
  window.__calls = [];
  window.__state = state;
  window.__ipc = {
    app_info: () => ({ name: "Invite Desk", version: "0.1.0", dataDir: "/home/coordinator/.local/share/app.invitedesk.desktop", keychainBackend: "Secret Service (D-Bus)", tzdbVersion: "2026f", notices: [] }),
    ui_ready: () => 250,
    provider_info: () => providers.map(([id, name, defaultBaseUrl]) => ({ id, name, defaultBaseUrl })),
    list_time_zones: () => ({ zones, system: { name: "Europe/London", detected: true }, lastUsed: null }),
    preview_time: ({ wall, field, label }) => {
      if (wall.zone === "America/New_York" && wall.date === "2026-03-08" && wall.time === "02:30")
        throw { kind: "validation", field, message: "02:30 does not exist on 2026-03-08 in America/New_York: clocks jump from 02:00 to 03:00. Pick a time before 02:00 or from 03:00 on." };
      const table = { "America/New_York 2026-03-08 10:00": ["2026-03-08T14:00:00Z", "2026-03-08 14:00", "UTC\u221204:00"], "Asia/Kolkata 2026-07-18 15:30": ["2026-07-18T10:00:00Z", "2026-07-18 10:00", "UTC+05:30"], "Europe/London 2026-07-20 21:30": ["2026-07-20T20:30:00Z", "2026-07-20 20:30", "UTC+01:00"] };
      const hit = table[`${wall.zone} ${wall.date} ${wall.time}`] ?? [`${wall.date}T${wall.time}:00Z`, `${wall.date} ${wall.time}`, "UTC+00:00"];
      return { text: `${label} ${wall.date} ${wall.time} ${wall.zone} = ${hit[1]} GMT`, utc: hit[0], gmt: hit[1], offset: hit[2], inPast: false };
    },
    // Rust's own answers for "now" = the fixture's instant (tests/fixtures/presets_ui.json, kept
    // equal to what Rust computes by tests/schedule_presets.rs).
    expiry_preset: ({ preset, zone, label }) => {
      if (preset === "custom") return null;
      const hit = window.__presets?.zones?.[zone]?.[preset];
      if (!hit) throw { kind: "internal", message: `no preset fixture for ${zone} ${preset}` };
      return { ...hit, preview: { ...hit.preview, text: hit.preview.text.replace(/^Expires/, label) } };
    },
    // Candidate data (history::PersonData, Erasure).
    candidate_find: ({ query }) => {
      const q = query.trim().toLowerCase();
      const invites = q === "kim@example.com" && !window.__forgotten ? [{ id: 41, provider: "xobin", candidateName: "Kim Lee", candidateEmail: "kim@example.com", jobRef: "305", jobName: "Senior Data Engineer", scheduledAt: null, startAt: null, expiryAt: null, zone: null, link: "https://acme.xobin.com/i/k", vendorIds: {}, vendorStatus: null, vendorEmailsCandidate: false, summary: null, extraLinks: {}, skippedEmails: [], outcome: "sent", errorKind: null, errorMessage: null, createdAt: "2026-12-02T09:00:00.000Z", updatedAt: "2026-12-02T09:00:00.000Z", batchId: null, batchRow: null, status: null, author: null, teamConflict: null, teamOffline: false }] : [];
      return { query, invites, sheetRows: [], vendors: invites.length ? ["xobin"] : [] };
    },
    candidate_export: () => ({ path: "/home/coordinator/candidate-data-2026-12-04.json", rows: 1 }),
    candidate_forget: () => { window.__forgotten = true; window.__erasures = [{ at: "2026-12-04T10:00:00Z", kind: "forget", byWhom: "this computer", rows: 1, vendors: ["xobin"] }]; return { erasure: window.__erasures[0], team: null }; },
    erasure_log: () => window.__erasures ?? [],
    // Updates and support (updates::UpdateCheck, InstallProgress over a channel).
    update_check: () => window.__update ?? { current: "0.1.0", offer: null, checkedAt: "2026-12-04T09:00:00Z", installKind: "deb" },
    update_install: ({ onProgress }) => {
      let index = 0;
      const emit = (message) => window[`_${onProgress.id}`]({ message, index: index++ });
      emit({ phase: "downloading", received: 4096, total: 8192 });
      emit({ phase: "downloading", received: 8192, total: 8192 });
      emit({ phase: "verified" });
      emit({ phase: "installing" });
      return new Promise(() => {});
    },
    diagnostics: () => "Invite Desk 0.1.0 (deb)",
    copy_diagnostics: () => 42,
    key_status: () => providers.map(([id]) => ({ provider: id, saved: state.keys[id] })),
    save_key: ({ provider }) => { state.keys[provider] = true; return { provider, saved: true }; },
    delete_key: ({ provider }) => { const had = state.keys[provider]; state.keys[provider] = false; return had; },
    // Accounts (commands::accounts): Default is each vendor's key above; the others live in
    // state.settings.accounts with their keys' state in state.accountKeys (the key text itself is
    // kept only to answer "the same key as another account", as Rust compares in the keychain).
    list_accounts: () => providers.flatMap(([id]) => {
      const mine = state.settings.accounts.filter((a) => a.provider === id);
      const def = mine.find((a) => a.id === "default");
      return [{ provider: id, id: "default", label: def?.label ?? "Default", baseUrl: state.settings.baseUrls[id] ?? null, keySaved: state.keys[id], keyError: null, testable: ["xobin", "hireflix", "apploi"].includes(id) },
        ...mine.filter((a) => a.id !== "default" && !a.removed).map((a) => ({ provider: id, id: a.id, label: a.label, baseUrl: a.baseUrl, keySaved: Boolean(state.accountKeys[`${id}:${a.id}`]), keyError: null, testable: ["xobin", "hireflix", "apploi"].includes(id) }))];
    }),
    add_account: ({ provider, label, baseUrl }) => {
      const name = label.trim();
      if (!name) throw { kind: "validation", field: "label", message: "Name the account, e.g. “Acme — Xobin” or “Sandbox”." };
      if (state.settings.accounts.some((a) => a.provider === provider && !a.removed && a.label.toLowerCase() === name.toLowerCase()) || name.toLowerCase() === "default")
        throw { kind: "validation", field: "label", message: `Another account is called “${name}”: choose another name.` };
      const a = { provider, id: `a${String(state.settings.accounts.length + 1).padStart(8, "0")}`, label: name, baseUrl, removed: false };
      state.settings = { ...state.settings, accounts: [...state.settings.accounts, a] };
      return a;
    },
    rename_account: ({ provider, id, label }) => {
      const accounts = state.settings.accounts.filter((a) => !(a.provider === provider && a.id === id));
      const old = state.settings.accounts.find((a) => a.provider === provider && a.id === id) ?? { provider, id, baseUrl: null, removed: false };
      const a = { ...old, label: label.trim() };
      state.settings = { ...state.settings, accounts: [...accounts, a] };
      return a;
    },
    set_account_address: ({ provider, id, baseUrl }) => {
      state.settings = { ...state.settings, accounts: state.settings.accounts.map((a) => (a.provider === provider && a.id === id ? { ...a, baseUrl } : a)) };
      return state.settings.accounts.find((a) => a.provider === provider && a.id === id);
    },
    save_account_key: ({ provider, id, key, shared }) => {
      const entry = id === "default" ? provider : `${provider}:${id}`;
      const other = Object.entries(state.accountKeys).find(([e, k]) => e !== entry && e.split(":")[0] === provider && k === key);
      if (other && !shared) {
        const oid = other[0].split(":")[1] ?? "default";
        return { saved: false, sharedWith: state.settings.accounts.find((a) => a.provider === provider && a.id === oid)?.label ?? "Default" };
      }
      state.accountKeys[entry] = key;
      if (id === "default") state.keys[provider] = true;
      return { saved: true, sharedWith: null };
    },
    delete_account_key: ({ provider, id }) => { const entry = `${provider}:${id}`; const had = entry in state.accountKeys; delete state.accountKeys[entry]; return had; },
    remove_account: ({ provider, id }) => {
      delete state.accountKeys[`${provider}:${id}`];
      state.settings = { ...state.settings, accounts: state.settings.accounts.map((a) => (a.provider === provider && a.id === id ? { ...a, removed: true } : a)) };
      return 3;
    },
    test_account: ({ provider }) => `${provider === "xobin" ? "Xobin" : provider} accepted the key and answered with the account's settings.`,
    get_settings: () => state.settings,
    save_settings: ({ settings }) => { state.settings = settings; return settings; },
    check_invite: () => [],
    send_invite: ({ form }) => {
      const links = { xobin: "https://acme.xobin.com/app/copilot/interview/cl/1A2B?inviteToken=F84E", interviewflow: "https://app.interviewflowai.com/form?interviewId=aaaa", hireflix: "https://hflx.io/c/abcd1234" };
      const link = links[form.provider] ?? null;
      const summary = form.provider === "tidyhire" ? "Tidyhire will email the invitation to 1 new candidate." : form.provider === "apploi" ? "Scheduled for 2026-07-18 15:30 Asia/Kolkata (2026-07-18 10:00 GMT)." : "Interview link created.";
      return { status: "sent", recordId: 1, notes: [], outcome: { link, vendorIds: link ? { response_id: "7421" } : {}, vendorStatus: null, vendorEmailsCandidate: form.provider === "tidyhire", summary, extraLinks: {}, skippedEmails: [] } };
    },
    copy_text: () => null,
    open_link: () => null,
    history_query: ({ query }) => ({ rows: [], total: 0, totalCapped: false, offset: query.offset, limit: query.limit }),
    history_get: () => { throw { kind: "not_found", message: "Invite #1 is not in History." }; },
    export_history: () => null,
    job_profiles: () => [],
    save_job_profile: ({ name, provider, data }) => ({ id: 1, name, provider, data, updatedAt: "2026-01-01T00:00:00Z" }),
    delete_job_profile: () => true,
    // Bulk: a sheet of three rows as Rust reads and checks it (shapes from bulk::check).
    bulk_unfinished: () => window.__bulkUnfinished ?? [],
    bulk_load_text: ({ text }) => {
      if (!text.includes("\t") && !text.includes(",")) throw { kind: "validation", field: "sheet", message: "Pasted rows has a header row (row 1) but no candidate rows below it." };
      return { id: 1, source: "Pasted rows", headers: ["Name", "Email", "Notes"], rows: 3, notes: [] };
    },
    bulk_check: ({ mapping, include }) => {
      const m = mapping ?? { candidateName: 0, candidateEmail: 1 };
      const rows = [
        { row: 2, status: "ready", included: true, name: "Ana López", email: "ana@example.com", message: null, field: null, duplicateOf: null, previous: null },
        { row: 3, status: "error", included: false, name: "<img src=x onerror=window.__xss=1>", email: "bad@", message: 'Row 3, Email: "bad@" is not an email address. Enter one like jane@example.com.', field: "candidateEmail", duplicateOf: null, previous: null },
        { row: 4, status: "duplicateInFile", included: include.includes(4), name: "Ana López", email: "ana@example.com", message: "Row 4: the same candidate as row 2 (ana@example.com). Skipped unless you include it.", field: null, duplicateOf: 2, previous: null },
      ];
      const toSend = rows.filter((r) => r.included).length;
      return { provider: "xobin", fields: [{ field: "candidateName", label: "Name", required: true, fromFormWhenUnmapped: false }, { field: "candidateEmail", label: "Email", required: true, fromFormWhenUnmapped: false }, { field: "customFieldId", label: "Custom field ID", required: false, fromFormWhenUnmapped: false }], headers: ["Name", "Email", "Notes"], mapping: m, rows, counts: { ready: 1, errors: 1, duplicatesInFile: 1, alreadyInvited: 0, toSend }, blocking: m.candidateEmail === undefined ? "No column is mapped to Email, and every invite needs one." : null };
    },
    bulk_send: ({ include, onEvent }) => {
      const rows = [2, ...include];
      let index = 0;
      const emit = (message) => window[`_${onEvent.id}`]({ message, index: index++ });
      const total = rows.length;
      emit({ event: "progress", batch: 7, total, sent: 0, failed: 0, unknown: 0, left: total, sending: 0, perMinute: 0, etaSecs: null, state: "running", waitSecs: null });
      emit({ event: "rows", rows: rows.map((row, i) => ({ row, inviteId: 100 + i, outcome: "sent", link: `https://acme.xobin.com/app/copilot/interview/cl/1A2B?inviteToken=R${row}`, message: null, name: "Ana López", email: "ana@example.com" })) });
      emit({ event: "progress", batch: 7, total, sent: total, failed: 0, unknown: 0, left: 0, sending: 0, perMinute: 120, etaSecs: null, state: "done", waitSecs: null });
      return { id: 7, provider: "xobin", source: "Pasted rows", state: "done", createdAt: "2026-12-02T10:00:00.000Z", total, queued: 0, pending: 0, sent: total, failed: 0, unknown: 0 };
    },
    bulk_control: () => true,
    // The vendor loop, shaped like tracking::PositionList, ApplicantPage, RecentRef, StatusRow.
    hireflix_positions: ({ query, archived }) => {
      const all = window.__positions ?? [
        { id: "5f1a2b3c4d5e6f7a8b9c0d1f", name: "Backend Engineer (Rust)", archived: false },
        { id: "5f1a2b3c4d5e6f7a8b9c0d1e", name: "<img src=x onerror=window.__xss=1>", archived: false },
        { id: "5f1a2b3c4d5e6f7a8b9c0d20", name: "Summer Intern 2024", archived: true },
      ];
      const q = query.toLowerCase();
      const hits = all.filter((p) => (archived || !p.archived) && (!q || p.name.toLowerCase().includes(q) || p.id.includes(q)));
      return { positions: hits.slice(0, 100), matches: hits.length, open: all.filter((p) => !p.archived).length, archived: all.filter((p) => p.archived).length, loadedAt: "2026-12-02T10:00:00.000Z" };
    },
    apploi_applicants: ({ query, offset }) => {
      const all = [
        { id: "265733753", name: "Maria Lopez", email: "maria.lopez@example.com", jobId: "88123", jobName: "Registered Nurse (Nights)" },
        { id: "265733754", name: "Sam O'Neil", email: "sam.oneil@example.com", jobId: "88124", jobName: "Caregiver" },
      ];
      const q = query.toLowerCase();
      const hits = all.filter((a) => !q || a.name.toLowerCase().includes(q) || a.email.includes(q));
      const page = offset === 0 ? hits.slice(0, 1) : hits.slice(1);
      return { applicants: page, total: hits.length, offset, more: offset === 0 && hits.length > 1 };
    },
    recent_refs: ({ provider }) => (window.__recent ?? { xobin: [{ jobRef: "305", name: "Senior Data Engineer", lastUsed: "2026-12-01T09:00:00.000Z", uses: 12 }, { jobRef: "412", name: null, lastUsed: "2026-11-20T09:00:00.000Z", uses: 1 }] })[provider] ?? [],
    forget_ref: ({ provider, jobRef }) => { const r = window.__recent ?? { xobin: [{ jobRef: "305", name: "Senior Data Engineer", lastUsed: "2026-12-01T09:00:00.000Z", uses: 12 }, { jobRef: "412", name: null, lastUsed: "2026-11-20T09:00:00.000Z", uses: 1 }] }; r[provider] = (r[provider] ?? []).filter((x) => x.jobRef !== jobRef); window.__recent = r; return null; },
    label_ref: () => null,
    team_status: () => window.__team ?? { enabled: false, url: null, role: null, displayName: null, teamName: null, strictOffline: false, lastSynced: null, waiting: 0, lastError: null, refused: [] },
    team_join: ({ url, role, password }) => {
      if (!url.startsWith("postgresql://")) throw { kind: "validation", field: "teamUrl", message: "The team server address must start with postgresql://. Use the form postgresql://host:5432/database your admin gave you." };
      if (password !== "one-time") throw { kind: "invalid_key", field: "teamPassword", message: "The team server refused this login (wrong password, or the login was removed). Ask your team admin for a new one-time password and join again in Settings → Team." };
      window.__team = { enabled: true, url, role, displayName: "Priya", teamName: "Acme Talent", strictOffline: false, lastSynced: "2026-12-02T09:55:00.000Z", waiting: 0, lastError: null, refused: [] };
      return window.__team;
    },
    team_leave: () => { window.__team = undefined; return { enabled: false, url: null, role: null, displayName: null, teamName: null, strictOffline: false, lastSynced: null, waiting: 0, lastError: null, refused: [] }; },
    team_test: () => window.__team,
    team_sync: () => ({ pushed: 0, pulled: 3, skipped: [] }),
    refresh_status: ({ ids, onRow }) => {
      let index = 0;
      for (const id of ids) {
        const status = window.__statusAfterRefresh?.[id] ?? null;
        window[`_${onRow.id}`]({ message: { id, status, error: status ? null : "Hireflix had a problem answering (HTTP 500: internal). Nothing changed: try again later." }, index: index++ });
      }
      return { checked: ids.filter((id) => window.__statusAfterRefresh?.[id]).length, failed: ids.filter((id) => !window.__statusAfterRefresh?.[id]).length, skipped: 0 };
    },
    revoke_invite: () => ({ answer: { status: "revoked", message: "Invite revoked successfully." }, message: "Revoked: the link no longer works. Xobin said: “Invite revoked successfully.”.", status: { stage: "revoked", vendorStatus: "REVOKED", score: null, recommendation: null, reportLink: null, checkedAt: "2026-12-02T10:05:00.000Z", error: null, errorAt: null, startedAt: null, completedAt: null, revokedAt: "2026-12-02T10:05:00.000Z", changes: [{ at: "2026-12-02T10:05:00.000Z", stage: "revoked", vendorStatus: "REVOKED" }] } }),
    bulk_export: () => null,
    // Follow up: the board is window.__board (empty by default); actions are recorded in
    // window.__calls, and Mark reminded / Snooze take the row off the board as Rust does.
    follow_up_board: () => ({ rows: window.__board ?? [], builtAt: "2030-07-10T12:00:00.000Z" }),
    reminder_text: ({ id }) => {
      const hit = window.__reminders?.[id];
      if (!hit) throw { kind: "not_found", message: `Invite #${id} is not in History.` };
      return hit;
    },
    // The invite message Rust resolves and fills: English by default, French when asked.
    invite_message: ({ language }) => (language === "fr"
      ? { subject: "Votre entretien pour Data Analyst", body: "Bonjour Alex,\nhttps://acme.xobin.com/app/copilot/interview/cl/1A2B?inviteToken=F84E", language: "fr", templateId: 0 }
      : { subject: "Your interview for Data Analyst", body: "Hi Alex, your interview: https://acme.xobin.com/app/copilot/interview/cl/1A2B?inviteToken=F84E", language: "en", templateId: 0 }),
    mark_reminded: ({ id }) => { window.__board = (window.__board ?? []).filter((r) => r.record.id !== id); return null; },
    snooze_invite: ({ id }) => { window.__board = (window.__board ?? []).filter((r) => r.record.id !== id); return "2030-07-11T12:00:00.000Z"; },
    follow_up_events: () => window.__events ?? [],
    reinvite_xobin: ({ id }) => ({ status: "sent", recordId: 99, replaces: id, link: "https://acme.xobin.com/i/new", revoke: "Revoked: the link no longer works." }),
    list_templates: () => ({ stored: window.__templates ?? [], builtIn: ["en", "fr"].map((language) => ({ id: 0, kind: "reminder", provider: null, jobRef: null, language, subject: language === "fr" ? "Rappel : votre entretien pour {job}" : "Reminder: your interview for {job}", body: "{first_name}\n{link}\n{expiry_line}", builtIn: true })) }),
    save_template: ({ template }) => {
      const bad = /\{(?!\{)([^}]*)\}/g;
      const known = ["first_name", "last_name", "name", "job", "link", "expiry_local", "expiry_gmt", "expiry_line", "company", "sender", "interview_date", "duration", "location"];
      for (const m of `${template.subject}\n${template.body}`.matchAll(bad)) {
        if (!known.includes(m[1])) throw { kind: "validation", field: "body", message: `{${m[1]}} is not a placeholder Invite Desk knows. Use one of {first_name} {last_name} {name} {job} {link} {expiry_local} {expiry_gmt} {expiry_line} {company} {sender} {interview_date} {duration} {location}, or write {{ for a brace.` };
      }
      const saved = { ...template, id: template.id || 42 };
      window.__templates = [...(window.__templates ?? []).filter((t) => t.id !== saved.id), saved];
      return saved;
    },
    delete_template: ({ id }) => { window.__templates = (window.__templates ?? []).filter((t) => t.id !== id); return true; },
    preview_template: ({ template }) => ({ subject: template.subject.replaceAll("{job}", "Data Analyst"), body: template.body.replaceAll("{first_name}", "Amélie").replaceAll("{link}", "https://acme.xobin.com/i/1A2B"), language: template.language, templateId: template.id }),
    export_templates: () => "/home/coordinator/invite-desk-templates.json",
    import_templates: () => ({ added: 1, replaced: 0, refused: [] }),
    // The dialog plugin's ask() is a message dialog whose answer is the clicked button's label.
    "plugin:dialog|message": ({ buttons }) => (window.__dialogYes === false ? buttons?.OkCancelCustom?.[1] ?? "Cancel" : buttons?.OkCancelCustom?.[0] ?? "Ok"),
  };
  window.__TAURI_INTERNALS__ = {
    invoke: async (cmd, args) => {
      window.__calls.push({ cmd, args: JSON.parse(JSON.stringify(args ?? {})) });
      const fn = window.__ipc[cmd];
      if (!fn) throw { kind: "internal", message: `no mock for ${cmd}` };
      return fn(args ?? {});
    },
    transformCallback: (cb) => { const id = Math.floor(Math.random() * 1e9); window[`_${id}`] = cb; return id; },
    metadata: { currentWindow: { label: "main" }, currentWebview: { windowLabel: "main", label: "main" } },
  };
})();
