// Settings → About in Chromium with the IPC stubbed: the update Rust found (its notes as text),
// Install and restart with its progress, the line when the feed cannot be read or this copy
// cannot install itself, the check at start and a company's feed, and Copy diagnostics — with
// axe finding nothing serious.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { openPage, useBrowser } from "../support/browser.mjs";

const { ART, server, browser } = useBrowser();
const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const OFFER = { current: "0.1.0", checkedAt: "2026-12-04T09:00:00Z", installKind: "deb", offer: { version: "9.9.9", notes: "Faster bulk invites.\n<img src=x onerror=window.__xss=1>", date: "2026-12-01 9:00:00.0 +00:00:00", downloadUrl: "https://releases.invitedesk.app/invite-desk_9.9.9_amd64.deb", canInstall: true, whyNot: null } };

async function about(init) {
  const page = await openPage(browser(), server(), { init });
  await page.click("#nav-settings");
  await page.waitForSelector("#about-version");
  return page;
}

async function serious(page) {
  await page.addScriptTag({ content: axeSource });
  const found = await page.evaluate(async () => (await window.axe.run(document.querySelector("#about"), { resultTypes: ["violations"] })).violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id));
  return found;
}

describe("Settings → About", () => {
  test("a newer version found at start is announced, its notes shown as text, and Install and restart shows its progress", async () => {
    const page = await about(`window.__update = ${JSON.stringify(OFFER)};`);
    assert.match(await page.textContent("#notice"), /Invite Desk 9\.9\.9 is available \(you have 0\.1\.0\): see Settings → About\./);
    assert.equal(await page.textContent("#update-status"), "Invite Desk 9.9.9 is available (you have 0.1.0).");
    assert.equal(await page.textContent("#update-notes"), OFFER.offer.notes);
    assert.equal(await page.evaluate(() => window.__xss), undefined, "the notes are text, not HTML");
    assert.deepEqual(await serious(page), []);
    await page.click("#update-install");
    await page.waitForFunction(() => document.querySelector("#update-state").textContent.startsWith("Installing"));
    assert.equal(await page.$eval("#update-progress", (p) => `${p.value}/${p.max}`), "8192/8192");
    assert.equal(await page.isDisabled("#update-install"), true);
    await page.screenshot({ path: `${ART}about-update-installing.png`, fullPage: true });
  });

  test("a copy that cannot install itself says why and where to download; a feed that cannot be read is a line, not a dialog", async () => {
    const cannot = { ...OFFER, offer: { ...OFFER.offer, canInstall: false, whyNot: "This copy of Invite Desk was not installed from a .deb or .rpm package, so it cannot replace itself: download version 9.9.9 from https://releases.invitedesk.app/invite-desk_9.9.9_amd64.deb and install it." } };
    const page = await about(`window.__update = ${JSON.stringify(cannot)};`);
    assert.match(await page.textContent("#update-why-not"), /cannot replace itself/);
    assert.equal(await page.textContent("#update-download"), cannot.offer.downloadUrl);
    assert.equal(await page.locator("#update-install").count(), 0);
    await page.evaluate(() => { window.__ipc.update_check = () => { throw { kind: "network", message: "The update feed could not be reached. Invite Desk works as before; check again later." }; }; });
    let dialogs = 0;
    page.on("dialog", () => { dialogs += 1; });
    await page.click("#update-check");
    await page.waitForFunction(() => document.querySelector("#update-status")?.textContent.startsWith("Could not check"));
    assert.equal(await page.textContent("#update-status"), "Could not check for updates: The update feed could not be reached. Invite Desk works as before; check again later.");
    assert.equal(dialogs, 0);
  });

  test("the check at start can be turned off, a company's feed is saved, and Copy diagnostics copies", async () => {
    const page = await about();
    await page.uncheck("#update-at-start");
    await page.waitForFunction(() => window.__calls.some((c) => c.cmd === "save_settings" && c.args.settings.checkUpdatesAtStart === false));
    await page.fill("#update-feed", "https://updates.example.com/invite-desk/latest.json");
    await page.click("#update-feed-save");
    await page.waitForFunction(() => window.__calls.some((c) => c.cmd === "save_settings" && c.args.settings.updateFeed === "https://updates.example.com/invite-desk/latest.json"));
    await page.evaluate(() => { window.__ipc.save_settings = () => { throw { kind: "validation", field: "updateFeed", message: "The update feed must start with https://." }; }; });
    await page.fill("#update-feed", "http://updates.example.com/latest.json");
    await page.click("#update-feed-save");
    await page.waitForFunction(() => document.querySelector("#update-feed-err").textContent.includes("https://"));
    await page.click("#copy-diagnostics");
    await page.waitForFunction(() => document.querySelector("#toast")?.textContent.startsWith("Diagnostics copied (42 lines)"));
    assert.deepEqual(await serious(page), []);
  });
});
