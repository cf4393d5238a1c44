// The servers under test and what each needs from its client: how to start it, its settings, the requests
// it sends the client, when it is ready, and how it delivers diagnostics (push or pull).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Lsp, uri } from './lsp.mjs';

/** The default debounces, read from each server's code; they are inside every push number below. */
export const KEP_LS_DEFAULT_DEBOUNCE_MS = 75; // server/src/cli/mod.rs, `--debounce-ms`
export const YAML_LS_VALIDATION_DELAY_MS = 200; // yaml-language-server out/server/src/yamlSettings.js, validationDelayMs (not a setting)

const answerNull = () => null;

export function kepLs(binary, debounceMs) {
  const args = debounceMs === undefined ? ['serve'] : ['serve', '--debounce-ms', String(debounceMs)];
  const name = debounceMs === undefined ? `kep-ls, default debounce ${KEP_LS_DEFAULT_DEBOUNCE_MS} ms` : `kep-ls, --debounce-ms ${debounceMs}`;
  return {
    name,
    short: debounceMs === undefined ? 'kep-ls (75 ms)' : `kep-ls (${debounceMs} ms)`,
    debounceMs: debounceMs ?? KEP_LS_DEFAULT_DEBOUNCE_MS,
    diagnostics: 'push',
    versioned: true,
    spawn: (root) => new Lsp(name, binary, args, { cwd: root, env: { RUST_LOG: 'warn' } }),
    install(lsp) {
      lsp.handle('workspace/configuration', (p) => p.items.map(() => null));
      lsp.handle('window/workDoneProgress/create', answerNull);
    },
    // Ready once the workspace is indexed (the end of its `$/progress`).
    ready: (lsp) => lsp.waitFor('end of indexing', (m) => m.method === '$/progress' && m.params?.value?.kind === 'end'),
  };
}

export function yamlLs(peers, schemaPath) {
  const name = 'yaml-language-server 1.25.0';
  const settings = {
    yaml: {
      validate: true,
      hover: true,
      completion: true,
      schemas: { [uri(schemaPath)]: '**/kep.yaml' },
      // Both default to fetching catalogues from the network.
      schemaStore: { enable: false },
      kubernetesCRDStore: { enable: false },
    },
    http: {},
    '[yaml]': {},
    editor: {},
  };
  return {
    name,
    short: 'yaml-ls',
    debounceMs: YAML_LS_VALIDATION_DELAY_MS,
    diagnostics: 'push',
    versioned: false,
    spawn: (root) =>
      new Lsp(name, process.execPath, [join(peers, 'yaml-language-server/bin/yaml-language-server'), '--stdio'], { cwd: root }),
    install(lsp) {
      let configured;
      lsp.configured = new Promise((resolve) => (configured = resolve));
      // It pulls `yaml`, `http`, `[yaml]` and `editor` after `initialized`, and `[yaml]` (scoped) before each validation.
      lsp.handle('workspace/configuration', (p) => {
        const items = p.items.map((item) => (item.scopeUri ? {} : settings[item.section] ?? null));
        if (p.items.some((i) => i.section === 'yaml')) configured();
        return items;
      });
      lsp.handle('client/registerCapability', answerNull);
      lsp.handle('window/workDoneProgress/create', answerNull);
    },
    ready: (lsp) => lsp.guard(lsp.configured, 'request for its settings'),
  };
}

/** VS Code's `markdown.*` defaults with validation on (`markdown.validate.enabled` is off by default). */
const MARKDOWN_SETTINGS = {
  markdown: {
    server: { log: 'off' },
    preferredMdPathExtensionStyle: 'auto',
    suggest: { paths: { enabled: true, includeWorkspaceHeaderCompletions: 'onDoubleHash' } },
    occurrencesHighlight: { enabled: false },
    validate: {
      enabled: true,
      referenceLinks: { enabled: 'warning' },
      fragmentLinks: { enabled: 'warning' },
      fileLinks: { enabled: 'warning', markdownFragmentLinks: 'inherit' },
      ignoredLinks: [],
      unusedLinkDefinitions: { enabled: 'hint' },
      duplicateLinkDefinitions: { enabled: 'warning' },
    },
  },
};

/**
 * The Markdown server of vscode-langservers-extracted. Like VS Code's markdown extension, the client
 * tokenizes (`markdown/parse`, markdown-it with `html` and `linkify`) and gives file-system access
 * (`markdown/fs/*`); the time spent here is part of the server's latency, as in VS Code, and is counted.
 */
export function markdownLs(peers, openTexts) {
  const name = 'vscode-markdown-language-server 4.10.0';
  // markdown-it lives with the peers in bench/.peers, not beside this file.
  const MarkdownIt = createRequire(join(peers, 'bench.js'))('markdown-it');
  const md = new MarkdownIt({ html: true, linkify: true });
  const client = { parseMs: 0, parses: 0 };
  const read = (u) => readFileSync(fileURLToPath(u));
  const kind = (path) => ({ isDirectory: statSync(path).isDirectory() });
  return {
    name,
    short: 'markdown-ls',
    debounceMs: 0,
    diagnostics: 'pull',
    versioned: false,
    client,
    spawn: (root) =>
      new Lsp(name, process.execPath, [join(peers, 'vscode-langservers-extracted/bin/vscode-markdown-language-server'), '--stdio'], {
        cwd: root,
      }),
    install(lsp, root) {
      lsp.handle('markdown/parse', ({ uri: u, text }) => {
        const started = performance.now();
        const tokens = md.parse(text ?? openTexts.get(u) ?? read(u).toString('utf8'), {});
        client.parseMs += performance.now() - started;
        client.parses += 1;
        return tokens;
      });
      lsp.handle('markdown/fs/readFile', ({ uri: u }) => Array.from(read(u)));
      lsp.handle('markdown/fs/stat', ({ uri: u }) => {
        try {
          return kind(fileURLToPath(u));
        } catch {
          return null;
        }
      });
      lsp.handle('markdown/fs/readDirectory', ({ uri: u }) => {
        const dir = fileURLToPath(u);
        return readdirSync(dir).map((n) => [n, kind(join(dir, n))]);
      });
      lsp.handle('markdown/findMarkdownFilesInWorkspace', () => markdownFiles(root).map(uri));
      // Nothing changes on disk during the run, so watchers need not watch.
      lsp.handle('markdown/fs/watcher/create', answerNull);
      lsp.handle('markdown/fs/watcher/delete', answerNull);
      lsp.handle('client/registerCapability', answerNull);
      lsp.handle('workspace/diagnostic/refresh', answerNull);
      lsp.handle('window/workDoneProgress/create', answerNull);
    },
    // It reads its settings from `workspace/didChangeConfiguration` only.
    afterInitialized: (lsp) => lsp.notify('workspace/didChangeConfiguration', { settings: MARKDOWN_SETTINGS }),
    ready: async () => {},
  };
}

function markdownFiles(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) markdownFiles(path, out);
    else if (entry.name.endsWith('.md')) out.push(path);
  }
  return out;
}
