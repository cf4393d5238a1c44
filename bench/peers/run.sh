#!/usr/bin/env bash
# Side-by-side benchmark of kep-ls against yaml-language-server and VS Code's Markdown server: installs the pinned
# peers into bench/.peers (npm, offline cache first), builds kep-ls if needed, and runs bench/peers/run.mjs on the
# real corpus (../shared/corpus) or, without it, on a generated one. Extra arguments go to run.mjs (--edits N ...).
# Environment: KEP_LS_BINARY (a kep-ls to measure instead of building), KEP_CORPUS (a directory holding keps/).
set -euo pipefail
cd "$(dirname "$0")/../.."

peers=bench/.peers
mkdir -p "$peers"
# Reinstall only when the pinned versions change.
if ! cmp -s bench/peers/package-lock.json "$peers/node_modules/.bench-lock.json"; then
  cp bench/peers/package.json bench/peers/package-lock.json "$peers/"
  npm ci --prefix "$peers" --prefer-offline --no-audit --no-fund --loglevel=error
  cp bench/peers/package-lock.json "$peers/node_modules/.bench-lock.json"
fi

binary=${KEP_LS_BINARY:-target/release/kep-ls}
if [[ -z ${KEP_LS_BINARY:-} ]]; then
  cargo build --release --locked -j 2 --bin kep-ls
fi

corpus=${KEP_CORPUS:-../shared/corpus}
if [[ ! -d $corpus/keps ]]; then
  corpus=$(mktemp -d "${TMPDIR:-/tmp}/kep-ls-peers-XXXXXX")
  trap 'rm -rf "$corpus"' EXIT
  echo "no corpus at ${KEP_CORPUS:-../shared/corpus}: generating a synthetic one in $corpus" >&2
  node bench/peers/synthetic.mjs "$corpus" 300
fi

node bench/peers/run.mjs --kep-ls "$binary" --corpus "$corpus" --peers "$PWD/$peers/node_modules" \
  --schema "$PWD/editors/schema/kep.schema.json" "$@"
