#!/usr/bin/env bash
# provision-apiserver.sh: put a real kube-apiserver v1.20.2 (with etcd, kubectl and
# kube-controller-manager) where fabric8 kube-api-test looks for it:
#   ${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/1.20.2-linux-<arch>/
#
# Why: the operator's end-to-end tests need a real API server (server-side apply, schema
# validation), but these machines have no Docker and no internet besides the package
# registries, and no registry ships a kube-apiserver binary. Debian bookworm's *source*
# package "kubernetes" holds the full upstream tree with vendor/, so we download it via apt
# (deb-src list derived from the machine's own apt config; /etc/apt is never modified),
# swap in Debian's reflect2 (the vendored v1.0.1 segfaults on custom-resource watches with
# Go >= 1.18) and build offline with Debian's Go. etcd comes from Debian's etcd-server.
#
# First run: a few minutes (see deploy/local/README.md). Later runs: cached, about a second.
#
# Usage: provision-apiserver.sh [--print-dir | --force | --help]
#   --print-dir  print the install dir and exit 0 if provisioned, else exit 3
#   --force      rebuild kube-apiserver, kube-controller-manager (and a built kubectl)
# Environment:
#   KUBE_API_TEST_DIR       kube-api-test's folder            (default ~/.kubeapitest)
#   KUMAOPS_CACHE_DIR       build dir, log and lock           (default ~/.cache/kumaops)
#   KUMAOPS_BUILD_KUBECTL=1 build kubectl too even if one is on PATH
set -euo pipefail

readonly K8S_VERSION=1.20.2
readonly DEB_SOURCE_VERSION=1.20.5+really1.20.2-1.1+deb12u1
readonly ORIG_TARBALL=kubernetes_1.20.5+really1.20.2.orig.tar.gz
readonly REFLECT2_DEBIAN=/usr/share/gocode/src/github.com/modern-go/reflect2
readonly BUILD_PACKAGES=(golang-go etcd-server golang-github-modern-go-reflect2-dev make rsync openssl)
readonly STEPS=6

usage() {
  sed -n '2,/^set -euo pipefail$/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
}

MODE=provision
case "${1:-}" in
  "") ;;
  --print-dir) MODE=print-dir ;;
  --force) MODE=force ;;
  -h | --help) usage; exit 0 ;;
  *) echo "unknown option: $1 (try --help)" >&2; exit 64 ;;
esac

host_arch() {
  if command -v dpkg >/dev/null 2>&1; then
    dpkg --print-architecture
  else
    case "$(uname -m)" in
      x86_64) echo amd64 ;;
      aarch64 | arm64) echo arm64 ;;
      *) uname -m ;;
    esac
  fi
}

ARCH="$(host_arch)"
INSTALL_DIR="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/${K8S_VERSION}-linux-${ARCH}"
CACHE_DIR="${KUMAOPS_CACHE_DIR:-$HOME/.cache/kumaops}"
BUILD_DIR="${CACHE_DIR}/apiserver-build"
LOG="${CACHE_DIR}/provision-apiserver.log"
LOCK="${CACHE_DIR}/provision-apiserver.lock"

say() { printf '%s\n' "$*" >&2; }
step() { printf '[%d/%d] %s (t+%ss)\n' "$1" "$STEPS" "$2" "$SECONDS" >&2; }

# --- what is already there ----------------------------------------------------------------

