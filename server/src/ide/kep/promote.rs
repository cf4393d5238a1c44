//! Promoting a KEP to a stage (`kep-ls promote`, the `kep.promote` command): `stage`,
//! `latest-milestone`, `milestone.<stage>` (and `last-updated` when the file has it) are edited in
//! place, comments and layout kept, and the PRR approval file gets a stub for the stage. Pure: the
//! caller passes today's date and applies the edits.

use std::path::{Path, PathBuf};

use super::edit::{self, set_milestone, set_scalar, step, Splice};
use super::usage::Release;
use crate::ide::diagnostic::{FileEdit, Fix, NewFile};
use crate::ide::layout;
use crate::ide::text::TextRange;
use crate::ide::world::World;
use crate::ide::yaml::{Node, ScalarStyle};

/// The stages a KEP is promoted through, in order.
pub const STAGES: &[&str] = &["alpha", "beta", "stable"];

/// What a promotion changes.
#[derive(Clone, Debug)]
pub struct Promotion {
    pub kep_yaml: PathBuf,
    pub prr: PathBuf,
    pub stage: String,
    /// `vMAJOR.MINOR`.
    pub milestone: String,
    /// The edits to kep.yaml and an existing PRR file, and the PRR file to create.
    pub fix: Fix,
    /// What changed, one line each, for the user.
    pub notes: Vec<String>,
}

/// Promotes the KEP in `kep_dir` to `stage` in `milestone` (default: the release after its
/// `latest-milestone`). Refuses to go back to an earlier stage or release.
pub fn promote(
    world: &World,
    kep_dir: &Path,
    stage: &str,
    milestone: Option<&str>,
    today: &str,
) -> Result<Promotion, String> {
    let kep_yaml = kep_dir.join(layout::KEP_YAML);
    let file = world.file(&kep_yaml).ok_or_else(|| format!("no kep.yaml in {}", kep_dir.display()))?;
    let yaml = file.yaml().ok_or_else(|| format!("{} is not a KEP's kep.yaml", kep_yaml.display()))?;
    if let Some(error) = yaml.tree.errors.first() {
        return Err(format!("{} does not parse ({}): fix it first", kep_yaml.display(), error.message));
    }
    let Some(target) = STAGES.iter().position(|s| *s == stage) else {
        return Err(format!("`{stage}` is not a stage to promote to: one of {}", STAGES.join(", ")));
    };
    let current_stage = yaml.string("stage").map(|s| s.text.trim().to_string());
    if let Some(current) = current_stage.as_deref().and_then(|c| STAGES.iter().position(|s| *s == c)) {
        if current > target {
            return Err(format!("the KEP is at `{}` already: promotion goes forward", STAGES[current]));
        }
    }
    let latest = yaml.string("latest-milestone").map(|s| s.text.to_string());
    let latest_release = latest.as_deref().and_then(Release::parse);
    let release = match milestone {
        Some(text) => Release::parse(text).ok_or_else(|| format!("`{text}` is not a release such as v1.34"))?,
        None => latest_release.map(Release::next).ok_or_else(|| match &latest {
            Some(text) => format!("`latest-milestone: {text}` is not a release: pass the milestone"),
            None => "the KEP has no `latest-milestone`: pass the milestone".to_string(),
        })?,
    };
    if let Some(latest) = latest_release.filter(|l| *l > release) {
        return Err(format!("{release} is before the KEP's latest-milestone {latest}"));
    }
    let owning_sig = yaml.string("owning-sig").map(|s| s.text.trim()).unwrap_or_default();
    let number = yaml.string("kep-number").map(|s| s.text.trim()).unwrap_or_default();
    let place = file.place.as_ref().ok_or("the KEP is not below a keps/ directory")?;
    let prr = layout::prr_path(&place.root, owning_sig, number)
        .ok_or("`owning-sig` and `kep-number` are needed to name the PRR approval file")?;

    // Releases are written as the file writes them (`v1.33` or `"v1.33"`); quoted by default.
    let quoted = format!("\"{release}\"");
    let plain = release.to_string();
    let latest_style = if is_plain(yaml.entry("latest-milestone").map(|e| &e.value)) { &plain } else { &quoted };
    let milestones = yaml.entry("milestone").and_then(|e| e.value.as_map()).unwrap_or_default();
    let sample = milestones.iter().find(|e| e.key_str() == Some(stage)).or(milestones.first());
    let milestone_style = if is_plain(sample.map(|e| &e.value)) { &plain } else { &quoted };
    let old: &str = &file.text;
    let mut text = old.to_string();
    text = step(text.clone(), set_scalar(&text, "stage", stage));
    text = step(text.clone(), set_scalar(&text, "latest-milestone", latest_style));
    text = step(text.clone(), set_milestone(&text, stage, milestone_style));
    if yaml.entry("last-updated").is_some() {
        text = step(text.clone(), set_scalar(&text, "last-updated", today));
    }
    let mut notes = vec![
        format!("stage: {} -> {stage}", current_stage.as_deref().unwrap_or("(none)")),
        format!("latest-milestone: {} -> {release}", latest.as_deref().unwrap_or("(none)")),
        format!("milestone.{stage}: {release}"),
    ];
    let mut fix = Fix { title: format!("Promote to {stage} in {release}"), ..Fix::default() };
    if let Some(change) = edit::diff(old, &text) {
        fix.edits.push(FileEdit { path: kep_yaml.clone(), range: change.range, new_text: change.text });
    }

    let prr_rel = prr.strip_prefix(&place.root).unwrap_or(&prr).display().to_string();
    let stub = format!("{stage}:\n  approver: \"\"\n");
    match world.file(&prr) {
        None => {
            fix.creates.push(NewFile { path: prr.clone(), text: format!("kep-number: {number}\n{stub}") });
            notes.push(format!("created {prr_rel} with an empty {stage} approver"));
        }
        Some(prr_file) => match prr_stub(&prr_file.text, stage) {
            Some(change) => {
                fix.edits.push(FileEdit { path: prr.clone(), range: change.range, new_text: change.text });
                notes.push(format!("added an empty {stage} approver to {prr_rel}"));
            }
            None => notes.push(format!("{prr_rel} already has a {stage} approval")),
        },
    }
    Ok(Promotion { kep_yaml, prr, stage: stage.to_string(), milestone: release.to_string(), fix, notes })
}

