import { tick } from "svelte";
// Where the person is (which view, which wizard step) and what the
// backend last answered. Every answer is a view already worded in both
// languages; nothing here decides labels, defaults or allowed actions.
import type { AccountType } from "../bindings/AccountType";
import type { ActivityView } from "../bindings/ActivityView";
import type { AppInfo } from "../bindings/AppInfo";
import type { Both } from "../bindings/Both";
import type { ConnectResult } from "../bindings/ConnectResult";
import type { ConnectTarget } from "../bindings/ConnectTarget";
import type { ConnectionList } from "../bindings/ConnectionList";
import type { ConnectionView } from "../bindings/ConnectionView";
import type { DecisionChoice } from "../bindings/DecisionChoice";
import type { DecisionView } from "../bindings/DecisionView";
import type { FirstScreenData } from "../bindings/FirstScreenData";
import type { Lang } from "../bindings/Lang";
import type { NoticeTarget } from "../bindings/NoticeTarget";
import type { Problem } from "../bindings/Problem";
import type { ProgressView } from "../bindings/ProgressView";
import type { VerifyView } from "../bindings/VerifyView";
import { asFailure, call } from "./api";
import { normaliseOrg } from "./format";
import { translate } from "./i18n";
import { place, selected } from "./table.svelte";
import { ui } from "./ui.svelte";

export type Step = "welcome" | "client" | "options" | "account" | "login" | "verify" | "done";
export type View = "loading" | "failed" | "wizard" | "connections";

export const app = $state({
  view: "loading" as View,
  info: null as Both<AppInfo> | null,
  failure: null as Both<Problem> | null,
  list: null as Both<ConnectionList> | null,
  /// A failed action on the list, and the connection it concerns.
  problem: null as Both<Problem> | null,
  problemFor: null as string | null,
  activity: null as Both<ActivityView> | null,
  busy: false,
  /// A bulk check under way.
  bulk: null as { done: number; total: number } | null,
  /// What the last bulk action or export said.
  notice: null as Both<string> | null,
  /// Connections still to re-authorize, one after another.
  queue: [] as string[],
});

export const wizard = $state({
  step: "welcome" as Step,
  /// "Connect another client": the expected-client step comes first.
  consultant: false,
  options: [] as string[],
  accountType: "service" as AccountType,
  expectedOrg: "",
  /// Approving a saved connection again, or remaking it: not a new one.
  again: null as ConnectTarget | null,
  /// "Connect another client": the same options and account type, so the
  /// client step leads straight to the login.
  repeat: false,
  browser: false,
  waiting: false,
  progress: null as ProgressView | null,
  problem: null as Both<Problem> | null,
  connection: null as Both<ConnectionView> | null,
  verify: null as Both<VerifyView> | null,
  decision: null as Both<DecisionView> | null,
  busy: false,
});

/// Each login attempt has a number; answers for older attempts (one that
/// was cancelled to restart) are ignored.
let attempt = 0;
/// What "Retry" repeats.
let lastOperation: (() => Promise<void>) | null = null;

/// Called by main.ts before it mounts the UI, with the first screen's
/// data when the app gave it to the page (src-tauri/src/main_window.rs):
/// the first render is then the screen itself. `init` sends the start-up
/// times (the start-up log and BENCHMARKS.md's breakdown).
export function scriptStarted(given?: FirstScreenData): void {
  scriptMs = performance.now();
  if (given) showFirstScreen(given.info, given.list);
  firstScreenGiven = given !== undefined;
  if (given?.show) void showTarget(given.show);
}
let scriptMs = 0;
/// The next `init` has its data already (once: a later `init` asks).
let firstScreenGiven = false;

/// The app's texts and its language, also when the list failed.
function showInfo(info: Both<AppInfo>): void {
  app.info = info;
  ui.lang = info.en.lang;
  // Now, not in App's effect after mounting: changing it then restyles
  // and lays out the whole page a second time before its first frame.
  document.documentElement.lang = ui.lang;
}

