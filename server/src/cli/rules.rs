//! `kep-ls rules`: the rule list, generated from the rules' own docs (the README's table is this
//! output, checked by a test).

use crate::ide::rules::{self, Rule};

/// The Markdown table of every rule.
pub fn table() -> String {
    let mut out = String::from("| code | severity | CI | applies to | what it reports |\n|---|---|---|---|---|\n");
    for rule in rules::ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            rule.code,
            rule.severity.label(),
            if rule.ci { "yes" } else { "" },
            rule.scope.label(),
            rule.summary.replace('|', "\\|")
        ));
    }
    out
}

/// One rule's documentation, as hover and `kep-ls rules CODE` show it.
pub fn doc(rule: &Rule) -> String {
    rule.doc()
}

/// Prints the table, or one rule's doc; exit code 2 for an unknown rule.
pub fn run(code: Option<&str>) -> i32 {
    match code {
        None => match super::output::emit("rules", &table()) {
            Ok(()) => 0,
            Err(code) => code,
        },
        Some(code) => match rules::lookup(code) {
            Some(rule) => match super::output::emit("rules", &doc(rule)) {
                Ok(()) => 0,
                Err(code) => code,
            },
            None => {
                eprintln!("kep-ls rules: no rule `{}` (run `kep-ls rules` for the list)", super::output::escape(code));
                2
            }
        },
    }
}

#[cfg(test)]
mod tests {
    /// The README's rule table is this generator's output: it cannot go stale.
    #[test]
    fn the_readme_lists_every_rule() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
        let readme = std::fs::read_to_string(&path).unwrap();
        let (start, end) = ("<!-- rules -->\n", "<!-- /rules -->");
        let from = readme.find(start).expect("rules start marker") + start.len();
        let to = readme.find(end).expect("rules end marker");
        let expected = super::table();
        if readme[from..to] != expected && std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&path, format!("{}{}{}", &readme[..from], expected, &readme[to..])).unwrap();
            return;
        }
        assert_eq!(readme[from..to], expected, "README rule table is stale: run `UPDATE_EXPECT=1 cargo test`");
    }
}
