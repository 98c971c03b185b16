#!/usr/bin/env bash
# `npm run setup`: installs what Apiary needs beyond Node.js, then its npm dependencies.
# On Debian/Ubuntu (as root, or with sudo) it installs the system packages itself; elsewhere it says what to do.
set -euo pipefail
cd "$(dirname "$0")/.."

# Commands Apiary uses, and the Debian package that provides each:
#   chromium        — the browser the end-to-end tests drive (Playwright never downloads one)
#   docker-registry — CNCF Distribution, the embedded image registry
#   skopeo          — pushes and inspects images without a Docker engine (tests, push instructions)
#   openssl         — makes the simulated cluster's self-signed certificate (kubectl sends tokens only over https)
#   pg_ctlcluster   — PostgreSQL server binaries (initdb, pg_ctl): fault tests stop and start a private server
#   sqlmap, wapiti  — the security scanners the end-to-end suite runs against a signed-in console (e2e/security-scan.spec.ts)
#   go              — builds deploy/helm/render, which renders the Helm chart as `helm template` does (its test)
declare -A PACKAGE_OF=( [chromium]=chromium [docker-registry]=docker-registry [skopeo]=skopeo [openssl]=openssl [pg_ctlcluster]=postgresql [sqlmap]=sqlmap [wapiti]=wapiti [go]=golang-go )
# Go libraries the chart renderer builds with, offline (GOPATH=/usr/share/gocode): a file of each, and its package.
declare -A GO_LIBRARY_OF=(
  [/usr/share/gocode/src/github.com/Masterminds/sprig/functions.go]=golang-github-masterminds-sprig-dev
  [/usr/share/gocode/src/gopkg.in/yaml.v2/yaml.go]=golang-gopkg-yaml.v2-dev
  [/usr/share/gocode/src/gopkg.in/yaml.v3/yaml.go]=golang-gopkg-yaml.v3-dev
)
missing=()
for command in "${!PACKAGE_OF[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${PACKAGE_OF[$command]}")
done
for file in "${!GO_LIBRARY_OF[@]}"; do
  [ -f "$file" ] || missing+=("${GO_LIBRARY_OF[$file]}")
done

if ((${#missing[@]})); then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
      if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
        echo "setup: need root to install ${missing[*]}; run: apt-get install -y ${missing[*]}" >&2; exit 1
      fi
    fi
    echo "setup: installing ${missing[*]} from Debian's packages…"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    cat >&2 <<MSG
setup: these commands are missing: ${missing[*]}
  This is not a Debian-based system, so install them yourself:
  - chromium: any Chromium or Chrome; set APIARY_CHROMIUM_PATH to its executable for the e2e tests
  - docker-registry: CNCF Distribution 2.8 ("registry" binary), or set REGISTRY_URL to an existing registry
  - skopeo: https://github.com/containers/skopeo/blob/main/install.md
  - openssl: from your system's packages
  - go, with the sprig and yaml (v2, v3) Go libraries in GOPATH=/usr/share/gocode: only for the Helm chart's test
  - sqlmap, wapiti: from your system's packages or pip (sqlmap, wapiti3); only the end-to-end security scan needs them
MSG
    exit 1
  fi
fi

if ! command -v kubectl >/dev/null 2>&1; then
  echo "setup: note: kubectl is not installed; Apiary runs without it, but the simulated cluster's kubectl tests need it." >&2
fi

# npm dependencies, exactly as locked; skipped when node_modules is newer than the lockfile.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies (npm ci)…"
  npm ci --no-audit --no-fund
fi
echo "setup: done. Start Apiary with: npm start"
