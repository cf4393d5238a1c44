//! Core diagnostics in LSP form: ranges in the negotiated encoding, codes, related locations.

use std::path::Path;

use ls_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Range};

use super::convert;
use crate::ide::diagnostic::{Diagnostic, Severity};
use crate::ide::text::Encoding;
use crate::ide::world::{SourceFile, World};

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// At most this many diagnostics are published for one file (as yaml-language-server's
/// `maxItemsComputed`): an editor chokes on a hundred thousand, and `kep-ls check` shows them all.
pub const MAX_PUBLISHED: usize = 1000;

/// Converts the diagnostics of `path` (the first [`MAX_PUBLISHED`], then one that says how many
/// more there are); related places in files the world does not hold are dropped.
pub fn to_lsp(world: &World, path: &Path, diagnostics: &[Diagnostic], encoding: Encoding) -> Vec<ls_types::Diagnostic> {
    let Some(file) = world.file(path) else { return Vec::new() };
    let mut out = convert(world, file, &diagnostics[..diagnostics.len().min(MAX_PUBLISHED)], encoding);
    if diagnostics.len() > MAX_PUBLISHED {
        out.push(ls_types::Diagnostic {
            range: Range::default(),
            severity: Some(DiagnosticSeverity::INFORMATION),
            source: Some("kep-ls".into()),
            message: format!(
                "kep-ls shows the first {MAX_PUBLISHED} of {} problems in this file; `kep-ls check` lists them all",
                diagnostics.len()
            ),
            ..Default::default()
        });
    }
    out
}

fn convert(
    world: &World,
    file: &SourceFile,
    diagnostics: &[Diagnostic],
    encoding: Encoding,
) -> Vec<ls_types::Diagnostic> {
    diagnostics
        .iter()
        .map(|d| {
            let related: Vec<_> = d
                .related
                .iter()
                .filter_map(|r| {
                    let other = world.file(&r.path)?;
                    Some(DiagnosticRelatedInformation {
                        location: Location {
                            uri: convert::uri(&r.path)?,
                            range: convert::range(other.line_index(), &other.text, r.range, encoding),
                        },
                        message: r.message.clone(),
                    })
                })
                .collect();
            ls_types::Diagnostic {
                range: convert::range(file.line_index(), &file.text, d.range, encoding),
                severity: Some(severity(d.severity)),
                code: Some(NumberOrString::String(d.code.to_string())),
                source: Some("kep-ls".into()),
                message: d.message.clone(),
                related_information: (!related.is_empty()).then_some(related),
                ..Default::default()
            }
        })
        .collect()
}
