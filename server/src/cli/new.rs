//! `kep-ls new`: creates `keps/<sig>/<N>-<slug>/kep.yaml` and `README.md` from the workspace's
//! template (or the built-in skeleton), never replacing a file.

use std::path::PathBuf;

use clap::Args;

use super::{diff, output, workspace};
use crate::ide::kep::scaffold::{self, NewKep};
use crate::safe_write;

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
    /// Print the files that would be created, as a unified diff, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs the command; returns the exit code (0 created, 1 refused, 2 bad usage or output error).
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
    if std::fs::symlink_metadata(&new.dir).is_ok() {
        eprintln!("kep-ls new: {} already exists", workspace::shown(&new.dir));
        return 1;
    }
    let files = [&new.kep_yaml, &new.readme];
    for file in files {
        if let Err(e) = safe_write::check_path(&root, &file.path) {
            eprintln!("kep-ls new: {e}; nothing was written");
            return 1;
        }
    }
    let mut out = String::new();
    if args.dry_run {
        for file in files {
            let name = file.path.strip_prefix(&root).unwrap_or(&file.path).display().to_string();
            out.push_str(&diff::unified(&name, None, &file.text));
        }
        return match output::emit("new", &out) {
            Ok(()) => 0,
            Err(code) => code,
        };
    }
    for file in files {
        if let Err(e) = safe_write::create(&root, &file.path, &file.text) {
            eprintln!("kep-ls new: {e}");
            return 1;
        }
        out.push_str(&format!("created {}\n", workspace::shown(&file.path)));
    }
    if new.number_picked {
        out.push_str(&format!(
            "KEP number {}: no --number was given, so this is the next free number above the highest in the \
             workspace; a KEP's number is normally its tracking issue in kubernetes/enhancements (rename the \
             directory and set kep-number if it differs)\n",
            new.number
        ));
    }
    if new.from_template {
        out.push_str(&format!("from the template keps/{}\n", crate::ide::layout::TEMPLATE_DIR));
    } else {
        out.push_str(&format!(
            "from the built-in skeleton (the workspace has no keps/{})\n",
            crate::ide::layout::TEMPLATE_DIR
        ));
    }
    match output::emit("new", &out) {
        Ok(()) => 0,
        Err(code) => code,
    }
}
