// The web view in Debian's Chromium with the Tauri IPC stubbed: views, navigation, every
// provider's form → the exact command payload, validation, the result card, errors, time preview.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { expectText, launchChromium, openPage, serveDist } from "../support/browser.mjs";

const ART = new URL("../../artifacts/ui/", import.meta.url).pathname;
mkdirSync(ART, { recursive: true });
let server, browser, page;

before(async () => {
  server = await serveDist();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});
beforeEach(async () => {
  page = await openPage(browser, server);
});

const calls = (cmd) => page.evaluate((c) => window.__calls.filter((x) => x.cmd === c).map((x) => x.args), cmd);
const lastSend = async () => (await calls("send_invite")).at(-1);
async function pick(provider) {
  await page.click(`#provider-picker [data-provider=${provider}]`);
}
async function fillCandidate(name = "Alex Tanaka", email = "Alex.Tanaka@Example.com") {
  await page.fill("#f-candidateName", name);
  await page.fill("#f-candidateEmail", email);
}
async function addTags(selector, tags) {
  for (const t of tags) {
    await page.fill(selector, t);
    await page.press(selector, "Enter");
  }
}
async function send() {
  await page.waitForFunction(() => !document.querySelector("#send").disabled);
  await page.click("#send");
  await page.waitForSelector("#result-card, #result-error, #result-info, #result-unknown");
}

describe("views and navigation", () => {
  test("the three views render and the sidebar switches between them by mouse", async () => {
    assert.equal(await page.isVisible("#view-invite"), true);
    await page.click("#nav-history");
    assert.equal(await page.isVisible("#view-history"), true);
    assert.equal(await page.isVisible("#view-invite"), false);
    assert.match(await page.textContent("#history-rows"), /No invites yet/);
    await page.click("#nav-settings");
    assert.equal(await page.isVisible("#view-settings"), true);
    await page.click("#nav-invite");
    assert.equal(await page.isVisible("#view-invite"), true);
  });

  test("the history search says that one or two letters match the start of a word", async () => {
    await page.click("#nav-history");
    const hint = () => page.isVisible("#history-search-hint");
    assert.equal(await hint(), false);
    await page.fill("#history-search", "ki");
    await page.waitForFunction(() => !document.querySelector("#history-search-hint").hidden);
    assert.match(await page.textContent("#history-search-hint"), /start of a word/);
    assert.equal((await calls("history_query")).at(-1).query.search, "ki");
    await page.fill("#history-search", "kim");
    await page.waitForFunction(() => document.querySelector("#history-search-hint").hidden);
    await page.fill("#history-search", "@");
    await page.waitForFunction(() => window.__calls.filter((x) => x.cmd === "history_query").at(-1).args.query.search === "@");
    assert.equal(await hint(), false, "punctuation alone is matched anywhere");
  });

  test("Alt+2, Alt+3, Alt+4 and Alt+1 switch views from the keyboard and arrows move in the sidebar", async () => {
    await page.keyboard.press("Alt+2");
    assert.equal(await page.isVisible("#view-bulk"), true);
    await page.keyboard.press("Alt+3");
    assert.equal(await page.isVisible("#view-history"), true);
    await page.keyboard.press("Alt+4");
    assert.equal(await page.isVisible("#view-settings"), true);
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("Enter");
    assert.equal(await page.isVisible("#view-history"), true);
    await page.keyboard.press("Alt+1");
    assert.equal(await page.isVisible("#view-invite"), true);
  });

  test("Settings → About shows the app_info answer", async () => {
    await page.click("#nav-settings");
    assert.equal(await page.textContent("#about-version"), "0.1.0");
    assert.equal(await page.textContent("#about-keychain"), "Secret Service (D-Bus)");
    assert.match(await page.textContent("#about-data-dir"), /app\.invitedesk\.desktop/);
    assert.equal((await calls("app_info")).length, 1);
    await page.screenshot({ path: `${ART}settings-about.png`, fullPage: true });
  });
});

