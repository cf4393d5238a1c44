// A small stand-in for the `vscode` module, enough to activate the extension and drive its commands in Node.

import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

import { minimatch } from 'minimatch';

interface Filter {
  scheme?: string;
  language?: string;
  pattern?: string;
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly fsPath: string,
  ) {}
  static file(fsPath: string): Uri {
    return new Uri('file', fsPath);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, path.join(base.fsPath, ...parts));
  }
  toString(): string {
    return pathToFileURL(this.fsPath).href;
  }
}

export interface Document {
  uri: Uri;
  languageId: string;
}

export const doc = (fsPath: string, languageId: string): Document => ({ uri: Uri.file(fsPath), languageId });

type Listener<T> = (value: T) => void;

/** What the extension did to the editor, and the answers the "user" gives next. */
export const recorded = {
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  executed: [] as unknown[][],
  errors: [] as unknown[][],
  prompts: [] as { kind: 'input' | 'pick'; title?: string; items?: string[] }[],
  log: [] as string[],
};
export const answers = {
  /** Answers to showInputBox/showQuickPick in order; undefined is Escape. */
  prompts: [] as (string | undefined)[],
  /** The button clicked on the next error message. */
  errorButton: undefined as string | undefined,
};
export const state = {
  textDocuments: [] as Document[],
  activeDocument: undefined as Document | undefined,
  workspaceFolders: [] as string[],
  kepFilesInWorkspace: [] as string[],
  settings: {} as Record<string, unknown>,
  onOpen: [] as Listener<Document>[],
  onConfig: [] as Listener<{ affectsConfiguration(section: string): boolean }>[],
};

export function reset(): void {
  recorded.commands.clear();
  recorded.executed.length = 0;
  recorded.errors.length = 0;
  recorded.prompts.length = 0;
  recorded.log.length = 0;
  answers.prompts = [];
  answers.errorButton = undefined;
  Object.assign(state, {
    textDocuments: [],
    activeDocument: undefined,
    workspaceFolders: [],
    kepFilesInWorkspace: [],
    settings: {},
    onOpen: [],
    onConfig: [],
  });
}

function matches(filter: Filter, document: Document): boolean {
  return (
    (filter.scheme === undefined || filter.scheme === document.uri.scheme) &&
    (filter.language === undefined || filter.language === document.languageId) &&
    (filter.pattern === undefined || minimatch(document.uri.fsPath, filter.pattern, { dot: true }))
  );
}

const logTo =
  (level: string) =>
  (message: string): void =>
    void recorded.log.push(`${level}: ${message}`);

// Classes vscode-languageclient extends when it is loaded.
class Stub {}

export const vscode = {
  Uri,
  FileType: { File: 1, Directory: 2 },
  CompletionItem: class extends Stub {},
  CodeLens: class extends Stub {},
  DocumentLink: class extends Stub {},
  CodeAction: class extends Stub {},
  Diagnostic: class extends Stub {},
  CallHierarchyItem: class extends Stub {},
  TypeHierarchyItem: class extends Stub {},
  SymbolInformation: class extends Stub {},
  InlayHint: class extends Stub {},
  CancellationError: class extends Error {},
  window: {
    createOutputChannel: () => ({
      info: logTo('info'),
      warn: logTo('warn'),
      error: logTo('error'),
      debug: logTo('debug'),
      trace: logTo('trace'),
      appendLine: logTo('line'),
      show: () => undefined,
      dispose: () => undefined,
    }),
    showErrorMessage: (...args: unknown[]) => {
      recorded.errors.push(args);
      return Promise.resolve(answers.errorButton);
    },
    showInputBox: (options: { title?: string }) => {
      recorded.prompts.push({ kind: 'input', title: options.title });
      return Promise.resolve(answers.prompts.shift());
    },
    showQuickPick: (items: (string | { label: string })[], options: { title?: string }) => {
      const labels = items.map((i) => (typeof i === 'string' ? i : i.label));
      recorded.prompts.push({ kind: 'pick', title: options.title, items: labels });
      const answer = answers.prompts.shift();
      return Promise.resolve(items.find((_, i) => labels[i] === answer));
    },
    get activeTextEditor() {
      return state.activeDocument && { document: state.activeDocument };
    },
  },
  commands: {
    registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
      if (recorded.commands.has(id)) {
        throw new Error(`command '${id}' already exists`);
      }
      recorded.commands.set(id, handler);
      return { dispose: () => recorded.commands.delete(id) };
    },
    executeCommand: (...args: unknown[]) => {
      recorded.executed.push(args);
      return Promise.resolve(undefined);
    },
  },
  workspace: {
    get textDocuments() {
      return state.textDocuments;
    },
    get workspaceFolders() {
      return state.workspaceFolders.map((folder, index) => ({ uri: Uri.file(folder), name: path.basename(folder), index }));
    },
    onDidOpenTextDocument: (listener: Listener<Document>) => {
      state.onOpen.push(listener);
      return { dispose: () => (state.onOpen = state.onOpen.filter((l) => l !== listener)) };
    },
    onDidChangeConfiguration: (listener: Listener<{ affectsConfiguration(section: string): boolean }>) => {
      state.onConfig.push(listener);
      return { dispose: () => (state.onConfig = state.onConfig.filter((l) => l !== listener)) };
    },
    findFiles: (glob: string) =>
      Promise.resolve(state.kepFilesInWorkspace.filter((f) => minimatch(f, glob, { dot: true })).map((f) => Uri.file(f))),
    getConfiguration: (section?: string) => ({
      get: (key: string, fallback?: unknown) => {
        const full = section === undefined ? key : `${section}.${key}`;
        return full in state.settings ? state.settings[full] : fallback;
      },
    }),
    fs: {
      readDirectory: (uri: Uri) =>
        Promise.resolve(
          fs.readdirSync(uri.fsPath, { withFileTypes: true }).map((e) => [e.name, e.isDirectory() ? 2 : 1] as const),
        ),
    },
  },
  languages: {
    match: (selector: Filter | Filter[], document: Document) =>
      (Array.isArray(selector) ? selector : [selector]).some((f) => matches(f, document)) ? 10 : 0,
  },
};

/** Makes `require('vscode')` return the stub; call before the extension module is first loaded. */
export function installVscodeStub(): void {
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
  };
}

/** Changes settings as the user would, and tells the extension which ones changed. */
export function changeSettings(changes: Record<string, unknown>): void {
  Object.assign(state.settings, changes);
  const event = {
    affectsConfiguration: (section: string) => Object.keys(changes).some((key) => key === section || key.startsWith(`${section}.`)),
  };
  state.onConfig.forEach((listener) => listener(event));
}

/** Lets pending promise callbacks run. */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 10));
