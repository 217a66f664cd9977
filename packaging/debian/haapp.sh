#!/bin/sh
# /usr/bin/haapp: runs the framework-dependent CLI on the installed .NET runtime.
# DOTNET_ROOT (as Microsoft's install scripts set it) wins over the dotnet on PATH.
if [ -n "${DOTNET_ROOT:-}" ] && [ -x "$DOTNET_ROOT/dotnet" ]; then
  exec "$DOTNET_ROOT/dotnet" /usr/lib/haapp/haapp.dll "$@"
fi
exec dotnet /usr/lib/haapp/haapp.dll "$@"
