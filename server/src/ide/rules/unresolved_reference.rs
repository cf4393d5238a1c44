//! `unresolved-reference`: a reference to a KEP (kep.yaml `see-also`/`replaces`/`superseded-by`,
//! or a README link) that leads nowhere in the workspace.

use std::path::{Component, Path, PathBuf};

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Fix, Severity};
use crate::ide::graph::{self, why_unresolved, OutRef};
use crate::ide::layout::FileKind;
use crate::ide::refs::{self, Resolution};

pub const RULE: Rule = Rule {
    code: "unresolved-reference",
    severity: Severity::Warning,
    scope: Scope::KepAndReadme,
    check: Some(check),
    ci: false,
    summary: "A reference to a KEP (in `see-also`, `replaces`, `superseded-by`, or a README link) that does not lead to any KEP of the workspace.",
    why: "CI never checks these links; a fifth of the real ones are broken: KEPs renamed or moved to another SIG, old single-file KEPs that no longer exist. Placeholders (`n/a`, `TBD`, ...) are not references.",
    example: "see-also:\n  - /keps/sig-node/4815-dra-partitionable-devices   # lives under sig-scheduling",
    fix: "When the KEP's number still exists elsewhere, the quick fix points at its real directory; otherwise find the KEP and write `/keps/<sig>/<NNNN-slug>`.",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    if !matches!(cx.file.kind, FileKind::KepYaml | FileKind::Readme) {
        return;
    }
    for reference in graph::outgoing(cx.file) {
        if !reference.parsed.target.is_kep() {
            continue;
        }
        let resolution = graph::resolve(cx.world, cx.file, &reference.parsed);
        let candidates = match &resolution {
            Resolution::Resolved { .. } | Resolution::NotAKep => continue,
            Resolution::Moved { candidates } | Resolution::Ambiguous { candidates } => candidates.clone(),
            Resolution::LegacyGone | Resolution::Missing => Vec::new(),
        };
        let mut message = format!("`{}` does not lead to a KEP: {}", reference.raw, why_unresolved(&resolution));
        let successors = match resolution {
            Resolution::LegacyGone => successors(cx, &reference.raw),
            _ => Vec::new(),
        };
        if let [successor] = successors.as_slice() {
            // The explanation ends with a sentence: the successor is one more.
            message.push_str(&format!(" Its successor is probably `{}`.", refs::canonical(successor)));
        }
        let mut diagnostic = Diagnostic::new(RULE.code, reference.inner, message);
        for successor in &successors {
            let text = replacement(cx, reference, successor);
            let fix = Fix::replace(
                format!("Point at {}", refs::canonical(successor)),
                cx.file.path.clone(),
                reference.inner,
                text,
            );
            diagnostic = diagnostic.with_fix(fix);
        }
        for candidate in &candidates {
            let text = replacement(cx, reference, candidate);
            let mut fix = Fix::replace(
                format!("Point at {}", refs::canonical(candidate)),
                cx.file.path.clone(),
                reference.inner,
                text,
            );
            fix.preferred = candidates.len() == 1;
            diagnostic = diagnostic.with_fix(fix);
        }
        out.push(diagnostic);
    }
}

/// The KEP directories (relative to `keps/`) an old single-file KEP most likely became: those
/// named `<number>-<slug>` for the file's `<date>-<slug>.md` (`20190426-crd-defaulting.md` →
/// `sig-api-machinery/575-crd-defaulting`). At most 3, sorted.
fn successors(cx: &Cx, raw: &str) -> Vec<String> {
    let name = raw.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
    let Some(stem) = name.strip_suffix(".md") else { return Vec::new() };
    let slug = strip_number(stem);
    if slug.len() < 3 || slug == stem {
        return Vec::new();
    }
    let mut found: Vec<String> = cx
        .world
        .kep_files()
        .filter_map(|f| f.place.as_ref().map(|p| p.dir_rel().to_string()))
        .filter(|dir| dir.rsplit('/').next().is_some_and(|last| strip_number(last) == slug && last != slug))
        .collect();
    found.sort();
    found.dedup();
    if found.len() > 3 {
        return Vec::new();
    }
    found
}

/// `crd-defaulting` for `20190426-crd-defaulting` or `575-crd-defaulting`.
fn strip_number(name: &str) -> &str {
    match name.split_once('-') {
        Some((number, rest)) if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => name,
    }
}

/// The new reference text, in the file's own style: `/keps/...` in kep.yaml, a relative link in a README.
fn replacement(cx: &Cx, reference: &OutRef, candidate: &str) -> String {
    let (Some(place), FileKind::Readme) = (&cx.file.place, cx.file.kind) else { return refs::canonical(candidate) };
    if reference.raw.starts_with('/') || reference.raw.starts_with("http") {
        return refs::canonical(candidate);
    }
    let mut relative = relative_path(Path::new(place.dir_rel()), Path::new(candidate));
    if reference.raw.trim_end_matches('/').ends_with("README.md") {
        relative.push("README.md");
    }
    relative.to_string_lossy().replace('\\', "/")
}

