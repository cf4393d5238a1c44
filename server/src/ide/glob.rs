//! Path globs of `[[overrides]]` in .kep-ls.toml: `*` and `?` within one path segment, `**` for any
//! number of segments (none included), matched against `/`-separated paths relative to the
//! repository root.

/// Whether `path` (e.g. `keps/sig-node/1-x/kep.yaml`) matches `pattern` (e.g. `keps/sig-node/**`).
pub fn matches(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.trim_start_matches("./").split('/').filter(|s| !s.is_empty()).collect();
    let path: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    segments(&pattern, &path)
}

fn segments(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| segments(rest, &path[skip..])),
        Some((first, rest)) => path
            .split_first()
            .is_some_and(|(name, tail)| segment(first.as_bytes(), name.as_bytes()) && segments(rest, tail)),
    }
}

/// One segment with `*` and `?` (bytewise: `?` in a non-ASCII name matches one byte, which is
/// only ever asked of ASCII KEP paths).
fn segment(pattern: &[u8], name: &[u8]) -> bool {
    match pattern.split_first() {
        None => name.is_empty(),
        Some((b'*', rest)) => (0..=name.len()).any(|skip| segment(rest, &name[skip..])),
        Some((b'?', rest)) => !name.is_empty() && segment(rest, &name[1..]),
        Some((c, rest)) => name.first() == Some(c) && segment(rest, &name[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn stars_question_marks_and_double_stars() {
        assert!(matches("keps/sig-node/**", "keps/sig-node/1-x/kep.yaml"));
        assert!(matches("keps/sig-node/**", "keps/sig-node"));
        assert!(!matches("keps/sig-node/**", "keps/sig-nodes/1-x/kep.yaml"));
        assert!(matches("keps/*/1-x/README.md", "keps/sig-a/1-x/README.md"));
        assert!(!matches("keps/*/README.md", "keps/sig-a/1-x/README.md"));
        assert!(matches("keps/**/README.md", "keps/sig-a/1-x/README.md"));
        assert!(matches("./keps/sig-?/**", "keps/sig-a/x"));
        assert!(matches("**/kep.yaml", "keps/sig-a/1-x/kep.yaml"));
        assert!(!matches("keps/sig-a/*.md", "keps/sig-a/1-x/kep.yaml"));
    }
}
