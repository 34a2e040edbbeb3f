#!/usr/bin/env bash
# Runs every OnePool test: restores NuGet packages, builds the solution (warnings are errors) and runs all test
# projects against real parts (SQLite files, real HTTP on 127.0.0.1, real OS processes and the real `onepool`
# executable, a real Slurm cluster, a real PostgreSQL server). Services are installed with apt-get when missing
# (Slurm and PostgreSQL now; Chromium with a later issue).
# Ends with one line: "N passed, N failed".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK is needed (https://dot.net)" >&2
  exit 1
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "== services"
# Debian's Slurm for the Category=Slurm tests; each test run starts and stops its own throw-away cluster on 127.0.0.1.
"$root/scripts/slurm-cluster.sh" install

# PostgreSQL for the Category=Postgres tests; they start their own throw-away server (initdb in a temporary folder).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "error: PostgreSQL is missing and installing it needs root: sudo apt-get install -y postgresql" >&2
    exit 1
  fi
  echo "installing PostgreSQL from Debian" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
fi

echo "== restore and build"
dotnet restore OnePool.slnx
dotnet build OnePool.slnx --no-restore -nologo
# The README's `./onepool` wrapper builds the Release executable; check that path works too.
./onepool --version

echo "== test"
results="$root/artifacts/test-results"
rm -rf "$results"
log="$(mktemp)"
set +e
dotnet test --solution OnePool.slnx --no-build --results-directory "$results" --report-xunit-trx \
  --minimum-expected-tests 1 "$@" 2>&1 | tee "$log"
code=${PIPESTATUS[0]}
set -e

# dotnet test prints one summary with "total/failed/succeeded/skipped"; turn it into the one line CI reads.
total=$(awk '/^  total:/ {print $2}' "$log" | tail -1)
failed=$(awk '/^  failed:/ {print $2}' "$log" | tail -1)
passed=$(awk '/^  succeeded:/ {print $2}' "$log" | tail -1)
skipped=$(awk '/^  skipped:/ {print $2}' "$log" | tail -1)
rm -f "$log"
if [ -z "${total:-}" ]; then
  echo "error: no test summary found (did the test run start?)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
if [ "${skipped:-0}" != "0" ]; then
  echo "error: $skipped tests were skipped; every test must run here" >&2
  code=1
fi
echo "${passed:-0} passed, ${failed:-0} failed"
exit "$code"