function showFirstScreen(info: Both<AppInfo>, list: Both<ConnectionList>): void {
  showInfo(info);
  app.list = list;
  app.view = app.list.en.connections.length > 0 ? "connections" : "wizard";
  resetWizard(false);
}

export async function init(): Promise<void> {
  let dataMs = scriptMs;
  if (firstScreenGiven) {
    firstScreenGiven = false;
  } else {
    // Both at once: start-up waits for the slower, not for the sum.
    const [info, list] = await Promise.allSettled([call("app_info", {}), call("list_connections", {})]);
    dataMs = performance.now();
    const fail = (error: unknown) => {
      app.failure = asFailure(error);
      app.view = "failed";
    };
    if (info.status === "rejected") {
      fail(info.reason);
    } else if (list.status === "rejected") {
      // A list that cannot be read is explained in the app's language.
      showInfo(info.value);
      fail(list.reason);
    } else {
      showFirstScreen(info.value, list.value);
    }
  }
  await tick();
  const renderedMs = performance.now();
  const frameMs = await new Promise<number>((done) => requestAnimationFrame(() => done(performance.now())));
  await new Promise((done) => setTimeout(done, 0));
  const times = {
    script_ms: scriptMs,
    data_ms: dataMs,
    rendered_ms: renderedMs,
    frame_ms: frameMs,
    painted_ms: performance.now(),
  };
  const screen = app.view === "connections" || app.view === "failed" ? app.view : "wizard";
  await call("ui_shown", { screen, times }).catch(() => undefined);
}

export async function chooseLanguage(lang: Lang): Promise<void> {
  ui.lang = lang;
  app.info = await call("set_language", { lang }).catch(() => app.info);
}

/// The wizard from the start, with the defaults the backend chose.
export function resetWizard(consultant: boolean): void {
  const info = app.info?.en;
  wizard.step = consultant ? "client" : "welcome";
  wizard.consultant = consultant;
  wizard.options = info ? info.options.filter((o) => o.default).map((o) => o.id) : [];
  wizard.accountType = info?.default_account_type ?? "user";
  wizard.expectedOrg = "";
  wizard.again = null;
  wizard.repeat = false;
  wizard.browser = false;
  wizard.waiting = false;
  wizard.progress = null;
  wizard.problem = null;
  wizard.connection = null;
  wizard.verify = null;
  wizard.decision = null;
}

export function startNew(consultant: boolean): void {
  resetWizard(consultant);
  if (!consultant) wizard.step = "options";
  app.view = "wizard";
}

/// After a connection is done: the next client, with the same options and
/// account type, starting at the client step and then the login.
export function connectAnotherClient(): void {
  const { options, accountType } = wizard;
  resetWizard(true);
  wizard.options = [...options];
  wizard.accountType = accountType;
  wizard.repeat = true;
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
    app.list = await call("list_connections", {});
  } catch (error) {
    app.problem = asFailure(error);
  }
}

/// What this login is for.
function target(): ConnectTarget {
  return (
    wizard.again ?? {
      kind: "new",
      options: [...wizard.options],
      account_type: wizard.accountType,
      expected_org: normaliseOrg(wizard.expectedOrg),
    }
  );
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
  wizard.verify = null;
  wizard.decision = null;
  lastOperation = () => beginLogin(browser);
  try {
    const result = await call("connect", { target: target(), browser });
    if (mine !== attempt) return;
    await show(result);
  } catch (error) {
    if (mine !== attempt) return;
    wizard.problem = asFailure(error);
  } finally {
    if (mine === attempt) {
      wizard.waiting = false;
      wizard.progress = null;
    }
  }
}

export function setProgress(progress: ProgressView): void {
  if (wizard.waiting) wizard.progress = progress;
}

