//! `unused-suppression`: a `# kep-ls: ignore[...]` or `<!-- kep-ls-ignore ... -->` code that
//! suppresses nothing (the finding is gone, or the code is misspelt). The work is in `ide::suppress`.

use super::{Rule, Scope};
use crate::ide::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: "unused-suppression",
    severity: Severity::Hint,
    scope: Scope::All,
    // Reported by `ide::suppress` after every rule has run, not by a check of its own.
    check: None,
    ci: false,
    summary: "A suppression comment naming a rule that reports nothing where the comment applies, or a code that is no rule.",
    why: "A stale suppression would silently hide the next real finding of that rule there; a misspelt code hides nothing and misleads the reader.",
    example: "see-also: [] # kep-ls: ignore[unknown-key]\n<!-- kep-ls-ignore broken-anchr -->",
    fix: "Remove the code from the comment (or the comment), or correct the code.",
};
