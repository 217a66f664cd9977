#!/usr/bin/env bash
# Failover benchmark: haapp vs keepalived, same keepalived.conf, same namespaces.
#
# For each daemon and each scenario, N runs (default 3; RUNS=5 ./failover-bench.sh), median of:
#   crash     master's daemon killed (SIGKILL) and its link set down -> first gratuitous ARP from the backup
#   stop      master's daemon stopped gracefully (SIGTERM, priority 0) -> first gratuitous ARP from the backup
#   check     master's check fails (its health file removed)          -> first gratuitous ARP from the backup
#   check+fp  the same with haapp's fast preemption (keepalived has no such option)
# and the RSS of each daemon after start. Times come from tcpdump's timestamps on the client's bridge.
# Needs root, iproute2, tcpdump, keepalived. Everything lives in namespaces named hb<id>-*, removed at exit.
set -euo pipefail
RUNS=${RUNS:-3}
here=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
[ "$(id -u)" = 0 ] || { echo "failover-bench: needs root (network namespaces)"; exit 1; }
for t in ip tcpdump keepalived; do command -v $t >/dev/null || { echo "failover-bench: $t missing"; exit 1; }; done
"$here/haapp" version >/dev/null
HAAPP_DLL="$here/.build/haapp/haapp.dll"

id=$(head -c3 /dev/urandom | od -An -tx1 | tr -d ' \n')
work=$(mktemp -d "/tmp/haapp-bench-$id.XXXX")
NS1=hb$id-n1 NS2=hb$id-n2 NSC=hb$id-cl
VIP=192.0.2.100
pids=()

. "$here/tests/bench/pair-lab.sh"

write_conf() { # node prio -> keepalived.conf shared by both daemons
  local node=$1 prio=$2
  cat > "$work/$node.conf" <<CONF
global_defs {
  router_id $node
  vrrp_garp_master_delay 0
}
vrrp_script chk_nginx {
  script "/usr/bin/test -e $work/$node.up"
  interval 1
  weight -20
  fall 1
  rise 1
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority $prio
  advert_int 1
  virtual_ipaddress {
    $VIP/24
  }
  track_script {
    chk_nginx
  }
}
CONF
}

start_daemon() { # impl node ns fastpreempt
  local impl=$1 node=$2 ns=$3 fp=${4:-0}
  touch "$work/$node.up"
  rm -rf "$work/$node.kpid" "$work/$node.vpid" "$work/$node.state" "$work/$node.sock"
  if [ "$impl" = keepalived ]; then
    ip netns exec $ns keepalived -n -l -D -P -G -f "$work/$node.conf" -p "$work/$node.kpid" -r "$work/$node.vpid" \
      >"$work/$node.log" 2>&1 &
  else
    local conf="$work/$node.conf"
    if [ "$fp" = 1 ]; then
      dotnet "$HAAPP_DLL" convert "$work/$node.conf" -o "$work/$node.yaml" >/dev/null
      sed -i 's/^\(\s*\)virtual_router_id:/\1fast_preempt: true\n\1virtual_router_id:/' "$work/$node.yaml"
      conf="$work/$node.yaml"
    fi
    ip netns exec $ns dotnet "$HAAPP_DLL" run -c "$conf" --state-dir "$work/$node.state" \
      --control-socket "$work/$node.sock" >"$work/$node.log" 2>&1 &
  fi
  pids+=($!)
  echo $!
}

rss_kb() { # pid (and its children: keepalived forks a VRRP child)
  local total=0 p
  for p in $1 $(pgrep -P "$1" || true); do
    total=$((total + $(awk '/^VmRSS/ {print $2}' /proc/$p/status 2>/dev/null || echo 0)))
  done
  echo $total
}

holder() {
  for n in $NS1 $NS2; do ip -n $n -4 addr show dev eth0 | grep -q " $VIP/" && { echo $n; return; }; done
  echo none
}

