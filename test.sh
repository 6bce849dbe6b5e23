#!/usr/bin/env bash
# Runs every test against real RabbitMQ, PostgreSQL and Redis, on a fresh machine too:
#   1. installs whichever of rabbitmq-server, redis-server, postgresql, chromium is missing (apt), Prism,
#      the validating HTTP mock (npm, into .tools/prism; CRISISCOMMS_PRISM names its executable), and
#      the browser-side files in tools/web (npm, into .tools/web: the SignalR client, axe-core),
#   2. builds the solution,
#   3. starts private instances of the three servers once for the whole run (free loopback ports,
#      a temp folder; nothing shared with a server already running here) — or uses the ones named by
#      CRISISCOMMS_TEST_RABBITMQ / _REDIS / _POSTGRES when all are set,
#   4. runs every test project, and ends with one line: N passed, N failed, N skipped.
# It fails loudly, and never skips, when a server cannot be had.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
configuration=${CONFIGURATION:-Release}
results="$root/TestResults"
servers_pid=""
env_file=""

summary() { echo "$1 passed, $2 failed, $3 skipped"; }
cleanup() {
  if [ -n "$servers_pid" ] && kill -0 "$servers_pid" 2>/dev/null; then
    kill -TERM "$servers_pid" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$servers_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$servers_pid" 2>/dev/null || true
  fi
  [ -n "$env_file" ] && rm -f "$env_file"
}
trap cleanup EXIT
fail() { echo "test.sh: $*" >&2; summary 0 1 0; exit 1; }

# 1. Servers the tests need, from Debian's packages (and Node.js/npm when Prism must be installed).
prism_version=5.14.2
prism_lock="$root/../shared/specs/prism"
export CRISISCOMMS_PRISM=${CRISISCOMMS_PRISM:-"$root/.tools/prism/node_modules/.bin/prism"}
prism_ready() { [ "$("$CRISISCOMMS_PRISM" --version 2>/dev/null)" = "$prism_version" ]; }
missing=()
if [ -z "${CRISISCOMMS_TEST_RABBITMQ:-}" ]; then
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
  command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
fi
# The browser tests drive Debian's Chromium (Playwright's own download is not used).
[ -x /usr/bin/chromium ] || missing+=(chromium)
web_ready() { [ -f "$root/.tools/web/node_modules/axe-core/axe.min.js" ] && [ -f "$root/.tools/web/node_modules/@microsoft/signalr/dist/browser/signalr.min.js" ] \
  && cmp -s "$root/tools/web/package-lock.json" "$root/.tools/web/package-lock.json"; }
if ! prism_ready || ! web_ready; then
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else fail "need root or sudo to install ${missing[*]}"; fi
  $sudo apt-get update -qq || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "could not install ${missing[*]}"
fi

# Prism, pinned: `npm ci` against the lock file in ../shared (linked, not copied; every package
# checked against its integrity hash), else a plain install of the pinned version. Only the npm
# registry is contacted; npm's cache lives in a temp folder removed afterwards.
if ! prism_ready; then
  [ "$CRISISCOMMS_PRISM" = "$root/.tools/prism/node_modules/.bin/prism" ] \
    || fail "CRISISCOMMS_PRISM=$CRISISCOMMS_PRISM is not Prism $prism_version"
  echo "test.sh: installing Prism $prism_version into .tools/prism"
  npm_cache=$(mktemp -d)
  rm -rf "$root/.tools/prism" && mkdir -p "$root/.tools/prism"
  if [ -f "$prism_lock/package-lock.json" ]; then
    ln -s "$prism_lock/package.json" "$root/.tools/prism/package.json"
    ln -s "$prism_lock/package-lock.json" "$root/.tools/prism/package-lock.json"
    npm_config_cache="$npm_cache" npm ci --prefix "$root/.tools/prism" --ignore-scripts --no-audit --no-fund --no-update-notifier >/dev/null
  else
    npm_config_cache="$npm_cache" npm install --prefix "$root/.tools/prism" "@stoplight/prism-cli@$prism_version" --ignore-scripts --no-audit --no-fund --no-update-notifier >/dev/null
  fi
  npm_status=$?
  rm -rf "$npm_cache"
  [ "$npm_status" -eq 0 ] && prism_ready || fail "could not install Prism $prism_version (npm exited $npm_status)"
fi

# The pages' SignalR client and the accessibility tests' axe-core, pinned by tools/web/package-lock.json.
if ! web_ready; then
  echo "test.sh: installing tools/web (SignalR browser client, axe-core) into .tools/web"
  npm_cache=$(mktemp -d)
  rm -rf "$root/.tools/web" && mkdir -p "$root/.tools/web"
  cp "$root/tools/web/package.json" "$root/tools/web/package-lock.json" "$root/.tools/web/"
  npm_config_cache="$npm_cache" npm ci --prefix "$root/.tools/web" --ignore-scripts --no-audit --no-fund --no-update-notifier >/dev/null
  npm_status=$?
  rm -rf "$npm_cache"
  [ "$npm_status" -eq 0 ] && web_ready || fail "could not install tools/web (npm exited $npm_status)"
fi

# 2. Build once; the test runs below do not build again.
echo "test.sh: building ($configuration)"
dotnet build CrisisComms.sln -c "$configuration" -nologo -v quiet -clp:ErrorsOnly || fail "build failed"

# 3. One set of servers for every test assembly.
if [ -z "${CRISISCOMMS_TEST_RABBITMQ:-}" ]; then
  env_file=$(mktemp)
  rm -f "$env_file"
  mkdir -p "$results"
  dotnet "tests/CrisisComms.TestServers/bin/$configuration/net10.0/CrisisComms.TestServers.dll" "$env_file" >"$results/servers.log" 2>&1 &
  servers_pid=$!
  for _ in $(seq 1 360); do
    [ -f "$env_file" ] && break
    kill -0 "$servers_pid" 2>/dev/null || { cat "$results/servers.log" >&2; fail "the test servers could not be started"; }
    sleep 0.5
  done
  [ -f "$env_file" ] || fail "the test servers did not start within 180 s"
  # shellcheck disable=SC1090
  source "$env_file"
fi

# 4. Every test project; results as TRX (one file per assembly) for the count.
mkdir -p "$results"; rm -f "$results"/*.trx
status=0
projects=(tests/*.Tests/*.Tests.csproj tests/CrisisComms.IntegrationTests/CrisisComms.IntegrationTests.csproj)
for project in "${projects[@]}"; do
  name=$(basename "$project" .csproj)
  # A test that hangs (none should run past a few minutes) is stopped and named after 10 minutes,
  # instead of silently using up CI's time.
  dotnet test "$project" -c "$configuration" --no-build --nologo \
    --blame-hang-timeout 10m --blame-hang-dump-type none \
    --results-directory "$results" --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" || status=1
done

passed=0; failed=0; skipped=0
shopt -s nullglob
trx_files=("$results"/*.trx)
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
if [ "${#trx_files[@]}" -lt "${#projects[@]}" ]; then
  echo "test.sh: only ${#trx_files[@]} of ${#projects[@]} test projects reported results" >&2
  failed=$((failed + ${#projects[@]} - ${#trx_files[@]}))
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
cleanup
servers_pid=""
summary "$passed" "$failed" "$skipped"
[ "$failed" -eq 0 ]
