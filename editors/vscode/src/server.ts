// Finding the kep-ls binary (setting, then PATH, then the one bundled in a platform .vsix) and the message
// shown when it is missing.

import * as fs from 'node:fs';
import * as path from 'node:path';

export const SERVER_NAME = 'kep-ls';
/** `kep-ls serve`; vscode-languageclient appends `--stdio`, which the server accepts and ignores. */
export const SERVER_ARGS: readonly string[] = ['serve'];

export interface DiscoveryInput {
  /** The `kep.server.path` setting ("" when unset). */
  configured: string;
  /** The PATH variable (on Windows also spelled `Path`). */
  pathEnv: string | undefined;
  platform: NodeJS.Platform;
  /** The home directory, for a setting that starts with `~`. */
  home: string;
  /** The first workspace folder, against which a relative setting is resolved. */
  workspaceFolder?: string;
  /** The binary a platform-specific .vsix carries (`<extension>/bin/kep-ls`), used when nothing else is found. */
  bundled?: string;
}

export type Discovery =
  | { kind: 'found'; path: string; source: 'setting' | 'path' | 'bundled' }
  | { kind: 'bad-setting'; configured: string; resolved: string }
  | { kind: 'not-found' };

/** Whether `file` is a regular file this process may execute. */
export function isExecutableFile(file: string, platform: NodeJS.Platform = process.platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    // Windows has no execute bit: the extension check is what decides there.
    if (platform !== 'win32') {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** The setting if it is set (and a file is there), else `kep-ls` on PATH, else the bundled binary. */
export function findServer(
  input: DiscoveryInput,
  isExecutable: (file: string) => boolean = (file) => isExecutableFile(file, input.platform),
): Discovery {
  const p = input.platform === 'win32' ? path.win32 : path.posix;
  const exeNames = (base: string): string[] =>
    input.platform === 'win32' && !/\.exe$/i.test(base) ? [base, `${base}.exe`] : [base];

  const configured = input.configured.trim();
  if (configured !== '') {
    let resolved = configured;
    if (resolved === '~' || resolved.startsWith('~/') || resolved.startsWith('~\\')) {
      resolved = p.join(input.home, resolved.slice(1));
    } else if (!p.isAbsolute(resolved) && input.workspaceFolder) {
      resolved = p.resolve(input.workspaceFolder, resolved);
    }
    const hit = exeNames(resolved).find(isExecutable);
    // A setting that points nowhere is an error, not a reason to run some other kep-ls from PATH.
    return hit ? { kind: 'found', path: hit, source: 'setting' } : { kind: 'bad-setting', configured, resolved };
  }

  const delimiter = input.platform === 'win32' ? ';' : ':';
  for (const rawDir of (input.pathEnv ?? '').split(delimiter)) {
    // Windows PATH entries may be quoted; an empty entry means "current directory", which we skip on purpose.
    const dir = rawDir.trim().replace(/^"(.*)"$/, '$1');
    if (dir === '') {
      continue;
    }
    const hit = exeNames(p.join(dir, SERVER_NAME)).find(isExecutable);
    if (hit) {
      return { kind: 'found', path: hit, source: 'path' };
    }
  }
  const bundled = input.bundled === undefined ? undefined : exeNames(input.bundled).find(isExecutable);
  return bundled ? { kind: 'found', path: bundled, source: 'bundled' } : { kind: 'not-found' };
}

/** The PATH of an environment; Windows spells the variable in any case. */
export function pathFromEnv(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  if (platform !== 'win32') {
    return env.PATH;
  }
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH');
  return key === undefined ? undefined : env[key];
}

export const INSTALL_HINT =
  'Install it with `cargo install --locked --path server` from a clone of the kep-ls repository, ' +
  'or set `kep.server.path` to the binary.';

/** The error shown when no server can be started. */
export function missingServerMessage(result: Exclude<Discovery, { kind: 'found' }>): string {
  if (result.kind === 'bad-setting') {
    const where =
      result.resolved === result.configured ? `"${result.configured}"` : `"${result.configured}" (${result.resolved})`;
    return `kep.server.path is set to ${where}, but no executable kep-ls is there. ${INSTALL_HINT}`;
  }
  return `The KEP language server (kep-ls) was not found on PATH. ${INSTALL_HINT}`;
}
