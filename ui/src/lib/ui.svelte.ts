// The wizard's shared UI state (Svelte 5 runes).
import type { Lang } from "../bindings/Lang";
import { translate, type MessageKey } from "./i18n";

export const ui = $state<{ lang: Lang }>({ lang: "sv" });

/// Translate in the current language (reactive inside components).
export function t(key: MessageKey, vars: Record<string, string> = {}): string {
  return translate(ui.lang, key, vars);
}
