// The app's state and every user action, over the IPC commands. Screens
// render this state and call these functions; no screen talks to the
// backend directly.
import type { AccountType } from "../bindings/AccountType";
import type { Action } from "../bindings/Action";
import type { ActivityEvent } from "../bindings/ActivityEvent";
import type { AppInfo } from "../bindings/AppInfo";
import type { ConnectOutcome } from "../bindings/ConnectOutcome";
import type { ConnectProgress } from "../bindings/ConnectProgress";
import type { ConnectionSummary } from "../bindings/ConnectionSummary";
import type { DecisionChoice } from "../bindings/DecisionChoice";
import type { DecisionKind } from "../bindings/DecisionKind";
import type { ErrorCode } from "../bindings/ErrorCode";
import type { Lang } from "../bindings/Lang";
import type { Problem } from "../bindings/Problem";
import type { VerifyReport } from "../bindings/VerifyReport";
import * as api from "./api";
import { normaliseOrg } from "./format";
import { ui } from "./ui.svelte";

export type Step = "welcome" | "client" | "options" | "account" | "login" | "verify" | "done";
export type View = "loading" | "failed" | "wizard" | "connections";

export const app = $state({
  view: "loading" as View,
  info: null as AppInfo | null,
  failure: null as string | null,
  connections: [] as ConnectionSummary[],
  problem: null as Problem | null,
  /// The connection the problem on the list concerns.
  problemFor: null as string | null,
  activityFor: null as ConnectionSummary | null,
  activity: [] as ActivityEvent[],
  notice: null as string | null,
  busy: false,
});

export const wizard = $state({
  step: "welcome" as Step,
  /// "Connect another client": the expected-client step comes first.
  consultant: false,
  options: [] as string[],
  accountType: "service" as AccountType,
  expectedOrg: "",
  /// Re-authorizing this connection.
  connectionId: null as string | null,
  /// Switching account type: this connection is replaced.
  replaces: null as string | null,
  browser: false,
  waiting: false,
  progress: null as ConnectProgress | null,
  problem: null as Problem | null,
  report: null as VerifyReport | null,
  connection: null as ConnectionSummary | null,
  decision: null as { id: string; kind: DecisionKind } | null,
  busy: false,
});

/// Each login attempt has a number; answers for older attempts (one that
/// was cancelled to restart) are ignored.
let attempt = 0;
/// What "Retry" repeats.
let lastOperation: (() => Promise<void>) | null = null;

export async function init(): Promise<void> {
  try {
    const info = await api.appInfo();
    app.info = info;
    ui.lang = info.lang;
    app.connections = await api.listConnections();
    app.view = app.connections.length > 0 ? "connections" : "wizard";
    resetWizard(false);
  } catch (error) {
    app.failure = api.asProblem(error).details || String(error);
    app.view = "failed";
  }
}

export async function chooseLanguage(lang: Lang): Promise<void> {
  ui.lang = lang;
  await api.setLanguage(lang).catch(() => undefined);
}

export function resetWizard(consultant: boolean): void {
  const info = app.info;
  wizard.step = consultant ? "client" : "welcome";
  wizard.consultant = consultant;
  wizard.options = info ? info.options.filter((o) => o.default).map((o) => o.id) : [];
  if (wizard.options.length === 0 && info && info.options.length > 0) {
    wizard.options = [info.options[0]!.id];
  }
  wizard.accountType = info?.service_account_offered && info.service_account_recommended ? "service" : "user";
  wizard.expectedOrg = "";
  wizard.connectionId = null;
  wizard.replaces = null;
  wizard.browser = false;
  wizard.waiting = false;
  wizard.progress = null;
  wizard.problem = null;
  wizard.report = null;
  wizard.connection = null;
  wizard.decision = null;
}

export function startNew(consultant: boolean): void {
  resetWizard(consultant);
  if (!consultant) wizard.step = "options";
  app.view = "wizard";
}

export function goto(step: Step): void {
  wizard.problem = null;
  wizard.step = step;
}

export function toggleOption(id: string): void {
  wizard.options = wizard.options.includes(id) ? wizard.options.filter((o) => o !== id) : [...wizard.options, id];
}

