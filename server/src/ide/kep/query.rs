//! The workspace's KEPs as rows of a list (`kep-ls list`, the query side of upstream's kepctl):
//! number, title, owning SIG, status, stage, milestones, authors and dates, filtered and sorted by number.

use serde::Serialize;

use crate::ide::index;
use crate::ide::layout;
use crate::ide::layout::TEMPLATE_DIR;
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
    /// The KEP's directory below the repository root (`keps/sig-node/1287-foo`).
    pub path: String,
}

/// Which KEPs to list: every given criterion must hold (values compare case-insensitively; an
/// author matches with or without `@`).
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub sig: Option<String>,
    pub status: Option<String>,
    pub stage: Option<String>,
    pub author: Option<String>,
}

impl Filter {
    fn accepts(&self, row: &KepRow) -> bool {
        let same =
            |want: &Option<String>, have: &str| want.as_ref().is_none_or(|w| w.trim().eq_ignore_ascii_case(have));
        let author = self.author.as_ref().map(|a| a.trim().trim_start_matches('@').to_ascii_lowercase());
        same(&self.sig, &row.owning_sig)
            && same(&self.status, &row.status)
            && same(&self.stage, &row.stage)
            && author
                .is_none_or(|a| row.authors.iter().any(|x| x.trim().trim_start_matches('@').eq_ignore_ascii_case(&a)))
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
            let milestone = |stage: &str| yaml.milestone(stage).map(|s| s.text.trim().to_string()).unwrap_or_default();
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
                authors: yaml.strings("authors").iter().map(|s| s.text.trim().to_string()).collect(),
                created: text("creation-date"),
                updated: text("last-updated"),
                path: format!("{}/{}", layout::KEPS, place.dir_rel()),
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
    use crate::ide::rules::fixture::world;

    const WS: &str = "//- /ws/keps/sig-b/20-b/kep.yaml
title: Second
kep-number: 20
authors: [\"@Ann\", \"@bob\"]
owning-sig: sig-b
status: implementable
stage: beta
milestone: {alpha: v1.1, beta: v1.2}
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
        assert_eq!(by(Filter { author: Some("ann".into()), ..Filter::default() }), ["20"]);
        assert_eq!(by(Filter { sig: Some("SIG-A".into()), ..Filter::default() }), ["3"]);
        assert_eq!(
            by(Filter { stage: Some("beta".into()), status: Some("implementable".into()), ..Filter::default() }),
            ["20"]
        );
        assert!(by(Filter { status: Some("implemented".into()), ..Filter::default() }).is_empty());
    }
}
