// The date and time habits in Chromium with the IPC stubbed: the calendar (keyboard and mouse),
// the quarter-hour time list, the expiry presets (Rust's answers across London's clock change,
// from tests/fixtures/presets_ui.json) and their default per provider, and the notification switch.
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
  await page?.context().close();
  await browser?.close();
  await server?.close();
});

const open = (init) => openPage(browser, server, { init });

beforeEach(async () => {
  await page?.context().close();
  page = await open();
  await page.click("#provider-picker [data-provider=xobin]");
});

const calls = (cmd) => page.evaluate((c) => window.__calls.filter((x) => x.cmd === c).map((x) => x.args), cmd);
const focusedId = () => page.evaluate(() => document.activeElement?.id ?? "");
const focusedDate = () => page.evaluate(() => document.activeElement?.dataset?.date ?? null);
const dialog = "#sec-job [data-field=expiry] [role=dialog]";
/** A screenshot once `text` is on screen in `selector` (never of the frame before). */
async function shot(name, selector, text) {
  await page.waitForFunction(([s, t]) => { const el = document.querySelector(s); return !!el && el.offsetParent !== null && el.textContent.includes(t); }, [selector, text]);
  await page.screenshot({ path: `${ART}${name}.png`, fullPage: true });
}

describe("the calendar", () => {
  test("keyboard: Alt+Down opens on the typed date, arrows, Home/End and PageDown move, Enter picks, Escape closes", async () => {
    await page.fill("#f-xobin-expiry", "2026-10-21");
    await page.focus("#f-xobin-expiry");
    await page.keyboard.press("Alt+ArrowDown");
    await page.waitForSelector(dialog);
    assert.equal(await page.getAttribute(dialog, "aria-modal"), "true");
    assert.equal(await page.textContent(`${dialog} .cal-title`), "October 2026");
    assert.equal(await focusedDate(), "2026-10-21");
    assert.equal(await page.getAttribute(`${dialog} [data-date="2026-10-21"]`, "aria-selected"), "true");
    assert.equal(await page.getAttribute("#sec-job [data-field=expiry] .cal-btn", "aria-expanded"), "true");
    await shot("calendar-open-october-2026-keyboard", `${dialog} .cal-title`, "October 2026");
    await page.keyboard.press("ArrowRight");
    assert.equal(await focusedDate(), "2026-10-22");
    await page.keyboard.press("ArrowDown");
    assert.equal(await focusedDate(), "2026-10-29");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowUp");
    assert.equal(await focusedDate(), "2026-10-21");
    await page.keyboard.press("PageDown");
    assert.equal(await page.textContent(`${dialog} .cal-title`), "November 2026");
    assert.equal(await focusedDate(), "2026-11-21");
    await page.keyboard.press("Home");
    assert.equal(await focusedDate(), "2026-11-16", "Monday of that week");
    await page.keyboard.press("End");
    assert.equal(await focusedDate(), "2026-11-22", "Sunday of that week");
    await page.keyboard.press("Shift+PageUp");
    assert.equal(await page.textContent(`${dialog} .cal-title`), "November 2025");
    await page.keyboard.press("Shift+PageDown");
    // Tab stays inside the dialog.
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press("Tab");
      assert.ok(await page.evaluate((s) => document.querySelector(s).contains(document.activeElement), dialog), "focus left the dialog");
    }
    await page.focus(`${dialog} [data-date="2026-11-22"]`);
    await page.keyboard.press("Enter");
    assert.equal(await page.isVisible(dialog), false);
    assert.equal(await page.inputValue("#f-xobin-expiry"), "2026-11-22");
    assert.equal(await focusedId(), "f-xobin-expiry", "focus goes back to the field");
    // Escape closes without picking.
    await page.keyboard.press("Alt+ArrowDown");
    await page.waitForSelector(dialog);
    assert.equal(await focusedDate(), "2026-11-22");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Escape");
    assert.equal(await page.isVisible(dialog), false);
    assert.equal(await page.inputValue("#f-xobin-expiry"), "2026-11-22");
    assert.equal(await focusedId(), "f-xobin-expiry");
    // Typing stays the truth: the calendar opens on whatever was typed last.
    await page.fill("#f-xobin-expiry", "2027-02-28");
    await page.keyboard.press("Alt+ArrowDown");
    assert.equal(await page.textContent(`${dialog} .cal-title`), "February 2027");
    assert.equal(await focusedDate(), "2027-02-28");
    await page.keyboard.press("ArrowRight");
    assert.equal(await focusedDate(), "2027-03-01");
    assert.equal(await page.textContent(`${dialog} .cal-title`), "March 2027");
    await page.keyboard.press("Enter");
    await page.fill("#f-xobin-expiry-time", "21:30");
    await expectText(page, "#prev-f-xobin-expiry .sends", "Expires 2027-03-01 21:30 Europe/London = 2027-03-01 21:30 GMT");
  });

  test("mouse: the button opens today's month in the field's zone, › and ‹ change month, a click picks, a click outside closes", async () => {
    const today = await page.evaluate(() => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date()));
    const startDialog = "#sec-job [data-field=start] [role=dialog]";
    await page.click("#sec-job [data-field=start] .cal-btn");
    await page.waitForSelector(startDialog);
    assert.equal(await page.getAttribute(`${startDialog} [aria-current=date]`, "data-date"), today);
    await page.click(`${startDialog} .cal-nav[aria-label="Next month"]`);
    await page.click(`${startDialog} .cal-nav[aria-label="Next month"]`);
    await page.click(`${startDialog} .cal-nav[aria-label="Previous month"]`);
    const [y, m] = today.split("-").map(Number);
    const next = `${m === 12 ? y + 1 : y}-${String((m % 12) + 1).padStart(2, "0")}-15`;
    await page.click(`${startDialog} [data-date="${next}"]`);
    assert.equal(await page.isVisible(startDialog), false);
    assert.equal(await page.inputValue("#f-xobin-start"), next);
    await page.click("#sec-job [data-field=start] .cal-btn");
    await page.waitForSelector(startDialog);
    assert.equal(await page.getAttribute(`${startDialog} [data-date="${next}"]`, "aria-selected"), "true");
    await page.click("h1");
    assert.equal(await page.isVisible(startDialog), false, "a click outside closes it");
    assert.equal(await page.inputValue("#f-xobin-start"), next);
  });

  test("every date field has one: Apploi's interview time too", async () => {
    await page.click("#provider-picker [data-provider=apploi]");
    await page.fill("#f-apploi-interview", "2026-07-18");
    await page.focus("#f-apploi-interview");
    await page.keyboard.press("Alt+ArrowDown");
    await page.waitForSelector("#sec-job [data-field=interview] [role=dialog]");
    assert.equal(await page.textContent("#sec-job [data-field=interview] .cal-title"), "July 2026");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    assert.equal(await page.inputValue("#f-apploi-interview"), "2026-07-19");
  });
});

