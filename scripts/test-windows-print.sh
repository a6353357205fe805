#!/usr/bin/env bash
# Issue 17 item 6 on Windows semantics: builds inkom-print's tests for x86_64-pc-windows-gnu
# (MinGW-w64's linker) and runs them under Wine, in a private prefix under a temporary
# directory that is removed afterwards. The tests register a private file type whose print
# verb records what ShellExecuteExW handed it (crates/print/tests/windows.rs). The target,
# runner and prefix are set for this command only: the Linux build is untouched.
# Also lints that code for Windows. Needs wine, gcc-mingw-w64-x86-64 and the rustup target
# (scripts/setup-debian.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in wine wineboot wineserver x86_64-w64-mingw32-gcc; do
  command -v "$tool" >/dev/null || {
    echo "test-windows-print: $tool is missing; run scripts/setup-debian.sh" >&2
    exit 1
  }
done
rustup target list --installed | grep -qx x86_64-pc-windows-gnu || {
  echo "test-windows-print: rustup target x86_64-pc-windows-gnu is missing; run scripts/setup-debian.sh" >&2
  exit 1
}

scratch=$(mktemp -d)
export WINEPREFIX="$scratch/wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
cleanup() {
  wineserver -k 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

# A fresh prefix: no Mono or Gecko (not needed, and nothing is downloaded), no display.
start=$(date +%s)
DISPLAY= wineboot -i >/dev/null 2>&1
wineserver -w
echo "test-windows-print: Wine prefix ready in $(($(date +%s) - start)) s"
# Wine 8 lacks bcryptprimitives.dll, which every Rust program imports: a stand-in, in this
# prefix only (scripts/wine/bcryptprimitives.c).
system32="$WINEPREFIX/drive_c/windows/system32"
if [ ! -e "$system32/bcryptprimitives.dll" ]; then
  x86_64-w64-mingw32-gcc -O2 -shared -o "$system32/bcryptprimitives.dll" \
    scripts/wine/bcryptprimitives.c -ladvapi32
fi

export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine
# The Windows-only code (src/windows.rs, tests/windows.rs) is linted only here.
cargo clippy -p inkom-print --all-targets --target x86_64-pc-windows-gnu --locked -- -D warnings
log="$scratch/test.log"
DISPLAY= cargo test -p inkom-print --target x86_64-pc-windows-gnu --locked "$@" 2>&1 | tee "$log"
# The Wine tests must have run, not been compiled away.
for name in security_printing_on_windows_passes_the_path_to_shellexecute_intact \
  security_printing_on_windows_never_parses_the_path_as_script; do
  grep -q "test .*$name \.\.\. ok" "$log" || {
    echo "test-windows-print: $name did not run and pass" >&2
    exit 1
  }
done
