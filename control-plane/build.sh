#!/usr/bin/env bash
# Builds the real Kubernetes control plane and node from their Go modules, for the control-plane
# and node tests and `local --control-plane real`: kube-apiserver, kube-controller-manager,
# kube-scheduler, kubectl, kubelet and kube-proxy from k8s.io/kubernetes, etcd from
# go.etcd.io/etcd/server/v3 and CoreDNS from github.com/coredns/coredns, at the versions pinned in
# the parent pom.xml (kubernetes.version, etcd.version, coredns.version).
#
# The binaries go into the folder layout of fabric8's kube-api-test (whose CertManager we use):
#   ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<kubernetes.version>-linux-<arch>/
# A run that finds all of them there (reporting the pinned versions) does nothing.
#
# Neither module can be built with `go install module@version`: their go.mod files replace their
# sibling modules with local paths. So each is built from a throw-away wrapper module that requires
# it and replaces every such sibling with its published version (k8s.io/* staging modules are
# published as v0.<minor>.<patch> for Kubernetes v1.<minor>.<patch>).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
pom_property() {
  sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml" | head -n 1
}
k8s_version=$(pom_property kubernetes.version)
etcd_version=$(pom_property etcd.version)
coredns_version=$(pom_property coredns.version)
go_version=$(pom_property go.version)
[ -n "$k8s_version" ] && [ -n "$etcd_version" ] && [ -n "$coredns_version" ] && [ -n "$go_version" ] || {
  echo "control-plane/build.sh: kubernetes.version, etcd.version, coredns.version or go.version missing from pom.xml" >&2
  exit 2
}

command -v go >/dev/null 2>&1 || {
  echo "control-plane/build.sh: Go is needed to build the control plane (https://go.dev/doc/install)" >&2
  exit 2
}
goos=$(go env GOOS)
goarch=$(go env GOARCH)
out="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/${k8s_version}-${goos}-${goarch}"

up_to_date() {
  local bin
  for bin in $k8s_binaries; do
    [ -x "$out/$bin" ] || return 1
  done
  for bin in kube-apiserver kubelet kube-proxy; do
    "$out/$bin" --version 2>/dev/null | grep -qx "Kubernetes v$k8s_version" || return 1
  done
  [ -x "$out/etcd" ] || return 1
  "$out/etcd" --version 2>/dev/null | grep -q "etcd Version: $etcd_version" || return 1
  [ -x "$out/coredns" ] || return 1
  "$out/coredns" -version 2>/dev/null | grep -q "CoreDNS-$coredns_version" || return 1
}
k8s_binaries="kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet kube-proxy"
if up_to_date; then
  echo "control plane and node v$k8s_version (etcd $etcd_version, CoreDNS $coredns_version) already built in $out"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
export GOFLAGS="${GOFLAGS:-} -mod=mod -buildvcs=false"
export CGO_ENABLED=0
started=$(date +%s)

# Go 1.21 and later fetch the toolchain a module asks for by themselves; an older Go (such as a
# distribution's package) is used only to fetch the pinned toolchain, which is itself a module.
if ! printf '%s\n%s\n' 1.21 "$(go env GOVERSION | sed 's/^go//')" | sort -V -C; then
  toolchain=$(cd "$work" && go mod download -json "golang.org/toolchain@v0.0.1-go$go_version.$goos-$goarch" |
    sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  # module archives keep no execute bits
  chmod a+x "$toolchain"/bin/* "$toolchain"/pkg/tool/*/*
  export PATH="$toolchain/bin:$PATH"
  echo "using Go $(go env GOVERSION) from the module proxy"
fi

# Writes a wrapper go.mod in $1 that requires module $2 at $3 and replaces each of its local-path
# replacements with the published module at version $4.
wrapper_module() {
  local dir=$1 module=$2 version=$3 sibling_version=$4 gomod
  mkdir -p "$dir"
  gomod=$(cd "$dir" && go mod download -json "$module@$version" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  {
    echo "module sparkbench.io/control-plane-build"
    echo
    sed -n 's/^go \(.*\)/go \1/p' "$gomod" | head -n 1
    echo
    echo "require $module $version"
    echo
    echo "replace ("
    sed -n 's:^[[:space:]]*\([^[:space:]]*\) => \./.*:\t\1 => \1 '"$sibling_version"':p' "$gomod"
    echo ")"
  } >"$dir/go.mod"
}

echo "building Kubernetes v$k8s_version ($k8s_binaries) into $out"
minor_patch=${k8s_version#*.}
wrapper_module "$work/k8s" k8s.io/kubernetes "v$k8s_version" "v0.$minor_patch"
major=${k8s_version%%.*}
minor=${minor_patch%%.*}
build_date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
k8s_ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  k8s_ldflags="$k8s_ldflags -X $pkg.gitVersion=v$k8s_version -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
  k8s_ldflags="$k8s_ldflags -X $pkg.gitTreeState=clean -X $pkg.buildDate=$build_date"
done
(
  cd "$work/k8s"
  go mod download k8s.io/kubernetes
  go build -trimpath -ldflags "$k8s_ldflags" -o "$out/" \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler \
    k8s.io/kubernetes/cmd/kubectl \
    k8s.io/kubernetes/cmd/kubelet \
    k8s.io/kubernetes/cmd/kube-proxy
)

echo "building etcd v$etcd_version into $out"
wrapper_module "$work/etcd" go.etcd.io/etcd/server/v3 "v$etcd_version" "v$etcd_version"
(
  cd "$work/etcd"
  go build -trimpath -ldflags "-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3
)

# CoreDNS's go.mod has no local replacements: it installs as published.
echo "building CoreDNS v$coredns_version into $out"
GOBIN="$out" go install -trimpath -ldflags "-s -w" "github.com/coredns/coredns@v$coredns_version"

"$out/kube-apiserver" --version
"$out/etcd" --version | head -n 1
"$out/coredns" -version | head -n 1
echo "control plane built in $(($(date +%s) - started)) s"
