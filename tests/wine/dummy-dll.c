/* TEST ONLY: an empty DLL that stands in for WebView2Loader.dll when the
 * Windows installer is tested under Wine. Never shipped. Build:
 *   x86_64-w64-mingw32-gcc -shared -O2 -o WebView2Loader.dll dummy-dll.c
 */
#include <windows.h>

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved) {
  (void)inst;
  (void)reason;
  (void)reserved;
  return TRUE;
}
