//! The README's title line, `# KEP-<number>: <title>`, read apart and compared with kep.yaml.

/// A title's text split into its `KEP-<number>` prefix and the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParsedTitle<'t> {
    /// `KEP` was there (with or without a number).
    pub has_keyword: bool,
    /// The number as written (`0752`, `NNNN`), when there is one.
    pub number: Option<&'t str>,
    /// What follows the prefix and its separator (`:`, `-`, `–`, `—`).
    pub rest: &'t str,
}

/// `KEP-1234: Title`, `KEP 1234 - Title`, `KEP-NNNN: Title`, `KEP: Title`, or just `Title`.
pub fn parse(text: &str) -> ParsedTitle<'_> {
    let text = text.trim();
    let plain = ParsedTitle { has_keyword: false, number: None, rest: text };
    let Some(after_keyword) = text.get(..3).filter(|k| k.eq_ignore_ascii_case("KEP")).and(text.get(3..)) else {
        return plain;
    };
    let after_dash = after_keyword.strip_prefix(['-', ' ']).unwrap_or(after_keyword);
    let digits = after_dash.find(|c: char| !c.is_ascii_digit()).unwrap_or(after_dash.len());
    let placeholder = after_dash.get(..4).filter(|p| p.eq_ignore_ascii_case("NNNN")).map_or(0, str::len);
    let number_len = if digits > 0 { digits } else { placeholder };
    let (number, tail) = match number_len {
        0 => (None, after_keyword),
        n => (after_dash.get(..n), after_dash.get(n..).unwrap_or_default()),
    };
    // `KEPs are ...` or `KEP-12abc` is a title, not a prefix.
    if tail.chars().next().is_some_and(char::is_alphanumeric) {
        return plain;
    }
    let tail = tail.trim_start();
    let separated = tail.strip_prefix([':', '-', '–', '—']);
    if number.is_none() && separated.is_none() {
        return plain;
    }
    ParsedTitle { has_keyword: true, number, rest: separated.unwrap_or(tail).trim() }
}

/// Numbers are the same when their digits are, leading zeros aside (`0752` is `752`).
pub fn same_number(a: &str, b: &str) -> bool {
    let digits = |s: &str| s.trim().trim_start_matches('0').to_string();
    a.trim().chars().all(|c| c.is_ascii_digit()) && digits(a) == digits(b)
}

/// Titles are the same when their letters and digits are, case aside (`DRA: Foo` is `DRA Foo`).
pub fn same_title(a: &str, b: &str) -> bool {
    let letters =
        |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect() };
    letters(a) == letters(b)
}

/// A YAML scalar holding `value`: plain when that reads back as the same string, else double-quoted.
pub fn yaml_scalar(value: &str, quoted_before: bool) -> String {
    let plain_is_safe = !value.is_empty()
        && !quoted_before
        && value.chars().all(|c| c.is_alphanumeric() || " .,()/+_-'".contains(c))
        && !value.starts_with(|c: char| c == '-' || c == '\'' || c.is_whitespace())
        && !value.ends_with(char::is_whitespace)
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "~"
        )
        && value.parse::<f64>().is_err();
    if plain_is_safe {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> (bool, Option<&str>, &str) {
        let parsed = parse(text);
        (parsed.has_keyword, parsed.number, parsed.rest)
    }

    #[test]
    fn the_forms_found_in_real_readmes() {
        assert_eq!(split("KEP-1234: Swap"), (true, Some("1234"), "Swap"));
        assert_eq!(split("KEP-0752 EndpointSlices"), (true, Some("0752"), "EndpointSlices"));
        assert_eq!(split("KEP 3000: Image Promotion"), (true, Some("3000"), "Image Promotion"));
        assert_eq!(split("KEP-2161 : Immutable labels"), (true, Some("2161"), "Immutable labels"));
        assert_eq!(split("KEP-NNNN: Go workspaces"), (true, Some("NNNN"), "Go workspaces"));
        assert_eq!(split("KEP: Topology Aware Hints"), (true, None, "Topology Aware Hints"));
        assert_eq!(split("KEP-12 — Dash"), (true, Some("12"), "Dash"));
        assert_eq!(split("Suspend Jobs"), (false, None, "Suspend Jobs"));
        assert_eq!(split("KEPs explained"), (false, None, "KEPs explained"));
        assert_eq!(split("KEP"), (false, None, "KEP"));
        assert_eq!(split("Kep-5"), (true, Some("5"), ""));
    }

    #[test]
    fn comparisons() {
        assert!(same_number("0752", "752"));
        assert!(!same_number("NNNN", "752"));
        assert!(!same_number("2322", "2232"));
        assert!(same_title("DRA: Node Allocatable Resources", "DRA Node Allocatable Resources"));
        assert!(same_title("Non-Goals in `x`", "non goals in x"));
        assert!(!same_title("Suspend Jobs", "Suspend Job"));
    }

    #[test]
    fn yaml_values_read_back_as_written() {
        assert_eq!(yaml_scalar("Suspend Jobs", false), "Suspend Jobs");
        assert_eq!(yaml_scalar("Suspend Jobs", true), "\"Suspend Jobs\"");
        assert_eq!(yaml_scalar("DRA: Foo", false), "\"DRA: Foo\"");
        assert_eq!(yaml_scalar("a \"b\" #c", false), "\"a \\\"b\\\" #c\"");
        assert_eq!(yaml_scalar("yes", false), "\"yes\"");
        assert_eq!(yaml_scalar("1.30", false), "\"1.30\"");
        assert_eq!(yaml_scalar("Über → x", false), "\"Über → x\"");
    }
}
