//! Settings per workspace folder: the `workspace/configuration` items the server asks for (one per
//! folder with its `scopeUri`, as the VS Code extension declares the settings `resource`-scoped,
//! and one unscoped for files outside every folder), and how the answers become each folder's
//! configuration: built-in defaults < the folder's repository `.kep-ls.toml` < its editor settings.

use std::path::{Path, PathBuf};

use ls_types::ConfigurationItem;
use serde_json::Value;

use super::config::{repository_file, Config};
use super::convert;
use crate::ide::layout;

/// Every configuration the server holds after a pull or a push.
#[derive(Debug, Default)]
pub struct Resolved {
    /// For files outside every workspace folder: the unscoped settings over the first repository
    /// `.kep-ls.toml` found among the known roots (what every file got before settings were per
    /// folder). Its `sigs_file` is the one group list of the server (see [`resolve`]).
    pub default: Config,
    /// Each workspace folder's, in the client's order.
    pub folders: Vec<(PathBuf, Config)>,
    /// What is wrong in the settings or a `.kep-ls.toml`, each said once with where it is wrong.
    pub problems: Vec<String>,
}

/// What the server remembers between settings events.
#[derive(Debug, Default)]
pub struct Remembered {
    /// The settings the client pushed (`initializationOptions`, `didChangeConfiguration`): what a
    /// scope the client answers `null` for gets, and what every folder gets from a client that
    /// cannot be asked (`workspace/configuration` not declared).
    pub pushed: Value,
    /// The last message shown about bad settings: the same problems are shown once, not at each
    /// re-pull (a folder added, another setting changed).
    pub shown: Option<String>,
}

impl Remembered {
    /// The message to show for `problems`, unless it was the last one shown; no problems forget
    /// the last message, so that a problem brought back is shown again.
    pub fn message_to_show(&mut self, problems: &[String]) -> Option<String> {
        if problems.is_empty() {
            self.shown = None;
            return None;
        }
        let message = format!("kep-ls settings: {}", problems.join("; "));
        if self.shown.as_ref() == Some(&message) {
            return None;
        }
        self.shown = Some(message.clone());
        Some(message)
    }
}

/// The folders that can be named by a URI, and the items to ask for: one per such folder, then
/// one unscoped (the answers come back in the same order).
pub fn items(folders: &[PathBuf]) -> (Vec<PathBuf>, Vec<ConfigurationItem>) {
    let mut scoped = Vec::new();
    let mut items = Vec::new();
    for folder in folders {
        if let Some(uri) = convert::uri(folder) {
            scoped.push(folder.clone());
            items.push(ConfigurationItem { scope_uri: Some(uri), section: Some("kep".into()) });
        }
    }
    items.push(ConfigurationItem { scope_uri: None, section: Some("kep".into()) });
    (scoped, items)
}

/// The repository root a workspace folder belongs to: the folder itself, or the parent of the
/// `keps/` tree it lies in (as indexing and `kep-ls check` see it).
fn repository_root(folder: &Path) -> PathBuf {
    layout::place(folder).map_or_else(|| folder.to_path_buf(), |place| place.root)
}

