//! `milestone-format`: `latest-milestone` or a `milestone.<stage>` that is not written `"vMAJOR.MINOR"`.
//!
//! A `latest-milestone` that CI cannot read at all (`TBD` on an implementable KEP) is CI's
//! `prr-milestone-unparsable` error, not repeated here.

use super::quickfix;
use super::{prr_chain, Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Fix, Severity};
use crate::ide::kep::schema::STAGES;
use crate::ide::yaml::{Node, ScalarStyle};

pub const RULE: Rule = Rule {
    code: "milestone-format",
    severity: Severity::Warning,
    scope: Scope::KepYaml,
    check: Some(check),
    ci: false,
    summary: "`latest-milestone` or a `milestone` release not written `\"vMAJOR.MINOR\"`: `TBD`, `\"\"`, `x.y`, `never`, `0.0`, or `1.27` without its `v`.",
    why: "Releases are compared to decide what a KEP needs (CI's PRR check, the release team's tracking). CI reads `1.27` but nothing else; placeholders like `TBD` slip through where CI does not look, and `1.30` unquoted is the number 1.3 to any YAML reader.",
    example: "latest-milestone: 1.30\nmilestone:\n  stable: TBD",
    fix: "Write the release as `\"v1.NN\"`, or leave the key out until it is known. The quick fix adds a missing `v` and the quotes (`1.30` → `\"v1.30\"`; applied by fix-all).",
};

/// The release a milestone names, read as CI reads it (optional `v`, `MAJOR.MINOR[.PATCH]`), when it
/// is a Kubernetes release (major 1 or later).
pub fn release(text: &str) -> Option<(u64, u64)> {
    let text = text.trim();
    let numbers = text.strip_prefix('v').unwrap_or(text);
    let parts: Vec<&str> = numbers.split('.').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let mut values = parts.iter().map(|p| {
        (!p.is_empty() && p.len() <= 9 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u64>().ok())
            .flatten()
    });
    let (major, minor) = (values.next()??, values.next()??);
    if values.any(|patch| patch.is_none()) || major == 0 {
        return None;
    }
    Some((major, minor))
}

/// The milestones of a kep.yaml: `latest-milestone` and each `milestone.<stage>`, with their names.
pub fn milestones<'a>(cx: &Cx<'a>) -> Vec<(String, &'a Node)> {
    let Some(yaml) = cx.yaml() else { return Vec::new() };
    let mut found = Vec::new();
    if let Some(entry) = yaml.entry("latest-milestone") {
        found.push(("latest-milestone".to_string(), &entry.value));
    }
    if let Some(entries) = yaml.entry("milestone").and_then(|e| e.value.as_map()) {
        for entry in entries {
            let Some(stage) = entry.key_str().filter(|k| STAGES.iter().any(|(s, _)| s == k)) else { continue };
            found.push((format!("milestone.{stage}"), &entry.value));
        }
    }
    found
}

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    for (name, node) in milestones(cx) {
        let Some(text) = node.as_str() else { continue };
        if quickfix::reported(cx, out, prr_chain::MILESTONE_UNPARSABLE.code, node.range).is_some() {
            continue;
        }
        let later = "or leave the key out until the release is known";
        let (message, fix) = match release(text) {
            Some((major, minor)) if text == format!("v{major}.{minor}") => continue,
            Some((major, minor)) if text == format!("{major}.{minor}") => {
                let new = format!("v{text}");
                let quoted = match node.as_scalar().map(|s| s.style) {
                    Some(ScalarStyle::Plain) => Some(quickfix::double_quoted(&new)),
                    _ => quickfix::in_style_of(node, &new),
                };
                let fix = quoted.map(|q| {
                    Fix::replace(format!("Write \"{new}\""), cx.file.path.clone(), node.range, q).preferred().safe()
                });
                (format!("`{name}: {text}` lacks its `v`: write \"{new}\""), fix)
            }
            Some((major, minor)) => {
                (format!("`{name}: {text}` is not written vMAJOR.MINOR: write \"v{major}.{minor}\""), None)
            }
            None if text.trim().is_empty() => {
                (format!("`{name}` is empty: write the release as \"v1.NN\", {later}"), None)
            }
            None if is_zero_release(text) => {
                (format!("`{name}: {text}` is not a Kubernetes release: write \"v1.NN\", {later}"), None)
            }
            None => {
                (format!("`{name}: {text}` is not a release: write \"vMAJOR.MINOR\" (e.g. \"v1.31\"), {later}"), None)
            }
        };
        out.push(Diagnostic::new(RULE.code, node.range, message).with_fixes(fix));
    }
}

/// `0.0`, `v0.3`: a version, but of no Kubernetes release (old KEPs used `0.0` for "unknown").
fn is_zero_release(text: &str) -> bool {
    let text = text.trim();
    let numbers = text.strip_prefix('v').unwrap_or(text);
    numbers.split_once('.').is_some_and(|(major, rest)| {
        major.bytes().all(|b| b == b'0')
            && !major.is_empty()
            && rest.split('.').all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    })
}

