; The installer's own texts, in English and Swedish (UTF-8; included by
; installer.nsi with /CHARSET=UTF8). Every string exists in both languages.
; Written for a small company's admin, not for a technician. $R0, $R2 and $0
; are filled in when shown (a version number or an error code).

; Installer, first page (the button below it says Install / Installera)
LangString WelcomeText ${LANG_ENGLISH} "This installs Fortnox Connect for your Windows user. You do not need to be an administrator.$\r$\n$\r$\nIf Fortnox Connect is already installed, it is updated, and your connections are kept.$\r$\n$\r$\nClick Install to start."
LangString WelcomeText ${LANG_SWEDISH} "Det här installerar Fortnox Connect för din Windows-användare. Du behöver inte vara administratör.$\r$\n$\r$\nOm Fortnox Connect redan är installerat uppdateras det, och dina kopplingar finns kvar.$\r$\n$\r$\nKlicka på Installera för att börja."

; Uninstaller, first page
LangString UninstallKeepsData ${LANG_ENGLISH} "Fortnox Connect will be removed from this computer. Your connections to Fortnox and your settings are kept, so they are still there if you install Fortnox Connect again."
LangString UninstallKeepsData ${LANG_SWEDISH} "Fortnox Connect tas bort från datorn. Dina kopplingar till Fortnox och dina inställningar sparas, så att de finns kvar om du installerar Fortnox Connect igen."

; Fortnox Connect is running during an update or an uninstall
LangString AppRunning ${LANG_ENGLISH} "Fortnox Connect is open right now and must be closed before you can continue.$\n$\nClick OK to close it, or Cancel to stop."
LangString AppRunning ${LANG_SWEDISH} "Fortnox Connect är öppet just nu och måste stängas innan du kan fortsätta.$\n$\nKlicka på OK för att stänga programmet, eller på Avbryt för att avbryta."
LangString AppRunningCancelled ${LANG_ENGLISH} "Stopped because Fortnox Connect is still open. Nothing was changed."
LangString AppRunningCancelled ${LANG_SWEDISH} "Avbrutet eftersom Fortnox Connect fortfarande är öppet. Ingenting har ändrats."
LangString AppClosing ${LANG_ENGLISH} "Closing Fortnox Connect..."
LangString AppClosing ${LANG_SWEDISH} "Stänger Fortnox Connect..."
LangString AppStillRunning ${LANG_ENGLISH} "Fortnox Connect could not be closed. Close it yourself (or restart the computer) and try again. Nothing was changed."
LangString AppStillRunning ${LANG_SWEDISH} "Fortnox Connect gick inte att stänga. Stäng programmet själv (eller starta om datorn) och försök igen. Ingenting har ändrats."

; The daily keep-alive (a Task Scheduler job made by the CLI)
LangString ScheduleInstalling ${LANG_ENGLISH} "Setting up the daily check that keeps your Fortnox connections active..."
LangString ScheduleInstalling ${LANG_SWEDISH} "Ställer in den dagliga kontrollen som håller dina Fortnox-kopplingar aktiva..."
LangString ScheduleInstalled ${LANG_ENGLISH} "The daily check is set up."
LangString ScheduleInstalled ${LANG_SWEDISH} "Den dagliga kontrollen är inställd."
; Shown as separate lines of the log, which cuts long lines
LangString ScheduleInstallFailed ${LANG_ENGLISH} "Could not set up the daily check (error $0)."
LangString ScheduleInstallFailed ${LANG_SWEDISH} "Det gick inte att ställa in den dagliga kontrollen (fel $0)."
LangString ScheduleInstallFailedWhy ${LANG_ENGLISH} "Without it, a connection not used for 45 days stops working."
LangString ScheduleInstallFailedWhy ${LANG_SWEDISH} "Utan den slutar en koppling som inte används på 45 dagar att fungera."
LangString ScheduleInstallFailedRetry ${LANG_ENGLISH} "Run this installer again to try once more."
LangString ScheduleInstallFailedRetry ${LANG_SWEDISH} "Kör installationen igen för att försöka en gång till."
LangString ScheduleRemoving ${LANG_ENGLISH} "Removing the daily check..."
LangString ScheduleRemoving ${LANG_SWEDISH} "Tar bort den dagliga kontrollen..."

