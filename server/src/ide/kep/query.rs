//! The workspace's KEPs as rows of a list (`kep-ls list`, the query side of upstream's kepctl):
//! number, title, owning SIG, status, stage, milestones, authors and dates, filtered and sorted by number.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::ide::index;
use crate::ide::layout;
use crate::ide::layout::TEMPLATE_DIR;
use crate::ide::semver::Version;
use crate::ide::world::World;

/// One KEP, as the list shows it (values as written; empty when absent).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KepRow {
    pub number: String,
    pub title: String,
    pub owning_sig: String,
    pub status: String,
    pub stage: String,
    pub latest_milestone: String,
    pub alpha: String,
    pub beta: String,
    pub stable: String,
    pub authors: Vec<String>,
    pub created: String,
    pub updated: String,
    pub approvers: Vec<String>,
    pub reviewers: Vec<String>,
    pub participating_sigs: Vec<String>,
    /// Stage → release, normalised to `v1.N` (`1.34`, `v1.34.0` and `"v1.34"` alike); stages
    /// whose milestone is no release are left out.
    pub milestones: BTreeMap<String, String>,
    /// Stage → the PRR approver in `keps/prod-readiness/<sig>/<number>.yaml`.
    pub prr_approvers: BTreeMap<String, String>,
    pub references: References,
    /// The KEP's directory below the repository root (`keps/sig-node/1287-foo`).
    pub path: String,
    /// The KEP's directory on disk, for scoping the list to paths.
    #[serde(skip)]
    pub dir: PathBuf,
}

/// `see-also`, `replaces` and `superseded-by` as written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct References {
    pub see_also: Vec<String>,
    pub replaces: Vec<String>,
    pub superseded_by: Vec<String>,
}

/// Which KEPs to list: every given criterion must hold, and a criterion given several values
/// holds when one of them does. Values compare case-insensitively; handles with or without `@`;
/// milestones as releases (`1.34` is `v1.34`).
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub sig: Vec<String>,
    pub status: Vec<String>,
    pub stage: Vec<String>,
    pub author: Vec<String>,
    pub approver: Vec<String>,
    pub reviewer: Vec<String>,
    pub participating_sig: Vec<String>,
    pub prr_approver: Vec<String>,
    /// The KEP has a stage (`for_stage`, else any) in one of these releases.
    pub milestone: Vec<String>,
    pub for_stage: Option<String>,
    pub latest_milestone: Vec<String>,
    /// The KEP is at alpha, beta or stable and its PRR file names no approver for that stage.
    pub missing_prr_approver: bool,
}

/// `v1.34` for `1.34`, `v1.34`, `v1.34.0`; `None` for what is no release.
pub fn release(text: &str) -> Option<String> {
    let text = text.trim().trim_matches(['"', '\'']);
    if !text.trim_start_matches(['v', 'V']).starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let version = Version::parse_tolerant(&text.to_ascii_lowercase()).ok()?;
    Some(format!("v{}.{}", version.major, version.minor))
}

fn handle(text: &str) -> String {
    text.trim().trim_start_matches('@').to_ascii_lowercase()
}

impl Filter {
    fn accepts(&self, row: &KepRow) -> bool {
        let one = |wants: &[String], have: &str| {
            wants.is_empty() || wants.iter().any(|w| w.trim().eq_ignore_ascii_case(have))
        };
        let any = |wants: &[String], have: &[String]| {
            wants.is_empty() || wants.iter().any(|w| have.iter().any(|h| w.trim().eq_ignore_ascii_case(h.trim())))
        };
        let people = |wants: &[String], have: &[String]| {
            wants.is_empty() || wants.iter().any(|w| have.iter().any(|h| handle(h) == handle(w)))
        };
        let stages: Vec<&String> = match &self.for_stage {
            Some(stage) => row.milestones.keys().filter(|s| s.eq_ignore_ascii_case(stage)).collect(),
            None => row.milestones.keys().collect(),
        };
        let milestone = self.milestone.is_empty()
            || self.milestone.iter().filter_map(|m| release(m)).any(|m| stages.iter().any(|s| row.milestones[*s] == m));
        let prr: Vec<String> = row
            .prr_approvers
            .iter()
            .filter(|(stage, _)| self.for_stage.as_ref().is_none_or(|f| f.eq_ignore_ascii_case(stage)))
            .map(|(_, approver)| approver.clone())
            .collect();
        let latest = self.latest_milestone.is_empty()
            || release(&row.latest_milestone)
                .is_some_and(|have| self.latest_milestone.iter().filter_map(|m| release(m)).any(|m| m == have));
        let stage = row.stage.to_ascii_lowercase();
        let missing_prr = !self.missing_prr_approver
            || (["alpha", "beta", "stable"].contains(&stage.as_str()) && !row.prr_approvers.contains_key(&stage));
        missing_prr
            && one(&self.sig, &row.owning_sig)
            && one(&self.status, &row.status)
            && one(&self.stage, &row.stage)
            && people(&self.author, &row.authors)
            && people(&self.approver, &row.approvers)
            && people(&self.reviewer, &row.reviewers)
            && any(&self.participating_sig, &row.participating_sigs)
            && people(&self.prr_approver, &prr)
            && milestone
            && latest
    }
}

