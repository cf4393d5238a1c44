#!/usr/bin/env bash
# Runs every test of kep-ls: formatting, lints, the Rust tests (unit, fixtures, end-to-end over stdio, and the
# real-corpus tests when ../shared/corpus exists), the VS Code extension's checks, tests and packaging, and the
# extension in a real VS Code (code-server; needs Debian's chromium and libkrb5-dev, which .ci/run installs).
# Installs nothing system-wide (npm packages go to editors/vscode/node_modules).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --locked --all-targets -- -D warnings

step "SARIF 2.1.0 schema for the SARIF output test (from the npm package @microsoft/jest-sarif, not committed)"
SARIF_DIR=target/sarif-schema
SARIF_SCHEMA="$SARIF_DIR/package/lib/schemas/sarif-2.1.0-rtm.5.json"
if [ ! -f "$SARIF_SCHEMA" ]; then
  mkdir -p "$SARIF_DIR"
  (cd "$SARIF_DIR" && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null \
    && tar xzf microsoft-jest-sarif-1.0.0-beta.0.tgz package/lib/schemas/sarif-2.1.0-rtm.5.json)
fi
python3 -c "import jsonschema" 2>/dev/null || python3 -m pip install --quiet jsonschema
export KEP_LS_SARIF_SCHEMA="$PWD/$SARIF_SCHEMA"

step "cargo test"
# Property tests at proptest's usual depth here (a plain `cargo test` runs fewer cases of the costliest ones).
TEST_LOG=target/cargo-test.log
mkdir -p target
PROPTEST_CASES=256 cargo test --locked --workspace 2>&1 | tee "$TEST_LOG"

step "the real-corpus tests ran (each prints \`corpus: <n> <what> checked (<test>)\`)"
if [ -d ../shared/corpus/keps ]; then
  # Not anchored: a test's line may follow the harness's `test name ... ` on the same line.
  proofs=$(grep -oE 'corpus: [0-9]+ [A-Za-z ]+ checked \([^)]*\)' "$TEST_LOG" || true)
  if [ -z "$proofs" ]; then
    echo "../shared/corpus exists but no test reported checking it" >&2
    exit 1
  fi
  echo "$proofs"
  if echo "$proofs" | grep -qE '^corpus: 0 '; then
    echo "a corpus test checked nothing" >&2
    exit 1
  fi
  echo "$(echo "$proofs" | wc -l) corpus tests ran"
else
  echo "skipped: ../shared/corpus is absent"
fi

step "Neovim: the plugin, headless, against the debug server"
bash editors/nvim/test/run.sh target/debug/kep-ls
# The same on the plugin's Neovim 0.8-0.10 path (vim.lsp.start), which 0.11 still has.
KEP_LS_LEGACY_PATH=1 bash editors/nvim/test/run.sh target/debug/kep-ls

step "VS Code extension: install, typecheck, lint, test (against the debug server), package"
(
  cd editors/vscode
  npm ci --no-audit --no-fund --loglevel=error
  npm run -s typecheck
  npm run -s lint
  KEP_LS_BINARY="$PWD/../../target/debug/kep-ls" npm test
  npm run -s package
)

step "VS Code for real: the platform .vsix in code-server, driven through its UI by headless Chromium"
bash editors/vscode/test/code-server/run.sh target/debug/kep-ls

step "all tests passed"
