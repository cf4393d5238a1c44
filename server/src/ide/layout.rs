//! Where a file sits in a kubernetes/enhancements checkout: which `keps/` tree, which KEP, what
//! kind of file. Pure path arithmetic: nothing here touches the file system.

use std::path::{Component, Path, PathBuf};

/// The directory name of the KEP trees.
pub const KEPS: &str = "keps";
/// PRR approval files live in `keps/prod-readiness/<owning-sig>/<kep-number>.yaml`.
pub const PRR_DIR: &str = "prod-readiness";
pub const KEP_YAML: &str = "kep.yaml";
pub const README: &str = "README.md";
pub const OWNERS_ALIASES: &str = "OWNERS_ALIASES";
/// A directory's approvers and reviewers; the one beside a kep.yaml names SIG Node's assigned ones.
pub const OWNERS: &str = "OWNERS";
/// The KEP template's directory, directly below `keps/`.
pub const TEMPLATE_DIR: &str = "NNNN-kep-template";

/// Markdown files upstream's `hack/.notableofcontents` exempts from the TOC check, relative to
/// the repository root.
pub const NO_TOC: &[&str] = &[
    "keps/README.md",
    "keps/prod-readiness/README.md",
    "keps/sig-cli/FAQ.md",
    "keps/sig-cluster-lifecycle/clusterapi/FAQ.md",
    "keps/sig-cluster-lifecycle/kubeadm/970-kubeadm-config/documentation-for-images.md",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `keps/**/kep.yaml` outside `prod-readiness`.
    KepYaml,
    /// `keps/**/README.md` outside `prod-readiness` (a KEP's design document when a kep.yaml sits beside it).
    Readme,
    /// Any other `.md` below `keps/` (prod-readiness included).
    Markdown,
    /// `keps/prod-readiness/**/*.yaml`.
    Prr,
    /// `OWNERS_ALIASES` at a repository root.
    OwnersAliases,
    /// An `OWNERS` file below `keps/` (a KEP's, a SIG's): CI spell-checks it, and the one beside a
    /// kep.yaml names SIG Node's assigned reviewers and approvers.
    Owners,
    /// A kubernetes/community `sigs.yaml`.
    Sigs,
    Other,
}

/// A file's place in a checkout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The repository root: the parent of `keps/`.
    pub root: PathBuf,
    /// The path below `keps/`, components joined with `/` (e.g. `sig-node/1287-foo/kep.yaml`).
    pub rel: String,
}

impl Place {
    pub fn keps_dir(&self) -> PathBuf {
        self.root.join(KEPS)
    }
    /// The components below `keps/`.
    pub fn parts(&self) -> Vec<&str> {
        self.rel.split('/').filter(|p| !p.is_empty()).collect()
    }
    /// The directory holding the file, relative to `keps/` (`sig-node/1287-foo`).
    pub fn dir_rel(&self) -> &str {
        self.rel.rsplit_once('/').map_or("", |(dir, _)| dir)
    }
    pub fn file_name(&self) -> &str {
        self.rel.rsplit_once('/').map_or(self.rel.as_str(), |(_, name)| name)
    }
    pub fn in_prod_readiness(&self) -> bool {
        self.parts().first() == Some(&PRR_DIR)
    }
}

/// The nearest ancestor directory named `keps`, and the path below it.
pub fn place(path: &Path) -> Option<Place> {
    let components: Vec<Component> = path.components().collect();
    let at = components.iter().rposition(|c| c.as_os_str() == KEPS)?;
    // `keps` must be a directory above the file, not the file itself.
    if at + 1 >= components.len() {
        return None;
    }
    let root: PathBuf = components[..at].iter().collect();
    let mut rel = String::new();
    for c in &components[at + 1..] {
        let Component::Normal(name) = c else { return None };
        if !rel.is_empty() {
            rel.push('/');
        }
        rel.push_str(&name.to_string_lossy());
    }
    Some(Place { root, rel })
}

pub fn classify(path: &Path) -> FileKind {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    if name == OWNERS_ALIASES {
        return FileKind::OwnersAliases;
    }
    if name == "sigs.yaml" {
        return FileKind::Sigs;
    }
    let Some(place) = place(path) else { return FileKind::Other };
    if name == OWNERS {
        return FileKind::Owners;
    }
    if place.in_prod_readiness() {
        return if name.ends_with(".yaml") {
            FileKind::Prr
        } else if name.ends_with(".md") {
            FileKind::Markdown
        } else {
            FileKind::Other
        };
    }
    if name == KEP_YAML {
        FileKind::KepYaml
    } else if name == README {
        FileKind::Readme
    } else if name.ends_with(".md") {
        FileKind::Markdown
    } else {
        FileKind::Other
    }
}

