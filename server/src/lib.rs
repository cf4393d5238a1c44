//! kep-ls: a language server and linter for Kubernetes Enhancement Proposals.
