// Settings shaping: what the server receives from the `kep` section.

import * as assert from 'node:assert/strict';
import { test } from 'node:test';

import { serverSettings, shapeConfigurationResults } from '../../src/settings';
import { defaultSection, readManifest } from '../support/manifest';

const userSection = {
  server: { path: '/opt/kep-ls' },
  trace: { server: 'verbose' },
  rules: { 'owning-sig-mismatch': 'off', 'invalid-status': 'error' },
  sigsFile: '/src/community/sigs.yaml',
  inlayHints: { enabled: false },
  markdown: { documentSymbols: true, foldingRanges: false, anchorLinks: true },
  codeLens: { enabled: true },
};

test('serverSettings drops the client-only keys and keeps everything else', () => {
  assert.deepEqual(serverSettings(userSection), {
    rules: { 'owning-sig-mismatch': 'off', 'invalid-status': 'error' },
    sigsFile: '/src/community/sigs.yaml',
    inlayHints: { enabled: false },
    markdown: { documentSymbols: true, foldingRanges: false, anchorLinks: true },
    codeLens: { enabled: true },
  });
});

test('serverSettings returns a detached copy', () => {
  const section = structuredClone(userSection);
  const shaped = serverSettings(section);
  section.rules['invalid-status'] = 'hint';
  section.inlayHints.enabled = true;
  assert.equal((shaped.rules as Record<string, string>)['invalid-status'], 'error');
  assert.equal((shaped.inlayHints as Record<string, boolean>).enabled, false);
});

test('serverSettings of something that is not an object is empty', () => {
  for (const value of [undefined, null, 'kep', 3, ['rules']]) {
    assert.deepEqual(serverSettings(value), {});
  }
});

test('the defaults the manifest declares reach the server as the contract spells them', () => {
  assert.deepEqual(serverSettings(defaultSection(readManifest())), {
    rules: {},
    sigsFile: '',
    upcomingRelease: '',
    allAdvice: false,
    spelling: { allow: [] },
    inlayHints: { enabled: true },
    markdown: { documentSymbols: true, foldingRanges: true, anchorLinks: true },
    codeLens: { enabled: true },
  });
});

test('workspace/configuration answers: only items for `kep` are shaped', () => {
  const items = [{ section: 'kep' }, { section: 'kep.rules' }, { section: 'editor' }, {}];
  const results = [userSection, userSection.rules, { tabSize: 2 }, { kep: userSection }];
  const shaped = shapeConfigurationResults(items, results);
  assert.equal(shaped.length, 4);
  assert.deepEqual(shaped[0], serverSettings(userSection));
  assert.equal(shaped[1], results[1]);
  assert.equal(shaped[2], results[2]);
  assert.equal(shaped[3], results[3]);
});