reports_version() { # command...: does its output name v1.20.2 (and not, say, v1.20.25)?
  local out
  out="$("$@" 2>/dev/null)" || return 1
  [[ "$out" =~ v${K8S_VERSION//./\\.}([^0-9]|$) ]]
}
version_ok() { [[ -x "$1" ]] && reports_version "$1" --version; }
kubectl_version_ok() { [[ -x "$1" ]] && reports_version "$1" version --client; }

# Fills NEED_BUILD (make targets) and NEED_LINK (etcd/kubectl symlinks to (re)create).
NEED_BUILD=()
NEED_LINK=()
assess() {
  local force="${1:-false}"
  NEED_BUILD=()
  NEED_LINK=()
  if [[ "$force" == true ]] || ! version_ok "$INSTALL_DIR/kube-apiserver"; then
    NEED_BUILD+=(cmd/kube-apiserver)
  fi
  if [[ "$force" == true ]] || ! version_ok "$INSTALL_DIR/kube-controller-manager"; then
    NEED_BUILD+=(cmd/kube-controller-manager)
  fi
  [[ -x "$INSTALL_DIR/etcd" ]] || NEED_LINK+=(etcd)
  if [[ "${KUMAOPS_BUILD_KUBECTL:-0}" == 1 ]]; then
    # Wanted: a kubectl built here (a regular file, not a link to the system one).
    if [[ "$force" == true || -L "$INSTALL_DIR/kubectl" ]] || ! kubectl_version_ok "$INSTALL_DIR/kubectl"; then
      NEED_BUILD+=(cmd/kubectl)
    fi
  elif [[ ! -x "$INSTALL_DIR/kubectl" ]] || { [[ "$force" == true && ! -L "$INSTALL_DIR/kubectl" ]]; }; then
    if [[ -n "$(system_kubectl)" ]]; then NEED_LINK+=(kubectl); else NEED_BUILD+=(cmd/kubectl); fi
  fi
}

provisioned() { assess false; [[ ${#NEED_BUILD[@]} -eq 0 && ${#NEED_LINK[@]} -eq 0 ]]; }

# A kubectl on PATH that is not the one in INSTALL_DIR itself (absolute path, or nothing).
system_kubectl() {
  local k
  k="$(command -v kubectl 2>/dev/null)" || return 0
  k="$(readlink -f "$k")"
  [[ "$k" == "$(readlink -m "$INSTALL_DIR")"/* ]] && return 0
  printf '%s\n' "$(command -v kubectl)"
}

if [[ "$MODE" == print-dir ]]; then
  if provisioned; then printf '%s\n' "$INSTALL_DIR"; exit 0; fi
  say "not provisioned: $INSTALL_DIR (run $0)"
  exit 3
fi

if [[ "$MODE" == provision ]] && provisioned; then
  say "kube-apiserver v${K8S_VERSION} cached in $INSTALL_DIR"
  exit 0
fi

# --- lock, log, failure report ------------------------------------------------------------

mkdir -p "$CACHE_DIR"
exec 9>"$LOCK"
if ! flock -n 9; then
  say "another provisioning run holds $LOCK; waiting for it …"
  flock 9
fi
# The other run may have done the work while we waited.
if [[ "$MODE" == provision ]] && provisioned; then
  say "kube-apiserver v${K8S_VERSION} cached in $INSTALL_DIR (provisioned by a concurrent run)"
  exit 0
fi
assess "$([[ "$MODE" == force ]] && echo true || echo false)"

: >"$LOG"
on_exit() {
  local rc=$?
  if [[ $rc -ne 0 ]]; then
    say ""
    say "provisioning FAILED (exit $rc) after ${SECONDS}s; last 40 lines of $LOG:"
    tail -n 40 "$LOG" >&2 || true
    say "full log: $LOG"
  fi
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
run() { # run a noisy command, output to the log
  printf '\n$ %s\n' "$*" >>"$LOG"
  "$@" >>"$LOG" 2>&1
}

# --- 1. packages --------------------------------------------------------------------------

missing_packages() {
  local p status
  for p in "$@"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)"
    [[ "$status" == installed ]] || printf '%s\n' "$p"
  done
}

if [[ ${#NEED_BUILD[@]} -gt 0 ]]; then
  wanted=("${BUILD_PACKAGES[@]}")
else
  wanted=(etcd-server)
fi
step 1 "installing packages: ${wanted[*]} …"
mapfile -t missing < <(missing_packages "${wanted[@]}")
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $EUID -ne 0 ]]; then
    trap - EXIT
    say "missing packages: ${missing[*]}; as root, run:"
    say "  apt-get update && apt-get install -y --no-install-recommends ${wanted[*]}"
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! run apt-get install -y --no-install-recommends "${wanted[@]}"; then
    # Most likely stale or absent package lists: refresh once, then retry.
    run apt-get update
    run apt-get install -y --no-install-recommends "${wanted[@]}"
  fi
fi

# --- 2-4. source, build -------------------------------------------------------------------

if [[ ${#NEED_BUILD[@]} -gt 0 ]]; then
  avail_kb="$(df -Pk "$CACHE_DIR" | awk 'NR == 2 { print $4 }')"
  if [[ "$avail_kb" -lt $((3 * 1024 * 1024)) ]]; then
    say "need about 3 GB free in $CACHE_DIR for the build, only $((avail_kb / 1024)) MB available"
    exit 1
  fi

  step 2 "downloading Debian source package kubernetes=${DEB_SOURCE_VERSION} …"
  # A private apt setup that only knows deb-src entries derived from the machine's own
  # sources; the system's apt config, lists and cache stay untouched.
  apt_dir="$BUILD_DIR/apt"
  mkdir -p "$apt_dir/sources.list.d" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" \
    "$BUILD_DIR/download"
  rm -f "$apt_dir/sources.list.d/"*
  : >"$apt_dir/sources.list"
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
      >"$apt_dir/sources.list.d/debian-src.sources"
  elif [[ -f /etc/apt/sources.list ]]; then # older one-line format
    sed -n 's/^deb \(.*\)$/deb-src \1/p' /etc/apt/sources.list >"$apt_dir/sources.list.d/debian-src.list"
  else
    say "no Debian apt sources found (/etc/apt/sources.list.d/debian.sources); cannot fetch the source package"
    exit 1
  fi
  apt_opts=(
    -o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
    -o "Dir::Etc::SourceList=$apt_dir/sources.list"
    -o "Dir::State::Lists=$apt_dir/lists"
    -o "Dir::Cache=$apt_dir/cache"
  )
  # Root would drop to the _apt user for downloads, which cannot enter a private home.
  [[ $EUID -eq 0 ]] && apt_opts+=(-o APT::Sandbox::User=root)
  run apt-get "${apt_opts[@]}" update
  (cd "$BUILD_DIR/download" &&
    run apt-get "${apt_opts[@]}" source --download-only "kubernetes=${DEB_SOURCE_VERSION}")

  step 3 "unpacking source, replacing vendored reflect2 with Debian's …"
  src="$BUILD_DIR/src"
  rm -rf "$src"
  mkdir -p "$src"
  run tar -xzf "$BUILD_DIR/download/$ORIG_TARBALL" -C "$src" --strip-components=1
  rm -rf "$src/vendor/github.com/modern-go/reflect2"
  cp -r "$REFLECT2_DEBIAN" "$src/vendor/github.com/modern-go/reflect2"
  find "$src/vendor/github.com/modern-go/reflect2" -name '*_test.go' -delete

  step 4 "building ${NEED_BUILD[*]} (takes minutes; log: $LOG) …"
  # Debian's Go, offline, ignoring any user Go settings.
  go_bin="$(dirname "$(readlink -f "$(command -v go)")")"
  (cd "$src" &&
    unset GOFLAGS GOOS GOARCH &&
    run env PATH="$go_bin:$PATH" GOENV=off GOTOOLCHAIN=local CGO_ENABLED=0 GOPROXY=off \
      KUBE_GIT_VERSION="v${K8S_VERSION}" KUBE_GIT_MAJOR=1 KUBE_GIT_MINOR=20 KUBE_GIT_TREE_STATE=clean \
      make WHAT="${NEED_BUILD[*]}" GOLDFLAGS="-s -w")
fi

# --- 5. install ---------------------------------------------------------------------------

step 5 "installing into $INSTALL_DIR …"
mkdir -p "$INSTALL_DIR"
for target in "${NEED_BUILD[@]}"; do
  name="${target#cmd/}"
  # copy next to the target, then rename: readers never see a half-written binary
  cp "$BUILD_DIR/src/_output/bin/$name" "$INSTALL_DIR/.$name.tmp"
  mv -f "$INSTALL_DIR/.$name.tmp" "$INSTALL_DIR/$name"
done
for name in "${NEED_LINK[@]}"; do
  case "$name" in
    etcd) link_target="$(command -v etcd || echo /usr/bin/etcd)" ;;
    kubectl) link_target="$(system_kubectl)" ;;
    *) say "internal error: unknown link $name"; exit 1 ;;
  esac
  ln -sfn "$link_target" "$INSTALL_DIR/.$name.tmp"
  mv -Tf "$INSTALL_DIR/.$name.tmp" "$INSTALL_DIR/$name"
done

# --- 6. verify, clean up ------------------------------------------------------------------

step 6 "verifying, removing the build tree …"
if ! provisioned; then
  say "installed files do not check out: still missing ${NEED_BUILD[*]} ${NEED_LINK[*]}"
  exit 1
fi
rm -rf "$BUILD_DIR"
say "kube-apiserver v${K8S_VERSION} ready in $INSTALL_DIR after ${SECONDS}s:"
# shellcheck disable=SC2012 # human-readable listing only
ls -l "$INSTALL_DIR" | tail -n +2 >&2
