import { describe, expect, it } from "vitest";
import type { ConnectionSummary } from "../bindings/ConnectionSummary";
import { companyLabel, matches, normaliseOrg, optionLabels, serviceApprover } from "./format";

const summary = (name: string | null, org: string | null): ConnectionSummary => ({
  id: "c1",
  company_name: name,
  org_number: org,
  tenant_id: null,
  account_type: "service",
  state: "enabled",
  options: [],
  scopes: [],
  refresh_expires_at: null,
  refresh_expires_in_days: null,
  last_error: null,
  approved_by: null,
  options_missing_scopes: [],
  last_verify: null,
  created_at: "",
  renewed_by_broker: false,
});

describe("format", () => {
  it("normalises organisation numbers", () => {
    expect(normaliseOrg("5566778899")).toBe("556677-8899");
    expect(normaliseOrg(" 556677-8899 ")).toBe("556677-8899");
    expect(normaliseOrg("165566778899")).toBe("556677-8899");
    expect(normaliseOrg("55667")).toBeNull();
    expect(normaliseOrg("")).toBeNull();
  });

  it("labels companies and options", () => {
    expect(companyLabel(summary("Acme AB", "556677-8899"))).toBe("Acme AB (556677-8899)");
    expect(companyLabel(summary(null, null))).toBe("c1");
    const options = [{ id: "a", scopes: [], default: true, label: { sv: "Fakturor", en: "Invoices" }, help: null }];
    expect(optionLabels(["a", "zz"], options, "sv")).toBe("Fakturor, zz");
  });

  it("searches by name or org number, ignoring dashes", () => {
    const c = summary("Kvarnens Café AB", "556345-6788");
    expect(matches(c, "kvarn")).toBe(true);
    expect(matches(c, "5563456788")).toBe(true);
    expect(matches(c, "556345-67")).toBe(true);
    expect(matches(c, "bergström")).toBe(false);
    expect(matches(c, "  ")).toBe(true);
  });
});

describe("serviceApprover", () => {
  it("names the service account's user only when Fortnox gives a real name", () => {
    expect(serviceApprover("sv", "Servicekonto")).toBe("Servicekonto");
    expect(serviceApprover("en", "Servicekonto")).toBe("Service account");
    expect(serviceApprover("en", "Eva Ek")).toBe("Service account (Eva Ek)");
    expect(serviceApprover("sv", null)).toBe("Servicekonto");
  });
});
