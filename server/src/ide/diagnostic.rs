//! What the core reports: diagnostics with byte ranges, related places in other files, and the
//! fixes that go with them (edits to any file of the workspace, or new files to create).

use std::path::PathBuf;

use super::text::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    /// The word `kep-ls check` prints, as compilers do.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "info",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(word: &str) -> Option<Severity> {
        match word.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" | "information" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub range: TextRange,
    pub severity: Severity,
    /// The rule's stable kebab-case id.
    pub code: &'static str,
    pub message: String,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}

/// Another place that explains a diagnostic (the first of two duplicate keys, the other KEP).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub path: PathBuf,
    pub range: TextRange,
    pub message: String,
}

/// A change that resolves a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<FileEdit>,
    pub creates: Vec<NewFile>,
    /// The fix an editor may apply with one key (`isPreferred`).
    pub preferred: bool,
    /// Safe to apply without looking (part of "fix all" and `check --fix`).
    pub safe: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEdit {
    pub path: PathBuf,
    pub range: TextRange,
    pub new_text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFile {
    pub path: PathBuf,
    pub text: String,
}

impl Diagnostic {
    pub fn new(code: &'static str, range: TextRange, message: impl Into<String>) -> Self {
        Diagnostic {
            range,
            severity: Severity::Error,
            code,
            message: message.into(),
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }

    pub fn with_related(mut self, path: PathBuf, range: TextRange, message: impl Into<String>) -> Self {
        self.related.push(Related { path, range, message: message.into() });
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    /// Adds any number of fixes (none, for an `Option` that is `None`).
    pub fn with_fixes(mut self, fixes: impl IntoIterator<Item = Fix>) -> Self {
        self.fixes.extend(fixes);
        self
    }
}

impl Fix {
    /// A fix that replaces one range of one file.
    pub fn replace(title: impl Into<String>, path: PathBuf, range: TextRange, new_text: impl Into<String>) -> Self {
        Fix { title: title.into(), edits: vec![FileEdit { path, range, new_text: new_text.into() }], ..Fix::default() }
    }

    pub fn preferred(mut self) -> Self {
        self.preferred = true;
        self
    }

    pub fn safe(mut self) -> Self {
        self.safe = true;
        self
    }
}
