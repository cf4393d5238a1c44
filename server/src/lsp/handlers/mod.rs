//! The handlers behind the one-line `LanguageServer` methods of `server.rs`, by kind: requests
//! (`requests`, `completion`, `code_actions`, `commands`) convert in, ask the core's facade and
//! convert out; notifications (`lifecycle`, `text_sync`, `workspace_events`) change the state.
//! All are synchronous, so no handler can hold a lock across a suspension point.

pub mod code_actions;
pub mod commands;
pub mod completion;
mod lifecycle;
pub mod requests;
mod text_sync;
mod workspace_events;