describe("the time list", () => {
  test("typing narrows the quarter hours, arrows move, Enter picks; any typed time stays", async () => {
    const list = "#sec-job [data-field=expiry] [role=listbox]";
    await page.fill("#f-xobin-expiry", "2026-11-04");
    await page.click("#f-xobin-expiry-time");
    await page.keyboard.type("14");
    await page.waitForSelector(list);
    assert.deepEqual(await page.$$eval(`${list} [role=option]`, (os) => os.map((o) => o.textContent)), ["14:00", "14:15", "14:30", "14:45"]);
    assert.equal(await page.getAttribute("#f-xobin-expiry-time", "aria-expanded"), "true");
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.getAttribute("#f-xobin-expiry-time", "aria-activedescendant"), await page.getAttribute(`${list} [role=option]:nth-child(2)`, "id"));
    await page.keyboard.press("Enter");
    assert.equal(await page.inputValue("#f-xobin-expiry-time"), "14:15");
    assert.equal(await page.isVisible(list), false);
    await page.waitForFunction(() => document.querySelector("#prev-f-xobin-expiry .sends")?.textContent.includes("14:15"));
    // ArrowDown on the field opens the whole day at the typed time; Escape closes.
    await page.keyboard.press("ArrowDown");
    await page.waitForSelector(list);
    assert.equal(await page.locator(`${list} [role=option]`).count(), 96);
    assert.equal(await page.textContent(`${list} [aria-selected=true]`), "14:15");
    await shot("time-list-open-at-14-15", `${list} [aria-selected=true]`, "14:15");
    await page.keyboard.press("Escape");
    assert.equal(await page.isVisible(list), false);
    // Free typing: 14:37 is not a quarter hour and is kept as typed.
    await page.fill("#f-xobin-expiry-time", "14:37");
    assert.equal(await page.isVisible(list), false);
    await page.waitForFunction(() => document.querySelector("#prev-f-xobin-expiry .sends")?.textContent.includes("14:37"));
    // Mouse: a click on an option picks it.
    await page.fill("#f-xobin-expiry-time", "9");
    await page.click(`${list} [role=option]:has-text("09:45")`);
    assert.equal(await page.inputValue("#f-xobin-expiry-time"), "09:45");
  });
});

