// The side-by-side benchmark: kep-ls against yaml-language-server (kep.yaml) and VS Code's Markdown server
// (README.md), in one run, on the same files with the same edit script. Run it through bench/peers/run.sh.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { uri } from './lsp.mjs';
import { kepLs, markdownLs, yamlLs } from './servers.mjs';

const { values: opts } = parseArgs({
  options: {
    'kep-ls': { type: 'string' },
    corpus: { type: 'string' },
    peers: { type: 'string' },
    schema: { type: 'string' },
    edits: { type: 'string', default: '200' },
    reopens: { type: 'string', default: '10' },
    cold: { type: 'string', default: '5' },
    'show-diagnostics': { type: 'boolean', default: false },
  },
});
for (const required of ['kep-ls', 'corpus', 'peers', 'schema']) {
  if (!opts[required]) throw new Error(`--${required} is required`);
}
const EDITS = Number(opts.edits);
const REOPENS = Number(opts.reopens);
const COLD = Number(opts.cold);
const TYPED = 'the quick brown fox jumps over the lazy dog ';
const root = resolve(opts.corpus);
const binary = resolve(opts['kep-ls']);
const peers = resolve(opts.peers);
const schema = resolve(opts.schema);
// The text the client holds for each open document (the Markdown server asks the client to parse it).
const openTexts = new Map();

// ---- statistics ------------------------------------------------------------------------------------

const percentile = (samples, p) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(((sorted.length - 1) * p) / 100)];
};
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const mb = (kib) => (kib / 1024).toFixed(1);
const ratio = (peer, ours) => (ours > 0 ? `${(peer / ours).toFixed(1)}×` : '∞');

// ---- the edit script -------------------------------------------------------------------------------

/** The largest file of this name under keps/, and how many there are. */
function largest(name) {
  let best = null;
  let count = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === name) {
        count += 1;
        const size = statSync(path).size;
        if (!best || size > best.size) best = { path, size };
      }
    }
  };
  walk(join(root, 'keps'));
  if (!best) throw new Error(`no ${name} under ${root}/keps`);
  return { ...best, count };
}

/** The line typed into: the middle line of the file, as in server/benches/latency.rs. */
function middleLine(text) {
  const lines = text.split('\n');
  return Math.floor((text.endsWith('\n') ? lines.length - 1 : lines.length) / 2);
}

function lineStart(text, line) {
  let offset = 0;
  for (let i = 0; i < line; i++) offset = text.indexOf('\n', offset) + 1;
  return offset;
}

const languageOf = (path) => (path.endsWith('.md') ? 'markdown' : 'yaml');

// ---- one server ------------------------------------------------------------------------------------

function initializeParams() {
  return {
    processId: process.pid,
    clientInfo: { name: 'kep-ls peer bench' },
    rootUri: uri(root),
    rootPath: root,
    workspaceFolders: [{ uri: uri(root), name: 'corpus' }],
    capabilities: {
      general: { positionEncodings: ['utf-16'] },
      window: { workDoneProgress: true },
      workspace: { configuration: true, workspaceFolders: true, diagnostics: { refreshSupport: true } },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { versionSupport: true, relatedInformation: true },
        diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
      },
    },
  };
}

async function start(spec) {
  const started = performance.now();
  const lsp = spec.spawn(root);
  try {
    spec.install(lsp, root);
    await lsp.request('initialize', initializeParams());
    const initializeMs = performance.now() - started;
    const ready = spec.ready(lsp);
    lsp.notify('initialized', {});
    spec.afterInitialized?.(lsp);
    await ready;
    return { lsp, initializeMs, readyMs: performance.now() - started };
  } catch (e) {
    lsp.kill();
    throw e;
  }
}