export function expectedOrgValid(): boolean {
  return wizard.expectedOrg.trim() === "" || normaliseOrg(wizard.expectedOrg) !== null;
}

export async function refreshConnections(): Promise<void> {
  try {
    app.connections = await api.listConnections();
  } catch (error) {
    app.problem = api.asProblem(error);
  }
}

/// Opens the Fortnox login (or the browser) and waits for the result.
/// Every login starts without any earlier session, so "log in as someone
/// else" is simply a new login.
export async function beginLogin(browser = false): Promise<void> {
  const mine = ++attempt;
  wizard.step = "login";
  wizard.browser = browser;
  wizard.waiting = true;
  wizard.progress = null;
  wizard.problem = null;
  wizard.report = null;
  wizard.decision = null;
  lastOperation = () => beginLogin(browser);
  try {
    const outcome = await api.connect({
      options: [...wizard.options],
      account_type: wizard.accountType,
      expected_org: normaliseOrg(wizard.expectedOrg),
      connection_id: wizard.connectionId,
      replaces: wizard.replaces,
      browser,
    });
    if (mine !== attempt) return;
    await showOutcome(outcome);
  } catch (error) {
    if (mine !== attempt) return;
    wizard.problem = api.asProblem(error);
  } finally {
    if (mine === attempt) {
      wizard.waiting = false;
      wizard.progress = null;
    }
  }
}

export function setProgress(progress: ConnectProgress): void {
  if (wizard.waiting) wizard.progress = progress;
}

async function showOutcome(outcome: ConnectOutcome): Promise<void> {
  wizard.report = outcome.report;
  if (outcome.outcome === "connected") {
    wizard.connection = outcome.connection;
    wizard.decision = null;
    await refreshConnections();
    // A re-authorized connection that was enabled is enabled again.
    wizard.step = outcome.connection.state === "enabled" && outcome.reauthorized ? "done" : "verify";
  } else {
    wizard.decision = { id: outcome.decision_id, kind: outcome.decision };
    wizard.step = "verify";
  }
}

export async function cancelLogin(): Promise<void> {
  await api.cancelConnect();
}

/// Ends this login and starts again (e.g. in the browser, or as another
/// user).
async function restartLogin(browser: boolean): Promise<void> {
  attempt++;
  await api.cancelConnect();
  await beginLogin(browser);
}

export const useBrowserInstead = () => restartLogin(true);
export const logInAsSomeoneElse = () => restartLogin(false);

export async function decide(choice: DecisionChoice): Promise<void> {
  const decision = wizard.decision;
  if (!decision) return;
  await whileBusy(async () => {
    const outcome = await api.decide(decision.id, choice);
    wizard.decision = null;
    if (outcome) {
      await showOutcome(outcome);
    } else {
      await beginLogin(wizard.browser);
    }
  });
}

/** Runs one wizard action with its buttons disabled; a failure goes to the error panel. */
async function whileBusy(action: () => Promise<void>): Promise<void> {
  wizard.busy = true;
  try {
    await action();
  } catch (error) {
    wizard.problem = api.asProblem(error);
  } finally {
    wizard.busy = false;
  }
}

export async function enableConnection(): Promise<void> {
  const connection = wizard.connection;
  if (!connection) return;
  lastOperation = enableConnection;
  await whileBusy(async () => {
    wizard.connection = await api.enableConnection(connection.id);
    await refreshConnections();
    wizard.step = "done";
  });
}

export async function recheck(): Promise<void> {
  const connection = wizard.connection;
  if (!connection) return;
  lastOperation = recheck;
  await whileBusy(async () => {
    wizard.report = await api.verifyConnection(connection.id);
    wizard.problem = null;
    await refreshConnections();
  });
}

export function showConnections(): void {
  app.view = "connections";
  app.problem = null;
  void refreshConnections();
}

// ---- actions on a saved connection ----

export function reauthorize(c: ConnectionSummary): void {
  loginAgainFor(c, c.account_type);
  wizard.connectionId = c.id;
  void beginLogin(false);
}

export function switchAccountType(c: ConnectionSummary): void {
  loginAgainFor(c, c.account_type === "service" ? "user" : "service");
  wizard.replaces = c.id;
  void beginLogin(false);
}

