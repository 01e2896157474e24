import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useBackend } from "../lib/api";
import { app } from "../lib/flow.svelte";
import { FakeBackend } from "../test/backend";
import { ui } from "../lib/ui.svelte";
import { appInfo, connection, list } from "../test/fixtures";
import Connections from "./Connections.svelte";

/// An agency's list: `count` companies, named so they sort by number.
function agency(count: number) {
  return list(
    Array.from({ length: count }, (_, n) => {
      const name = `Klient ${String(n).padStart(3, "0")} AB`;
      return connection({ id: `c${n}`, company_name: name, company_label: name });
    }),
  );
}

const cards = () => screen.queryAllByTestId("connection").map((c) => c.dataset.id);

beforeEach(() => {
  ui.lang = "en";
});

afterEach(() => {
  app.list = null;
  ui.lang = "sv";
});

describe("Connections with hundreds of companies", () => {
  it("puts 20 cards on the page, then 20 more at a time", async () => {
    app.list = agency(50);
    render(Connections, { info: appInfo().en });
    expect(cards()).toEqual(Array.from({ length: 20 }, (_, n) => `c${n}`));
    expect(screen.getByTestId("connections-status").textContent?.trim()).toBe("Showing 20 of 50");
    expect(screen.getByTestId("connections-more").textContent?.trim()).toBe("Show more (30 not shown yet)");

    await fireEvent.click(screen.getByTestId("connections-more"));
    expect(cards()).toHaveLength(40);
    await fireEvent.click(screen.getByTestId("connections-more"));
    expect(cards()).toHaveLength(50);
    expect(screen.queryByTestId("connections-more")).toBeNull();
  });

  it("searches all of them, not only those on the page, and starts from the top again", async () => {
    app.list = agency(120);
    render(Connections, { info: appInfo().en });
    await fireEvent.click(screen.getByTestId("connections-more"));
    expect(cards()).toHaveLength(40);

    const search = screen.getByTestId("connections-search");
    await fireEvent.input(search, { target: { value: "Klient 11" } });
    expect(cards()).toEqual(Array.from({ length: 10 }, (_, n) => `c${110 + n}`));
    expect(screen.queryByTestId("connections-more")).toBeNull();

    await fireEvent.input(search, { target: { value: "" } });
    expect(cards()).toHaveLength(20);
  });

  it("checks every match, also those not on the page yet", async () => {
    const companies = agency(120);
    const backend = new FakeBackend()
      .on("verify_connection", async () => Promise.reject(new Error("not needed here")))
      .on("list_connections", async () => companies);
    useBackend(backend);
    app.list = companies;
    render(Connections, { info: appInfo().en });
    await fireEvent.input(screen.getByTestId("connections-search"), { target: { value: "Klient 0" } });
    expect(cards()).toHaveLength(20);

    await fireEvent.click(screen.getByTestId("check-all"));
    await vi.waitFor(() => expect(app.bulk).toBeNull());
    expect(backend.requests("verify_connection")).toEqual(Array.from({ length: 100 }, (_, n) => ({ id: `c${n}` })));
  });
});
