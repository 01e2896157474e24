// Every text of the product comes from one message catalogue, shared with
// the Rust side: crates/core/messages/{sv,en}.ftl (Fluent). Keys are typed
// (`MessageKey`, generated from the catalogue), so a misspelt key fails
// the type check.
import { FluentBundle, FluentResource } from "@fluent/bundle";
import type { Lang } from "../bindings/Lang";
import type { MessageKey } from "../bindings/MessageKey";
import en from "../../../crates/core/messages/en.ftl?raw";
import sv from "../../../crates/core/messages/sv.ftl?raw";

export type { MessageKey };

function bundle(lang: Lang, source: string): FluentBundle {
  // No Unicode isolation marks: the texts are shown as plain text.
  const bundle = new FluentBundle(lang, { useIsolating: false });
  const errors = bundle.addResource(new FluentResource(source));
  if (errors.length > 0) throw new Error(`${lang}.ftl: ${errors.map(String).join("; ")}`);
  return bundle;
}

const sources: Record<Lang, string> = { sv, en };
const bundles: Partial<Record<Lang, FluentBundle>> = {};

/// A language's texts are parsed when first asked for: the first screen
/// needs one language, and parsing is part of the app's start-up
/// (docs/architecture.md, "Start-up").
function bundleFor(lang: Lang): FluentBundle {
  return (bundles[lang] ??= bundle(lang, sources[lang]));
}

/// The text for `key` in `lang`; the key itself when it has no text.
/// Counts may be numbers, so that plural variants (`[one]`) are chosen.
export function translate(lang: Lang, key: MessageKey, args: Record<string, string | number> = {}): string {
  const b = bundleFor(lang);
  const pattern = b.getMessage(key)?.value;
  return pattern ? b.formatPattern(pattern, args) : key;
}
