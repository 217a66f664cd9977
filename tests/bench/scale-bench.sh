#!/usr/bin/env bash
# Scale benchmark: keepalived, then haapp, on one generated keepalived.conf with N VRRPv3 instances at INTERVAL
# seconds, in network namespaces, adverts captured with tcpdump on the bridge in a third namespace.
#
#   tests/bench/scale-bench.sh N INTERVAL        e.g. tests/bench/scale-bench.sh 255 0.01
#
# For each daemon, in one set of namespaces (n1, n2 and cl holding the bridge):
#   single  n1 alone (priority 101): RSS after start, then WINDOW s (default 10) of adverts: CPU of one core (user+sys
#           of the daemon and its children), interval jitter p99 (|gap - INTERVAL| between a VRID's adverts) and
#           adverts/s kept against the nominal N/INTERVAL.
#   pair    n2 joins (priority 100): 15 s of steady state, backup takeovers counted on the wire (a VRID whose adverts
#           switch from n1 to n2).
#   flood   cl sends FLOOD_PPS (default 20000) adverts a second for 10 s to the pair: lower-priority adverts for every
#           VRID, adverts with a bad checksum and adverts with TTL 1: backup takeovers, n1's adverts/s, CPU of both.
#   crash   n1's link set down, then SIGKILL to its daemon: time until n2 sends adverts for all N VRIDs (wire) and
#           until n2 holds all N VIPs (polled with ip addr, a few ms of resolution).
# haapp runs with the DOTNET_ environment of etc/systemd/haapp.service, as the packaged daemon does.
# Needs root, iproute2, tcpdump, keepalived, python3. Namespaces are named sb<id>-*, removed at exit.
# Keep the machine otherwise idle for figures worth comparing; the table says how loaded it was.
set -euo pipefail
N=${1:?usage: scale-bench.sh N INTERVAL}
INTERVAL=${2:?usage: scale-bench.sh N INTERVAL}
WINDOW=${WINDOW:-10}
FLOOD_PPS=${FLOOD_PPS:-20000}
IMPLS=${IMPLS:-keepalived haapp}
here=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
[ "$(id -u)" = 0 ] || { echo "scale-bench: needs root (network namespaces)"; exit 1; }
for t in ip tcpdump keepalived python3; do command -v $t >/dev/null || { echo "scale-bench: $t missing"; exit 1; }; done
[ "$N" -ge 1 ] && [ "$N" -le 255 ] || { echo "scale-bench: N must be 1-255 (one VRID each)"; exit 1; }
# HAAPP_DLL=path/haapp.dll runs that build instead of the launcher's (e.g. a copy made before a change).
if [ -z "${HAAPP_DLL:-}" ]; then
  "$here/haapp" version >/dev/null
  HAAPP_DLL="$here/.build/haapp/haapp.dll"
fi
TCK=$(getconf CLK_TCK)

id=$(head -c3 /dev/urandom | od -An -tx1 | tr -d ' \n')
work=$(mktemp -d "/tmp/haapp-scale-$id.XXXX")
NS1=sb$id-n1 NS2=sb$id-n2 NSC=sb$id-cl
pids=()

. "$here/tests/bench/pair-lab.sh"

vip() { echo "10.200.$(($1 / 250)).$(($1 % 250 + 1))"; }

write_conf() { # node prio -> the keepalived.conf both daemons read
  local node=$1 prio=$2 i
  {
    printf 'global_defs {\n  router_id %s\n  vrrp_version 3\n  vrrp_garp_master_delay 0\n}\n' "$node"
    for ((i = 1; i <= N; i++)); do
      printf 'vrrp_instance VI_%d {\n  state BACKUP\n  interface eth0\n  virtual_router_id %d\n  priority %d\n  advert_int %s\n  virtual_ipaddress {\n    %s/32\n  }\n}\n' \
        "$i" "$i" "$prio" "$INTERVAL" "$(vip "$i")"
    done
  } > "$work/$node.conf"
}

start_daemon() { # impl node ns -> pid
  local impl=$1 node=$2 ns=$3
  if [ "$impl" = keepalived ]; then
    ip netns exec $ns keepalived -n -l -D -P -f "$work/$node.conf" -p "$work/$node.kpid" -r "$work/$node.vpid" \
      >"$work/$node.log" 2>&1 &
  else
    # The runtime settings the packaged unit gives the daemon (Environment=DOTNET_...).
    ip netns exec $ns env $(sed -n 's/^Environment=\(DOTNET_[A-Za-z0-9_]*=[^ ]*\)$/\1/p' "$here/etc/systemd/haapp.service") \
      dotnet "$HAAPP_DLL" run -c "$work/$node.conf" --state-dir "$work/$node.state" \
      --control-socket "$work/$node.sock" >"$work/$node.log" 2>&1 &
  fi
  pids+=($!)
  echo $!
}

family() { echo "$1 $(pgrep -P "$1" 2>/dev/null || true)"; } # keepalived's VRRP work is done by a forked child

rss_kb() { local t=0 p; for p in $(family "$1"); do t=$((t + $(awk '/^VmRSS/ {print $2}' /proc/$p/status 2>/dev/null || echo 0))); done; echo $t; }

