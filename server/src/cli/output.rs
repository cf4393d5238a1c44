//! What the commands print: standard output that may be closed or full (`| head -0`, `> /dev/full`)
//! is an error reported on stderr with exit code 2, never a panic; text from a file (titles, keys,
//! messages quoting them) has its control characters escaped, so that a hostile kep.yaml cannot
//! move the cursor, hide a line or break a table.

use std::borrow::Cow;
use std::io::Write;

/// Exit code of a command whose output could not be written.
pub const OUTPUT_FAILED: i32 = 2;

/// Writes `text` to standard output and flushes it. On failure says so on stderr, as `kep-ls
/// <command>: ...`, and returns the exit code to end with.
pub fn emit(command: &str, text: &str) -> Result<(), i32> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) => Err(report_failure(command, &e)),
    }
}

/// Says on stderr that standard output failed; returns [`OUTPUT_FAILED`].
pub fn report_failure(command: &str, error: &std::io::Error) -> i32 {
    // stderr may be gone too: nothing more to do then.
    let _ = writeln!(std::io::stderr(), "kep-ls {command}: cannot write to standard output: {error}");
    OUTPUT_FAILED
}

/// Whether a character must not reach a terminal raw: C0 and C1 controls (ESC starts terminal
/// sequences, CR and backspace overwrite, a line break breaks a table), the Unicode line and
/// paragraph separators, and the bidirectional overrides that reorder what is shown.
fn is_hostile(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every hostile character written as an escape (`\u{1b}`); unchanged (borrowed) when
/// there is none, which is the normal case.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hostile) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_hostile(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_plain_text_is_untouched() {
        assert!(matches!(escape("KEP-1: Pod readiness — hints"), Cow::Borrowed(_)));
        assert_eq!(escape("a\u{1b}[2Kb"), "a\\u{1b}[2Kb");
        assert_eq!(escape("line\nbreak\r\t"), "line\\nbreak\\r\\t");
        assert_eq!(escape("x\u{2028}y\u{202e}z\u{85}"), "x\\u{2028}y\\u{202e}z\\u{85}");
    }
}
