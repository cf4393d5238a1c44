// Bundles the extension into dist/extension.js, or (with --tests) each test file into out/test/.
// Usage: node scripts/build.mjs [--production] [--tests]

import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const tests = process.argv.includes('--tests');

/** Every `*.test.ts` below `dir`, as paths relative to the package root. */
function testFiles(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => relative(root, join(e.parentPath ?? e.path, e.name)));
}

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // The Node that ships with VS Code 1.91 (Electron 29) is 20.9.
  target: 'node20',
  logLevel: 'warning',
};

if (tests) {
  rmSync(join(root, 'out'), { recursive: true, force: true });
  await esbuild.build({
    ...common,
    entryPoints: testFiles('test'),
    outdir: 'out/test',
    outbase: 'test',
    // Tests run under plain Node: dependencies come from node_modules, and nothing may pull in `vscode`.
    packages: 'external',
    sourcemap: 'inline',
  });
} else {
  // A production build has no source map: do not leave a stale one next to it.
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  await esbuild.build({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    // `vscode` is provided by the editor at run time; everything else goes into the bundle.
    external: ['vscode'],
    minify: production,
    sourcemap: production ? false : 'linked',
  });
}
