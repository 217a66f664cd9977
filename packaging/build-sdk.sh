#!/usr/bin/env bash
# Builds the plugin SDK folder: packaging/build-sdk.sh OUTDIR [--feed-path PATH] [--artifacts-path DIR]
#   OUTDIR                 the SDK folder to write (the .deb installs it as /usr/share/haapp/sdk)
#   --feed-path PATH       the feed folder as authors will see it, written into OUTDIR/nuget.config
#                          (default: OUTDIR/feed; build-deb.sh passes /usr/share/haapp/sdk/feed)
#   --artifacts-path DIR   build in DIR instead of the projects' bin/obj
# OUTDIR gets:
#   feed/       a local NuGet feed: HaAppliance.Abstractions.<SDK>.nupkg (with XML docs and README), the
#               host-shared packages it depends on (so a plugin restores offline) and HaAppliance.Templates.<SDK>.nupkg
#   nuget.config  a package source entry for that feed, to merge into a plugin project's nuget.config
#   plugins.md    the author guide (docs/plugins.md)
#   README.md     how to start: dotnet new install, dotnet new haapp-plugin
# Needs the .NET SDK; works offline once the repository's packages are restored (the host-shared packages are
# copied from the NuGet global packages folder).
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
repo=$(cd "$here/.." && pwd)

out="" feed_path="" artifacts=()
while (($#)); do
  case "$1" in
    --feed-path) feed_path=${2:?"--feed-path needs a path"}; shift 2 ;;
    --artifacts-path) artifacts=(--artifacts-path "${2:?"--artifacts-path needs a folder"}"); shift 2 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "build-sdk.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) [ -z "$out" ] || { echo "build-sdk.sh: one OUTDIR only, got '$out' and '$1'" >&2; exit 2; }
       out=$1; shift ;;
  esac
done
[ -n "$out" ] || { echo "build-sdk.sh: usage: build-sdk.sh OUTDIR [--feed-path PATH] [--artifacts-path DIR]" >&2; exit 2; }
command -v dotnet >/dev/null || { echo "build-sdk.sh: 'dotnet' not found" >&2; exit 1; }

sdk_project="$repo/core/HaAppliance.Abstractions/HaAppliance.Abstractions.csproj"
sdk_version=$(sed -n 's:.*<SdkVersion>\(.*\)</SdkVersion>.*:\1:p' "$sdk_project" | head -1)
[[ "$sdk_version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "build-sdk.sh: SdkVersion '$sdk_version' in $sdk_project is not MAJOR.MINOR.PATCH" >&2; exit 1; }
# The template's default SDK version must be the one packed here, or a new plugin cannot restore.
template_json="$here/template/content/haapp-plugin/.template.config/template.json"
grep -q "\"defaultValue\": \"$sdk_version\"" "$template_json" \
  || { echo "build-sdk.sh: $template_json: sdk-version default is not $sdk_version (SdkVersion)" >&2; exit 1; }

mkdir -p "$out/feed"
out=$(cd "$out" && pwd)
feed="$out/feed"
feed_path=${feed_path:-$feed}
rm -f "$feed"/*.nupkg

echo "build-sdk.sh: packing HaAppliance.Abstractions $sdk_version" >&2
dotnet pack "$sdk_project" -c Release -o "$feed" "${artifacts[@]}" -nologo -clp:ErrorsOnly -v quiet >&2 \
  || { echo "build-sdk.sh: packing the SDK failed" >&2; exit 1; }
echo "build-sdk.sh: packing HaAppliance.Templates $sdk_version" >&2
dotnet pack "$here/template/HaAppliance.Templates.csproj" -c Release -o "$feed" "${artifacts[@]}" -p:PackageVersion="$sdk_version" \
  -nologo -clp:ErrorsOnly -v quiet >&2 \
  || { echo "build-sdk.sh: packing the template failed" >&2; exit 1; }

# The host-shared packages the SDK depends on (logging and DI abstractions and their own dependencies), exactly
# the closure NuGet resolves for net10.0: restore a probe project from the new feed plus the global packages folder
# into an empty packages folder, then copy every package it pulled in (but the SDK) into the feed.
probe=$(mktemp -d "${TMPDIR:-/tmp}/haapp-sdk-probe.XXXXXX")
trap 'rm -rf "$probe"' EXIT
global=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')
global=${NUGET_PACKAGES:-$global}
cat > "$probe/probe.csproj" <<PROBE
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageReference Include="HaAppliance.Abstractions" Version="$sdk_version" /></ItemGroup>
</Project>
PROBE
cat > "$probe/nuget.config" <<PROBE
<configuration>
  <packageSources>
    <clear />
    <add key="sdk" value="$feed" />
    <add key="global-packages" value="$global" />
  </packageSources>
</configuration>
PROBE
NUGET_PACKAGES="$probe/packages" dotnet restore "$probe/probe.csproj" -nologo -v quiet >&2 \
  || { echo "build-sdk.sh: resolving the SDK's dependencies from $global failed (restore the repository first)" >&2; exit 1; }
for nupkg in "$probe"/packages/*/*/*.nupkg; do
  case "$(basename "$nupkg")" in haappliance.abstractions.*) continue ;; esac
  cp "$nupkg" "$feed/"
done

cat > "$out/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<!-- The HaAppliance plugin SDK feed: merge this source into your plugin's nuget.config (or copy the file beside it).
     It holds HaAppliance.Abstractions $sdk_version, the host-shared packages it depends on and the dotnet new template,
     so a plugin restores with no other source. -->
<configuration>
  <packageSources>
    <add key="haapp-sdk" value="$feed_path" />
  </packageSources>
</configuration>
CONFIG
install -m 0644 "$repo/docs/plugins.md" "$out/plugins.md"
cat > "$out/README.md" <<README
# HaAppliance plugin SDK $sdk_version

    dotnet new install $feed_path/HaAppliance.Templates.$sdk_version.nupkg
    dotnet new haapp-plugin -n Acme.TcpCheck --kind check          # or notifier, vip-backend
    cp $(dirname "$feed_path")/nuget.config Acme.TcpCheck/          # the SDK package comes from $feed_path
    dotnet publish Acme.TcpCheck -c Release -o /etc/haapp/plugins/Acme.TcpCheck

feed/ holds HaAppliance.Abstractions $sdk_version (with its XML documentation), the packages it shares with the
host, and the template. The author guide is plugins.md here.
README
echo "$out"