/** The wizard, at the login step, for a saved connection's options and company. */
function loginAgainFor(c: ConnectionSummary, accountType: ConnectionSummary["account_type"]): void {
  resetWizard(false);
  wizard.options = [...c.options];
  wizard.accountType = accountType;
  wizard.expectedOrg = c.org_number ?? "";
  app.view = "wizard";
}

async function onList(c: ConnectionSummary, run: () => Promise<unknown>): Promise<void> {
  app.busy = true;
  app.problem = null;
  app.problemFor = c.id;
  lastOperation = () => onList(c, run);
  try {
    await run();
  } catch (error) {
    app.problem = api.asProblem(error);
  } finally {
    // A failure can change a connection too (e.g. needs re-authorization).
    await refreshConnections();
    app.busy = false;
  }
}

export const enable = (c: ConnectionSummary) => onList(c, () => api.enableConnection(c.id));
export const disable = (c: ConnectionSummary) => onList(c, () => api.disableConnection(c.id));
export const remove = (c: ConnectionSummary, force: boolean) => onList(c, () => api.removeConnection(c.id, force));
export const verify = (c: ConnectionSummary) => onList(c, () => api.verifyConnection(c.id));

export async function showActivity(c: ConnectionSummary): Promise<void> {
  app.activityFor = c;
  app.activity = await api.activityLog(c.id).catch(() => []);
}

export function closeActivity(): void {
  app.activityFor = null;
  app.activity = [];
}

// ---- catalogue titles for codes shown in lists ----

export const titles = $state<Record<string, string>>({});

/// The catalogue title for a code in the current language (fetched once).
export function titleFor(code: ErrorCode, lang: Lang): string {
  const key = `${lang}:${code}`;
  if (!(key in titles)) {
    titles[key] = code;
    void api.explain(code, []).then((p) => (titles[key] = p.title));
  }
  return titles[key] ?? code;
}

// ---- the error panel's buttons ----

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Older webviews: copy through a hidden text area.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

function problemText(problem: Problem): string {
  const steps = problem.steps.map((s, i) => `${i + 1}. ${s}`).join("\n");
  return `${problem.title}\n${problem.cause}\n${problem.who_label}\n${steps}\n\n[${problem.code}] ${problem.details}`;
}

/// Carries out an error-panel button. `problem` is the one shown; `on`
/// the saved connection it concerns, if any.
export async function runAction(action: Action, problem: Problem, on: ConnectionSummary | null): Promise<string | null> {
  switch (action.kind) {
    case "retry":
      if (lastOperation) await lastOperation();
      return null;
    case "restart_authorization":
    case "try_again":
      if (action.kind === "try_again" && wizard.decision) {
        await decide("discard");
      } else {
        await beginLogin(false);
      }
      return null;
    case "reauthorize": {
      const target = on ?? wizard.connection;
      if (target) reauthorize(target);
      return null;
    }
    case "switch_account_type": {
      if (on) {
        switchAccountType(on);
      } else {
        wizard.accountType = action.to;
        await beginLogin(false);
      }
      return null;
    }
    case "log_in_as_someone_else":
      if (on) {
        reauthorize(on);
      } else {
        await beginLogin(false);
      }
      return null;
    case "open_fortnox":
      await api.openExternal(action.page === "help" ? "fortnox_help" : "fortnox_start");
      return null;
    case "contact_vendor":
      await api.openExternal("vendor_contact");
      return null;
    case "copy_details":
      return (await copyText(problemText(problem))) ? "copied" : null;
    case "export_diagnostics":
      try {
        return `exported:${await api.exportDiagnostics()}`;
      } catch (error) {
        wizard.problem = api.asProblem(error);
        return null;
      }
    case "continue_without_options":
      wizard.options = wizard.options.filter((id) => !action.options.includes(id));
      if (wizard.options.length === 0) {
        goto("options");
        return null;
      }
      await beginLogin(false);
      return null;
    case "keep_anyway":
      await decide("keep");
      return null;
    case "use_existing_connection":
      await decide("use_existing");
      return null;
  }
}