/// The KEPs of every `keps/` tree in the world (the template left out), sorted by number then path.
pub fn rows(world: &World, filter: &Filter) -> Vec<KepRow> {
    let mut rows: Vec<(u64, KepRow)> = world
        .kep_files()
        .filter_map(|file| {
            let place = file.place.as_ref()?;
            if place.dir_rel() == TEMPLATE_DIR {
                return None;
            }
            let yaml = file.yaml()?;
            let text = |key: &str| yaml.string(key).map(|s| s.text.trim().to_string()).unwrap_or_default();
            let list = |key: &str| yaml.strings(key).iter().map(|s| s.text.trim().to_string()).collect::<Vec<_>>();
            let milestone = |stage: &str| yaml.milestone(stage).map(|s| s.text.trim().to_string()).unwrap_or_default();
            let milestones = ["alpha", "beta", "stable", "deprecated", "removed"]
                .iter()
                .filter_map(|stage| Some((stage.to_string(), release(&milestone(stage))?)))
                .collect();
            let prr = layout::prr_path(&place.root, &text("owning-sig"), &text("kep-number"))
                .and_then(|path| world.file(&path))
                .and_then(|prr| prr.yaml());
            let prr_approvers = match prr {
                Some(prr) => ["alpha", "beta", "stable"]
                    .iter()
                    .filter_map(|stage| {
                        let approver = prr.entry(stage)?.value.get("approver")?.value.as_str()?.trim().to_string();
                        (!approver.is_empty()).then(|| (stage.to_string(), approver))
                    })
                    .collect(),
                None => BTreeMap::new(),
            };
            let row = KepRow {
                number: text("kep-number"),
                title: text("title"),
                owning_sig: text("owning-sig"),
                status: text("status"),
                stage: text("stage"),
                latest_milestone: text("latest-milestone"),
                alpha: milestone("alpha"),
                beta: milestone("beta"),
                stable: milestone("stable"),
                authors: list("authors"),
                created: text("creation-date"),
                updated: text("last-updated"),
                approvers: list("approvers"),
                reviewers: list("reviewers"),
                participating_sigs: list("participating-sigs"),
                milestones,
                prr_approvers,
                references: References {
                    see_also: list("see-also"),
                    replaces: list("replaces"),
                    superseded_by: list("superseded-by"),
                },
                path: format!("{}/{}", layout::KEPS, place.dir_rel()),
                dir: file.dir().map(Path::to_path_buf).unwrap_or_default(),
            };
            let number = index::kep_number(yaml).unwrap_or(u64::MAX);
            filter.accepts(&row).then_some((number, row))
        })
        .collect();
    rows.sort_by(|a, b| (a.0, &a.1.path).cmp(&(b.0, &b.1.path)));
    rows.into_iter().map(|(_, row)| row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixtures::world;

    const WS: &str = "//- /ws/keps/sig-b/20-b/kep.yaml
title: Second
kep-number: 20
authors: [\"@Ann\", \"@bob\"]
owning-sig: sig-b
status: implementable
stage: beta
milestone: {alpha: v1.1, beta: v1.2}
//- /ws/keps/prod-readiness/sig-b/20.yaml
kep-number: 20
beta:
  approver: \"@wojtek-t\"
//- /ws/keps/sig-a/3-a/kep.yaml
title: First
kep-number: 3
authors: [\"@cy\"]
owning-sig: sig-a
status: provisional
creation-date: 2024-01-02
//- /ws/keps/NNNN-kep-template/kep.yaml
title: KEP Template
";

    #[test]
    fn rows_are_sorted_by_number_and_filtered() {
        let (world, _) = world(WS);
        let all = rows(&world, &Filter::default());
        assert_eq!(all.iter().map(|r| r.number.as_str()).collect::<Vec<_>>(), ["3", "20"]);
        assert_eq!(all[1].beta, "v1.2");
        assert_eq!(all[0].path, "keps/sig-a/3-a");
        assert_eq!(all[0].created, "2024-01-02");
        let by = |filter: Filter| rows(&world, &filter).into_iter().map(|r| r.number).collect::<Vec<_>>();
        let v = |s: &str| vec![s.to_string()];
        assert_eq!(by(Filter { author: v("ann"), ..Filter::default() }), ["20"]);
        assert_eq!(by(Filter { sig: v("SIG-A"), ..Filter::default() }), ["3"]);
        assert_eq!(by(Filter { sig: vec!["sig-a".into(), "sig-b".into()], ..Filter::default() }), ["3", "20"]);
        assert_eq!(by(Filter { stage: v("beta"), status: v("implementable"), ..Filter::default() }), ["20"]);
        assert!(by(Filter { status: v("implemented"), ..Filter::default() }).is_empty());
        assert_eq!(by(Filter { milestone: v("1.2"), ..Filter::default() }), ["20"]);
        assert_eq!(by(Filter { milestone: v("v1.2"), for_stage: Some("beta".into()), ..Filter::default() }), ["20"]);
        assert!(by(Filter { milestone: v("v1.2"), for_stage: Some("alpha".into()), ..Filter::default() }).is_empty());
        assert_eq!(
            by(Filter { prr_approver: v("@wojtek-t"), for_stage: Some("beta".into()), ..Filter::default() }),
            ["20"]
        );
        assert!(
            by(Filter { prr_approver: v("wojtek-t"), for_stage: Some("alpha".into()), ..Filter::default() }).is_empty()
        );
        assert!(by(Filter { missing_prr_approver: true, ..Filter::default() }).is_empty(), "20 has its beta approver");
        assert_eq!(all[1].milestones.get("alpha").map(String::as_str), Some("v1.1"));
        assert_eq!(all[1].prr_approvers.get("beta").map(String::as_str), Some("@wojtek-t"));
    }

    #[test]
    fn releases_are_normalised() {
        assert_eq!(release("1.34").as_deref(), Some("v1.34"));
        assert_eq!(release("\"v1.34.0\"").as_deref(), Some("v1.34"));
        assert_eq!(release("TBD"), None);
        assert_eq!(release(""), None);
    }
}
