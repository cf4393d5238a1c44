//! What the workspace's KEPs already use, for completion and new KEPs: people handles (most
//! frequent first, those of the same owning SIG before the others), the newest release, and
//! feature-gate components.
//!
//! The World keeps these as counts per `keps/` tree ([`UsageIndex`]), updated file by file as
//! kep.yaml files come and go, like the number index: a linear scan of the 656 real KEPs took
//! 0.3–1.2 ms per completion, the index answers in microseconds (see `benches/completion.rs`).
//! Queries leave out the file being edited, whose half-typed values are not usage yet.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::ide::layout::FileKind;
use crate::ide::layout::TEMPLATE_DIR;
use crate::ide::semver::Version;
use crate::ide::world::{SourceFile, World};

/// A Kubernetes release, `vMAJOR.MINOR`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// The releases to offer: two before `current`, `current`, and the two after it.
pub fn releases_around(current: Release) -> Vec<Release> {
    let mut out: Vec<Release> = (0..=2).rev().map(|back| current.back(back)).collect();
    out.dedup();
    out.push(current.next());
    out.push(current.next().next());
    out
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

/// What one kep.yaml contributes to the counts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Contribution {
    root: PathBuf,
    owning_sig: Option<String>,
    /// Handles in `authors`, `reviewers` and `approvers`, as written.
    people: Vec<String>,
    /// `latest-milestone`, when it is a release.
    release: Option<Release>,
    components: Vec<String>,
}

impl Contribution {
    /// The contribution of a kep.yaml; none for other files and for the template (placeholders).
    fn of(file: &SourceFile) -> Option<Contribution> {
        if file.kind != FileKind::KepYaml {
            return None;
        }
        let place = file.place.as_ref()?;
        if place.dir_rel() == TEMPLATE_DIR {
            return None;
        }
        let yaml = file.yaml()?;
        let mut out = Contribution {
            root: place.root.clone(),
            owning_sig: yaml.string("owning-sig").map(|s| s.text.trim().to_string()),
            release: yaml.string("latest-milestone").and_then(|s| Release::parse(s.text)),
            ..Contribution::default()
        };
        for key in ["authors", "reviewers", "approvers"] {
            out.people.extend(yaml.strings(key).iter().filter_map(|s| handle(s.text)).map(str::to_string));
        }
        let gates = yaml.entry("feature-gates").and_then(|e| e.value.as_seq()).unwrap_or_default();
        for gate in gates {
            let components = gate.get("components").and_then(|e| e.value.as_seq()).unwrap_or_default();
            out.components.extend(
                components
                    .iter()
                    .filter_map(|c| c.as_str())
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_string),
            );
        }
        Some(out)
    }
}

#[derive(Clone, Debug, Default)]
struct PersonCounts {
    /// Each spelling (`@Ann`, `@ann`) and how often it is written.
    spellings: BTreeMap<String, usize>,
    total: usize,
    by_sig: HashMap<String, usize>,
}

#[derive(Clone, Debug, Default)]
struct TreeUsage {
    /// By lower-cased handle: GitHub handles are case-insensitive.
    people: HashMap<String, PersonCounts>,
    releases: BTreeMap<Release, usize>,
    components: HashMap<String, usize>,
}

/// Counts of what the KEPs of each `keps/` tree use, kept in step with the World's files.
#[derive(Clone, Debug, Default)]
pub struct UsageIndex {
    trees: HashMap<PathBuf, TreeUsage>,
    rankings: RankingCache,
}

/// Everyone of a tree in completion order, for one (file left out, owning SIG): the handles in
/// one string and the numbers in rows beside them, so that a query walks ~20 KB of contiguous
/// memory. Walking the counts themselves (a hash map of small allocations per person, ~700 on
/// the real corpus) took ~250 µs per request in the server, where the caches are cold.
#[derive(Clone, Debug, Default)]
pub struct Ranking {
    handles: String,
    rows: Vec<RankedRow>,
}

#[derive(Clone, Copy, Debug)]
struct RankedRow {
    start: usize,
    end: usize,
    total: usize,
    in_sig: usize,
}

impl Ranking {
    /// Same-SIG usage first, then overall frequency, then alphabetical.
    pub fn people(&self) -> impl Iterator<Item = Person<'_>> {
        self.rows.iter().map(|row| Person {
            handle: &self.handles[row.start..row.end],
            total: row.total,
            in_sig: row.in_sig,
        })
    }
}

