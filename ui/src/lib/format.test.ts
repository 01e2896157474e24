import { describe, expect, it } from "vitest";
import { matches, normaliseOrg } from "./format";

describe("format", () => {
  it("normalises organisation numbers", () => {
    expect(normaliseOrg("5566778899")).toBe("556677-8899");
    expect(normaliseOrg("16556677-8899")).toBe("556677-8899");
    expect(normaliseOrg("55667788")).toBeNull();
  });

  it("finds a company by name or by organisation number with or without a dash", () => {
    const label = "Bergströms Bygg AB (556677-8899)";
    expect(matches(label, "bergström")).toBe(true);
    expect(matches(label, "5566778899")).toBe(true);
    expect(matches(label, "556677-88")).toBe(true);
    expect(matches(label, "kvarnen")).toBe(false);
    expect(matches(label, "  ")).toBe(true);
  });
});
