// End to end against the real kep-ls binary: diagnostics, completion and definition on a copy of examples/.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { CompletionItem, CompletionList, CompletionRequest, DefinitionRequest, Location, LocationLink, Range } from 'vscode-languageserver-protocol/node';

import { defaultSection, readManifest } from '../support/manifest';
import { Session, fixtureWorkspace } from '../support/lsp';

/** The position of `needle` in `text` (UTF-16 columns, which is what JavaScript strings count). */
function positionOf(text: string, needle: string, offset = 0): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.notEqual(line, -1, `fixture text has no ${JSON.stringify(needle)}`);
  return { line, character: lines[line].indexOf(needle) + offset };
}

function rangeOf(text: string, needle: string): Range {
  const start = positionOf(text, needle);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

const byPosition = (a: Range, b: Range): number => a.start.line - b.start.line || a.start.character - b.start.character;

describe('kep-ls over stdio, as the VS Code client talks to it', { timeout: 60_000 }, () => {
  let root = '';
  let session: Session;
  const kep = (...parts: string[]): string => path.join(root, 'keps', ...parts);

  before(async () => {
    root = fixtureWorkspace();
    // The settings a fresh VS Code sends: every default of the manifest.
    session = await Session.start(root, defaultSection(readManifest()));
  });

  after(async () => {
    try {
      if (session !== undefined) {
        assert.equal(await session.stop(), 0, 'kep-ls should exit with status 0 after shutdown and exit');
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('negotiates UTF-16 positions when that is all the client offers', () => {
    assert.equal(session.initializeResult.capabilities.positionEncoding ?? 'utf-16', 'utf-16');
  });

  test('publishes unknown-key at the exact range of the key, in UTF-16 columns', async () => {
    const file = kep('sig-storage', '1003-volume-health-events', 'kep.yaml');
    // `see_also` is the classic typo; `link🔗` is 6 UTF-16 units, 5 code points and 8 bytes long, so only
    // a server that counts in UTF-16 gets its end right.
    const text = `${fs.readFileSync(file, 'utf8')}see_also:\n  - "/keps/sig-node/1001-pod-readiness-hints"\nlink🔗: x\n`;
    const uri = await session.open(file, 'yaml', text);
    const expected = [rangeOf(text, 'see_also'), rangeOf(text, 'link🔗')];

    const unknownKeys = (diagnostics: { code?: number | string; range: Range }[]): Range[] =>
      diagnostics.filter((d) => d.code === 'unknown-key').map((d) => d.range);
    const published = await session.waitForDiagnostics(uri, (p) => unknownKeys(p.diagnostics).length > 0);

    assert.deepEqual(unknownKeys(published.diagnostics).sort(byPosition), expected);
    const seeAlso = published.diagnostics.find((d) => d.code === 'unknown-key' && d.range.start.line === expected[0].start.line);
    const message = seeAlso === undefined ? '' : typeof seeAlso.message === 'string' ? seeAlso.message : seeAlso.message.value;
    assert.match(message, /see-also/, 'the message should suggest the right key');
  });

  test('completes `status: ` with implementable, over the default edit range', async () => {
    assert.ok(session.initializeResult.capabilities.completionProvider, 'kep-ls should advertise completion');
    const file = kep('sig-node', '1001-pod-readiness-hints', 'kep.yaml');
    const text = fs.readFileSync(file, 'utf8').replace(/^status: .*$/m, 'status: ');
    const uri = await session.open(file, 'yaml', text);
    const position = positionOf(text, 'status: ', 'status: '.length);

    const result: CompletionItem[] | CompletionList | null = await session.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position,
      context: { triggerKind: 1 },
    });
    assert.ok(result && !Array.isArray(result), 'a completion list');
    const labels = result.items.map((item) => item.label);
    assert.ok(labels.includes('implementable'), `completion labels: ${JSON.stringify(labels)}`);
    // vscode-languageclient declares list defaults (as this session does): the range the items share
    // comes once, and `implementable` (inserted as its label) relies on it.
    const range = result.itemDefaults?.editRange;
    assert.ok(range && 'start' in range, `itemDefaults: ${JSON.stringify(result.itemDefaults)}`);
    assert.deepEqual(range, { start: position, end: position });
    const implementable = result.items.find((item) => item.label === 'implementable');
    assert.equal(implementable?.textEdit, undefined, 'the default range serves it');
  });

  test('goes from a see-also entry to the referenced KEP README', async () => {
    assert.ok(session.initializeResult.capabilities.definitionProvider, 'kep-ls should advertise definition');
    const file = kep('sig-apps', '1002-job-retry-budget', 'kep.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const reference = '/keps/sig-node/1001-pod-readiness-hints';
    const uri = await session.open(file, 'yaml', text);
    // Inside the path, not on its first character, as a user's click would be.
    const position = positionOf(text, reference, '/keps/sig-'.length);

    const result: Location | Location[] | LocationLink[] | null = await session.connection.sendRequest(
      DefinitionRequest.type,
      { textDocument: { uri }, position },
    );
    const targets = (result === null ? [] : Array.isArray(result) ? result : [result]).map((r) =>
      'targetUri' in r ? r.targetUri : r.uri,
    );
    assert.ok(
      targets.some((target) => target.endsWith('keps/sig-node/1001-pod-readiness-hints/README.md')),
      `definition targets: ${JSON.stringify(targets)}`,
    );
  });
});
