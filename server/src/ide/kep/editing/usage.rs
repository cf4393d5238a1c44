//! What the workspace's KEPs already use, for completion: people handles (most frequent first,
//! those of the same owning SIG before the others), releases around the newest one, and
//! feature-gate components. Computed on demand by one linear scan of the parsed kep.yaml files of
//! one `keps/` tree: on the real corpus (656 KEPs) a scan takes well under a millisecond (see
//! `benches/completion.rs`), so nothing is cached.

use std::collections::HashMap;
use std::path::Path;

use crate::ide::kep::{scaffold, YamlFile};
use crate::ide::semver::Version;
use crate::ide::world::World;

/// The parsed kep.yaml files of the `keps/` tree below `root`, except the template (its values are
/// placeholders) and `skip` (the file being edited: what is half-typed there is not usage yet).
fn keps_of<'a>(world: &'a World, root: &'a Path, skip: &'a Path) -> impl Iterator<Item = &'a YamlFile> + 'a {
    world
        .kep_files()
        .filter(move |f| {
            f.path != skip && f.place.as_ref().is_some_and(|p| p.root == root && p.dir_rel() != scaffold::TEMPLATE_DIR)
        })
        .filter_map(|f| f.yaml())
}

/// A person's handle and how often it appears.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// With its `@`; of several spellings (`@Ann`, `@ann`), the first in byte order.
    pub handle: String,
    /// Entries in `authors`, `reviewers` and `approvers` of every KEP.
    pub total: usize,
    /// Of those, entries in KEPs of the same owning SIG.
    pub in_sig: usize,
}

/// A GitHub handle written `@name` (entries such as `TBD` or free text are left out).
fn handle(entry: &str) -> Option<&str> {
    let entry = entry.trim();
    let name = entry.strip_prefix('@')?;
    let valid = !name.is_empty()
        && name.len() <= 39
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
    valid.then_some(entry)
}

/// Every handle used in `authors`, `reviewers` and `approvers` of the tree, same-SIG usage first,
/// then overall frequency, then alphabetical. Handles are compared case-insensitively.
pub fn people(world: &World, root: &Path, skip: &Path, owning_sig: Option<&str>) -> Vec<Person> {
    let mut seen: HashMap<String, Person> = HashMap::new();
    for yaml in keps_of(world, root, skip) {
        let same_sig = owning_sig.is_some_and(|sig| yaml.string("owning-sig").is_some_and(|s| s.text == sig));
        for key in ["authors", "reviewers", "approvers"] {
            for entry in yaml.strings(key) {
                let Some(handle) = handle(entry.text) else { continue };
                let person = seen.entry(handle.to_ascii_lowercase()).or_insert_with(|| Person {
                    handle: handle.to_string(),
                    total: 0,
                    in_sig: 0,
                });
                if handle < person.handle.as_str() {
                    // One spelling, whatever the order files come in.
                    person.handle = handle.to_string();
                }
                person.total += 1;
                person.in_sig += usize::from(same_sig);
            }
        }
    }
    let mut people: Vec<Person> = seen.into_values().collect();
    people.sort_by(|a, b| (b.in_sig, b.total).cmp(&(a.in_sig, a.total)).then_with(|| a.handle.cmp(&b.handle)));
    people
}

/// A Kubernetes release, `vMAJOR.MINOR`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Release {
    pub major: u64,
    pub minor: u64,
}

impl Release {
    /// `v1.33`, `1.33`, `"v1.33"` (the milestone forms CI accepts); patch versions are not releases.
    pub fn parse(text: &str) -> Option<Release> {
        let version = Version::parse_tolerant(text).ok()?;
        (version.patch == 0 && text.trim().trim_start_matches('v').split('.').count() == 2)
            .then_some(Release { major: version.major, minor: version.minor })
    }

    pub fn next(self) -> Release {
        Release { major: self.major, minor: self.minor + 1 }
    }

    /// `steps` releases back, not below `vMAJOR.0`.
    pub fn back(self, steps: u64) -> Release {
        Release { major: self.major, minor: self.minor.saturating_sub(steps) }
    }
}

impl std::fmt::Display for Release {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "v{}.{}", self.major, self.minor)
    }
}

