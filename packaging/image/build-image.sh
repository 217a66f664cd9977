#!/usr/bin/env bash
# Builds the appliance image: packaging/image/build-image.sh OUTDIR [--deb FILE] [--mirror URL]
#   OUTDIR/haapp-rootfs.tar.gz  a Debian 12 root filesystem: systemd, iproute2, libpcap0.8, haapp (enabled),
#                               /etc/haapp/haapp.yaml, and haapp-site.service (renders it from /etc/haapp/site.yaml)
#   OUTDIR/haapp-oci.tar        the same tree as an OCI image archive (podman load / docker load), entrypoint
#                               "haapp run -c /etc/haapp/haapp.yaml"
#   --deb FILE                  the haapp .deb to install (default: packaging/build-deb.sh builds one)
#   --mirror URL                the Debian mirror (default: $HAAPP_MIRROR, else the first one this host's apt uses)
# Needs root (mmdebstrap's root mode; it is apt-get installed when missing), sha256sum and gzip; no container runtime.
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
repo=$(cd "$here/../.." && pwd)
# The mirror this host's apt already uses (deb822 .sources or one-line sources.list), so the image comes from the same place.
host_mirror() {
  { grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}'
    grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '{print $2}'; } | grep -m1 '/debian/\?$' || true
}
out="" deb="" mirror=${HAAPP_MIRROR:-$(host_mirror)}
while (($#)); do
  case "$1" in
    --deb) deb=${2:?"--deb needs a file"}; shift 2 ;;
    --mirror) mirror=${2:?"--mirror needs a URL"}; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "build-image.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) [ -z "$out" ] || { echo "build-image.sh: one OUTDIR only, got '$out' and '$1'" >&2; exit 2; }
       out=$1; shift ;;
  esac
done
[ -n "$out" ] || { echo "usage: build-image.sh OUTDIR [--deb FILE] [--mirror URL]" >&2; exit 2; }
[ -n "$mirror" ] || { echo "build-image.sh: no Debian mirror in this host's apt sources; give --mirror URL" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "build-image.sh: needs root (mmdebstrap builds the tree as root, with chroot)" >&2; exit 1; }
if ! command -v mmdebstrap >/dev/null; then
  echo "build-image.sh: installing mmdebstrap" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap; } >/dev/null \
    || { echo "build-image.sh: cannot install mmdebstrap" >&2; exit 1; }
fi

started=$SECONDS
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/haapp-image.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ -z "$deb" ]; then
  deb=$("$repo/packaging/build-deb.sh" -o "$work/deb" --artifacts-path "$work/artifacts" | tail -1)
fi
deb=$(readlink -f "$deb")
version=$(dpkg-deb -f "$deb" Version)

# The package's dependencies come from the mirror (listed here, since the .deb is installed with dpkg -i in a
# hook); man pages, info and translations are left out of an appliance.
echo "build-image.sh: debootstrapping Debian 12 from $mirror" >&2
mmdebstrap --variant=minbase --mode=root --format=tar --quiet \
  --include=systemd,systemd-sysv,iproute2,libpcap0.8,libssl3,libstdc++6,libgcc-s1,ca-certificates \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
  --customize-hook="copy-in '$deb' /tmp" \
  --customize-hook="chroot \"\$1\" dpkg -i /tmp/$(basename "$deb")" \
  --customize-hook="rm -f \"\$1/tmp/$(basename "$deb")\"" \
  --customize-hook="copy-in '$here/haapp-site.service' /etc/systemd/system" \
  --customize-hook='chroot "$1" systemctl enable haapp.service haapp-site.service' \
  --customize-hook='echo haapp > "$1/etc/hostname"' \
  --customize-hook=': > "$1/etc/machine-id"' \
  bookworm "$work/rootfs.tar" "deb $mirror bookworm main" \
  || { echo "build-image.sh: mmdebstrap failed (is $mirror reachable?)" >&2; exit 1; }

# The root filesystem tarball is also the OCI image's only layer: diff_id is the digest of the tar, the
# layer's digest that of the gzip'ed blob (OCI image spec, config.md "rootfs").
echo "build-image.sh: writing the OCI image" >&2
sha() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c %s "$1"; }
oci="$work/oci"
mkdir -p "$oci/blobs/sha256"
diff_id=$(sha "$work/rootfs.tar")
gzip -n -6 "$work/rootfs.tar"
layer=$(sha "$work/rootfs.tar.gz")
layer_size=$(size "$work/rootfs.tar.gz")
ln "$work/rootfs.tar.gz" "$oci/blobs/sha256/$layer"

created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
printf '%s' "{\"created\":\"$created\",\"architecture\":\"amd64\",\"os\":\"linux\",\
\"config\":{\"Entrypoint\":[\"/usr/bin/haapp\",\"run\",\"-c\",\"/etc/haapp/haapp.yaml\"],\
\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"],\"WorkingDir\":\"/\",\
\"StopSignal\":\"SIGTERM\",\"Labels\":{\"org.opencontainers.image.title\":\"haapp\",\"org.opencontainers.image.version\":\"$version\"}},\
\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:$diff_id\"]},\
\"history\":[{\"created\":\"$created\",\"created_by\":\"packaging/image/build-image.sh (mmdebstrap bookworm + haapp $version)\"}]}" \
  > "$work/config.json"
config=$(sha "$work/config.json")
config_size=$(size "$work/config.json")
mv "$work/config.json" "$oci/blobs/sha256/$config"

printf '%s' "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\
\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:$config\",\"size\":$config_size},\
\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$layer\",\"size\":$layer_size}]}" \
  > "$work/manifest.json"
manifest=$(sha "$work/manifest.json")
manifest_size=$(size "$work/manifest.json")
mv "$work/manifest.json" "$oci/blobs/sha256/$manifest"

# The tag after the last colon of ref.name is what podman/docker load name the image (haapp:VERSION, with
# a Debian version's ~ and + made tag-safe).
tag=$(printf '%s' "${version#*:}" | tr '~+' '--')
printf '%s' '{"imageLayoutVersion":"1.0.0"}' > "$oci/oci-layout"
printf '%s' "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\
\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:$manifest\",\"size\":$manifest_size,\
\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"},\
\"annotations\":{\"org.opencontainers.image.ref.name\":\"haapp:$tag\",\"io.containerd.image.name\":\"localhost/haapp:$tag\"}}]}" \
  > "$oci/index.json"

tar --create --file "$work/haapp-oci.tar" --owner=0 --group=0 --numeric-owner --sort=name -C "$oci" oci-layout index.json blobs
mv -f "$work/rootfs.tar.gz" "$out/haapp-rootfs.tar.gz"
mv -f "$work/haapp-oci.tar" "$out/haapp-oci.tar"
echo "build-image.sh: done in $((SECONDS - started)) s: $out/haapp-rootfs.tar.gz, $out/haapp-oci.tar" >&2
echo "$out/haapp-rootfs.tar.gz"
echo "$out/haapp-oci.tar"
