#!/usr/bin/env bash
# Installs missing OS prerequisites (as root), builds, runs every test project and ends with the plain
# line "N passed, N failed, N skipped". Exit status is non-zero on any failure.
set -uo pipefail
cd "$(dirname "$(readlink -f "$0")")"

need=()
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v keepalived >/dev/null 2>&1 || need+=(keepalived)
command -v tshark >/dev/null 2>&1 || need+=(tshark)
command -v tcpdump >/dev/null 2>&1 || need+=(tcpdump)
command -v ping >/dev/null 2>&1 || need+=(iputils-ping)
ldconfig -p 2>/dev/null | grep -q 'libpcap.so' || need+=(libpcap0.8)
command -v mmdebstrap >/dev/null 2>&1 || need+=(mmdebstrap)
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # A mirror that fails to update must not stop the install of what the other mirrors have.
    apt-get update -qq >/dev/null 2>&1 || echo "test.sh: apt-get update reported errors; installing anyway"
    apt-get install -y -qq "${need[@]}" >/dev/null || echo "test.sh: could not install all of ${need[*]}; tests that need them will say so"
  else
    echo "test.sh: missing ${need[*]}; run as root to install them (tests that need them will say so)"
  fi
fi

if ! dotnet build HaAppliance.sln -c Release -nologo -clp:ErrorsOnly -v quiet; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi
# The CLI tests and the integration tests run the real launcher layout (CLI + drop-in plugins).
./haapp version >/dev/null || { echo "haapp launcher failed"; echo "0 passed, 1 failed"; exit 1; }

results=.build/test-results
rm -rf "$results"
dotnet test HaAppliance.sln -c Release --no-build --logger trx --results-directory "$results" "$@"
rc=$?

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed || echo 0)))
  failed=$((failed + $(get failed || echo 0)))
  skipped=$((skipped + $(get notExecuted || echo 0)))
done
# A crashed test host or a project without results is a failure even if no test reported one.
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
