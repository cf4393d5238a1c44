//! kep.yaml and PRR approval files: their schema, typed read access to a parsed file with the range
//! of every value, the editing features, and the commands that write or list KEPs (new, promote, list).

pub mod edit;
pub mod editing;
#[cfg(test)]
mod json_schema;
pub mod promote;
pub mod query;
pub mod scaffold;
pub mod schema;
pub mod shape;
pub mod usage;

use super::text::TextRange;
use super::yaml::{self, Entry, Node, YamlTree};

/// A parsed `kep.yaml` (or PRR file): the YAML tree and convenient accessors for its top level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlFile {
    pub tree: YamlTree,
}

/// A string value with where it sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spanned<'a> {
    pub text: &'a str,
    pub range: TextRange,
}

impl YamlFile {
    pub fn parse(text: &str) -> Self {
        YamlFile { tree: yaml::parse(text) }
    }

    pub fn root(&self) -> Option<&Node> {
        self.tree.root.as_ref()
    }

    /// The first top-level entry with this key.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.root()?.get(key)
    }

    /// A top-level scalar value, unless absent or null (upstream treats both alike).
    pub fn string(&self, key: &str) -> Option<Spanned<'_>> {
        let entry = self.entry(key)?;
        let text = entry.value.as_str()?;
        Some(Spanned { text, range: entry.value.range })
    }

    /// The scalar items of a top-level list (non-scalars and nulls are skipped).
    pub fn strings(&self, key: &str) -> Vec<Spanned<'_>> {
        let Some(items) = self.entry(key).and_then(|e| e.value.as_seq()) else { return Vec::new() };
        items.iter().filter_map(|n| Some(Spanned { text: n.as_str()?, range: n.range })).collect()
    }

    /// `milestone.<stage>` as a string.
    pub fn milestone(&self, stage: &str) -> Option<Spanned<'_>> {
        let entry = self.entry("milestone")?.value.get(stage)?;
        Some(Spanned { text: entry.value.as_str()?, range: entry.value.range })
    }
}

/// What a PRR approval file says about one stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StageApproval<'a> {
    /// No map for the stage (absent or null).
    Absent,
    /// The map is there; the approver may be empty.
    Present { approver: Option<Spanned<'a>>, map: TextRange },
}

impl YamlFile {
    /// The approval for a stage in a PRR file.
    pub fn prr_stage(&self, stage: &str) -> StageApproval<'_> {
        let Some(entry) = self.entry(stage) else { return StageApproval::Absent };
        if entry.value.is_null() {
            return StageApproval::Absent;
        }
        let approver =
            entry.value.get("approver").and_then(|a| Some(Spanned { text: a.value.as_str()?, range: a.value.range }));
        StageApproval::Present { approver, map: entry.key.range.cover(entry.value.range) }
    }
}
