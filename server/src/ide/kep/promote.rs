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
use crate::ide::world::{SourceFile, World};
use crate::ide::yaml::{Entry, Node, ScalarStyle, Value};

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

/// How a promotion may go beyond the plain case.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options<'a> {
    /// The release of the promotion (default: the one after `latest-milestone`).
    pub milestone: Option<&'a str>,
    /// Replace a `milestone.<stage>` the file already has with a different release.
    pub overwrite_milestone: bool,
}

/// Promotes the KEP in `kep_dir` to `stage` in `milestone` (default: the release after its
/// `latest-milestone`). Refuses to go back to an earlier stage or release; see [`promote_with`].
pub fn promote(
    world: &World,
    kep_dir: &Path,
    stage: &str,
    milestone: Option<&str>,
    today: &str,
) -> Result<Promotion, String> {
    promote_with(world, kep_dir, stage, &Options { milestone, overwrite_milestone: false }, today)
}

/// Keys of kep.yaml a promotion edits.
const EDITED_KEYS: &[&str] = &["stage", "latest-milestone", "milestone", "last-updated"];

/// Diagnostics that mean the file's structure is not what an edit can rely on: with a duplicate
/// key the edit may change the copy upstream ignores, with a wrong type or a second document it
/// lands in a value that is not what it looks like.
const STRUCTURAL: &[&str] = &["yaml-syntax", "duplicate-key", "type-mismatch", "document-separator"];

/// Promotes the KEP in `kep_dir` to `stage`. Only alpha → beta → stable is a promotion: a KEP at a
/// later stage, or at `deprecated`, `disabled` or `removed`, is refused, and so is promoting to the
/// stage the KEP is at unless a milestone is given. An existing `milestone.<stage>` is replaced only
/// with `overwrite_milestone`. What cannot be edited safely is refused with the reason: a link or an
/// unreadable file, structural errors, block scalars, anchors and aliases on the edited keys, mixed
/// line endings. The file's own line ending is used.
pub fn promote_with(
    world: &World,
    kep_dir: &Path,
    stage: &str,
    options: &Options,
    today: &str,
) -> Result<Promotion, String> {
    let kep_yaml = kep_dir.join(layout::KEP_YAML);
    let file = world.file(&kep_yaml).ok_or_else(|| format!("no kep.yaml in {}", kep_dir.display()))?;
    editable(world, file)?;
    let yaml = file.yaml().ok_or_else(|| format!("{} is not a KEP's kep.yaml", kep_yaml.display()))?;
    let Some(target) = STAGES.iter().position(|s| *s == stage) else {
        return Err(format!("`{stage}` is not a stage to promote to: one of {}", STAGES.join(", ")));
    };
    let current_stage = yaml.string("stage").map(|s| s.text.trim().to_string()).filter(|s| !s.is_empty());
    let current = current_stage.as_deref().map(|c| (c, STAGES.iter().position(|s| *s == c)));
    match current {
        Some((_, Some(current))) if current > target => {
            return Err(format!("the KEP is at `{}` already: promotion goes forward", STAGES[current]));
        }
        Some((_, Some(current))) if current == target && options.milestone.is_none() => {
            return Err(format!(
                "the KEP is at `{stage}` already: nothing to change (pass a milestone to record the stage in \
                 another release)"
            ));
        }
        Some((other, None)) => {
            return Err(format!(
                "the KEP's stage is `{other}`: only alpha → beta → stable is a promotion, kep-ls does not change it"
            ));
        }
        _ => {}
    }
    let latest = yaml.string("latest-milestone").map(|s| s.text.to_string());
    let latest_release = latest.as_deref().and_then(Release::parse);
    let release = match options.milestone {
        Some(text) => Release::parse(text).ok_or_else(|| format!("`{text}` is not a release such as v1.34"))?,
        None => latest_release.map(Release::next).ok_or_else(|| match &latest {
            Some(text) => format!("`latest-milestone: {text}` is not a release: pass the milestone"),
            None => "the KEP has no `latest-milestone`: pass the milestone".to_string(),
        })?,
    };
    if let Some(latest) = latest_release.filter(|l| *l > release) {
        return Err(format!("{release} is before the KEP's latest-milestone {latest}"));
    }
    if let Some(existing) = yaml.milestone(stage) {
        if Release::parse(existing.text) != Some(release) && !options.overwrite_milestone {
            return Err(format!(
                "milestone.{stage} is already {}: kep-ls does not rewrite the KEP's history (pass the overwrite \
                 flag to replace it with {release})",
                existing.text.trim()
            ));
        }
    }
    for key in EDITED_KEYS {
        if let Some(entry) = yaml.entry(key) {
            plain_entry(&file.text, entry, key)?;
        }
    }
    if let Some(entry) = yaml.entry("milestone").and_then(|m| m.value.get(stage)) {
        plain_entry(&file.text, entry, &format!("milestone.{stage}"))?;
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
    let text = with_own_line_endings(old, &kep_yaml, |old| {
        let mut text = old.to_string();
        text = step(text.clone(), set_scalar(&text, "stage", stage));
        text = step(text.clone(), set_scalar(&text, "latest-milestone", latest_style));
        text = step(text.clone(), set_milestone(&text, stage, milestone_style));
        if yaml.entry("last-updated").is_some() {
            text = step(text.clone(), set_scalar(&text, "last-updated", today));
        }
        text
    })?;
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
        Some(prr_file) => {
            editable(world, prr_file)?;
            let stubbed = with_own_line_endings(&prr_file.text, &prr, |text| {
                prr_stub(text, stage).map_or_else(|| text.to_string(), |change| change.apply(text))
            })?;
            match edit::diff(&prr_file.text, &stubbed) {
                Some(change) => {
                    fix.edits.push(FileEdit { path: prr.clone(), range: change.range, new_text: change.text });
                    notes.push(format!("added an empty {stage} approver to {prr_rel}"));
                }
                None => notes.push(format!("{prr_rel} already has a {stage} approval")),
            }
        }
    }
    Ok(Promotion { kep_yaml, prr, stage: stage.to_string(), milestone: release.to_string(), fix, notes })
}

