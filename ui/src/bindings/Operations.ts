// Generated from crates/core/src/operations/ipc.in by `cargo test`. Do not edit.
import type { ActivityView } from "./ActivityView";
import type { AppInfo } from "./AppInfo";
import type { Both } from "./Both";
import type { ConnectRequest } from "./ConnectRequest";
import type { ConnectResult } from "./ConnectResult";
import type { ConnectionList } from "./ConnectionList";
import type { ConnectionRequest } from "./ConnectionRequest";
import type { ConnectionView } from "./ConnectionView";
import type { DecideRequest } from "./DecideRequest";
import type { Exported } from "./Exported";
import type { LanguageRequest } from "./LanguageRequest";
import type { Nothing } from "./Nothing";
import type { OpenRequest } from "./OpenRequest";
import type { RemoveRequest } from "./RemoveRequest";
import type { ShownRequest } from "./ShownRequest";
import type { SignedOut } from "./SignedOut";

export type Operations = {
  app_info: { request: Nothing; response: Both<AppInfo> };
  set_language: { request: LanguageRequest; response: Both<AppInfo> };
  ui_shown: { request: ShownRequest; response: Nothing };
  list_connections: { request: Nothing; response: Both<ConnectionList> };
  connect: { request: ConnectRequest; response: Both<ConnectResult> };
  cancel_connect: { request: Nothing; response: Nothing };
  decide: { request: DecideRequest; response: Both<ConnectResult> | null };
  enable_connection: { request: ConnectionRequest; response: Both<ConnectionView> };
  disable_connection: { request: ConnectionRequest; response: Both<ConnectionView> };
  verify_connection: { request: ConnectionRequest; response: Both<ConnectResult> };
  remove_connection: { request: RemoveRequest; response: Nothing };
  sign_out: { request: Nothing; response: Both<SignedOut> };
  activity: { request: ConnectionRequest; response: Both<ActivityView> };
  export_diagnostics: { request: Nothing; response: Both<Exported> };
  export_connections: { request: Nothing; response: Both<Exported> };
  open_external: { request: OpenRequest; response: boolean };
};
