#!/usr/bin/env bash
# Installs what inkom's build and tests need on Debian: a C compiler for SQLite, poppler-utils
# (pdftotext, pdftoppm) and qpdf for checking PDFs, Tesseract with its Swedish model for the
# optional OCR of screenshots (import --ocr); D-Bus, GNOME Keyring and secret-tool so the tests
# can check the database key in a real Linux Secret Service. Rust itself must already be installed
# (rustup's stable toolchain, 1.95 or newer): Debian's own rustc is too old.
# The desktop app (src-tauri/, ui/) adds WebKitGTK and its WebDriver, Xvfb for the end-to-end
# test without a screen, ImageMagick for its screenshots, Chromium for the UI's browser tests,
# Node.js/npm for the UI build (only when no node is installed), and tauri-driver; xdotool and
# python3-gi (GTK 3) for the end-to-end test that drops a file on the window through X11.
# Printing (crates/print): CUPS' scheduler, client and pass-through filter for the tests
# against a private cupsd; Wine, MinGW-w64 and Rust's x86_64-pc-windows-gnu target for the
# Windows print verb under Wine (scripts/test-windows-print.sh). Those come without their
# recommends, which would add avahi-daemon, cups-browsed and 32-bit Wine.
set -euo pipefail

packages=(build-essential pkg-config poppler-utils qpdf tesseract-ocr tesseract-ocr-swe fonts-noto-cjk mupdf-tools python3-fonttools
  perl dbus gnome-keyring libsecret-tools
  libwebkit2gtk-4.1-dev libssl-dev webkit2gtk-driver xvfb xauth imagemagick chromium
  xdotool python3-gi gir1.2-gtk-3.0
  openssl # tests/import_smime.rs signs and encrypts real S/MIME messages with the openssl CLI
  postgresql faketime) # the unit register's tests start a throw-away PostgreSQL cluster (tests/unit_support; faketime moves its clock to New Year's Eve)
command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
print_packages=(cups-daemon cups-client cups-core-drivers wine wine64 gcc-mingw-w64-x86-64)
missing_print=()
for p in "${print_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing_print+=("$p")
done
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
if ((${#missing[@]} + ${#missing_print[@]})); then
  $sudo apt-get update -qq
fi
if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ((${#missing_print[@]})); then
  echo "Installing: ${missing_print[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing_print[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  echo "cargo not found: install Rust 1.95+ with rustup (https://rustup.rs) and run again." >&2
  exit 1
fi

# The Windows target for the print verb's test under Wine (idempotent).
if command -v rustup >/dev/null; then
  rustup target list --installed | grep -qx x86_64-pc-windows-gnu \
    || rustup target add x86_64-pc-windows-gnu
fi

# The text-layer and glyph checks of the multilingual PDFs (tests/pdf_scripts.rs,
# tests/pdf_glyphs.py) use PyMuPDF (Debian 12's mutool ignores /ActualText) and fontTools, in the
# python3 that is first on PATH.
if ! python3 -c "import pymupdf, fontTools" 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check "pymupdf==2.0" "fonttools==4.68.0" \
    || python3 -m pip install --quiet --break-system-packages "pymupdf==2.0" "fonttools==4.68.0"
fi

# tauri-driver: the WebDriver bridge for the end-to-end test through the real webview.
if ! command -v tauri-driver >/dev/null; then
  cargo install tauri-driver --locked
fi