/// The rankings asked for lately. A change to a file's counts drops those that count that file;
/// the one that leaves it out (the file being edited, as its author types) stays valid.
#[derive(Debug, Default)]
struct RankingCache(Mutex<Vec<CachedRanking>>);

/// A copy of the world (see `World`'s copy-on-write in the adapter) starts with the same rankings.
impl Clone for RankingCache {
    fn clone(&self) -> Self {
        RankingCache(Mutex::new(self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()))
    }
}

#[derive(Clone, Debug)]
struct CachedRanking {
    root: PathBuf,
    skip: PathBuf,
    owning_sig: Option<String>,
    ranking: Arc<Ranking>,
}

/// How many rankings are kept: one per file being edited is the common case.
const CACHED_RANKINGS: usize = 8;

impl RankingCache {
    fn entries(&self) -> std::sync::MutexGuard<'_, Vec<CachedRanking>> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn get(&self, root: &Path, skip: &Path, owning_sig: Option<&str>) -> Option<Arc<Ranking>> {
        let entries = self.entries();
        let hit = entries.iter().find(|e| e.root == root && e.skip == skip && e.owning_sig.as_deref() == owning_sig)?;
        Some(hit.ranking.clone())
    }

    fn put(&self, entry: CachedRanking) {
        let mut entries = self.entries();
        if entries.len() == CACHED_RANKINGS {
            entries.remove(0);
        }
        entries.push(entry);
    }

    /// Drops every ranking that counts `path`.
    fn changed(&self, path: &Path) {
        self.entries().retain(|e| e.skip == path);
    }
}

fn add_count<K: std::hash::Hash + Eq>(map: &mut HashMap<K, usize>, key: K, delta: isize) {
    let count = map.entry(key).or_default();
    *count = count.saturating_add_signed(delta);
}

impl UsageIndex {
    /// The newest `latest-milestone` over every tree.
    pub fn newest_release(&self) -> Option<Release> {
        self.trees.values().filter_map(|tree| tree.releases.keys().next_back().copied()).max()
    }

    pub fn add(&mut self, file: &SourceFile) {
        if let Some(c) = Contribution::of(file) {
            self.apply(&c, 1);
            self.rankings.changed(&file.path);
        }
    }

    pub fn remove(&mut self, file: &SourceFile) {
        if let Some(c) = Contribution::of(file) {
            self.apply(&c, -1);
            self.rankings.changed(&file.path);
        }
    }

    fn apply(&mut self, c: &Contribution, delta: isize) {
        let tree = self.trees.entry(c.root.clone()).or_default();
        for handle in &c.people {
            let person = tree.people.entry(handle.to_ascii_lowercase()).or_default();
            person.total = person.total.saturating_add_signed(delta);
            let spelling = person.spellings.entry(handle.clone()).or_default();
            *spelling = spelling.saturating_add_signed(delta);
            if *spelling == 0 {
                person.spellings.remove(handle);
            }
            if let Some(sig) = &c.owning_sig {
                add_count(&mut person.by_sig, sig.clone(), delta);
            }
            if person.total == 0 {
                tree.people.remove(&handle.to_ascii_lowercase());
            }
        }
        if let Some(release) = c.release {
            let count = tree.releases.entry(release).or_default();
            *count = count.saturating_add_signed(delta);
            if *count == 0 {
                tree.releases.remove(&release);
            }
        }
        for component in &c.components {
            add_count(&mut tree.components, component.clone(), delta);
            if tree.components.get(component) == Some(&0) {
                tree.components.remove(component);
            }
        }
    }
}

/// A person's handle and how often it appears.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Person<'a> {
    /// With its `@`; of several spellings (`@Ann`, `@ann`), the first in byte order. Borrowed:
    /// completion keeps at most 100 of the ~700 real handles, and copies only those.
    pub handle: &'a str,
    /// Entries in `authors`, `reviewers` and `approvers` of every KEP.
    pub total: usize,
    /// Of those, entries in KEPs of the same owning SIG.
    pub in_sig: usize,
}

/// The counts of `root`'s tree and the contribution of `skip` to take out of them.
fn tree_and_skip<'a>(world: &'a World, root: &Path, skip: &Path) -> Option<(&'a TreeUsage, Contribution)> {
    let tree = world.usage().trees.get(root)?;
    let skipped = world.file(skip).and_then(|f| Contribution::of(f)).filter(|c| c.root == root).unwrap_or_default();
    Some((tree, skipped))
}

