// Typed wrappers around the app's IPC commands. The types come from Rust
// (ts-rs, `src/bindings/`), so a Rust change that breaks the UI fails the
// type check.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { ActivityEvent } from "../bindings/ActivityEvent";
import type { AppInfo } from "../bindings/AppInfo";
import type { ConnectOutcome } from "../bindings/ConnectOutcome";
import type { ConnectProgress } from "../bindings/ConnectProgress";
import type { ConnectRequest } from "../bindings/ConnectRequest";
import type { ConnectionSummary } from "../bindings/ConnectionSummary";
import type { DecisionChoice } from "../bindings/DecisionChoice";
import type { ErrorCode } from "../bindings/ErrorCode";
import type { ExternalTarget } from "../bindings/ExternalTarget";
import type { IpcError } from "../bindings/IpcError";
import type { Lang } from "../bindings/Lang";
import type { Problem } from "../bindings/Problem";
import type { VerifyReport } from "../bindings/VerifyReport";

/** Errors from commands are catalogue problems; anything else is wrapped. */
export function asProblem(error: unknown): Problem {
  const candidate = error as Partial<IpcError> | null;
  if (candidate && typeof candidate === "object" && candidate.problem) return candidate.problem;
  return {
    code: "unknown",
    title: "",
    cause: "",
    who: "you",
    who_label: "",
    steps: [],
    actions: [{ kind: "copy_details" }],
    details: String(error),
    transient: false,
  };
}

export const appInfo = () => invoke<AppInfo>("app_info");
export const setLanguage = (lang: Lang) => invoke<void>("set_language", { lang });
export const listConnections = () => invoke<ConnectionSummary[]>("list_connections");
export const enableConnection = (id: string) => invoke<ConnectionSummary>("enable_connection", { id });
export const disableConnection = (id: string) => invoke<ConnectionSummary>("disable_connection", { id });
export const removeConnection = (id: string, force: boolean) => invoke<void>("remove_connection", { id, force });
export const verifyConnection = (id: string) => invoke<VerifyReport>("verify_connection", { id });
export const activityLog = (id: string) => invoke<ActivityEvent[]>("activity_log", { id });
export const connect = (request: ConnectRequest) => invoke<ConnectOutcome>("connect", { request });
export const cancelConnect = () => invoke<void>("cancel_connect");
export const decide = (decisionId: string, choice: DecisionChoice) =>
  invoke<ConnectOutcome | null>("decide", { decisionId, choice });
export const explain = (code: ErrorCode, options: string[]) => invoke<Problem>("explain", { code, options });
export const exportDiagnostics = () => invoke<string>("export_diagnostics");
export const openExternal = (target: ExternalTarget) => invoke<boolean>("open_external", { target });

export function onProgress(handler: (progress: ConnectProgress) => void): Promise<UnlistenFn> {
  return listen<ConnectProgress>("connect-progress", (event) => handler(event.payload));
}