cpu_ticks() { local t=0 p; for p in $(family "$1"); do t=$((t + $(awk '{print $14 + $15}' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $t; }

vips_held() { ip -n "$1" -4 addr show dev eth0 2>/dev/null | grep -c ' 10\.200\.' || true; }

wait_vips() { # ns count timeout_s
  local end=$((SECONDS + $3))
  while [ $SECONDS -lt $end ]; do [ "$(vips_held "$1")" -eq "$2" ] && return 0; sleep 0.2; done
  return 1
}

now() { date +%s.%N; }

capture() { # name seconds: adverts on the bridge, as text lines "time src vrid prio"
  timeout "$2" ip netns exec $NSC tcpdump -i br0 -n -s 96 -B 32768 -w "$work/$1.pcap" 'ip proto 112' 2>"$work/$1.tcpdump" || true
  tcpdump -r "$work/$1.pcap" -n -tt 2>/dev/null |
    awk '{ if (match($0, /vrid [0-9]+/)) { v = substr($0, RSTART + 5, RLENGTH - 5); p = "";
           if (match($0, /prio [0-9]+/)) p = substr($0, RSTART + 5, RLENGTH - 5); print $1, $3, v, p } }' > "$work/$1.txt"
  rm -f "$work/$1.pcap"
}

cpu_pct() { awk -v a="$1" -v b="$2" -v s="$3" -v t="$TCK" 'BEGIN {printf "%.1f", (b - a) / t / s * 100}'; }

# Adverts from $2 in capture $1: adverts per second (over the first and last advert's span) and jitter p99 (ms).
rate_and_jitter() {
  awk -v src="$2" -v iv="$INTERVAL" '$2 == src && $4 != 0 {
      n++; if (first == "") first = $1; last = $1
      if ($3 in prev) { d = ($1 - prev[$3] - iv) * 1000; if (d < 0) d = -d; print d > "/dev/stderr" }
      prev[$3] = $1 }
    END { if (n > 1 && last > first) printf "%.0f\n", n / (last - first); else print 0 }' "$work/$1.txt" 2>"$work/$1.gaps"
  sort -n "$work/$1.gaps" | awk '{a[NR] = $1} END {if (NR == 0) print "n/a"; else {i = int(NR * 0.99); if (i < 1) i = 1; printf "%.2f\n", a[i]}}'
}

takeovers() { # capture: VRIDs whose adverts switch from n1 to n2
  awk '$2 == "192.0.2.1" || $2 == "192.0.2.2" { if (last[$3] == "192.0.2.1" && $2 == "192.0.2.2") t++; last[$3] = $2 } END {print t + 0}' "$work/$1.txt"
}

