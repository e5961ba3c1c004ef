#!/usr/bin/env bash
# shellcheck disable=SC2016  # the bash -c scripts expand their own arguments
# cmake --install, scripts/install and scripts/uninstall into temporary folders: the binary, the
# .desktop entry and every icon size land in the XDG paths; uninstall removes exactly those files and
# leaves everything that was there before.
#   tst_install.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source_dir="$1"
build_dir="$2"
tmp="$(mktemp -d)"
trap 'rm -rf -- "$tmp"' EXIT
failures=0
check() {   # check DESCRIPTION COMMAND...
    local what="$1"; shift
    if "$@"; then printf 'PASS   : %s\n' "$what"; else printf 'FAIL!  : %s\n' "$what"; failures=$((failures + 1)); fi
}
sizes=(16 22 24 32 48 64 128 256 512)
expected() {   # the files an install under $1 must hold
    printf '%s\n' "$1/bin/glint" "$1/share/applications/glint.desktop" "$1/share/icons/hicolor/scalable/apps/glint.svg"
    local s
    for s in "${sizes[@]}"; do printf '%s\n' "$1/share/icons/hicolor/${s}x${s}/apps/glint.png"; done
}
all_there() { local f; while IFS= read -r f; do [[ -f "$f" ]] || { echo "missing: $f"; return 1; }; done; }
none_there() { local f; while IFS= read -r f; do [[ ! -e "$f" ]] || { echo "still there: $f"; return 1; }; done; }
png_is() {   # png_is FILE SIZE: a PNG of SIZE×SIZE pixels (width and height from its IHDR chunk)
    [[ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]] || return 1
    local wh; wh="$(od -An -tu1 -j16 -N8 "$1" | tr -s ' ' | sed 's/^ //')"
    read -r a b c d e f g h <<<"$wh"
    (( (a << 24 | b << 16 | c << 8 | d) == $2 && (e << 24 | f << 16 | g << 8 | h) == $2 ))
}

# 1. cmake --install with DESTDIR, as a packager does.
DESTDIR="$tmp/dest" cmake --install "$build_dir" --prefix /usr >/dev/null
check "cmake --install puts binary, .desktop and icons under DESTDIR/usr" all_there < <(expected "$tmp/dest/usr")
check "the installed binary runs" "$tmp/dest/usr/bin/glint" --version
for s in "${sizes[@]}"; do
    check "the ${s}x${s} icon is a ${s}x${s} PNG" png_is "$tmp/dest/usr/share/icons/hicolor/${s}x${s}/apps/glint.png" "$s"
done
if command -v desktop-file-validate >/dev/null 2>&1; then
    check "desktop-file-validate accepts the entry" desktop-file-validate "$tmp/dest/usr/share/applications/glint.desktop"
fi
check "the entry opens URLs and files" grep -qx 'Exec=glint %U' "$tmp/dest/usr/share/applications/glint.desktop"
check "the entry names the image types" grep -q '^MimeType=.*image/jpeg;.*image/png;' "$tmp/dest/usr/share/applications/glint.desktop"

# 2. scripts/install for a user whose ~/.local already holds other programs' files.
prefix="$tmp/home/.local"
mkdir -p "$prefix/bin" "$prefix/share/applications" "$prefix/share/icons/hicolor/48x48/apps" "$prefix/share/glint"
echo other >"$prefix/bin/other-tool"
echo other >"$prefix/share/applications/other.desktop"
echo other >"$prefix/share/icons/hicolor/48x48/apps/other.png"
echo mine >"$prefix/share/glint/notes.txt"
(cd "$tmp" && find home -type f | sort) >"$tmp/before"
HOME="$tmp/home" GLINT_BUILD_DIR="$build_dir" "$source_dir/scripts/install" >"$tmp/install.log" 2>&1 \
    || { cat "$tmp/install.log"; exit 1; }
check "scripts/install puts everything under ~/.local" all_there < <(expected "$prefix")
check "scripts/install keeps its manifest" test -f "$prefix/share/glint/install_manifest.txt"
check "the manifest lists every installed file" \
    diff <(expected "$prefix" | sort) <(sort "$prefix/share/glint/install_manifest.txt")
check "the entry's Icon and Exec name what was installed" \
    bash -c 'grep -qx "Icon=glint" "$1/share/applications/glint.desktop" && grep -qx "Exec=glint %U" "$1/share/applications/glint.desktop" && test -x "$1/bin/glint"' _ "$prefix"
if command -v update-desktop-database >/dev/null 2>&1; then
    # What "Open with" reads: the MIME cache of the applications folder names Glint for images.
    check "the desktop's MIME cache offers Glint for PNG" grep -q '^image/png=.*glint.desktop' "$prefix/share/applications/mimeinfo.cache"
fi

# 3. scripts/uninstall removes exactly that.
HOME="$tmp/home" "$source_dir/scripts/uninstall" >"$tmp/uninstall.log" 2>&1 || { cat "$tmp/uninstall.log"; exit 1; }
check "scripts/uninstall removes every installed file" none_there < <(expected "$prefix")
check "scripts/uninstall removes its manifest" test ! -e "$prefix/share/glint/install_manifest.txt"
# Caches the desktop tools rebuilt (mimeinfo.cache) may remain; every file that was there before must.
check "nothing that was there before is gone" \
    bash -c 'cd "$1" && while IFS= read -r f; do [[ -f "$f" ]] || { echo "removed: $f"; exit 1; }; done <"$2"' _ "$tmp" "$tmp/before"
check "a folder Glint shares with the user stays" test -f "$prefix/share/glint/notes.txt"
if command -v update-desktop-database >/dev/null 2>&1; then
    check "the MIME cache no longer offers Glint" bash -c '! grep -q glint.desktop "$1"' _ "$prefix/share/applications/mimeinfo.cache"
fi

# 4. A manifest that lists a file outside the prefix is refused whole.
echo outside >"$tmp/outside.txt"
mkdir -p "$prefix/share/glint"
printf '%s\n' "$prefix/bin/other-tool" "$tmp/outside.txt" >"$prefix/share/glint/install_manifest.txt"
check "uninstall refuses a manifest with a path outside the prefix" \
    bash -c '! HOME="$1/home" "$2/scripts/uninstall" 2>/dev/null' _ "$tmp" "$source_dir"
check "and removes nothing then" test -f "$tmp/outside.txt" -a -f "$prefix/bin/other-tool"

printf 'Totals: %d failed\n' "$failures"
((failures == 0))
