//! Completion in kep.yaml and PRR files: keys not yet present (in template order, with snippets for
//! `milestone`, a `feature-gates` item and a whole new file), status and stage values, groups,
//! releases, people, PRR approvers, booleans and feature-gate components. The place comes from
//! [`context::at`], so it works on half-typed YAML.

use std::cell::Cell;
use std::path::Path;

use super::context::{self, CursorContext, Seg, Slot};
use super::docs;
use super::groups::KUBERNETES_WIDE;
use crate::ide::answers::{CompletionItem, CompletionKind, CompletionList};
use crate::ide::groups::Group;
use crate::ide::kep::schema::{self, Field, FieldType};
use crate::ide::kep::usage::{self, Release};
use crate::ide::layout::{self, FileKind};
use crate::ide::owners;
use crate::ide::world::{SourceFile, World};

/// At most this many people are offered at once; the list is then marked incomplete and the
/// client asks again as the user types (on the real corpus, 690 handles would be ~170 KB of JSON).
const PEOPLE_LIMIT: usize = 100;

/// What the completion of one file at one place reads.
struct Env<'a> {
    world: &'a World,
    file: &'a SourceFile,
    groups: &'a [Group],
    root: &'a Path,
    /// Set when a list was cut short.
    truncated: Cell<bool>,
}

pub fn completion(world: &World, file: &SourceFile, offset: usize) -> CompletionList {
    let groups = &world.groups().groups;
    if !matches!(file.kind, FileKind::KepYaml | FileKind::Prr) {
        return CompletionList::default();
    }
    let Some(place) = &file.place else { return CompletionList::default() };
    let Some(cx) = context::at(&file.text, offset) else { return CompletionList::default() };
    let env = Env { world, file, groups, root: &place.root, truncated: Cell::new(false) };
    let items = items_at(&env, &cx);
    CompletionList { items, incomplete: env.truncated.get() }
}

fn items_at(env: &Env, cx: &CursorContext) -> Vec<CompletionItem> {
    let file = env.file;
    match &cx.slot {
        Slot::Key => match list_at(file.kind, &cx.path) {
            // An empty line below a list: a new item, `- ` included.
            Some(FieldType::FeatureGateList) => feature_gate_item(env, cx, "- "),
            Some(_) => items(env, cx, "- "),
            None => keys(env, cx),
        },
        Slot::Value { key } => values(env, cx, key),
        Slot::Item if cx.path_is(&["feature-gates"]) && file.kind == FileKind::KepYaml => {
            feature_gate_item(env, cx, "")
        }
        Slot::Item => items(env, cx, ""),
    }
}

/// The type of the list field `path` names, when it names one.
fn list_at(kind: FileKind, path: &[Seg]) -> Option<FieldType> {
    let (Seg::Key(key), parent) = path.split_last()? else { return None };
    let field = docs::fields_at(kind, parent)?.iter().find(|f| f.key == key)?;
    matches!(field.ty, FieldType::StringList | FieldType::FeatureGateList).then_some(field.ty)
}

fn space(cx: &CursorContext) -> &'static str {
    if cx.needs_space {
        " "
    } else {
        ""
    }
}

// ------------------------------------------------------------------------------------------------ keys

fn keys(env: &Env, cx: &CursorContext) -> Vec<CompletionItem> {
    let kind = env.file.kind;
    let Some(fields) = docs::fields_at(kind, &cx.path) else { return Vec::new() };
    let mut out = Vec::new();
    let at_root = cx.path.is_empty();
    if at_root && cx.file_is_empty && !cx.has_colon {
        out.push(skeleton(env, cx));
    }
    for (rank, field) in fields.iter().enumerate() {
        if field.undocumented || cx.siblings.iter().any(|s| s == field.key) {
            continue;
        }
        out.push(key_item(cx, field, rank, ""));
        if cx.has_colon || !at_root || kind != FileKind::KepYaml {
            continue;
        }
        match field.ty {
            FieldType::MilestoneMap => out.push(milestone_snippet(env, cx, rank)),
            FieldType::FeatureGateList => out.push(feature_gates_snippet(env, cx, rank)),
            _ => {}
        }
    }
    out
}

/// `key: `, or the start of its block (`key:\n  - `), or just the name when a `:` follows.
fn key_item(cx: &CursorContext, field: &Field, rank: usize, prefix: &str) -> CompletionItem {
    let pad = " ".repeat(cx.column + 2);
    let key = field.key;
    let insert = if cx.has_colon {
        key.to_string()
    } else {
        match field.ty {
            FieldType::String | FieldType::Bool => format!("{key}: "),
            FieldType::StringList => format!("{key}:\n{pad}- "),
            FieldType::MilestoneMap => format!("{key}:\n{pad}"),
            FieldType::FeatureGateList => format!("{key}:\n{pad}- name: "),
            FieldType::PrrStage => format!("{key}:\n{pad}approver: "),
        }
    };
    let required = if field.required { ", required" } else { "" };
    CompletionItem {
        label: key.to_string(),
        kind: CompletionKind::Key,
        detail: Some(format!("{}{required}", field.ty.describe())),
        documentation: Some(docs::field(field, &cx.path)),
        edit_range: cx.range,
        insert_text: format!("{}{prefix}{insert}", space(cx)),
        snippet: false,
        sort_text: Some(format!("{rank:03}")),
        filter_text: None,
    }
}

fn snippet_item(cx: &CursorContext, label: &str, detail: &str, body: String, sort: String) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: CompletionKind::Snippet,
        detail: Some(detail.to_string()),
        documentation: Some(format!("```yaml\n{}\n```", plain_preview(&body))),
        edit_range: cx.range,
        insert_text: format!("{}{body}", space(cx)),
        snippet: true,
        sort_text: Some(sort),
        filter_text: Some(label.split(' ').next().unwrap_or(label).to_string()),
    }
}

/// A snippet as the text it inserts when every placeholder keeps its default.
fn plain_preview(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(inner) = rest.strip_prefix('{') {
            let end = inner.find('}').unwrap_or(inner.len());
            let spec = &inner[..end];
            let shown = match spec.split_once(':') {
                Some((_, default)) => default.to_string(),
                None => match spec.split_once('|') {
                    Some((_, choices)) => choices.split(',').next().unwrap_or_default().to_string(),
                    None => String::new(),
                },
            };
            out.push_str(&shown.replace("\\$", "$").replace("\\}", "}"));
            rest = inner.get(end + 1..).unwrap_or("");
        } else {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        }
    }
    out.push_str(rest);
    out
}

/// Escapes text for a snippet placeholder.
fn esc(text: &str) -> String {
    text.replace('\\', "\\\\").replace('$', "\\$").replace('}', "\\}")
}

/// A placeholder holding the first usable value (the most used one: callers pass values best first).
/// Not a `${n|a,b|}` choice: Neovim's snippet engine leaves a choice empty until it is visited, so a
/// skipped one left `status: ` blank; the values are listed by completion at that place anyway.
fn first_of(n: usize, values: &[&str], fallback: &str) -> String {
    let usable = values.iter().copied().find(|v| !v.is_empty() && !v.contains('\n'));
    format!("${{{n}:{}}}", esc(usable.unwrap_or(fallback)))
}

fn current_release(env: &Env) -> Option<Release> {
    usage::current_release(env.world, env.root, &env.file.path)
}

fn release_or(release: Option<Release>, fallback: &str) -> String {
    release.map_or_else(|| fallback.to_string(), |r| r.to_string())
}

fn milestone_snippet(env: &Env, cx: &CursorContext, rank: usize) -> CompletionItem {
    let current = current_release(env);
    let pad = " ".repeat(cx.column + 2);
    let body = format!(
        "milestone:\n{pad}alpha: \"${{1:{}}}\"\n{pad}beta: \"${{2:{}}}\"\n{pad}stable: \"${{3:{}}}\"",
        release_or(current, "v1.XX"),
        release_or(current.map(Release::next), "v1.XX"),
        release_or(current.map(|r| r.next().next()), "v1.XX"),
    );
    snippet_item(cx, "milestone (alpha, beta, stable)", "milestone map", body, format!("{rank:03}b"))
}

fn top_components(env: &Env, n: usize) -> Vec<String> {
    let mut names: Vec<String> =
        usage::components(env.world, env.root, &env.file.path).into_iter().take(n).map(|(c, _)| c).collect();
    if names.is_empty() {
        names = vec!["kube-apiserver".into(), "kubelet".into(), "kube-controller-manager".into()];
    }
    names
}

fn feature_gates_snippet(env: &Env, cx: &CursorContext, rank: usize) -> CompletionItem {
    let components = top_components(env, 5);
    let choices: Vec<&str> = components.iter().map(String::as_str).collect();
    let pad = " ".repeat(cx.column + 2);
    let body = format!(
        "feature-gates:\n{pad}- name: ${{1:FeatureGateName}}\n{pad}  components:\n{pad}    - {}",
        first_of(2, &choices, "kube-apiserver")
    );
    snippet_item(
        cx,
        "feature-gates (name, components)",
        "a feature gate and its components",
        body,
        format!("{rank:03}b"),
    )
}

/// Inside `feature-gates`: the keys of an item, and a snippet for a whole item.
fn feature_gate_item(env: &Env, cx: &CursorContext, prefix: &str) -> Vec<CompletionItem> {
    // On an empty line below the list the item starts at the cursor, its keys two columns in.
    let mut item_cx = cx.clone();
    item_cx.path.push(Seg::Item);
    if !prefix.is_empty() {
        item_cx.column = cx.column + 2;
    }
    item_cx.siblings.clear();
    let mut out: Vec<CompletionItem> = schema::FEATURE_GATE_FIELDS
        .iter()
        .enumerate()
        .map(|(rank, field)| key_item(&item_cx, field, rank, prefix))
        .collect();
    let components = top_components(env, 5);
    let choices: Vec<&str> = components.iter().map(String::as_str).collect();
    let pad = " ".repeat(item_cx.column);
    let body = format!(
        "{prefix}name: ${{1:FeatureGateName}}\n{pad}components:\n{pad}  - {}",
        first_of(2, &choices, "kube-apiserver")
    );
    out.push(snippet_item(cx, "feature gate (name, components)", "a feature-gates item", body, "000b".into()));
    out
}

/// A whole kep.yaml for an empty file: every required key and the template's keys, with
/// placeholders (number and SIG from the file's place, releases from the workspace).
fn skeleton(env: &Env, cx: &CursorContext) -> CompletionItem {
    if env.file.kind == FileKind::Prr {
        let number = env.file.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let body = format!("kep-number: ${{1:{}}}\n${{2:alpha}}:\n  approver: \"${{3:@}}\"\n$0", esc(&number));
        return snippet_item(cx, "PRR approval file", "kep-number and one stage's approver", body, "!".into());
    }
    let place = env.file.place.as_ref();
    let parts = place.map(|p| p.parts()).unwrap_or_default();
    let number = parts
        .len()
        .checked_sub(2)
        .and_then(|i| parts.get(i))
        .and_then(|dir| layout::dir_number(dir))
        .map_or_else(|| "NNNN".to_string(), |n| n.to_string());
    let sig = parts.first().filter(|p| parts.len() > 2 && **p != layout::PRR_DIR).copied().unwrap_or("sig-");
    let current = current_release(env);
    let statuses: Vec<&str> = schema::STATUSES.iter().map(|(s, _)| *s).collect();
    let components = top_components(env, 5);
    let component_choices: Vec<&str> = components.iter().map(String::as_str).collect();
    let body = format!(
        "title: ${{1:Title}}\n\
         kep-number: ${{2:{number}}}\n\
         authors:\n  - \"${{3:@}}\"\n\
         owning-sig: ${{4:{sig}}}\n\
         participating-sigs: []\n\
         status: {status}\n\
         creation-date: ${{6:yyyy-mm-dd}}\n\
         reviewers:\n  - TBD\n\
         approvers:\n  - TBD\n\
         see-also: []\n\
         replaces: []\n\
         stage: ${{7:alpha}}\n\
         latest-milestone: \"${{8:{release}}}\"\n\
         milestone:\n  alpha: \"${{9:{release}}}\"\n\
         feature-gates:\n  - name: ${{10:FeatureGateName}}\n    components:\n      - {component}\n\
         disable-supported: ${{12:true}}\n\
         metrics:\n  - ${{13:metric_name}}\n$0",
        number = esc(&number),
        sig = esc(sig),
        status = first_of(5, &statuses, "provisional"),
        release = release_or(current, "v1.XX"),
        component = first_of(11, &component_choices, "kube-apiserver"),
    );
    snippet_item(cx, "kep.yaml skeleton", "every required key and the template's keys", body, "!".into())
}

// ---------------------------------------------------------------------------------------------- values

fn values(env: &Env, cx: &CursorContext, key: &str) -> Vec<CompletionItem> {
    let kind = env.file.kind;
    match (kind, cx.keys().as_slice(), key) {
        (FileKind::KepYaml, [], "status") => described(cx, "status", schema::STATUSES),
        (FileKind::KepYaml, [], "stage") => described(cx, "stage", schema::STAGES),
        (FileKind::KepYaml, [], "owning-sig") => group_items(env, cx, false, ""),
        (FileKind::KepYaml, [], "latest-milestone") | (FileKind::KepYaml, ["milestone"], _) => release_items(env, cx),
        (FileKind::KepYaml, [], "disable-supported") => {
            let field = schema::kep_field("disable-supported");
            let values = field.and_then(|f| docs::allowed_values(f, &[])).unwrap_or_default();
            described(cx, "disable-supported", values)
        }
        (FileKind::KepYaml, [], "kep-number") => {
            let dir = env.file.place.as_ref().map(|p| p.dir_rel().rsplit('/').next().unwrap_or_default().to_string());
            let number = dir.as_deref().and_then(layout::dir_number);
            number.map_or_else(Vec::new, |n| {
                vec![value_item(
                    cx,
                    &n.to_string(),
                    CompletionKind::Value,
                    Some("the directory's number"),
                    None,
                    None,
                    0,
                )]
            })
        }
        (FileKind::Prr, [], "kep-number") => {
            let stem = env.file.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            if stem.is_empty() || !stem.bytes().all(|b| b.is_ascii_digit()) {
                return Vec::new();
            }
            vec![value_item(cx, &stem, CompletionKind::Value, Some("the file's name"), None, None, 0)]
        }
        (FileKind::Prr, [stage], "approver") if schema::is_stage(stage) => prr_approvers(env, cx),
        _ => Vec::new(),
    }
}

/// A value item: the label, with the quote typed (or `default_quote`) on both sides.
fn value_item(
    cx: &CursorContext,
    label: &str,
    kind: CompletionKind,
    detail: Option<&str>,
    documentation: Option<String>,
    default_quote: Option<char>,
    rank: usize,
) -> CompletionItem {
    item_with_prefix(cx, label, kind, detail, documentation, default_quote, rank, "")
}

#[allow(clippy::too_many_arguments)]
fn item_with_prefix(
    cx: &CursorContext,
    label: &str,
    kind: CompletionKind,
    detail: Option<&str>,
    documentation: Option<String>,
    default_quote: Option<char>,
    rank: usize,
    prefix: &str,
) -> CompletionItem {
    let quote = cx.quote.or(default_quote).map(String::from).unwrap_or_default();
    CompletionItem {
        label: label.to_string(),
        kind,
        detail: detail.map(str::to_string),
        documentation,
        edit_range: cx.range,
        insert_text: format!("{}{prefix}{quote}{label}{quote}", space(cx)),
        snippet: false,
        sort_text: Some(format!("{rank:05}")),
        // What the user typed starts with the quote: the filter must too, or nothing would match.
        filter_text: cx.quote.map(|q| format!("{q}{label}")),
    }
}

/// The first clause of a meaning, for the detail column.
fn headline(meaning: &str) -> &str {
    let end = meaning.find([':', '.', ';']).unwrap_or(meaning.len());
    &meaning[..end]
}

fn described(cx: &CursorContext, key: &str, values: &[(&str, &str)]) -> Vec<CompletionItem> {
    values
        .iter()
        .enumerate()
        .map(|(rank, (value, meaning))| {
            let doc = docs::value(key, value, meaning);
            value_item(cx, value, CompletionKind::Value, Some(headline(meaning)), Some(doc), None, rank)
        })
        .collect()
}

fn group_items(env: &Env, cx: &CursorContext, participating: bool, prefix: &str) -> Vec<CompletionItem> {
    let listed = already_listed(env.file, cx);
    let mut groups: Vec<&Group> = env.groups.iter().filter(|g| !listed.contains(&g.dir)).collect();
    groups.sort_by(|a, b| a.dir.cmp(&b.dir));
    let mut out: Vec<CompletionItem> = groups
        .iter()
        .enumerate()
        .map(|(rank, g)| {
            let detail = format!("{} ({})", g.name, g.kind.label());
            item_with_prefix(cx, &g.dir, CompletionKind::Group, Some(&detail), Some(docs::group(g)), None, rank, prefix)
        })
        .collect();
    if participating && !listed.iter().any(|l| l == KUBERNETES_WIDE) {
        let doc = Some(docs::KUBERNETES_WIDE_DOC.to_string());
        out.push(item_with_prefix(
            cx,
            KUBERNETES_WIDE,
            CompletionKind::Group,
            Some("the whole project"),
            doc,
            None,
            out.len(),
            prefix,
        ));
    }
    out
}

fn release_items(env: &Env, cx: &CursorContext) -> Vec<CompletionItem> {
    let Some(current) = current_release(env) else { return Vec::new() };
    usage::releases_around(current)
        .into_iter()
        .enumerate()
        .map(|(rank, release)| {
            let detail = match release.cmp(&current) {
                std::cmp::Ordering::Equal => "the newest latest-milestone of the workspace",
                std::cmp::Ordering::Greater => "a coming release",
                std::cmp::Ordering::Less => "an earlier release",
            };
            value_item(cx, &release.to_string(), CompletionKind::Milestone, Some(detail), None, Some('"'), rank)
        })
        .collect()
}

fn prr_approvers(env: &Env, cx: &CursorContext) -> Vec<CompletionItem> {
    let Some(aliases) = env.world.owners_aliases(env.root) else { return Vec::new() };
    let current = aliases.members(owners::PRR_APPROVERS).iter().map(|m| (m, "PRR approver"));
    let emeritus = aliases.members(owners::PRR_APPROVERS_EMERITUS).iter().map(|m| (m, "PRR approver (emeritus)"));
    current
        .chain(emeritus)
        .enumerate()
        .map(|(rank, (member, detail))| {
            let handle = format!("@{}", member.trim_start_matches('@'));
            value_item(cx, &handle, CompletionKind::Person, Some(detail), None, Some('"'), rank)
        })
        .collect()
}

// ----------------------------------------------------------------------------------------------- items

fn items(env: &Env, cx: &CursorContext, prefix: &str) -> Vec<CompletionItem> {
    if env.file.kind != FileKind::KepYaml {
        return Vec::new();
    }
    match cx.keys().as_slice() {
        [list @ ("authors" | "reviewers" | "approvers")] => people_items(env, cx, list, prefix),
        ["participating-sigs"] => group_items(env, cx, true, prefix),
        ["feature-gates", "components"] if cx.path_is(&["feature-gates", "[]", "components"]) => {
            component_items(env, cx, prefix)
        }
        _ => Vec::new(),
    }
}

/// The entries of the list under the cursor, except the one being typed.
fn already_listed(file: &SourceFile, cx: &CursorContext) -> Vec<String> {
    let keys = cx.keys();
    let (Some(yaml), [key]) = (file.yaml(), keys.as_slice()) else { return Vec::new() };
    if !matches!(cx.slot, Slot::Item | Slot::Key) {
        return Vec::new();
    }
    yaml.strings(key)
        .into_iter()
        .filter(|s| !(s.range.start <= cx.range.end && cx.range.start <= s.range.end))
        .map(|s| s.text.trim().to_ascii_lowercase())
        .collect()
}

/// Whether the letters of `typed` appear in `name` in order (case-insensitive): at least as lenient
/// as the fuzzy filters of editors, so the server never hides what the editor would show.
fn matches_typed(name: &str, typed: &str) -> bool {
    let mut letters = name.chars().map(|c| c.to_ascii_lowercase());
    typed.chars().all(|t| letters.any(|c| c == t.to_ascii_lowercase()))
}

fn people_items(env: &Env, cx: &CursorContext, list: &str, prefix: &str) -> Vec<CompletionItem> {
    let owning_sig = env.file.yaml().and_then(|y| y.string("owning-sig")).map(|s| s.text);
    let listed = already_listed(env.file, cx);
    let typed = env.file.text.get(cx.range.start..cx.range.end).unwrap_or_default();
    let typed = typed.trim_matches(['"', '\'']).trim_start_matches('@');
    let ranking = usage::people(env.world, env.root, &env.file.path, owning_sig);
    let mut people: Vec<usage::Person> = ranking
        .people()
        .filter(|p| !listed.iter().any(|l| l.eq_ignore_ascii_case(p.handle)))
        .filter(|p| matches_typed(p.handle.trim_start_matches('@'), typed))
        .take(PEOPLE_LIMIT + 1)
        .collect();
    if people.len() > PEOPLE_LIMIT {
        people.truncate(PEOPLE_LIMIT);
        env.truncated.set(true);
    }
    let mut out: Vec<CompletionItem> = people
        .into_iter()
        .enumerate()
        .map(|(rank, p)| {
            let detail = match owning_sig {
                Some(sig) if p.in_sig > 0 => format!("{} in {sig} KEPs, {} in all", p.in_sig, p.total),
                _ => format!("{} in all KEPs", p.total),
            };
            item_with_prefix(cx, p.handle, CompletionKind::Person, Some(&detail), None, Some('"'), rank, prefix)
        })
        .collect();
    if list != "authors" {
        let rank = out.len();
        let detail = Some("not known yet");
        out.push(item_with_prefix(cx, "TBD", CompletionKind::Person, detail, None, None, rank, prefix));
    }
    out
}

fn component_items(env: &Env, cx: &CursorContext, prefix: &str) -> Vec<CompletionItem> {
    usage::components(env.world, env.root, &env.file.path)
        .into_iter()
        .enumerate()
        .map(|(rank, (name, uses))| {
            let detail = format!("in {uses} feature gates");
            item_with_prefix(cx, &name, CompletionKind::Value, Some(&detail), None, None, rank, prefix)
        })
        .collect()
}
