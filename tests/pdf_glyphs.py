#!/usr/bin/env python3
"""Checks a PDF's drawn glyphs against the fonts they come from.

For every glyph `mutool trace` reports (font name, the character(s) its ToUnicode entry gives),
the source font of that name (found by PostScript name among the font files given) must have
every one of those characters in its character map. A glyph drawn for a character its font
lacks (the replacement mark standing in for a missing script, `.notdef`) fails the check:
that is exactly a box on paper, even though the text layer still holds the character.
Also checks with `pdffonts` that every font is embedded.

Usage: pdf_glyphs.py FILE.pdf FONT_FILE_OR_DIR...   Exit 0: all glyphs drawn from fonts that
have them; 1: violations (listed on stdout, by code point only); 2: usage or tool error.
Needs fontTools (Debian: python3-fonttools; PyPI: fonttools) and mutool (mupdf-tools).
"""
import html
import os
import re
import subprocess
import sys
import unicodedata

from fontTools.ttLib import TTCollection, TTFont


def load_fonts(paths):
    """PostScript name -> set of code points, for every face of every font file."""
    fonts = {}
    files = []
    for p in paths:
        if os.path.isdir(p):
            files += [os.path.join(p, f) for f in sorted(os.listdir(p))]
        elif os.path.exists(p):
            files.append(p)
    for f in files:
        low = f.lower()
        try:
            if low.endswith(".ttc"):
                faces = TTCollection(f, lazy=True).fonts
            elif low.endswith((".ttf", ".otf")):
                faces = [TTFont(f, lazy=True)]
            else:
                continue
        except Exception as e:  # noqa: BLE001 - a broken file is reported, not fatal
            print(f"warning: {f}: {e}", file=sys.stderr)
            continue
        for face in faces:
            name = face["name"].getDebugName(6)
            cmap = face.getBestCmap() or {}
            if name:
                fonts[name] = set(cmap)
    return fonts


def ignorable(c):
    """Characters that need no glyph of their own: spaces, controls, joiners, marks of direction."""
    cp = ord(c)
    return (
        c.isspace()
        or unicodedata.category(c) in ("Cc", "Cf", "Zs", "Zl", "Zp")
        or 0xFE00 <= cp <= 0xFE0F
        or 0xE0100 <= cp <= 0xE01EF
    )


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    pdf, sources = sys.argv[1], sys.argv[2:]
    fonts = load_fonts(sources)
    try:
        pdffonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
        trace = subprocess.run(["mutool", "trace", pdf], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"tool failed: {e}", file=sys.stderr)
        return 2
    problems = []
    for line in pdffonts.splitlines()[2:]:
        cols = line.split()
        # name type... emb sub uni object ID: emb is the 5th column from the end.
        if len(cols) >= 7 and cols[-5] != "yes":
            problems.append(f"font not embedded: {cols[0]}")
    drawn = 0
    font = None
    for line in trace.splitlines():
        m = re.search(r'<span font="([^"]*)"', line)
        if m:
            font = m.group(1).split("+", 1)[-1]
            continue
        m = re.search(r'<g unicode="([^"]*)"', line)
        if not m or font is None:
            continue
        text = html.unescape(m.group(1))
        drawn += 1
        cmap = fonts.get(font)
        if cmap is None:
            # PDF font names may be cut short (krilla keeps BaseFont within PDF/A's limits).
            matches = [name for name in fonts if name.startswith(font)]
            cmap = fonts[matches[0]] if len(matches) == 1 else None
        if cmap is None:
            problems.append(f"glyph from unknown font {font}")
            continue
        # U+FFFD is what mutool reports for a glyph with no ToUnicode entry of its own: the
        # second glyph of a cluster (a Thai tone mark, a Devanagari vowel sign), whose text the
        # PDF gives once, for the cluster. A replacement mark drawn for a missing character is
        # mapped to that character (the writer keeps the original text), so it is still caught.
        for c in text:
            if c == "\ufffd":
                continue
            if not ignorable(c) and ord(c) not in cmap:
                problems.append(f"U+{ord(c):04X} drawn from {font}, which lacks it")
    if drawn == 0:
        problems.append("no glyphs found: mutool trace gave nothing to check")
    for p in sorted(set(problems)):
        print(p)
    print(f"{drawn} glyphs checked, {len(set(problems))} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
