//! Property tests sized by `PROPTEST_CASES`: `tests/all.sh` asks for proptest's usual 256, an
//! iterating `cargo test` runs 48. A property runs that many cases times its own factor: a cheap
//! one many more, one that starts the server far fewer. (The `proptest!` macro lets
//! `PROPTEST_CASES` replace any configured count, so scaled properties run through [`check`].)

use std::fmt::Debug;

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};

/// `PROPTEST_CASES` when set, else 48, times `factor`; at least one.
pub fn cases(factor: f64) -> u32 {
    let base = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse::<u32>().ok()).unwrap_or(48);
    ((f64::from(base) * factor).round() as u32).max(1)
}

/// Runs `test` on [`cases`]`(factor)` random values of `strategy` with proptest's runner (a
/// failing value is shrunk, for at most a minute since a case may start the server; a panic in
/// `test` counts as a failure) and panics with the smallest failing value found.
#[track_caller]
pub fn check<S>(factor: f64, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S: Strategy,
    S::Value: Debug,
{
    let config =
        Config { cases: cases(factor), failure_persistence: None, max_shrink_time: 60_000, ..Config::default() };
    match TestRunner::new(config).run(&strategy, test) {
        Ok(()) => {}
        Err(TestError::Fail(why, value)) => panic!("{why}\nsmallest failing input: {value:#?}"),
        Err(TestError::Abort(why)) => panic!("property aborted: {why}"),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    #[test]
    #[should_panic(expected = "smallest failing input: 10")]
    fn a_failing_property_panics_with_the_smallest_failing_value() {
        super::check(1.0, 0u32..1000, |n| {
            prop_assert!(n < 10);
            Ok(())
        });
    }

    #[test]
    fn the_factor_scales_the_cases_and_one_case_always_runs() {
        let base = super::cases(1.0);
        assert_eq!(super::cases(2.0), base * 2);
        assert_eq!(super::cases(0.0), 1);
    }
}
