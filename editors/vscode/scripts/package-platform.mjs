// Packages a platform-specific .vsix that carries the kep-ls binary (bin/kep-ls), so that installing the one
// .vsix is the whole set-up; the extension uses it when neither kep.server.path nor PATH gives a kep-ls.
// Usage: node scripts/package-platform.mjs <path/to/kep-ls> [target, default linux-x64]

import { chmodSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [binary, target = 'linux-x64'] = process.argv.slice(2);
if (!binary) {
  console.error('usage: node scripts/package-platform.mjs <path/to/kep-ls> [target]');
  process.exit(2);
}
const name = target.startsWith('win32') ? 'kep-ls.exe' : 'kep-ls';
const bin = join(root, 'bin');
rmSync(bin, { recursive: true, force: true });
mkdirSync(bin);
copyFileSync(resolve(binary), join(bin, name));
chmodSync(join(bin, name), 0o755);
try {
  const vsce = join(root, 'node_modules', '.bin', 'vsce');
  execFileSync(vsce, ['package', '--no-dependencies', '--target', target], { cwd: root, stdio: 'inherit' });
} finally {
  rmSync(bin, { recursive: true, force: true });
}
