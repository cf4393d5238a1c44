//! A map over a slice on every core, results in input order: what reading the workspace and
//! checking it both need.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Applies `f` to every item on up to 8 threads; a panic in `f` is a panic of the call. Each thread takes the next item as it finishes
/// one, so a few costly items (the largest READMEs) do not leave the other threads idle.
pub fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        out.push((i, f(item)));
                    }
                    out
                })
            })
            .collect();
        // A worker that panicked has lost its results: the panic goes on to the caller (which
        // then fails), never a shorter list that looks complete.
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..1000).collect();
        // Uneven work, so that threads finish items out of order.
        let squares = map_in_order(&items, |n| {
            if n % 7 == 0 {
                std::thread::sleep(std::time::Duration::from_micros(50));
            }
            n * n
        });
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert!(map_in_order(&[] as &[u8], |b| *b).is_empty());
    }

    #[test]
    fn a_panicking_item_fails_the_whole_map() {
        let items: Vec<u32> = (0..64).collect();
        let outcome =
            std::panic::catch_unwind(|| map_in_order(&items, |n| if *n == 17 { panic!("item 17") } else { *n }));
        let panic = outcome.expect_err("the results of a panicked worker are never dropped silently");
        assert_eq!(panic.downcast_ref::<&str>(), Some(&"item 17"));
    }
}
