import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { connection } from "../test/fixtures";
import ConnectionCard from "./ConnectionCard.svelte";

describe("ConnectionCard", () => {
  it("shows the company, state, account and health as worded by the backend", () => {
    render(ConnectionCard, { connection: connection(), onaction: vi.fn() });
    expect(screen.getByTestId("connection-company").textContent).toBe("Bergströms Bygg AB (556677-8899)");
    expect(screen.getByTestId("connection-state").textContent).toBe("Enabled");
    expect(screen.getByText("Own user · Customer invoices")).toBeTruthy();
    const health = screen.getByTestId("connection-health").querySelectorAll("li");
    expect([...health].map((h) => [h.textContent, h.classList.contains("warn")])).toEqual([
      ["Refresh token expires in 45 days unless used", false],
    ]);
  });

  it("offers the actions the state allows, in order, and hands the clicked one back", async () => {
    const onaction = vi.fn();
    render(ConnectionCard, { connection: connection(), onaction });
    expect(screen.getAllByRole("button").map((b) => b.dataset.testid)).toEqual([
      "action-disable",
      "action-reauthorize",
      "action-remove",
    ]);
    expect(screen.getByTestId("action-remove").classList.contains("danger-text")).toBe(true);
    await fireEvent.click(screen.getByTestId("action-remove"));
    expect(onaction).toHaveBeenCalledWith(expect.objectContaining({ action: { kind: "remove" } }));
  });

  it("marks the fix as primary and warnings as warnings", () => {
    const c = connection({
      state: "needs_reauthorization",
      state_label: "Needs re-authorization",
      health: [{ text: "Fortnox no longer accepts the approval.", warn: true }],
      actions: [{ action: { kind: "reauthorize" }, label: "Re-authorize", primary: true, confirm: null }],
    });
    render(ConnectionCard, { connection: c, onaction: vi.fn() });
    expect(screen.getByTestId("action-reauthorize").classList.contains("primary")).toBe(true);
    expect(screen.getByTestId("connection-health").querySelector("li")?.classList.contains("warn")).toBe(true);
  });

  it("disables its buttons while another action runs", () => {
    render(ConnectionCard, { connection: connection(), busy: true, onaction: vi.fn() });
    expect(screen.getAllByRole("button").every((b) => (b as HTMLButtonElement).disabled)).toBe(true);
  });
});
