//! Navigating the KEP graph: definition, references, hover, document links, inlay hints, code
//! lenses and workspace symbols.

use std::path::Path;

use super::{first_sentences, incoming, outgoing, resolve, title_line, Kep, OutRef};
use crate::ide::answers::{Hover, InlayHint, Lens, Link, LinkTarget, Location, NavTarget, SymbolKind, WorkspaceSymbol};
use crate::ide::layout::FileKind;
use crate::ide::refs::{self, Resolution, Target};
use crate::ide::text::TextRange;
use crate::ide::world::{SourceFile, World};

/// How many workspace symbols a query returns at most.
const MAX_SYMBOLS: usize = 200;

/// The reference under `offset`, if any.
fn reference_at(file: &SourceFile, offset: usize) -> Option<&OutRef> {
    outgoing(file).iter().find(|r| r.range.touches(offset))
}

fn keps_dir(file: &SourceFile) -> Option<std::path::PathBuf> {
    Some(file.place.as_ref()?.keps_dir())
}

/// The KEP directories a resolution leads to (several for a moved or ambiguous reference).
fn destinations(resolution: &Resolution) -> Vec<&str> {
    match resolution {
        Resolution::Resolved { dir } => vec![dir.as_str()],
        Resolution::Moved { candidates } | Resolution::Ambiguous { candidates } => {
            candidates.iter().map(String::as_str).collect()
        }
        _ => Vec::new(),
    }
}

pub fn definition(world: &World, path: &Path, offset: usize) -> Vec<NavTarget> {
    let Some(file) = world.file(path) else { return Vec::new() };
    let Some(reference) = reference_at(file, offset) else { return Vec::new() };
    let Some(keps) = keps_dir(file) else { return Vec::new() };
    let resolution = resolve(world, file, &reference.parsed);
    destinations(&resolution)
        .into_iter()
        .filter_map(|rel| {
            let (path, range, focus) = Kep::at(world, &keps, rel).target()?;
            Some(NavTarget { path, range, focus })
        })
        .collect()
}

/// The KEP a references request is about: the KEP itself anywhere in its kep.yaml or on its
/// README's title; the target of a README link to another KEP.
fn subject<'a>(world: &'a World, file: &SourceFile, offset: usize) -> Option<Kep<'a>> {
    match file.kind {
        FileKind::KepYaml => Kep::of(world, file),
        FileKind::Readme => {
            if let Some(reference) = reference_at(file, offset) {
                let resolution = resolve(world, file, &reference.parsed);
                let rel = destinations(&resolution).into_iter().next()?;
                return Some(Kep::at(world, &keps_dir(file)?, rel));
            }
            let line = file.line_index().line_of(offset);
            (title_line(file) == Some(line)).then(|| Kep::of(world, file)).flatten()
        }
        _ => None,
    }
}

pub fn references(world: &World, path: &Path, offset: usize, include_declaration: bool) -> Vec<Location> {
    let Some(file) = world.file(path) else { return Vec::new() };
    let Some(kep) = subject(world, file, offset) else { return Vec::new() };
    let mut out = Vec::new();
    if include_declaration {
        if let Some(kep_yaml) = kep.kep_yaml {
            let range = kep_yaml.yaml().and_then(|y| y.string("title")).map_or(TextRange::empty(0), |t| t.range);
            out.push(Location { path: kep_yaml.path.clone(), range });
        }
        if let Some(readme) = kep.readme {
            if let Some(line) = title_line(readme) {
                out.push(Location {
                    path: readme.path.clone(),
                    range: readme.line_index().line_content(&readme.text, line),
                });
            }
        }
    }
    out.extend(incoming(world, &kep.dir).into_iter().map(|(f, r)| Location { path: f.path.clone(), range: r.inner }));
    out
}

pub fn hover(world: &World, path: &Path, offset: usize) -> Option<Hover> {
    let file = world.file(path)?;
    let reference = reference_at(file, offset)?;
    if !reference.parsed.target.is_kep() {
        return None;
    }
    let keps = keps_dir(file)?;
    let contents = match resolve(world, file, &reference.parsed) {
        Resolution::Resolved { dir } => describe(&Kep::at(world, &keps, &dir)),
        other => format!("**Unresolved reference** `{}`\n\n{}", reference.raw, why_unresolved(&other)),
    };
    Some(Hover { contents, range: reference.inner })
}