describe("the zone list, asked for when a picker is first used", () => {
  test("a list that cannot be had is said in the picker and asked for again on the next use", async () => {
    // With the boot data, as in the app's window (without it the page asks for the list at once).
    const p = await openPage(browser, server, { init: () => {
      window.__INVITE_DESK_BOOT__ = {
        info: window.__ipc.app_info(),
        providers: window.__ipc.provider_info(),
        settings: window.__state.settings,
        systemZone: { name: "Europe/London", detected: true },
      };
    } });
    await p.evaluate(() => {
      const real = window.__ipc.list_time_zones;
      let first = true;
      window.__ipc.list_time_zones = () => {
        if (first) { first = false; throw { kind: "internal", message: "The zone list is not ready." }; }
        return real();
      };
    });
    await p.fill("#f-xobin-start-zone", "syd");
    await expectText(p, ".zone-list:not([hidden]) li.empty", "The time zone list could not be loaded: The zone list is not ready.");
    await p.keyboard.press("Escape");
    await p.click("#f-xobin-aiInterviewId");
    await p.fill("#f-xobin-start-zone", "syd");
    await expectText(p, ".zone-list:not([hidden]) li[role=option]", "Australia/Sydney — UTC+11:00");
    await p.keyboard.press("Enter");
    assert.equal(await p.inputValue("#f-xobin-start-zone"), "Australia/Sydney");
    await p.context().close();
  });
});

describe("start-up with the boot data the app window hands over", () => {
  test("the form is drawn from it without the start-up IPC calls; the zone list is asked for when a picker is first used; a reload asks again", async () => {
    const p = await openPage(browser, server, { init: () => {
      window.__INVITE_DESK_BOOT__ = {
        info: { name: "Invite Desk", version: "9.9.9-boot", dataDir: "/boot/data", keychainBackend: "Secret Service (D-Bus)", tzdbVersion: "2026f", notices: ["Boot notice."] },
        providers: window.__ipc.provider_info(),
        settings: { ...window.__state.settings, xobinInviteFormat: "sendlink" },
        systemZone: { name: "Asia/Kolkata", detected: true },
      };
    } });
    const called = await p.evaluate(() => window.__calls.map((c) => c.cmd));
    for (const cmd of ["app_info", "provider_info", "get_settings"]) assert.ok(!called.includes(cmd), `${cmd} was called: ${called}`);
    assert.ok(!called.includes("list_time_zones"), `the zone list was fetched at start: ${called}`);
    assert.equal(await p.textContent("#notice"), "Boot notice.");
    // Typed and Enter pressed at once, before the list has arrived: the best match is picked.
    await p.fill("#f-xobin-start-zone", "kathmandu");
    await p.keyboard.press("Enter");
    await p.waitForFunction(() => document.querySelector("#f-xobin-start-zone")?.value === "Asia/Kathmandu");
    await p.click("#f-xobin-expiry-zone");
    await p.keyboard.press("ArrowDown");
    await p.waitForSelector(".zone-list:not([hidden]) li[role=option]");
    await p.keyboard.press("Escape");
    const zoneCalls = await p.evaluate(() => window.__calls.filter((c) => c.cmd === "list_time_zones").length);
    assert.equal(zoneCalls, 1, "the zone list is asked for once");
    assert.ok(await p.isChecked("#f-xobin-inviteFormat-sendlink"), "the Xobin format comes from the boot settings");
    assert.equal(await p.inputValue("#f-xobin-expiry-zone"), "Asia/Kolkata");
    await p.click("#nav-settings");
    assert.equal(await p.textContent("#about-version"), "9.9.9-boot");
    // A reloaded page does not trust the start-up snapshot: it asks over IPC.
    await p.reload();
    await p.waitForSelector("body[data-ready=true]");
    const again = await p.evaluate(() => window.__calls.map((c) => c.cmd));
    for (const cmd of ["app_info", "provider_info", "get_settings"]) assert.ok(again.includes(cmd), `${cmd} was not called after a reload: ${again}`);
    await p.click("#nav-settings");
    assert.equal(await p.textContent("#about-version"), "0.1.0");
    await p.context().close();
  });
});

