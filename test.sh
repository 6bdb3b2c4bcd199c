#!/usr/bin/env bash
# Runs the whole Orasi Connectors test suite on a fresh machine: installs what the tests need (the moto S3
# emulator, PostgreSQL server binaries), builds, runs every test project, and prints one closing line: "N passed, N failed, N skipped".
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

# The Iceberg SQL catalog tests start their own PostgreSQL server (initdb + postgres); make sure the binaries exist.
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  say "PostgreSQL server binaries not found; trying: apt-get install -y postgresql ..."
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1; } || true
  fi
  if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    say "PostgreSQL is still missing: run 'sudo apt-get install postgresql' (or put initdb/postgres on PATH). The PostgreSQL catalog tests will fail until then."
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
# One test project at a time, each with its own TRX file. A test host that crashes (a native fault, no failed test
# reported) is run again, at most twice, and the crash is reported loudly; failed tests are never rerun.
count() { # file key
  local counters
  counters=$(grep -o '<Counters [^>]*>' "$1" | head -n 1)
  printf '%s' "$counters" | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0
}
passed=0; failed=0; skipped=0
# Tests marked [Trait("Category", "Isolated")] need a test process of their own: they run in a second pass.
if [ "$#" -eq 0 ]; then passes=("Category!=Isolated" "Category=Isolated"); else passes=(""); fi
for project in tests/*/*.Tests.csproj; do
 for pass in "${passes[@]}"; do
  name=$(basename "$project" .csproj)
  filter=()
  if [ -n "$pass" ]; then
    filter=(--filter "$pass")
    [ "$pass" = "Category=Isolated" ] && name="$name.isolated"
  fi
  for attempt in 1 2 3; do
    dir="$results/$name/$attempt"
    dotnet test "$project" -c Release --no-build -nologo --blame "${filter[@]}" \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$dir" "$@"
    code=$?
    trx="$dir/$name.trx"
    p=0; f=0; s=0
    if [ -f "$trx" ]; then
      p=$(count "$trx" passed); s=$(count "$trx" notExecuted)
      f=$(( $(count "$trx" failed) + $(count "$trx" error) + $(count "$trx" timeout) + $(count "$trx" aborted) ))
    fi
    if [ "$code" -ne 0 ] && [ "$f" -eq 0 ] && [ "$attempt" -lt 3 ]; then
      say "WARNING: the test host of $name crashed without a failing test (exit $code); see the blame sequence in $dir. Running $name again."
      continue
    fi
    if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then
      say "$name crashed three times (exit $code)"
      f=1
    fi
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    break
  done
 done
done

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
