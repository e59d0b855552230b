# The built API for the scripts' one-shot commands. Source this file, do not execute it:
#
#   source scripts/lib/api.sh
#   api_command token --role secretariat     # = dotnet Registration.Api.dll token ..., in the project directory
#
# The API is built (quietly: its output is shown only if the build fails) when the dll is missing or older than
# any of its sources, so an unchanged tree starts the command at once; `dotnet run` would check the build
# every time and print its messages. The command runs in the project directory, as `dotnet run` does, so that
# it reads the same appsettings*.json.
#
# Like postgres.sh, this file leaves the caller's shell options alone.

_api_lib_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
_API_REPO_ROOT="$(cd "$_api_lib_dir/../.." && pwd -P)"
unset _api_lib_dir
_API_PROJECT="$_API_REPO_ROOT/src/Registration.Api"
API_DLL="$_API_PROJECT/bin/Debug/net10.0/Registration.Api.dll"

# True if the built dll is missing or older than a file it is built from.
_api_stale() {
  [[ -f "$API_DLL" ]] || return 0
  local newer
  newer="$(find "$_API_PROJECT" "$_API_REPO_ROOT/migrations" \( -name bin -o -name obj \) -prune -o \
             -type f \( -name '*.cs' -o -name '*.csproj' \) -newer "$API_DLL" -print -quit 2>/dev/null)"
  [[ -n "$newer" ]] && return 0
  newer="$(find "$_API_REPO_ROOT" -maxdepth 1 -type f \( -name 'Directory.*.props' -o -name global.json \) -newer "$API_DLL" -print -quit)"
  [[ -n "$newer" ]]
}

# Builds the API if it is stale; prints the build's output (to stderr) only when the build fails.
api_build() {
  _api_stale || return 0
  local log status=0
  log="$(mktemp)"
  DOTNET_NOLOGO=1 dotnet build "$_API_PROJECT" -c Debug -nologo -v q --tl:off >"$log" 2>&1 || status=$?
  if [[ "$status" -ne 0 ]]; then
    cat "$log" >&2
    printf 'api: building %s failed (output above)\n' "${_API_PROJECT#"$_API_REPO_ROOT"/}" >&2
  fi
  rm -f "$log"
  return "$status"
}

# Runs one of the API's one-shot commands on the built dll (building it first if stale); returns its exit code.
api_command() {
  api_build || return 1
  (cd "$_API_PROJECT" && DOTNET_NOLOGO=1 exec dotnet "$API_DLL" "$@")
}
