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

/// "Check for updates".
export async function checkForUpdates(): Promise<void> {
  update.busy = true;
  try {
    show(await call("check_for_updates", {}));
  } finally {
    update.busy = false;
  }
}

/// "Restart to update": on success the app restarts into the new version;
/// otherwise the answer says why (and this version keeps running).
export async function restartToUpdate(): Promise<void> {
  update.busy = true;
  try {
    show(await call("install_update", {}));
  } finally {
    update.busy = false;
  }
}
