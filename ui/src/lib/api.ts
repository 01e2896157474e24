// The one way to reach the backend: an operation of
// crates/core/src/operations/ipc.in by name, with its request. The types
// come from Rust (`Operations`, generated), so a Rust change that breaks
// the UI fails the type check. Tests put a fake backend in its place.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { Both } from "../bindings/Both";
import type { NoticeTarget } from "../bindings/NoticeTarget";
import type { Operations } from "../bindings/Operations";
import type { Problem } from "../bindings/Problem";
import type { ProgressView } from "../bindings/ProgressView";
import type { UpdateStatus } from "../bindings/UpdateStatus";
import { translate } from "./i18n";

export type Operation = keyof Operations;
export type Request<K extends Operation> = Operations[K]["request"];
export type Response<K extends Operation> = Operations[K]["response"];

export interface Backend {
  call<K extends Operation>(operation: K, request: Request<K>): Promise<Response<K>>;
  onProgress(handler: (progress: ProgressView) => void): Promise<UnlistenFn>;
  /// A notification was clicked while the app runs (src-tauri/src/host.rs,
  /// `SHOW_EVENT`).
  onShow?(handler: (target: NoticeTarget) => void): Promise<UnlistenFn>;
  /// The backend's daily look for an update (src-tauri/src/host.rs,
  /// `UPDATE_EVENT`).
  onUpdate?(handler: (status: Both<UpdateStatus>) => void): Promise<UnlistenFn>;
}

/// The desktop app's commands.
export const tauriBackend: Backend = {
  call: (operation, request) => invoke(operation, { request }),
  onProgress: (handler) => listen<ProgressView>("connect-progress", (event) => handler(event.payload)),
  onShow: (handler) => listen<NoticeTarget>("show-target", (event) => handler(event.payload)),
  onUpdate: (handler) => listen<Both<UpdateStatus>>("update-status", (event) => handler(event.payload)),
};

let backend: Backend = tauriBackend;

export function useBackend(replacement: Backend): void {
  backend = replacement;
}

export function call<K extends Operation>(operation: K, request: Request<K>): Promise<Response<K>> {
  return backend.call(operation, request);
}

export function onProgress(handler: (progress: ProgressView) => void): Promise<UnlistenFn> {
  return backend.onProgress(handler);
}

export function onShow(handler: (target: NoticeTarget) => void): Promise<UnlistenFn> {
  return backend.onShow?.(handler) ?? Promise.resolve(() => undefined);
}

export function onUpdate(handler: (status: Both<UpdateStatus>) => void): Promise<UnlistenFn> {
  return backend.onUpdate?.(handler) ?? Promise.resolve(() => undefined);
}

/// Operations fail with a catalogue problem in both languages; anything
/// else (the IPC itself failing) is shown as an unknown problem.
export function asFailure(error: unknown): Both<Problem> {
  const candidate = error as Partial<Both<Problem>> | null;
  if (candidate && typeof candidate === "object" && candidate.sv?.code && candidate.en?.code) {
    return candidate as Both<Problem>;
  }
  const details = String(error);
  const unknown = (lang: "sv" | "en"): Problem => ({
    code: "unknown",
    title: translate(lang, "error-unknown-title"),
    cause: "",
    who: "you",
    who_label: "",
    steps: [],
    actions: [{ action: { kind: "copy_details" }, label: translate(lang, "action-copy"), primary: false }],
    details,
    transient: false,
    copy_text: details,
  });
  return { sv: unknown("sv"), en: unknown("en") };
}
