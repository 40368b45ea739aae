#!/usr/bin/env bash
# Builds the images the real node runs, with no Docker engine and no registry, and writes each as a
# docker-archive that `ctr images import` loads into the node's containerd:
#
#   base       a JRE base image made from Debian packages (debootstrap --variant=minbase with
#              openjdk-17-jre-headless, curl and fontconfig with its fonts, which the operator's
#              results-page charts measure text with), standing in for the public JRE image the
#              Dockerfiles start from by default; cached, built once per machine
#   pause      the pod sandbox image: a static C program (pause.c) that waits for SIGTERM; cached
#   operator   operator/Dockerfile, built by `buildah bud` over the base
#   spark-app  spark-app/Dockerfile, built by `buildah bud` over the base
#
# Usage: images.sh OUT_DIR [--project]
#   writes base.tar and pause.tar into OUT_DIR; with --project also operator.tar and spark-app.tar
#   (after `mvn package`: the Dockerfiles copy operator/target and spark-app/target). Prints one
#   line per image: <name> <image reference> <archive> <size in bytes>.
#
# Buildah keeps its storage under the cache folder (vfs driver, chroot isolation), never in the
# machine's /var/lib/containers. The Debian mirror is the one this machine's apt uses.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: images.sh OUT_DIR [--project]}
project=${2:-}
cache="${SPARKBENCH_NODE_CACHE:-${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/node}"
suite=bookworm
packages=openjdk-17-jre-headless,curl,ca-certificates,fontconfig

# Images as users name them: the chart's and the examples' defaults.
base_image=localhost/sparkbench/jre-base:17-$suite
pause_image=localhost/sparkbench/pause:1
operator_image=${SPARKBENCH_OPERATOR_IMAGE:-sparkbench-operator:dev}
spark_app_image=${SPARKBENCH_SPARK_APP_IMAGE:-sparkbench/spark-app:dev}

for tool in buildah debootstrap gcc; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "images.sh: $tool is missing (Debian packages: buildah debootstrap gcc libc6-dev)" >&2
    exit 2
  }
done
mkdir -p "$cache" "$out"
out=$(cd "$out" && pwd)
buildah_() {
  buildah --root "$cache/buildah/root" --runroot "$cache/buildah/run" --storage-driver vfs "$@"
}

# The first Debian archive this machine's apt is configured with.
mirror() {
  local uri
  uri=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null |
    grep -v -- '-security' | head -n 1 || true)
  if [ -z "$uri" ]; then
    uri=$(sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\)[[:space:]].*/\2/p' \
      /etc/apt/sources.list 2>/dev/null | grep -v -- '-security' | head -n 1 || true)
  fi
  [ -n "$uri" ] || { echo "images.sh: no Debian mirror in this machine's apt sources" >&2; exit 2; }
  echo "$uri"
}

# base: the root filesystem from Debian packages, committed as an image with a JRE's environment.
# The archive is keyed by the package list, and the image in buildah's storage carries the key as a
# label: a changed list builds a new base even where an older one is stored under the same name.
base_key=$(echo "$packages" | sha256sum | cut -c1-12)
base_archive="$cache/base-$suite-$base_key.tar"
stored_key=$(buildah_ inspect --type image \
  --format '{{index .OCIv1.Config.Labels "io.sparkbench.base-packages"}}' "$base_image" 2>/dev/null || true)
if [ "$stored_key" != "$base_key" ]; then
  if [ ! -s "$base_archive" ]; then
    started=$(date +%s)
    rootfs=$(mktemp -d "$cache/rootfs.XXXXXX")
    trap 'rm -rf "$rootfs"' EXIT
    echo "images.sh: debootstrap $suite ($packages), once per machine" >&2
    debootstrap --variant=minbase --include="$packages" "$suite" "$rootfs" "$(mirror)" >"$cache/debootstrap.log" 2>&1 || {
      tail -n 20 "$cache/debootstrap.log" >&2
      exit 1
    }
    # what an image does not need: package lists, caches, documentation
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
      "$rootfs"/usr/share/doc "$rootfs"/usr/share/man "$rootfs"/usr/share/info
    tar -C "$rootfs" --numeric-owner -cf "$base_archive.rootfs" .
    rm -rf "$rootfs"
    trap - EXIT
    container=$(buildah_ from scratch)
    buildah_ add "$container" "$base_archive.rootfs" / >/dev/null
    rm -f "$base_archive.rootfs"
    java_home=/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)
    buildah_ config --label io.sparkbench.base-packages="$base_key" \
      --env JAVA_HOME="$java_home" --env LANG=C.UTF-8 \
      --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      --cmd /bin/bash "$container"
    buildah_ commit --rm "$container" "$base_image" >/dev/null
    buildah_ push --quiet "$base_image" "docker-archive:$base_archive:$base_image" >/dev/null
    echo "images.sh: base image built in $(($(date +%s) - started)) s" >&2
  else
    buildah_ tag "$(buildah_ pull --quiet "docker-archive:$base_archive")" "$base_image"
  fi
fi

# pause: the sandbox every pod starts with
pause_archive="$cache/pause-$(sha256sum "$root/control-plane/node/pause.c" | cut -c1-12).tar"
if [ ! -s "$pause_archive" ]; then
  work=$(mktemp -d)
  gcc -static -Os -s -o "$work/pause" "$root/control-plane/node/pause.c"
  container=$(buildah_ from scratch)
  buildah_ copy "$container" "$work/pause" /pause >/dev/null
  buildah_ config --entrypoint '["/pause"]' --user 65535:65535 "$container"
  buildah_ commit --rm "$container" "$pause_image" >/dev/null
  rm -f "$pause_archive.tmp"
  buildah_ push --quiet "$pause_image" "docker-archive:$pause_archive.tmp:$pause_image" >/dev/null
  buildah_ rmi "$pause_image" >/dev/null
  mv "$pause_archive.tmp" "$pause_archive"
  rm -rf "$work"
fi
ln -sf "$pause_archive" "$out/pause.tar"
ln -sf "$base_archive" "$out/base.tar"
echo "base $base_image $base_archive $(stat -c %s "$base_archive")"
echo "pause $pause_image $pause_archive $(stat -c %s "$pause_archive")"
[ "$project" = --project ] || exit 0

# the project's two images, from their Dockerfiles, over the base
build() {
  local name=$1 dockerfile=$2 image=$3 started
  started=$(date +%s)
  buildah_ bud --quiet --isolation chroot --pull-never --layers=false \
    --build-arg BASE="$base_image" -f "$root/$dockerfile" -t "$image" "$root" >/dev/null
  rm -f "$out/$name.tar"
  buildah_ push --quiet "$image" "docker-archive:$out/$name.tar:$image" >/dev/null
  buildah_ rmi "$image" >/dev/null
  echo "images.sh: $image built in $(($(date +%s) - started)) s" >&2
}
build operator operator/Dockerfile "$operator_image"
build spark-app spark-app/Dockerfile "$spark_app_image"
echo "operator $operator_image $out/operator.tar $(stat -c %s "$out/operator.tar")"
echo "spark-app $spark_app_image $out/spark-app.tar $(stat -c %s "$out/spark-app.tar")"
