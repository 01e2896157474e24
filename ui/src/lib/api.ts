// Typed wrappers around the app's IPC commands. The types come from Rust
// (ts-rs, `src/bindings/`), so a Rust change that breaks the UI fails the
// type check.
import { invoke } from "@tauri-apps/api/core";
import type { AppInfo } from "../bindings/AppInfo";
import type { Lang } from "../bindings/Lang";

export function appInfo(): Promise<AppInfo> {
  return invoke<AppInfo>("app_info");
}

export function setLanguage(lang: Lang): Promise<void> {
  return invoke<void>("set_language", { lang });
}
