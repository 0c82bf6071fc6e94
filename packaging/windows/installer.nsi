; Windows installer of the Assistente de Faturas (NSIS 3, Modern UI 2), wrapping the onedir bundle
; that build.spec freezes ON WINDOWS (PyInstaller does not cross-compile).
;
;   makensis /DAPP_NAME="Assistente de Faturas" /DDIST_NAME=assistente-de-faturas ^
;            /DVERSION=0.1.0 /DFILE_VERSION=0.1.0.0 /DSOURCE_DIR=dist\assistente-de-faturas ^
;            /DICON=build\build\icons\app.ico /DOUT_FILE=dist\assistente-de-faturas-0.1.0-setup.exe ^
;            packaging\windows\installer.nsi
;
; (.github/workflows/release.yml passes these.) Installs per machine under Program Files, adds a
; Start menu shortcut (and, if chosen, a desktop one), registers an uninstaller in "Apps &
; features", and removes everything it installed on uninstall.

Unicode true
SetCompressor /SOLID lzma

!ifndef APP_NAME
  !error "pass /DAPP_NAME=..."
!endif
!ifndef DIST_NAME
  !error "pass /DDIST_NAME=..."
!endif
!ifndef VERSION
  !error "pass /DVERSION=..."
!endif
!ifndef FILE_VERSION
  ; Windows' file version is four numbers (VIProductVersion refuses "0.1.0" or "1.0.0rc1"):
  ; packaging/bundle.py windows_file_version() makes it from VERSION.
  !error "pass /DFILE_VERSION=X.Y.Z.W (four numbers)"
!endif
!ifndef SOURCE_DIR
  !error "pass /DSOURCE_DIR=<the frozen onedir folder>"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "${DIST_NAME}-${VERSION}-setup.exe"
!endif

!define EXE "${DIST_NAME}.exe"
; The console twin of the app (packaging/bundle.py CLI_SUFFIX), for check, paths and kiosk-pin.
!define CLI_EXE "${DIST_NAME}-cli.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${DIST_NAME}"
!define DEFAULT_DIR "$PROGRAMFILES64\${APP_NAME}"

!include "MUI2.nsh"
!include "x64.nsh"

Name "${APP_NAME}"
OutFile "${OUT_FILE}"
InstallDir "${DEFAULT_DIR}"
; No InstallDirRegKey: it reads the 32-bit registry view, and the install location is written
; in the 64-bit one (SetRegView 64), so a reinstall forgot a folder the customer had chosen.
; .onInit reads it instead.
RequestExecutionLevel admin
ShowInstDetails nevershow
ShowUninstDetails nevershow
BrandingText "${APP_NAME} ${VERSION}"

!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_ABORTWARNING
; "Abrir" on the last page starts the app through Explorer, as the signed-in user: started
; from here it would run elevated, as the admin, and write its log and cache as that account.
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_TEXT "&Abrir o ${APP_NAME}"
!define MUI_FINISHPAGE_RUN_FUNCTION RunAsUser

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "PortugueseBR"

VIProductVersion "${FILE_VERSION}"
VIAddVersionKey /LANG=${LANG_PORTUGUESEBR} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_PORTUGUESEBR} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_PORTUGUESEBR} "FileVersion" "${FILE_VERSION}"
VIAddVersionKey /LANG=${LANG_PORTUGUESEBR} "FileDescription" "Instalador do ${APP_NAME}"
VIAddVersionKey /LANG=${LANG_PORTUGUESEBR} "LegalCopyright" "${APP_NAME}"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "O ${APP_NAME} precisa do Windows de 64 bits."
    Abort
  ${EndIf}
  ; Per-machine install: shortcuts in the all-users Start menu and Public Desktop, not in the
  ; profile of whichever admin account UAC elevated to.
  SetShellVarContext all
  SetRegView 64
  ; A reinstall or an update goes where the last install went, unless /D= chose another folder
  ; than the default one.
  ReadRegStr $0 HKLM "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $0 != ""
  ${AndIf} $INSTDIR == "${DEFAULT_DIR}"
    StrCpy $INSTDIR $0
  ${EndIf}
FunctionEnd

Function RunAsUser
  Exec '"$WINDIR\explorer.exe" "$INSTDIR\${EXE}"'
FunctionEnd

Function un.onInit
  SetShellVarContext all
  SetRegView 64
FunctionEnd

Section "${APP_NAME}" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An older version's files first: PyInstaller bundles change file names between versions.
  RMDir /r "$INSTDIR\_internal"
  File /r "${SOURCE_DIR}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE},0"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Atalho na área de trabalho" SecDesktop
  CreateShortCut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
SectionEnd

Section "Uninstall"
  SetRegView 64
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