/// Refuses a file that an edit must not be computed from: a symbolic link (its text is the link's
/// target), an unreadable file, a file with structural errors.
fn editable(world: &World, file: &SourceFile) -> Result<(), String> {
    let shown = file.path.display();
    if let Some(reason) = crate::ide::fixes::not_editable(file) {
        return Err(reason);
    }
    if let Some(error) = file.yaml().and_then(|y| y.tree.errors.first()) {
        return Err(format!("{shown} does not parse ({}): fix it first", error.message));
    }
    let diagnostics = crate::ide::features::diagnostics(world, &file.path);
    if let Some(d) = diagnostics.iter().find(|d| STRUCTURAL.contains(&d.code)) {
        return Err(format!("{shown} has a structural error ({}: {}): fix it first", d.code, d.message));
    }
    Ok(())
}

/// Refuses an entry whose value an in-place edit would break or would change elsewhere too: a
/// block scalar (`stage: |`), an alias (`*name`), an anchored value (`&name`, which aliases elsewhere
/// in the file repeat), a tag.
fn plain_entry(text: &str, entry: &Entry, name: &str) -> Result<(), String> {
    if matches!(entry.value.value, Value::Alias) {
        return Err(format!("`{name}` is an alias (`*...`): kep-ls does not edit it; write the value itself"));
    }
    if entry.value.as_scalar().is_some_and(|s| matches!(s.style, ScalarStyle::Literal | ScalarStyle::Folded)) {
        return Err(format!("`{name}` is a block scalar (`|` or `>`): kep-ls does not edit it; write it on one line"));
    }
    // Between the key and its value (or the end of the line, for a null value): anchors and tags.
    let from = entry.key.range.end.min(text.len());
    let line_end = text[from..].find(['\n', '\r']).map_or(text.len(), |i| from + i);
    let to = if entry.value.range.start > from { entry.value.range.start } else { line_end };
    let gap = text.get(from..to.max(from)).unwrap_or_default();
    let gap = gap.split(" #").next().unwrap_or_default();
    let value_start = text.get(entry.value.range.start..).and_then(|t| t.chars().next());
    if gap.contains('&') || value_start == Some('&') {
        return Err(format!(
            "`{name}` carries an anchor (`&...`) that other keys may repeat: kep-ls does not edit it, since that would \
             change them too"
        ));
    }
    if gap.contains('!') || value_start == Some('!') {
        return Err(format!("`{name}` carries a tag (`!...`): kep-ls does not edit it"));
    }
    Ok(())
}

