// Command ids, input validation and the argument objects of the server commands (no `vscode` here).

export const COMMANDS = {
  restartServer: 'kep.restartServer',
  showOutput: 'kep.showOutput',
  // The palette commands that prompt for arguments: ids of their own, distinct from the server's, so the
  // language client registers the server's commands as it always does and nothing is registered twice.
  newKep: 'kep.ui.newKep',
  promote: 'kep.ui.promote',
  updateToc: 'kep.ui.updateToc',
} as const;

/** The commands the server executes (`workspace/executeCommand`), which the palette commands above run. */
export const SERVER_COMMANDS = {
  newKep: 'kep.newKep',
  promote: 'kep.promote',
  updateToc: 'kep.updateToc',
} as const;

export const STAGES = ['alpha', 'beta', 'stable'] as const;
export type Stage = (typeof STAGES)[number];

export interface NewKepArgs {
  sig: string;
  title: string;
  number?: number;
  authors?: string[];
}
export interface PromoteArgs {
  uri: string;
  stage: Stage;
  milestone?: string;
}
export interface UpdateTocArgs {
  uri: string;
}

// Validators return an error message, or undefined when the text is acceptable (the showInputBox contract).

const SIG = /^sig-[a-z0-9]+(?:-[a-z0-9]+)*$/;
// GitHub: letters, digits and single inner hyphens, at most 39 characters.
const HANDLE = /^@?[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const MILESTONE = /^v?\d+\.\d+$/;

export function validateSig(text: string): string | undefined {
  return SIG.test(text.trim()) ? undefined : 'A SIG folder name such as sig-node (lowercase, starting with "sig-").';
}

export function validateTitle(text: string): string | undefined {
  if (text.trim() === '') {
    return 'The title must not be empty.';
  }
  return /[\r\n]/.test(text) ? 'The title must be a single line.' : undefined;
}

export function validateNumber(text: string): string | undefined {
  const t = text.trim();
  if (t === '') {
    return undefined;
  }
  return /^[1-9]\d*$/.test(t) && Number.isSafeInteger(Number(t))
    ? undefined
    : 'A positive whole number, or leave it empty.';
}

export function validateAuthors(text: string): string | undefined {
  const bad = splitList(text).filter((handle) => !HANDLE.test(handle));
  return bad.length === 0 ? undefined : `Not a GitHub handle: ${bad.join(', ')}`;
}

export function validateMilestone(text: string): string | undefined {
  const t = text.trim();
  return t === '' || MILESTONE.test(t) ? undefined : 'A release such as v1.34, or leave it empty.';
}

function splitList(text: string): string[] {
  return text.split(/[\s,]+/).filter((s) => s !== '');
}

function check(message: string | undefined): void {
  if (message !== undefined) {
    throw new Error(message);
  }
}

/** `kep.newKep` arguments from the raw answers; empty optional answers are left out for the server to fill. */
export function newKepArgs(input: { sig: string; title: string; number?: string; authors?: string }): NewKepArgs {
  check(validateSig(input.sig));
  check(validateTitle(input.title));
  const args: NewKepArgs = { sig: input.sig.trim(), title: input.title.trim() };
  const number = (input.number ?? '').trim();
  if (number !== '') {
    check(validateNumber(number));
    args.number = Number(number);
  }
  const authors = input.authors ?? '';
  check(validateAuthors(authors));
  const handles = splitList(authors).map((h) => (h.startsWith('@') ? h : `@${h}`));
  if (handles.length > 0) {
    args.authors = handles;
  }
  return args;
}

/** `kep.promote` arguments; a bare `1.34` milestone becomes `v1.34`, the form kep.yaml uses. */
export function promoteArgs(uri: string, stage: string, milestone?: string): PromoteArgs {
  if (!(STAGES as readonly string[]).includes(stage)) {
    throw new Error(`Unknown stage "${stage}": expected one of ${STAGES.join(', ')}.`);
  }
  const args: PromoteArgs = { uri, stage: stage as Stage };
  const m = (milestone ?? '').trim();
  if (m !== '') {
    check(validateMilestone(m));
    args.milestone = m.startsWith('v') ? m : `v${m}`;
  }
  return args;
}

export function updateTocArgs(uri: string): UpdateTocArgs {
  return { uri };
}

function segments(fsPath: string): string[] {
  return fsPath.split(/[\\/]+/).filter((s) => s !== '');
}

/** Why a file cannot be promoted, or undefined when it is a KEP's kep.yaml or README.md. */
export function promoteTargetProblem(fsPath: string): string | undefined {
  const parts = segments(fsPath);
  const base = parts[parts.length - 1] ?? '';
  const inKeps = parts.slice(0, -1).includes('keps') && !parts.includes('prod-readiness');
  if (inKeps && (base === 'kep.yaml' || base === 'README.md')) {
    return undefined;
  }
  return 'Open the kep.yaml or README.md of the KEP to promote.';
}

/** Why a file's table of contents cannot be updated, or undefined when it is a README.md under keps/. */
export function tocTargetProblem(fsPath: string): string | undefined {
  const parts = segments(fsPath);
  return parts[parts.length - 1] === 'README.md' && parts.slice(0, -1).includes('keps')
    ? undefined
    : "Open a KEP's README.md to update its table of contents.";
}

/** SIG folder names among the entries of a `keps/` directory, sorted. */
export function sigChoices(entries: readonly { name: string; isDirectory: boolean }[]): string[] {
  const names = entries.filter((e) => e.isDirectory && SIG.test(e.name)).map((e) => e.name);
  return [...new Set(names)].sort();
}

