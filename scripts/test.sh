#!/usr/bin/env bash
# Install everything the tests need (the package, test tools, Debian's Chromium and nginx) and
# run them all:
# ruff (lint and format), then pytest in three stages that stop at the first failing one:
#   1. tests/unit      the core's unit tests
#   2. tests/app       the page through Streamlit's AppTest
#   3. tests/browser   the running app in Debian's Chromium (Playwright; one app server)
# Arguments are pytest options passed to every stage, e.g. `bash scripts/test.sh -q`.
# Every test_*.py / *_test.py under tests/ must live in one of the three folders: the script
# fails if one does not, so no test is silently left out.
set -euo pipefail
cd "$(dirname "$0")/.."

STAGES=(tests/unit tests/app tests/browser)

header() {
  printf '\n==== %s ====\n' "$*"
}

# Debian packages the tests drive: Chromium (browser tests), nginx (the deployment's
# proxy: its configuration is checked with `nginx -t` and run in front of the app) and
# openssl (a certificate for the documented TLS servers).
MISSING=()
command -v chromium >/dev/null 2>&1 || MISSING+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || MISSING+=(nginx)
command -v openssl >/dev/null 2>&1 || MISSING+=(openssl)
if [ "${#MISSING[@]}" -ne 0 ]; then
  header "Installing Debian's ${MISSING[*]} for the tests"
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    SUDO=(sudo)
    [ -t 0 ] || SUDO=(sudo -n) # no terminal (CI): fail rather than wait for a password
  fi
  # `env` inside sudo: sudo drops DEBIAN_FRONTEND from the caller's environment.
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # nginx-light (Debian 12) is nginx without the modules we do not use; later releases
  # have only nginx.
  if [[ " ${MISSING[*]} " == *" nginx "* ]] && apt-cache show nginx-light >/dev/null 2>&1; then
    MISSING=("${MISSING[@]/#nginx/nginx-light}")
  fi
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${MISSING[@]}"
fi

header "Installing the package with its test extra"
python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"

header "ruff check"
python3 -m ruff check .
header "ruff format --check"
python3 -m ruff format --check .

declare -A TOOK=()
for stage in "${STAGES[@]}"; do
  header "pytest ${stage}"
  start=$SECONDS
  status=0
  extra=()
  if [ "$stage" = tests/browser ]; then
    # A wait that timed out (the page slower than usual on a busy machine) is tried again,
    # up to twice; an assertion that failed is not. Retries are listed in the summary (R).
    extra=(--reruns 2 --only-rerun TimeoutError -rR)
  fi
  python3 -m pytest "$stage" "${extra[@]}" "$@" || status=$?
  TOOK[$stage]=$((SECONDS - start))
  if [ "$status" -ne 0 ]; then
    case $status in
      4) why=" (usage error, or ${stage} does not exist)" ;;
      5) why=" (no tests collected)" ;;
      *) why="" ;;
    esac
    echo "FAILED: pytest ${stage}, exit ${status}${why}, ${TOOK[$stage]} s; later stages not run." >&2
    exit "$status"
  fi
  echo "passed: ${stage} in ${TOOK[$stage]} s"
done

header "Tests outside ${STAGES[*]}"
prune=()
for stage in "${STAGES[@]}"; do
  prune+=(-path "$stage" -prune -o)
done
mapfile -t left_out < <(
  find tests "${prune[@]}" -type f \( -name 'test_*.py' -o -name '*_test.py' \) -print | sort
)
if [ "${#left_out[@]}" -ne 0 ]; then
  {
    echo "FAILED: these test files are in none of ${STAGES[*]}, so no stage ran them:"
    printf '  %s\n' "${left_out[@]}"
    echo "Move each into the stage folder it belongs to."
  } >&2
  exit 1
fi
echo "none"

header "All stages passed"
for stage in "${STAGES[@]}"; do
  echo "  ${stage}: ${TOOK[$stage]} s"
done
