//! `kep-ls check --format github`: GitHub Actions workflow commands, one annotation a diagnostic,
//! escaped as the runner requires, then the summary as a plain line.

use std::io::Write;

use super::check::Reported;
use crate::ide::diagnostic::Severity;

/// Prints the annotations and the summary line.
pub(super) fn print(out: &mut impl Write, reported: &[Reported], summary: &str) -> std::io::Result<()> {
    for r in reported {
        writeln!(out, "{}", command(r))?;
    }
    writeln!(out, "{summary}")
}

/// One workflow command: `::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=CODE::MESSAGE`.
fn command(r: &Reported) -> String {
    // Annotations have three levels: information and hints are notices.
    let level = match r.level {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "notice",
    };
    format!(
        "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        property(&r.path),
        r.line,
        r.column,
        r.end_line,
        r.end_column,
        property(r.code),
        data(&r.message)
    )
}

/// The message: `%`, CR and LF would end or corrupt the command.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value: also `:` and `,`, which separate the properties.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_escapes_what_the_runner_would_misread() {
        let r = Reported {
            path: "keps/a,b:c/kep.yaml".into(),
            line: 3,
            column: 1,
            end_line: 3,
            end_column: 9,
            severity: "info",
            code: "unknown-key",
            message: "100% wrong\r\nsecond line: a, b".into(),
            level: Severity::Information,
            fixes: Vec::new(),
        };
        assert_eq!(
            command(&r),
            "::notice file=keps/a%2Cb%3Ac/kep.yaml,line=3,col=1,endLine=3,endColumn=9,title=unknown-key::100%25 wrong%0D%0Asecond line: a, b"
        );
    }
}
