/* TEST ONLY: stands in for fortnox-connect.exe when the Windows installer is
 * tested under Wine (tests/wine/installer-test.sh). Never shipped.
 *
 *   dummy-cli schedule install   registers the per-user task "Fortnox Connect
 *                                keep-alive" (schtasks /Create /XML, a UTF-16
 *                                task file, as the real CLI does)
 *   dummy-cli schedule remove    deletes it (schtasks /Delete)
 *
 * Each run appends its result to %TEMP%\fortnox-connect-dummy.log.
 * FC_DUMMY_SCHEDULE_FAIL=1 in the environment makes both fail with exit 3, to
 * test that the installer goes on. Build:
 *   x86_64-w64-mingw32-gcc -municode -O2 -o fortnox-connect.exe dummy-cli.c
 */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

#define TASK_NAME L"Fortnox Connect keep-alive"

static DWORD run(const wchar_t *cmdline) {
  wchar_t buf[4096];
  STARTUPINFOW si = {sizeof si};
  PROCESS_INFORMATION pi;
  DWORD code = 1;
  wcsncpy(buf, cmdline, 4095);
  buf[4095] = 0;
  if (!CreateProcessW(NULL, buf, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
    fwprintf(stderr, L"cannot start schtasks: error %lu\n", GetLastError());
    return 2;
  }
  WaitForSingleObject(pi.hProcess, INFINITE);
  GetExitCodeProcess(pi.hProcess, &code);
  CloseHandle(pi.hThread);
  CloseHandle(pi.hProcess);
  return code;
}

static int write_task_xml(const wchar_t *path, const wchar_t *exe) {
  wchar_t xml[8192];
  HANDLE f;
  DWORD n;
  WORD bom = 0xFEFF;
  _snwprintf(xml, 8191,
             L"<?xml version=\"1.0\" encoding=\"UTF-16\"?>\r\n"
             L"<Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\">\r\n"
             L"  <RegistrationInfo><Description>Fortnox Connect keep-alive (test dummy)</Description></RegistrationInfo>\r\n"
             L"  <Triggers><CalendarTrigger><StartBoundary>2026-01-01T12:00:00</StartBoundary>"
             L"<ScheduleByDay><DaysInterval>1</DaysInterval></ScheduleByDay></CalendarTrigger></Triggers>\r\n"
             L"  <Principals><Principal id=\"Author\"><LogonType>InteractiveToken</LogonType>"
             L"<RunLevel>LeastPrivilege</RunLevel></Principal></Principals>\r\n"
             L"  <Settings><StartWhenAvailable>true</StartWhenAvailable></Settings>\r\n"
             L"  <Actions Context=\"Author\"><Exec><Command>%ls</Command><Arguments>keepalive</Arguments></Exec></Actions>\r\n"
             L"</Task>\r\n",
             exe);
  xml[8191] = 0;
  f = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
  if (f == INVALID_HANDLE_VALUE) return 0;
  WriteFile(f, &bom, sizeof bom, &n, NULL);
  WriteFile(f, xml, (DWORD)(wcslen(xml) * sizeof(wchar_t)), &n, NULL);
  CloseHandle(f);
  return 1;
}

/* Appends "schedule ACTION: schtasks exit N" to %TEMP%\fortnox-connect-dummy.log,
 * for a test to read when a check fails. */
static void log_line(const wchar_t *action, DWORD code) {
  wchar_t path[MAX_PATH];
  FILE *f;
  DWORD n = GetTempPathW(MAX_PATH - 40, path);
  if (!n) return;
  wcscat(path, L"fortnox-connect-dummy.log");
  f = _wfopen(path, L"a");
  if (!f) return;
  fwprintf(f, L"schedule %ls: schtasks exit %lu\n", action, code);
  fclose(f);
}

int wmain(int argc, wchar_t **argv) {
  wchar_t sys[MAX_PATH], exe[MAX_PATH], tmp[MAX_PATH], xml[MAX_PATH], cmd[4096];
  DWORD code;
  if (argc != 3 || wcscmp(argv[1], L"schedule") != 0) {
    fwprintf(stderr, L"usage: fortnox-connect schedule install|remove (test dummy)\n");
    return 64;
  }
  if (GetEnvironmentVariableW(L"FC_DUMMY_SCHEDULE_FAIL", tmp, MAX_PATH)) {
    wprintf(L"dummy: schedule %ls fails on purpose (FC_DUMMY_SCHEDULE_FAIL)\n", argv[2]);
    return 3;
  }
  GetSystemDirectoryW(sys, MAX_PATH);
  if (wcscmp(argv[2], L"install") == 0) {
    GetModuleFileNameW(NULL, exe, MAX_PATH);
    GetTempPathW(MAX_PATH, tmp);
    _snwprintf(xml, MAX_PATH - 1, L"%lsfortnox-connect-task.xml", tmp);
    xml[MAX_PATH - 1] = 0;
    if (!write_task_xml(xml, exe)) {
      fwprintf(stderr, L"cannot write %ls\n", xml);
      return 2;
    }
    _snwprintf(cmd, 4095, L"\"%ls\\schtasks.exe\" /Create /XML \"%ls\" /TN \"" TASK_NAME L"\" /F", sys, xml);
    code = run(cmd);
    DeleteFileW(xml);
  } else if (wcscmp(argv[2], L"remove") == 0) {
    _snwprintf(cmd, 4095, L"\"%ls\\schtasks.exe\" /Delete /TN \"" TASK_NAME L"\" /F", sys);
    code = run(cmd);
  } else {
    fwprintf(stderr, L"unknown: schedule %ls\n", argv[2]);
    return 64;
  }
  wprintf(L"dummy: schedule %ls: schtasks exit %lu\n", argv[2], code);
  log_line(argv[2], code);
  return (int)code;
}
