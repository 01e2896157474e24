// The connections table's place: search, filter, sorted column, the
// selection and the row the keyboard is on. Kept here, not in the
// screen, so that a re-authorization (the wizard, then back) returns the
// consultant to the same rows, the same selection and the same row.
import { SvelteSet } from "svelte/reactivity";
import type { ConnectionView } from "../bindings/ConnectionView";
import type { Filter, Sort } from "./listing";

export const place = $state({
  query: "",
  filter: "all" as Filter,
  sort: "name" as Sort,
  reversed: false,
  /// The row that has (or last had) the keyboard, by connection id.
  active: null as string | null,
  /// A row to give the focus back to once the table is on screen again.
  returnTo: null as string | null,
  scrollTop: 0,
  /// The last row whose box was ticked (Shift+click ticks up to it).
  anchor: null as string | null,
});

/// The ticked rows, by connection id.
export const selected = new SvelteSet<string>();

/// A click on a column's header: sorts by it, or reverses it.
export function sortBy(sort: Sort): void {
  if (place.sort === sort) place.reversed = !place.reversed;
  else {
    place.sort = sort;
    place.reversed = false;
  }
}

/// Ticks or unticks one row; with `range`, every row from the last one
/// ticked to this one, as in a file manager.
export function toggle(rows: ConnectionView[], id: string, on: boolean, range: boolean): void {
  const from = place.anchor ? rows.findIndex((c) => c.id === place.anchor) : -1;
  const to = rows.findIndex((c) => c.id === id);
  if (range && from >= 0 && to >= 0) {
    const [a, b] = from < to ? [from, to] : [to, from];
    for (const c of rows.slice(a, b + 1)) {
      if (on) selected.add(c.id);
      else selected.delete(c.id);
    }
  } else if (on) selected.add(id);
  else selected.delete(id);
  place.anchor = id;
}

/// "Select all shown": ticks every row the search and filter keep, or
/// unticks them when all are ticked already.
export function toggleAll(rows: ConnectionView[]): void {
  const all = rows.length > 0 && rows.every((c) => selected.has(c.id));
  for (const c of rows) {
    if (all) selected.delete(c.id);
    else selected.add(c.id);
  }
}

/// The ticked connections that still exist, in the table's order (those
/// the search hides last).
export function selection(rows: ConnectionView[], all: ConnectionView[]): ConnectionView[] {
  const shown = rows.filter((c) => selected.has(c.id));
  const shownIds = new Set(shown.map((c) => c.id));
  return [...shown, ...all.filter((c) => selected.has(c.id) && !shownIds.has(c.id))];
}

/// Forgets ticks on connections that no longer exist (removed, signed out).
export function pruneSelection(all: ConnectionView[]): void {
  const ids = new Set(all.map((c) => c.id));
  for (const id of [...selected]) if (!ids.has(id)) selected.delete(id);
}
