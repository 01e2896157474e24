// The language shown, and reading texts and views in it (Svelte 5 runes).
import type { Both } from "../bindings/Both";
import type { Lang } from "../bindings/Lang";
import { translate, type MessageKey } from "./i18n";

export const ui = $state<{ lang: Lang }>({ lang: "sv" });

/// A text of the catalogue in the current language (reactive inside
/// components).
export function t(key: MessageKey, args: Record<string, string> = {}): string {
  return translate(ui.lang, key, args);
}

/// A view the backend rendered in both languages, in the current one.
export function pick<T>(both: Both<T>): T {
  return both[ui.lang];
}