/// The path from directory `from` to `to`, both relative to `keps/`.
fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for c in &to[common..] {
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::{apply_first_fix, check_code};
    use expect_test::expect;

    const TREE: &str = "//- /ws/keps/sig-scheduling/4815-dra-devices/kep.yaml\ntitle: DRA\nkep-number: 4815\n//- /ws/keps/sig-node/12-x/README.md\n# KEP-12: X\n";

    #[test]
    fn a_moved_kep_is_found_by_its_number() {
        let fixture = format!("//- /ws/keps/sig-node/12-x/kep.yaml\nsee-also:\n  - \"/keps/sig-node/4815-dra-devices\"\n  - n/a\n  - https://github.com/kubernetes/kubernetes/issues/1\n{TREE}");
        expect![[r#"
            warning[unresolved-reference] 2:6: `/keps/sig-node/4815-dra-devices` does not lead to a KEP: No KEP lives at this path. The same KEP number lives at `/keps/sig-scheduling/4815-dra-devices`: the KEP was renamed or moved to another SIG.
              |   - "/keps/sig-node/4815-dra-devices"
              |      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              fix (preferred): Point at /keps/sig-scheduling/4815-dra-devices
        "#]]
        .assert_eq(&check_code(&fixture, "unresolved-reference"));
        assert!(apply_first_fix(&fixture, "unresolved-reference")
            .contains("  - \"/keps/sig-scheduling/4815-dra-devices\"\n"));
    }

    #[test]
    fn legacy_single_file_keps_are_named_as_such() {
        let fixture =
            format!("//- /ws/keps/sig-node/12-x/kep.yaml\nreplaces:\n  - /keps/sig-node/20180101-old-idea.md\n{TREE}");
        let out = check_code(&fixture, "unresolved-reference");
        expect![[r#"
            warning[unresolved-reference] 2:5: `/keps/sig-node/20180101-old-idea.md` does not lead to a KEP: This is an old single-file KEP (`YYYYMMDD-name.md`, from before KEPs became directories). The file no longer exists: point at the KEP's directory `/keps/<sig>/<NNNN-slug>` instead.
              |   - /keps/sig-node/20180101-old-idea.md
              |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
        "#]].assert_eq(&out);
    }

    #[test]
    fn a_legacy_kep_names_its_successor_by_slug() {
        let fixture = "//- /ws/keps/sig-node/12-x/kep.yaml\nsee-also:\n  - /keps/sig-api-machinery/20190426-crd-defaulting.md\n//- /ws/keps/sig-api-machinery/575-crd-defaulting/kep.yaml\ntitle: CRD defaulting\nkep-number: 575\n";
        let out = check_code(fixture, "unresolved-reference");
        expect![[r#"
            warning[unresolved-reference] 2:5: `/keps/sig-api-machinery/20190426-crd-defaulting.md` does not lead to a KEP: This is an old single-file KEP (`YYYYMMDD-name.md`, from before KEPs became directories). The file no longer exists: point at the KEP's directory `/keps/<sig>/<NNNN-slug>` instead. Its successor is probably `/keps/sig-api-machinery/575-crd-defaulting`.
              |   - /keps/sig-api-machinery/20190426-crd-defaulting.md
              |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              fix: Point at /keps/sig-api-machinery/575-crd-defaulting
        "#]].assert_eq(&out);
        assert!(apply_first_fix(fixture, "unresolved-reference")
            .contains("  - /keps/sig-api-machinery/575-crd-defaulting\n"));
    }

    #[test]
    fn resolved_references_and_placeholders_pass() {
        let fixture = format!("//- /ws/keps/sig-node/12-x/kep.yaml\nsee-also:\n  - /keps/sig-scheduling/4815-dra-devices\n  - KEP-4815\n  - TBD\n{TREE}");
        assert_eq!(check_code(&fixture, "unresolved-reference"), "");
    }

    #[test]
    fn readme_links_keep_their_relative_style() {
        let fixture = "//- /ws/keps/sig-node/12-x/README.md\n# KEP-12: X\n\nSee [DRA](../4815-dra-devices/README.md).\n//- /ws/keps/sig-node/12-x/kep.yaml\ntitle: X\n//- /ws/keps/sig-scheduling/4815-dra-devices/kep.yaml\nkep-number: 4815\n";
        let fixed = apply_first_fix(fixture, "unresolved-reference");
        expect![[r#"
            # KEP-12: X

            See [DRA](../../sig-scheduling/4815-dra-devices/README.md).
        "#]]
        .assert_eq(&fixed);
    }
}
