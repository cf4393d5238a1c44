//! Temporary workspaces on disk and the real corpus, for the end-to-end tests (the shared
//! `kep-ls-testkit` types).

pub use kep_ls_testkit::shared::{checked, corpus_keps as corpus, data as shared_data};
pub use kep_ls_testkit::temp::{copy_tree, TempDir};
