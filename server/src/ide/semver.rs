//! The tolerant semantic versions upstream's PRR check uses (blang/semver `ParseTolerant`):
//! optional `v`, surrounding spaces, leading zeros and missing minor/patch parts are accepted;
//! a short version with a pre-release or build suffix is not.

use std::cmp::Ordering;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pre: Vec<PreId>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum PreId {
    Numeric(u64),
    Alpha(String),
}

impl Version {
    pub const fn new(major: u64, minor: u64, patch: u64) -> Self {
        Version { major, minor, patch, pre: Vec::new() }
    }

    /// blang/semver `ParseTolerant`.
    pub fn parse_tolerant(text: &str) -> Result<Version, String> {
        let text = text.trim();
        let text = text.strip_prefix('v').unwrap_or(text);
        let mut parts: Vec<String> = text.splitn(3, '.').map(trim_leading_zeros).collect();
        if parts.len() < 3 {
            if parts.last().is_some_and(|p| p.contains(['+', '-'])) {
                return Err("a short version cannot carry a pre-release or build suffix".into());
            }
            while parts.len() < 3 {
                parts.push("0".into());
            }
        }
        Version::parse_strict(&parts.join("."))
    }

    /// blang/semver `Parse`: `MAJOR.MINOR.PATCH[-PRE][+BUILD]`.
    fn parse_strict(text: &str) -> Result<Version, String> {
        let (core, build) = match text.split_once('+') {
            Some((core, build)) => (core, Some(build)),
            None => (text, None),
        };
        if let Some(build) = build {
            if build.split('.').any(|id| id.is_empty() || !id.chars().all(is_ident_char)) {
                return Err(format!("invalid build metadata `{build}`"));
            }
        }
        let (numbers, pre) = match core.split_once('-') {
            Some((numbers, pre)) => (numbers, Some(pre)),
            None => (core, None),
        };
        let parts: Vec<&str> = numbers.split('.').collect();
        if parts.len() != 3 {
            return Err(format!("`{text}` is not MAJOR.MINOR.PATCH"));
        }
        let mut nums = [0u64; 3];
        for (slot, part) in nums.iter_mut().zip(&parts) {
            *slot = parse_number(part)?;
        }
        let mut version = Version::new(nums[0], nums[1], nums[2]);
        if let Some(pre) = pre {
            for id in pre.split('.') {
                if id.is_empty() || !id.chars().all(is_ident_char) {
                    return Err(format!("invalid pre-release `{pre}`"));
                }
                version.pre.push(if id.chars().all(|c| c.is_ascii_digit()) {
                    PreId::Numeric(parse_number(id)?)
                } else {
                    PreId::Alpha(id.to_string())
                });
            }
        }
        Ok(version)
    }
}

fn trim_leading_zeros(part: &str) -> String {
    if part.len() <= 1 {
        return part.to_string();
    }
    let trimmed = part.trim_start_matches('0');
    if trimmed.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        trimmed.to_string()
    } else {
        format!("0{trimmed}")
    }
}

fn parse_number(part: &str) -> Result<u64, String> {
    if part.is_empty() || !part.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("`{part}` is not a number"));
    }
    if part.len() > 1 && part.starts_with('0') {
        return Err(format!("`{part}` has a leading zero"));
    }
    part.parse().map_err(|_| format!("`{part}` is too large"))
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(other.major, other.minor, other.patch))
            .then_with(|| compare_pre(&self.pre, &other.pre))
    }
}

/// A version with a pre-release sorts before the same version without one.
fn compare_pre(a: &[PreId], b: &[PreId]) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    for (x, y) in a.iter().zip(b) {
        let order = match (x, y) {
            (PreId::Numeric(x), PreId::Numeric(y)) => x.cmp(y),
            (PreId::Numeric(_), PreId::Alpha(_)) => Ordering::Less,
            (PreId::Alpha(_), PreId::Numeric(_)) => Ordering::Greater,
            (PreId::Alpha(x), PreId::Alpha(y)) => x.cmp(y),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerant_forms_parse() {
        for (text, (major, minor, patch)) in [
            ("v1.19", (1, 19, 0)),
            ("1.19", (1, 19, 0)),
            ("v1.3", (1, 3, 0)),
            (" v1.21.2 ", (1, 21, 2)),
            ("v01.021", (1, 21, 0)),
            ("2", (2, 0, 0)),
        ] {
            let v = Version::parse_tolerant(text).unwrap();
            assert_eq!((v.major, v.minor, v.patch), (major, minor, patch), "{text}");
        }
    }

    #[test]
    fn non_versions_fail() {
        for text in ["TBD", "v1.2-alpha", "", "x.y", "v1.2.3.4", "never", "1..2"] {
            assert!(Version::parse_tolerant(text).is_err(), "{text}");
        }
        assert!(Version::parse_tolerant("v1.2.3-alpha.1").is_ok());
    }

    #[test]
    fn ordering_follows_semver() {
        let v = |s| Version::parse_tolerant(s).unwrap();
        assert!(v("v1.20") < v("v1.21"));
        assert!(v("v1.21.0-alpha") < v("v1.21"));
        assert!(v("v1.9") < v("v1.10"));
        assert_eq!(v("v1.21"), v("1.21.0"));
    }
}
