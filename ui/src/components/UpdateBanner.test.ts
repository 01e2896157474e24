import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { UpdateStatus } from "../bindings/UpdateStatus";
import { useBackend, type Backend } from "../lib/api";
import { ui } from "../lib/ui.svelte";
import { update } from "../lib/update.svelte";
import { both, problem } from "../test/fixtures";
import UpdateBanner from "./UpdateBanner.svelte";

const ready: UpdateStatus = { state: "ready", version: "0.2.0", notes: "Faster checks.", bytes: 5000000 };

afterEach(() => {
  ui.lang = "sv";
  update.status = null;
  update.dismissed = false;
});

describe("UpdateBanner", () => {
  it("offers a ready update with its notes, and restarts only when asked", async () => {
    ui.lang = "en";
    const call = vi.fn().mockResolvedValue(both(() => ({ state: "waits", version: "0.2.0" }) as UpdateStatus));
    useBackend({ call, onProgress: vi.fn() } as unknown as Backend);
    update.status = both(() => ready);
    render(UpdateBanner, { holdBack: false });
    expect(screen.getByTestId("update-ready").textContent).toContain("Version 0.2.0 is ready");
    expect(screen.getByTestId("update-notes").textContent).toBe("Faster checks.");
    expect(call).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId("update-restart"));
    expect(call).toHaveBeenCalledWith("install_update", {});
    expect(await screen.findByTestId("update-waits")).toBeTruthy();
  });

  it("never offers the restart during a login", () => {
    update.status = both(() => ready);
    render(UpdateBanner, { holdBack: true });
    expect(screen.queryByTestId("update-restart")).toBeNull();
    expect(screen.getByTestId("update-later")).toBeTruthy();
  });

  it("says why an update was refused, and can be closed", async () => {
    ui.lang = "en";
    const refused = problem().en;
    update.status = both(() => ({ state: "refused", version: "0.1.0", problem: refused, ready: false }) as UpdateStatus);
    render(UpdateBanner, { holdBack: false });
    expect(screen.getByTestId("update-refused").dataset.code).toBe(refused.code);
    await fireEvent.click(screen.getByTestId("update-dismiss"));
    expect(screen.queryByTestId("update-refused")).toBeNull();
  });
});
