//! `kep-ls list --format yaml|markdown`: the rows as a YAML list (the JSON fields, every string
//! double-quoted so no value can change type or break the document) and as a Markdown table.

use serde_json::Value;

use crate::ide::kep::query::KepRow;

/// A YAML list of mappings with the fields of the JSON output.
pub fn yaml(rows: &[KepRow]) -> String {
    let mut out = String::new();
    if rows.is_empty() {
        return "[]\n".into();
    }
    for row in rows {
        let value = serde_json::to_value(row).unwrap_or(Value::Null);
        write_mapping(&mut out, &value, 0, true);
    }
    out
}

/// A string as a YAML double-quoted scalar: the JSON escapes are YAML's too.
fn scalar(value: &Value) -> String {
    match value {
        Value::String(text) => serde_json::to_string(text).unwrap_or_default(),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

/// Writes a mapping at `indent`; `item` starts it as a list item (`- `).
fn write_mapping(out: &mut String, value: &Value, indent: usize, item: bool) {
    let Value::Object(map) = value else { return };
    for (i, (key, value)) in map.iter().enumerate() {
        let lead = if item && i == 0 {
            format!("{}- ", " ".repeat(indent))
        } else {
            " ".repeat(indent + 2 * usize::from(item))
        };
        let inner = indent + 2 * usize::from(item) + 2;
        match value {
            Value::Array(items) if items.is_empty() => out.push_str(&format!("{lead}{key}: []\n")),
            Value::Array(items) => {
                out.push_str(&format!("{lead}{key}:\n"));
                for item in items {
                    out.push_str(&format!("{}- {}\n", " ".repeat(inner), scalar(item)));
                }
            }
            Value::Object(inner_map) if inner_map.is_empty() => out.push_str(&format!("{lead}{key}: {{}}\n")),
            Value::Object(_) => {
                out.push_str(&format!("{lead}{key}:\n"));
                write_mapping(out, value, inner, false);
            }
            scalar_value => out.push_str(&format!("{lead}{key}: {}\n", scalar(scalar_value))),
        }
    }
}

/// A Markdown table: number, title, SIG, status, stage, latest milestone, authors, path.
pub fn markdown(rows: &[KepRow]) -> String {
    let cell = |text: &str| text.replace('\\', "\\\\").replace('|', "\\|").replace(['\n', '\r'], " ");
    let mut out = String::from(
        "| KEP | Title | SIG | Status | Stage | Latest | Authors | Path |\n|---|---|---|---|---|---|---|---|\n",
    );
    for row in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
            cell(&row.number),
            cell(&row.title),
            cell(&row.owning_sig),
            cell(&row.status),
            cell(&row.stage),
            cell(&row.latest_milestone),
            cell(&row.authors.join(", ")),
            cell(&row.path)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;

    fn row() -> KepRow {
        let mut row = KepRow {
            number: "12".into(),
            title: "A: \"quoted\" | piped\ntitle".into(),
            authors: vec!["@a".into()],
            path: "keps/sig-node/12-x".into(),
            ..KepRow::default()
        };
        row.milestones.insert("beta".into(), "v1.34".into());
        row
    }

    #[test]
    fn yaml_is_valid_and_keeps_strings_strings() {
        let text = yaml(&[row(), row()]);
        // Keys in alphabetical order (serde_json's map), every string quoted.
        assert!(text.starts_with("- alpha: \"\"\n  approvers: []\n"), "{text}");
        expect![[r#"
            - alpha: ""
              approvers: []
              authors:
                - "@a"
              beta: ""
              created: ""
              latest_milestone: ""
              milestones:
                beta: "v1.34"
              number: "12"
              owning_sig: ""
              participating_sigs: []
              path: "keps/sig-node/12-x"
              prr_approvers: {}
              references:
                replaces: []
                see_also: []
                superseded_by: []
              reviewers: []
              stable: ""
              stage: ""
              status: ""
              title: "A: \"quoted\" | piped\ntitle"
              updated: ""
            - alpha: ""
              approvers: []
              authors:
                - "@a"
              beta: ""
              created: ""
              latest_milestone: ""
              milestones:
                beta: "v1.34"
              number: "12"
              owning_sig: ""
              participating_sigs: []
              path: "keps/sig-node/12-x"
              prr_approvers: {}
              references:
                replaces: []
                see_also: []
                superseded_by: []
              reviewers: []
              stable: ""
              stage: ""
              status: ""
              title: "A: \"quoted\" | piped\ntitle"
              updated: ""
        "#]]
        .assert_eq(&text);
        assert_eq!(text.matches("\n- alpha").count(), 1, "{text}");
        assert_eq!(yaml(&[]), "[]\n");
    }

    #[test]
    fn markdown_escapes_pipes_and_newlines() {
        let text = markdown(&[row()]);
        assert!(text.lines().nth(2).unwrap().starts_with("| 12 | A: \"quoted\" \\| piped title | "), "{text}");
    }
}
