// Drives the real kep-ls binary over stdio with vscode-languageserver-protocol, the layer VS Code's client uses.

import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

import {
  ClientCapabilities,
  ConfigurationRequest,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializeResult,
  InitializedNotification,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';

import { SERVER_ARGS } from '../../src/server';
import { SECTION, serverSettings, shapeConfigurationResults } from '../../src/settings';
import { packageRoot } from './manifest';

/** `KEP_LS_BINARY`, else the debug build of the repository this package lives in. */
export function serverBinary(): string {
  const exe = process.platform === 'win32' ? 'kep-ls.exe' : 'kep-ls';
  const binary = process.env.KEP_LS_BINARY || path.resolve(packageRoot(), '..', '..', 'target', 'debug', exe);
  if (!fs.existsSync(binary)) {
    throw new Error(
      `kep-ls binary not found at ${binary}: run \`cargo build\` at the repository root, ` +
        'or point KEP_LS_BINARY at a built kep-ls.',
    );
  }
  return binary;
}

/** A temp copy of the repository's examples/ (keps/ and OWNERS_ALIASES), so tests never touch the originals. */
export function fixtureWorkspace(): string {
  const examples = path.resolve(packageRoot(), '..', '..', 'examples');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-ls-vscode-'));
  fs.cpSync(path.join(examples, 'keps'), path.join(root, 'keps'), { recursive: true });
  fs.copyFileSync(path.join(examples, 'OWNERS_ALIASES'), path.join(root, 'OWNERS_ALIASES'));
  return root;
}

export const fileUri = (file: string): string => pathToFileURL(file).href;

// Roughly what vscode-languageclient 11 announces for the features these tests use.
const CAPABILITIES: ClientCapabilities = {
  general: { positionEncodings: ['utf-16'] },
  workspace: {
    configuration: true,
    workspaceFolders: true,
    applyEdit: true,
    didChangeConfiguration: { dynamicRegistration: true },
    executeCommand: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: false, codeDescriptionSupport: true, dataSupport: true },
    completion: {
      dynamicRegistration: true,
      completionItem: { snippetSupport: true, insertReplaceSupport: true, labelDetailsSupport: true },
      // What vscode-languageclient 11 declares.
      completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
      contextSupport: true,
    },
    definition: { dynamicRegistration: true, linkSupport: true },
  },
};

export class Session {
  /** Every publishDiagnostics so far, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  initializeResult!: InitializeResult;
  private stderr = '';
  private readonly exited: Promise<number | null>;
  private readonly listeners = new Set<() => void>();

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
    kep: Record<string, unknown>,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stderr.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-8000)));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      this.listeners.forEach((listener) => listener());
    });
    // Answered as the extension's middleware answers: the `kep` section without the client-only keys.
    connection.onRequest(ConfigurationRequest.type, (params) =>
      shapeConfigurationResults(params.items, params.items.map((item) => (item.section === SECTION ? kep : null))),
    );
    // Accepted and ignored: these tests do not exercise dynamic registration or progress.
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.listen();
  }

  /** Spawns `kep-ls serve --stdio` and initializes it on `root`, with `kep` as the user's settings section. */
  static async start(root: string, kep: Record<string, unknown>): Promise<Session> {
    const child = spawn(serverBinary(), [...SERVER_ARGS, '--stdio'], { cwd: root, stdio: 'pipe' });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const session = new Session(child, connection, kep);
    // A server that dies (or cannot be spawned) must fail the test with its log, not leave it pending.
    const died = new Promise<never>((_, reject) => {
      child.once('error', (error) => reject(new Error(`cannot start ${serverBinary()}: ${error.message}`)));
      void session.exited.then((code) =>
        reject(new Error(`kep-ls exited (status ${code}) during initialize; its log:\n${session.stderr}`)),
      );
    });
    const initialize = connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: fileUri(root),
      workspaceFolders: [{ uri: fileUri(root), name: path.basename(root) }],
      capabilities: CAPABILITIES,
      initializationOptions: serverSettings(kep),
      clientInfo: { name: 'kep-ls vscode protocol test' },
    });
    // A server that never answers is killed, so that its pipes do not keep the test process alive.
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        child.kill();
        reject(new Error(`kep-ls did not answer initialize within 15 s; its log:\n${session.stderr}`));
      }, 15_000);
    });
    try {
      session.initializeResult = await Promise.race([initialize, died, hung]);
    } finally {
      clearTimeout(timer);
    }
    // Only now: the server drops notifications that arrive before its initialize result.
    await connection.sendNotification(InitializedNotification.type, {});
    return session;
  }

  async open(file: string, languageId: string, text: string): Promise<string> {
    const uri = fileUri(file);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
    return uri;
  }

  /** Waits for a publish for `uri` that satisfies `accept`; fails with what was published and the server log. */
  waitForDiagnostics(
    uri: string,
    accept: (params: PublishDiagnosticsParams) => boolean,
    timeoutMs = 10_000,
  ): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const hit = this.published.find((p) => p.uri === uri && accept(p));
        if (hit !== undefined) {
          this.listeners.delete(check);
          clearTimeout(timer);
          resolve(hit);
        }
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        const forUri = this.published.filter((p) => p.uri === uri).map((p) => p.diagnostics);
        reject(
          new Error(
            `no matching diagnostics for ${uri} within ${timeoutMs} ms; published for it: ${JSON.stringify(forUri)}\n` +
              `server log (tail):\n${this.stderr}`,
          ),
        );
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  /** shutdown, then exit; the process must end by itself (it is killed, and this throws, if it does not). */
  async stop(): Promise<number | null> {
    const deadline = (ms: number): Promise<'timeout'> => new Promise((r) => setTimeout(() => r('timeout'), ms).unref());
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), deadline(5_000)]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // The process may already be gone; the exit code below tells.
    }
    const code = await Promise.race([this.exited, deadline(5_000)]);
    this.connection.dispose();
    if (code === 'timeout') {
      this.child.kill();
      throw new Error(`kep-ls did not exit after shutdown and exit; server log (tail):\n${this.stderr}`);
    }
    return code;
  }
}
