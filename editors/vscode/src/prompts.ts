// Asking the user for the arguments of the server commands (quick picks and input boxes).

import * as vscode from 'vscode';

import {
  NewKepArgs,
  PromoteArgs,
  STAGES,
  UpdateTocArgs,
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
} from './commands';

// Every step returns undefined when the user cancels (Escape), which ends the command quietly.

export async function askNewKep(): Promise<NewKepArgs | undefined> {
  const steps = 4;
  const sig = await askSig(`New KEP (1/${steps}): owning SIG`);
  if (sig === undefined) {
    return undefined;
  }
  const title = await vscode.window.showInputBox({
    title: `New KEP (2/${steps}): title`,
    prompt: 'The KEP title, e.g. "Pod Readiness Hints"',
    validateInput: validateTitle,
    ignoreFocusOut: true,
  });
  if (title === undefined) {
    return undefined;
  }
  const number = await vscode.window.showInputBox({
    title: `New KEP (3/${steps}): number (optional)`,
    prompt: 'The KEP number (usually the enhancement issue number); leave empty to let kep-ls choose',
    validateInput: validateNumber,
    ignoreFocusOut: true,
  });
  if (number === undefined) {
    return undefined;
  }
  const authors = await vscode.window.showInputBox({
    title: `New KEP (4/${steps}): authors (optional)`,
    prompt: 'GitHub handles separated by commas or spaces, e.g. "@me, @you"',
    validateInput: validateAuthors,
    ignoreFocusOut: true,
  });
  if (authors === undefined) {
    return undefined;
  }
  return newKepArgs({ sig, title, number, authors });
}

/** A quick pick of the SIG folders under each workspace folder's keps/, with a way to type another one. */
async function askSig(title: string): Promise<string | undefined> {
  const known = await sigFoldersInWorkspace();
  const typeIt = (): Thenable<string | undefined> =>
    vscode.window.showInputBox({ title, prompt: 'The owning SIG, e.g. sig-node', validateInput: validateSig, ignoreFocusOut: true });
  if (known.length === 0) {
    return typeIt();
  }
  const other: vscode.QuickPickItem = { label: '$(edit) Another SIG…', alwaysShow: true };
  const pick = await vscode.window.showQuickPick([...known.map((label) => ({ label })), other], {
    title,
    placeHolder: 'The SIG that owns the KEP',
    ignoreFocusOut: true,
  });
  if (pick === undefined) {
    return undefined;
  }
  return pick === other ? typeIt() : pick.label;
}

async function sigFoldersInWorkspace(): Promise<string[]> {
  const entries: { name: string; isDirectory: boolean }[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    try {
      const listing = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(folder.uri, 'keps'));
      for (const [name, type] of listing) {
        entries.push({ name, isDirectory: (type & vscode.FileType.Directory) !== 0 });
      }
    } catch {
      // No keps/ in this folder: nothing to offer from it.
    }
  }
  return sigChoices(entries);
}

export async function askPromote(arg: unknown): Promise<PromoteArgs | undefined> {
  const uri = targetUri(arg, promoteTargetProblem);
  if (uri === undefined) {
    return undefined;
  }
  const stage = await vscode.window.showQuickPick([...STAGES], {
    title: 'Promote KEP (1/2): stage',
    placeHolder: 'The stage the KEP moves to',
    ignoreFocusOut: true,
  });
  if (stage === undefined) {
    return undefined;
  }
  const milestone = await vscode.window.showInputBox({
    title: 'Promote KEP (2/2): milestone (optional)',
    prompt: `The release the KEP reaches ${stage} in, e.g. v1.34; leave empty to let kep-ls choose`,
    validateInput: validateMilestone,
    ignoreFocusOut: true,
  });
  if (milestone === undefined) {
    return undefined;
  }
  return promoteArgs(uri.toString(), stage, milestone);
}

export function askUpdateToc(arg: unknown): UpdateTocArgs | undefined {
  const uri = targetUri(arg, tocTargetProblem);
  return uri === undefined ? undefined : updateTocArgs(uri.toString());
}

/** The file a command acts on: a Uri passed by a menu or keybinding, else the active editor's document. */
function targetUri(arg: unknown, problem: (fsPath: string) => string | undefined): vscode.Uri | undefined {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  const message = uri === undefined || uri.scheme !== 'file' ? problem('') : problem(uri.fsPath);
  if (message !== undefined) {
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
  return uri;
}
