//! The Markdown that completion items and hovers show for keys and values, built from the schema
//! (`kep::schema`), the single source of the KEP format's documentation.

use super::context::Seg;
use crate::ide::groups::Group;
use crate::ide::kep::schema::{self, Field, FieldType};
use crate::ide::layout::FileKind;

/// The fields of the map at `path` in a file of `kind`, if the format defines that map.
pub fn fields_at(kind: FileKind, path: &[Seg]) -> Option<&'static [Field]> {
    let keys: Vec<&str> = path
        .iter()
        .map(|s| match s {
            Seg::Key(k) => k.as_str(),
            Seg::Item => "[]",
        })
        .collect();
    match (kind, keys.as_slice()) {
        (FileKind::KepYaml, []) => Some(schema::KEP_FIELDS),
        (FileKind::KepYaml, ["milestone"]) => Some(schema::MILESTONE_FIELDS),
        (FileKind::KepYaml, ["feature-gates", "[]"]) => Some(schema::FEATURE_GATE_FIELDS),
        (FileKind::Prr, []) => Some(schema::PRR_FIELDS),
        (FileKind::Prr, [stage]) if schema::is_stage(stage) => Some(schema::PRR_STAGE_FIELDS),
        _ => None,
    }
}

/// The allowed values of a field, with their meanings, when the format fixes them.
pub fn allowed_values(field: &Field, in_map: &[Seg]) -> Option<&'static [(&'static str, &'static str)]> {
    const BOOLS: &[(&str, &str)] = &[("true", "It can be disabled."), ("false", "It cannot be disabled.")];
    match (field.key, field.ty) {
        ("status", _) if in_map.is_empty() => Some(schema::STATUSES),
        ("stage", _) if in_map.is_empty() => Some(schema::STAGES),
        (_, FieldType::Bool) => Some(BOOLS),
        _ => None,
    }
}

/// A key's documentation: what it means, whether it is required, its type and values, an example.
pub fn field(field: &Field, in_map: &[Seg]) -> String {
    let required = if field.required { "required" } else { "optional" };
    let mut out = format!("**`{}`** · {required} · {}\n\n{}", field.key, field.ty.describe(), field.doc);
    if field.undocumented {
        out.push_str(" It is not in the KEP template.");
    }
    if let Some(values) = allowed_values(field, in_map) {
        let list: Vec<String> = values.iter().map(|(v, _)| format!("`{v}`")).collect();
        out.push_str(&format!("\n\nAllowed values: {}.", list.join(", ")));
    }
    if field.ty == FieldType::MilestoneMap {
        let keys: Vec<String> = schema::MILESTONE_FIELDS.iter().map(|f| format!("`{}`", f.key)).collect();
        out.push_str(&format!("\n\nKeys: {}.", keys.join(", ")));
    }
    if !field.example.is_empty() {
        out.push_str(&format!("\n\nExample:\n```yaml\n{}\n```", field.example));
    }
    out
}

/// A status or stage value's meaning.
pub fn value(key: &str, value: &str, meaning: &str) -> String {
    format!("**`{key}: {value}`**\n\n{meaning}")
}

pub fn group(group: &Group) -> String {
    format!("**{}** ({})\n\n`{}` in kubernetes/community's sigs.yaml.", group.name, group.kind.label(), group.dir)
}

pub const KUBERNETES_WIDE_DOC: &str =
    "**`kubernetes-wide`**\n\nThe KEP changes the whole project: every group takes part.";
