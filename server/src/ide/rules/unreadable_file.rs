//! `unreadable-file`: a KEP file that exists but cannot be read as text.

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};
use crate::ide::text::TextRange;

pub const RULE: Rule = Rule {
    code: "unreadable-file",
    severity: Severity::Error,
    scope: Scope::Unreadable,
    check: Some(check),
    ci: true,
    summary: "A KEP file that cannot be read: not UTF-8 text, too large, or not a regular file.",
    why: "Upstream's tools read KEP files as UTF-8 text and fail on anything else; kep-ls refuses such files instead of guessing.",
    example: "kep.yaml saved as UTF-16, or a binary file named README.md",
    fix: "Save the file as UTF-8 text.",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    if let Some(reason) = &cx.file.unreadable {
        out.push(Diagnostic::new(RULE.code, TextRange::empty(0), format!("cannot read this file: {reason}")));
    }
}
