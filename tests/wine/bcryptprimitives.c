/* Test-only stand-in for Windows' bcryptprimitives.dll under Wine 8.
 *
 * Rust's standard library (1.78 and later) gets random bytes from
 * ProcessPrng, which every Windows 10 and 11 has and Wine 8 lacks; without
 * it every Rust program exits at start under Wine. This forwards to
 * RtlGenRandom (advapi32's SystemFunction036), which Wine has.
 *
 * scripts/lib/windows.sh builds it into a test Wine prefix only. It must
 * never ship: scripts/package-windows.sh checks that the installer does
 * not carry it. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x7fffffff ? 0x7fffffff : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