describe("each provider's form sends exactly the expected payload", () => {
  test("Xobin with dates in a picked zone", async () => {
    await pick("xobin");
    await fillCandidate();
    await page.fill("#f-xobin-aiInterviewId", "305");
    await page.check("#f-xobin-inviteFormat-sendlink");
    await page.fill("#f-xobin-customFieldId", "CAND-2025-001");
    await page.fill("#f-xobin-start", "2026-03-08");
    await page.fill("#f-xobin-start-time", "10:00");
    await page.fill("#f-xobin-start-zone", "new york");
    await page.keyboard.press("Enter");
    await expectText(page, "#prev-f-xobin-start .sends", "Starts 2026-03-08 10:00 America/New_York = 2026-03-08 14:00 GMT");
    await page.fill("#f-xobin-expiry", "2026-07-20");
    await page.fill("#f-xobin-expiry-time", "21:30");
    await page.fill("#f-xobin-expiry-zone", "London");
    await page.keyboard.press("Enter");
    await expectText(page, "#prev-f-xobin-expiry .sends", "Expires 2026-07-20 21:30 Europe/London = 2026-07-20 20:30 GMT");
    await page.screenshot({ path: `${ART}form-xobin-both-dates-previewed.png`, fullPage: true });
    await send();
    assert.deepEqual((await lastSend()), {
      form: {
        provider: "xobin", candidateName: "Alex Tanaka", candidateEmail: "Alex.Tanaka@Example.com", aiInterviewId: "305", inviteFormat: "sendlink", customFieldId: "CAND-2025-001",
        start: { date: "2026-03-08", time: "10:00", zone: "America/New_York", overlap: "earlier" },
        expiry: { date: "2026-07-20", time: "21:30", zone: "Europe/London", overlap: "earlier" },
      },
      account: "default",
      allowDuplicate: false,
      teamVersion: null,
    });
  });

  test("InterviewFlowAI with status, résumé, skills, questions and metadata", async () => {
    await pick("interviewflow");
    await fillCandidate("  Jane Doe ", "jane.doe@example.com");
    await page.fill("#f-interviewflow-jobId", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
    await page.selectOption("#f-interviewflow-status", "shortlisted");
    await page.fill("#f-interviewflow-resumeUrl", "https://files.example.com/jane.pdf");
    await addTags("#f-interviewflow-skills", ["Rust", "SQL"]);
    await addTags("#f-interviewflow-customQuestions", ["Tell us about a migration you led."]);
    await page.fill("#f-interviewflow-metadata", "externalCandidateId = candidate_12345");
    await page.screenshot({ path: `${ART}form-interviewflow.png`, fullPage: true });
    await send();
    assert.deepEqual((await lastSend()).form, {
      provider: "interviewflow", candidateName: "Jane Doe", candidateEmail: "jane.doe@example.com", jobId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", status: "shortlisted",
      resumeUrl: "https://files.example.com/jane.pdf", skills: ["Rust", "SQL"], customQuestions: ["Tell us about a migration you led."],
      metadata: { externalCandidateId: "candidate_12345" }, additionalFields: {},
    });
  });

  test("Tidyhire with the whole job, saved as a reusable job", async () => {
    await pick("tidyhire");
    await fillCandidate("John Doe", "john.doe@example.com");
    await page.fill("#f-phone", "+1 234 567 890");
    await page.fill("#f-tidyhire-externalId", "ats-job-12345");
    await page.fill("#f-tidyhire-jobTitle", "Senior Software Engineer");
    await page.fill("#f-tidyhire-jobDescription", "Build scalable backend services.");
    await page.selectOption("#f-tidyhire-experienceLevel", "5-8 Years");
    await page.selectOption("#f-tidyhire-seniorityLevel", "Senior");
    await page.selectOption("#f-tidyhire-workType", "Remote");
    await page.selectOption("#f-tidyhire-employmentType", "Full Time");
    await page.fill("#f-tidyhire-location", "New York, NY");
    await addTags("#f-tidyhire-mustHaveSkills", ["JavaScript", "Node.js"]);
    assert.match(await page.textContent("#send-reason"), /at least 3 must-have skills \(2 so far\)/);
    await addTags("#f-tidyhire-mustHaveSkills", ["MongoDB"]);
    await addTags("#f-tidyhire-goodToHaveSkills", ["TypeScript", "Redis"]);
    await page.fill("#f-tidyhire-cutoffScore", "65");
    await page.selectOption("#f-tidyhire-interviewDuration", "30 Minutes");
    await page.click("#save-profile");
    const saved = (await calls("save_job_profile")).at(-1);
    assert.equal(saved.name, "Senior Software Engineer");
    assert.deepEqual(saved.data.mustHaveSkills, ["JavaScript", "Node.js", "MongoDB"]);
    await page.screenshot({ path: `${ART}form-tidyhire.png`, fullPage: true });
    await send();
    assert.deepEqual((await lastSend()).form, {
      provider: "tidyhire", candidateName: "John Doe", candidateEmail: "john.doe@example.com", phone: "+1 234 567 890", externalId: "ats-job-12345",
      jobTitle: "Senior Software Engineer", jobDescription: "Build scalable backend services.", experienceLevel: "5-8 Years", seniorityLevel: "Senior",
      workType: "Remote", employmentType: "Full Time", location: "New York, NY", mustHaveSkills: ["JavaScript", "Node.js", "MongoDB"],
      goodToHaveSkills: ["TypeScript", "Redis"], cutoffScore: "65", interviewDuration: "30 Minutes",
    });
    assert.match(await page.textContent("#result-summary"), /Tidyhire will email/);
    assert.equal(await page.isVisible("#result-link"), false);
  });

  test("Hireflix pre-splits the name, keeps edits, and sends position and external id", async () => {
    await pick("hireflix");
    await fillCandidate("Mary Ann Smith", "mary@example.com");
    assert.equal(await page.inputValue("#f-hireflix-firstName"), "Mary");
    assert.equal(await page.inputValue("#f-hireflix-lastName"), "Ann Smith");
    await page.fill("#f-hireflix-firstName", "Mary Ann");
    await page.fill("#f-hireflix-lastName", "Smith");
    await page.fill("#f-hireflix-positionId", "64f1c0ffee");
    await page.fill("#f-hireflix-externalId", "ats-778");
    await page.screenshot({ path: `${ART}form-hireflix.png`, fullPage: true });
    await send();
    assert.deepEqual((await lastSend()).form, {
      provider: "hireflix", candidateName: "Mary Ann Smith", candidateEmail: "mary@example.com", firstName: "Mary Ann", lastName: "Smith", positionId: "64f1c0ffee", externalId: "ats-778",
    });
  });

  test("Apploi with interview time, duration and interviewer", async () => {
    await pick("apploi");
    await fillCandidate("Priya Nair", "priya@example.com");
    await page.fill("#f-apploi-applicationFormId", "265733753");
    assert.equal(await page.inputValue("#f-apploi-interview-zone"), "America/New_York");
    await page.fill("#f-apploi-interview", "2026-07-18");
    await page.fill("#f-apploi-interview-time", "15:30");
    await page.fill("#f-apploi-interview-zone", "kolk");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("Enter");
    // The New York preview of the typed date may still be on screen: wait for the picked zone's.
    await page.waitForFunction(() => document.querySelector("#prev-f-apploi-interview .sends")?.textContent?.includes("Asia/Kolkata"));
    assert.equal(await page.textContent("#prev-f-apploi-interview .sends"), "Interview 2026-07-18 15:30 Asia/Kolkata = 2026-07-18 10:00 GMT");
    await page.fill("#f-apploi-durationMinutes", "45");
    await page.fill("#f-apploi-interviewerId", "123456");
    await page.screenshot({ path: `${ART}form-apploi-interview-kolkata.png`, fullPage: true });
    await send();
    assert.deepEqual((await lastSend()).form, {
      provider: "apploi", candidateName: "Priya Nair", candidateEmail: "priya@example.com", applicationFormId: "265733753",
      interview: { date: "2026-07-18", time: "15:30", zone: "Asia/Kolkata", overlap: "earlier" }, durationMinutes: "45", interviewerId: "123456",
    });
    assert.match(await page.textContent("#result-card"), /Interview scheduled/);
  });

  test("the name and email stay when the provider changes", async () => {
    await fillCandidate("Kim Lee", "kim@example.com");
    await pick("apploi");
    await pick("interviewflow");
    assert.equal(await page.inputValue("#f-candidateName"), "Kim Lee");
    assert.equal(await page.inputValue("#f-candidateEmail"), "kim@example.com");
  });
});

describe("the zone picker", () => {
  test("finds a zone by a keyword from the list Rust sends (Bengaluru, New South Wales, Rio de Janeiro)", async () => {
    // The stub serves Rust's own ZoneEntry values: keywords are a list of words and phrases.
    const kolkata = await page.evaluate(() => window.__ipc.list_time_zones().zones.find((z) => z.name === "Asia/Kolkata"));
    assert.ok(Array.isArray(kolkata.keywords) && kolkata.keywords.includes("Bengaluru"), JSON.stringify(kolkata));
    await pick("xobin");
    const list = await page.getAttribute("#f-xobin-start-zone", "aria-controls");
    for (const [query, zone] of [["Bengaluru", "Asia/Kolkata"], ["new south wales", "Australia/Sydney"], ["Rio de Janeiro", "America/Sao_Paulo"], ["nepal", "Asia/Kathmandu"]]) {
      await page.fill("#f-xobin-start-zone", query);
      const first = page.locator(`#${list} [role=option]`).first();
      await first.waitFor();
      assert.match(await first.textContent(), new RegExp(`^${zone}`), `“${query}” should offer ${zone} first`);
      await page.keyboard.press("Enter");
      assert.equal(await page.inputValue("#f-xobin-start-zone"), zone);
    }
  });
});

describe("validation, results and errors", () => {
  test("validation messages appear next to the field, block sending with a reason, and clear when fixed", async () => {
    await pick("xobin");
    assert.equal(await page.isDisabled("#send"), true);
    assert.match(await page.textContent("#send-reason"), /Full name/);
    await fillCandidate("Alex", "alex@");
    await page.fill("#f-xobin-aiInterviewId", "30a");
    await page.click("#f-candidateName");
    assert.match(await page.textContent("#err-f-candidateEmail"), /Enter an email like/);
    assert.match(await page.textContent("#err-f-xobin-aiInterviewId"), /whole number/);
    assert.equal(await page.isDisabled("#send"), true);
    await page.fill("#f-candidateEmail", "alex@example.com");
    await page.fill("#f-xobin-aiInterviewId", "305");
    assert.equal(await page.textContent("#err-f-candidateEmail"), "");
    assert.equal(await page.textContent("#err-f-xobin-aiInterviewId"), "");
    assert.equal(await page.isDisabled("#send"), false);
  });

  test("a spring-forward gap time shows Rust's error and blocks sending", async () => {
    await pick("xobin");
    await fillCandidate();
    await page.fill("#f-xobin-aiInterviewId", "305");
    await page.fill("#f-xobin-start-zone", "America/New");
    await page.keyboard.press("Enter");
    await page.fill("#f-xobin-start", "2026-03-08");
    await page.fill("#f-xobin-start-time", "02:30");
    await page.waitForFunction(() => /does not exist/.test(document.querySelector("#err-f-xobin-start").textContent));
    assert.equal(await page.textContent("#err-f-xobin-start"), "02:30 does not exist on 2026-03-08 in America/New_York: clocks jump from 02:00 to 03:00. Pick a time before 02:00 or from 03:00 on.");
    assert.equal(await page.isDisabled("#send"), true);
  });

  test("the result card shows the link, copies it automatically and on Copy / Ctrl+Shift+C", async () => {
    await pick("xobin");
    await fillCandidate();
    await page.fill("#f-xobin-aiInterviewId", "305");
    await page.keyboard.press("Control+Enter");
    await page.waitForSelector("#result-card");
    const link = "https://acme.xobin.com/app/copilot/interview/cl/1A2B?inviteToken=F84E";
    assert.equal(await page.inputValue("#result-link"), link);
    assert.equal(await page.$("#result-account"), null, "one account: the card names none");
    assert.match(await page.textContent("#copied-note"), /Copied/);
    await page.click("#copy-link");
    await page.keyboard.press("Control+Shift+C");
    assert.deepEqual(await calls("copy_text"), [{ text: link }, { text: link }, { text: link }]);
    await page.click("#message-toggle");
    await page.waitForFunction(() => document.querySelector("#message-text").value.includes("Hi Alex"));
    assert.match(await page.inputValue("#message-text"), /^Your interview for Data Analyst\n\nHi Alex, your interview: https:\/\/acme/);
    assert.deepEqual(await calls("invite_message"), [{ id: 1, language: null }]);
    await page.screenshot({ path: `${ART}result-xobin-message-open.png`, fullPage: true });
    await page.click("#new-invite");
    assert.equal(await page.inputValue("#f-candidateName"), "");
    assert.equal(await page.inputValue("#f-xobin-aiInterviewId"), "305");
  });

  test("the invite message comes from Rust in the language chosen, which is kept on the row", async () => {
    // Rust resolves the template and fills it (values go in literally: message/tests.rs); the
    // card shows what it answers and asks again, with the language, when another is chosen.
    await pick("xobin");
    await fillCandidate();
    await page.fill("#f-xobin-aiInterviewId", "305");
    await send();
    await page.click("#message-toggle");
    await page.waitForFunction(() => document.querySelector("#message-language").value === "en");
    assert.deepEqual(await page.$$eval("#message-language option", (os) => os.map((o) => o.value)), ["en", "fr"]);
    await page.selectOption("#message-language", "fr");
    await page.waitForFunction(() => document.querySelector("#message-text").value.startsWith("Votre entretien"));
    assert.equal(await page.inputValue("#message-text"), "Votre entretien pour Data Analyst\n\nBonjour Alex,\nhttps://acme.xobin.com/app/copilot/interview/cl/1A2B?inviteToken=F84E");
    assert.deepEqual((await calls("invite_message")).at(-1), { id: 1, language: "fr" });
    await page.click("#copy-message");
    assert.equal((await calls("copy_text")).at(-1).text, await page.inputValue("#message-text"));
    await page.screenshot({ path: `${ART}result-message-in-french.png`, fullPage: true });
  });

  test("a vendor error keeps the form intact and shows HTML from the vendor as text", async () => {
    await page.evaluate(() => { window.__ipc.send_invite = () => { throw { kind: "vendor", status: 500, provider: "xobin", message: "Xobin answered HTTP 500: <img src=x onerror=alert(1)><b>down</b>" }; }; });
    await pick("xobin");
    await fillCandidate();
    await page.fill("#f-xobin-aiInterviewId", "305");
    await send();
    assert.equal(await page.textContent("#error-message"), "Xobin answered HTTP 500: <img src=x onerror=alert(1)><b>down</b>");
    assert.equal(await page.locator("#result-error img, #result-error b").count(), 0);
    assert.equal(await page.inputValue("#f-candidateName"), "Alex Tanaka");
    assert.equal(await page.inputValue("#f-xobin-aiInterviewId"), "305");
    assert.equal(await page.isDisabled("#send"), false);
  });

  test("an answer that may have created the invite shows an amber card: what to check at the vendor, and History", async () => {
    // Keyed on outcomeUnknown, not on the kind: a 502 is kind "vendor", a lost answer "timeout".
    await page.evaluate(() => { window.__ipc.send_invite = () => { throw { kind: "vendor", status: 502, provider: "xobin", outcomeUnknown: true, message: "Xobin answered with a server error (HTTP 502: Bad Gateway), so the outcome is unknown: the invite may or may not have been created. Check at Xobin (its list of invited candidates) before sending it again." }; }; });
    await pick("xobin");
    await fillCandidate("Alex Tanaka", "alex@example.com");
    await page.fill("#f-xobin-aiInterviewId", "305");
    await send();
    assert.equal(await page.locator("#result-error").count(), 0, "not the red error card");
    assert.match(await page.textContent("#result-unknown h2"), /May have been sent/);
    assert.equal(await page.getAttribute("#result-unknown", "class"), "card warn");
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector("#result-unknown")).backgroundColor), "rgb(255, 246, 221)", "amber");
    assert.match(await page.textContent("#unknown-message"), /HTTP 502: Bad Gateway\), so the outcome is unknown/);
    assert.equal(await page.textContent("#unknown-check"), "What to check: In Xobin, open AI interview 305 and look for alex@example.com among its invited candidates.");
    assert.match(await page.textContent("#result-unknown"), /asks first/);
    await page.screenshot({ path: `${ART}result-unknown-xobin.png`, fullPage: true });
    await page.click("#unknown-history");
    assert.equal(await page.isVisible("#view-history"), true);
    assert.equal(await page.inputValue("#history-search"), "alex@example.com");
    await page.waitForFunction(() => window.__calls.filter((x) => x.cmd === "history_query").at(-1)?.args.query.search === "alex@example.com");

    await page.click("#nav-invite");
    await page.evaluate(() => { window.__ipc.send_invite = () => { throw { kind: "timeout", provider: "hireflix", outcomeUnknown: true, message: "No answer from Hireflix within 30 seconds, so the outcome is unknown." }; }; });
    await pick("hireflix");
    await page.fill("#f-hireflix-positionId", "64f1c0ffee");
    await send();
    assert.equal(await page.textContent("#unknown-check"), "What to check: In Hireflix, open position 64f1c0ffee and look for alex@example.com among its invited candidates.");
  });

  test("a duplicate is sent again only after the native question is answered yes", async () => {
    await page.evaluate(() => {
      const orig = window.__ipc.send_invite;
      window.__ipc.send_invite = (args) => args.allowDuplicate ? orig(args) : { status: "confirm", question: "Alex Tanaka <alex@example.com> was invited on 12 Mar 2026 via Xobin — send another invite?", previous: { id: 3, candidateEmail: "alex@example.com" } };
      window.__dialogYes = false;
    });
    await pick("xobin");
    await fillCandidate("Alex Tanaka", "alex@example.com");
    await page.fill("#f-xobin-aiInterviewId", "305");
    await send();
    assert.match(await page.textContent("#result-info"), /Not sent/);
    assert.equal((await calls("send_invite")).length, 1);
    const asked = (await calls("plugin:dialog|message")).at(-1);
    assert.match(asked.message, /invited on 12 Mar 2026 via Xobin — send another invite\?/);
    assert.deepEqual(asked.buttons, { OkCancelCustom: ["Send another", "Cancel"] });
    await page.evaluate(() => { window.__dialogYes = true; });
    await send();
    await page.waitForSelector("#result-card");
    assert.deepEqual((await calls("send_invite")).map((c) => c.allowDuplicate), [false, false, true]);
  });

  test("a missing key is announced before filling anything, with a way to Settings", async () => {
    await page.evaluate(() => { window.__state.keys.hireflix = false; });
    await page.keyboard.press("Alt+2");
    await page.keyboard.press("Alt+1");
    await pick("hireflix");
    assert.match(await page.textContent("#key-banner"), /No Hireflix API key is saved/);
    assert.equal(await page.isDisabled("#send"), true);
    await page.click("#go-settings");
    assert.equal(await page.isVisible("#view-settings"), true);
    assert.equal(await page.textContent("#key-state-hireflix"), "No key");
    await page.fill("#key-hireflix", "hf-key-1");
    await page.click("#key-save-hireflix");
    await page.waitForFunction(() => document.querySelector("#key-state-hireflix").textContent === "Key saved ✓");
    assert.deepEqual((await calls("save_account_key")).at(-1), { provider: "hireflix", id: "default", key: "hf-key-1", shared: false });
  });
});