#[cfg(test)]
mod tests {
    use super::release;
    use crate::ide::fixtures::{apply_first_fix, check, check_code};
    use expect_test::expect;

    #[test]
    fn releases_are_read_as_ci_reads_them() {
        assert_eq!(release("v1.27"), Some((1, 27)));
        assert_eq!(release("1.27"), Some((1, 27)));
        assert_eq!(release("v1.27.3"), Some((1, 27)));
        assert_eq!(release("0.0"), None);
        for text in ["TBD", "", "x.y", "never", "v1", "v1.2.3.4", "v1.21, v1.37", "1.2-alpha"] {
            assert_eq!(release(text), None, "{text}");
        }
    }

    #[test]
    fn the_real_oddities() {
        expect![[r#"
            warning[milestone-format] 1:19: `latest-milestone: 1.30` lacks its `v`: write "v1.30"
              | latest-milestone: 1.30
              |                   ^^^^
              fix (preferred): Write "v1.30"
            warning[milestone-format] 3:10: `milestone.alpha: 0.0` is not a Kubernetes release: write "v1.NN", or leave the key out until the release is known
              |   alpha: 0.0
              |          ^^^
            warning[milestone-format] 4:9: `milestone.beta` is empty: write the release as "v1.NN", or leave the key out until the release is known
              |   beta: ""
              |         ^^
            warning[milestone-format] 5:11: `milestone.stable: x.y` is not a release: write "vMAJOR.MINOR" (e.g. "v1.31"), or leave the key out until the release is known
              |   stable: x.y
              |           ^^^
            warning[milestone-format] 6:15: `milestone.deprecated: v1.21.0` is not written vMAJOR.MINOR: write "v1.21"
              |   deprecated: v1.21.0
              |               ^^^^^^^
        "#]]
        .assert_eq(&check_code(
            "latest-milestone: 1.30\nmilestone:\n  alpha: 0.0\n  beta: \"\"\n  stable: x.y\n  deprecated: v1.21.0\n  removed: \"v1.33\"\n  disabled:\n",
            "milestone-format",
        ));
        let out: String = ["TBD", "never", "\"v1.21, v1.37\""]
            .iter()
            .map(|text| check_code(&format!("milestone:\n  stable: {text}\n"), "milestone-format"))
            .collect();
        expect![[r#"
            warning[milestone-format] 2:11: `milestone.stable: TBD` is not a release: write "vMAJOR.MINOR" (e.g. "v1.31"), or leave the key out until the release is known
              |   stable: TBD
              |           ^^^
            warning[milestone-format] 2:11: `milestone.stable: never` is not a release: write "vMAJOR.MINOR" (e.g. "v1.31"), or leave the key out until the release is known
              |   stable: never
              |           ^^^^^
            warning[milestone-format] 2:11: `milestone.stable: v1.21, v1.37` is not a release: write "vMAJOR.MINOR" (e.g. "v1.31"), or leave the key out until the release is known
              |   stable: "v1.21, v1.37"
              |           ^^^^^^^^^^^^^^
        "#]].assert_eq(&out);
    }

    #[test]
    fn written_releases_pass() {
        for fixture in
            ["latest-milestone: \"v1.30\"\nmilestone:\n  alpha: v1.29\n", "latest-milestone:\n", "title: x\n"]
        {
            assert_eq!(check_code(fixture, "milestone-format"), "", "{fixture}");
        }
    }

    #[test]
    fn the_fix_adds_the_v_and_the_quotes() {
        assert_eq!(apply_first_fix("latest-milestone: 1.30\n", "milestone-format"), "latest-milestone: \"v1.30\"\n");
        assert_eq!(
            apply_first_fix("milestone:\n  beta: '1.27'\n", "milestone-format"),
            "milestone:\n  beta: 'v1.27'\n"
        );
        assert_eq!(
            apply_first_fix("milestone:\n  beta: \"1.27\"\n", "milestone-format"),
            "milestone:\n  beta: \"v1.27\"\n"
        );
    }

    /// `TBD` on an implementable KEP is CI's error; the warning does not repeat it.
    #[test]
    fn an_unparsable_latest_milestone_is_reported_once() {
        let fixture = "title: x\nkep-number: 1234\nauthors: []\nowning-sig: sig-node\napprovers: []\nstatus: implementable\nstage: alpha\nlatest-milestone: TBD\n";
        let out = check(fixture);
        expect![[r#"
            error[prr-milestone-unparsable] 8:19: `TBD` is not a release upstream can read (`0TBD` is not a number): write it as "v1.NN"
              | latest-milestone: TBD
              |                   ^^^
        "#]].assert_eq(&out);
        let provisional = fixture.replace("implementable", "provisional");
        expect![[r#"
            warning[milestone-format] 8:19: `latest-milestone: TBD` is not a release: write "vMAJOR.MINOR" (e.g. "v1.31"), or leave the key out until the release is known
              | latest-milestone: TBD
              |                   ^^^
        "#]].assert_eq(&check_code(&provisional, "milestone-format"));
    }
}
