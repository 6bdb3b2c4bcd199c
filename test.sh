#!/usr/bin/env bash
# Runs the whole Orasi Connectors test suite on a fresh machine: installs what the tests need (the moto S3
# emulator), builds, runs every test project, and prints one closing line: "N passed, N failed, N skipped".
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Storage]
set -uo pipefail
cd "$(dirname "$0")"

say() { printf '[test.sh] %s\n' "$*" >&2; }

if ! command -v dotnet >/dev/null 2>&1; then
  say "dotnet is not on PATH: install the .NET 10 SDK (https://dot.net) and run ./test.sh again."
  exit 2
fi

# The S3 tests start their own moto_server on a free loopback port; make sure it is installed.
if ! command -v moto_server >/dev/null 2>&1; then
  say "moto_server not found; installing it with pip (python package 'moto[server]')..."
  if command -v pip3 >/dev/null 2>&1; then pip3 install --quiet 'moto[server]' || true;
  elif command -v pip >/dev/null 2>&1; then pip install --quiet 'moto[server]' || true; fi
  hash -r
  if ! command -v moto_server >/dev/null 2>&1; then
    say "moto_server is still missing: install Python 3 and run: pip install 'moto[server]'. The S3 tests will fail until it is on PATH."
  fi
fi

results="${TEST_RESULTS_DIR:-$PWD/artifacts/test-results}"
rm -rf "$results"
mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say "building (Release)..."
if ! dotnet build Orasi.Connectors.slnx -c Release -nologo -v quiet; then
  say "build failed"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

say "running tests..."
dotnet test Orasi.Connectors.slnx -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done

if [ "$files" -eq 0 ]; then
  say "no test results were written (the test run crashed before reporting)"
  failed=$((failed + 1))
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  say "dotnet test exited with $status although no test failed (a test host crashed?)"
  failed=1
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