describe("looks", () => {
  const openWith = (options) => openPage(browser, server, options);

  test("at 200% zoom every view fits the window width with no sideways scrolling", async () => {
    // A 1100×760 window at 200% zoom lays out like a 550×380 one at twice the pixel density.
    const p = await openWith({ viewport: { width: 550, height: 380 }, deviceScaleFactor: 2 });
    for (const view of ["invite", "history", "settings"]) {
      await p.click(`#nav-${view}`);
      const overflow = await p.evaluate(() => document.querySelector("main").scrollWidth - document.querySelector("main").clientWidth);
      assert.ok(overflow <= 1, `${view} overflows sideways by ${overflow}px at 200%`);
      await p.screenshot({ path: `${ART}zoom200-${view}.png` });
    }
    await p.context().close();
  });

  test("dark mode follows the system setting", async () => {
    const light = await openWith({ colorScheme: "light" });
    const dark = await openWith({ colorScheme: "dark" });
    const bg = (p) => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(await bg(light), "rgb(246, 247, 249)");
    assert.equal(await bg(dark), "rgb(22, 24, 29)");
    await dark.screenshot({ path: `${ART}dark-invite.png` });
    await light.context().close();
    await dark.context().close();
  });

  test("every input, select and text area has a visible label", async () => {
    for (const provider of ["xobin", "interviewflow", "tidyhire", "hireflix", "apploi"]) {
      await pick(provider);
      const unlabeled = await page.evaluate(() =>
        [...document.querySelectorAll("#view-invite input:not([type=radio]), #view-invite select, #view-invite textarea")]
          .filter((el) => !(el.id && document.querySelector(`label[for="${el.id}"]`)) && !el.getAttribute("aria-label"))
          .map((el) => el.id || el.outerHTML.slice(0, 60)));
      assert.deepEqual(unlabeled, [], `${provider}: inputs without a label`);
    }
  });
});

