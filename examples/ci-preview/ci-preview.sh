#!/usr/bin/env bash
# Pulumi in CI, for any CI system: the same steps as pulumi-preview.yml (GitHub Actions).
#
#   ci-preview.sh pr   [project-dir]   pull request: `pulumi preview --diff`
#   ci-preview.sh main [project-dir]   main branch:  `pulumi up --yes`, then
#                                      `pulumi preview --diff --expect-no-changes` (converged)
#
# Needs `pulumi` and a Python with pulumi-ampersand on PATH, and PULUMI_STACK (the stack to
# preview or deploy) with its backend login (PULUMI_ACCESS_TOKEN, or PULUMI_BACKEND_URL and
# PULUMI_CONFIG_PASSPHRASE) and AMP_API_KEY (or ampersand:apiKey in the stack's config).
#
# Without AMP_API_KEY (a pull request from a fork gets no secrets) both modes run against a
# local Ampersand emulator on a throwaway file backend instead: preview --diff, up, and
# preview --expect-no-changes, which proves the program is valid, deploys, and is stable.
# EMULATOR_PORT (default 8080) is the emulator's port.
set -euo pipefail

mode="${1:-}"
project_dir="${2:-.}"
case "$mode" in
  pr | main) ;;
  *)
    echo "usage: $0 pr|main [project-dir]" >&2
    exit 2
    ;;
esac

run() {
  echo "+ pulumi $*" >&2
  pulumi "$@" --cwd "$project_dir" --non-interactive
}

if [[ -z "${AMP_API_KEY:-}" ]]; then
  echo "AMP_API_KEY is not set: using a local Ampersand emulator and a throwaway backend" >&2
  workdir="$(mktemp -d)"
  python -m pulumi_ampersand.emulator --port "${EMULATOR_PORT:-8080}" --api-key ci-emulator \
    --auto-connections >"$workdir/emulator.out" 2>"$workdir/emulator.log" &
  emulator_pid=$!
  trap 'kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; rm -rf "$workdir"' EXIT
  for _ in $(seq 1 100); do
    grep -q "listening on" "$workdir/emulator.out" && break
    kill -0 "$emulator_pid" 2>/dev/null || break
    sleep 0.1
  done
  if ! grep -q "listening on" "$workdir/emulator.out"; then
    echo "the Ampersand emulator did not start:" >&2
    cat "$workdir/emulator.log" >&2
    exit 1
  fi
  AMP_API_URL="$(awk '{print $NF}' "$workdir/emulator.out")"
  export AMP_API_URL AMP_API_KEY=ci-emulator
  export AMP_PROJECT_ID="${AMP_PROJECT_ID:-ci}"
  export PULUMI_BACKEND_URL="file://$workdir/state"
  export PULUMI_CONFIG_PASSPHRASE="ci-emulator"
  mkdir -p "$workdir/state"
  stack=ci-emulator
  run stack select --create "$stack"
  run preview --diff --stack "$stack"
  run up --yes --stack "$stack"
  run preview --diff --expect-no-changes --stack "$stack"
  exit 0
fi

stack="${PULUMI_STACK:?set PULUMI_STACK to the stack to preview or deploy}"
run stack select "$stack"
if [[ "$mode" == pr ]]; then
  run preview --diff --stack "$stack"
else
  run up --yes --stack "$stack"
  run preview --diff --expect-no-changes --stack "$stack"
fi
