#!/usr/bin/env bash
# A real Kubernetes node on this machine, for a control plane started by the tests: containerd with
# runc and the CNI bridge, the kubelet, kube-proxy and CoreDNS, in namespaces of their own.
#
#   node.sh start WORK_DIR IMAGES_DIR CLIENT_CA
#       Creates the node's network (a network namespace joined to the host by one veth pair:
#       host 10.254.254.1, node 10.254.254.2; pods get 10.254.0.0/24 on a bridge; Service IPs are
#       kube-proxy's rules inside the namespace) and prints "network-ready". It then waits for
#       WORK_DIR/kubeconfig (an admin kubeconfig of an API server listening on 10.254.254.1; the
#       caller starts it now), starts containerd, imports every IMAGES_DIR/*.tar, starts the
#       kubelet (node "sparkbench-node"), kube-proxy and CoreDNS, and prints "node-started". It
#       also prints "node-pid PID": the first process of the node's namespaces, whose namespaces
#       `nsenter --target PID --mount --net` enters (to run ctr against the node's containerd).
#       CLIENT_CA verifies the API server's client certificate when it calls the kubelet (logs,
#       exec). The node runs until its standard input ends (the caller closed it or died) or it
#       gets SIGTERM, then stops everything and restores the machine.
#   node.sh restore WORK_DIR
#       Restores what a node that was killed outright left behind (see below); start does it too.
#
# What the node changes and how it is restored, on every exit path:
#   - processes: all run in a PID namespace whose first process is this script's inner half; when
#     it ends, for whatever reason, the kernel kills every process left in it (containers too).
#   - network: interfaces, addresses, routes, iptables rules and network sysctls live in the node's
#     network namespace and vanish with it, as does the host end of the veth pair and its route.
#   - mounts: containerd's and the kubelet's mounts are made in a private mount namespace, with
#     tmpfs over /run and /var/lib/cni; they vanish with it.
#   - cgroups: the kubelet's (cgroupRoot /sparkbench-node in every v1 hierarchy) are removed after
#     the processes in them have ended.
#   - kernel sysctls the kubelet sets (vm.overcommit_memory, vm.panic_on_oom, kernel.panic,
#     kernel.panic_on_oops, kernel.keys.root_max*): saved before it starts, written back at the end.
#   - files: only under WORK_DIR.
# A node killed outright (SIGKILL to every process at once) leaves the cgroups and the sysctls; the
# next start, or `node.sh restore`, puts them back from WORK_DIR/restore.
set -euo pipefail

readonly HOST_ADDRESS=10.254.254.1
readonly NODE_ADDRESS=10.254.254.2
readonly NETWORK_PREFIX=30
readonly POD_SUBNET=10.254.0.0/24
readonly HOST_LINK=sbnode0
readonly NODE_NAME=sparkbench-node
readonly CGROUP_ROOT=sparkbench-node
readonly KERNEL_SYSCTLS="vm/overcommit_memory vm/panic_on_oom kernel/panic kernel/panic_on_oops kernel/keys/root_maxkeys kernel/keys/root_maxbytes"

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

log() { echo "node.sh: $*" >&2; }
die() { log "$*"; exit 2; }

pom_property() {
  sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml" | head -n 1
}
bin_dir() {
  local goarch
  case "$(uname -m)" in aarch64 | arm64) goarch=arm64 ;; *) goarch=amd64 ;; esac
  echo "${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/$(pom_property kubernetes.version)-linux-$goarch"
}

