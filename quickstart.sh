#!/usr/bin/env bash
# The main job on the embedded default: no servers, local files only. Generates OTLP-shaped spans into a local Delta
# table ./lake/traces (partitioned by event_date) and shows it back. Needs only the .NET SDK.
# Usage: ./quickstart.sh [records]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")"
records="${1:-100000}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Orasi.Cli -c Release -nologo -v quiet >/dev/null
orasi() { dotnet src/Orasi.Cli/bin/Release/net10.0/orasi.dll "$@"; }
orasi generate --kind traces --records "$records" --seed 42 --connector deltalake --target ./lake/traces
orasi describe ./lake/traces
orasi scan ./lake/traces --columns timestamp,service_name,span_name,duration_ns,status_code --limit 10
