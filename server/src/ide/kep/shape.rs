//! Walks a parsed KEP or PRR file against its schema, the way upstream's strict decoder reads it:
//! each map with the fields it may hold, and each value with the type its field expects.

use super::schema::{self, Field, FieldType};
use crate::ide::yaml::{Node, Value};

/// Calls `visit` for the root map and every nested map the schema describes (`milestone`,
/// each `feature-gates` item, each PRR stage), with the fields that map may hold.
pub fn for_each_map<'a>(root: &'a Node, fields: &'static [Field], visit: &mut dyn FnMut(&'a Node, &'static [Field])) {
    let Some(entries) = root.as_map() else { return };
    visit(root, fields);
    for entry in entries {
        let Some(field) = entry.key_str().and_then(|k| fields.iter().find(|f| f.key == k)) else { continue };
        match (field.ty, &entry.value.value) {
            (FieldType::MilestoneMap, Value::Map(_)) => for_each_map(&entry.value, schema::MILESTONE_FIELDS, visit),
            (FieldType::PrrStage, Value::Map(_)) => for_each_map(&entry.value, schema::PRR_STAGE_FIELDS, visit),
            (FieldType::FeatureGateList, Value::Seq(items)) => {
                for item in items {
                    for_each_map(item, schema::FEATURE_GATE_FIELDS, visit);
                }
            }
            _ => {}
        }
    }
}

/// Why a value does not decode into its field's type, and where: `None` when it does.
/// Null decodes into anything (it means "absent"); aliases are not expanded, so not judged.
pub fn type_error<'a>(field: &Field, value: &'a Node) -> Option<(&'a Node, String)> {
    if value.is_null() || matches!(value.value, Value::Alias) {
        return None;
    }
    let found = value.kind_name();
    let expected = field.ty.describe();
    let mismatch = || Some((value, format!("`{}` must be {expected}, found {found}", field.key)));
    match (field.ty, &value.value) {
        (FieldType::String, Value::Scalar(_)) => None,
        (FieldType::Bool, Value::Scalar(s)) => (!schema::is_accepted_bool(&s.text, s.is_quoted()))
            .then(|| (value, format!("`{}` must be true or false, found `{}`", field.key, s.text))),
        (FieldType::StringList, Value::Seq(items)) => items
            .iter()
            .find(|item| matches!(item.value, Value::Seq(_) | Value::Map(_)))
            .map(|item| (item, format!("items of `{}` must be strings, found {}", field.key, item.kind_name()))),
        (FieldType::FeatureGateList, Value::Seq(items)) => items
            .iter()
            .find(|item| !item.is_null() && !matches!(item.value, Value::Map(_) | Value::Alias))
            .map(|item| {
                (
                    item,
                    format!(
                        "items of `{}` must be maps with `name` and `components`, found {}",
                        field.key,
                        item.kind_name()
                    ),
                )
            }),
        (FieldType::MilestoneMap | FieldType::PrrStage, Value::Map(_)) => None,
        _ => mismatch(),
    }
}