/// A single, ordinary path component: no separators, no `.`/`..`, not empty. Values read from
/// files (owning-sig, kep-number) are joined into paths only when this holds, so a value like
/// `../../etc` can never lead outside the tree.
pub fn is_plain_component(s: &str) -> bool {
    !s.is_empty() && s != "." && s != ".." && !s.contains(['/', '\\', '\0'])
}

/// `keps/prod-readiness/<owning-sig>/<kep-number>.yaml` below `root`, when both values are plain.
pub fn prr_path(root: &Path, owning_sig: &str, kep_number: &str) -> Option<PathBuf> {
    if !is_plain_component(owning_sig) || !is_plain_component(kep_number) {
        return None;
    }
    Some(root.join(KEPS).join(PRR_DIR).join(owning_sig).join(format!("{kep_number}.yaml")))
}

/// `keps/NNNN-kep-template/README.md` below `root`.
pub fn template_readme(root: &Path) -> PathBuf {
    root.join(KEPS).join(TEMPLATE_DIR).join(README)
}

/// The leading number of a KEP directory name: `0752-endpointslices` → 752, `kubeadm` → none.
pub fn dir_number(dir_name: &str) -> Option<u64> {
    let digits: &str = &dir_name[..dir_name.find(|c: char| !c.is_ascii_digit()).unwrap_or(dir_name.len())];
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let rest = &dir_name[digits.len()..];
    if !(rest.is_empty() || rest.starts_with('-')) {
        return None;
    }
    digits.parse().ok()
}

/// A `kep-number` as a number, so that `0752` and `752` are the same KEP; `None` for anything but
/// digits (`NNNN`, `KEP-12`).
pub fn kep_number(text: &str) -> Option<u64> {
    let digits = text.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let significant = digits.trim_start_matches('0');
    if significant.len() > 18 {
        return None;
    }
    Some(significant.parse().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_finds_the_nearest_keps_ancestor() {
        let p = place(Path::new("/x/keps/enh/keps/sig-node/12-a/kep.yaml")).unwrap();
        assert_eq!(p.root, PathBuf::from("/x/keps/enh"));
        assert_eq!(p.rel, "sig-node/12-a/kep.yaml");
        assert_eq!(p.dir_rel(), "sig-node/12-a");
        assert!(place(Path::new("/x/keps")).is_none());
        assert!(place(Path::new("/x/other/kep.yaml")).is_none());
    }

    #[test]
    fn files_are_classified_by_their_place() {
        assert_eq!(classify(Path::new("/r/keps/sig-a/1-b/kep.yaml")), FileKind::KepYaml);
        assert_eq!(classify(Path::new("/r/keps/sig-a/1-b/README.md")), FileKind::Readme);
        assert_eq!(classify(Path::new("/r/keps/sig-a/FAQ.md")), FileKind::Markdown);
        assert_eq!(classify(Path::new("/r/keps/prod-readiness/sig-a/1.yaml")), FileKind::Prr);
        assert_eq!(classify(Path::new("/r/keps/prod-readiness/README.md")), FileKind::Markdown);
        assert_eq!(classify(Path::new("/r/OWNERS_ALIASES")), FileKind::OwnersAliases);
        assert_eq!(classify(Path::new("/r/keps/sig-a/1-x/OWNERS")), FileKind::Owners);
        assert_eq!(classify(Path::new("/r/keps/prod-readiness/OWNERS")), FileKind::Owners);
        assert_eq!(classify(Path::new("/r/OWNERS")), FileKind::Other);
        assert_eq!(classify(Path::new("/r/src/kep.yaml")), FileKind::Other);
    }

    #[test]
    fn prr_paths_refuse_values_that_would_leave_the_tree() {
        assert_eq!(
            prr_path(Path::new("/r"), "sig-a", "12"),
            Some(PathBuf::from("/r/keps/prod-readiness/sig-a/12.yaml"))
        );
        assert_eq!(prr_path(Path::new("/r"), "..", "12"), None);
        assert_eq!(prr_path(Path::new("/r"), "sig-a", "../../etc/passwd"), None);
        assert_eq!(prr_path(Path::new("/r"), "", "12"), None);
    }

    #[test]
    fn dir_numbers() {
        assert_eq!(dir_number("0752-endpointslices"), Some(752));
        assert_eq!(dir_number("12"), Some(12));
        assert_eq!(dir_number("kubeadm"), None);
        assert_eq!(dir_number("NNNN-kep-template"), None);
    }

    #[test]
    fn kep_numbers_compare_as_numbers() {
        assert_eq!(kep_number("0752"), Some(752));
        assert_eq!(kep_number(" 752 "), Some(752));
        assert_eq!(kep_number("0000"), Some(0));
        assert_eq!(kep_number("NNNN"), None);
        assert_eq!(kep_number("KEP-12"), None);
        assert_eq!(kep_number(""), None);
        assert_eq!(kep_number(&"9".repeat(40)), None);
    }
}