/// A non-null scalar written without quotes.
fn is_plain(node: Option<&Node>) -> bool {
    node.and_then(Node::as_scalar).is_some_and(|s| !s.is_null() && s.style == ScalarStyle::Plain)
}

/// The edit that gives a PRR file an empty approval for `stage`, unless it has one.
fn prr_stub(text: &str, stage: &str) -> Option<Splice> {
    let yaml = super::YamlFile::parse(text);
    match yaml.entry(stage) {
        Some(entry) if !entry.value.is_null() => None,
        Some(entry) => {
            // `beta:` with nothing under it: the approver goes below.
            let end = entry.value.range.end.max(entry.key.range.end);
            let colon = end + text.get(end..)?.find(':')?;
            let line_end = text[colon..].find(['\n', '\r']).map_or(text.len(), |i| colon + i);
            Some(Splice { range: TextRange::new(colon + 1, line_end), text: "\n  approver: \"\"".into() })
        }
        None => {
            let at = text.len();
            let newline = if text.is_empty() || text.ends_with('\n') { "" } else { "\n" };
            Some(Splice { range: TextRange::empty(at), text: format!("{newline}{stage}:\n  approver: \"\"\n") })
        }
    }
}

/// The KEP directory of a path given by a user or an editor: the directory itself, or the
/// directory of its kep.yaml or README.md.
pub fn kep_dir_of(path: &Path) -> PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    if name == layout::KEP_YAML || name == layout::README {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        path.to_path_buf()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixes::apply;
    use crate::ide::rules::fixture::world;

    const KEP: &str = "title: Hints\nkep-number: 1001\nowning-sig: sig-node\nstatus: implementable\n# the stage\nstage: alpha # now\nlatest-milestone: \"v1.33\"\nlast-updated: 2025-01-01\nmilestone:\n  alpha: \"v1.33\"\n  stable: \"v1.40\"\n";

    fn promoted(fixture: &str, stage: &str, milestone: Option<&str>) -> Result<(String, Promotion), String> {
        let (world, paths) = world(fixture);
        let p = promote(&world, paths[0].parent().unwrap(), stage, milestone, "2026-03-04")?;
        let edits: Vec<_> = p.fix.edits.iter().filter(|e| e.path == paths[0]).cloned().collect();
        Ok((apply(&world.file(&paths[0]).unwrap().text, &edits), p))
    }

    #[test]
    fn promotion_edits_only_the_lines_it_must_and_creates_the_prr_stub() {
        let (text, p) = promoted(&format!("//- /ws/keps/sig-node/1001-hints/kep.yaml\n{KEP}"), "beta", None).unwrap();
        assert_eq!(
            text,
            "title: Hints\nkep-number: 1001\nowning-sig: sig-node\nstatus: implementable\n# the stage\nstage: beta # now\nlatest-milestone: \"v1.34\"\nlast-updated: 2026-03-04\nmilestone:\n  alpha: \"v1.33\"\n  beta: \"v1.34\"\n  stable: \"v1.40\"\n"
        );
        assert_eq!(p.fix.edits.len(), 1, "one edit for kep.yaml");
        assert_eq!(p.fix.creates.len(), 1);
        assert_eq!(p.fix.creates[0].path, PathBuf::from("/ws/keps/prod-readiness/sig-node/1001.yaml"));
        assert_eq!(p.fix.creates[0].text, "kep-number: 1001\nbeta:\n  approver: \"\"\n");
        assert_eq!(p.notes[0], "stage: alpha -> beta");
    }

    #[test]
    fn an_existing_prr_file_gets_the_stage_added_once() {
        let fixture = format!("//- /ws/keps/sig-node/1001-hints/kep.yaml\n{KEP}//- /ws/keps/prod-readiness/sig-node/1001.yaml\nkep-number: 1001\nalpha:\n  approver: \"@a\"");
        let (_, p) = promoted(&fixture, "stable", Some("v1.36")).unwrap();
        assert!(p.fix.creates.is_empty());
        let prr = p.fix.edits.iter().find(|e| e.path.ends_with("1001.yaml")).unwrap();
        assert_eq!(prr.new_text, "\nstable:\n  approver: \"\"\n");
        assert_eq!(p.milestone, "v1.36");
        let fixture = format!("//- /ws/keps/sig-node/1001-hints/kep.yaml\n{KEP}//- /ws/keps/prod-readiness/sig-node/1001.yaml\nkep-number: 1001\nbeta:\n  approver: \"@a\"\n");
        let (_, p) = promoted(&fixture, "beta", None).unwrap();
        assert_eq!(p.fix.edits.len(), 1, "only kep.yaml");
        assert!(p.notes.last().unwrap().ends_with("already has a beta approval"));
        assert_eq!(
            prr_stub("kep-number: 1\nbeta:\n", "beta").unwrap().apply("kep-number: 1\nbeta:\n"),
            "kep-number: 1\nbeta:\n  approver: \"\"\n"
        );
    }

    #[test]
    fn releases_keep_the_quoting_of_the_file() {
        let fixture = "//- /ws/keps/sig-node/1001-hints/kep.yaml\nkep-number: 1\nowning-sig: sig-node\nlatest-milestone: v1.36\nmilestone:\n  alpha: \"v1.25\" # note\n";
        let (text, _) = promoted(fixture, "beta", None).unwrap();
        assert_eq!(
            text,
            "kep-number: 1\nowning-sig: sig-node\nstage: beta\nlatest-milestone: v1.37\nmilestone:\n  alpha: \"v1.25\" # note\n  beta: \"v1.37\"\n"
        );
    }

    #[test]
    fn missing_keys_are_inserted_in_template_order() {
        let fixture = "//- /ws/keps/sig-node/1001-hints/kep.yaml\ntitle: Hints\nkep-number: 1001\nowning-sig: sig-node\nstatus: provisional\nfeature-gates: []\n";
        let (text, _) = promoted(fixture, "alpha", Some("1.35")).unwrap();
        assert_eq!(text, "title: Hints\nkep-number: 1001\nowning-sig: sig-node\nstatus: provisional\nstage: alpha\nlatest-milestone: \"v1.35\"\nmilestone:\n  alpha: \"v1.35\"\nfeature-gates: []\n");
    }

    #[test]
    fn refusals_say_why() {
        let fixture = format!("//- /ws/keps/sig-node/1001-hints/kep.yaml\n{KEP}");
        assert_eq!(
            promoted(&fixture, "gamma", None).unwrap_err(),
            "`gamma` is not a stage to promote to: one of alpha, beta, stable"
        );
        assert_eq!(
            promoted(&fixture, "beta", Some("v1.20")).unwrap_err(),
            "v1.20 is before the KEP's latest-milestone v1.33"
        );
        assert_eq!(promoted(&fixture, "beta", Some("next")).unwrap_err(), "`next` is not a release such as v1.34");
        let stable = fixture.replace("stage: alpha", "stage: stable");
        assert_eq!(
            promoted(&stable, "beta", None).unwrap_err(),
            "the KEP is at `stable` already: promotion goes forward"
        );
        let no_latest = "//- /ws/keps/sig-node/1001-hints/kep.yaml\nkep-number: 1\nowning-sig: sig-node\n";
        assert_eq!(
            promoted(no_latest, "alpha", None).unwrap_err(),
            "the KEP has no `latest-milestone`: pass the milestone"
        );
        let broken = "//- /ws/keps/sig-node/1001-hints/kep.yaml\ntitle: [\n";
        assert!(promoted(broken, "alpha", Some("v1.2")).unwrap_err().contains("does not parse"));
        let (world, _) = world(&fixture);
        assert!(promote(&world, Path::new("/ws/keps/sig-node/nope"), "beta", None, "")
            .unwrap_err()
            .starts_with("no kep.yaml"));
    }

    #[test]
    fn a_kep_is_named_by_its_directory_or_either_file() {
        let dir = PathBuf::from("/ws/keps/sig-a/1-x");
        assert_eq!(kep_dir_of(&dir.join("kep.yaml")), dir);
        assert_eq!(kep_dir_of(&dir.join("README.md")), dir);
        assert_eq!(kep_dir_of(&dir), dir);
    }
}