/** The diagnostics for `u` after the last message sent: push waits for a publish, pull asks (again while cancelled). */
function diagnosticsAfter(spec, lsp, u, version, send) {
  if (spec.diagnostics === 'push') {
    const published = lsp.waitFor(`diagnostics for ${u} v${version}`, (m) =>
      m.method === 'textDocument/publishDiagnostics' &&
      m.params.uri === u &&
      (!spec.versioned || (m.params.version ?? -1) >= version),
    );
    send();
    return published.then((m) => m.params.diagnostics);
  }
  send();
  const pull = async () => {
    try {
      const report = await lsp.request('textDocument/diagnostic', { textDocument: { uri: u } });
      if (report?.kind !== 'full') throw new Error(`${spec.name}: unexpected diagnostic report ${JSON.stringify(report).slice(0, 200)}`);
      return report.items;
    } catch (e) {
      // ServerCancelled / ContentModified: the client asks again, as VS Code does.
      if (e.code === -32802 || e.code === -32801) {
        lsp.retries = (lsp.retries ?? 0) + 1;
        return pull();
      }
      throw e;
    }
  };
  return pull();
}

async function timed(promiseFactory) {
  const started = performance.now();
  const result = await promiseFactory();
  return { ms: performance.now() - started, result };
}

function open(spec, lsp, path, text, version) {
  const u = uri(path);
  openTexts.set(u, text);
  return diagnosticsAfter(spec, lsp, u, version, () =>
    lsp.notify('textDocument/didOpen', { textDocument: { uri: u, languageId: languageOf(path), version, text } }),
  );
}

async function close(spec, lsp, path) {
  const u = uri(path);
  const cleared =
    spec.diagnostics === 'push'
      ? lsp.waitFor(`cleared diagnostics for ${u}`, (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === u && m.params.diagnostics.length === 0)
      : Promise.resolve();
  lsp.notify('textDocument/didClose', { textDocument: { uri: u } });
  await cleared;
  openTexts.delete(u);
}

/** A file that must draw diagnostics, opened at the end: proves the server was configured to validate. */
const PROBES = {
  yaml: { name: 'keps/sig-node/9999-probe/kep.yaml', text: 'title: Probe\nkep-number: 9999\nauthors: []\nowning-sig: sig-node\nstatus: bogus\napprovers: []\nunknown-key: 1\n', min: 2 },
  markdown: { name: 'keps/sig-node/9999-probe/README.md', text: '# KEP-9999: Probe\n\nSee [nowhere](#no-such-heading).\n', min: 1 },
};

async function session(spec, file) {
  const { lsp, initializeMs, readyMs } = await start(spec);
  try {
    const ready = lsp.memory();
    const original = readFileSync(file.path, 'utf8');
    const u = uri(file.path);
    const first = await timed(() => open(spec, lsp, file.path, original, 1));
    if (opts['show-diagnostics']) {
      for (const d of first.result) process.stderr.write(`  ${spec.short} ${d.range.start.line + 1}: ${d.message.split('\n')[0].slice(0, 140)}\n`);
    }
    const opened = lsp.memory();

    let text = original;
    const line = middleLine(text);
    const start = lineStart(text, line);
    const keystrokes = [];
    let last = 0;
    for (let i = 0; i < EDITS; i++) {
      const version = i + 2;
      const c = TYPED[i % TYPED.length];
      text = text.slice(0, start + i) + c + text.slice(start + i);
      openTexts.set(u, text);
      const position = { line, character: i };
      const change = { range: { start: position, end: position }, text: c };
      const { ms, result } = await timed(() =>
        diagnosticsAfter(spec, lsp, u, version, () =>
          lsp.notify('textDocument/didChange', { textDocument: { uri: u, version }, contentChanges: [change] }),
        ),
      );
      keystrokes.push(ms);
      last = result.length;
    }
    const edited = lsp.memory();

    const reopens = [];
    for (let k = 1; k <= REOPENS; k++) {
      await close(spec, lsp, file.path);
      reopens.push((await timed(() => open(spec, lsp, file.path, original, 1000 + k))).ms);
    }
    await close(spec, lsp, file.path);

    const probe = PROBES[languageOf(file.path)];
    const probed = await open(spec, lsp, join(root, probe.name), probe.text, 1);
    if (probed.length < probe.min) {
      throw new Error(`${spec.name}: the probe ${probe.name} drew ${probed.length} diagnostics (expected ≥ ${probe.min}): validation is not on`);
    }
    const end = lsp.memory();
    const received = Object.fromEntries(lsp.received);
    const logErrors = lsp.logErrors;
    const retries = lsp.retries ?? 0;
    await lsp.shutdown();
    return {
      spec, initializeMs, readyMs, ready, opened, edited, peak: end.hwm,
      first: first.ms, firstCount: first.result.length, keystrokes, lastCount: last, reopens, received, logErrors, retries,
      probe: probed.map((d) => d.message.split('\n')[0]),
      client: spec.client ? { ...spec.client } : null,
    };
  } catch (e) {
    lsp.kill();
    throw e;
  }
}

async function coldStarts(spec) {
  const initialize = [];
  const ready = [];
  for (let i = 0; i < COLD; i++) {
    const s = await start(spec);
    initialize.push(s.initializeMs);
    ready.push(s.readyMs);
    await s.lsp.shutdown();
  }
  return { initialize: percentile(initialize, 50), ready: percentile(ready, 50) };
}

// ---- report ----------------------------------------------------------------------------------------

function machine() {
  const tryRun = (cmd, args) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
    } catch {
      return 'unavailable';
    }
  };
  return [
    `cores: ${cpus().length} (${cpus()[0]?.model ?? 'unknown'}), memory ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Linux ${release()}`,
    `node ${process.version}; ${tryRun(binary, ['--version'])}; ${tryRun('rustc', ['--version'])}`,
  ];
}