/// Runs `edit` on `text` with its line breaks as `\n`, and gives the result the file's own line
/// ending back (`\r\n` or a lone `\r`). A file that mixes them is refused: no one ending is its own.
fn with_own_line_endings(text: &str, path: &Path, edit: impl FnOnce(&str) -> String) -> Result<String, String> {
    let crlf = text.matches("\r\n").count();
    let cr = text.matches('\r').count();
    let lf = text.matches('\n').count();
    let ending = match (cr, crlf, lf) {
        (0, _, _) => "\n",
        (cr, crlf, lf) if cr == crlf && lf == crlf => "\r\n",
        (_, 0, 0) => "\r",
        _ => {
            return Err(format!(
                "{} mixes line endings (\\n, \\r\\n, \\r): kep-ls does not edit it; make them one kind first",
                path.display()
            ))
        }
    };
    if ending == "\n" {
        return Ok(edit(text));
    }
    let edited = edit(&text.replace(ending, "\n"));
    Ok(edited.replace('\n', ending))
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
    use expect_test::expect;

    use super::*;
    use crate::ide::fixes::apply;
    use crate::ide::fixtures::world;

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
        let kep = KEP.replace("  stable: \"v1.40\"\n", "");
        let fixture = format!("//- /ws/keps/sig-node/1001-hints/kep.yaml\n{kep}//- /ws/keps/prod-readiness/sig-node/1001.yaml\nkep-number: 1001\nalpha:\n  approver: \"@a\"");
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
        expect!["/ws/keps/sig-node/1001-hints/kep.yaml does not parse (YAML syntax error: did not find expected node content): fix it first"].assert_eq(&promoted(broken, "alpha", Some("v1.2")).unwrap_err());
        let (world, _) = world(&fixture);
        assert!(promote(&world, Path::new("/ws/keps/sig-node/nope"), "beta", None, "")
            .unwrap_err()
            .starts_with("no kep.yaml"));
    }

    fn kep(text: &str) -> String {
        format!("//- /ws/keps/sig-node/1001-hints/kep.yaml\n{text}")
    }

    #[test]
    fn what_cannot_be_edited_safely_is_refused() {
        let base = "kep-number: 1001\nowning-sig: sig-node\n";
        let errors: Vec<String> = [
            format!("{base}stage: |\n  alpha\nlatest-milestone: v1.33\n"),
            format!("{base}stage: alpha\nlatest-milestone: &m \"v1.33\"\nmilestone:\n  alpha: *m\n"),
            format!("{base}stage: alpha\nx: &m v1.2\nlatest-milestone: v1.33\nmilestone:\n  beta: *m\n"),
            format!("{base}stage: alpha\nstage: alpha\nlatest-milestone: v1.33\n"),
            format!("{base}stage: alpha\nlatest-milestone: v1.33\nmilestone: [v1.33]\n"),
            format!("{base}stage: alpha\r\nlatest-milestone: v1.33\n"),
        ]
        .iter()
        .map(|text| promoted(&kep(text), "beta", None).unwrap_err())
        .collect();
        expect![[r#"
            `stage` is a block scalar (`|` or `>`): kep-ls does not edit it; write it on one line
            `latest-milestone` carries an anchor (`&...`) that other keys may repeat: kep-ls does not edit it, since that would change them too
            `milestone.beta` is an alias (`*...`): kep-ls does not edit it; write the value itself
            /ws/keps/sig-node/1001-hints/kep.yaml has a structural error (duplicate-key: duplicate key `stage`: it is already defined above): fix it first
            /ws/keps/sig-node/1001-hints/kep.yaml has a structural error (type-mismatch: `milestone` must be a map of stage to release, found a list): fix it first
            /ws/keps/sig-node/1001-hints/kep.yaml mixes line endings (\n, \r\n, \r): kep-ls does not edit it; make them one kind first"#]].assert_eq(&errors.join("\n"));
    }

    #[test]
    fn the_file_keeps_its_own_line_ending() {
        let lf = "kep-number: 1001\nowning-sig: sig-node\nstage: alpha\nlatest-milestone: v1.33\nmilestone:\n  alpha: v1.33\n";
        let (expected, _) = promoted(&kep(lf), "beta", None).unwrap();
        for ending in ["\r", "\r\n"] {
            let (text, _) = promoted(&kep(&lf.replace('\n', ending)), "beta", None).unwrap();
            assert_eq!(text, expected.replace('\n', ending), "{ending:?}");
        }
        assert!(expected.contains("\n  beta: v1.34\n"), "{expected}");
    }

    #[test]
    fn only_alpha_beta_stable_is_a_promotion_and_history_is_kept() {
        let at = |stage: &str| kep(&KEP.replace("stage: alpha", &format!("stage: {stage}")));
        let errors: Vec<String> = ["deprecated", "removed", "disabled"]
            .iter()
            .map(|stage| promoted(&at(stage), "alpha", Some("v1.40")).unwrap_err())
            .collect();
        expect![[r#"
            the KEP's stage is `deprecated`: only alpha → beta → stable is a promotion, kep-ls does not change it
            the KEP's stage is `removed`: only alpha → beta → stable is a promotion, kep-ls does not change it
            the KEP's stage is `disabled`: only alpha → beta → stable is a promotion, kep-ls does not change it"#]]
        .assert_eq(&errors.join("\n"));
        let again = promoted(&kep(KEP), "alpha", None).unwrap_err();
        assert!(again.starts_with("the KEP is at `alpha` already: nothing to change"), "{again}");
        // milestone.stable is v1.40 already: moving it needs the explicit flag.
        let error = promoted(&kep(KEP), "stable", Some("v1.36")).unwrap_err();
        assert!(error.starts_with("milestone.stable is already v1.40: "), "{error}");
        let (world, paths) = world(&kep(KEP));
        let options = Options { milestone: Some("v1.36"), overwrite_milestone: true };
        let p = promote_with(&world, paths[0].parent().unwrap(), "stable", &options, "2026-03-04").unwrap();
        assert!(p.fix.edits[0].new_text.contains("v1.36"));
        // The release it has already: nothing to overwrite.
        assert!(promoted(&kep(KEP), "stable", Some("v1.40")).is_ok());
    }

    #[test]
    fn links_and_unreadable_files_are_never_edited() {
        let (mut world, paths) = world(&kep(KEP));
        let prr = PathBuf::from("/ws/keps/prod-readiness/sig-node/1001.yaml");
        world.set_symlink(prr.clone(), "/elsewhere/secret.yaml".into());
        let dir = paths[0].parent().unwrap();
        let error = promote(&world, dir, "beta", None, "2026-03-04").unwrap_err();
        expect!["/ws/keps/prod-readiness/sig-node/1001.yaml is a symbolic link: kep-ls never edits through a link (replace it with the file itself)"].assert_eq(&error);
        world.set_unreadable(prr, "permission denied".into());
        expect!["/ws/keps/prod-readiness/sig-node/1001.yaml cannot be read (permission denied): not edited"]
            .assert_eq(&promote(&world, dir, "beta", None, "").unwrap_err());
        world.set_symlink(paths[0].clone(), "../other/kep.yaml".into());
        expect!["/ws/keps/sig-node/1001-hints/kep.yaml is a symbolic link: kep-ls never edits through a link (replace it with the file itself)"].assert_eq(&promote(&world, dir, "beta", None, "").unwrap_err());
    }

    #[test]
    fn a_kep_is_named_by_its_directory_or_either_file() {
        let dir = PathBuf::from("/ws/keps/sig-a/1-x");
        assert_eq!(kep_dir_of(&dir.join("kep.yaml")), dir);
        assert_eq!(kep_dir_of(&dir.join("README.md")), dir);
        assert_eq!(kep_dir_of(&dir), dir);
    }
}
