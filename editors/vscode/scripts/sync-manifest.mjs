// Writes the server's rule codes into package.json (`kep.rules` → `propertyNames.enum`), so that VS Code
// completes and checks rule codes in settings.json. `cargo test --test e2e editors::` fails when they drift.
// Usage: node scripts/sync-manifest.mjs <path/to/kep-ls>

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binary = process.argv[2] ?? 'kep-ls';
const table = execFileSync(binary, ['rules'], { encoding: 'utf8' });
const codes = table
  .split('\n')
  .map((line) => /^\| `([a-z0-9-]+)`/.exec(line)?.[1])
  .filter((code) => code !== undefined);
const manifestPath = join(root, 'package.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
manifest.contributes.configuration.properties['kep.rules'].propertyNames = {
  enum: codes,
  errorMessage: 'Not a kep-ls rule code: `kep-ls rules` lists them.',
};
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`kep.rules: ${codes.length} rule codes`);
