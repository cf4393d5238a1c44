// Reads the extension manifest (package.json) and builds the `kep` section VS Code would hand the extension.

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface SettingSchema {
  type: string;
  default: unknown;
  enum?: string[];
  description?: string;
  markdownDescription?: string;
  additionalProperties?: { type: string; enum?: string[] };
  scope?: string;
}

export interface Manifest {
  name: string;
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  repository?: { url: string };
  license?: string;
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    configuration: { properties: Record<string, SettingSchema> };
  };
}

/** The editors/vscode directory: the nearest parent of this (bundled) file that holds our package.json. */
export function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'kep-ls') {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`no kep-ls package.json above ${__dirname}`);
    }
  }
}

export function readManifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as Manifest;
}

/**
 * What `workspace.getConfiguration().get('kep')` returns with no user settings: the defaults, nested by the
 * dots of their keys (`kep.inlayHints.enabled` → `{ inlayHints: { enabled } }`).
 */
export function defaultSection(manifest: Manifest): Record<string, unknown> {
  const section: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(manifest.contributes.configuration.properties)) {
    const parts = key.split('.').slice(1);
    let node = section;
    for (const part of parts.slice(0, -1)) {
      node = (node[part] ??= {}) as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = schema.default;
  }
  return section;
}
