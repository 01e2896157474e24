// What the UI checks and formats itself: input as it is typed, and times
// in the person's local time zone. Everything else arrives worded.
import type { Lang } from "../bindings/Lang";

/// "5566778899" or "556677-8899" → "556677-8899"; null when it is not a
/// Swedish organisation number (10 digits, or 12 with a century).
export function normaliseOrg(input: string): string | null {
  const digits = input.replace(/\D/g, "");
  const ten = digits.length === 12 ? digits.slice(2) : digits;
  if (ten.length !== 10) return null;
  return `${ten.slice(0, 6)}-${ten.slice(6)}`;
}

/// Search on a company's label: words match the name (any case), digits
/// match the organisation number with or without its dash.
export function matches(label: string, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  if (/\p{L}/u.test(q)) return label.toLowerCase().includes(q);
  const digits = q.replace(/\D/g, "");
  return digits.length > 0 && label.replace(/\D/g, "").includes(digits);
}

export function formatTime(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(lang === "sv" ? "sv-SE" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
}
