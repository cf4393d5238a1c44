// Which files are KEP files: the globs shared by the document selector and the activation events.

/** kep.yaml anywhere, KEP Markdown under keps/, and PRR approval files. */
export const KEP_GLOBS = {
  kepYaml: '**/kep.yaml',
  kepMarkdown: '**/keps/**/*.md',
  prrYaml: '**/keps/prod-readiness/**/*.yaml',
} as const;

/** A VS Code DocumentFilter, spelled out here so this module needs no `vscode` import. */
export interface FileFilter {
  scheme: 'file';
  language: 'yaml' | 'markdown' | 'plaintext';
  pattern: string;
}

// The language is part of each filter so that a file the user switched to another mode is left alone.
export const DOCUMENT_SELECTOR: readonly FileFilter[] = [
  { scheme: 'file', language: 'yaml', pattern: KEP_GLOBS.kepYaml },
  { scheme: 'file', language: 'markdown', pattern: KEP_GLOBS.kepMarkdown },
  { scheme: 'file', language: 'yaml', pattern: KEP_GLOBS.prrYaml },
  // A KEP's OWNERS file (no extension, so plain text): SIG Node's assigned reviewers and approvers.
  { scheme: 'file', language: 'plaintext', pattern: '**/keps/**/OWNERS' },
];
