//! Panic containment: a panic inside one request becomes an `InternalError` reply and an error log
//! line, and the server goes on serving. The state's locks recover from poisoning, so a panic
//! cannot wedge later requests either.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};

/// Runs a handler; a panic is logged and answered as an internal error.
pub fn catch<T>(method: &str, handler: impl FnOnce() -> T) -> Result<T> {
    catch_unwind(AssertUnwindSafe(handler)).map_err(|payload| {
        let message = panic_message(payload.as_ref());
        tracing::error!("{method} failed with a panic: {message}");
        Error {
            code: ErrorCode::InternalError,
            message: format!("kep-ls failed on {method}: {message}").into(),
            data: None,
        }
    })
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// Panics when the server was started with `KEP_LS_TEST_PANIC_IN` naming `method` (a comma-separated
/// list), the first time `method` runs: the trigger of the test that every handler's panic is
/// contained (`tests/e2e/trust.rs`, `tests/e2e/robustness.rs`: they run the debug binary). Inert when
/// the variable is unset, and in release builds. Called by the dispatch wrapper only, not by any handler.
pub fn maybe_test_panic_in(method: &str) {
    if !cfg!(debug_assertions) {
        return;
    }
    static METHODS: OnceLock<Option<std::sync::Mutex<Vec<String>>>> = OnceLock::new();
    let armed = METHODS.get_or_init(|| {
        let list = std::env::var("KEP_LS_TEST_PANIC_IN").ok()?;
        Some(std::sync::Mutex::new(list.split(',').map(str::to_string).collect()))
    });
    let Some(armed) = armed else { return };
    let fire = {
        let mut armed = armed.lock().unwrap_or_else(|p| p.into_inner());
        let at = armed.iter().position(|m| m == method);
        at.map(|at| armed.remove(at)).is_some()
    };
    if fire {
        panic!("test panic requested in {method}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let result: Result<()> = catch("test/method", || panic!("boom {}", 1));
        let error = result.unwrap_err();
        assert_eq!(error.code, ErrorCode::InternalError);
        assert_eq!(error.message, "kep-ls failed on test/method: boom 1");
        assert_eq!(catch("test/method", || 7).unwrap(), 7);
    }
}
