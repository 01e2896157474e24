// The app's own updates (docs/updates.md): what the last look found, as
// the backend worded it. Looking (at start, daily) and installing are the
// backend's; this holds the answer and asks on the person's behalf.
import type { Both } from "../bindings/Both";
import type { UpdateStatus } from "../bindings/UpdateStatus";
import { call, onUpdate } from "./api";

export const update = $state({
  status: null as Both<UpdateStatus> | null,
  /// The person hid the last refusal.
  dismissed: false,
  busy: false,
});

function show(status: Both<UpdateStatus>): void {
  update.status = status;
  update.dismissed = false;
}

/// Listens for the backend's daily look and asks for what it has found.
export async function watchUpdates(): Promise<() => void> {
  const unlisten = await onUpdate(show);
  call("update_status", {}).then(show, () => undefined);
  return unlisten;
}

/// Asks the backend on the person's behalf and shows the answer.
async function ask(operation: "check_for_updates" | "install_update"): Promise<void> {
  update.busy = true;
  try {
    show(await call(operation, {}));
  } finally {
    update.busy = false;
  }
}

/// "Check for updates".
export function checkForUpdates(): Promise<void> {
  return ask("check_for_updates");
}

/// "Restart to update": on success the app restarts into the new version;
/// otherwise the answer says why (and this version keeps running).
export function restartToUpdate(): Promise<void> {
  return ask("install_update");
}
