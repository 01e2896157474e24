import { describe, expect, it } from "vitest";
import { messages, translate, type MessageKey } from "./i18n";

describe("i18n", () => {
  it("has every text in both languages, none empty", () => {
    const svKeys = Object.keys(messages.sv).sort();
    expect(Object.keys(messages.en).sort()).toEqual(svKeys);
    for (const lang of ["sv", "en"] as const) {
      for (const key of svKeys as MessageKey[]) {
        expect(messages[lang][key].trim(), `${lang}.${key}`).not.toBe("");
      }
    }
  });

  it("uses the same placeholders in both languages", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(messages.sv) as MessageKey[]) {
      expect(placeholders(messages.en[key]), key).toEqual(placeholders(messages.sv[key]));
    }
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(translate("sv", "welcomeTitle", { name: "Acme Sync" })).toBe("Koppla Fortnox till Acme Sync");
    expect(translate("en", "welcomeTitle")).toBe("Connect Fortnox to {name}");
  });
});
