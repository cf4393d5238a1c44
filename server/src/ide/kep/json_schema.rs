//! A JSON Schema (draft-07) for `kep.yaml`, built from [`super::schema`], for users of
//! yaml-language-server; the committed copy is `editors/schema/kep.schema.json`.
//!
//! It follows upstream's decoder as `shape.rs` does: any scalar decodes into a string field and null
//! into anything (it means absent); required strings must be non-empty and required lists present.
//! JSON Schema has no severities, so `status`/`stage` enums, which kep-ls only warns about, become
//! errors in a schema-based server.

use serde_json::{json, Map, Value};

use super::schema::{self, Field, FieldType};

/// Where the committed schema lives, relative to the repository root.
pub const PATH: &str = "editors/schema/kep.schema.json";

/// The schema as the committed file holds it: pretty JSON with a final newline.
pub fn kep_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&kep_schema()).unwrap_or_default();
    text.push('\n');
    text
}

pub fn kep_schema() -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$comment": "Generated from server/src/ide/kep/schema.rs by kep-ls (UPDATE_EXPECT=1 cargo test kep_schema_file_is_current); do not edit by hand.",
        "title": "kep.yaml",
        "description": "The metadata of a Kubernetes Enhancement Proposal, as upstream's hack/verify-kep-metadata.sh decodes it (unknown keys are rejected).",
        "type": "object",
        "properties": properties(schema::KEP_FIELDS),
        "required": required(schema::KEP_FIELDS),
        "additionalProperties": false,
    })
}

fn properties(fields: &[Field]) -> Value {
    let map: Map<String, Value> = fields.iter().map(|f| (f.key.to_string(), property(f))).collect();
    Value::Object(map)
}

fn required(fields: &[Field]) -> Value {
    fields.iter().filter(|f| f.required).map(|f| f.key).collect()
}

/// The JSON types of a YAML scalar (what upstream decodes into a Go string); null only where optional.
fn scalar_types(required: bool) -> Value {
    if required {
        json!(["string", "number", "boolean"])
    } else {
        json!(["string", "number", "boolean", "null"])
    }
}

fn property(field: &Field) -> Value {
    let mut value = match (field.key, field.ty) {
        ("status", _) => enumeration(schema::STATUSES, field.required),
        ("stage", _) => enumeration(schema::STAGES, field.required),
        (_, FieldType::String) if field.required => json!({ "type": scalar_types(true), "minLength": 1 }),
        (_, FieldType::String) => json!({ "type": scalar_types(false) }),
        (_, FieldType::StringList) => json!({
            "type": if field.required { json!("array") } else { json!(["array", "null"]) },
            "items": { "type": scalar_types(false) },
        }),
        (_, FieldType::Bool) => {
            // yaml.v3 reads YAML 1.1 spellings into a typed bool; a YAML 1.2 parser sees them as strings.
            let mut accepted = vec![json!(true), json!(false), Value::Null];
            accepted.extend(schema::YAML11_BOOLS.iter().map(|s| json!(s)));
            json!({ "enum": accepted })
        }
        (_, FieldType::MilestoneMap) => nested_map(schema::MILESTONE_FIELDS),
        (_, FieldType::FeatureGateList) => json!({
            "type": ["array", "null"],
            "items": {
                "anyOf": [nested_map(schema::FEATURE_GATE_FIELDS), { "type": "null" }],
            },
        }),
        (_, FieldType::PrrStage) => nested_map(schema::PRR_STAGE_FIELDS),
    };
    let object = value.as_object_mut().expect("every property is an object");
    object.insert("description".into(), json!(field.doc));
    let mut markdown = field.doc.to_string();
    if !field.example.is_empty() {
        markdown.push_str(&format!("\n\n```yaml\n{}\n```", field.example));
    }
    object.insert("markdownDescription".into(), json!(markdown));
    if field.undocumented {
        // Accepted by upstream but not part of the template: valid, never offered.
        object.insert("doNotSuggest".into(), json!(true));
    }
    value
}

/// A map of known keys only (null allowed: it decodes as absent).
fn nested_map(fields: &[Field]) -> Value {
    let mut map = json!({
        "type": ["object", "null"],
        "properties": properties(fields),
        "additionalProperties": false,
    });
    let required = required(fields);
    if required.as_array().is_some_and(|r| !r.is_empty()) {
        map["required"] = required;
    }
    map
}

/// One of the given words, each with its meaning for completion (`markdownEnumDescriptions` is
/// read by yaml-language-server and VS Code); null too where the key is optional.
fn enumeration(words: &[(&str, &str)], required: bool) -> Value {
    let mut values: Vec<Value> = words.iter().map(|(w, _)| json!(w)).collect();
    let mut docs: Vec<Value> = words.iter().map(|(_, d)| json!(d)).collect();
    if !required {
        values.push(Value::Null);
        docs.push(json!("Not set."));
    }
    json!({ "enum": values, "markdownEnumDescriptions": docs })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed schema is the generated one; `UPDATE_EXPECT=1` rewrites it.
    #[test]
    fn kep_schema_file_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(PATH);
        let expected = kep_schema_text();
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != expected && std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &expected).unwrap();
            return;
        }
        assert!(
            committed == expected,
            "{PATH} is stale: run `UPDATE_EXPECT=1 cargo test -j 2 kep_schema_file_is_current`"
        );
    }

    #[test]
    fn every_key_of_the_schema_is_a_property_and_the_required_ones_are_required() {
        let schema = kep_schema();
        for field in schema::KEP_FIELDS {
            assert!(schema["properties"][field.key].is_object(), "{}", field.key);
            let listed = schema["required"].as_array().unwrap().contains(&json!(field.key));
            assert_eq!(listed, field.required, "{}", field.key);
        }
        assert_eq!(schema["properties"].as_object().unwrap().len(), schema::KEP_FIELDS.len());
        assert_eq!(schema["additionalProperties"], json!(false));
    }

    #[test]
    fn statuses_stages_and_nested_maps_are_closed() {
        let schema = kep_schema();
        let props = &schema["properties"];
        assert_eq!(props["status"]["enum"].as_array().unwrap().len(), 7, "required: no null");
        assert_eq!(props["stage"]["enum"].as_array().unwrap().len(), 7, "six stages and null");
        assert!(props["stage"]["enum"].as_array().unwrap().contains(&json!("deprecated")));
        assert_eq!(props["milestone"]["additionalProperties"], json!(false));
        assert!(props["milestone"]["properties"]["removed"].is_object());
        let gate = &props["feature-gates"]["items"]["anyOf"][0];
        assert_eq!(gate["additionalProperties"], json!(false));
        assert_eq!(gate["properties"]["components"]["type"], json!(["array", "null"]));
    }

    #[test]
    fn a_required_string_must_be_a_non_empty_scalar_and_booleans_follow_yaml_v3() {
        let props = &kep_schema()["properties"];
        assert_eq!(props["title"]["minLength"], json!(1));
        assert!(!props["title"]["type"].as_array().unwrap().contains(&json!("null")));
        assert!(props["editor"]["type"].as_array().unwrap().contains(&json!("null")));
        let bools = props["disable-supported"]["enum"].as_array().unwrap();
        assert!(bools.contains(&json!(true)) && bools.contains(&json!("yes")) && !bools.contains(&json!("true")));
    }
}