write_flooder() {
  cat > "$work/flood.py" <<'PY'
import socket, struct, sys, time
n, pps, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
src, dst = socket.inet_aton("192.0.2.10"), socket.inet_aton("224.0.0.18")
def csum(b):
    if len(b) % 2: b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16: s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF
def advert(vrid, prio, good=True):
    addr = socket.inet_aton("10.200.%d.%d" % (vrid // 250, vrid % 250 + 1))
    body = struct.pack("!BBBBHH", 0x31, vrid, prio, 1, 100, 0) + addr
    c = csum(src + dst + struct.pack("!BBH", 0, 112, len(body)) + body)
    return body[:6] + struct.pack("!H", c if good else c ^ 0x5A5A) + body[8:]
def sock(ttl):
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, ttl)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, src)
    return s
good, ttl1 = sock(255), sock(1)
kinds = [(good, advert(v, 50)) for v in range(1, n + 1)] + [(good, advert(v, 200, False)) for v in range(1, n + 1)] \
      + [(ttl1, advert(v, 200)) for v in range(1, n + 1)]
sent, start, batch = 0, time.monotonic(), max(1, pps // 100)
while time.monotonic() - start < seconds:
    for i in range(batch):
        s, p = kinds[(sent + i) % len(kinds)]
        try: s.sendto(p, ("224.0.0.18", 0))
        except OSError: pass
    sent += batch
    ahead = sent / pps - (time.monotonic() - start)
    if ahead > 0: time.sleep(ahead)
print(sent)
PY
}

declare -A R
load_before=$(cut -d' ' -f1 /proc/loadavg)
write_flooder
for impl in $IMPLS; do
  echo "== $impl" >&2
  net_up
  write_conf n1 101; write_conf n2 100
  t_start=$(now)
  p1=$(start_daemon $impl n1 $NS1)
  if ! wait_vips $NS1 "$N" 60; then
    echo "scale-bench: $impl n1 holds $(vips_held $NS1) of $N VIPs after 60 s" >&2; tail -5 "$work/n1.log" >&2
  fi
  sleep 3
  R[$impl,rss]=$(awk -v k="$(rss_kb $p1)" 'BEGIN {printf "%.1f", k / 1024}')

  # single: n1 alone
  c0=$(cpu_ticks $p1); s0=$(now)
  capture single "$WINDOW"
  c1=$(cpu_ticks $p1); s1=$(now)
  R[$impl,cpu]=$(cpu_pct $c0 $c1 "$(awk -v a=$s0 -v b=$s1 'BEGIN {print b - a}')")
  { read -r R[$impl,rate]; read -r R[$impl,jitter]; } < <(rate_and_jitter single 192.0.2.1)
  R[$impl,drops]=$(grep -o '[0-9]* packets dropped by kernel' "$work/single.tcpdump" | cut -d' ' -f1 || true)

  # pair: n2 joins, then 15 s of steady state
  p2=$(start_daemon $impl n2 $NS2)
  sleep 5
  capture steady 15
  R[$impl,takeovers]=$(takeovers steady)
  { read -r R[$impl,steadyrate]; read -r _; } < <(rate_and_jitter steady 192.0.2.1)

  # flood: a third node sends lower-priority and invalid adverts for every VRID
  a0=$(cpu_ticks $p1); b0=$(cpu_ticks $p2); f0=$(now)
  ip netns exec $NSC python3 "$work/flood.py" "$N" "$FLOOD_PPS" 10 >"$work/flood.sent" &
  fl=$!; pids+=($fl)
  capture flood 10
  wait $fl || true
  a1=$(cpu_ticks $p1); b1=$(cpu_ticks $p2); f1=$(now)
  fs=$(awk -v a=$f0 -v b=$f1 'BEGIN {print b - a}')
  R[$impl,fsent]=$(awk -v s="$(cat "$work/flood.sent" 2>/dev/null || echo 0)" -v d=10 'BEGIN {printf "%.0f", s / d}')
  R[$impl,ftakeovers]=$(takeovers flood)
  { read -r R[$impl,frate]; read -r _; } < <(rate_and_jitter flood 192.0.2.1)
  R[$impl,fcpu1]=$(cpu_pct $a0 $a1 "$fs"); R[$impl,fcpu2]=$(cpu_pct $b0 $b1 "$fs")
  sleep 2

  # crash: link down first (nothing more leaves n1), then SIGKILL to the whole daemon
  ip netns exec $NSC tcpdump -i br0 -n -s 96 -B 32768 -w "$work/crash.pcap" 'ip proto 112 and src 192.0.2.2' 2>/dev/null &
  td=$!; pids+=($td)
  sleep 1
  t0=$(now)
  ip -n $NS1 link set eth0 down
  kill -9 $(pgrep -P $p1) $p1 2>/dev/null || true
  t_vips=n/a
  end=$((SECONDS + 10))
  while [ $SECONDS -lt $end ]; do
    if [ "$(vips_held $NS2)" -eq "$N" ]; then t_vips=$(awk -v a=$t0 -v b="$(now)" 'BEGIN {printf "%.0f", (b - a) * 1000}'); break; fi
  done
  sleep 1
  kill $td 2>/dev/null || true; wait $td 2>/dev/null || true
  R[$impl,crashvips]=$t_vips
  R[$impl,crashadv]=$(tcpdump -r "$work/crash.pcap" -n -tt 2>/dev/null | awk -v t0=$t0 -v n="$N" '
      $1 > t0 && match($0, /vrid [0-9]+/) { v = substr($0, RSTART + 5, RLENGTH - 5); if (!(v in seen)) { seen[v] = $1; k++; if (k == n) last = $1 } }
      END { if (k == n) printf "%.0f\n", (last - t0) * 1000; else printf "%d of %d\n", k, n }')
  kill -TERM $p2 2>/dev/null || true
  sleep 1; kill -9 $(pgrep -P $p2) $p2 2>/dev/null || true
  wait $p1 $p2 2>/dev/null || true
  net_down
done
load_after=$(cut -d' ' -f1 /proc/loadavg)

nominal=$(awk -v n="$N" -v i="$INTERVAL" 'BEGIN {printf "%.0f", n / i}')
row() { printf '%-52s' "$1"; shift; for impl in $IMPLS; do printf ' %14s' "${R[$impl,$1]:-n/a}"; done; printf '\n'; }
printf '\n%s instances, advert_int %s s, %s-s windows; load average %s before, %s after (%s cores)\n' "$N" "$INTERVAL" "$WINDOW" "$load_before" "$load_after" "$(nproc)"
printf '%-52s' figure; for impl in $IMPLS; do printf ' %14s' "$impl"; done; printf '\n'
row "CPU of one core, n1 alone (%)" cpu
row "interval jitter p99 (ms)" jitter
row "adverts/s kept (nominal $nominal)" rate
row "RSS after start (MB)" rss
row "pair: backup takeovers in 15 s of steady state" takeovers
row "pair: master adverts/s in steady state" steadyrate
row "master crash -> backup adverts for all $N (ms)" crashadv
row "master crash -> backup holds all $N VIPs (ms)" crashvips
row "flood: adverts/s sent by the third node" fsent
row "flood: backup takeovers in 10 s" ftakeovers
row "flood: master adverts/s" frate
row "flood: CPU of master (%)" fcpu1
row "flood: CPU of backup (%)" fcpu2
row "tcpdump: packets dropped by kernel (n1 alone)" drops
