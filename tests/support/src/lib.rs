//! What kep-ls's tests and benchmarks share: one LSP client that drives the real binary over stdio
//! ([`client`]), one temporary-directory type ([`temp`]), and one way to find the real corpus and
//! data beside the repository ([`shared`]), and property tests sized by `PROPTEST_CASES`
//! ([`property`]). Unpublished; a dev-dependency of `kep-ls` only.
//!
//! It does not depend on `kep-ls` itself: the binary under test is passed in by the caller (only an
//! integration test or bench of the `kep-ls` package knows `CARGO_BIN_EXE_kep-ls`).

pub mod client;
pub mod property;
pub mod shared;
pub mod temp;

pub use client::Client;
pub use temp::TempDir;
