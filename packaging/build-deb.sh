#!/usr/bin/env bash
# Builds the appliance package: packaging/build-deb.sh [VERSION] [-o OUTDIR] [--artifacts-path DIR]
#   VERSION               Debian version (default: <Version> from Directory.Build.props, e.g. 0.1.0)
#   -o DIR                where haapp_<VERSION>_amd64.deb is written (default: .build/deb)
#   --artifacts-path DIR  build in DIR instead of the projects' bin/obj (an isolated, clean build)
# Needs only the .NET SDK and dpkg-deb; works offline once the NuGet packages are restored.
# The CLI is published self-contained for linux-x64 (the .NET runtime inside /usr/lib/haapp; not single-file,
# not trimmed, not AOT: plugins load at run time), so the package needs only Debian's own packages.
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
repo=$(cd "$here/.." && pwd)

version="" out="$repo/.build/deb" artifacts=()
while (($#)); do
  case "$1" in
    -o|--output) out=${2:?"-o needs a folder"}; shift 2 ;;
    --artifacts-path) artifacts=(--artifacts-path "${2:?"--artifacts-path needs a folder"}"); shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "build-deb.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) [ -z "$version" ] || { echo "build-deb.sh: one VERSION only, got '$version' and '$1'" >&2; exit 2; }
       version=$1; shift ;;
  esac
done
if [ -z "$version" ]; then
  version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/Directory.Build.props" | head -1)
fi
# Debian policy §5.6.12: [epoch:]upstream[-revision]; upstream starts with a digit; letters, digits and . + ~ - only.
if ! [[ "$version" =~ ^([0-9]+:)?[0-9][A-Za-z0-9.+~-]*$ ]]; then
  echo "build-deb.sh: version '$version' is not a Debian version ([EPOCH:]DIGIT[A-Za-z0-9.+~-]...)" >&2
  exit 2
fi
for tool in dotnet dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "build-deb.sh: '$tool' not found" >&2; exit 1; }
done
arch=amd64 rid_arch=x64
[ "$(uname -m)" = x86_64 ] || echo "build-deb.sh: warning: building amd64 package on $(uname -m)" >&2

mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d "${TMPDIR:-/tmp}/haapp-deb.XXXXXX")
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
lib="$root/usr/lib/haapp"

publish() { # publish PROJECT OUTDIR [EXTRA-ARGS...]
  local project=$1 dest=$2
  shift 2
  echo "build-deb.sh: publishing $(basename "$project" .csproj)" >&2
  # Not single-file, not trimmed and not AOT come from Directory.Build.props (and are checked by the package
  # test). Plugins get no extra properties: the same global properties as './haapp' and test.sh use keep the
  # shared bin/obj up to date instead of rebuilding them.
  dotnet publish "$project" -c Release -o "$dest" "$@" "${artifacts[@]}" -nologo -clp:ErrorsOnly -v quiet >&2 \
    || { echo "build-deb.sh: publishing $project failed" >&2; exit 1; }
}

