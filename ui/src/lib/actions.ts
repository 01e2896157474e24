// What each button of the error panel does. The buttons (and their
// labels) come with the problem from the backend; this only carries them
// out. Returns a notice to show beside the buttons, if any.
import type { Action } from "../bindings/Action";
import type { Both } from "../bindings/Both";
import type { Problem } from "../bindings/Problem";
import { call } from "./api";
import { copyText } from "./clipboard";
import * as flow from "./flow.svelte";
import { translate } from "./i18n";

/// `on`: the saved connection the problem concerns, if any.
export async function runAction(action: Action, problem: Problem, on: string | null): Promise<Both<string> | null> {
  switch (action.kind) {
    case "retry":
      await flow.retry();
      return null;
    case "restart_authorization":
      await flow.beginLogin(false);
      return null;
    case "reauthorize":
    case "log_in_as_someone_else":
      if (on) flow.reauthorize(on);
      else await flow.beginLogin(false);
      return null;
    case "switch_account_type":
      if (on) flow.switchAccountType(on);
      else await flow.connectAs(action.to);
      return null;
    case "continue_without_options":
      await flow.continueWithout(action.options);
      return null;
    case "open_fortnox":
      await call("open_external", { target: action.page === "help" ? "fortnox_help" : "fortnox_start" });
      return null;
    case "contact_vendor":
      await call("open_external", { target: "vendor_contact" });
      return null;
    case "copy_details":
      if (!(await copyText(problem.copy_text))) return null;
      return { sv: translate("sv", "action-copied"), en: translate("en", "action-copied") };
    case "export_diagnostics": {
      const exported = await call("export_diagnostics", {});
      return { sv: exported.sv.notice, en: exported.en.notice };
    }
  }
}
