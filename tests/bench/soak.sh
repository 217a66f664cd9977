#!/usr/bin/env bash
# Fault-injection soak: two haapp nodes and a client in network namespaces, a seeded schedule of kill -9 and restart,
# link down/up, partitions without carrier loss, reloads with priority changes, check flaps and hostile VRRP floods,
# with the invariants checked after each fault (one VIP holder, the client's neighbour entry on it, journals, every
# event at the webhook receiver, bounded RSS).
#
#   tests/bench/soak.sh [seconds] [seed]      default 600 s and a random seed; the same seed replays the same faults
#
# It runs the suite's soak test (Integration.Tests, SoakTests) for longer and prints its log: the seed, each fault,
# each invariant check, and the figures table. Needs root, iproute2 (ip, bridge) and ping. Everything lives in
# namespaces the test creates and deletes, also on failure.
set -euo pipefail
seconds=${1:-600}
seed=${2:-$(( (RANDOM << 15 | RANDOM) % 1000000 + 1 ))}
here=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
[ "$(id -u)" = 0 ] || { echo "soak: needs root (network namespaces)"; exit 1; }
for t in ip bridge ping dotnet; do command -v $t >/dev/null || { echo "soak: $t missing"; exit 1; }; done

echo "soak: seed $seed, $seconds s (replay: tests/bench/soak.sh $seconds $seed)"
"$here/haapp" version >/dev/null
project="$here/tests/HaAppliance.Integration.Tests/HaAppliance.Integration.Tests.csproj"
dotnet build "$project" -c Release -nologo -clp:ErrorsOnly -v quiet >/dev/null

log=$(mktemp /tmp/haapp-soak.XXXXXX.log)
trap 'rm -f "$log"' EXIT
tail -n +1 -F "$log" 2>/dev/null &
tailer=$!
rc=0
HAAPP_SEED=$seed HAAPP_SOAK_SECONDS=$seconds HAAPP_SOAK_LOG=$log \
  dotnet test "$project" -c Release --no-build --filter "FullyQualifiedName~SoakTests.Soak" >"$log.test" 2>&1 || rc=$?
sleep 1
kill "$tailer" 2>/dev/null || true
wait "$tailer" 2>/dev/null || true
if [ $rc -ne 0 ]; then
  echo "soak: FAILED (seed $seed); the test's report:"
  sed -n '/Error Message:/,/Stack Trace:/p' "$log.test" | head -60
fi
grep -E '^(Passed|Failed)!' "$log.test" || true
rm -f "$log.test"
exit $rc
