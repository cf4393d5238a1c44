//! `invalid-date`: a `creation-date` or `last-updated` that is not a real day written `yyyy-mm-dd`.

use super::quickfix;
use super::{template_placeholder, Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};
use crate::ide::yaml::Node;

pub const RULE: Rule = Rule {
    code: "invalid-date",
    severity: Severity::Warning,
    scope: Scope::KepYaml,
    check: Some(check),
    ci: false,
    summary: "`creation-date` or `last-updated` that is not a calendar day in the form `yyyy-mm-dd`.",
    why: "The KEP process documents `yyyy-mm-dd`, but CI checks no format: `2023-14-05`, `2025-10-9` and even `v1.27` pass, and tools that sort or age KEPs by date then fail or mislead.",
    example: "creation-date: 2025-10-9",
    fix: "Write the day as `yyyy-mm-dd`. The quick fix pads a one-digit month or day (`2025-10-09`, applied by fix-all), or swaps month and day when only that makes a date (`2023-14-05` → `2023-05-14`, offered, never applied blindly).",
};

const DATE_KEYS: &[&str] = &["creation-date", "last-updated"];

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(yaml) = cx.yaml() else { return };
    for key in DATE_KEYS {
        if let Some(entry) = yaml.entry(key) {
            check_date(cx, key, &entry.value, out);
        }
    }
}

fn check_date(cx: &Cx, key: &str, node: &Node, out: &mut Vec<Diagnostic>) {
    let Some(text) = node.as_str() else { return };
    if template_placeholder::is_placeholder(text) {
        return;
    }
    let Some((year, month, day)) = parts(text) else {
        let message = if text.trim().is_empty() {
            format!("`{key}` is empty: write the day as yyyy-mm-dd, or leave the key out")
        } else if text.trim_start().starts_with('v') && text.contains('.') {
            format!("`{key}: {text}` is a release, not a date: write the day as yyyy-mm-dd")
        } else {
            format!("`{key}: {text}` is not a date in the form yyyy-mm-dd")
        };
        out.push(Diagnostic::new(RULE.code, node.range, message));
        return;
    };
    let canonical = |m: u32, d: u32| format!("{year:04}-{m:02}-{d:02}");
    if is_date(year, month, day) {
        if canonical(month, day) == text {
            return;
        }
        let padded = canonical(month, day);
        let fix = quickfix::set_value(cx, format!("Write `{padded}`"), node, &padded).map(|f| f.preferred().safe());
        out.push(
            Diagnostic::new(
                RULE.code,
                node.range,
                format!("`{key}: {text}` is not in the form yyyy-mm-dd: write `{padded}`"),
            )
            .with_fixes(fix),
        );
        return;
    }
    let what = if !(1..=12).contains(&month) {
        format!("there is no month {month}")
    } else {
        format!("month {month} of {year} has no day {day}")
    };
    let swapped = is_date(year, day, month).then(|| canonical(day, month));
    let mut message = format!("`{key}: {text}` is not a calendar date: {what} (the form is yyyy-mm-dd)");
    if let Some(swapped) = &swapped {
        message.push_str(&format!("; did you mean `{swapped}`?"));
    }
    let fix = swapped.and_then(|s| quickfix::set_value(cx, format!("Swap month and day: `{s}`"), node, &s));
    out.push(Diagnostic::new(RULE.code, node.range, message).with_fixes(fix));
}

/// `yyyy-m-d` with a four-digit year and one- or two-digit month and day.
fn parts(text: &str) -> Option<(u32, u32, u32)> {
    let mut fields = text.split('-');
    let (year, month, day) = (fields.next()?, fields.next()?, fields.next()?);
    if fields.next().is_some() || year.len() != 4 || !(1..=2).contains(&month.len()) || !(1..=2).contains(&day.len()) {
        return None;
    }
    let number = |s: &str| s.bytes().all(|b| b.is_ascii_digit()).then(|| s.parse().ok()).flatten();
    Some((number(year)?, number(month)?, number(day)?))
}

