import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ShownRequest } from "../bindings/ShownRequest";
import { FakeBackend } from "../test/backend";
import { appInfo, connected, connection, list, problem, wrongCompany } from "../test/fixtures";
import { runAction } from "./actions";
import { useBackend } from "./api";
import * as flow from "./flow.svelte";
import { app, wizard } from "./flow.svelte";
import { place } from "./table.svelte";
import { ui } from "./ui.svelte";

let backend: FakeBackend;

/// A promise settled from outside (a login that is still open).
function pending<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

beforeEach(async () => {
  backend = new FakeBackend()
    .on("app_info", async () => appInfo())
    .on("list_connections", async () => list())
    .on("cancel_connect", async () => ({}));
  useBackend(backend);
  await flow.init();
});

describe("the flow", () => {
  it("starts the wizard with the backend's defaults when nothing is connected", () => {
    expect(app.view).toBe("wizard");
    expect(ui.lang).toBe("en");
    expect(wizard.step).toBe("welcome");
    expect(wizard.options).toEqual(["invoices"]);
    expect(wizard.accountType).toBe("service");
  });

  it("reports the first screen with when the page got there", () => {
    const shown = backend.requests("ui_shown") as ShownRequest[];
    expect(shown.map((s) => s.screen)).toEqual(["wizard"]);
    const { script_ms, data_ms, painted_ms } = shown[0]?.times ?? { script_ms: -1, data_ms: -1, painted_ms: -1 };
    expect(data_ms).toBeGreaterThan(0);
    expect(painted_ms).toBeGreaterThanOrEqual(data_ms);
    expect(data_ms).toBeGreaterThanOrEqual(script_ms);
  });

  it("opens on a notice's connection, with its problem, or on those that need attention", async () => {
    backend.on("connection_problem", async () => problem());
    flow.scriptStarted({ info: appInfo(), list: list([connection()]), show: { kind: "connection", id: "c1" } });
    await vi.waitFor(() => expect(app.problem).not.toBeNull());
    expect(app.view).toBe("connections");
    expect(app.problemFor).toBe("c1");
    expect(backend.requests("connection_problem")).toEqual([{ id: "c1" }]);
    expect(place.returnTo).toBe("c1");
    await flow.showTarget({ kind: "attention" });
    expect(place.filter).toBe("attention");
    // Never in the middle of a login.
    place.filter = "all";
    wizard.waiting = true;
    await flow.showTarget({ kind: "attention" });
    expect(place.filter).toBe("all");
    wizard.waiting = false;
    await flow.init(); // takes the first screen it was given
  });

  it("shows the first screen the app gave the page without asking for it", async () => {
    backend.on("list_connections", async () => list());
    flow.scriptStarted({ info: appInfo(), list: list([connection()]), show: null });
    expect(app.view).toBe("connections");
    await flow.init();
    expect(backend.requests("list_connections")).toHaveLength(1);
    expect(app.view).toBe("connections");
    const shown = backend.requests("ui_shown") as ShownRequest[];
    expect(shown.map((s) => s.screen)).toEqual(["wizard", "connections"]);
    await flow.init();
    expect(backend.requests("list_connections")).toHaveLength(2);
    expect(app.view).toBe("wizard");
  });

  it("opens on the connections when some exist", async () => {
    backend.on("list_connections", async () => list([connection()]));
    await flow.init();
    expect(app.view).toBe("connections");
  });

  it("shows why it could not start", async () => {
    backend.on("app_info", () => Promise.reject(problem({ code: "keyring_unavailable" })));
    await flow.init();
    expect(app.view).toBe("failed");
    expect(app.failure?.en.code).toBe("keyring_unavailable");
  });

  it("explains a list it could not read in the app's language", async () => {
    ui.lang = "sv";
    backend.on("list_connections", () => Promise.reject(problem({ code: "storage_failed" })));
    await flow.init();
    expect(app.view).toBe("failed");
    expect(app.failure?.en.code).toBe("storage_failed");
    expect(ui.lang).toBe("en");
  });

  it("asks for a new connection with what was chosen, and shows what was verified", async () => {
    backend.on("connect", async () => connected());
    wizard.expectedOrg = "5566778899";
    flow.toggleOption("salary");
    await flow.beginLogin(false);
    expect(backend.requests("connect")).toEqual([
      {
        target: { kind: "new", options: ["invoices", "salary"], account_type: "service", expected_org: "556677-8899" },
        browser: false,
      },
    ]);
    expect(wizard.step).toBe("verify");
    expect(wizard.connection?.en.id).toBe("c1");
    expect(wizard.waiting).toBe(false);
    expect(backend.requests("list_connections").length, "the list is fetched again").toBe(2);
  });

  it("re-authorizes a saved connection by id and ends on done when the backend says so", async () => {
    backend.on("connect", async () => connected("done"));
    flow.reauthorize("c1");
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(backend.requests("connect")).toEqual([{ target: { kind: "reauthorize", connection_id: "c1" }, browser: false }]);
    expect(app.view).toBe("wizard");
    expect(wizard.step).toBe("done");
  });

  it("logs in again when a decision throws the result away", async () => {
    backend.on("connect", async () => wrongCompany());
    await flow.beginLogin(false);
    expect(wizard.step).toBe("verify");
    expect(wizard.decision?.en.kind).toBe("wrong_company");

    backend.on("decide", async () => null);
    backend.on("connect", async () => connected());
    await flow.decide("discard");
    expect(backend.requests("decide")).toEqual([{ decision_id: "d1", choice: "discard" }]);
    expect(backend.requests("connect").length).toBe(2);
    expect(wizard.decision).toBeNull();
    expect(wizard.connection?.en.id).toBe("c1");
  });

  it("ignores the answer of a login that was replaced by another", async () => {
    const first = pending<never>();
    backend.on("connect", () => first.promise);
    const firstLogin = flow.beginLogin(false);
    backend.on("connect", async () => connected());
    await flow.logInAsSomeoneElse();
    expect(backend.requests("cancel_connect").length).toBe(1);
    first.reject(problem({ code: "authorization_not_completed" }));
    await firstLogin;
    expect(wizard.problem).toBeNull();
    expect(wizard.step).toBe("verify");
  });

  it("shows progress only while a login is open", async () => {
    const open = pending<ReturnType<typeof connected>>();
    backend.on("connect", () => open.promise);
    const login = flow.beginLogin(false);
    const progress = { stage: { stage: "exchanging" as const }, text: { sv: "Hämtar nycklar …", en: "Fetching keys …" } };
    flow.setProgress(progress);
    expect(wizard.progress).toEqual(progress);
    open.resolve(connected());
    await login;
    expect(wizard.progress).toBeNull();
    flow.setProgress(progress);
    expect(wizard.progress).toBeNull();
  });

  it("puts a failure on the panel, and Retry repeats the login", async () => {
    backend.on("connect", () => Promise.reject(problem({ code: "fortnox_unavailable" })));
    await flow.beginLogin(false);
    expect(wizard.problem?.en.code).toBe("fortnox_unavailable");
    backend.on("connect", async () => connected());
    await runAction({ kind: "retry" }, wizard.problem!.en, null);
    expect(backend.requests("connect").length).toBe(2);
    expect(wizard.problem).toBeNull();
  });

  it("continues without refused options, or goes back to choosing when none are left", async () => {
    backend.on("connect", async () => connected());
    wizard.options = ["invoices", "salary"];
    await runAction({ kind: "continue_without_options", options: ["salary"] }, problem().en, null);
    expect((backend.requests("connect")[0] as { target: { options: string[] } }).target.options).toEqual(["invoices"]);
    await runAction({ kind: "continue_without_options", options: ["invoices"] }, problem().en, null);
    expect(wizard.step).toBe("options");
    expect(backend.requests("connect").length).toBe(1);
  });

  it("switches account type of a saved connection, or of the login under way", async () => {
    backend.on("connect", async () => connected());
    await runAction({ kind: "switch_account_type", to: "user" }, problem().en, null);
    expect((backend.requests("connect")[0] as { target: { account_type: string } }).target.account_type).toBe("user");
    await runAction({ kind: "switch_account_type", to: "user" }, problem().en, "c1");
    await new Promise((r) => setTimeout(r, 0));
    expect(backend.requests("connect")[1]).toEqual({ target: { kind: "switch_account_type", connection_id: "c1" }, browser: false });
  });

  it("shows a failed action on the list beside the connection, and refreshes the list", async () => {
    backend.on("enable_connection", () => Promise.reject(problem({ code: "connection_needs_reauthorization" })));
    await flow.enable("c1");
    expect(app.problem?.en.code).toBe("connection_needs_reauthorization");
    expect(app.problemFor).toBe("c1");
    expect(app.busy).toBe(false);
    expect(backend.calls.at(-1)?.operation).toBe("list_connections");
  });

  it("keeps the backend's notice for an exported support bundle", async () => {
    backend.on("export_diagnostics", async () => ({
      sv: { path: "/tmp/x.zip", notice: "Sparad: /tmp/x.zip" },
      en: { path: "/tmp/x.zip", notice: "Saved: /tmp/x.zip" },
    }));
    const notice = await runAction({ kind: "export_diagnostics" }, problem().en, null);
    expect(notice?.en).toBe("Saved: /tmp/x.zip");
  });
});
