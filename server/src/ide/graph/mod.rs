//! The KEP graph: every KEP of the workspace and the references between them (`see-also`,
//! `replaces`, `superseded-by` entries, and README links to other KEPs), resolved against the
//! `keps/` tree of the file that holds them. The features built on it live in `nav` (definition,
//! references, hover, links, hints, symbols) and `complete`.

mod complete;
mod nav;

pub use complete::completion;
pub use nav::{
    code_lenses, definition, document_links, hover, inlay_hints, references, why_unresolved, workspace_symbol_range,
    workspace_symbols,
};

use std::path::{Path, PathBuf};

use super::index::{self, TreeLookup};
use super::layout::{self, FileKind};
use super::markdown::toc;
use super::refs::{self, ParsedRef, Resolution};
use super::text::TextRange;
use super::world::{SourceFile, World};
use super::yaml::{Node, ScalarStyle};

/// The kep.yaml lists that name other KEPs.
pub const REFERENCE_FIELDS: &[&str] = &["see-also", "replaces", "superseded-by"];

/// One reference written in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutRef {
    /// The kep.yaml list it is in, or `None` for a README link.
    pub field: Option<&'static str>,
    /// The text as read (scalar value or link destination).
    pub raw: String,
    /// The whole written value (quotes included) or link destination.
    pub range: TextRange,
    /// The reference proper inside `range` (the path, number or URL).
    pub inner: TextRange,
    pub parsed: ParsedRef,
}

/// Every reference `file` makes (parsed once per version of the file).
pub fn outgoing(file: &SourceFile) -> &[OutRef] {
    file.references()
}

/// Parses the references of a file; [`SourceFile::references`] keeps the result.
pub(crate) fn parse_outgoing(file: &SourceFile) -> Vec<OutRef> {
    match file.kind {
        FileKind::KepYaml => yaml_references(file),
        FileKind::Readme => readme_references(file),
        _ => Vec::new(),
    }
}

fn yaml_references(file: &SourceFile) -> Vec<OutRef> {
    let Some(yaml) = file.yaml() else { return Vec::new() };
    let mut out = Vec::new();
    for field in REFERENCE_FIELDS {
        let Some(items) = yaml.entry(field).and_then(|e| e.value.as_seq()) else { continue };
        for item in items {
            let Some(raw) = item.as_str() else { continue };
            let parsed = refs::parse_reference(raw);
            let inner = inner_range(&file.text, item, raw, parsed.inner);
            out.push(OutRef { field: Some(field), raw: raw.to_string(), range: item.range, inner, parsed });
        }
    }
    out
}

fn readme_references(file: &SourceFile) -> Vec<OutRef> {
    let Some(place) = &file.place else { return Vec::new() };
    let from = place.dir_rel();
    file.markdown_links()
        .iter()
        .filter_map(|link| {
            let parsed = refs::parse_readme_link(from, &link.dest)?;
            let verbatim = file.text.get(link.dest_range.start..link.dest_range.end) == Some(link.dest.as_str());
            let inner = if verbatim { parsed.inner.shifted(link.dest_range.start) } else { link.dest_range };
            Some(OutRef { field: None, raw: link.dest.clone(), range: link.dest_range, inner, parsed })
        })
        .collect()
}

/// Maps a range inside a scalar's value to the file: exact when the value is written verbatim
/// (plain, or quoted without escapes), else the whole scalar.
fn inner_range(text: &str, node: &Node, value: &str, inner: TextRange) -> TextRange {
    let quote = match node.as_scalar().map(|s| s.style) {
        Some(ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted) => 1,
        _ => 0,
    };
    let start = node.range.start + quote;
    match text.get(start..start + value.len()) {
        Some(written) if written == value => inner.shifted(start),
        _ => node.range,
    }
}

