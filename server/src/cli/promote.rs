//! `kep-ls promote`: moves a KEP to a stage (`stage`, `latest-milestone`, `milestone.<stage>`)
//! with in-place edits of kep.yaml, and creates or extends its PRR approval file.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{diff, output, workspace};
use crate::ide::fixes;
use crate::ide::kep::promote;
use crate::safe_write;

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Alpha,
    Beta,
    Stable,
}

impl Stage {
    fn name(self) -> &'static str {
        match self {
            Stage::Alpha => "alpha",
            Stage::Beta => "beta",
            Stage::Stable => "stable",
        }
    }
}

#[derive(Args, Debug)]
pub struct PromoteArgs {
    /// The KEP: its directory, kep.yaml or README.md.
    pub kep: PathBuf,
    /// The stage to promote to.
    #[arg(long, value_enum)]
    pub stage: Stage,
    /// The release of the promotion, `v1.N` (default: the one after the KEP's latest-milestone).
    #[arg(long)]
    pub milestone: Option<String>,
    /// Replace the KEP's `milestone.<stage>` when it already names another release (its history).
    #[arg(long)]
    pub overwrite_milestone: bool,
    /// Print what would change, as a unified diff, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs the command; returns the exit code (0 done, 1 refused, 2 bad usage or output error).
pub fn run(args: PromoteArgs) -> i32 {
    let kep = match std::fs::canonicalize(&args.kep) {
        Ok(path) => promote::kep_dir_of(&path),
        Err(e) => {
            eprintln!("kep-ls promote: {}: {e}", args.kep.display());
            return 2;
        }
    };
    let root = match workspace::single_root(&kep) {
        Ok(root) => root,
        Err(e) => {
            eprintln!("kep-ls promote: {e}");
            return 2;
        }
    };
    let world = workspace::load(std::slice::from_ref(&root));
    let stage = args.stage.name();
    let options =
        promote::Options { milestone: args.milestone.as_deref(), overwrite_milestone: args.overwrite_milestone };
    let promotion = match promote::promote_with(&world, &kep, stage, &options, &crate::clock::today()) {
        Ok(promotion) => promotion,
        Err(e) => {
            eprintln!("kep-ls promote: {e}");
            return 1;
        }
    };
    let mut per_file: BTreeMap<&PathBuf, Vec<crate::ide::diagnostic::FileEdit>> = BTreeMap::new();
    for edit in &promotion.fix.edits {
        per_file.entry(&edit.path).or_default().push(edit.clone());
    }
    // Every new text first, from the text that was read: nothing is written unless all of it can be.
    let mut changed: Vec<(&PathBuf, std::sync::Arc<str>, String)> = Vec::new();
    for (path, mut edits) in per_file {
        let Some(file) = world.file(path) else { continue };
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        changed.push((path, file.text.clone(), fixes::apply(&file.text, &edits)));
    }
    let relative = |path: &std::path::Path| path.strip_prefix(&root).unwrap_or(path).display().to_string();
    if args.dry_run {
        let mut out = String::new();
        for (path, old, new) in &changed {
            out.push_str(&diff::unified(&relative(path), Some(old), new));
        }
        for new in &promotion.fix.creates {
            out.push_str(&diff::unified(&relative(&new.path), None, &new.text));
        }
        return match output::emit("promote", &out) {
            Ok(()) => 0,
            Err(code) => code,
        };
    }
    // Every path is checked before anything is written: a link anywhere refuses the whole promotion.
    let paths =
        changed.iter().map(|(p, _, _)| p.as_path()).chain(promotion.fix.creates.iter().map(|n| n.path.as_path()));
    for path in paths {
        if let Err(e) = safe_write::check_path(&root, path) {
            eprintln!("kep-ls promote: {e}; nothing was written");
            return 1;
        }
    }
    for (path, old, _) in &changed {
        if std::fs::read(path).ok().as_deref() != Some(old.as_bytes()) {
            eprintln!(
                "kep-ls promote: {} changed on disk since it was read; nothing was written (run the command again)",
                workspace::shown(path)
            );
            return 1;
        }
    }
    // New files first: a PRR file that appeared on disk since the walk is never replaced.
    for new in &promotion.fix.creates {
        if let Err(e) = safe_write::create(&root, &new.path, &new.text) {
            eprintln!("kep-ls promote: {e}");
            return 1;
        }
    }
    for (path, old, new) in &changed {
        if let Err(e) = safe_write::replace(&root, path, Some(old), new) {
            eprintln!("kep-ls promote: {e}");
            return 1;
        }
    }
    let mut out = format!("promoted {} to {stage} in {}\n", workspace::shown(&kep), promotion.milestone);
    for note in &promotion.notes {
        out.push_str(&format!("  {note}\n"));
    }
    out.push_str(&format!(
        "next: a PRR approver (prod-readiness-approvers in OWNERS_ALIASES) fills in the {stage} approver of {}\n",
        workspace::shown(&promotion.prr)
    ));
    match output::emit("promote", &out) {
        Ok(()) => 0,
        Err(code) => code,
    }
}
