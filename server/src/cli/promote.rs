//! `kep-ls promote`: moves a KEP to a stage (`stage`, `latest-milestone`, `milestone.<stage>`)
//! with in-place edits of kep.yaml, and creates or extends its PRR approval file.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::workspace;
use crate::ide::fixes;
use crate::ide::kep::promote;

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
}

/// Runs the command; returns the exit code (0 done, 1 refused, 2 bad usage).
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
    let promotion = match promote::promote(&world, &kep, stage, args.milestone.as_deref(), &crate::clock::today()) {
        Ok(promotion) => promotion,
        Err(e) => {
            eprintln!("kep-ls promote: {e}");
            return 1;
        }
    };
    // New files first: a PRR file that appeared on disk since the walk is never replaced.
    for new in &promotion.fix.creates {
        if let Err(e) = workspace::create(&new.path, &new.text) {
            eprintln!("kep-ls promote: {}: {e}", workspace::shown(&new.path));
            return 1;
        }
    }
    let mut per_file: BTreeMap<&PathBuf, Vec<crate::ide::diagnostic::FileEdit>> = BTreeMap::new();
    for edit in &promotion.fix.edits {
        per_file.entry(&edit.path).or_default().push(edit.clone());
    }
    for (path, mut edits) in per_file {
        let Some(file) = world.file(path) else { continue };
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        if let Err(e) = std::fs::write(path, fixes::apply(&file.text, &edits)) {
            eprintln!("kep-ls promote: {}: {e}", workspace::shown(path));
            return 1;
        }
    }
    println!("promoted {} to {stage} in {}", workspace::shown(&kep), promotion.milestone);
    for note in &promotion.notes {
        println!("  {note}");
    }
    println!(
        "next: a PRR approver (prod-readiness-approvers in OWNERS_ALIASES) fills in the {stage} approver of {}",
        workspace::shown(&promotion.prr)
    );
    0
}
