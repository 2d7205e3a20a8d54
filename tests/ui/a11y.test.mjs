// Accessibility audit with axe-core over each screen and each provider's form, with the calendar,
// the time and zone lists and the result cards open: no serious or critical violation. Also the
// keyboard order of the Invite form and that errors are announced.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { launchChromium, openPage, serveDist } from "../support/browser.mjs";

const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
let server, browser;

before(async () => {
  server = await serveDist();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(colorScheme = "light") {
  const p = await openPage(browser, server, { colorScheme });
  await p.addScriptTag({ content: axeSource });
  return p;
}

/** The serious and critical violations axe finds on the page as it is now. */
async function audit(p, what) {
  const found = await p.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
  });
  const bad = found.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad, [], `${what}: ${JSON.stringify(bad, null, 1)}`);
  return found;
}

const results = {};

describe("axe-core: zero serious or critical violations", () => {
  for (const scheme of ["light", "dark"]) {
    test(`every screen and every provider's form (${scheme})`, async () => {
      const p = await open(scheme);
      for (const provider of ["xobin", "interviewflow", "tidyhire", "hireflix", "apploi"]) {
        await p.click(`#provider-picker [data-provider=${provider}]`);
        results[`${scheme} invite ${provider}`] = await audit(p, `${scheme} ${provider} form`);
        // With the errors showing (Send tried on an empty form).
        await p.keyboard.press("Control+Enter");
        await p.waitForFunction(() => [...document.querySelectorAll(".error")].some((e) => e.textContent));
        results[`${scheme} invite ${provider} errors`] = await audit(p, `${scheme} ${provider} form with errors`);
      }
      await p.click("#nav-bulk");
      await p.fill("#bulk-paste", "Name\tEmail\nAna\tana@example.com\n");
      await p.click("#bulk-read-paste");
      await p.waitForSelector("#bulk-table .vrow");
      results[`${scheme} bulk`] = await audit(p, `${scheme} Bulk with a checked sheet`);
      await p.click("#nav-history");
      await p.waitForSelector("#history-search");
      results[`${scheme} history`] = await audit(p, `${scheme} History`);
      await p.click("#nav-settings");
      await p.waitForSelector("#about-version");
      results[`${scheme} settings`] = await audit(p, `${scheme} Settings`);
      await p.context().close();
    });
  }

  test("with the calendar, the time list and the zone list open", async () => {
    const p = await open();
    await p.click("#provider-picker [data-provider=xobin]");
    await p.click("#sec-job [data-field=expiry] .cal-btn");
    await p.waitForSelector("#sec-job [data-field=expiry] [role=dialog]");
    results["calendar open"] = await audit(p, "calendar open");
    await p.keyboard.press("Escape");
    await p.click("#f-xobin-expiry-time");
    await p.keyboard.press("ArrowDown");
    await p.waitForSelector("#sec-job [data-field=expiry] [role=listbox]");
    results["time list open"] = await audit(p, "time list open");
    await p.keyboard.press("Escape");
    await p.fill("#f-xobin-expiry-zone", "lon");
    await p.waitForSelector(".zone-list:not([hidden])");
    results["zone list open"] = await audit(p, "zone list open");
    await p.keyboard.press("Escape");
    await p.check("#f-xobin-expiry-presets-in7Days");
    await p.waitForSelector("#f-xobin-expiry-presets-info");
    results["preset chosen"] = await audit(p, "a preset chosen");
    await p.context().close();
  });

  test("with each result card: sent, error, may have been sent, not sent", async () => {
    const p = await open();
    await p.click("#provider-picker [data-provider=xobin]");
    await p.fill("#f-candidateName", "Alex Tanaka");
    await p.fill("#f-candidateEmail", "alex@example.com");
    await p.fill("#f-xobin-aiInterviewId", "305");
    const send = async (sel) => { await p.waitForFunction(() => !document.querySelector("#send").disabled); await p.click("#send"); await p.waitForSelector(sel); };
    await send("#result-card");
    await p.click("#message-toggle");
    results["result sent"] = await audit(p, "result card");
    await p.evaluate(() => { window.__ipc.send_invite = () => { throw { kind: "invalid_key", status: 401, message: "Xobin rejected the API key. Check the key in Settings." }; }; });
    await send("#result-error");
    results["result error"] = await audit(p, "error card");
    await p.evaluate(() => { window.__ipc.send_invite = () => { throw { kind: "timeout", outcomeUnknown: true, message: "No answer from Xobin, so the outcome is unknown." }; }; });
    await send("#result-unknown");
    results["result unknown"] = await audit(p, "may-have-been-sent card");
    await p.evaluate(() => { window.__dialogYes = false; window.__ipc.send_invite = () => ({ status: "confirm", question: "Send again?", previous: { id: 1, candidateEmail: "alex@example.com" } }); });
    await send("#result-info");
    results["result not sent"] = await audit(p, "not-sent card");
    await p.context().close();
  });

  test("the audit summary (minor and moderate findings, for the record)", () => {
    const rest = Object.entries(results).flatMap(([where, vs]) => vs.map((v) => `${where}: ${v.impact} ${v.id}`));
    console.log(`axe: ${Object.keys(results).length} states audited; other findings: ${rest.length ? rest.join("; ") : "none"}`);
  });
});

describe("keyboard and announcements", () => {
  test("Tab walks the Xobin form in reading order, and every stop shows a focus ring", async () => {
    const p = await open();
    await p.click("#provider-picker [data-provider=xobin]");
    await p.focus("#provider-picker [data-provider=xobin]");
    const order = [];
    for (let i = 0; i < 15; i++) {
      await p.keyboard.press("Tab");
      order.push(await p.evaluate(() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
        return `${el.id || el.className || el.outerHTML.slice(0, 80)}${ring ? "" : " (no focus ring)"}`;
      }));
    }
    // (Send is disabled on an empty form, so Tab leaves the page after the last zone field.)
    assert.deepEqual(order.slice(0, 15), [
      "f-candidateName", "f-candidateEmail", "f-xobin-aiInterviewId", "f-xobin-aiInterviewId-pick", "f-xobin-inviteFormat-getlink", "f-xobin-customFieldId",
      "f-xobin-start", "cal-1-open", "f-xobin-start-time", "f-xobin-start-zone",
      "f-xobin-expiry-presets-custom", "f-xobin-expiry", "cal-2-open", "f-xobin-expiry-time", "f-xobin-expiry-zone",
    ]);
    await p.context().close();
  });

  test("field errors are live regions, and a sending error is an alert", async () => {
    const p = await open();
    await p.click("#provider-picker [data-provider=xobin]");
    const live = await p.$$eval("#view-invite .error", (els) => els.map((e) => e.getAttribute("aria-live")));
    assert.ok(live.length >= 5);
    assert.ok(live.every((v) => v === "polite"), JSON.stringify(live));
    await p.evaluate(() => { window.__ipc.send_invite = () => { throw { kind: "vendor", status: 400, message: "Xobin refused it." }; }; });
    await p.fill("#f-candidateName", "Alex Tanaka");
    await p.fill("#f-candidateEmail", "alex@example.com");
    await p.fill("#f-xobin-aiInterviewId", "305");
    await p.click("#send");
    await p.waitForSelector("#result-error");
    assert.equal(await p.getAttribute("#result-error", "role"), "alert");
    assert.equal(await p.getAttribute("#send-reason", "aria-live"), "polite");
    await p.context().close();
  });
});
