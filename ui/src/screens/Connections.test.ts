import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { useBackend } from "../lib/api";
import { app } from "../lib/flow.svelte";
import { place, selected } from "../lib/table.svelte";
import { FakeBackend } from "../test/backend";
import { ui } from "../lib/ui.svelte";
import { appInfo, both, connection, list } from "../test/fixtures";
import Connections from "./Connections.svelte";

/// An agency's list: `count` companies, named so they sort by number.
function agency(count: number) {
  return list(
    Array.from({ length: count }, (_, n) => {
      const name = `Klient ${String(n).padStart(4, "0")} AB`;
      return connection({ id: `c${n}`, company_name: name, company_label: name });
    }),
  );
}

const rows = () => screen.queryAllByTestId("connection").map((c) => c.dataset.id);
/// The n-th of the elements with this test id (there must be one).
const nth = (id: string, n: number) => screen.getAllByTestId(id)[n] ?? expect.fail(`no ${id} number ${n}`);

beforeAll(() => {
  // jsdom lays nothing out; the table measures its view with this.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  // Nor has it modal dialogs.
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.open = true;
  };
});

beforeEach(() => {
  ui.lang = "en";
  Object.assign(place, { query: "", filter: "all", sort: "name", reversed: false, active: null, returnTo: null, scrollTop: 0 });
  selected.clear();
});

afterEach(() => {
  app.list = null;
  app.notice = null;
  ui.lang = "sv";
});