/// What other files can see of a kep.yaml: its numbers, title, status, stage, group, milestones
/// and references. An edit that leaves these alone cannot change another document's diagnostics
/// (a PRR file and OWNERS_ALIASES are declared dependencies instead). Empty for other files.
pub fn visible_facts(file: &SourceFile) -> Vec<String> {
    let Some(yaml) = file.yaml().filter(|_| file.kind == FileKind::KepYaml) else { return Vec::new() };
    let mut facts: Vec<String> = ["kep-number", "title", "status", "stage", "owning-sig", "latest-milestone"]
        .iter()
        .map(|key| yaml.string(key).map_or_else(String::new, |s| s.text.to_string()))
        .collect();
    for stage in crate::ide::kep::schema::MILESTONE_FIELDS {
        facts.push(yaml.milestone(stage.key).map_or_else(String::new, |s| s.text.to_string()));
    }
    facts.extend(outgoing(file).iter().map(|r| format!("{:?}:{}", r.field, r.raw)));
    facts
}

/// Resolves a reference against the `keps/` tree of the file that makes it.
pub fn resolve(world: &World, file: &SourceFile, parsed: &ParsedRef) -> Resolution {
    let Some(place) = &file.place else { return Resolution::NotAKep };
    refs::resolve(parsed, &TreeLookup::new(world, place.keps_dir()))
}

/// What the graph knows about one KEP directory.
#[derive(Clone, Debug)]
pub struct Kep<'a> {
    pub dir: PathBuf,
    /// Relative to `keps/`: `sig-node/1287-in-place-update-pod-resources`.
    pub rel: String,
    pub kep_yaml: Option<&'a SourceFile>,
    pub readme: Option<&'a SourceFile>,
}

impl<'a> Kep<'a> {
    pub fn at(world: &'a World, keps_dir: &Path, rel: &str) -> Kep<'a> {
        let dir = keps_dir.join(rel);
        Kep {
            kep_yaml: world.file(&dir.join(layout::KEP_YAML)).map(|f| &**f),
            readme: world.file(&dir.join(layout::README)).map(|f| &**f),
            rel: rel.to_string(),
            dir,
        }
    }

    /// The KEP a kep.yaml or README belongs to.
    pub fn of(world: &'a World, file: &SourceFile) -> Option<Kep<'a>> {
        let place = file.place.as_ref()?;
        matches!(file.kind, FileKind::KepYaml | FileKind::Readme)
            .then(|| Kep::at(world, &place.keps_dir(), place.dir_rel()))
    }

    fn field(&self, key: &str) -> Option<&'a str> {
        Some(self.kep_yaml?.yaml()?.string(key)?.text)
    }

    pub fn title(&self) -> Option<&'a str> {
        self.field("title")
    }
    pub fn status(&self) -> Option<&'a str> {
        self.field("status")
    }
    pub fn stage(&self) -> Option<&'a str> {
        self.field("stage")
    }
    pub fn owning_sig(&self) -> Option<&'a str> {
        self.field("owning-sig")
    }
    pub fn latest_milestone(&self) -> Option<&'a str> {
        self.field("latest-milestone")
    }

    /// `KEP-1287`, from kep-number, else the directory number.
    pub fn id(&self) -> String {
        let number =
            self.kep_yaml.and_then(|f| f.yaml()).and_then(index::kep_number).or_else(|| refs::dir_number(&self.rel));
        number.map_or_else(|| "KEP".to_string(), |n| format!("KEP-{n}"))
    }

    /// `KEP-1287: In-place Update of Pod Resources`.
    pub fn name(&self) -> String {
        match self.title() {
            Some(title) => format!("{}: {title}", self.id()),
            None => self.id(),
        }
    }

    /// Where a reference to this KEP leads: the README's title line, else the kep.yaml.
    pub fn target(&self) -> Option<(PathBuf, TextRange, TextRange)> {
        if let Some(readme) = self.readme {
            let line = readme.line_index().line_content(&readme.text, title_line(readme).unwrap_or(0));
            return Some((readme.path.clone(), line, line));
        }
        let kep_yaml = self.kep_yaml?;
        let focus = kep_yaml.yaml().and_then(|y| y.string("title")).map_or(TextRange::empty(0), |t| t.range);
        Some((kep_yaml.path.clone(), focus, focus))
    }

    /// The first paragraph of the README's Summary section, or `None`.
    pub fn summary(&self) -> Option<String> {
        let readme = self.readme?;
        summary_paragraph(&readme.text)
    }
}

