// Server command arguments: validation and the argument objects of the contract.

import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  COMMANDS,
  SERVER_COMMANDS,
  newKepArgs,
  promoteArgs,
  promoteTargetProblem,
  sigChoices,
  tocTargetProblem,
  updateTocArgs,
  validateAuthors,
  validateMilestone,
  validateNumber,
  validateSig,
  validateTitle,
} from '../../src/commands';

describe('validators', () => {
  const cases: [string, (text: string) => string | undefined, string[], string[]][] = [
    ['sig', validateSig, ['sig-node', ' sig-api-machinery ', 'sig-k8s-infra'], ['', 'node', 'Sig-node', 'sig-', 'sig--x', 'sig node']],
    ['title', validateTitle, ['My feature', ' x '], ['', '   ', 'two\nlines']],
    ['number', validateNumber, ['', ' ', '1', '1234'], ['0', '-3', '12a', '1.5', '99999999999999999999']],
    ['authors', validateAuthors, ['', '@me', 'me, @you  other', 'a-b'], ['@-me', 'me-', 'a--b', '@me!', 'x'.repeat(40)]],
    ['milestone', validateMilestone, ['', 'v1.34', '1.34'], ['v1', 'v1.34.2', 'next', '1.x']],
  ];
  for (const [name, validate, good, bad] of cases) {
    test(name, () => {
      for (const text of good) {
        assert.equal(validate(text), undefined, `${name} should accept ${JSON.stringify(text)}`);
      }
      for (const text of bad) {
        assert.equal(typeof validate(text), 'string', `${name} should reject ${JSON.stringify(text)}`);
      }
    });
  }
});

describe('newKepArgs', () => {
  test('leaves out empty optional answers', () => {
    const args = newKepArgs({ sig: ' sig-node ', title: ' My feature ', number: '', authors: ' ' });
    assert.deepEqual(args, { sig: 'sig-node', title: 'My feature' });
    assert.equal('number' in args || 'authors' in args, false);
  });

  test('parses the number and normalizes handles to @handle', () => {
    assert.deepEqual(newKepArgs({ sig: 'sig-apps', title: 'Retry', number: ' 1234 ', authors: 'me, @you  other' }), {
      sig: 'sig-apps',
      title: 'Retry',
      number: 1234,
      authors: ['@me', '@you', '@other'],
    });
  });

  test('rejects invalid answers', () => {
    assert.throws(() => newKepArgs({ sig: 'node', title: 'x' }), /sig-/);
    assert.throws(() => newKepArgs({ sig: 'sig-node', title: '' }), /title/);
    assert.throws(() => newKepArgs({ sig: 'sig-node', title: 'x', number: '0' }), /number/);
    assert.throws(() => newKepArgs({ sig: 'sig-node', title: 'x', authors: '@-x' }), /@-x/);
  });
});

describe('promoteArgs and updateTocArgs', () => {
  const uri = 'file:///src/enhancements/keps/sig-node/1001-pod-readiness-hints/kep.yaml';

  test('builds the contract object, with a v prefix on the milestone', () => {
    assert.deepEqual(promoteArgs(uri, 'beta', '1.34'), { uri, stage: 'beta', milestone: 'v1.34' });
    assert.deepEqual(promoteArgs(uri, 'stable', 'v1.35'), { uri, stage: 'stable', milestone: 'v1.35' });
    const bare = promoteArgs(uri, 'alpha', ' ');
    assert.deepEqual(bare, { uri, stage: 'alpha' });
    assert.equal('milestone' in bare, false);
    assert.deepEqual(updateTocArgs(uri), { uri });
  });

  test('rejects an unknown stage or a malformed milestone', () => {
    assert.throws(() => promoteArgs(uri, 'gamma'), /alpha, beta, stable/);
    assert.throws(() => promoteArgs(uri, 'beta', 'soon'), /v1\.34/);
  });
});

describe('target files', () => {
  const kep = '/src/enhancements/keps/sig-node/1001-pod-readiness-hints';

  test('promote accepts a KEP kep.yaml or README.md, on POSIX or Windows paths', () => {
    for (const file of [`${kep}/kep.yaml`, `${kep}/README.md`, 'C:\\src\\keps\\sig-node\\1001-x\\kep.yaml']) {
      assert.equal(promoteTargetProblem(file), undefined, file);
    }
    for (const file of ['', '/src/kep.yaml', `${kep}/other.md`, '/src/keps/prod-readiness/sig-node/1001.yaml', '/keps']) {
      assert.match(promoteTargetProblem(file) ?? '', /kep\.yaml or README\.md/, file);
    }
  });

  test('update TOC accepts a README.md under keps/ only', () => {
    assert.equal(tocTargetProblem(`${kep}/README.md`), undefined);
    for (const file of ['', `${kep}/kep.yaml`, '/src/README.md']) {
      assert.match(tocTargetProblem(file) ?? '', /README\.md/, file);
    }
  });
});

test('sigChoices keeps SIG folders only, sorted and unique', () => {
  const entries = [
    { name: 'sig-node', isDirectory: true },
    { name: 'prod-readiness', isDirectory: true },
    { name: 'sig-apps', isDirectory: true },
    { name: 'sig-cli', isDirectory: false },
    { name: 'NNNN-kep-template', isDirectory: true },
    { name: 'sig-node', isDirectory: true },
    { name: '.git', isDirectory: true },
  ];
  assert.deepEqual(sigChoices(entries), ['sig-apps', 'sig-node']);
});

test('the palette commands have ids of their own, so the language client can register the server commands', () => {
  assert.deepEqual(Object.values(SERVER_COMMANDS), ['kep.newKep', 'kep.promote', 'kep.updateToc']);
  const ours: string[] = Object.values(COMMANDS);
  for (const command of Object.values(SERVER_COMMANDS)) {
    assert.ok(!ours.includes(command), `${command} would be registered twice`);
  }
});