fn is_date(year: u32, month: u32, day: u32) -> bool {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::{apply_first_fix, check_code, world};
    use expect_test::expect;

    #[test]
    fn the_real_oddities() {
        expect![[r#"
            warning[invalid-date] 1:16: `creation-date: 2023-14-05` is not a calendar date: there is no month 14 (the form is yyyy-mm-dd); did you mean `2023-05-14`?
              | creation-date: 2023-14-05
              |                ^^^^^^^^^^
              fix: Swap month and day: `2023-05-14`
            warning[invalid-date] 2:15: `last-updated: v1.27` is a release, not a date: write the day as yyyy-mm-dd
              | last-updated: v1.27
              |               ^^^^^
        "#]]
        .assert_eq(&check_code("creation-date: 2023-14-05\nlast-updated: v1.27\n", "invalid-date"));
        expect![[r#"
            warning[invalid-date] 1:16: `creation-date: 2025-10-9` is not in the form yyyy-mm-dd: write `2025-10-09`
              | creation-date: 2025-10-9
              |                ^^^^^^^^^
              fix (preferred): Write `2025-10-09`
        "#]]
        .assert_eq(&check_code("creation-date: 2025-10-9\n", "invalid-date"));
        expect![[r#"
            warning[invalid-date] 1:16: `creation-date: 2025-30-01` is not a calendar date: there is no month 30 (the form is yyyy-mm-dd); did you mean `2025-01-30`?
              | creation-date: 2025-30-01
              |                ^^^^^^^^^^
              fix: Swap month and day: `2025-01-30`
        "#]].assert_eq(&check_code("creation-date: 2025-30-01\n", "invalid-date"));
    }

    #[test]
    fn impossible_days_without_a_swap() {
        let out = check_code("creation-date: 2023-02-29\nlast-updated: 2023-13-13\n", "invalid-date");
        expect![[r#"
            warning[invalid-date] 1:16: `creation-date: 2023-02-29` is not a calendar date: month 2 of 2023 has no day 29 (the form is yyyy-mm-dd)
              | creation-date: 2023-02-29
              |                ^^^^^^^^^^
            warning[invalid-date] 2:15: `last-updated: 2023-13-13` is not a calendar date: there is no month 13 (the form is yyyy-mm-dd)
              | last-updated: 2023-13-13
              |               ^^^^^^^^^^
        "#]].assert_eq(&out);
        let out = check_code("creation-date: 2019/01/31\nlast-updated: \"\"\n", "invalid-date");
        expect![[r#"
            warning[invalid-date] 1:16: `creation-date: 2019/01/31` is not a date in the form yyyy-mm-dd
              | creation-date: 2019/01/31
              |                ^^^^^^^^^^
            warning[invalid-date] 2:15: `last-updated` is empty: write the day as yyyy-mm-dd, or leave the key out
              | last-updated: ""
              |               ^^
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn real_days_placeholders_and_nulls_pass() {
        for fixture in [
            "creation-date: 2024-02-29\nlast-updated: \"2000-02-29\"\n",
            "creation-date: yyyy-mm-dd\n",
            "creation-date:\nlast-updated: ~\n",
            "creation-date: [2024-01-01]\n",
        ] {
            assert_eq!(check_code(fixture, "invalid-date"), "", "{fixture}");
        }
        assert!(!check_code("creation-date: 1900-02-29\n", "invalid-date").is_empty(), "1900 is not a leap year");
    }

    #[test]
    fn padding_is_safe_swapping_is_not() {
        assert_eq!(apply_first_fix("creation-date: 2024-2-1\n", "invalid-date"), "creation-date: 2024-02-01\n");
        assert_eq!(apply_first_fix("last-updated: \"2023-9-18\"\n", "invalid-date"), "last-updated: \"2023-09-18\"\n");
        assert_eq!(apply_first_fix("creation-date: 2023-14-05\n", "invalid-date"), "creation-date: 2023-05-14\n");
        let safe = |text: &str| {
            let (world, paths) = world(text);
            crate::ide::features::diagnostics(&world, &paths[0])
                .iter()
                .filter(|d| d.code == "invalid-date")
                .all(|d| d.fixes[0].safe)
        };
        assert!(safe("creation-date: 2025-10-9\n"));
        assert!(!safe("creation-date: 2023-14-05\n"));
    }
}
