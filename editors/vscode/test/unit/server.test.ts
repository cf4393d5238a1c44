// Server discovery: the setting, then PATH (with .exe on Windows), and the message when kep-ls is missing.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { Discovery, findServer, isExecutableFile, missingServerMessage, pathFromEnv } from '../../src/server';

const posixOnly = { skip: process.platform === 'win32' ? 'needs POSIX execute bits' : false };

describe('findServer on a real file system', posixOnly, () => {
  let tmp = '';
  const dir = (name: string): string => path.join(tmp, name);
  const base = { platform: process.platform, home: '/nonexistent-home' } as const;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-ls-find-'));
    for (const d of ['exe1', 'exe2', 'noexec', 'isdir', 'ws/bin', 'home/bin']) {
      fs.mkdirSync(dir(d), { recursive: true });
    }
    for (const d of ['exe1', 'exe2', 'ws/bin', 'home/bin']) {
      fs.writeFileSync(path.join(dir(d), 'kep-ls'), '#!/bin/sh\n', { mode: 0o755 });
    }
    fs.writeFileSync(path.join(dir('noexec'), 'kep-ls'), '', { mode: 0o644 });
    fs.mkdirSync(path.join(dir('isdir'), 'kep-ls'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('skips non-executable files and directories, and takes the first hit on PATH', () => {
    const pathEnv = ['', dir('noexec'), dir('isdir'), dir('exe2'), dir('exe1')].join(':');
    assert.deepEqual(findServer({ ...base, configured: '', pathEnv }), {
      kind: 'found',
      path: path.join(dir('exe2'), 'kep-ls'),
      source: 'path',
    });
  });

  test('reports not-found when PATH has no kep-ls', () => {
    assert.deepEqual(findServer({ ...base, configured: '', pathEnv: [dir('noexec'), dir('isdir')].join(':') }), {
      kind: 'not-found',
    });
    assert.deepEqual(findServer({ ...base, configured: '', pathEnv: undefined }), { kind: 'not-found' });
  });

  test('the bundled binary is used only when neither the setting nor PATH gives one', () => {
    const bundled = path.join(dir('home/bin'), 'kep-ls');
    assert.deepEqual(findServer({ ...base, configured: '', pathEnv: dir('noexec'), bundled }), {
      kind: 'found',
      path: bundled,
      source: 'bundled',
    });
    assert.deepEqual(findServer({ ...base, configured: '', pathEnv: dir('exe1'), bundled }), {
      kind: 'found',
      path: path.join(dir('exe1'), 'kep-ls'),
      source: 'path',
    });
    assert.deepEqual(findServer({ ...base, configured: '', pathEnv: '', bundled: path.join(dir('noexec'), 'kep-ls') }), {
      kind: 'not-found',
    });
  });

  test('the setting wins over PATH', () => {
    const configured = path.join(dir('exe1'), 'kep-ls');
    assert.deepEqual(findServer({ ...base, configured, pathEnv: dir('exe2') }), {
      kind: 'found',
      path: configured,
      source: 'setting',
    });
  });

  test('a relative setting is resolved against the workspace folder, ~ against home', () => {
    const relative = findServer({ ...base, configured: 'bin/kep-ls', pathEnv: '', workspaceFolder: dir('ws') });
    assert.deepEqual(relative, { kind: 'found', path: path.join(dir('ws'), 'bin', 'kep-ls'), source: 'setting' });
    const home = findServer({ ...base, home: dir('home'), configured: '~/bin/kep-ls', pathEnv: '' });
    assert.deepEqual(home, { kind: 'found', path: path.join(dir('home'), 'bin', 'kep-ls'), source: 'setting' });
  });

  test('a setting that points at nothing usable is an error, even with kep-ls on PATH', () => {
    for (const configured of [path.join(dir('noexec'), 'kep-ls'), path.join(tmp, 'missing'), ` ${dir('isdir')}/kep-ls `]) {
      const result = findServer({ ...base, configured, pathEnv: dir('exe1') });
      assert.equal(result.kind, 'bad-setting', configured);
    }
  });

  test('isExecutableFile', () => {
    assert.equal(isExecutableFile(path.join(dir('exe1'), 'kep-ls')), true);
    assert.equal(isExecutableFile(path.join(dir('noexec'), 'kep-ls')), false);
    assert.equal(isExecutableFile(path.join(dir('isdir'), 'kep-ls')), false);
    assert.equal(isExecutableFile(path.join(tmp, 'missing')), false);
  });
});

describe('findServer on Windows', () => {
  const base = { platform: 'win32', home: 'C:\\Users\\me' } as const;
  const only =
    (...files: string[]) =>
    (file: string): boolean =>
      files.includes(file);

  test('finds kep-ls.exe in a quoted PATH entry, using ; as the separator', () => {
    const exe = 'C:\\Program Files\\kep\\kep-ls.exe';
    const result = findServer(
      { ...base, configured: '', pathEnv: 'C:\\Windows;"C:\\Program Files\\kep";C:\\other' },
      only(exe, 'C:\\other\\kep-ls.exe'),
    );
    assert.deepEqual(result, { kind: 'found', path: exe, source: 'path' });
  });

  test('a setting without an extension also matches the .exe', () => {
    const result = findServer(
      { ...base, configured: '~\\tools\\kep-ls', pathEnv: '' },
      only('C:\\Users\\me\\tools\\kep-ls.exe'),
    );
    assert.deepEqual(result, { kind: 'found', path: 'C:\\Users\\me\\tools\\kep-ls.exe', source: 'setting' });
  });

  test('does not append .exe twice', () => {
    const seen: string[] = [];
    findServer({ ...base, configured: 'D:\\kep-ls.EXE', pathEnv: '' }, (file) => {
      seen.push(file);
      return false;
    });
    assert.deepEqual(seen, ['D:\\kep-ls.EXE']);
  });

  test('pathFromEnv reads Path in any case on Windows only', () => {
    assert.equal(pathFromEnv({ Path: 'C:\\x' }, 'win32'), 'C:\\x');
    assert.equal(pathFromEnv({ Path: '/x' }, 'linux'), undefined);
    assert.equal(pathFromEnv({ PATH: '/usr/bin' }, 'linux'), '/usr/bin');
  });
});

describe('missingServerMessage', () => {
  test('says how to install kep-ls and which setting to set', () => {
    const results: Exclude<Discovery, { kind: 'found' }>[] = [
      { kind: 'not-found' },
      { kind: 'bad-setting', configured: '~/kep-ls', resolved: '/home/me/kep-ls' },
    ];
    for (const result of results) {
      const message = missingServerMessage(result);
      assert.match(message, /cargo install --locked --path server/);
      assert.match(message, /kep\.server\.path/);
    }
  });

  test('names PATH, or the configured value and where it led', () => {
    assert.match(missingServerMessage({ kind: 'not-found' }), /not found on PATH/);
    const message = missingServerMessage({ kind: 'bad-setting', configured: '~/kep-ls', resolved: '/home/me/kep-ls' });
    assert.match(message, /"~\/kep-ls" \(\/home\/me\/kep-ls\)/);
  });
});