/// The line of a README's first H1 (as mdtoc sees headings: not in code or comments).
pub fn title_line(readme: &SourceFile) -> Option<usize> {
    let heading = toc::headings(&readme.text).into_iter().find(|h| h.level == 1)?;
    Some(readme.line_index().line_of(heading.range.start))
}

/// The first paragraph under a `Summary` heading, without HTML comments, joined on one line.
pub fn summary_paragraph(text: &str) -> Option<String> {
    let heading = toc::headings(text).into_iter().find(|h| h.plain.trim().eq_ignore_ascii_case("summary"))?;
    let after = text.get(heading.range.end..)?;
    let mut paragraph: Vec<&str> = Vec::new();
    let mut in_comment = false;
    for line in after.lines().skip(1) {
        let trimmed = line.trim();
        if in_comment {
            in_comment = !trimmed.contains("-->");
            continue;
        }
        if trimmed.starts_with("<!--") {
            in_comment = !trimmed.contains("-->");
            continue;
        }
        if trimmed.starts_with('#') {
            break;
        }
        if trimmed.is_empty() {
            if paragraph.is_empty() {
                continue;
            }
            break;
        }
        paragraph.push(trimmed);
    }
    (!paragraph.is_empty()).then(|| paragraph.join(" "))
}

/// The first sentences of a paragraph, at most about `limit` characters.
pub fn first_sentences(paragraph: &str, limit: usize) -> String {
    let mut out = String::new();
    for sentence in paragraph.split_inclusive(". ") {
        if !out.is_empty() && out.chars().count() + sentence.chars().count() > limit {
            break;
        }
        out.push_str(sentence);
    }
    if out.chars().count() > limit {
        let cut: String = out.chars().take(limit).collect();
        return format!("{}…", cut.trim_end());
    }
    out.trim_end().to_string()
}

/// What a KEP shows in lists (workspace symbols), from its kep.yaml alone: kept per version of
/// the file, so that a search over every KEP formats nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KepCard {
    /// `KEP-1287: In-place Update of Pod Resources`.
    pub name: String,
    /// `sig-node · implementable`.
    pub detail: Option<String>,
    /// The name and the path `/keps/<sig>/<NNNN-slug>`, lower-cased: what a query is matched against.
    pub search: String,
    /// The title's value (or the start of the file).
    pub title: TextRange,
    /// How references name the KEP: `/keps/<sig>/<NNNN-slug>`.
    pub reference: String,
    /// The name with the status, as reference completion shows it: `KEP-1287: ... (implementable)`.
    pub name_and_status: String,
}

impl KepCard {
    pub(crate) fn of(file: &SourceFile) -> Option<KepCard> {
        let place = file.place.as_ref()?;
        let yaml = file.yaml()?;
        let kep = Kep { dir: PathBuf::new(), rel: place.dir_rel().to_string(), kep_yaml: Some(file), readme: None };
        let name = kep.name();
        let detail = [yaml.string("owning-sig"), yaml.string("status")]
            .into_iter()
            .flatten()
            .map(|s| s.text)
            .collect::<Vec<_>>()
            .join(" · ");
        let name_and_status = match yaml.string("status") {
            Some(status) => format!("{name} ({})", status.text),
            None => name.clone(),
        };
        Some(KepCard {
            search: format!("{name} /keps/{}", kep.rel).to_lowercase(),
            detail: (!detail.is_empty()).then_some(detail),
            title: yaml.string("title").map_or(TextRange::empty(0), |t| t.range),
            reference: refs::canonical(&kep.rel),
            name_and_status,
            name,
        })
    }
}

