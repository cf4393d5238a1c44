// The extension's VS Code glue, activated against a stub `vscode`: commands, lazy start, the missing-server error.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';

import { STAGES } from '../../src/commands';
import { packageRoot, readManifest } from '../support/manifest';
import { answers, changeSettings, doc, installVscodeStub, recorded, reset, settle, state } from '../support/vscode-stub';

type Extension = typeof import('../../src/extension');

describe('activation', () => {
  let ext: Extension;
  let subscriptions: { dispose(): unknown }[] = [];
  const examples = path.resolve(packageRoot(), '..', '..', 'examples');
  const kepYaml = path.join(examples, 'keps', 'sig-node', '1001-pod-readiness-hints', 'kep.yaml');

  const activate = async (): Promise<void> => {
    subscriptions = [];
    ext.activate({ subscriptions } as unknown as Parameters<Extension['activate']>[0]);
    await settle();
  };
  const run = async (command: string, ...args: unknown[]): Promise<void> => {
    const handler = recorded.commands.get(command);
    assert.ok(handler, `${command} is not registered`);
    await handler(...args);
    await settle();
  };
  const missingServerErrors = (): unknown[][] => recorded.errors.filter((e) => /cargo install/.test(String(e[0])));

  before(async () => {
    installVscodeStub();
    ext = await import('../../src/extension');
  });
  beforeEach(async () => {
    // Each test is a fresh activation; the module stays loaded, so end the previous one as VS Code would.
    await ext.deactivate();
    subscriptions.forEach((s) => s.dispose());
    reset();
    // Never a real binary: whatever is on this machine's PATH, the server is "missing".
    state.settings['kep.server.path'] = '/nonexistent/kep-ls';
  });
  after(() => subscriptions.forEach((s) => s.dispose()));

  test('registers exactly the commands the manifest contributes', async () => {
    await activate();
    const contributed = readManifest().contributes.commands.map((c) => c.command);
    assert.deepEqual([...recorded.commands.keys()].sort(), contributed.sort());
  });

  test('stays idle until a KEP file is opened, then reports the missing server with a settings button', async () => {
    state.textDocuments = [doc(path.join(examples, '..', 'README.md'), 'markdown')];
    answers.errorButton = 'Open Settings';
    await activate();
    state.onOpen.forEach((listener) => listener(doc('/src/app/deploy.yaml', 'yaml')));
    await settle();
    assert.deepEqual(recorded.errors, [], 'nothing may be reported outside KEP files');

    state.onOpen.forEach((listener) => listener(doc(kepYaml, 'yaml')));
    await settle();
    const errors = missingServerErrors();
    assert.equal(errors.length, 1);
    assert.match(String(errors[0][0]), /kep\.server\.path is set to "\/nonexistent\/kep-ls"/);
    assert.equal(errors[0][1], 'Open Settings');
    assert.deepEqual(recorded.executed, [['workbench.action.openSettings', 'kep.server.path']]);
  });

  test('starts at once when a KEP file is already open, or the workspace has a kep.yaml', async () => {
    state.textDocuments = [doc(kepYaml, 'yaml')];
    await activate();
    assert.equal(missingServerErrors().length, 1);

    await ext.deactivate();
    subscriptions.forEach((s) => s.dispose());
    reset();
    state.settings['kep.server.path'] = '/nonexistent/kep-ls';
    state.kepFilesInWorkspace = [kepYaml];
    await activate();
    assert.equal(missingServerErrors().length, 1);
  });

  test('a new kep.server.path is tried once a KEP file wanted the server, and not before', async () => {
    await activate();
    changeSettings({ 'kep.server.path': '/elsewhere/kep-ls' });
    await settle();
    assert.deepEqual(recorded.errors, [], 'no KEP file is open: nothing to start');

    state.onOpen.forEach((listener) => listener(doc(kepYaml, 'yaml')));
    await settle();
    changeSettings({ 'kep.rules': { 'unknown-key': 'off' } });
    await settle();
    assert.equal(missingServerErrors().length, 1, 'other settings do not restart the server');
    changeSettings({ 'kep.server.path': '/third/kep-ls' });
    await settle();
    const errors = missingServerErrors().map((e) => String(e[0]));
    assert.equal(errors.length, 2);
    assert.match(errors[1], /\/third\/kep-ls/);
  });

  test('update TOC refuses a file that is not a KEP README, without starting anything', async () => {
    await activate();
    state.activeDocument = doc(kepYaml, 'yaml');
    await run('kep.ui.updateToc');
    assert.equal(recorded.errors.length, 1);
    assert.match(String(recorded.errors[0][0]), /README\.md to update its table of contents/);
  });

  test('new KEP offers the SIG folders of the workspace, and Escape ends it quietly', async () => {
    state.workspaceFolders = [examples];
    await activate();
    answers.prompts = ['sig-node', undefined];
    await run('kep.ui.newKep');
    assert.deepEqual(
      recorded.prompts.map((p) => p.kind),
      ['pick', 'input'],
    );
    const sigs = fs.readdirSync(path.join(examples, 'keps')).filter((name) => name.startsWith('sig-'));
    assert.ok(sigs.length > 1, 'the examples should have several SIG folders');
    assert.deepEqual(recorded.prompts[0].items, [...sigs.sort(), '$(edit) Another SIG…']);
    assert.deepEqual(recorded.errors, []);
  });

  test('promote asks for the stage and milestone of the active KEP, then needs the server', async () => {
    await activate();
    state.activeDocument = doc(kepYaml, 'yaml');
    answers.prompts = ['beta', '1.34'];
    await run('kep.ui.promote');
    assert.deepEqual(recorded.prompts[0], { kind: 'pick', title: 'Promote KEP (1/2): stage', items: [...STAGES] });
    assert.equal(recorded.prompts[1].kind, 'input');
    assert.equal(missingServerErrors().length, 1);
  });
});
