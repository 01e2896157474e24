// Views as the backend sends them, for component and flow tests. Built
// from the generated types, so a Rust change that breaks them fails the
// type check here too.
import type { AppInfo } from "../bindings/AppInfo";
import type { Both } from "../bindings/Both";
import type { ConnectResult } from "../bindings/ConnectResult";
import type { ConnectionList } from "../bindings/ConnectionList";
import type { ConnectionView } from "../bindings/ConnectionView";
import type { Problem } from "../bindings/Problem";
import type { VerifyView } from "../bindings/VerifyView";

export function both<T>(make: (lang: "sv" | "en") => T): Both<T> {
  return { sv: make("sv"), en: make("en") };
}

export function problem(overrides: Partial<Problem> = {}): Both<Problem> {
  return both((lang) => ({
    code: "system_administrator_required",
    title: lang === "sv" ? "Bara en systemadministratör kan godkänna" : "Only a system administrator can approve",
    cause: lang === "sv" ? "Du är inte systemadministratör." : "You are not a system administrator.",
    who: "system_administrator",
    who_label: lang === "sv" ? "En systemadministratör i Fortnox" : "A Fortnox system administrator",
    steps: lang === "sv" ? ["Be en administratör logga in.", "Godkänn."] : ["Ask an administrator to log in.", "Approve."],
    actions: [
      { action: { kind: "log_in_as_someone_else" }, label: lang === "sv" ? "Logga in som någon annan" : "Log in as someone else", primary: true },
      { action: { kind: "switch_account_type", to: "user" }, label: lang === "sv" ? "Byt till egen användare" : "Switch to own user", primary: false },
      { action: { kind: "copy_details" }, label: lang === "sv" ? "Kopiera detaljer" : "Copy details", primary: false },
    ],
    details: "error=access_denied",
    transient: false,
    copy_text: "Only a system administrator can approve\n[system_administrator_required] error=access_denied",
    ...overrides,
  }));
}

export function connection(overrides: Partial<ConnectionView> = {}): ConnectionView {
  return {
    id: "c1",
    company_name: "Bergströms Bygg AB",
    org_number: "556677-8899",
    tenant_id: "1406221",
    company_label: "Bergströms Bygg AB (556677-8899)",
    account_type: "user",
    account_label: "Own user",
    state: "enabled",
    state_label: "Enabled",
    options: ["invoices"],
    options_label: "Customer invoices",
    scopes: ["invoice"],
    health: [{ text: "Refresh token expires in 45 days unless used", warn: false }],
    needs_attention: false,
    actions: [
      { action: { kind: "disable" }, label: "Disable", primary: false, confirm: null },
      { action: { kind: "reauthorize" }, label: "Re-authorize", primary: false, confirm: null },
      {
        action: { kind: "remove" },
        label: "Remove",
        primary: false,
        confirm: { title: "Remove?", text: "Revoked.", note: null, confirm: "Remove", danger: true, open_fortnox: null },
      },
    ],
    connected_title: "Connected to Bergströms Bygg AB (556677-8899) — enabled",
    fortnox_where: "In Fortnox …",
    refresh_expires_at: "2027-01-15T10:00:00Z",
    refresh_expires_in_days: 45,
    last_refresh_at: null,
    last_renewal_label: "—",
    attention_label: null,
    changed: null,
    last_error: null,
    approved_by: null,
    options_missing_scopes: [],
    created_at: "2026-12-01T10:00:00Z",
    renewed_by_broker: false,
    ...overrides,
  };
}

export function appInfo(overrides: Partial<AppInfo> = {}): Both<AppInfo> {
  return both((lang) => ({
    version: "0.1.0",
    integration_name: "Acme Sync",
    vendor: "Acme AB",
    vendor_contact: null,
    lang: "en",
    demo: true,
    options: [
      { id: "invoices", label: lang === "sv" ? "Kundfakturor" : "Customer invoices", help: null, default: true },
      { id: "salary", label: lang === "sv" ? "Lön" : "Payroll", help: null, default: false },
    ],
    service_account_offered: true,
    service_account_recommended: true,
    default_account_type: "service",
    browser_login: true,
    profile_label: "Profile: built-in demo (sandbox)",
    data_dir: "/tmp/data",
    ...overrides,
  }));
}

export function verifyView(overrides: Partial<VerifyView> = {}): VerifyView {
  return {
    company_name: "Bergströms Bygg AB",
    org_number: "556677-8899",
    tenant_id: "1406221",
    approver_label: "Erik Bergström (system administrator)",
    expected_label: null,
    checks: [{ option_id: "invoices", label: "Customer invoices", status: "works", status_label: "Works", problem: null }],
    all_work: true,
    summary: "Everything works.",
    enable_label: "Enable the connection",
    can_enable: true,
    ...overrides,
  };
}

export function connected(next: "verify" | "done" = "verify", view: Partial<ConnectionView> = {}): Both<ConnectResult> {
  return both(() => ({ outcome: "connected", connection: connection(view), verify: verifyView(), next }));
}

export function wrongCompany(): Both<ConnectResult> {
  return both(() => ({
    outcome: "needs_decision",
    decision: {
      id: "d1",
      kind: "wrong_company",
      title: "A different company than expected",
      text: "You expected 556345-6788 …",
      choices: [
        { choice: "discard", label: "Try again", primary: true },
        { choice: "keep", label: "Keep anyway", primary: false },
      ],
    },
    verify: verifyView(),
  }));
}

export function list(connections: ConnectionView[] = []): Both<ConnectionList> {
  return both(() => ({ connections, summary: `${connections.length} enabled, 0 need attention`, sign_out: null }));
}