/// Builds every configuration from the answers to [`items`] (`answers[i]` for `folders[i]`, then
/// the unscoped one; a missing or `null` answer takes `pushed`): each folder's editor settings
/// over its repository's `.kep-ls.toml`. `roots`: the repository roots known, for the default.
///
/// The group list is one for the server (groups are the community's, not a folder's): the
/// `sigsFile` of the first folder whose configuration names one (an editor's relative path taken
/// from that folder's repository root), else the default configuration's.
pub fn resolve(folders: &[PathBuf], answers: &[Value], pushed: &Value, roots: &[PathBuf]) -> Resolved {
    let answer = |i: usize| answers.get(i).filter(|a| !a.is_null()).unwrap_or(pushed);
    // Problem → the scopes it was found in, in the order first found.
    let mut found: Vec<(String, Vec<String>)> = Vec::new();
    let mut note = |scope: &str, problems: Vec<String>| {
        for problem in problems {
            match found.iter_mut().find(|(p, _)| *p == problem) {
                Some((_, scopes)) => scopes.push(scope.to_string()),
                None => found.push((problem, vec![scope.to_string()])),
            }
        }
    };
    let mut resolved = Resolved::default();
    let mut scopes = Vec::new();
    for (i, folder) in folders.iter().enumerate() {
        let root = repository_root(folder);
        let (mut config, problems) = layered(answer(i), std::slice::from_ref(&root));
        if let Some(sigs) = config.sigs_file.as_mut().filter(|p| p.is_relative()) {
            *sigs = root.join(&*sigs);
        }
        let scope = format!("folder `{}`", folder_name(folder));
        note(&scope, problems);
        scopes.push(scope);
        resolved.folders.push((folder.clone(), config));
    }
    let (mut default, problems) = layered(answer(folders.len()), roots);
    let outside = "outside the workspace folders".to_string();
    // With folders, the unscoped settings count as a scope only when something is wrong in them:
    // a problem of every folder's is then said without naming any scope.
    if folders.is_empty() || !problems.is_empty() {
        note(&outside, problems);
        scopes.push(outside);
    }
    if let Some(sigs) = resolved.folders.iter().find_map(|(_, config)| config.sigs_file.clone()) {
        default.sigs_file = Some(sigs);
    }
    resolved.default = default;
    resolved.problems = found
        .into_iter()
        .map(|(problem, found_in)| {
            let everywhere = scopes.iter().all(|s| found_in.contains(s));
            if everywhere {
                problem
            } else {
                format!("in {}: {problem}", found_in.join(", "))
            }
        })
        .collect();
    resolved
}

/// One scope's editor settings over the `.kep-ls.toml` of the first of `roots` that has one,
/// and what is wrong in either.
fn layered(editor: &Value, roots: &[PathBuf]) -> (Config, Vec<String>) {
    let (config, mut problems) = Config::from_value(editor);
    let file = repository_file(roots).unwrap_or_else(|e| {
        problems.push(e);
        Default::default()
    });
    (config.over(&file), problems)
}

