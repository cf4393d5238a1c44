// The manifest (package.json) against the contract: settings, commands, activation and the document selector.

import * as assert from 'node:assert/strict';
import { test } from 'node:test';

import { minimatch } from 'minimatch';

import { COMMANDS } from '../../src/commands';
import { DOCUMENT_SELECTOR, KEP_GLOBS } from '../../src/selector';
import { readManifest } from '../support/manifest';

const manifest = readManifest();
const properties = manifest.contributes.configuration.properties;

// The settings contract with the server, written out here independently of package.json.
const CONTRACT: Record<string, { type: string; default: unknown; enum?: string[] }> = {
  'kep.server.path': { type: 'string', default: '' },
  'kep.trace.server': { type: 'string', default: 'off', enum: ['off', 'messages', 'verbose'] },
  'kep.rules': { type: 'object', default: {} },
  'kep.sigsFile': { type: 'string', default: '' },
  'kep.upcomingRelease': { type: 'string', default: '' },
  'kep.allAdvice': { type: 'boolean', default: false },
  'kep.spelling.allow': { type: 'array', default: [] },
  'kep.inlayHints.enabled': { type: 'boolean', default: true },
  'kep.markdown.documentSymbols': { type: 'boolean', default: true },
  'kep.markdown.foldingRanges': { type: 'boolean', default: true },
  'kep.markdown.anchorLinks': { type: 'boolean', default: true },
  'kep.codeLens.enabled': { type: 'boolean', default: true },
};

test('every contract setting is contributed, with its type, default and a description', () => {
  assert.deepEqual(Object.keys(properties).sort(), Object.keys(CONTRACT).sort());
  for (const [key, expected] of Object.entries(CONTRACT)) {
    const schema = properties[key];
    assert.equal(schema.type, expected.type, key);
    assert.deepEqual(schema.default, expected.default, key);
    assert.deepEqual(schema.enum, expected.enum, key);
    assert.ok((schema.markdownDescription ?? schema.description ?? '').length > 20, `${key} needs a description`);
  }
});

test('kep.rules maps rule codes to a severity or off', () => {
  const values = properties['kep.rules'].additionalProperties;
  assert.equal(values?.type, 'string');
  assert.deepEqual(values?.enum, ['off', 'error', 'warning', 'info', 'hint']);
  assert.match(properties['kep.rules'].markdownDescription ?? '', /kep-ls rules/);
});

test('the commands are contributed under the KEP category', () => {
  const contributed = manifest.contributes.commands;
  assert.deepEqual(contributed.map((c) => c.command).sort(), Object.values(COMMANDS).sort());
  for (const command of contributed) {
    assert.equal(command.category, 'KEP', command.command);
    assert.ok(command.title.length > 0, command.command);
  }
});

test('activation covers every KEP glob and both languages', () => {
  const events = new Set(manifest.activationEvents);
  for (const glob of Object.values(KEP_GLOBS)) {
    assert.ok(events.has(`workspaceContains:${glob}`), glob);
  }
  assert.ok(events.has('onLanguage:yaml') && events.has('onLanguage:markdown'));
});

test('the bundle is the entry point and the engine matches @types/vscode', () => {
  assert.equal(manifest.main, './dist/extension.js');
  assert.equal(manifest.engines.vscode, `^${manifest.devDependencies['@types/vscode']}`);
  assert.equal(manifest.license, 'Apache-2.0');
  assert.ok(manifest.repository?.url);
  for (const script of ['build', 'typecheck', 'lint', 'test', 'package']) {
    assert.ok(manifest.scripts[script], script);
  }
  assert.match(manifest.scripts.package, /--no-dependencies/);
});

test('the document selector takes KEP files and leaves other files alone', () => {
  const matches = (file: string, language: string): boolean =>
    DOCUMENT_SELECTOR.some((f) => f.scheme === 'file' && f.language === language && minimatch(file, f.pattern, { dot: true }));
  const kep = '/home/me/src/enhancements/keps/sig-node/1001-pod-readiness-hints';
  const yes: [string, string][] = [
    [`${kep}/kep.yaml`, 'yaml'],
    [`${kep}/README.md`, 'markdown'],
    ['/home/me/src/enhancements/keps/prod-readiness/sig-node/1001.yaml', 'yaml'],
    ['/home/me/src/enhancements/keps/NNNN-kep-template/README.md', 'markdown'],
    [`${kep}/OWNERS`, 'plaintext'],
  ];
  const no: [string, string][] = [
    ['/home/me/src/enhancements/README.md', 'markdown'],
    [`${kep}/notes.yaml`, 'yaml'],
    ['/home/me/src/app/deploy.yaml', 'yaml'],
    [`${kep}/kep.yaml`, 'plaintext'],
    ['/home/me/src/enhancements/OWNERS', 'plaintext'],
  ];
  for (const [file, language] of yes) {
    assert.equal(matches(file, language), true, `${file} (${language})`);
  }
  for (const [file, language] of no) {
    assert.equal(matches(file, language), false, `${file} (${language})`);
  }
});
