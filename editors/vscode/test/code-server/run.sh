#!/usr/bin/env bash
# Runs the extension in a real VS Code: code-server (VS Code for the browser) with the packaged .vsix installed,
# driven through its UI by a headless Chromium (playwright-core). Installs what it needs once, into
# ~/.cache/kep-ls/vscode-e2e (or $KEP_LS_E2E_CACHE; outside the checkout, so a fresh clone on the same machine
# reuses it): Node 24 from npm's `node@24`, code-server, playwright-core. Needs Debian's `chromium` and
# `libkrb5-dev` (code-server builds a Kerberos module). Usage: editors/vscode/test/code-server/run.sh [kep-ls]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../../.." && pwd)"
server="$(realpath "${1:-$repo/target/debug/kep-ls}")"
[ -x "$server" ] || { echo "no kep-ls binary at $server (run cargo build)"; exit 1; }
chromium="${CHROMIUM:-$(command -v chromium || true)}"
[ -n "$chromium" ] || { echo "chromium is required (apt-get install chromium libkrb5-dev)"; exit 1; }

cache="${KEP_LS_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kep-ls/vscode-e2e}"
mkdir -p "$cache"
node24="$cache/node24/node_modules/node/bin"
if [ ! -x "$node24/node" ]; then
  npm install --no-audit --no-fund --loglevel=error --prefix "$cache/node24" node@24
fi
export PATH="$node24:$PATH"
if [ ! -x "$cache/tools/node_modules/.bin/code-server" ] || [ ! -d "$cache/tools/node_modules/playwright-core" ]; then
  npm install --no-audit --no-fund --loglevel=error --prefix "$cache/tools" code-server@4.139.1 playwright-core@1.65.2
fi

# The .vsix with the binary inside: the server the user gets.
(cd "$repo/editors/vscode" && npm run -s build -- --production && node scripts/package-platform.mjs "$server" linux-x64 >/dev/null)
vsix="$(ls -t "$repo"/editors/vscode/kep-ls-linux-x64-*.vsix | head -1)"

work="$(mktemp -d)"
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
cp -R "$repo/examples/." "$work/ws/" 2>/dev/null || { mkdir -p "$work/ws"; cp -R "$repo/examples/." "$work/ws/"; }
mkdir -p "$work/data" "$work/ext" "$work/data/User"
# A fresh profile: no trust prompt, no welcome page, files saved as typed.
cat > "$work/data/User/settings.json" <<'EOF'
{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "editor.acceptSuggestionOnEnter": "on",
  "editor.quickSuggestions": { "other": false, "comments": false, "strings": false },
  "files.autoSave": "off"
}
EOF
codeserver="$cache/tools/node_modules/.bin/code-server"
common=(--user-data-dir "$work/data" --extensions-dir "$work/ext" --disable-telemetry --disable-update-check)
"$codeserver" "${common[@]}" --install-extension "$vsix" >/dev/null
port=$((20000 + RANDOM % 20000))
# PATH without kep-ls: the bundled binary must be the one that runs.
env PATH="$node24:/usr/bin:/bin" "$codeserver" "${common[@]}" --auth none --bind-addr "127.0.0.1:$port" \
  --disable-workspace-trust --disable-getting-started-override "$work/ws" >"$work/code-server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.3
done
KEP_WORKSPACE="$work/ws" CODE_SERVER_URL="http://127.0.0.1:$port/?folder=$work/ws" CHROMIUM="$chromium" \
  SCREENSHOT="${SCREENSHOT:-}" NODE_PATH="$cache/tools/node_modules" \
  timeout 300 node "$repo/editors/vscode/test/code-server/e2e.cjs" || {
    echo "--- code-server log"; tail -50 "$work/code-server.log"; exit 1;
  }
