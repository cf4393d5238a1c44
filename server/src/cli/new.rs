//! `kep-ls new`: creates `keps/<sig>/<N>-<slug>/kep.yaml` and `README.md` from the workspace's
//! template (or the built-in skeleton), never replacing a file.

use std::path::PathBuf;

use clap::Args;

use super::workspace;
use crate::ide::kep::scaffold::{self, NewKep};

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The owning group, a sigs.yaml `dir` such as `sig-node`.
    #[arg(long)]
    pub sig: String,
    /// The KEP's title.
    #[arg(long)]
    pub title: String,
    /// The KEP's number (its tracking issue); default: the next free number above the highest in use.
    #[arg(long)]
    pub number: Option<u64>,
    /// GitHub handles of the authors, comma-separated: `@a,@b`.
    #[arg(long, value_delimiter = ',', value_name = "HANDLES")]
    pub authors: Vec<String>,
    /// The repository, its `keps/` directory, or a directory in it.
    #[arg(long, default_value = ".")]
    pub path: PathBuf,
}

/// Runs the command; returns the exit code (0 created, 1 refused, 2 bad usage).
pub fn run(args: NewArgs) -> i32 {
    let root = match workspace::single_root(&args.path) {
        Ok(root) => root,
        Err(e) => {
            eprintln!("kep-ls new: {e}");
            return 2;
        }
    };
    let world = workspace::load(std::slice::from_ref(&root));
    let request = NewKep {
        sig: args.sig,
        title: args.title,
        number: args.number,
        authors: args.authors.into_iter().filter(|a| !a.trim().is_empty()).collect(),
    };
    let new = match scaffold::scaffold(&world, &root, &request, &crate::clock::today()) {
        Ok(new) => new,
        Err(e) => {
            eprintln!("kep-ls new: {e}");
            return 1;
        }
    };
    if new.dir.exists() {
        eprintln!("kep-ls new: {} already exists", workspace::shown(&new.dir));
        return 1;
    }
    for file in [&new.kep_yaml, &new.readme] {
        if let Err(e) = workspace::create(&file.path, &file.text) {
            eprintln!("kep-ls new: {}: {e}", workspace::shown(&file.path));
            return 1;
        }
        println!("created {}", workspace::shown(&file.path));
    }
    if new.number_picked {
        println!(
            "KEP number {}: no --number was given, so this is the next free number above the highest in the \
             workspace; a KEP's number is normally its tracking issue in kubernetes/enhancements (rename the \
             directory and set kep-number if it differs)",
            new.number
        );
    }
    if new.from_template {
        println!("from the template keps/{}", scaffold::TEMPLATE_DIR);
    } else {
        println!("from the built-in skeleton (the workspace has no keps/{})", scaffold::TEMPLATE_DIR);
    }
    0
}
