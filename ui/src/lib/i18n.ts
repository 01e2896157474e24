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

/// A language's texts: a bundle that holds the messages parsed so far,
/// and the source of each message not parsed yet.
interface Catalogue {
  bundle: FluentBundle;
  unparsed: Map<string, string>;
}

/// Each message's source text by its id, in one pass over the lines. A
/// message begins at a line that starts with a letter (its id); the lines
/// after it that do not (indented lines, blank lines, a select's closing
/// brace) belong to it; a comment ends it. The catalogues have no terms
/// and no message references: a test checks that each message parsed
/// alone reads as it does in the whole catalogue.
export function messageSources(source: string): Map<string, string> {
  const sources = new Map<string, string>();
  let id: string | null = null;
  let lines: string[] = [];
  const end = () => {
    if (id !== null) sources.set(id, lines.join("\n"));
    id = null;
    lines = [];
  };
  for (const line of source.split("\n")) {
    if (/^[a-zA-Z]/.test(line)) {
      end();
      id = line.slice(0, line.indexOf("=")).trim();
      lines.push(line);
    } else if (line.startsWith("#")) {
      end();
    } else if (id !== null) {
      lines.push(line);
    }
  }
  end();
  return sources;
}

const sources: Record<Lang, string> = { sv, en };
const catalogues: Partial<Record<Lang, Catalogue>> = {};

/// The bundle of `lang`, with `key` in it. A message is parsed when it
/// is first shown: the first screen shows a few dozen of a language's
/// ~260, and parsing is part of the app's start-up (docs/architecture.md,
/// "Start-up").
function bundleWith(lang: Lang, key: string): FluentBundle {
  // No Unicode isolation marks: the texts are shown as plain text.
  const catalogue = (catalogues[lang] ??= {
    bundle: new FluentBundle(lang, { useIsolating: false }),
    unparsed: messageSources(sources[lang]),
  });
  const source = catalogue.unparsed.get(key);
  if (source !== undefined) {
    // Each id is added once, so the bundle reports no override; a
    // duplicate id in a catalogue fails i18n.test.ts instead.
    catalogue.unparsed.delete(key);
    catalogue.bundle.addResource(new FluentResource(source));
  }
  return catalogue.bundle;
}

/// The text for `key` in `lang`; the key itself when it has no text.
/// Counts may be numbers, so that plural variants (`[one]`) are chosen.
export function translate(lang: Lang, key: MessageKey, args: Record<string, string | number> = {}): string {
  const bundle = bundleWith(lang, key);
  const pattern = bundle.getMessage(key)?.value;
  return pattern ? bundle.formatPattern(pattern, args) : key;
}
