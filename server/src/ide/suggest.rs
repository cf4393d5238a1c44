//! "Did you mean": the candidate nearest to a misspelled word.

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions), on characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
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
