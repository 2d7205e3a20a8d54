// Settings → Follow up: when an invite needs a nudge (hours per vendor, hours before a link
// expires), the daily digest (off by default) and the names a message is signed with. Rust
// checks every value on save (settings.rs, FollowUpSettings).
import type { ProviderId, Settings } from "../api";
import { h } from "../dom";
import { PROVIDERS } from "../fields";

function num(id: string, label: string, value: number): [HTMLElement, HTMLInputElement] {
  const input = h("input", { id, type: "number", min: "1", value: String(value) });
  return [h("div", { class: "field" }, h("label", { for: id }, label), input), input];
}

/** Draws the follow-up settings into `card`; `save` stores the next settings. */
export function drawFollowUpPrefs(card: HTMLElement, settings: Settings, save: (next: Settings) => Promise<boolean>): void {
  const f = settings.followUp;
  const hours = PROVIDERS.filter((p) => p.id !== "apploi").map((p) => [p.id, ...num(`fu-hours-${p.id}`, `${p.name}: hours before a nudge`, f.nudgeHours[p.id] ?? 48)] as const);
  const [expiryField, expiry] = num("fu-expiry-hours", "A link expiring within (hours)", f.expiryHours);
  const digest = h("input", { id: "fu-digest", type: "checkbox", checked: f.digest });
  const digestTime = h("input", { id: "fu-digest-time", type: "time", value: f.digestTime });
  const company = h("input", { id: "fu-company", value: f.company, placeholder: "{company}" });
  const sender = h("input", { id: "fu-sender", value: f.sender, placeholder: "{sender}" });
  const go = h("button", { type: "button", id: "fu-save" }, "Save follow-up settings");
  go.addEventListener("click", () => {
    const nudgeHours: Partial<Record<ProviderId, number>> = {};
    for (const [id, , input] of hours) nudgeHours[id] = Number(input.value);
    void save({ ...settings, followUp: { ...f, nudgeHours, expiryHours: Number(expiry.value), digest: digest.checked, digestTime: digestTime.value, company: company.value, sender: sender.value } });
  });
  card.replaceChildren(
    h("div", { class: "grid" }, ...hours.map(([, el]) => el), expiryField),
    h("div", { class: "field" }, h("label", { for: "fu-digest" }, digest, " A daily notification when invites need a nudge (off by default)")),
    h("div", { class: "field" }, h("label", { for: "fu-digest-time" }, "Daily notification at (your local time)"), digestTime),
    h("div", { class: "grid" },
      h("div", { class: "field" }, h("label", { for: "fu-company" }, "Company name in messages"), company),
      h("div", { class: "field" }, h("label", { for: "fu-sender" }, "Your name in messages"), sender)),
    h("div", { class: "actions" }, go));
}
