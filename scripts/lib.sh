# shellcheck shell=bash
# Shared by scripts/run and scripts/test: install what is missing, configure once, build.
# Source it; it defines functions and GLINT_ROOT and changes nothing else.

GLINT_ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
GLINT_BUILD_DIR="${GLINT_BUILD_DIR:-$GLINT_ROOT/build}"   # another folder for tests, e.g. tst_install

# Everything the build, the app and the tests need on Debian 12.
GLINT_PACKAGES=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-image-formats-plugins libqt6svg6
    qcoro-qt6-dev libgumbo-dev libssl-dev libsqlite3-dev libgl-dev qt6-qpa-plugins fonts-dejavu-core
    xvfb xauth
)

glint_say() { printf 'glint: %s\n' "$*" >&2; }
glint_die() { printf 'glint: %s\n' "$*" >&2; exit 1; }

# Prints the command prefix that runs a program, and every process it starts, with the address-space
# layout fixed (`setarch -R`), one word a line; prints nothing where the kernel refuses that (a
# container's seccomp filter may), and the program then runs as before. For the sanitizer runs only.
# Why: the runtimes of g++ 12's TSan and ASan and of clang 14's ASan expect the program's mappings
# inside fixed address ranges. A kernel that randomises mmap over more bits than they were written for
# (vm.mmap_rnd_bits above 28, the default on several newer distributions) sometimes, or always, puts
# the executable, a library or a thread stack outside them: TSan stops with "unexpected memory mapping"
# or fails to map a shadow of negative size, ASan dies in its own signal handler. Neither is a bug in
# Glint. Measured at 32 bits: tst_downloader failed 5 of 5 runs under TSan and 1 of 3 under ASan,
# and 0 of 3 with this prefix (docs/BENCHMARKS.md, "The sanitizers and a randomised address space").
glint_fixed_layout() {
    local arch
    arch="$(uname -m)"
    if setarch "$arch" -R true 2>/dev/null; then
        printf '%s\n' setarch "$arch" -R
    fi
}

# Prints the packages of "$@" (default: GLINT_PACKAGES) that are not installed, one a line.
glint_missing_packages() {
    local -a wanted=("$@")
    ((${#wanted[@]})) || wanted=("${GLINT_PACKAGES[@]}")
    # One dpkg-query for all of them; unknown packages only print to stderr.
    local installed
    installed="$(dpkg-query -W -f='${Package} ${Status}\n' "${wanted[@]}" 2>/dev/null \
                 | awk '$2 == "install" && $3 == "ok" && $4 == "installed" { print $1 }' || true)"
    local p
    for p in "${wanted[@]}"; do
        grep -qxF -- "$p" <<<"$installed" || printf '%s\n' "$p"
    done
}

# Installs whichever of "$@" (default: GLINT_PACKAGES) are missing; says nothing and runs no apt
# when none are.
glint_ensure_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        glint_say "dpkg-query not found: not a Debian system, so not checking packages (needs: ${GLINT_PACKAGES[*]})"
        return 0
    fi
    local -a missing
    mapfile -t missing < <(glint_missing_packages "$@")
    ((${#missing[@]})) || return 0

    local -a as_root=()
    if ((EUID != 0)); then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            as_root=(sudo -n)
        else
            glint_die "these Debian packages are missing: ${missing[*]}
  They need root to install, and sudo without a password is not available. Run:
    sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}
  then run this script again."
        fi
    fi
    glint_say "installing missing Debian packages: ${missing[*]}"
    "${as_root[@]}" apt-get update -q
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Configures build/ with Ninja unless it already is; later CMakeLists changes re-run cmake by itself.
glint_configure() {
    if [[ ! -f "$GLINT_BUILD_DIR/CMakeCache.txt" ]]; then
        glint_say "configuring build/ (Ninja, RelWithDebInfo)"
        cmake -S "$GLINT_ROOT" -B "$GLINT_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            --log-level=NOTICE
    elif [[ ! -f "$GLINT_BUILD_DIR/build.ninja" ]] \
         && grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$GLINT_BUILD_DIR/CMakeCache.txt"; then
        # An earlier configure stopped half way: finish it with the settings already cached.
        glint_say "re-configuring build/"
        cmake -S "$GLINT_ROOT" -B "$GLINT_BUILD_DIR" --log-level=NOTICE
    fi
}

glint_build() {
    glint_configure
    if [[ -t 1 || ! -f "$GLINT_BUILD_DIR/build.ninja" ]]; then
        # On a terminal Ninja keeps its progress on one line.
        cmake --build "$GLINT_BUILD_DIR" --parallel
    else
        # In a log, show only what the compiler says, not a line per file.
        cmake --build "$GLINT_BUILD_DIR" --parallel -- --quiet
    fi
}

# Everything both scripts do before their real work.
glint_prepare() {
    glint_ensure_packages "${GLINT_PACKAGES[@]}"
    cd "$GLINT_ROOT" || return
    glint_build
}