/// A KEP in a few lines of Markdown: name, status line, summary, path.
pub fn describe(kep: &Kep) -> String {
    let mut out = format!("**{}**\n\n", kep.name());
    let facts: Vec<String> = [
        kep.status().map(|s| format!("status `{s}`")),
        kep.stage().map(|s| format!("stage `{s}`")),
        kep.owning_sig().map(|s| format!("owned by `{s}`")),
        kep.latest_milestone().map(|m| format!("latest milestone `{m}`")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !facts.is_empty() {
        out.push_str(&facts.join(" · "));
        out.push_str("\n\n");
    }
    if let Some(summary) = kep.summary() {
        out.push_str(&first_sentences(&summary, 400));
        out.push_str("\n\n");
    }
    out.push_str(&format!("`keps/{}`", kep.rel));
    out
}

/// Why a reference does not resolve, in a sentence a KEP author can act on.
pub fn why_unresolved(resolution: &Resolution) -> String {
    match resolution {
        Resolution::Moved { candidates } => format!(
            "No KEP lives at this path. The same KEP number lives at {}: the KEP was renamed or moved to another SIG.",
            candidates.iter().map(|c| format!("`{}`", refs::canonical(c))).collect::<Vec<_>>().join(", ")
        ),
        Resolution::LegacyGone => "This is an old single-file KEP (`YYYYMMDD-name.md`, from before KEPs became directories). The file no longer exists: point at the KEP's directory `/keps/<sig>/<NNNN-slug>` instead.".to_string(),
        Resolution::Missing => "No KEP in this workspace has this path or number.".to_string(),
        Resolution::Ambiguous { candidates } => format!(
            "Several KEPs carry this number: {}.",
            candidates.iter().map(|c| format!("`{}`", refs::canonical(c))).collect::<Vec<_>>().join(", ")
        ),
        Resolution::Resolved { .. } | Resolution::NotAKep => String::new(),
    }
}

pub fn document_links(world: &World, path: &Path) -> Vec<Link> {
    let Some(file) = world.file(path) else { return Vec::new() };
    let Some(keps) = keps_dir(file) else { return Vec::new() };
    outgoing(file)
        .iter()
        .filter_map(|reference| match &reference.parsed.target {
            // README links to web pages are the Markdown server's business; kep.yaml has no other.
            Target::External(url) if file.kind == FileKind::KepYaml => {
                Some(Link { range: reference.inner, target: LinkTarget::Url(url.clone()), tooltip: None })
            }
            target if target.is_kep() => {
                let Resolution::Resolved { dir } = resolve(world, file, &reference.parsed) else { return None };
                let kep = Kep::at(world, &keps, &dir);
                let (path, _, _) = kep.target()?;
                Some(Link { range: reference.inner, target: LinkTarget::File(path), tooltip: Some(kep.name()) })
            }
            _ => None,
        })
        .collect()
}

/// After each resolved reference in kep.yaml: the target's title and status.
pub fn inlay_hints(world: &World, path: &Path, range: TextRange) -> Vec<InlayHint> {
    let Some(file) = world.file(path) else { return Vec::new() };
    if file.kind != FileKind::KepYaml {
        return Vec::new();
    }
    let Some(keps) = keps_dir(file) else { return Vec::new() };
    outgoing(file)
        .iter()
        .filter(|r| r.parsed.target.is_kep() && r.range.start <= range.end && range.start <= r.range.end)
        .filter_map(|reference| {
            let Resolution::Resolved { dir } = resolve(world, file, &reference.parsed) else { return None };
            let kep = Kep::at(world, &keps, &dir);
            let mut label = kep.name();
            if label.chars().count() > 60 {
                label = format!("{}…", label.chars().take(59).collect::<String>());
            }
            if let Some(status) = kep.status() {
                label.push_str(&format!(" ({status})"));
            }
            Some(InlayHint { offset: reference.range.end, label, tooltip: Some(keps_path(&kep)) })
        })
        .collect()
}

fn keps_path(kep: &Kep) -> String {
    format!("keps/{}", kep.rel)
}

/// Above the title of a kep.yaml: how many other KEPs reference this one.
pub fn code_lenses(world: &World, path: &Path) -> Vec<Lens> {
    let Some(file) = world.file(path) else { return Vec::new() };
    if file.kind != FileKind::KepYaml {
        return Vec::new();
    }
    let (Some(kep), Some(title)) = (Kep::of(world, file), file.yaml().and_then(|y| y.entry("title"))) else {
        return Vec::new();
    };
    let mut referrers: Vec<&Path> = incoming(world, &kep.dir).iter().filter_map(|(f, _)| f.dir()).collect();
    referrers.sort();
    referrers.dedup();
    let text = match referrers.len() {
        0 => "no other KEP references this one".to_string(),
        1 => "referenced by 1 KEP".to_string(),
        n => format!("referenced by {n} KEPs"),
    };
    vec![Lens { range: title.key.range, title: text }]
}

/// Where the workspace symbol of the KEP whose kep.yaml is `path` points: its title's value (the
/// range a client resolves later when it took the symbols without ranges).
pub fn workspace_symbol_range(world: &World, path: &std::path::Path) -> Option<TextRange> {
    world.file(path)?.card().map(|card| card.title)
}

pub fn workspace_symbols(world: &World, query: &str) -> Vec<WorkspaceSymbol> {
    let query = query.trim().to_lowercase();
    let mut scored: Vec<(i64, &std::path::Path, &super::KepCard)> = world
        .kep_files()
        .filter(|f| f.unreadable.is_none())
        .filter_map(|file| {
            let card = file.card()?;
            let score = if query.is_empty() { Some(0) } else { fuzzy_score(&query, &card.search) }?;
            Some((score, file.path.as_path(), card))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.name.cmp(&b.2.name)));
    scored
        .into_iter()
        .take(MAX_SYMBOLS)
        .map(|(_, path, card)| WorkspaceSymbol {
            name: card.name.clone(),
            detail: card.detail.clone(),
            kind: SymbolKind::Kep,
            location: Location { path: path.to_path_buf(), range: card.title },
        })
        .collect()
}

/// A subsequence match of `query` in `haystack` (both lower-case): `None` when some character is
/// missing; higher for matches at word starts and in runs. Spaces in the query separate words that
/// must each match somewhere.
pub fn fuzzy_score(query: &str, haystack: &str) -> Option<i64> {
    let mut total = 0;
    for word in query.split_whitespace() {
        total += word_score(word, haystack)?;
    }
    Some(total)
}

fn word_score(word: &str, haystack: &str) -> Option<i64> {
    // `contains` first: it has a SIMD path that `find` lacks, and most KEPs do not contain the word.
    if let Some(at) = haystack.contains(word).then(|| haystack.find(word)).flatten() {
        let at_word_start = at == 0 || !haystack[..at].ends_with(|c: char| c.is_alphanumeric());
        return Some(100 + word.len() as i64 * 10 + if at_word_start { 50 } else { 0 });
    }
    let mut score = 0;
    let mut chars = haystack.char_indices();
    let mut previous_matched = false;
    for wanted in word.chars() {
        loop {
            let (i, c) = chars.next()?;
            if c == wanted {
                let word_start = i == 0 || !haystack[..i].ends_with(|c: char| c.is_alphanumeric());
                score += 1 + i64::from(previous_matched) * 3 + i64::from(word_start) * 5;
                previous_matched = true;
                break;
            }
            previous_matched = false;
        }
    }
    Some(score)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substrings_score_above_scattered_letters() {
        let haystack = "kep-1287: in-place update of pod resources /keps/sig-node/1287-in-place-update-pod-resources";
        let substring = fuzzy_score("pod", haystack).unwrap();
        let scattered = fuzzy_score("ipupr", haystack).unwrap();
        assert!(substring > scattered, "{substring} > {scattered}");
        assert_eq!(fuzzy_score("pod zzz", haystack), None, "every word must match");
    }
}
