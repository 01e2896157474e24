; Fortnox Connect: the per-user Windows installer (NSIS 3, 64-bit Unicode).
;
; Built on Linux with Debian's makensis by build_windows_installer in
; scripts/lib/windows-installer.sh; by hand:
;
;   makensis -V2 -INPUTCHARSET UTF8 -DSOURCE_DIR=/abs/stage -DVERSION=0.1.0 \
;     -DOUTFILE=/abs/fortnox-connect-setup.exe packaging/windows/installer.nsi
;
; Defines (-DNAME=VALUE; give absolute paths, makensis runs in this folder):
;   SOURCE_DIR    folder holding fortnox-connect-app.exe, fortnox-connect.exe,
;                 WebView2Loader.dll and profile.toml (required). Only these
;                 four files are packed, by name: nothing else in the folder
;                 (say a Wine test stub DLL) can end up in the installer.
;   VERSION       product version, 1.2.3 or 1.2.3-beta.1 (required)
;   OUTFILE       the setup .exe to write (required)
;   SIGN_COMMAND  optional: a command that signs a file in place; the
;                 uninstaller's path is appended in double quotes. The outer
;                 installer is signed after makensis by the build script.
;   ICON          optional: the installer's icon (default: icons/icon.ico)
;
; Not Tauri's NSIS bundler: that one downloads a plugin from GitHub. This
; script needs only the plugins Debian's nsis ships (nsExec).
;
; Command line of the setup .exe, besides NSIS's own /S and /D=FOLDER:
;   /LANG=sv or /LANG=en   force the language (default: the Windows UI language)
;   /P /UPDATE [/R /ARGS …] as the app's updater runs a newer installer
;                          (docs/updates.md): no questions; with /R the app
;                          starts again afterwards with the arguments after /ARGS

Unicode true
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID /FINAL lzma
RequestExecutionLevel user

!ifndef SOURCE_DIR
  !error "define SOURCE_DIR: makensis -DSOURCE_DIR=... (the folder with the files to install)"
!endif
!ifndef VERSION
  !error "define VERSION: makensis -DVERSION=1.2.3"
!endif
!ifndef OUTFILE
  !error "define OUTFILE: makensis -DOUTFILE=.../fortnox-connect-setup.exe"
!endif
!ifndef ICON
  !define ICON "${__FILEDIR__}/../../icons/icon.ico"
!endif

; 1.2.3-beta.1 -> 1.2.3.0 for the file's version resource (numbers only).
!searchparse /noerrors "${VERSION}-" "" VERSION_MAJOR "." VERSION_MINOR "." VERSION_PATCH "-"
!ifndef VERSION_PATCH
  !error "VERSION must look like 1.2.3 or 1.2.3-beta.1, not ${VERSION}"
!endif

!define PRODUCT "Fortnox Connect"
!define PUBLISHER "Fortnox Connect"
!define APP_EXE "fortnox-connect-app.exe"
!define CLI_EXE "fortnox-connect.exe"
!define UNINST_EXE "uninstall.exe"
!define SHORTCUT "$SMPROGRAMS\${PRODUCT}.lnk"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\FortnoxConnect"
; The name the CLI's `schedule install` registers (schtasks /TN); used here
; only as a fallback when `schedule remove` fails at uninstall.
!define TASK_NAME "Fortnox Connect keep-alive"
; The Evergreen WebView2 Runtime's client id, and where to get it.
!define WV2_GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
!define WV2_BOOTSTRAPPER_URL "https://go.microsoft.com/fwlink/p/?LinkId=2124703"
!define WV2_PAGE_URL "https://developer.microsoft.com/microsoft-edge/webview2/"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
; Per user, no administrator rights. An update goes where the last install
; went (InstallLocation); /D=FOLDER on the command line wins over both.
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"
ShowInstDetails hide
ShowUninstDetails hide

VIProductVersion "${VERSION_MAJOR}.${VERSION_MINOR}.${VERSION_PATCH}.0"
VIFileVersion "${VERSION_MAJOR}.${VERSION_MINOR}.${VERSION_PATCH}.0"
VIAddVersionKey /LANG=1033 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "FileDescription" "${PRODUCT} Setup"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "${PUBLISHER}"

