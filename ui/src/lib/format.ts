// Small pure helpers for what the screens show.
import type { ConnectionSummary } from "../bindings/ConnectionSummary";
import type { Lang } from "../bindings/Lang";
import type { TransferOption } from "../bindings/TransferOption";
import { messages } from "./i18n";

/// "5566778899" or "556677-8899" → "556677-8899"; null when it is not a
/// Swedish organisation number (10 digits, or 12 with a century).
export function normaliseOrg(input: string): string | null {
  const digits = input.replace(/\D/g, "");
  const ten = digits.length === 12 ? digits.slice(2) : digits;
  if (ten.length !== 10) return null;
  return `${ten.slice(0, 6)}-${ten.slice(6)}`;
}

/// "Bergströms Bygg AB (556677-8899)".
export function companyLabel(c: Pick<ConnectionSummary, "company_name" | "org_number" | "id">): string {
  if (c.company_name && c.org_number) return `${c.company_name} (${c.org_number})`;
  return c.company_name ?? c.org_number ?? c.id;
}

export function optionLabel(id: string, options: TransferOption[], lang: Lang): string {
  const option = options.find((o) => o.id === id);
  return option ? option.label[lang] : id;
}

export function optionLabels(ids: string[], options: TransferOption[], lang: Lang): string {
  return ids.map((id) => optionLabel(id, options, lang)).join(", ");
}

/// Case- and dash-insensitive search on name and org number.
export function matches(c: ConnectionSummary, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const digits = q.replace(/\D/g, "");
  const name = (c.company_name ?? "").toLowerCase();
  const org = (c.org_number ?? "").replace(/\D/g, "");
  return name.includes(q) || (digits.length > 0 && org.includes(digits));
}

export function formatTime(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(lang === "sv" ? "sv-SE" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
}

/// "Service account (Eva Ek)", or just "Service account" when Fortnox gives
/// its service user's generic name ("Servicekonto"), which would say it twice.
export function serviceApprover(lang: Lang, name: string | null | undefined): string {
  const label = messages[lang].verifyServiceAccount;
  const generic = Object.values(messages).map((m) => m.verifyServiceAccount.toLowerCase());
  const named = name && !generic.includes(name.trim().toLowerCase());
  return named ? `${label} (${name})` : label;
}