/// The newest `latest-milestone` of the tree: the release being worked on. `milestone.*` is left
/// out on purpose: it holds plans far ahead (a real KEP plans `stable` for v1.41 while the newest
/// `latest-milestone` is v1.37).
pub fn current_release(world: &World, root: &Path, skip: &Path) -> Option<Release> {
    keps_of(world, root, skip).filter_map(|y| Release::parse(y.string("latest-milestone")?.text)).max()
}

/// The releases to offer: two before the current one, the current one, and the two after it.
pub fn releases_around(current: Release) -> Vec<Release> {
    let mut out: Vec<Release> = (0..=2).rev().map(|back| current.back(back)).collect();
    out.dedup();
    out.push(current.next());
    out.push(current.next().next());
    out
}

/// Component names of `feature-gates[].components`, most used first.
pub fn components(world: &World, root: &Path, skip: &Path) -> Vec<(String, usize)> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for yaml in keps_of(world, root, skip) {
        let Some(gates) = yaml.entry("feature-gates").and_then(|e| e.value.as_seq()) else { continue };
        for gate in gates {
            let Some(components) = gate.get("components").and_then(|e| e.value.as_seq()) else { continue };
            for component in components.iter().filter_map(|c| c.as_str()) {
                let component = component.trim();
                if !component.is_empty() {
                    *counts.entry(component).or_default() += 1;
                }
            }
        }
    }
    let mut out: Vec<(String, usize)> = counts.into_iter().map(|(c, n)| (c.to_string(), n)).collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::rules::fixture::world;
    use std::path::PathBuf;

    const WS: &str = "//- /ws/keps/sig-a/1-x/kep.yaml
owning-sig: sig-a
authors: [\"@Ann\", \"@bob\"]
approvers: [\"@bob\", TBD, \"with input from @x\"]
latest-milestone: \"v1.30\"
feature-gates:
  - name: A
    components: [kubelet, kube-apiserver]
//- /ws/keps/sig-b/2-y/kep.yaml
owning-sig: sig-b
authors: [\"@ann\", \"@cy\"]
reviewers: [\"@cy\"]
latest-milestone: 1.31
feature-gates:
  - name: B
    components: [kubelet]
milestone:
  stable: v1.40
//- /other/keps/sig-a/3-z/kep.yaml
authors: [\"@zed\"]
latest-milestone: v1.99
";

    #[test]
    fn people_are_ranked_by_same_sig_use_then_frequency() {
        let (world, _) = world(WS);
        let root = PathBuf::from("/ws");
        let ranked = |sig| {
            people(&world, &root, Path::new("/none"), sig)
                .into_iter()
                .map(|p| (p.handle, p.total, p.in_sig))
                .collect::<Vec<_>>()
        };
        // `@Ann` and `@ann` are one person, spelled `@Ann`; `TBD` and free text are not handles.
        assert_eq!(ranked(None), [("@Ann".into(), 2, 0), ("@bob".into(), 2, 0), ("@cy".into(), 2, 0)]);
        assert_eq!(ranked(Some("sig-b")), [("@cy".into(), 2, 2), ("@Ann".into(), 2, 1), ("@bob".into(), 2, 0)]);
    }

    #[test]
    fn the_current_release_is_the_newest_latest_milestone_of_the_tree() {
        let (world, _) = world(WS);
        let current = current_release(&world, Path::new("/ws"), Path::new("/ws/keps/sig-b/2-y/kep.yaml")).unwrap();
        assert_eq!(current.to_string(), "v1.30", "the file being edited is left out");
        let around: Vec<String> = releases_around(current).iter().map(ToString::to_string).collect();
        assert_eq!(around, ["v1.28", "v1.29", "v1.30", "v1.31", "v1.32"]);
        assert_eq!(releases_around(Release { major: 2, minor: 0 }).len(), 3);
        assert_eq!(Release::parse("v1.2.3"), None);
        assert_eq!(Release::parse("TBD"), None);
    }

    #[test]
    fn components_most_used_first() {
        let (world, _) = world(WS);
        assert_eq!(
            components(&world, Path::new("/ws"), Path::new("/none")),
            [("kubelet".into(), 2), ("kube-apiserver".into(), 1)]
        );
    }
}
