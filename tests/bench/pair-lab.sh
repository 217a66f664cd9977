# Sourced by the bench scripts: two nodes n1 (192.0.2.1) and n2 (192.0.2.2), each with eth0 on bridge br0
# (192.0.2.10) in a third namespace for the client or capture. Set NS1, NS2, NSC, work and pids=() first;
# everything started (pids, and their children) and every namespace is removed at exit.

cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -9 $(pgrep -P "$p" 2>/dev/null) "$p" 2>/dev/null || true; done
  for n in $NS1 $NS2 $NSC; do ip netns del "$n" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

net_up() {
  for n in $NS1 $NS2 $NSC; do ip netns add $n; ip -n $n link set lo up; done
  ip -n $NSC link add br0 type bridge; ip -n $NSC link set br0 up
  ip -n $NSC addr add 192.0.2.10/24 dev br0
  local i=1
  for n in $NS1 $NS2; do
    ip -n $n link add eth0 type veth peer name v$i netns $NSC
    ip -n $NSC link set v$i master br0 up
    ip -n $n addr add 192.0.2.$i/24 dev eth0
    ip -n $n link set eth0 up
    i=$((i+1))
  done
}

net_down() { for n in $NS1 $NS2 $NSC; do ip netns del "$n" 2>/dev/null || true; done; }
