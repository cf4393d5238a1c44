//! Release readiness: for a KEP whose `latest-milestone` is the release being prepared, what the
//! release team checks at PRR freeze and at Enhancements Freeze (sig-release's
//! `releases/release_phases.md` and the Enhancements handbook), item by item, each missing item
//! with the place to fix it. The rule `release-readiness`, the kep.yaml lens and hover, and
//! `kep-ls release` all read this one checklist.

pub mod readme;
#[cfg(test)]
mod tests;
pub mod view;

use std::path::{Path, PathBuf};

use super::kep::usage::Release;
use super::kep::{schema, StageApproval};
use super::layout::TEMPLATE_DIR;
use super::layout::{self, FileKind};
use super::semver::Version;
use super::text::TextRange;
use super::world::{SourceFile, World};

/// What the tree cannot tell, said wherever the checklist is shown.
pub const OUT_OF_SCOPE: &str = "Not checked (outside the tree): the enhancement issue's milestone and `lead-opted-in` label, PR merge state, the PRR team's actual review.";

/// The two deadlines of a release cycle that readiness is measured against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Freeze {
    /// One week before Enhancements Freeze: kep.yaml, PRR file and questionnaire.
    Prr,
    /// Everything of PRR freeze, plus status, template, graduation criteria and test plan.
    Enhancements,
}

impl Freeze {
    pub fn label(self) -> &'static str {
        match self {
            Freeze::Prr => "PRR freeze",
            Freeze::Enhancements => "Enhancements Freeze",
        }
    }
}

/// One thing missing, at the place to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    pub message: String,
    pub path: PathBuf,
    pub range: TextRange,
    /// The file the item is about when the place to fix it is another one (a PRR file that does
    /// not exist yet is created from the kep.yaml).
    pub related: Option<(PathBuf, TextRange, String)>,
}

/// One item of the checklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// Stable id: `stage`, `milestone`, `prr-file`, `prr-approval`, `readme`, `prr-question`,
    /// `status`, `template-section`, `graduation-criteria`, `test-plan-checkbox`, `test-plan`.
    pub code: &'static str,
    /// The first freeze that needs it (Enhancements Freeze needs every item).
    pub freeze: Freeze,
    /// What is checked, in words.
    pub label: String,
    /// Empty when the item is done.
    pub missing: Vec<Missing>,
}

impl Check {
    fn new(code: &'static str, freeze: Freeze, label: impl Into<String>) -> Check {
        Check { code, freeze, label: label.into(), missing: Vec::new() }
    }

    pub fn done(&self) -> bool {
        self.missing.is_empty()
    }

    fn miss(&mut self, message: impl Into<String>, path: &Path, range: TextRange) -> &mut Missing {
        self.missing.push(Missing { message: message.into(), path: path.to_path_buf(), range, related: None });
        self.missing.last_mut().expect("just pushed")
    }
}

/// The readiness of one KEP for one release.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Readiness {
    pub release: Release,
    pub kep_yaml: PathBuf,
    pub number: String,
    pub title: String,
    pub owning_sig: String,
    pub status: String,
    /// As written, empty when absent.
    pub stage: String,
    pub latest_milestone: String,
    pub checks: Vec<Check>,
}

impl Readiness {
    /// The missing items that block `freeze` (for Enhancements Freeze: every missing item).
    pub fn missing(&self, freeze: Freeze) -> impl Iterator<Item = (&Check, &Missing)> {
        self.checks.iter().filter(move |c| c.freeze <= freeze).flat_map(|c| c.missing.iter().map(move |m| (c, m)))
    }

    pub fn ready(&self, freeze: Freeze) -> bool {
        self.missing(freeze).next().is_none()
    }

    /// The KEP's directory, relative to its repository (`keps/sig-node/1234-x`).
    pub fn dir(&self) -> PathBuf {
        let dir = self.kep_yaml.parent().unwrap_or(Path::new(""));
        layout::place(&self.kep_yaml).map_or_else(|| dir.to_path_buf(), |p| Path::new("keps").join(p.dir_rel()))
    }
}

/// Whether a milestone as written is `release` (`v1.37`, `1.37`, `v1.37.0`).
fn is_release(text: &str, release: Release) -> bool {
    Version::parse_tolerant(text).is_ok_and(|v| v.major == release.major && v.minor == release.minor && v.patch == 0)
}