/// A connect's, decision's or check's result: both languages at once.
async function show(result: Both<ConnectResult>): Promise<void> {
  const { sv, en } = result;
  wizard.verify = { sv: sv.verify, en: en.verify };
  if (sv.outcome === "connected" && en.outcome === "connected") {
    wizard.connection = { sv: sv.connection, en: en.connection };
    wizard.decision = null;
    await refreshConnections();
    wizard.step = en.next === "done" ? "done" : "verify";
  } else if (sv.outcome === "needs_decision" && en.outcome === "needs_decision") {
    wizard.decision = { sv: sv.decision, en: en.decision };
    wizard.step = "verify";
  }
}

export async function cancelLogin(): Promise<void> {
  await call("cancel_connect", {});
}

/// Ends this login and starts again (in the browser, or as another user).
async function restartLogin(browser: boolean): Promise<void> {
  attempt++;
  await call("cancel_connect", {});
  await beginLogin(browser);
}

export const useBrowserInstead = () => restartLogin(true);
export const logInAsSomeoneElse = () => restartLogin(false);

export async function decide(choice: DecisionChoice): Promise<void> {
  const decision = wizard.decision;
  if (!decision) return;
  await whileBusy(async () => {
    const result = await call("decide", { decision_id: decision.en.id, choice });
    wizard.decision = null;
    // Thrown away (and revoked): the person logs in again.
    if (result) await show(result);
    else await beginLogin(wizard.browser);
  });
}

/** Runs one wizard action with its buttons disabled; a failure goes to the error panel. */
async function whileBusy(action: () => Promise<void>): Promise<void> {
  wizard.busy = true;
  try {
    await action();
  } catch (error) {
    wizard.problem = asFailure(error);
  } finally {
    wizard.busy = false;
  }
}

export async function enableConnection(): Promise<void> {
  const id = wizard.connection?.en.id;
  if (!id) return;
  lastOperation = enableConnection;
  await whileBusy(async () => {
    wizard.connection = await call("enable_connection", { id });
    await refreshConnections();
    wizard.step = "done";
  });
}

export async function recheck(): Promise<void> {
  const id = wizard.connection?.en.id;
  if (!id) return;
  lastOperation = recheck;
  await whileBusy(async () => {
    wizard.problem = null;
    await show(await call("verify_connection", { id }));
  });
}

/// A notification was clicked: the connections, on that connection's
/// problem (with the action that fixes it) or on all that need attention.
/// A login under way is not interrupted.
export async function showTarget(target: NoticeTarget): Promise<void> {
  if (wizard.waiting) return;
  app.view = "connections";
  place.query = "";
  selected.clear();
  if (target.kind === "attention") {
    place.filter = "attention";
    return;
  }
  place.filter = "all";
  place.returnTo = target.id;
  const problem = await call("connection_problem", { id: target.id }).catch(() => null);
  app.problem = problem;
  app.problemFor = problem ? target.id : null;
}

export function showConnections(): void {
  app.view = "connections";
  app.problem = null;
  void refreshConnections();
}

// ---- a saved connection ----

/// The wizard's login step for a saved connection.
function again(target: ConnectTarget): void {
  resetWizard(false);
  wizard.again = target;
  app.view = "wizard";
  void beginLogin(false);
}

export const reauthorize = (id: string) => again({ kind: "reauthorize", connection_id: id });
export const switchAccountType = (id: string) => again({ kind: "switch_account_type", connection_id: id });

/// An action on the list: busy while it runs, its failure shown on the
/// list, and the list fetched again (a failure can change a connection).
async function onList(id: string, run: () => Promise<unknown>): Promise<void> {
  app.busy = true;
  app.problem = null;
  app.problemFor = id;
  lastOperation = () => onList(id, run);
  try {
    await run();
  } catch (error) {
    app.problem = asFailure(error);
  } finally {
    await refreshConnections();
    app.busy = false;
  }
}

