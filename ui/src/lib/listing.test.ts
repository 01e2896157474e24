import { describe, expect, it } from "vitest";
import { connection } from "../test/fixtures";
import { naturalDirection, needingReauthorization, ordered, shown } from "./listing";

const list = [
  connection({ id: "a", company_label: "Ängens Café (556000-0001)", state: "enabled", account_type: "user", last_refresh_at: "2026-11-01T10:00:00Z" }),
  connection({
    id: "b",
    company_label: "Bergs Bygg AB (556000-0002)",
    state: "needs_reauthorization",
    needs_attention: true,
    account_type: "service",
    account_label: "Service account",
    last_refresh_at: null,
    actions: [{ action: { kind: "reauthorize" }, label: "Re-authorize", primary: true, confirm: null }],
  }),
  connection({ id: "c", company_label: "Citronen AB (556000-0003)", state: "disabled", account_type: "user", last_refresh_at: "2026-11-30T10:00:00Z" }),
];

describe("the connections list", () => {
  it("sorts by name in Swedish order, Å Ä Ö last", () => {
    expect(shown(ordered(list, "name"), "", "all").map((c) => c.id)).toEqual(["b", "c", "a"]);
  });

  it("puts those needing attention first", () => {
    expect(shown(ordered(list, "health"), "", "all").map((c) => c.id)[0]).toBe("b");
  });

  it("sorts by the last renewal, the never renewed last", () => {
    expect(shown(ordered(list, "refresh"), "", "all").map((c) => c.id)).toEqual(["c", "a", "b"]);
  });

  it("sorts by state with those to approve again first, and reverses a column chosen twice", () => {
    expect(ordered(list, "state").map((c) => c.id)).toEqual(["b", "a", "c"]);
    expect(ordered(list, "state", true).map((c) => c.id)).toEqual(["c", "a", "b"]);
    expect(ordered(list, "account").map((c) => c.id)).toEqual(["c", "a", "b"]);
    expect(naturalDirection("name")).toBe("ascending");
    expect(naturalDirection("refresh")).toBe("descending");
  });

  it("filters by attention, state and account type", () => {
    expect(shown(ordered(list, "name"), "", "attention").map((c) => c.id)).toEqual(["b"]);
    expect(shown(ordered(list, "name"), "", "disabled").map((c) => c.id)).toEqual(["c"]);
    expect(shown(ordered(list, "name"), "", "service").map((c) => c.id)).toEqual(["b"]);
    expect(shown(ordered(list, "name"), "", "user").map((c) => c.id)).toEqual(["c", "a"]);
  });

  it("searches by name or organisation number within the filter", () => {
    expect(shown(ordered(list, "name"), "5560000003", "all").map((c) => c.id)).toEqual(["c"]);
    expect(shown(ordered(list, "name"), "berg", "user")).toEqual([]);
  });

  it("finds those that need re-authorization", () => {
    expect(needingReauthorization(list).map((c) => c.id)).toEqual(["b"]);
  });

  it("answers quickly for 500 clients", () => {
    const many = Array.from({ length: 500 }, (_, i) =>
      connection({ id: String(i), company_label: `Klient ${i} AB (55${String(i).padStart(8, "0")})` }),
    );
    const started = performance.now();
    for (let i = 0; i < 20; i++) shown(ordered(many, "name"), String(i), "all");
    // Reported, not asserted: tests check behaviour, benchmarks speed.
    console.log(`listing: 20 searches over 500 in ${(performance.now() - started).toFixed(1)} ms`);
    expect(shown(ordered(many, "name"), "klient 42 ab", "all").map((c) => c.id)).toEqual(["42"]);
  });
});