!ifdef SIGN_COMMAND
  ; Signs the uninstaller before it is packed into the installer.
  !uninstfinalize '${SIGN_COMMAND} "%1"' = 0
!endif

;--------------------------------------------------------------------------
; Pages. No folder page (per-user, one sensible place; /D= for the rare
; admin who wants another) and no language picker: the language follows
; Windows (see .onInit).

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING

!define MUI_WELCOMEPAGE_TEXT "$(WelcomeText)"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(UninstallKeepsData)"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; English first: it is the fallback for every UI language but Swedish.
; NSIS picks the table matching GetUserDefaultUILanguage (sv-SE and sv-FI
; both match Swedish by primary language).
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Swedish"

; Our own texts, in both languages (UTF-8 file).
!include /CHARSET=UTF8 "${__FILEDIR__}/texts.nsh"

; Set by the app's updater: /UPDATE, and /R /ARGS … to start the app
; again, with these arguments (also when the update fails).
Var Updating
Var Relaunch
Var RelaunchArgs

;--------------------------------------------------------------------------
; Shared by installer and uninstaller.

; /LANG=sv or /LANG=en overrides the Windows UI language.
!macro LANGUAGE_FROM_COMMAND_LINE
  ClearErrors
  ${GetOptions} $CMDLINE "/LANG=" $0
  ${IfNot} ${Errors}
    ${If} $0 == "sv"
    ${OrIf} $0 == "sv-SE"
    ${OrIf} $0 == "1053"
      StrCpy $LANGUAGE ${LANG_SWEDISH}
    ${ElseIf} $0 == "en"
    ${OrIf} $0 == "en-US"
    ${OrIf} $0 == "1033"
      StrCpy $LANGUAGE ${LANG_ENGLISH}
    ${EndIf}
  ${EndIf}
!macroend

; A running exe cannot be replaced or deleted. Windows refuses to open it for
; writing while it runs, which tells us without any plugin. Sets $R0 to 1 if
; the app or the CLI (say the keep-alive task, mid-run) is running.
!macro DEFINE_IS_RUNNING UN
Function ${UN}IsRunning
  StrCpy $R0 0
  ${If} ${FileExists} "$INSTDIR\${APP_EXE}"
    ClearErrors
    FileOpen $R1 "$INSTDIR\${APP_EXE}" a
    ${If} ${Errors}
      StrCpy $R0 1
    ${Else}
      FileClose $R1
    ${EndIf}
  ${EndIf}
  ${If} ${FileExists} "$INSTDIR\${CLI_EXE}"
    ClearErrors
    FileOpen $R1 "$INSTDIR\${CLI_EXE}" a
    ${If} ${Errors}
      StrCpy $R0 1
    ${Else}
      FileClose $R1
    ${EndIf}
  ${EndIf}
FunctionEnd
!macroend
!insertmacro DEFINE_IS_RUNNING ""
!insertmacro DEFINE_IS_RUNNING "un."

; If Fortnox Connect is running, ask to close it (silent: just close it).
; Closes politely first (taskkill sends WM_CLOSE), then forcibly. Aborts
; (nothing changed yet) if the user cancels or it cannot be closed.
!macro DEFINE_CLOSE_RUNNING UN
Function ${UN}CloseRunning
  Call ${UN}IsRunning
  ${If} $R0 == 0
    Return
  ${EndIf}
  MessageBox MB_OKCANCEL|MB_ICONEXCLAMATION "$(AppRunning)" /SD IDOK IDOK close
  DetailPrint "$(AppRunningCancelled)"
  Abort "$(AppRunningCancelled)"
close:
  DetailPrint "$(AppClosing)"
  StrCpy $R2 0
  ${Do}
    ${If} $R2 == 0
      nsExec::Exec '"$SYSDIR\taskkill.exe" /IM "${APP_EXE}"'
      Pop $R3
    ${ElseIf} $R2 == 10
      nsExec::Exec '"$SYSDIR\taskkill.exe" /F /IM "${APP_EXE}"'
      Pop $R3
      ; An update waits for the CLI instead (say the keep-alive in the
      ; middle of a token renewal): it ends by itself.
      ${If} $Updating != 1
        nsExec::Exec '"$SYSDIR\taskkill.exe" /F /IM "${CLI_EXE}"'
        Pop $R3
      ${EndIf}
    ${EndIf}
    Sleep 500
    IntOp $R2 $R2 + 1
    Call ${UN}IsRunning
    ${If} $R0 == 0
    ${OrIf} $R2 >= 120
      ${ExitDo}
    ${ElseIf} $R2 >= 20
    ${AndIf} $Updating != 1
      ${ExitDo}
    ${EndIf}
  ${Loop}
  ${If} $R0 == 1
    MessageBox MB_OK|MB_ICONSTOP "$(AppStillRunning)" /SD IDOK
    DetailPrint "$(AppStillRunning)"
    Abort "$(AppStillRunning)"
  ${EndIf}