export const enable = (id: string) => onList(id, () => call("enable_connection", { id }));
export const disable = (id: string) => onList(id, () => call("disable_connection", { id }));
export const remove = (id: string) => onList(id, () => call("remove_connection", { id, force: false }));
export const verify = (id: string) => onList(id, () => call("verify_connection", { id }));

export async function showActivity(id: string): Promise<void> {
  app.activity = await call("activity", { id }).catch((error) => {
    app.problem = asFailure(error);
    return null;
  });
}

export function closeActivity(): void {
  app.activity = null;
}

/// Repeats the last action (the error panel's "Retry").
export async function retry(): Promise<void> {
  if (lastOperation) await lastOperation();
}

/// "Continue without …": drops the options Fortnox refused and logs in
/// again, or goes back to choosing when nothing is left.
export async function continueWithout(options: string[]): Promise<void> {
  wizard.options = wizard.options.filter((id) => !options.includes(id));
  if (wizard.options.length === 0) goto("options");
  else await beginLogin(false);
}

/// "Switch to …" during a new connect: the same login with the other type.
export async function connectAs(accountType: AccountType): Promise<void> {
  wizard.accountType = accountType;
  await beginLogin(false);
}

// ---- many connections at once ----

/// Checks each connection in turn, showing how far it has come.
export async function checkAll(ids: string[]): Promise<void> {
  app.notice = null;
  app.bulk = { done: 0, total: ids.length };
  for (const id of ids) {
    // A failure shows on that connection's card; the others go on.
    await call("verify_connection", { id }).catch(() => undefined);
    app.bulk = { done: app.bulk.done + 1, total: ids.length };
  }
  await refreshConnections();
  app.bulk = null;
  const attention = app.list?.en.connections.filter((c) => c.needs_attention).length ?? 0;
  const total = ids.length;
  app.notice = {
    sv: translate("sv", "connections-bulk-done", { total, attention }),
    en: translate("en", "connections-bulk-done", { total, attention }),
  };
}

/// Re-authorizes each of `ids`, one login after another: the first now,
/// the next from the done screen.
export function reauthorizeEach(ids: string[]): void {
  const [first, ...rest] = ids;
  if (!first) return;
  app.queue = rest;
  reauthorize(first);
}

export function nextInQueue(): void {
  const next = app.queue.shift();
  if (next) reauthorize(next);
}

/// "Sign this computer out": every connection stopped in Fortnox and
/// removed here. Answers with the list as it is now.
export async function signOut(): Promise<void> {
  app.busy = true;
  app.problem = null;
  lastOperation = signOut;
  try {
    const signed = await call("sign_out", {});
    app.list = { sv: signed.sv.list, en: signed.en.list };
    app.notice = { sv: signed.sv.notice, en: signed.en.notice };
  } catch (error) {
    app.problem = asFailure(error);
    await refreshConnections();
  } finally {
    app.busy = false;
  }
}

/// Enables or disables several connections at once; the notice says how
/// many changed (one that needs approving again is left as it is).
export async function setEnabled(ids: string[], enabled: boolean): Promise<void> {
  app.busy = true;
  app.problem = null;
  app.notice = null;
  lastOperation = () => setEnabled(ids, enabled);
  try {
    const done = await call("set_connections_enabled", { ids, enabled });
    app.list = { sv: done.sv.list, en: done.en.list };
    app.notice = { sv: done.sv.notice, en: done.en.notice };
  } catch (error) {
    app.problem = asFailure(error);
    await refreshConnections();
  } finally {
    app.busy = false;
  }
}

/// The list as a CSV file: every connection, or those of `ids`.
export async function exportConnections(ids: string[] | null = null): Promise<void> {
  try {
    const exported = await call("export_connections", { ids });
    app.notice = { sv: exported.sv.notice, en: exported.en.notice };
  } catch (error) {
    app.problem = asFailure(error);
  }
}