/// Every handle used in `authors`, `reviewers` and `approvers` of the tree (`skip` left out),
/// same-SIG usage first, then overall frequency, then alphabetical. Kept until a file it counts
/// changes.
pub fn people(world: &World, root: &Path, skip: &Path, owning_sig: Option<&str>) -> Arc<Ranking> {
    let cache = &world.usage().rankings;
    if let Some(ranking) = cache.get(root, skip, owning_sig) {
        return ranking;
    }
    let mut ranking = Ranking::default();
    for person in rank_people(world, root, skip, owning_sig) {
        let start = ranking.handles.len();
        ranking.handles.push_str(person.handle);
        let end = ranking.handles.len();
        ranking.rows.push(RankedRow { start, end, total: person.total, in_sig: person.in_sig });
    }
    let ranking = Arc::new(ranking);
    cache.put(CachedRanking {
        root: root.to_path_buf(),
        skip: skip.to_path_buf(),
        owning_sig: owning_sig.map(str::to_string),
        ranking: ranking.clone(),
    });
    ranking
}

fn rank_people<'w>(world: &'w World, root: &Path, skip: &Path, owning_sig: Option<&str>) -> Vec<Person<'w>> {
    let Some((tree, skipped)) = tree_and_skip(world, root, skip) else { return Vec::new() };
    let mut minus: HashMap<String, usize> = HashMap::new();
    for handle in &skipped.people {
        *minus.entry(handle.to_ascii_lowercase()).or_default() += 1;
    }
    let skipped_in_sig = owning_sig.is_some() && skipped.owning_sig.as_deref() == owning_sig;
    let mut people: Vec<Person> = tree
        .people
        .iter()
        .filter_map(|(key, counts)| {
            let own = minus.get(key).copied().unwrap_or(0);
            let total = counts.total.saturating_sub(own);
            if total == 0 {
                return None;
            }
            let in_sig = owning_sig.and_then(|sig| counts.by_sig.get(sig)).copied().unwrap_or(0);
            let in_sig = in_sig.saturating_sub(if skipped_in_sig { own } else { 0 });
            let handle = counts.spellings.keys().next()?;
            Some(Person { handle, total, in_sig })
        })
        .collect();
    people.sort_by(|a, b| (b.in_sig, b.total).cmp(&(a.in_sig, a.total)).then_with(|| a.handle.cmp(b.handle)));
    people
}

/// The newest `latest-milestone` of the tree (`skip` left out): the release being worked on.
/// `milestone.*` is left out on purpose: it holds plans far ahead (a real KEP plans `stable` for
/// v1.41 while the newest `latest-milestone` is v1.37).
pub fn current_release(world: &World, root: &Path, skip: &Path) -> Option<Release> {
    let (tree, skipped) = tree_and_skip(world, root, skip)?;
    tree.releases
        .iter()
        .rev()
        .find(|(release, count)| **count > usize::from(skipped.release == Some(**release)))
        .map(|(release, _)| *release)
}

