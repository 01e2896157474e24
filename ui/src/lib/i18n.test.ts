import { FluentBundle, FluentResource } from "@fluent/bundle";
import { describe, expect, it } from "vitest";
import en from "../../../crates/core/messages/en.ftl?raw";
import sv from "../../../crates/core/messages/sv.ftl?raw";
import { messageSources, translate } from "./i18n";

/// Every message of `source` as the whole catalogue parsed at once reads
/// it, without arguments (a missing one reads as its name).
function parsedWhole(source: string): Map<string, string> {
  const bundle = new FluentBundle("en", { useIsolating: false });
  const resource = new FluentResource(source);
  expect(bundle.addResource(resource)).toEqual([]);
  return new Map(resource.body.map((m) => [m.id, bundle.formatPattern(m.value ?? "", {}, [])]));
}

describe("i18n", () => {
  it("reads the shared catalogue in both languages", () => {
    expect(translate("sv", "welcome-title", { name: "Acme Sync" })).toBe("Koppla Fortnox till Acme Sync");
    expect(translate("en", "welcome-title", { name: "Acme Sync" })).toBe("Connect Fortnox to Acme Sync");
  });

  it("chooses the variant a selector names", () => {
    expect(translate("en", "switch-confirm-text", { to: "service" })).toContain("with a service account");
    expect(translate("en", "switch-confirm-text", { to: "user" })).toContain("with your own user");
  });

  it.each([
    ["sv", sv],
    ["en", en],
  ])("reads each %s message parsed alone as in the whole catalogue", (_lang, source) => {
    const whole = parsedWhole(source);
    const alone = messageSources(source);
    expect([...alone.keys()].sort()).toEqual([...whole.keys()].sort());
    expect(whole.size).toBeGreaterThan(200);
    for (const [id, text] of alone) {
      const bundle = new FluentBundle("en", { useIsolating: false });
      expect(bundle.addResource(new FluentResource(text))).toEqual([]);
      const message = bundle.getMessage(id);
      expect(message?.value, id).toBeTruthy();
      expect(bundle.formatPattern(message?.value ?? "", {}, []), id).toBe(whole.get(id));
    }
  });

  it("splits a catalogue at ids and comments, keeping the rest of a message's lines", () => {
    const source = [
      "# A comment",
      "first = One",
      "    and more",
      "",
      "    after a blank line",
      "# Another comment",
      "second = { $n ->",
      "    [one] one",
      "   *[other] many",
      "}",
      "third=Three",
    ].join("\n");
    const sources = messageSources(source);
    expect([...sources.keys()]).toEqual(["first", "second", "third"]);
    expect(sources.get("first")).toBe("first = One\n    and more\n\n    after a blank line");
    expect(sources.get("second")).toBe("second = { $n ->\n    [one] one\n   *[other] many\n}");
    expect(sources.get("third")).toBe("third=Three");
  });

  it("shows the key rather than nothing for an unknown message", () => {
    expect(translate("en", "no-such-key" as never)).toBe("no-such-key");
  });
});
