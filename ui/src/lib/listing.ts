// Which connections the list shows, and in what order: search, one filter
// and one sorted column, chosen by the person. The views come worded from the
// backend; this only picks and orders them.
import type { ConnectionView } from "../bindings/ConnectionView";
import type { MessageKey } from "../bindings/MessageKey";
import { matches } from "./format";

export const FILTERS = ["all", "attention", "enabled", "disabled", "service", "user"] as const;
/// One per sortable column of the table.
export const SORTS = ["name", "state", "account", "transfers", "refresh", "health"] as const;
export type Filter = (typeof FILTERS)[number];
export type Sort = (typeof SORTS)[number];

export const filterLabel: Record<Filter, MessageKey> = {
  all: "connections-filter-all",
  attention: "connections-filter-attention",
  enabled: "connections-filter-enabled",
  disabled: "connections-filter-disabled",
  service: "connections-filter-service",
  user: "connections-filter-user",
};

function keeps(filter: Filter, c: ConnectionView): boolean {
  switch (filter) {
    case "all": return true;
    case "attention": return c.needs_attention;
    case "enabled": return c.state === "enabled";
    case "disabled": return c.state === "disabled";
    case "service": return c.account_type === "service";
    case "user": return c.account_type === "user";
  }
}

// One collator for every comparison: `localeCompare(…, "sv")` sets one up
// per call, which made sorting 500 cards most of a search's time.
const swedish = new Intl.Collator("sv");
const byName = (a: ConnectionView, b: ConnectionView) => swedish.compare(a.company_label, b.company_label);

/// What needs the person first: a connection to approve again, then one
/// not switched on yet, then those running, then those switched off.
const STATE_RANK: Record<ConnectionView["state"], number> = {
  needs_reauthorization: 0,
  draft: 1,
  authorizing: 1,
  authorized: 1,
  enabled: 2,
  disabled: 3,
  removed: 4,
};

function order(sort: Sort): (a: ConnectionView, b: ConnectionView) => number {
  switch (sort) {
    case "name": return byName;
    case "state": return (a, b) => STATE_RANK[a.state] - STATE_RANK[b.state] || byName(a, b);
    case "account": return (a, b) => swedish.compare(a.account_label, b.account_label) || byName(a, b);
    case "transfers": return (a, b) => swedish.compare(a.options_label, b.options_label) || byName(a, b);
    // Most recently renewed first; never renewed last.
    case "refresh": return (a, b) => (b.last_refresh_at ?? "").localeCompare(a.last_refresh_at ?? "") || byName(a, b);
    case "health": return (a, b) => Number(b.needs_attention) - Number(a.needs_attention) || byName(a, b);
  }
}

/// How a sort's natural order reads (for `aria-sort`): names A to Ö, the
/// newest renewal first.
export function naturalDirection(sort: Sort): "ascending" | "descending" {
  return sort === "refresh" ? "descending" : "ascending";
}

/// The list in the chosen order (reversed when the person chose the
/// column twice); kept while the person types a search.
export function ordered(list: ConnectionView[], sort: Sort, reversed = false): ConnectionView[] {
  const sorted = [...list].sort(order(sort));
  return reversed ? sorted.reverse() : sorted;
}

/// Those of an ordered list that the search and the filter keep.
export function shown(list: ConnectionView[], query: string, filter: Filter): ConnectionView[] {
  return list.filter((c) => keeps(filter, c) && matches(c.company_label, query));
}

/// The connections "Re-authorize those that need it" goes through, in
/// the order shown.
export function needingReauthorization(list: ConnectionView[]): ConnectionView[] {
  return list.filter((c) => c.actions.some((b) => b.action.kind === "reauthorize" && b.primary));
}
