//! Where the unit tests find the real KEP corpus and data: `../shared` beside the repository,
//! read at run time, never copied in (the helpers the e2e tests and benchmarks use too).

pub use kep_ls_testkit::shared::{checked, corpus_keps, corpus_root, shared};