FunctionEnd
!macroend
!insertmacro DEFINE_CLOSE_RUNNING ""
!insertmacro DEFINE_CLOSE_RUNNING "un."

;--------------------------------------------------------------------------
; Installer


Function .onInit
  SetShellVarContext current
  !insertmacro LANGUAGE_FROM_COMMAND_LINE
  ClearErrors
  ${GetOptions} $CMDLINE "/UPDATE" $0
  ${IfNot} ${Errors}
    StrCpy $Updating 1
    SetSilent silent
  ${EndIf}
  ClearErrors
  ${GetOptions} $CMDLINE "/R" $0
  ${IfNot} ${Errors}
    StrCpy $Relaunch 1
    ${GetOptions} $CMDLINE "/ARGS" $RelaunchArgs
  ${EndIf}
FunctionEnd

; The update failed (say the app could not be closed): the app the updater
; closed starts again, as it was, so the person is never left without it.
Function .onInstFailed
  ${If} $Relaunch == 1
  ${AndIf} ${FileExists} "$INSTDIR\${APP_EXE}"
    Exec '"$INSTDIR\${APP_EXE}" $RelaunchArgs'
  ${EndIf}
FunctionEnd

; Sets $R0 to the installed Evergreen WebView2 Runtime's version, or "".
; Per machine it registers under WOW6432Node (this is a 64-bit process, so
; the path is read as written), per user under HKCU. "" or 0.0.0.0 = absent.
Function WebView2Version
  ReadRegStr $R0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WV2_GUID}" "pv"
  ${If} $R0 == "0.0.0.0"
    StrCpy $R0 ""
  ${EndIf}
  ${If} $R0 == ""
    ReadRegStr $R0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WV2_GUID}" "pv"
    ${If} $R0 == "0.0.0.0"
      StrCpy $R0 ""
    ${EndIf}
  ${EndIf}
  ${If} $R0 == ""
    ReadRegStr $R0 HKCU "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WV2_GUID}" "pv"
    ${If} $R0 == "0.0.0.0"
      StrCpy $R0 ""
    ${EndIf}
  ${EndIf}
FunctionEnd

; The app shows its window with WebView2 (part of Windows 11 and current
; Windows 10). If it is missing, offer to fetch Microsoft's small
; bootstrapper, which downloads and installs the runtime. Never fails the
; install: without WebView2 the app is installed but cannot open.
Function EnsureWebView2
  Call WebView2Version
  ${If} $R0 != ""
    DetailPrint "$(WebView2Found)"
    Return
  ${EndIf}
  DetailPrint "$(WebView2Missing)"
  MessageBox MB_YESNO|MB_ICONQUESTION "$(WebView2Ask)" /SD IDNO IDYES download
  DetailPrint "$(WebView2Skipped)"
  DetailPrint "$(WebView2SkippedWhy)"
  Return

download:
  InitPluginsDir
  StrCpy $R1 "$PLUGINSDIR\MicrosoftEdgeWebview2Setup.exe"
  ; curl.exe ships with Windows 10 1803 and later.
  ${IfNot} ${FileExists} "$SYSDIR\curl.exe"
    DetailPrint "$(WebView2NoCurl)"
    Goto failed
  ${EndIf}
  DetailPrint "$(WebView2Downloading)"
  nsExec::ExecToLog '"$SYSDIR\curl.exe" --fail --location --silent --show-error --retry 2 --connect-timeout 30 --output "$R1" "${WV2_BOOTSTRAPPER_URL}"'
  Pop $R2
  ${If} $R2 != 0
  ${OrIfNot} ${FileExists} "$R1"
    DetailPrint "$(WebView2DownloadFailed)"
    Goto failed
  ${EndIf}
  DetailPrint "$(WebView2Installing)"
  StrCpy $R2 ""
  ClearErrors
  ExecWait '"$R1" /silent /install' $R2
  ${If} ${Errors}
    ; Could not be started as is (say it asks for elevation): let the
    ; shell start it, which can show Windows' permission prompt.
    ExecShellWait "" "$R1" "/silent /install"
  ${EndIf}
  Call WebView2Version
  ${If} $R0 != ""
    DetailPrint "$(WebView2Found)"
    Return
  ${EndIf}
  DetailPrint "$(WebView2InstallFailed)"