/// The release a kep.yaml targets, when its `latest-milestone` is a release.
pub fn targets(file: &SourceFile, release: Release) -> bool {
    if file.kind != FileKind::KepYaml || file.place.as_ref().is_some_and(|p| p.dir_rel() == TEMPLATE_DIR) {
        return false;
    }
    file.yaml().and_then(|y| y.string("latest-milestone")).is_some_and(|m| is_release(m.text, release))
}

/// The PRR questionnaire parts the template says must be completed for a stage (`Scalability` is
/// only encouraged for alpha; GA confirms the beta answers, so it needs the beta parts).
pub fn questionnaire_parts(stage: &str) -> &'static [&'static str] {
    const ALPHA: &[&str] = &["Feature Enablement and Rollback"];
    const BETA: &[&str] = &[
        "Feature Enablement and Rollback",
        "Rollout, Upgrade and Rollback Planning",
        "Monitoring Requirements",
        "Dependencies",
        "Scalability",
        "Troubleshooting",
    ];
    match stage {
        "alpha" => ALPHA,
        "beta" | "stable" => BETA,
        _ => &[],
    }
}

/// A KEP being removed or deprecated: `withdrawn` with the release set, or a removal stage. It
/// needs no PRR change (and so no questionnaire for its stage).
fn is_removal(status: &str, stage: &str) -> bool {
    status == "withdrawn" || matches!(stage, "deprecated" | "disabled" | "removed")
}