/// How a folder is named to the user: its last component, as editors show workspace folders.
fn folder_name(folder: &Path) -> String {
    folder.file_name().map_or_else(|| folder.display().to_string(), |name| name.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::diagnostic::Severity;
    use crate::ide::settings::RuleLevel;
    use serde_json::json;

    /// Two repositories side by side under a fresh directory; removed when dropped.
    fn repos(name: &str) -> kep_ls_testkit::TempDir {
        let dir = kep_ls_testkit::TempDir::new(&format!("folder-config-{name}"));
        for repo in ["a", "b"] {
            std::fs::create_dir_all(dir.join(repo).join("keps/sig-node")).unwrap();
        }
        dir
    }

    fn level(config: &Config, code: &str) -> Option<RuleLevel> {
        config.core.rules.get(code).copied()
    }

    #[test]
    fn one_item_per_folder_then_an_unscoped_one() {
        let (scoped, items) = items(&[PathBuf::from("/w/a"), PathBuf::from("/w/b")]);
        assert_eq!(scoped, [PathBuf::from("/w/a"), PathBuf::from("/w/b")]);
        let scopes: Vec<Option<&str>> = items.iter().map(|i| i.scope_uri.as_ref().map(|u| u.as_str())).collect();
        assert_eq!(scopes, [Some("file:///w/a"), Some("file:///w/b"), None]);
        assert!(items.iter().all(|i| i.section.as_deref() == Some("kep")));
        assert_eq!(super::items(&[]).1.len(), 1, "no folder: the unscoped item alone");
    }

    #[test]
    fn each_folder_layers_its_own_answer_over_its_own_repository_file() {
        let repos = repos("layers");
        repos.write("a/.kep-ls.toml", "[rules]\nunknown-key = \"off\"\ninvalid-status = \"hint\"\n");
        let (a, b) = (repos.join("a"), repos.join("b/keps/sig-node"));
        let answers = [
            json!({ "rules": { "invalid-status": "warning" } }),
            Value::Null,
            json!({ "rules": { "template-placeholder": "off" } }),
        ];
        let pushed = json!({ "allAdvice": true });
        let resolved = resolve(&[a.clone(), b.clone()], &answers, &pushed, &[a.clone(), repos.join("b")]);
        let (folder_a, folder_b) = (&resolved.folders[0].1, &resolved.folders[1].1);
        assert_eq!(resolved.folders[0].0, a);
        assert_eq!(level(folder_a, "unknown-key"), Some(RuleLevel::Off), "a's file");
        assert_eq!(level(folder_a, "invalid-status"), Some(RuleLevel::On(Severity::Warning)), "a's editor wins");
        assert!(!folder_a.core.all_advice);
        assert_eq!(level(folder_b, "unknown-key"), None, "b's repository has no file");
        assert!(folder_b.core.all_advice, "a null answer takes what was pushed");
        assert_eq!(level(&resolved.default, "template-placeholder"), Some(RuleLevel::Off), "the unscoped answer");
        assert_eq!(level(&resolved.default, "unknown-key"), Some(RuleLevel::Off), "the first root's file");
        assert!(resolved.problems.is_empty(), "{:?}", resolved.problems);
    }

    #[test]
    fn problems_say_which_folder_and_once_when_everywhere() {
        let repos = repos("problems");
        repos.write("b/.kep-ls.toml", "[rules]\nno-such-rule = \"off\"\n");
        let (a, b) = (repos.join("a"), repos.join("b"));
        let everywhere = json!({ "rules": { "owning-sig-folder": "off" } });
        let answers = [json!({ "rules": { "unknown-key": "loud", "owning-sig-folder": "off" } }), everywhere.clone()];
        let resolved = resolve(&[a, b], &answers, &everywhere, &[]);
        let problems = resolved.problems.join("\n");
        assert_eq!(resolved.problems.len(), 3, "{problems}");
        let said = |start: &str| resolved.problems.iter().any(|p| p.starts_with(start));
        assert!(said("in folder `a`: kep.rules.unknown-key: expected off"), "{problems}");
        assert!(said("kep.rules: no rule `owning-sig-folder`"), "everywhere, so no folder named: {problems}");
        assert!(resolved.problems.iter().any(|p| p.starts_with("in folder `b`: ") && p.contains(".kep-ls.toml")));
    }

    #[test]
    fn the_group_list_comes_from_the_first_folder_that_names_one() {
        let repos = repos("sigs");
        let (a, b) = (repos.join("a"), repos.join("b"));
        let answers = [Value::Null, json!({ "sigsFile": "../community/sigs.yaml" }), json!({ "sigsFile": "/x.yaml" })];
        let resolved = resolve(&[a, b.clone()], &answers, &Value::Null, &[]);
        assert_eq!(resolved.default.sigs_file, Some(b.join("../community/sigs.yaml")), "b's, from b's root");
        let alone = resolve(&[], &[json!({ "sigsFile": "s.yaml" })], &Value::Null, &[]);
        assert_eq!(alone.default.sigs_file, Some(PathBuf::from("s.yaml")), "no folder: as given");
    }

    #[test]
    fn the_same_problems_are_shown_once() {
        let mut remembered = Remembered::default();
        let problems = vec!["kep.rules: no rule `x`".to_string()];
        assert_eq!(remembered.message_to_show(&problems).as_deref(), Some("kep-ls settings: kep.rules: no rule `x`"));
        assert_eq!(remembered.message_to_show(&problems), None, "a re-pull says nothing new");
        assert_eq!(remembered.message_to_show(&[]), None);
        assert!(remembered.message_to_show(&problems).is_some(), "brought back after a fix: shown again");
    }
}