/// Component names of `feature-gates[].components` (`skip` left out), most used first.
pub fn components(world: &World, root: &Path, skip: &Path) -> Vec<(String, usize)> {
    let Some((tree, skipped)) = tree_and_skip(world, root, skip) else { return Vec::new() };
    let mut out: Vec<(String, usize)> = tree
        .components
        .iter()
        .filter_map(|(name, count)| {
            let count = count.saturating_sub(skipped.components.iter().filter(|c| *c == name).count());
            (count > 0).then(|| (name.clone(), count))
        })
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixtures::world;

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
//- /ws/keps/NNNN-kep-template/kep.yaml
authors: [\"@jane.doe\"]
latest-milestone: v1.50
//- /other/keps/sig-a/3-z/kep.yaml
authors: [\"@zed\"]
latest-milestone: v1.99
";

    fn none() -> &'static Path {
        Path::new("/none")
    }

    #[test]
    fn people_are_ranked_by_same_sig_use_then_frequency() {
        let (world, _) = world(WS);
        let root = PathBuf::from("/ws");
        let ranked = |sig, skip: &Path| {
            people(&world, &root, skip, sig)
                .people()
                .map(|p| (p.handle.to_string(), p.total, p.in_sig))
                .collect::<Vec<_>>()
        };
        // `@Ann` and `@ann` are one person, spelled `@Ann`; `TBD`, free text and the template are left out.
        assert_eq!(ranked(None, none()), [("@Ann".into(), 2, 0), ("@bob".into(), 2, 0), ("@cy".into(), 2, 0)]);
        assert_eq!(ranked(Some("sig-b"), none()), [("@cy".into(), 2, 2), ("@Ann".into(), 2, 1), ("@bob".into(), 2, 0)]);
        // The file being edited does not count.
        let skip = Path::new("/ws/keps/sig-b/2-y/kep.yaml");
        assert_eq!(ranked(Some("sig-b"), skip), [("@bob".into(), 2, 0), ("@Ann".into(), 1, 0)]);
    }

    #[test]
    fn a_ranking_is_kept_while_only_the_file_left_out_changes() {
        let (mut world, paths) = world(WS);
        let root = Path::new("/ws");
        let (edited, other) = (&paths[1], &paths[0]);
        let first = people(&world, root, edited, Some("sig-b"));
        // The author of the edited file types a new handle: the ranking, which leaves that file out, stands.
        world.set_file(edited.clone(), "owning-sig: sig-b\nauthors: [\"@newcomer\"]\n");
        let again = people(&world, root, edited, Some("sig-b"));
        assert!(Arc::ptr_eq(&first, &again));
        let handles = |r: &Ranking| r.people().map(|p| (p.handle.to_string(), p.total)).collect::<Vec<_>>();
        assert_eq!(handles(&again), [("@bob".into(), 2), ("@Ann".into(), 1)]);
        // Another KEP changes: the ranking is made again from the new counts.
        world.set_file(other.clone(), "owning-sig: sig-a\nauthors: [\"@dee\"]\n");
        let after = people(&world, root, edited, Some("sig-b"));
        assert!(!Arc::ptr_eq(&first, &after));
        assert_eq!(handles(&after), [("@dee".into(), 1)]);
    }

    #[test]
    fn the_current_release_is_the_newest_latest_milestone_of_the_tree() {
        let (world, _) = world(WS);
        let root = Path::new("/ws");
        assert_eq!(current_release(&world, root, none()).unwrap().to_string(), "v1.31");
        let current = current_release(&world, root, Path::new("/ws/keps/sig-b/2-y/kep.yaml")).unwrap();
        assert_eq!(current.to_string(), "v1.30", "the file being edited is left out");
        let around: Vec<String> = releases_around(current).iter().map(ToString::to_string).collect();
        assert_eq!(around, ["v1.28", "v1.29", "v1.30", "v1.31", "v1.32"]);
        assert_eq!(releases_around(Release { major: 2, minor: 0 }).len(), 3);
        assert_eq!(Release::parse("v1.2.3"), None);
        assert_eq!(Release::parse("TBD"), None);
    }

    #[test]
    fn the_upcoming_release_is_the_setting_else_the_newest_latest_milestone() {
        let (mut world, _) = world(WS);
        let effective = |world: &World| world.effective_upcoming_release().map(|r| r.to_string());
        // Over every tree (`/other` has v1.99), the template's placeholder v1.50 left out.
        assert_eq!(effective(&world).as_deref(), Some("v1.99"));
        world.remove(Path::new("/other/keps/sig-a/3-z/kep.yaml"));
        assert_eq!(effective(&world).as_deref(), Some("v1.31"));
        world.settings.upcoming_release = Release::parse("v1.37");
        assert_eq!(effective(&world).as_deref(), Some("v1.37"));
        assert_eq!(effective(&World::default()), None);
    }

    #[test]
    fn components_most_used_first() {
        let (world, _) = world(WS);
        assert_eq!(components(&world, Path::new("/ws"), none()), [("kubelet".into(), 2), ("kube-apiserver".into(), 1)]);
    }

    #[test]
    fn the_counts_follow_files_as_they_change_and_go() {
        let (mut world, paths) = world(WS);
        let root = Path::new("/ws");
        world.set_file(paths[0].clone(), "owning-sig: sig-a\nauthors: [\"@dee\"]\nlatest-milestone: v1.20\n");
        let handles: Vec<String> = people(&world, root, none(), None).people().map(|p| p.handle.to_string()).collect();
        assert_eq!(handles, ["@cy", "@ann", "@dee"]);
        assert_eq!(components(&world, root, none()), [("kubelet".into(), 1)]);
        world.remove(&paths[1]);
        assert_eq!(current_release(&world, root, none()).unwrap().to_string(), "v1.20");
        let handles: Vec<String> = people(&world, root, none(), None).people().map(|p| p.handle.to_string()).collect();
        assert_eq!(handles, ["@dee"]);
        assert!(components(&world, root, none()).is_empty());
    }
}