failed:
  SetDetailsView show
  SetAutoClose false
  MessageBox MB_OK|MB_ICONEXCLAMATION "$(WebView2Failed)" /SD IDOK
  ${IfNot} ${Silent}
    ExecShell "open" "${WV2_PAGE_URL}"
  ${EndIf}
FunctionEnd

Section "-Install"
  SetShellVarContext current
  ; An update: close a running copy first, or its files cannot be replaced.
  Call CloseRunning

  SetOutPath "$INSTDIR"
  SetOverwrite on
  File "${SOURCE_DIR}/${APP_EXE}"
  File "${SOURCE_DIR}/${CLI_EXE}"
  File "${SOURCE_DIR}/WebView2Loader.dll"
  ; The vendor's integration profile: the app and the CLI read it from
  ; beside their exe.
  File "${SOURCE_DIR}/profile.toml"
  WriteUninstaller "$INSTDIR\${UNINST_EXE}"

  CreateShortcut "${SHORTCUT}" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  ; Apps & features (Add or remove programs), for this user.
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\${UNINST_EXE}"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINST_EXE}" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K /G=0" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0

  ; The daily keep-alive: the CLI registers (or, on an update, replaces) a
  ; per-user Task Scheduler job. Not fatal: the app works without it, only
  ; unused connections may expire after 45 days.
  DetailPrint "$(ScheduleInstalling)"
  nsExec::ExecToLog '"$INSTDIR\${CLI_EXE}" schedule install'
  Pop $0
  ${If} $0 == 0
    DetailPrint "$(ScheduleInstalled)"
  ${Else}
    DetailPrint "$(ScheduleInstallFailed)"
    DetailPrint "$(ScheduleInstallFailedWhy)"
    DetailPrint "$(ScheduleInstallFailedRetry)"
    ; Stay on the log instead of moving on to the last page.
    SetDetailsView show
    SetAutoClose false
  ${EndIf}

  Call EnsureWebView2

  ${If} $Relaunch == 1
    Exec '"$INSTDIR\${APP_EXE}" $RelaunchArgs'
  ${EndIf}
SectionEnd

;--------------------------------------------------------------------------
; Uninstaller
;
; Deliberately NOT removed: the user's data in %LOCALAPPDATA%\fortnox-connect
; and the tokens in Windows Credential Manager. An uninstall (or an
; uninstall before a clean reinstall) keeps the user's Fortnox connections,
; which would otherwise have to be authorized again in every company.

Function un.onInit
  SetShellVarContext current
  !insertmacro LANGUAGE_FROM_COMMAND_LINE
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  Call un.CloseRunning

  ; The keep-alive task first, while the CLI that made it is still here. If
  ; that fails (or the CLI is gone), delete the task by name, so no task is
  ; left pointing at a deleted program.
  DetailPrint "$(ScheduleRemoving)"
  StrCpy $0 "error"
  ${If} ${FileExists} "$INSTDIR\${CLI_EXE}"
    nsExec::ExecToLog '"$INSTDIR\${CLI_EXE}" schedule remove'
    Pop $0
  ${EndIf}
  ${If} $0 != 0
    nsExec::ExecToLog '"$SYSDIR\schtasks.exe" /Delete /TN "${TASK_NAME}" /F'
    Pop $0
  ${EndIf}

  ; Only the files this installer put there: /D= may have pointed at a
  ; folder that holds other things too, so no recursive delete.
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\profile.toml"
  Delete "$INSTDIR\${UNINST_EXE}"
  RMDir "$INSTDIR"

  Delete "${SHORTCUT}"
  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd
