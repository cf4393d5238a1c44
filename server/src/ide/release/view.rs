//! Release readiness in the editor: the lens on a kep.yaml's first line and the checklist shown
//! when hovering `latest-milestone`.

use std::path::Path;

use super::{of_file, Freeze, Readiness, OUT_OF_SCOPE};
use crate::ide::answers::{Hover, Lens};
use crate::ide::layout::FileKind;
use crate::ide::world::World;

/// `ready`, or `2 missing`.
pub fn verdict(readiness: &Readiness, freeze: Freeze) -> String {
    match readiness.missing(freeze).count() {
        0 => "ready".to_string(),
        n => format!("{n} missing"),
    }
}

/// `v1.37 · beta · PRR freeze: ready · Enhancements Freeze: 2 missing`.
pub fn summary(readiness: &Readiness) -> String {
    let stage = if readiness.stage.is_empty() { "no stage" } else { &readiness.stage };
    format!(
        "{} · {stage} · {}: {} · {}: {}",
        readiness.release,
        Freeze::Prr.label(),
        verdict(readiness, Freeze::Prr),
        Freeze::Enhancements.label(),
        verdict(readiness, Freeze::Enhancements)
    )
}

/// The lens on the first line of a kep.yaml that targets the upcoming release.
pub fn lens(world: &World, path: &Path) -> Option<Lens> {
    let file = world.file(path)?;
    if file.kind != FileKind::KepYaml {
        return None;
    }
    let readiness = of_file(world, path)?;
    Some(Lens { range: file.line_index().line_content(&file.text, 0), title: summary(&readiness) })
}

/// What is missing, one line each, as the lens's command shows it.
pub fn missing_list(readiness: &Readiness) -> String {
    let mut out = summary(readiness);
    for (check, missing) in readiness.missing(Freeze::Enhancements) {
        out.push_str(&format!("\n- [{}] {}", check.freeze.label(), missing.message));
    }
    out
}

/// The whole checklist in Markdown: each item ✓/✗, each missing thing with where to fix it.
pub fn checklist(readiness: &Readiness) -> String {
    let mut out = format!("**Release readiness for {}** ({})\n", readiness.release, summary(readiness));
    for freeze in [Freeze::Prr, Freeze::Enhancements] {
        out.push_str(&format!("\n**{}**\n\n", freeze.label()));
        for check in readiness.checks.iter().filter(|c| c.freeze == freeze) {
            out.push_str(&format!("- {} {}\n", if check.done() { "✓" } else { "✗" }, check.label));
            for missing in &check.missing {
                let file = missing.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                out.push_str(&format!("  - {} ({file})\n", missing.message));
            }
        }
    }
    out.push_str(&format!("\n_{OUT_OF_SCOPE}_\n"));
    out
}

/// The checklist, on `latest-milestone` of a kep.yaml that targets the upcoming release.
pub fn hover(world: &World, path: &Path, offset: usize) -> Option<Hover> {
    let file = world.file(path)?;
    if file.kind != FileKind::KepYaml {
        return None;
    }
    let entry = file.yaml()?.entry("latest-milestone")?;
    let range = entry.key.range.cover(entry.value.range);
    if !range.touches(offset) {
        return None;
    }
    let readiness = of_file(world, path)?;
    Some(Hover { contents: checklist(&readiness), range })
}