describe("expiry presets", () => {
  const PRESET_SHOTS = {
    in2Days: ["In 2 days", "Expires 2026-10-23 10:15 Europe/London = 2026-10-23 09:15 GMT", "In 2 days: Fri 23 Oct 2026, 10:15 Europe/London (UTC+01:00) = 2026-10-23 09:15 GMT", null],
    in7Days: ["In 7 days", "Expires 2026-10-28 10:15 Europe/London = 2026-10-28 10:15 GMT", "In 7 days: Wed 28 Oct 2026, 10:15 Europe/London (UTC+00:00) = 2026-10-28 10:15 GMT", "The clocks in Europe/London change before then (UTC+01:00 → UTC+00:00): the time is kept on the wall clock, 169 h 8 min from now."],
    endOfFriday: ["End of Friday (18:00)", "Expires 2026-10-23 18:00 Europe/London = 2026-10-23 17:00 GMT", "End of Friday (18:00): Fri 23 Oct 2026, 18:00 Europe/London (UTC+01:00) = 2026-10-23 17:00 GMT", null],
  };

  test("each preset fills the date and time from Rust and shows the exact local and GMT time, across London's clock change", async () => {
    // "Now" is Wednesday 2026-10-21 10:07 BST in the fixture; UK clocks go back on 25 October.
    for (const [preset, [label, sends, info, note]] of Object.entries(PRESET_SHOTS)) {
      await page.check(`#f-xobin-expiry-presets-${preset}`);
      await page.waitForFunction((t) => document.querySelector("#prev-f-xobin-expiry .sends")?.textContent === t, sends);
      assert.equal(await page.textContent("#f-xobin-expiry-presets-info"), info);
      const shown = (await page.locator("#prev-f-xobin-expiry .preset-note").count()) ? await page.textContent("#prev-f-xobin-expiry .preset-note") : null;
      assert.equal(shown, note);
      assert.equal(await page.isChecked(`#f-xobin-expiry-presets-${preset}`), true, label);
      assert.deepEqual((await calls("expiry_preset")).at(-1), { preset, zone: "Europe/London", field: "expiry", label: "Expires" });
      await shot(`preset-${preset}-london-preview`, "#prev-f-xobin-expiry", sends);
    }
    assert.equal(await page.inputValue("#f-xobin-expiry"), "2026-10-23");
    assert.equal(await page.inputValue("#f-xobin-expiry-time"), "18:00");
  });

  test("a preset follows the zone, is sent as the wall time Rust computed, and typing turns it into Custom", async () => {
    await page.check("#f-xobin-expiry-presets-in7Days");
    await page.waitForFunction(() => document.querySelector("#f-xobin-expiry").value === "2026-10-28");
    await page.fill("#f-xobin-expiry-zone", "new york");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#prev-f-xobin-expiry .sends")?.textContent.includes("America/New_York"));
    assert.deepEqual((await calls("expiry_preset")).at(-1), { preset: "in7Days", zone: "America/New_York", field: "expiry", label: "Expires" });
    const ny = await page.evaluate(() => window.__presets.zones["America/New_York"].in7Days);
    assert.equal(await page.inputValue("#f-xobin-expiry"), ny.wall.date);
    assert.equal(await page.inputValue("#f-xobin-expiry-time"), ny.wall.time);
    await page.fill("#f-candidateName", "Alex Tanaka");
    await page.fill("#f-candidateEmail", "alex@example.com");
    await page.fill("#f-xobin-aiInterviewId", "305");
    await page.waitForFunction(() => !document.querySelector("#send").disabled);
    await page.click("#send");
    await page.waitForSelector("#result-card");
    assert.deepEqual((await calls("send_invite")).at(-1).form.expiry, { date: ny.wall.date, time: ny.wall.time, zone: "America/New_York", overlap: "earlier" });
    await page.click("#new-invite");
    await page.fill("#f-xobin-expiry-time", "09:00");
    assert.equal(await page.isChecked("#f-xobin-expiry-presets-custom"), true, "typing makes it a custom time");
    await page.waitForFunction(() => document.querySelector("#prev-f-xobin-expiry .sends")?.textContent.includes("09:00"));
    assert.equal(await page.locator("#f-xobin-expiry-presets-info").count(), 0);
  });

  test("the default preset per provider is a setting, and new forms start with it", async () => {
    await page.click("#nav-settings");
    assert.equal(await page.inputValue("#expiry-preset-xobin"), "custom");
    assert.equal(await page.locator("#expiry-preset-apploi").count(), 0, "only forms with a link expiry");
    await page.selectOption("#expiry-preset-xobin", "endOfFriday");
    await page.waitForFunction(() => window.__calls.some((c) => c.cmd === "save_settings"));
    assert.deepEqual((await calls("save_settings")).at(-1).settings.expiryPresets, { xobin: "endOfFriday" });
    const p = await open(() => { window.__state.settings.expiryPresets = { xobin: "in7Days" }; });
    await p.click("#provider-picker [data-provider=xobin]");
    await p.waitForFunction(() => document.querySelector("#prev-f-xobin-expiry .sends")?.textContent === "Expires 2026-10-28 10:15 Europe/London = 2026-10-28 10:15 GMT");
    assert.equal(await p.isChecked("#f-xobin-expiry-presets-in7Days"), true);
    await p.context().close();
  });
});

describe("notifications", () => {
  test("Settings has an off switch for the notification when long work finishes", async () => {
    await page.click("#nav-settings");
    assert.equal(await page.isChecked("#notify-when-done"), true);
    await page.uncheck("#notify-when-done");
    await page.waitForFunction(() => window.__calls.some((c) => c.cmd === "save_settings"));
    assert.equal((await calls("save_settings")).at(-1).settings.notifyWhenDone, false);
  });
});