function table(file, results) {
  const rows = [
    '| server | initialize | ready | first diagnostics after open | reopen p50 | keystroke p50 | keystroke p99 | keystroke max | RSS ready | RSS after open | RSS after edits | peak (VmHWM) | diagnostics open / last edit |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    rows.push(
      `| ${r.spec.name} | ${fmt(r.cold.initialize)} ms | ${fmt(r.cold.ready)} ms | ${fmt(r.first)} ms | ${fmt(percentile(r.reopens, 50))} ms | ` +
        `${fmt(percentile(r.keystrokes, 50))} ms | ${fmt(percentile(r.keystrokes, 99))} ms | ${fmt(Math.max(...r.keystrokes))} ms | ` +
        `${mb(r.ready.rss)} MB | ${mb(r.opened.rss)} MB | ${mb(r.edited.rss)} MB | ${mb(r.peak)} MB | ${r.firstCount} / ${r.lastCount} |`,
    );
  }
  return [`### ${file.label}: \`${relative(root, file.path)}\` (${(file.size / 1024).toFixed(1)} KB), ${EDITS} keystrokes`, '', ...rows];
}

function ratios(results) {
  const peer = results.find((r) => !r.spec.name.startsWith('kep-ls'));
  const rows = [
    `| ${peer.spec.short} ÷ kep-ls | first diagnostics | reopen p50 | keystroke p50 | keystroke p99 | keystroke p50, debounces subtracted | RSS after edits | peak |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const ours of results.filter((r) => r !== peer)) {
    rows.push(
      `| vs ${ours.spec.short} | ${ratio(peer.first, ours.first)} | ${ratio(percentile(peer.reopens, 50), percentile(ours.reopens, 50))} | ` +
        `${ratio(percentile(peer.keystrokes, 50), percentile(ours.keystrokes, 50))} | ${ratio(percentile(peer.keystrokes, 99), percentile(ours.keystrokes, 99))} | ` +
        `${ratio(percentile(peer.keystrokes, 50) - peer.spec.debounceMs, percentile(ours.keystrokes, 50) - ours.spec.debounceMs)} | ` +
        `${ratio(peer.edited.rss, ours.edited.rss)} | ${ratio(peer.peak, ours.peak)} |`,
    );
  }
  return rows;
}

function minusDebounce(results) {
  return results
    .filter((r) => r.spec.diagnostics === 'push' && r.spec.debounceMs > 0)
    .map((r) =>
      `- ${r.spec.name}: keystroke minus its ${r.spec.debounceMs} ms debounce: p50 ${fmt(percentile(r.keystrokes, 50) - r.spec.debounceMs)} ms, ` +
        `p99 ${fmt(percentile(r.keystrokes, 99) - r.spec.debounceMs)} ms`,
    );
}

function protocolNotes(results) {
  return results.map((r) => {
    const asked = Object.entries(r.received)
      .filter(([m]) => m !== 'textDocument/publishDiagnostics')
      .map(([m, n]) => `${m} ×${n}`)
      .join(', ');
    const client = r.client ? `; client-side markdown-it: ${r.client.parses} parses, ${fmt(r.client.parseMs)} ms in all` : '';
    const pulls = r.spec.diagnostics === 'pull' ? `; diagnostic requests asked again after a cancel: ${r.retries}` : '';
    const errors = r.logErrors.length ? `; ${r.logErrors.length} error log messages (first: ${r.logErrors[0].slice(0, 120)})` : '';
    const probe = r.probe.map((m) => `"${m.slice(0, 80)}"`).join(', ');
    return `- ${r.spec.name}: the probe drew ${r.probe.length} diagnostics (${probe}); messages from the server: ${asked || 'none besides diagnostics'}${client}${pulls}${errors}`;
  });
}

async function main() {
  const kepYaml = { ...largest('kep.yaml'), label: 'kep.yaml' };
  const readme = { ...largest('README.md'), label: 'README.md' };
  const loadBefore = loadavg();
  const started = performance.now();
  const runs = [
    [kepYaml, [kepLs(binary), kepLs(binary, 0), yamlLs(peers, schema)]],
    [readme, [kepLs(binary), kepLs(binary, 0), markdownLs(peers, openTexts)]],
  ];
  const out = [
    `# kep-ls side by side with the servers a user would otherwise run`,
    '',
    ...machine(),
    `corpus: ${root} (${kepYaml.count} kep.yaml, ${readme.count} README.md)`,
    `load average before: ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`,
    '',
  ];
  const all = [];
  for (const [file, specs] of runs) {
    const results = [];
    for (const spec of specs) {
      process.stderr.write(`${file.label}: ${spec.name} ...\n`);
      const cold = await coldStarts(spec);
      const result = await session(spec, file);
      results.push({ ...result, cold });
    }
    all.push(...results);
    out.push(...table(file, results), '', ...ratios(results), '', ...minusDebounce(results), '');
  }
  out.push(
    '### What is measured',
    '',
    `- initialize: process spawn → \`initialize\` answered (p50 of ${COLD} fresh processes). ready: → kep-ls has indexed the whole corpus ` +
      '(end of its `$/progress`), yaml-ls has been sent its settings (`workspace/configuration`), the Markdown server has been sent its settings (`workspace/didChangeConfiguration`).',
    '- first diagnostics after open: `didOpen` sent → diagnostics for that file received, on a ready server. reopen: the same after `didClose` (p50 of ' +
      `${REOPENS}).`,
    `- keystroke: ${EDITS} one-character insertions typed into the middle line of the file (\`${TYPED.trim()}\`…), one at a time, each timed from ` +
      '`didChange` sent to: push (kep-ls) the `publishDiagnostics` for that version (kep-ls tags its publishes with the version); push (yaml-ls) the next ' +
      '`publishDiagnostics` for the file (yaml-ls sends no version; the next edit is sent only after it); pull (Markdown server) the answer to a ' +
      '`textDocument/diagnostic` request sent right after the change (asked again if cancelled), including the `markdown/parse` the server asks the client for.',
    '- The numbers are raw: each includes its server\'s debounce, kep-ls 75 ms by default (0 with `--debounce-ms 0`), yaml-language-server a fixed 200 ms ' +
      '(`validationDelayMs`, not configurable); the Markdown server has none (VS Code pulls after its own delay, not included here).',
    '- memory: VmRSS of the server process from /proc at ready, after the first open, after the edits, and VmHWM (peak) at the end. kep-ls holds the whole ' +
      'indexed corpus; the peers hold the open document (and the Markdown server any file it read to check links). The Markdown server\'s tokens are made ' +
      'in the client process (as in VS Code\'s extension host), so their memory is not in its figure.',
    '',
    '### Protocol',
    '',
    ...protocolNotes(all),
    '',
    `load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; the run took ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  console.log(out.join('\n'));
}

main().catch((e) => {
  console.error(`\nFAILED: ${e.stack ?? e}`);
  process.exit(1);
});
