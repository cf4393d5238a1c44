//! "Did you mean": the candidate nearest to a misspelled word.

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions), on characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// The spelling two words share when case, `_`, spaces and surrounding quotes do not count.
pub fn normalize(word: &str) -> String {
    word.trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .chars()
        .map(|c| if c == '_' || c == ' ' { '-' } else { c.to_ascii_lowercase() })
        .collect()
}

/// The nearest candidate: an exact match after [`normalize`], else the closest within a third of
/// the word's length (at least 1, at most 3 edits). Ties go to the earlier candidate.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let normalized = normalize(word);
    if normalized.len() > 64 {
        return None;
    }
    let limit = (normalized.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = edit_distance(&normalized, &normalize(candidate));
        if distance == 0 {
            return Some(candidate);
        }
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_find_their_word() {
        let keys = ["title", "kep-number", "see-also", "status", "stage"];
        assert_eq!(closest("see_also", keys), Some("see-also"));
        assert_eq!(closest("kep_number", keys), Some("kep-number"));
        assert_eq!(closest("Title", keys), Some("title"));
        assert_eq!(closest("statsu", keys), Some("status"));
        assert_eq!(closest("completely-different", keys), None);
    }

    #[test]
    fn transpositions_cost_one() {
        assert_eq!(edit_distance("imlpemented", "implemented"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("é→", "e→"), 1);
    }
}
