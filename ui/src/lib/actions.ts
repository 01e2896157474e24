// Button labels for catalogue actions.
import type { Action } from "../bindings/Action";
import { app } from "./flow.svelte";
import { optionLabels } from "./format";
import { t, ui } from "./ui.svelte";

export function actionLabel(action: Action): string {
  switch (action.kind) {
    case "retry": return t("actionRetry");
    case "restart_authorization": return t("actionRestart");
    case "reauthorize": return t("actionReauthorize");
    case "switch_account_type":
      return action.to === "service" ? t("actionSwitchToService") : t("actionSwitchToUser");
    case "log_in_as_someone_else": return t("actionSomeoneElse");
    case "open_fortnox": return action.page === "help" ? t("actionOpenHelp") : t("actionOpenFortnox");
    case "contact_vendor": return t("actionContactVendor", { vendor: app.info?.vendor ?? "" });
    case "copy_details": return t("actionCopy");
    case "export_diagnostics": return t("actionExport");
    case "continue_without_options":
      return t("actionContinueWithout", { options: optionLabels(action.options, app.info?.options ?? [], ui.lang) });
    case "keep_anyway": return t("actionKeepAnyway");
    case "try_again": return t("actionTryAgain");
    case "use_existing_connection": return t("actionUseExisting");
  }
}
