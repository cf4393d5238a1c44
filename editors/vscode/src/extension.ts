// Entry point: runs the kep-ls language client for KEP files and registers the KEP commands.

import * as os from 'node:os';
import * as path from 'node:path';

import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

import { COMMANDS, SERVER_COMMANDS } from './commands';
import { askNewKep, askPromote, askUpdateToc } from './prompts';
import { DOCUMENT_SELECTOR, KEP_GLOBS } from './selector';
import { SERVER_ARGS, SERVER_NAME, findServer, missingServerMessage, pathFromEnv } from './server';
import { SECTION, serverSettings, shapeConfigurationResults } from './settings';

const CLIENT_NAME = 'KEP Language Server';

let output: vscode.LogOutputChannel;
/** Where a platform-specific .vsix keeps its kep-ls binary. */
let bundledServer: string | undefined;
let client: LanguageClient | undefined;
let starting: Promise<LanguageClient | undefined> | undefined;
/** Whether a KEP file asked for the server (it may still be missing): then a new `kep.server.path` is tried. */
let wanted = false;

export function activate(context: vscode.ExtensionContext): void {
  bundledServer = context.extensionPath ? path.join(context.extensionPath, 'bin', SERVER_NAME) : undefined;
  output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand(COMMANDS.restartServer, restart),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => output.show(true)),
    vscode.commands.registerCommand(COMMANDS.newKep, async () =>
      runServerCommand(SERVER_COMMANDS.newKep, await askNewKep()),
    ),
    vscode.commands.registerCommand(COMMANDS.promote, async (arg: unknown) =>
      runServerCommand(SERVER_COMMANDS.promote, await askPromote(arg)),
    ),
    vscode.commands.registerCommand(COMMANDS.updateToc, (arg: unknown) =>
      runServerCommand(SERVER_COMMANDS.updateToc, askUpdateToc(arg)),
    ),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // A new binary needs a new process; the other settings reach the running server as they are.
      if (event.affectsConfiguration(`${SECTION}.server.path`) && wanted) {
        void restart();
      }
    }),
  );

  // onLanguage:markdown/yaml also activates us outside KEP trees: start the server only once a KEP file
  // is open or the workspace has one, so nobody who never edits a KEP is told to install kep-ls.
  if (vscode.workspace.textDocuments.some(isKepDocument)) {
    void ensureClient();
    return;
  }
  const onOpen = vscode.workspace.onDidOpenTextDocument((document) => {
    if (isKepDocument(document)) {
      onOpen.dispose();
      void ensureClient();
    }
  });
  context.subscriptions.push(onOpen);
  void vscode.workspace.findFiles(KEP_GLOBS.kepYaml, '**/node_modules/**', 1).then((found) => {
    if (found.length > 0) {
      onOpen.dispose();
      void ensureClient();
    }
  });
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  wanted = false;
  await running?.dispose();
}

function isKepDocument(document: vscode.TextDocument): boolean {
  return vscode.languages.match(DOCUMENT_SELECTOR, document) > 0;
}

async function ensureClient(): Promise<LanguageClient | undefined> {
  wanted = true;
  if (client !== undefined) {
    return client;
  }
  starting ??= startClient().finally(() => {
    starting = undefined;
  });
  return starting;
}

async function restart(): Promise<void> {
  await starting;
  const old = client;
  client = undefined;
  if (old !== undefined) {
    output.info('Restarting the server');
    await old.dispose().catch((error: unknown) => output.error(`Stopping the server failed: ${String(error)}`));
  }
  await ensureClient();
}

function kepSection(): unknown {
  return vscode.workspace.getConfiguration().get(SECTION);
}

async function startClient(): Promise<LanguageClient | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const found = findServer({
    configured: vscode.workspace.getConfiguration(SECTION).get<string>('server.path', ''),
    pathEnv: pathFromEnv(process.env, process.platform),
    platform: process.platform,
    home: os.homedir(),
    workspaceFolder: folder,
    bundled: bundledServer,
  });
  if (found.kind !== 'found') {
    const message = missingServerMessage(found);
    output.error(message);
    void vscode.window.showErrorMessage(message, 'Open Settings').then((choice) => {
      if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.server.path`);
      }
    });
    return undefined;
  }
  const via = { setting: 'kep.server.path', path: 'PATH', bundled: 'the binary bundled with this extension' }[found.source];
  output.info(`Starting ${found.path} (found via ${via})`);

  const serverOptions: ServerOptions = {
    command: found.path,
    args: [...SERVER_ARGS],
    transport: TransportKind.stdio,
    options: { cwd: folder },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...DOCUMENT_SELECTOR],
    outputChannel: output,
    initializationOptions: () => serverSettings(kepSection()),
    synchronize: { configurationSection: SECTION },
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const results = await next(params, token);
          return Array.isArray(results) ? shapeConfigurationResults(params.items, results) : results;
        },
        // The server pulls the settings (per workspace folder) when told they changed: the notification
        // carries nothing, as LSP recommends for a server that pulls.
        didChangeConfiguration: async (sections, next) =>
          sections?.includes(SECTION)
            ? started.sendNotification(DidChangeConfigurationNotification.type, { settings: null })
            : next(sections),
      },
    },
  };
  // The id `kep` makes the client read its trace level from `kep.trace.server`.
  const started = new LanguageClient(SECTION, CLIENT_NAME, serverOptions, clientOptions);
  try {
    await started.start();
  } catch (error) {
    output.error(`The server failed to start: ${String(error)}`);
    void started.dispose().catch(() => undefined);
    return undefined;
  }
  client = started;
  return started;
}

async function runServerCommand(command: string, args: object | undefined): Promise<void> {
  if (args === undefined) {
    return; // cancelled, or the active editor was not a fitting file (already reported)
  }
  const running = await ensureClient();
  if (running === undefined) {
    return; // the reason was shown by startClient
  }
  output.info(`${command} ${JSON.stringify(args)}`);
  try {
    // The server sends workspace/applyEdit and answers at once; an edit the editor does not apply is reported by
    // the server as an error message (window/showMessage).
    await running.sendRequest(ExecuteCommandRequest.type, { command, arguments: [args] });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output.error(`${command} failed: ${message}`);
    const choice = await vscode.window.showErrorMessage(`${command} failed: ${message}`, 'Show Output');
    if (choice === 'Show Output') {
      output.show(true);
    }
  }
}