# The CLI and kernel with the .NET runtime: /usr/lib/haapp/haapp (the apphost), haapp.dll, libcoreclr.so, ...
# Self-contained for linux-x64; the runtime pack comes from NuGet like any package. Plugins stay
# framework-dependent (below): they load into this runtime, and their Abstractions reference is not copied.
publish "$repo/core/haapp/haapp.csproj" "$lib" -r "linux-$rid_arch" --self-contained true
# Built-in plugins in the launcher's drop-in layout: /usr/lib/haapp/plugins/<Name>/HaAppliance.Plugins.<Name>.dll.
plugins=()
for proj in "$repo"/plugins/*/*.csproj; do
  [ -e "$proj" ] || continue
  # Helper libraries (plugins/Shared) are referenced by plugins, not dropped in as plugins.
  grep -q '<EnableDynamicLoading>true' "$proj" || continue
  name=$(basename "$proj" .csproj)
  short=${name#HaAppliance.Plugins.}
  publish "$proj" "$lib/plugins/$short"
  plugins+=("$short")
done
((${#plugins[@]})) || { echo "build-deb.sh: no plugins found under $repo/plugins" >&2; exit 1; }

# XML documentation of the SDK assembly is for plugin authors' IDEs, not for the appliance: it ships inside the SDK
# package in /usr/share/haapp/sdk instead.
find "$lib" -name '*.xml' -type f -delete

# The plugin SDK for authors: a local NuGet feed (HaAppliance.Abstractions with its XML docs, the host-shared packages
# it depends on, the dotnet new template), a nuget.config entry for it and the author guide (docs/plugins.md).
echo "build-sdk.sh: the plugin SDK" >&2
bash "$here/build-sdk.sh" "$root/usr/share/haapp/sdk" --feed-path /usr/share/haapp/sdk/feed "${artifacts[@]}" >/dev/null \
  || { echo "build-deb.sh: building the plugin SDK failed" >&2; exit 1; }

install -d "$root/usr/bin" "$root/etc/haapp" "$root/lib/systemd/system" \
  "$root/usr/share/haapp" "$root/usr/share/doc/haapp/examples" "$root/DEBIAN"
# The apphost finds its runtime beside its real path, so a symlink is all /usr/bin needs.
ln -s ../lib/haapp/haapp "$root/usr/bin/haapp"
# VRRP authentication passwords and notification credentials live in it: root only (the unit's UMask=0077
# keeps what the daemon writes private too).
install -m 0600 "$repo/etc/haapp.yaml" "$root/etc/haapp/haapp.yaml"
install -m 0644 "$repo/etc/systemd/haapp.service" "$root/lib/systemd/system/haapp.service"
cp -R "$repo/templates" "$root/usr/share/haapp/templates"
cp -R "$repo/etc/sites" "$root/usr/share/doc/haapp/examples/sites"
# Also where 'haapp render /usr/share/haapp/templates/X.sbn --site NAME' looks (../etc/sites beside the
# template folder): a copy, as nothing may depend on /usr/share/doc (Debian policy §12.3).
install -d "$root/usr/share/haapp/etc"
cp -R "$repo/etc/sites" "$root/usr/share/haapp/etc/sites"
install -m 0644 "$repo/README.md" "$root/usr/share/doc/haapp/README.md"
install -m 0644 "$here/README.md" "$root/usr/share/doc/haapp/README.appliance.md"
for doc in "$repo"/docs/*.md; do
  [ -e "$doc" ] && install -m 0644 "$doc" "$root/usr/share/doc/haapp/"
done
install -m 0644 "$here/debian/copyright" "$root/usr/share/doc/haapp/copyright"

# Maintainer scripts and metadata.
for script in postinst prerm postrm; do
  install -m 0755 "$here/debian/$script" "$root/DEBIAN/$script"
done
install -m 0644 "$here/debian/conffiles" "$root/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" \
  "$here/debian/control.in" > "$root/DEBIAN/control"

# Root-owned, nothing group/other-writable: the plugin loader refuses writable plugin files when run as
# root (keepalived's script security), and a umask of 002 must not leak into the package.
find "$root" -type d -exec chmod 0755 {} +
find "$root" -type f -exec chmod go-w,a+r {} +
chmod 0755 "$root"/DEBIAN/postinst "$root"/DEBIAN/prerm "$root"/DEBIAN/postrm
# Nothing but the apphost and the maintainer scripts is executable (NuGet ships some .dll 0744; the runtime's
# native .so files need no x bit to be loaded).
find "$root/usr/lib" "$root/usr/share" "$root/etc" "$root/lib" -type f -exec chmod 0644 {} +
chmod 0755 "$lib/haapp"
chmod 0600 "$root/etc/haapp/haapp.yaml"

# The file name leaves out the epoch, as dpkg-name does.
deb="$out/haapp_${version#*:}_${arch}.deb"
# --root-owner-group: every entry root:root without needing fakeroot; -Zxz: readable by any dpkg.
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >&2
echo "$deb"