; Microsoft Edge WebView2, which the app needs to show its window
LangString WebView2Found ${LANG_ENGLISH} "Microsoft Edge WebView2 is there (version $R0)."
LangString WebView2Found ${LANG_SWEDISH} "Microsoft Edge WebView2 finns (version $R0)."
LangString WebView2Missing ${LANG_ENGLISH} "Microsoft Edge WebView2 is missing."
LangString WebView2Missing ${LANG_SWEDISH} "Microsoft Edge WebView2 saknas."
LangString WebView2Ask ${LANG_ENGLISH} "Fortnox Connect needs Microsoft Edge WebView2, a free component from Microsoft, to show its window. It is missing on this computer.$\n$\nDownload and install it now? This needs an internet connection and takes a minute or two."
LangString WebView2Ask ${LANG_SWEDISH} "Fortnox Connect behöver Microsoft Edge WebView2, en kostnadsfri komponent från Microsoft, för att kunna visa sitt fönster. Den saknas på den här datorn.$\n$\nVill du ladda ned och installera den nu? Det kräver internetanslutning och tar någon minut."
LangString WebView2Skipped ${LANG_ENGLISH} "Microsoft Edge WebView2 was not installed."
LangString WebView2Skipped ${LANG_SWEDISH} "Microsoft Edge WebView2 installerades inte."
LangString WebView2SkippedWhy ${LANG_ENGLISH} "Fortnox Connect cannot open its window until it is."
LangString WebView2SkippedWhy ${LANG_SWEDISH} "Fortnox Connect kan inte öppna sitt fönster förrän den finns."
LangString WebView2NoCurl ${LANG_ENGLISH} "This version of Windows cannot download Microsoft Edge WebView2 by itself."
LangString WebView2NoCurl ${LANG_SWEDISH} "Den här versionen av Windows kan inte ladda ned Microsoft Edge WebView2 på egen hand."
LangString WebView2Downloading ${LANG_ENGLISH} "Downloading Microsoft Edge WebView2..."
LangString WebView2Downloading ${LANG_SWEDISH} "Laddar ned Microsoft Edge WebView2..."
LangString WebView2DownloadFailed ${LANG_ENGLISH} "The download failed (error $R2). Is the computer connected to the internet?"
LangString WebView2DownloadFailed ${LANG_SWEDISH} "Nedladdningen misslyckades (fel $R2). Är datorn ansluten till internet?"
LangString WebView2Installing ${LANG_ENGLISH} "Installing Microsoft Edge WebView2..."
LangString WebView2Installing ${LANG_SWEDISH} "Installerar Microsoft Edge WebView2..."
LangString WebView2InstallFailed ${LANG_ENGLISH} "Microsoft Edge WebView2 could not be installed (error $R2)."
LangString WebView2InstallFailed ${LANG_SWEDISH} "Microsoft Edge WebView2 gick inte att installera (fel $R2)."
LangString WebView2Failed ${LANG_ENGLISH} "Microsoft Edge WebView2 could not be installed. Fortnox Connect itself is installed, but it cannot open its window until WebView2 is on the computer.$\n$\nMicrosoft's WebView2 page now opens in your web browser: download the $\"Evergreen Bootstrapper$\" there and run it. If you are unsure, ask the person who looks after your computers."
LangString WebView2Failed ${LANG_SWEDISH} "Microsoft Edge WebView2 gick inte att installera. Själva Fortnox Connect är installerat, men kan inte öppna sitt fönster förrän WebView2 finns på datorn.$\n$\nMicrosofts sida om WebView2 öppnas nu i webbläsaren: ladda ned $\"Evergreen Bootstrapper$\" där och kör den. Är du osäker, fråga den som sköter era datorer."