/// Every reference in the world that resolves to the KEP at `dir`, except those the KEP makes itself.
pub fn incoming<'a>(world: &'a World, dir: &Path) -> Vec<(&'a SourceFile, OutRef)> {
    let Some(target) = world.file(&dir.join(layout::KEP_YAML)).and_then(|f| f.place.clone()) else { return Vec::new() };
    let rel = target.dir_rel().to_string();
    let inside = format!("{rel}/");
    let numbers: Vec<u64> =
        world.file(&dir.join(layout::KEP_YAML)).map(|f| super::index::NumberIndex::numbers_of(f)).unwrap_or_default();
    // Only these can resolve to the KEP: its path (or a file inside it), a legacy link, one of its numbers.
    let may_lead_here = |parsed: &ParsedRef| match &parsed.target {
        refs::Target::Path { keps_rel, legacy_md } => *legacy_md || *keps_rel == rel || keps_rel.starts_with(&inside),
        refs::Target::Number(n) => numbers.contains(n),
        _ => false,
    };
    let mut out = Vec::new();
    for file in world.files() {
        if !matches!(file.kind, FileKind::KepYaml | FileKind::Readme) {
            continue;
        }
        // Same tree, another KEP: compared as strings, no path built per file.
        if file.place.as_ref().is_none_or(|p| p.root != target.root || p.dir_rel() == rel) {
            continue;
        }
        for reference in outgoing(file).iter().filter(|r| may_lead_here(&r.parsed)) {
            if let Resolution::Resolved { dir: found } = resolve(world, file, &reference.parsed) {
                if found == rel {
                    out.push((&**file, reference.clone()));
                }
            }
        }
    }
    out.sort_by(|a, b| (&a.0.path, a.1.range.start).cmp(&(&b.0.path, b.1.range.start)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixtures::world;

    #[test]
    fn references_have_exact_inner_ranges() {
        let (world, paths) = world(
            "//- /ws/keps/sig-a/1-x/kep.yaml\nsee-also:\n  - \"/keps/sig-b/2-y\"\n  - KEP-2\n  - n/a\nreplaces:\n  - \"[old](https://github.com/kubernetes/enhancements/tree/master/keps/sig-b/2-y)\"\n",
        );
        let file = world.file(&paths[0]).unwrap();
        let refs = outgoing(file);
        let texts: Vec<&str> = refs.iter().map(|r| &file.text[r.inner.start..r.inner.end]).collect();
        assert_eq!(texts[0], "/keps/sig-b/2-y");
        assert_eq!(texts[1], "KEP-2");
        assert_eq!(refs[3].field, Some("replaces"));
        assert_eq!(refs.len(), 4);
    }

    #[test]
    fn readme_links_to_keps_are_references() {
        let (world, paths) = world("//- /ws/keps/sig-a/1-x/README.md\n# KEP-1: X\n\nSee [y](../2-y/README.md), [docs](https://k8s.io) and [here](#summary).\n");
        let refs = outgoing(world.file(&paths[0]).unwrap());
        assert_eq!(refs.len(), 1, "{refs:?}");
        assert_eq!(refs[0].raw, "../2-y/README.md");
    }

    #[test]
    fn visible_facts_ignore_what_other_files_cannot_see() {
        let facts = |text: &str| visible_facts(&SourceFile::new("/ws/keps/sig-a/1-x/kep.yaml".into(), text.into()));
        let base = facts("title: X\nstatus: provisional\nreviewers: [\"@a\"]\n# note\n");
        assert_eq!(base, facts("title: X\nstatus: provisional\nreviewers: [\"@b\"]\n# other note\n"));
        assert_ne!(base, facts("title: Y\nstatus: provisional\n"));
        assert_ne!(base, facts("title: X\nstatus: provisional\nsee-also:\n  - KEP-2\n"));
    }

    #[test]
    fn the_summary_paragraph_skips_comments() {
        let text = "# T\n\n## Summary\n\n<!--\nguidance\n-->\n\nFirst line\nsecond line. Another sentence.\n\nNext paragraph.\n## Motivation\n";
        assert_eq!(summary_paragraph(text).unwrap(), "First line second line. Another sentence.");
        assert_eq!(first_sentences("One. Two. Three.", 8), "One.");
    }
}