# Removes the kubelet's cgroups (after killing what is still in them) and writes the saved kernel
# sysctls back. Idempotent: every exit path and every start runs it.
restore() {
  local work=$1 hierarchy dir attempt
  for hierarchy in /sys/fs/cgroup/*/; do
    dir="$hierarchy$CGROUP_ROOT"
    [ -d "$dir" ] || continue
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
      # pids of other PID namespaces read as 0, which kill would take for this process group
      find "$dir" -name cgroup.procs -exec cat {} + 2>/dev/null | grep -vx 0 | xargs -r kill -9 2>/dev/null || true
      find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || true
      [ -d "$dir" ] || break
      sleep 0.5
    done
    [ -d "$dir" ] && log "could not remove $dir"
  done
  if [ -s "$work/restore/sysctls" ]; then
    local name value
    while read -r name value; do
      [ "$(cat "/proc/sys/$name")" = "$value" ] || echo "$value" >"/proc/sys/$name" || log "could not restore $name"
    done <"$work/restore/sysctls"
    rm -f "$work/restore/sysctls"
  fi
  # (not from inside the node's mount namespace, where it is still a mount point)
  if [ -f "$work/restore/var-lib-cni" ] && ! mountpoint -q /var/lib/cni; then
    rmdir /var/lib/cni 2>/dev/null || true
    rm -f "$work/restore/var-lib-cni"
  fi
  ip link delete "$HOST_LINK" 2>/dev/null || true
}

preflight() {
  local bin=$1 tool
  [ "$(id -u)" = 0 ] || die "the node needs root (it starts containerd and the kubelet)"
  for tool in containerd containerd-shim-runc-v2 ctr runc iptables unshare nsenter ip; do
    command -v "$tool" >/dev/null 2>&1 ||
      die "$tool is missing (Debian packages: containerd runc containernetworking-plugins iptables util-linux iproute2)"
  done
  [ -x /usr/lib/cni/bridge ] || [ -x /opt/cni/bin/bridge ] ||
    die "the CNI plugins are missing (Debian package containernetworking-plugins)"
  for tool in kubelet kube-proxy coredns; do
    [ -x "$bin/$tool" ] || die "$bin/$tool is missing: run control-plane/build.sh"
  done
  [ -d /sys/fs/cgroup/memory ] && [ -d /sys/fs/cgroup/cpu ] ||
    die "cgroup v1 memory and cpu hierarchies are needed under /sys/fs/cgroup"
  grep -qw overlay /proc/filesystems || die "the kernel has no overlay filesystem (containerd's snapshotter)"
}

cni_dir() {
  if [ -x /usr/lib/cni/bridge ]; then echo /usr/lib/cni; else echo /opt/cni/bin; fi
}

# ---------------------------------------------------------------------------------------------
# The inner half: the first process of the node's PID, network and mount namespaces.
inner() {
  local work=$1 images=$2 client_ca=$3 bin
  bin=$(bin_dir)
  exec 3<&0
  # globals: the EXIT trap may run after this function has returned (an exit from a failed step)
  pids=()
  names=()
  inner_work=$work
  stop_all() {
    local status=$?
    trap - TERM INT EXIT
    log "stopping the node"
    local pid
    for pid in ${pids[@]+"${pids[@]}"}; do kill -TERM "$pid" 2>/dev/null || true; done
    sleep 1
    # every other process of this PID namespace: shims and containers included
    kill -KILL -1 2>/dev/null || true
    while wait -n 2>/dev/null; do :; done
    restore "$inner_work"
    exit "$status"
  }
  trap stop_all TERM INT EXIT

  # network: the veth end the outer half moved in
  for _ in $(seq 1 100); do
    ip link show eth0 >/dev/null 2>&1 && break
    sleep 0.1
  done
  ip link set lo up
  ip addr add "$NODE_ADDRESS/$NETWORK_PREFIX" dev eth0
  ip link set eth0 up
  # a default route, as any node has: the node's own connections to Service IPs are routed before
  # kube-proxy's rules rewrite them; the host forwards nothing, so nothing beyond it is reachable
  ip route add default via "$HOST_ADDRESS" dev eth0
  echo 1 >/proc/sys/net/ipv4/ip_forward
  if [ -w /proc/sys/net/bridge/bridge-nf-call-iptables ]; then
    echo 1 >/proc/sys/net/bridge/bridge-nf-call-iptables
  fi

  # mounts: private tmpfs for runtime state, so nothing lands in the host's /run or /var/lib/cni
  mount -t tmpfs -o mode=755 tmpfs /run
  mount -t tmpfs -o mode=755 tmpfs /var/lib/cni
  mkdir -p /run/containerd /run/cni/ipam "$work/containerd" "$work/kubelet" "$work/pod-logs" "$work/cni"

  echo network-ready

  local kubeconfig=$work/kubeconfig
  for _ in $(seq 1 1200); do
    [ -s "$kubeconfig" ] && break
    sleep 0.1
  done
  [ -s "$kubeconfig" ] || { log "no $kubeconfig in 120 s"; exit 1; }

  cat >"$work/cni/10-sparkbench.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "sparkbench",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "cni0",
      "isGateway": true,
      "ipMasq": true,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{"subnet": "$POD_SUBNET"}]],
        "routes": [{"dst": "0.0.0.0/0"}],
        "dataDir": "/run/cni/ipam"
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
  cat >"$work/containerd.toml" <<EOF
version = 2
root = "$work/containerd"
state = "/run/containerd"
[grpc]
  address = "/run/containerd/containerd.sock"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "localhost/sparkbench/pause:1"
  # no process here may lower an OOM score (no CAP_SYS_RESOURCE): runc fails a sandbox without it
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$(cni_dir)"
    conf_dir = "$work/cni"
EOF
  containerd --config "$work/containerd.toml" >"$work/containerd.log" 2>&1 &
  pids+=($!)
  names+=(containerd)
  for _ in $(seq 1 100); do
    ctr --address /run/containerd/containerd.sock version >/dev/null 2>&1 && break
    sleep 0.1
  done
  local image
  for image in "$images"/*.tar; do
    ctr --address /run/containerd/containerd.sock -n k8s.io images import "$image" >>"$work/images.log" 2>&1 ||
      { log "cannot import $image: $(tail -n 3 "$work/images.log")"; exit 1; }
  done

  # the kernel sysctls the kubelet sets, saved to be written back
  mkdir -p "$work/restore"
  if [ ! -s "$work/restore/sysctls" ]; then
    local name
    for name in $KERNEL_SYSCTLS; do echo "$name $(cat "/proc/sys/$name")"; done >"$work/restore/sysctls.tmp"
    mv "$work/restore/sysctls.tmp" "$work/restore/sysctls"
  fi
  : >"$work/resolv.conf"
  # the kubelet's cgroup root, in every hierarchy (a v1 cpuset needs its CPUs and memory nodes)
  local hierarchy
  for hierarchy in /sys/fs/cgroup/*/; do
    mkdir -p "$hierarchy$CGROUP_ROOT"
    if [ -f "${hierarchy}cpuset.cpus" ]; then
      cat "${hierarchy}cpuset.cpus" >"$hierarchy$CGROUP_ROOT/cpuset.cpus"
      cat "${hierarchy}cpuset.mems" >"$hierarchy$CGROUP_ROOT/cpuset.mems"
    fi
  done
  cat >"$work/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# these machines have cgroup v1
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupRoot: /$CGROUP_ROOT
failSwapOn: false
containerRuntimeEndpoint: unix:///run/containerd/containerd.sock
address: $NODE_ADDRESS
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: $client_ca
authorization:
  mode: Webhook
clusterDNS: [$NODE_ADDRESS]
clusterDomain: cluster.local
resolvConf: $work/resolv.conf
podLogsDir: $work/pod-logs
# the images cannot be pulled again: never collect them
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard:
  memory.available: 100Mi
  nodefs.available: 1%
  imagefs.available: 1%
serializeImagePulls: false
EOF
  "$bin/kubelet" --config="$work/kubelet.yaml" --kubeconfig="$kubeconfig" --root-dir="$work/kubelet" \
    --hostname-override="$NODE_NAME" --node-ip="$NODE_ADDRESS" >"$work/kubelet.log" 2>&1 &
  pids+=($!)
  names+=(kubelet)

  cat >"$work/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection:
  kubeconfig: $kubeconfig
mode: iptables
clusterCIDR: $POD_SUBNET
hostnameOverride: $NODE_NAME
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
# conntrack settings as they are: the kernel's are the host's too
conntrack:
  maxPerCore: 0
  min: 0
  tcpEstablishedTimeout: 0s
  tcpCloseWaitTimeout: 0s
EOF
  "$bin/kube-proxy" --config="$work/kube-proxy.yaml" >"$work/kube-proxy.log" 2>&1 &
  pids+=($!)
  names+=(kube-proxy)

  cat >"$work/Corefile" <<EOF
.:53 {
    bind $NODE_ADDRESS
    errors
    health 127.0.0.1:8080
    ready 127.0.0.1:8181
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig $kubeconfig
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    cache 5
}
EOF
  "$bin/coredns" -conf "$work/Corefile" >"$work/coredns.log" 2>&1 &
  pids+=($!)
  names+=(coredns)

  echo node-started
  # until standard input ends (the caller closed it or is gone) or a component exits; an explicit
  # redirection, since a background command's standard input is otherwise /dev/null
  cat <&3 >/dev/null &
  local reader=$!
  local ended
  wait -n "${pids[@]}" "$reader" || true
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      ended=${names[$i]}
      log "$ended exited: $(tail -n 3 "$work/$ended.log" | tr '\n' ' ')"
    fi
  done
  stop_all
}