wait_holder() { # ns timeout_s
  local end=$((SECONDS + $2))
  while [ $SECONDS -lt $end ]; do [ "$(holder)" = "$1" ] && return 0; sleep 0.1; done
  return 1
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "n/a"; else if (NR%2) print a[(NR+1)/2]; else printf "%.0f\n", (a[NR/2]+a[NR/2+1])/2}'; }

one_run() { # impl scenario -> prints "ms rss_kb"
  local impl=$1 scenario=$2 fp=0
  [ "$scenario" = check+fp ] && fp=1
  net_up
  write_conf n1 101; write_conf n2 100
  local p1 p2
  p1=$(start_daemon $impl n1 $NS1 $fp); p2=$(start_daemon $impl n2 $NS2 $fp)
  if ! wait_holder $NS1 20; then echo "fail: $impl n1 never became master" >&2; tail -5 "$work/n1.log" >&2; kill -9 $p1 $p2 2>/dev/null; net_down; echo "nan 0"; return; fi
  sleep 3
  local rss; rss=$(rss_kb $p1)
  local mac2; mac2=$(ip -n $NS2 link show eth0 | awk '/link\/ether/ {print $2}')
  ip netns exec $NSC tcpdump -i br0 -n -tt -e -l arp >"$work/arp.txt" 2>/dev/null &
  local td=$!; pids+=($td)
  sleep 1
  local t0; t0=$(date +%s.%N)
  case $scenario in
    crash) # the link first, so nothing more leaves the node; then SIGKILL to every process of the daemon
           # (keepalived's VRRP child would otherwise send priority 0 when its parent dies)
           ip -n $NS1 link set eth0 down
           kill -9 $(pgrep -P $p1) $p1 2>/dev/null || true ;;
    stop)  kill -TERM $p1 ;;
    check*) rm -f "$work/n1.up" ;;
  esac
  wait_holder $NS2 15 || true
  sleep 0.5
  kill $td 2>/dev/null || true; wait $td 2>/dev/null || true
  local t1; t1=$(awk -v mac="$mac2" -v vip="$VIP" -v t0="$t0" '$2 == mac && $0 ~ ("(tell|is-at) " vip "|who-has " vip) && $1 > t0 {print $1; exit}' "$work/arp.txt")
  kill -TERM $p1 $p2 2>/dev/null || true
  sleep 1; kill -9 $p1 $p2 2>/dev/null || true
  wait $p1 $p2 2>/dev/null || true
  net_down
  if [ -n "$t1" ]; then echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", (b-a)*1000}') $rss"; else
    echo "  no GARP from $mac2 after $t0 in:" >&2; head -5 "$work/arp.txt" >&2; echo "nan $rss"; fi
}

declare -A result rss
for impl in haapp keepalived; do
  for scenario in crash stop check check+fp; do
    [ "$impl" = keepalived ] && [ "$scenario" = check+fp ] && continue
    vals=() rs=()
    for ((r = 1; r <= RUNS; r++)); do
      read -r ms kb < <(one_run $impl $scenario)
      echo "  $impl $scenario run $r: ${ms} ms (rss ${kb} kB)" >&2
      [ "$ms" != nan ] && vals+=("$ms")
      rs+=("$kb")
    done
    result[$impl,$scenario]=$(printf '%s\n' "${vals[@]:-}" | grep . | median)
    rss[$impl]=$(printf '%s\n' "${rs[@]}" | median)
  done
done

printf '\n%-34s %12s %12s\n' "median of $RUNS runs" haapp keepalived
printf '%-34s %12s %12s\n' "crash -> first GARP (ms)" "${result[haapp,crash]}" "${result[keepalived,crash]}"
printf '%-34s %12s %12s\n' "graceful stop -> first GARP (ms)" "${result[haapp,stop]}" "${result[keepalived,stop]}"
printf '%-34s %12s %12s\n' "check failure -> first GARP (ms)" "${result[haapp,check]}" "${result[keepalived,check]}"
printf '%-34s %12s %12s\n' "  with fast preemption (ms)" "${result[haapp,check+fp]}" "n/a"
printf '%-34s %12s %12s\n' "RSS after start (kB)" "${rss[haapp]}" "${rss[keepalived]}"
