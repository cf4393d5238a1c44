//! `kep-ls check --format sarif`: a SARIF 2.1.0 log (OASIS), as GitHub code scanning and other
//! viewers read it: the rules with their documentation, each result with its region, and the
//! safe fixes as replacements. Columns count Unicode code points, as in the other formats.

use std::io::Write;

use serde_json::{json, Value};

use super::check::Reported;
use crate::ide::diagnostic::Severity;
use crate::ide::rules;

/// Prints the log.
pub(super) fn print(out: &mut impl Write, reported: &[Reported]) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(reported)).map_err(std::io::Error::other)?;
    writeln!(out)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

/// A relative path as a URI reference: `/`-separated, with what a URI may not hold percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for byte in path.replace('\\', "/").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn region(line: u32, column: u32, end_line: u32, end_column: u32) -> Value {
    json!({ "startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column })
}

pub(super) fn log(reported: &[Reported]) -> Value {
    let rules: Vec<Value> = rules::ALL
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.why },
                "help": { "text": rule.doc(), "markdown": rule.doc() },
                "defaultConfiguration": { "level": level(rule.severity) },
                "properties": { "tags": if rule.ci { vec!["kep", "upstream-ci"] } else { vec!["kep"] } },
            })
        })
        .collect();
    let results: Vec<Value> = reported
        .iter()
        .map(|r| {
            let mut result = json!({
                "ruleId": r.code,
                "level": level(r.level),
                "message": { "text": r.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&r.path) },
                        "region": region(r.line, r.column, r.end_line, r.end_column),
                    }
                }],
            });
            if let Some(index) = rules::ALL.iter().position(|rule| rule.code == r.code) {
                result["ruleIndex"] = json!(index);
            }
            if !r.fixes.is_empty() {
                result["fixes"] = r.fixes.iter().map(fix).collect();
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "kep-ls",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// A safe fix: its edits grouped by file, in order.
fn fix(fix: &super::check::ReportedFix) -> Value {
    let mut changes: Vec<(String, Vec<Value>)> = Vec::new();
    for (path, line, column, end_line, end_column, text) in &fix.edits {
        let replacement = json!({
            "deletedRegion": region(*line, *column, *end_line, *end_column),
            "insertedContent": { "text": text },
        });
        match changes.iter_mut().find(|(p, _)| p == path) {
            Some((_, replacements)) => replacements.push(replacement),
            None => changes.push((path.clone(), vec![replacement])),
        }
    }
    json!({
        "description": { "text": fix.title },
        "artifactChanges": changes
            .into_iter()
            .map(|(path, replacements)| json!({ "artifactLocation": { "uri": uri(&path) }, "replacements": replacements }))
            .collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("keps/sig-node/1-x/README.md"), "keps/sig-node/1-x/README.md");
        assert_eq!(uri("../a b/ü.md"), "../a%20b/%C3%BC.md");
    }
}