describe("Connections: one to three as cards, more as a table", () => {
  it("shows a company's own connections as cards, with every action", () => {
    app.list = agency(3);
    render(Connections, { info: appInfo().en });
    expect(screen.queryByTestId("connections-table")).toBeNull();
    expect(rows()).toEqual(["c0", "c1", "c2"]);
    expect(within(nth("connection", 0)).getByTestId("action-remove")).toBeTruthy();
  });

  it("builds only the rows in view, and says how many there are", () => {
    app.list = agency(2000);
    render(Connections, { info: appInfo().en });
    const table = screen.getByTestId("connections-table");
    expect(table.getAttribute("aria-rowcount")).toBe("2001");
    expect(table.getAttribute("aria-label")).toBe("2000 of 2000 connections");
    const built = rows();
    expect(built.length).toBeGreaterThan(0);
    expect(built.length).toBeLessThan(60);
    expect(built[0]).toBe("c0");
    expect(nth("connection", 0).getAttribute("aria-rowindex")).toBe("2");
  });

  it("searches all of them, not only the rows built", async () => {
    app.list = agency(2000);
    render(Connections, { info: appInfo().en });
    await fireEvent.input(screen.getByTestId("connections-search"), { target: { value: "Klient 1999" } });
    expect(rows()).toEqual(["c1999"]);
    expect(screen.getByTestId("connections-status").textContent?.trim()).toBe("Showing 1 of 2000");
  });

  it("sorts by a column, and the other way when it is chosen again", async () => {
    app.list = agency(30);
    render(Connections, { info: appInfo().en });
    const header = () => screen.getByTestId("sort-name").closest("th");
    expect(header()?.getAttribute("aria-sort")).toBe("ascending");
    await fireEvent.click(screen.getByTestId("sort-name"));
    expect(header()?.getAttribute("aria-sort")).toBe("descending");
    expect(rows()[0]).toBe("c29");
    await fireEvent.click(screen.getByTestId("sort-refresh"));
    expect(header()?.getAttribute("aria-sort")).toBeNull();
    expect(screen.getByTestId("sort-refresh").closest("th")?.getAttribute("aria-sort")).toBe("descending");
  });

  it("puts Re-authorize one click away and the rest in the row's menu", async () => {
    const needing = connection({
      id: "x",
      company_label: "Aaa AB",
      state: "needs_reauthorization",
      needs_attention: true,
      attention_label: "Fortnox no longer accepts this approval",
      actions: [
        { action: { kind: "reauthorize" }, label: "Re-authorize", primary: true, confirm: null },
        { action: { kind: "activity" }, label: "Activity", primary: false, confirm: null },
      ],
    });
    app.list = list([needing, ...agency(5).en.connections]);
    render(Connections, { info: appInfo().en });
    const row = nth("connection", 0);
    expect(within(row).getByTestId("connection-needs").textContent?.trim()).toBe("Fortnox no longer accepts this approval");
    expect(within(row).getByTestId("action-reauthorize").textContent?.trim()).toBe("Re-authorize");
    const menu = within(row).getByTestId("row-menu");
    expect(menu.getAttribute("aria-expanded")).toBe("false");
    await fireEvent.click(menu);
    expect(menu.getAttribute("aria-expanded")).toBe("true");
    const items = within(screen.getByTestId("row-menu-items")).getAllByRole("menuitem");
    expect(items.map((i) => i.textContent?.trim())).toEqual(["Re-authorize", "Activity"]);
    await fireEvent.keyDown(screen.getByTestId("row-menu-items"), { key: "Escape" });
    expect(screen.queryByTestId("row-menu-items")).toBeNull();
    expect(document.activeElement).toBe(menu);
  });

  it("ticks rows, a range with Shift, and all shown; the count is announced", async () => {
    app.list = agency(40);
    render(Connections, { info: appInfo().en });
    await fireEvent.click(nth("select-row", 2));
    await fireEvent.click(nth("select-row", 5), { shiftKey: true });
    expect([...selected].sort()).toEqual(["c2", "c3", "c4", "c5"]);
    expect(screen.getByTestId("selection-count").textContent?.trim()).toBe("4 selected");
    await fireEvent.input(screen.getByTestId("connections-search"), { target: { value: "Klient 0003" } });
    expect(screen.getByTestId("selection-count").textContent?.replace(/\s+/g, " ").trim()).toBe(
      "4 selected (3 not shown by the search)",
    );
    await fireEvent.input(screen.getByTestId("connections-search"), { target: { value: "" } });
    await fireEvent.click(screen.getByTestId("select-all"));
    expect(selected.size).toBe(40);
    await fireEvent.click(screen.getByTestId("bulk-clear"));
    expect(selected.size).toBe(0);
  });

  it("checks the ticked connections, also those not built yet", async () => {
    const companies = agency(500);
    const backend = new FakeBackend()
      .on("verify_connection", async () => Promise.reject(new Error("not needed here")))
      .on("list_connections", async () => companies);
    useBackend(backend);
    app.list = companies;
    render(Connections, { info: appInfo().en });
    await fireEvent.input(screen.getByTestId("connections-search"), { target: { value: "Klient 01" } });
    await fireEvent.click(screen.getByTestId("select-all"));
    await fireEvent.click(screen.getByTestId("bulk-check"));
    await vi.waitFor(() => expect(app.bulk).toBeNull());
    expect(backend.requests("verify_connection")).toEqual(Array.from({ length: 100 }, (_, n) => ({ id: `c${100 + n}` })));
  });

  it("asks before disabling, naming how many and which, then disables them at once", async () => {
    const companies = agency(30);
    const backend = new FakeBackend().on("set_connections_enabled", async () =>
      both((lang) => ({ notice: lang === "en" ? "12 connections disabled." : "12 kopplingar avstängda.", list: companies[lang] })),
    );
    useBackend(backend);
    app.list = companies;
    render(Connections, { info: appInfo().en });
    await fireEvent.input(screen.getByTestId("connections-search"), { target: { value: "Klient 001" } });
    await fireEvent.click(screen.getByTestId("select-all"));
    await fireEvent.input(screen.getByTestId("connections-search"), { target: { value: "Klient 002" } });
    await fireEvent.click(nth("select-row", 0));
    await fireEvent.click(screen.getByTestId("bulk-disable"));
    const dialog = screen.getByTestId("confirm-dialog");
    expect(within(dialog).getByRole("heading").textContent).toBe("Disable 11 connections?");
    const names = within(screen.getByTestId("confirm-names")).getAllByRole("listitem").map((li) => li.textContent?.trim());
    expect(names).toEqual([
      "Klient 0020 AB",
      ...Array.from({ length: 9 }, (_, n) => `Klient 001${n} AB`),
      "and 1 more",
    ]);
    expect(backend.requests("set_connections_enabled")).toEqual([]);
    await fireEvent.click(screen.getByTestId("confirm-ok"));
    await vi.waitFor(() => expect(app.busy).toBe(false));
    expect(backend.requests("set_connections_enabled")).toEqual([
      { ids: ["c20", ...Array.from({ length: 10 }, (_, n) => `c${10 + n}`)], enabled: false },
    ]);
    expect(screen.getByTestId("connections-status").textContent?.trim()).toBe("12 connections disabled.");
  });

  it("exports only the ticked connections", async () => {
    const backend = new FakeBackend().on("export_connections", async () => both(() => ({ notice: "Saved", path: "/x.csv" })));
    useBackend(backend);
    app.list = agency(10);
    render(Connections, { info: appInfo().en });
    await fireEvent.click(nth("select-row", 1));
    await fireEvent.click(screen.getByTestId("bulk-export"));
    expect(backend.requests("export_connections")).toEqual([{ ids: ["c1"] }]);
  });
});
