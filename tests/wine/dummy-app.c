/* TEST ONLY: stands in for fortnox-connect-app.exe when the Windows installer
 * is tested under Wine. Never shipped. It opens a small window and runs until
 * the window is closed (WM_CLOSE, as taskkill without /F sends), so a test can
 * check that the installer closes a running app before replacing it. Build:
 *   x86_64-w64-mingw32-gcc -mwindows -O2 -o fortnox-connect-app.exe dummy-app.c
 */
#include <windows.h>

static LRESULT CALLBACK wndproc(HWND w, UINT m, WPARAM wp, LPARAM lp) {
  if (m == WM_DESTROY) {
    PostQuitMessage(0);
    return 0;
  }
  return DefWindowProcW(w, m, wp, lp);
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPSTR cmd, int show) {
  WNDCLASSW wc = {0};
  MSG msg;
  (void)prev;
  (void)cmd;
  wc.lpfnWndProc = wndproc;
  wc.hInstance = inst;
  wc.lpszClassName = L"FortnoxConnectDummy";
  RegisterClassW(&wc);
  CreateWindowW(wc.lpszClassName, L"Fortnox Connect (test dummy)", WS_OVERLAPPEDWINDOW | WS_VISIBLE,
                CW_USEDEFAULT, CW_USEDEFAULT, 320, 200, NULL, NULL, inst, NULL);
  while (GetMessageW(&msg, NULL, 0, 0) > 0) {
    TranslateMessage(&msg);
    DispatchMessageW(&msg);
  }
  return 0;
}
