//! Large texts are parsed and analysed on the blocking pool, not on the protocol thread: an 8 MB
//! kep.yaml costs about a second per parse, and the editor's other messages must not wait for it.
//!
//! Per file, one parse runs at a time and the newest text wins: texts given while a parse runs
//! wait in one slot (each new one replaces the last), so a burst of keystrokes on a huge file
//! costs at most two parses, not one per keystroke. A file with a parse in flight keeps its old
//! parse in the world until the new one lands; meanwhile its diagnostics are not computed
//! (they would be tagged with the new version) and requests wait for the parse (see `dispatch`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::ide::world::SourceFile;

/// Texts from this size up are parsed, and their diagnostics computed, off the protocol thread.
/// The largest real README (170 KB) is analysed in ~3 ms: it stays on the thread, where a
/// keystroke's answer costs no hop between threads and no copy of the world.
pub const LARGE_TEXT: usize = 256 * 1024;

/// The longest a request waits for a parse in flight before it is answered from the old parse.
const PARSE_WAIT: Duration = Duration::from_secs(10);

pub fn is_large(text: &str) -> bool {
    text.len() >= LARGE_TEXT
}

/// Where a text came from, which decides whether it may enter the world when its parse lands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// An open document's text: kept only while the document is still open.
    Editor,
    /// The disk's text: kept only while the file is not open (the editor's text wins).
    Disk,
}

/// A text waiting for the parse in flight for its file to end.
pub struct Queued {
    pub text: Arc<str>,
    pub origin: Origin,
}

/// The parses in flight, by file, each with the newest text given since it started.
pub struct Parsing {
    files: Mutex<HashMap<PathBuf, Option<Queued>>>,
    in_flight: tokio::sync::watch::Sender<usize>,
}

impl Default for Parsing {
    fn default() -> Self {
        Parsing { files: Mutex::default(), in_flight: tokio::sync::watch::Sender::new(0) }
    }
}

impl Parsing {
    fn files(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Option<Queued>>> {
        self.files.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether a parse of `path` is in flight (its world entry is older than its text).
    pub fn is_pending(&self, path: &Path) -> bool {
        self.files().contains_key(path)
    }

    /// Hands over a text to parse in the background. `true`: no parse of the file was in flight,
    /// so the caller starts one with this text; `false`: it waits for the one in flight.
    pub fn queue(&self, path: &Path, text: Arc<str>, origin: Origin) -> bool {
        let starts = {
            let mut files = self.files();
            match files.get_mut(path) {
                Some(slot) => {
                    *slot = Some(Queued { text, origin });
                    false
                }
                None => {
                    files.insert(path.to_path_buf(), None);
                    true
                }
            }
        };
        // Counted after the map's lock is released: a waiter reads the map while holding the count.
        if starts {
            self.in_flight.send_modify(|n| *n += 1);
        }
        starts
    }

    /// Called when a parse of `path` ended: the text that came meanwhile, to parse next, or `None`
    /// when there is none (the file is then no longer pending, in the same step).
    pub fn next(&self, path: &Path) -> Option<Queued> {
        let ended = {
            let mut files = self.files();
            if let Some(queued) = files.get_mut(path).and_then(Option::take) {
                return Some(queued);
            }
            files.remove(path).is_some()
        };
        if ended {
            self.in_flight.send_modify(|n| *n = n.saturating_sub(1));
        }
        None
    }

    /// Waits, at most `PARSE_WAIT`, until no parse of `path` is in flight.
    pub async fn settled_for(&self, path: &Path) {
        let mut in_flight = self.in_flight.subscribe();
        let _ = tokio::time::timeout(PARSE_WAIT, in_flight.wait_for(|_| !self.is_pending(path))).await;
    }

    /// Waits, at most `PARSE_WAIT`, until no parse is in flight, so that a request is answered
    /// from the text the editor has (not from the parse before the last edits).
    pub async fn settled(&self) {
        let mut in_flight = self.in_flight.subscribe();
        let _ = tokio::time::timeout(PARSE_WAIT, in_flight.wait_for(|n| *n == 0)).await;
    }
}

/// Parses `text` on the blocking pool; `None` if the parser panicked (logged).
pub async fn parse(path: PathBuf, text: Arc<str>) -> Option<SourceFile> {
    let shown = path.display().to_string();
    match tokio::task::spawn_blocking(move || SourceFile::new(path, text)).await {
        Ok(file) => Some(file),
        Err(e) => {
            tracing::error!("parsing {shown} failed: {e}");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_texts_keeps_only_the_newest_behind_the_parse_in_flight() {
        let parsing = Parsing::default();
        let path = Path::new("/ws/keps/sig-a/1-x/kep.yaml");
        assert!(parsing.queue(path, Arc::from("one"), Origin::Editor), "the first text starts a parse");
        assert!(!parsing.queue(path, Arc::from("two"), Origin::Editor));
        assert!(!parsing.queue(path, Arc::from("three"), Origin::Disk));
        assert_eq!(*parsing.in_flight.borrow(), 1);
        let next = parsing.next(path).expect("the newest text is parsed next");
        assert_eq!((&*next.text, next.origin), ("three", Origin::Disk));
        assert!(parsing.is_pending(path), "still pending while the next parse runs");
        assert!(parsing.next(path).is_none());
        assert!(!parsing.is_pending(path));
        assert_eq!(*parsing.in_flight.borrow(), 0);
    }
}
