import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ui } from "../lib/ui.svelte";
import { both, problem } from "../test/fixtures";
import ErrorPanel from "./ErrorPanel.svelte";

afterEach(() => {
  ui.lang = "sv";
});

describe("ErrorPanel", () => {
  it("shows the problem in the chosen language, with who acts and numbered steps", () => {
    ui.lang = "en";
    render(ErrorPanel, { problem: problem(), onaction: vi.fn() });
    expect(screen.getByTestId("error-title").textContent).toBe("Only a system administrator can approve");
    expect(screen.getByTestId("error-who").textContent).toBe("A Fortnox system administrator");
    const steps = screen.getByTestId("error-steps").querySelectorAll("li");
    expect([...steps].map((s) => s.textContent)).toEqual(["Ask an administrator to log in.", "Approve."]);
    expect(screen.getByTestId("error-details").textContent).toBe("[system_administrator_required] error=access_denied");
    expect(screen.getByRole("alert").dataset.code).toBe("system_administrator_required");
  });

  it("offers exactly the backend's buttons with its labels, the primary one marked", () => {
    ui.lang = "sv";
    render(ErrorPanel, { problem: problem(), onaction: vi.fn() });
    const buttons = screen.getAllByRole("button");
    expect(buttons.map((b) => b.textContent?.trim())).toEqual([
      "Logga in som någon annan",
      "Byt till egen användare",
      "Kopiera detaljer",
    ]);
    expect(buttons.map((b) => b.classList.contains("primary"))).toEqual([true, false, false]);
  });

  it("carries out the action clicked and shows its notice in the current language", async () => {
    ui.lang = "en";
    const onaction = vi.fn().mockResolvedValue(both((lang) => (lang === "sv" ? "Kopierat" : "Copied")));
    render(ErrorPanel, { problem: problem(), onaction });
    await fireEvent.click(screen.getByTestId("action-copy_details"));
    expect(onaction).toHaveBeenCalledWith({ kind: "copy_details" }, expect.objectContaining({ code: "system_administrator_required" }));
    expect((await screen.findByTestId("action-notice")).textContent).toBe("Copied");
  });

  it("says what went wrong when an action itself fails", async () => {
    ui.lang = "en";
    const onaction = vi.fn().mockRejectedValue(problem({ code: "storage_failed", title: "Could not save" }));
    render(ErrorPanel, { problem: problem(), onaction });
    await fireEvent.click(screen.getByTestId("action-log_in_as_someone_else"));
    expect((await screen.findByTestId("action-notice")).textContent).toBe("Could not save");
  });

  it("shows a generic title rather than nothing for an unknown problem", () => {
    ui.lang = "en";
    render(ErrorPanel, { problem: problem({ title: "", cause: "", who_label: "", steps: [] }), onaction: vi.fn() });
    expect(screen.getByTestId("error-title").textContent).toBe("Something went wrong");
    expect(screen.queryByTestId("error-steps")).toBeNull();
  });
});
