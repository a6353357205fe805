/*
 * Wine 8 (Debian 12) has no bcryptprimitives.dll, and Rust's standard library (1.78 and later)
 * imports ProcessPrng from it on Windows, so no Rust test program starts under that Wine.
 * scripts/test-windows-print.sh builds this stand-in with MinGW-w64 into the private test
 * prefix only: ProcessPrng filled by RtlGenRandom (advapi32's SystemFunction036), the
 * documented call it replaces. Never shipped, never on a real Windows machine.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
