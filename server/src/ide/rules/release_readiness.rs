//! `release-readiness`: what a KEP targeting the upcoming release still lacks for PRR freeze or
//! Enhancements Freeze, reported at the place to fix it (see `ide/release`).

use super::{prr_chain, Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, FileEdit, Fix, NewFile, Severity};
use crate::ide::kep::edit;
use crate::ide::release::{self, Missing, Readiness};

pub const RULE: Rule = Rule {
    code: "release-readiness",
    severity: Severity::Information,
    scope: Scope::KepAndReadme,
    check: Some(check),
    ci: false,
    summary: "A KEP whose `latest-milestone` is the upcoming release lacks something the release team checks at PRR freeze or Enhancements Freeze.",
    why: "Every cycle the Enhancements subteam checks the opted-in KEPs by hand against sig-release's freeze requirements and marks those that miss one \"at risk\". PRR freeze: `stage` set, `milestone.<stage>` set to the release when the KEP graduates in it, a PRR approval file naming an approver for the stage, and the README's PRR questionnaire answered for the stage (Feature Enablement and Rollback for alpha; every part for beta and GA). Enhancements Freeze adds `status: implementable`, the template's non-optional sections, Graduation Criteria for the stage, and a Test Plan with its `I/we understand` checkbox ticked and its prerequisite, unit, integration and e2e parts answered. A `withdrawn` KEP (a deprecation or removal) needs no PRR change. The upcoming release is the `upcoming-release` setting, else the newest `latest-milestone` of the workspace. Not checked: the enhancement issue's milestone and label, PR merge state, the PRR team's review.",
    example: "latest-milestone: \"v1.37\"\nstage: beta\nmilestone:\n  alpha: \"v1.36\"\n# no milestone.beta",
    fix: "Fill in what the message names. Quick fixes set `milestone.<stage>` to the release and create the PRR approval file stub. `kep-ls release --kep DIR` prints the whole checklist.",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(readiness) = release::of_file(cx.world, &cx.file.path) else { return };
    // What another rule reports at the same place is not said twice: missing template sections
    // (`template-section-missing`) and, for an implementable KEP, the missing PRR file (the CI
    // error `prr-file-missing`, with the same fix).
    let chain_reports_prr_file = || {
        let mut chain = Vec::new();
        prr_chain::check(&Cx { world: cx.world, file: cx.file, with_fixes: false }, &mut chain);
        chain.iter().any(|d| d.code == prr_chain::FILE_MISSING.code)
    };
    for check in &readiness.checks {
        if check.code == "template-section" || (check.code == "prr-file" && !check.done() && chain_reports_prr_file()) {
            continue;
        }
        for missing in check.missing.iter().filter(|m| m.path == cx.file.path) {
            let mut d = Diagnostic::new(
                RULE.code,
                missing.range,
                format!("{} for {}: {}", check.freeze.label(), readiness.release, missing.message),
            );
            if let Some((path, range, message)) = &missing.related {
                d = d.with_related(path.clone(), *range, message.clone());
            }
            if cx.with_fixes {
                d = d.with_fixes(fix(cx, &readiness, check.code, missing));
            }
            out.push(d);
        }
    }
}

/// The mechanical fixes: `milestone.<stage>` set to the release; the PRR stub created the way
/// `prr-file-missing` creates it.
fn fix(cx: &Cx, readiness: &Readiness, code: &str, missing: &Missing) -> Option<Fix> {
    match code {
        "milestone" => {
            let value = format!("\"{}\"", readiness.release);
            let splice = edit::set_milestone(cx.text(), &readiness.stage, &value)?;
            Some(
                Fix {
                    title: format!("Set `milestone.{}` to {value}", readiness.stage),
                    edits: vec![FileEdit { path: cx.file.path.clone(), range: splice.range, new_text: splice.text }],
                    ..Fix::default()
                }
                .preferred(),
            )
        }
        // Reported only where CI's `prr-file-missing` is not (a KEP not yet implementable): the
        // same stub `prr-file-missing` offers, created through the same `NewFile` path (the
        // adapter's create-only file operation, never over an existing file).
        "prr-file" => {
            let (path, _, _) = missing.related.as_ref()?;
            let shown = format!("keps/prod-readiness/{}/{}.yaml", readiness.owning_sig, readiness.number);
            let stub = format!("kep-number: {}\n{}:\n  approver: \"\"\n", readiness.number, readiness.stage);
            Some(Fix {
                title: format!("Create {shown}"),
                creates: vec![NewFile { path: path.clone(), text: stub }],
                ..Fix::default()
            })
        }
        _ => None,
    }
}
