; The minimal Tauri app's Windows installer, built the way
; packaging/windows/installer.nsi builds ours (NSIS 3, 64-bit, solid LZMA,
; the same MUI2 pages and languages), so the two sizes compare
; (scripts/bench.sh windows). Defines: SOURCE_DIR, OUTFILE.
Unicode true
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID /FINAL lzma
RequestExecutionLevel user

!include "MUI2.nsh"

Name "Tauri Hello"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Tauri Hello"
!define MUI_ICON "${__FILEDIR__}/../../icons/icon.ico"
!define MUI_UNICON "${__FILEDIR__}/../../icons/icon.ico"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Swedish"

Section
  SetOutPath "$INSTDIR"
  File "${SOURCE_DIR}/tauri-hello.exe"
  File "${SOURCE_DIR}/WebView2Loader.dll"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\Tauri Hello.lnk" "$INSTDIR\tauri-hello.exe"
SectionEnd

Section "Uninstall"
  Delete "$INSTDIR\tauri-hello.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\Tauri Hello.lnk"
SectionEnd
