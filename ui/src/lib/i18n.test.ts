import { describe, expect, it } from "vitest";
import { translate } from "./i18n";

describe("i18n", () => {
  it("reads the shared catalogue in both languages", () => {
    expect(translate("sv", "welcome-title", { name: "Acme Sync" })).toBe("Koppla Fortnox till Acme Sync");
    expect(translate("en", "welcome-title", { name: "Acme Sync" })).toBe("Connect Fortnox to Acme Sync");
  });

  it("chooses the variant a selector names", () => {
    expect(translate("en", "switch-confirm-text", { to: "service" })).toContain("with a service account");
    expect(translate("en", "switch-confirm-text", { to: "user" })).toContain("with your own user");
  });

  it("shows the key rather than nothing for an unknown message", () => {
    expect(translate("en", "no-such-key" as never)).toBe("no-such-key");
  });
});