/// The checklist of the KEP of `kep_yaml` for `release`; `None` when it does not target it.
pub fn readiness(world: &World, kep_yaml: &Path, release: Release) -> Option<Readiness> {
    let file = world.file(kep_yaml)?;
    if !targets(file, release) {
        return None;
    }
    let yaml = file.yaml()?;
    let text_of = |key: &str| yaml.string(key).map(|s| s.text.trim().to_string()).unwrap_or_default();
    let mut out = Readiness {
        release,
        kep_yaml: kep_yaml.to_path_buf(),
        number: text_of("kep-number"),
        title: text_of("title"),
        owning_sig: text_of("owning-sig"),
        status: text_of("status"),
        stage: text_of("stage"),
        latest_milestone: text_of("latest-milestone"),
        checks: Vec::new(),
    };
    let top = file.line_index().line_content(&file.text, 0);
    let status_at = yaml.string("status").map_or(top, |s| s.range);
    let stage = out.stage.clone();
    let removal = is_removal(&out.status, &stage);

    // PRR freeze: the kep.yaml.
    let mut check = Check::new("stage", Freeze::Prr, "`stage` is set");
    match yaml.string("stage") {
        None if out.status != "withdrawn" => {
            check.miss("`stage` is not set: the stage the KEP targets in this release", kep_yaml, status_at);
        }
        Some(s) if !schema::is_stage(s.text.trim()) => {
            check.miss(format!("`stage: {}` is not a stage", s.text), kep_yaml, s.range);
        }
        _ => {}
    }
    out.checks.push(check);

    if schema::is_stage(&stage) {
        let mut check = Check::new("milestone", Freeze::Prr, format!("`milestone.{stage}` is {release} or earlier"));
        match yaml.milestone(&stage) {
            None => {
                let at = yaml
                    .entry("milestone")
                    .map_or_else(|| yaml.string("stage").map_or(top, |s| s.range), |e| e.key.range);
                check.miss(format!("`milestone.{stage}` is not set: a KEP graduating to {stage} in {release} sets it to \"{release}\""), kep_yaml, at);
            }
            Some(m) => match Version::parse_tolerant(m.text) {
                Ok(v) if (v.major, v.minor) <= (release.major, release.minor) => {}
                Ok(_) => {
                    check.miss(format!("`milestone.{stage}` is {}, after {release}: the KEP is at `stage: {stage}` in {release}, so set it to \"{release}\"", m.text), kep_yaml, m.range);
                }
                Err(_) => {
                    check.miss(
                        format!("`milestone.{stage}` is `{}`, not a release: set it to \"{release}\"", m.text),
                        kep_yaml,
                        m.range,
                    );
                }
            },
        }
        out.checks.push(check);
    }

    // PRR freeze: the PRR approval file.
    if !removal {
        let prr = file.place.as_ref().and_then(|place| layout::prr_path(&place.root, &out.owning_sig, &out.number));
        let shown = format!("keps/prod-readiness/{}/{}.yaml", out.owning_sig, out.number);
        let mut check = Check::new("prr-file", Freeze::Prr, format!("PRR approval file {shown} exists"));
        let prr_file = prr.as_ref().and_then(|p| world.file(p)).filter(|f| f.yaml().is_some());
        if prr_file.is_none() {
            let missing = check.miss(format!("no PRR approval file {shown}"), kep_yaml, status_at);
            if let Some(path) = &prr {
                missing.related = Some((path.clone(), TextRange::empty(0), "the PRR approval file to create".into()));
            }
        }
        out.checks.push(check);
        if let Some(prr_file) = prr_file {
            let stage_label = if stage.is_empty() { "the stage".to_string() } else { format!("`{stage}`") };
            let mut check =
                Check::new("prr-approval", Freeze::Prr, format!("the PRR file names an approver for {stage_label}"));
            let at = yaml.string("stage").map_or(status_at, |s| s.range);
            let approval = prr_file.yaml().map(|y| y.prr_stage(&stage));
            let (problem, where_) = match approval {
                Some(StageApproval::Present { approver: Some(a), .. }) if !a.text.trim().is_empty() => (None, a.range),
                Some(StageApproval::Present { approver, map }) => {
                    (Some(format!("the `{stage}` approver in {shown} is empty")), approver.map_or(map, |a| a.range))
                }
                _ => (Some(format!("{shown} has no approval for `{stage}`")), TextRange::empty(0)),
            };
            if let Some(problem) = problem.filter(|_| !stage.is_empty()) {
                let missing = check.miss(problem, kep_yaml, at);
                missing.related = Some((prr_file.path.clone(), where_, "the PRR approval file".into()));
            }
            out.checks.push(check);
        }
    }

    // The README: questionnaire (PRR freeze), template, graduation criteria, test plan.
    let readme_path = kep_yaml.with_file_name(layout::README);
    match world.file(&readme_path).filter(|f| f.unreadable.is_none() && !f.symlink) {
        Some(readme) => readme::checks(world, readme, &stage, removal, &mut out.checks),
        None => {
            let mut check = Check::new("readme", Freeze::Prr, "README.md exists");
            check.miss("no README.md beside kep.yaml", kep_yaml, top);
            out.checks.push(check);
        }
    }

    // Enhancements Freeze: the status.
    let mut check = Check::new("status", Freeze::Enhancements, "`status: implementable`");
    match out.status.as_str() {
        "implementable" | "implemented" => {}
        "withdrawn" => check.label = "`status: withdrawn` (a deprecation or removal)".into(),
        other => {
            let said = if other.is_empty() { "`status` is not set".to_string() } else { format!("`status: {other}`") };
            check.miss(format!("{said}: Enhancements Freeze needs `status: implementable`"), kep_yaml, status_at);
        }
    }
    out.checks.push(check);
    out.checks.sort_by_key(|c| c.freeze);
    Some(out)
}

/// Every KEP targeting `release`, by owning SIG, then number.
pub fn report(world: &World, release: Release) -> Vec<Readiness> {
    let targeting: Vec<&PathBuf> = world.kep_files().filter(|f| targets(f, release)).map(|f| &f.path).collect();
    let mut out: Vec<Readiness> = targeting.into_iter().filter_map(|p| readiness(world, p, release)).collect();
    out.sort_by(|a, b| {
        (&a.owning_sig, number_key(&a.number), &a.kep_yaml).cmp(&(&b.owning_sig, number_key(&b.number), &b.kep_yaml))
    });
    out
}

fn number_key(number: &str) -> u64 {
    number.trim().parse().unwrap_or(u64::MAX)
}

/// The readiness of the KEP a file belongs to (its kep.yaml or README.md) for the effective
/// upcoming release.
pub fn of_file(world: &World, path: &Path) -> Option<Readiness> {
    let release = world.effective_upcoming_release_at(path)?;
    let file = world.file(path)?;
    let kep_yaml = match file.kind {
        FileKind::KepYaml => path.to_path_buf(),
        FileKind::Readme => path.with_file_name(layout::KEP_YAML),
        _ => return None,
    };
    readiness(world, &kep_yaml, release)
}
