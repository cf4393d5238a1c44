//! The core: parsing, the workspace model, every rule and every feature. It speaks byte ranges
//! into the texts it is given, and knows nothing of LSP, async runtimes or the file system
//! (a test enforces it: see `tests::core_stays_pure`).

pub mod answers;
#[cfg(test)]
mod arbitrary_input;
pub mod change;
pub mod completion_filter;
pub mod diagnostic;
pub mod features;
pub mod fixes;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod folder_settings;
pub mod glob;
pub mod graph;
pub mod groups;
mod groups_data;
pub mod index;
pub mod kep;
pub mod layout;
pub mod markdown;
pub mod nodeapprovers;
pub mod owners;
pub mod refs;
pub mod release;
pub mod rules;
pub mod semver;
pub mod settings;
pub mod suggest;
pub mod suppress;
pub mod text;
pub mod world;
pub mod yaml;

#[cfg(test)]
mod tests {
    /// The core must not depend on the protocol or the runtime: they belong to the adapter.
    #[test]
    fn core_stays_pure() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ide");
        let mut stack = vec![root];
        let mut checked = 0;
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                // Tests may read fixtures from disk; the code they test may not.
                let code = text.split("#[cfg(test)]").next().unwrap_or_default();
                for banned in ["tower_lsp", "ls_types", "lsp_types", "tokio", "std::fs", "std::net", "std::process"] {
                    assert!(!code.contains(banned), "{} names `{banned}`", path.display());
                }
                checked += 1;
            }
        }
        assert!(checked > 10, "only {checked} core files found");
    }
}
