; qjmap per-user Windows installer (Inno Setup 6.3 or later).
;
; Build on Windows, from the repository root, after the PyInstaller build:
;   .venv\Scripts\pyinstaller --noconfirm --clean build_installer.spec
;   iscc installer\qjmap.iss
; Output: dist\installer\qjmap-<version>-setup.exe
;
; Installs for the current user only, without administrator rights, into
; %LOCALAPPDATA%\Programs\qjmap ({autopf} is {userpf} in a non-administrative install),
; with a Start-menu entry, an optional desktop shortcut (ticked by default) and an
; uninstaller (Settings > Apps, or the Start-menu folder).

#define AppName "qjmap"
#define AppExe "qjmap.exe"
#define BuildDir "..\dist\qjmap"
; The version comes from qjmap.exe's version resource (build_installer.spec fills it in
; from qjmap/__init__.py), so it is written in exactly one place.
#define AppExePath AddBackslash(SourcePath) + BuildDir + "\" + AppExe
#if !FileExists(AppExePath)
  #error dist\qjmap\qjmap.exe is missing: run pyinstaller build_installer.spec first
#endif
#define AppVersion GetFileProductVersionString(AppExePath)

[Setup]
; Keep this AppId for every release: it is how upgrades and the uninstaller find the install.
AppId={{6D3F5C9E-2A41-4C7B-9E55-0B1F7A9C4E21}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=qjmap
AppComments=Offline map explorer for the Quzhou four-province border multimodal hub
VersionInfoVersion={#GetVersionNumbersString(AppExePath)}
; Per-user, no UAC prompt. {autopf} resolves to {userpf} = %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
; Qt 6 needs 64-bit Windows 10 1809 (build 17763) or later.
MinVersion=10.0.17763
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist\installer
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\resources\icons\qjmap.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; Close a running qjmap before files are replaced or removed.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Simplified Chinese wizard text: add ChineseSimplified.isl (Inno Setup's translations page)
; to the compiler's Languages folder and uncomment:
; Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; The whole one-folder build: qjmap.exe, qjmap-console.exe and _internal\ (Python, Qt,
; QtWebEngineProcess.exe, layers, geodata, resources).
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundle completely (no stale libraries from an older Qt).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "Quzhou four-province hub map explorer"
; For PCs whose graphics driver shows a black map: the same program without the GPU.
Name: "{autoprograms}\{#AppName} (software rendering)"; Filename: "{app}\{#AppExe}"; Parameters: "--software-gl"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; The built map page cached by the app (QStandardPaths CacheLocation for qjmap/qjmap).
Type: filesandordirs; Name: "{localappdata}\qjmap\qjmap\cache"
Type: dirifempty; Name: "{localappdata}\qjmap\qjmap"
Type: dirifempty; Name: "{localappdata}\qjmap"