# ---------------------------------------------------------------------------------------------
# The outer half: in the host's namespaces; joins the node's network to the host.
start() {
  local work=$1 images=$2 client_ca=$3 bin
  bin=$(bin_dir)
  preflight "$bin"
  [ -d "$images" ] || die "no images folder $images"
  [ -r "$client_ca" ] || die "no client CA $client_ca"
  mkdir -p "$work/restore"
  work=$(cd "$work" && pwd)
  images=$(cd "$images" && pwd)
  restore "$work"
  rm -f "$work/kubeconfig"
  if [ ! -d /var/lib/cni ]; then
    mkdir -p /var/lib/cni
    touch "$work/restore/var-lib-cni"
  fi

  # globals: the EXIT trap runs after this function has returned
  node_work=$work
  child=""
  unshare_pid=""
  finish() {
    trap - TERM INT HUP EXIT
    if [ -n "$child" ]; then
      kill -TERM "$child" 2>/dev/null || true
    fi
    if [ -n "$unshare_pid" ]; then
      wait "$unshare_pid" 2>/dev/null || true
    fi
    restore "$node_work"
  }
  trap finish TERM INT HUP EXIT

  # standard input passed on explicitly: a background command's is otherwise /dev/null
  exec 3<&0
  unshare --pid --fork --mount-proc --net --mount --propagation private --kill-child \
    "$here/node.sh" inner "$work" "$images" "$client_ca" <&3 &
  unshare_pid=$!
  for _ in $(seq 1 100); do
    child=$(pgrep -P "$unshare_pid" || true)
    [ -n "$child" ] && break
    sleep 0.05
  done
  [ -n "$child" ] || die "the node's namespaces did not start"
  # the first process of the node's namespaces, for `nsenter --target` (ctr, crictl, ip)
  echo "node-pid $child"
  ip link add "$HOST_LINK" type veth peer name eth0 netns "/proc/$unshare_pid/ns/net"
  ip addr add "$HOST_ADDRESS/$NETWORK_PREFIX" dev "$HOST_LINK"
  ip link set "$HOST_LINK" up
  # the API server reaches pods (its proxy) through the node
  ip route add "$POD_SUBNET" via "$NODE_ADDRESS" dev "$HOST_LINK"
  # the node's own exit status: non-zero when a step of its start failed
  local status=0
  wait "$unshare_pid" || status=$?
  return "$status"
}

command=${1:-}
case "$command" in
  start)
    [ $# = 4 ] || die "usage: node.sh start WORK_DIR IMAGES_DIR CLIENT_CA"
    start "$2" "$3" "$4"
    ;;
  inner)
    inner "$2" "$3" "$4"
    ;;
  restore)
    [ $# = 2 ] || die "usage: node.sh restore WORK_DIR"
    restore "$2"
    ;;
  *)
    die "usage: node.sh start WORK_DIR IMAGES_DIR CLIENT_CA | node.sh restore WORK_DIR"
    ;;
esac
