//! `--dry-run` output: what a command would write, as a unified diff (`diff -u`, 3 lines of
//! context), so that it can be read, or applied with `git apply`.

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// Line pairs above which the line matching gives up and shows the changed middle as one block
/// (kep.yaml and PRR files are a few hundred lines; this bounds time and memory on hostile input).
const MAX_CELLS: usize = 4_000_000;

/// The unified diff that turns `old` into `new` for the file `name` (relative, shown as `a/name`
/// and `b/name`); `old` None for a file that is created. Empty when nothing changes.
pub fn unified(name: &str, old: Option<&str>, new: &str) -> String {
    let old_lines: Vec<&str> = old.map(|o| o.split_inclusive('\n').collect()).unwrap_or_default();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    if old == Some(new) {
        return String::new();
    }
    let ops = line_ops(&old_lines, &new_lines);
    let mut out = match old {
        Some(_) => format!("--- a/{name}\n+++ b/{name}\n"),
        None => format!("--- /dev/null\n+++ b/{name}\n"),
    };
    // Group the operations into hunks: changes closer than 2 * CONTEXT lines share one.
    let changed: Vec<usize> =
        ops.iter().enumerate().filter(|(_, op)| !matches!(op, Op::Same(..))).map(|(i, _)| i).collect();
    let mut i = 0;
    while i < changed.len() {
        let mut j = i;
        while j + 1 < changed.len() && changed[j + 1] - changed[j] <= 2 * CONTEXT {
            j += 1;
        }
        let from = changed[i].saturating_sub(CONTEXT);
        let to = (changed[j] + CONTEXT + 1).min(ops.len());
        let (old_start, new_start) = positions(&ops[..from]);
        let (old_count, new_count) = positions(&ops[from..to]);
        out.push_str(&format!("@@ -{} +{} @@\n", range(old_start, old_count), range(new_start, new_count)));
        for op in &ops[from..to] {
            let (sign, line) = match op {
                Op::Same(line) => (' ', *line),
                Op::Removed(line) => ('-', *line),
                Op::Added(line) => ('+', *line),
            };
            out.push(sign);
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
        i = j + 1;
    }
    out
}

fn range(start: usize, count: usize) -> String {
    // `diff -u` numbers an empty range by the line before it.
    let first = if count == 0 { start } else { start + 1 };
    if count == 1 {
        first.to_string()
    } else {
        format!("{first},{count}")
    }
}

/// Lines of the old and the new text that `ops` span.
fn positions(ops: &[Op]) -> (usize, usize) {
    ops.iter().fold((0, 0), |(o, n), op| match op {
        Op::Same(_) => (o + 1, n + 1),
        Op::Removed(_) => (o + 1, n),
        Op::Added(_) => (o, n + 1),
    })
}

enum Op<'a> {
    Same(&'a str),
    Removed(&'a str),
    Added(&'a str),
}

/// A shortest edit of lines: common prefix and suffix, then a longest common subsequence of the rest.
fn line_ops<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<Op<'a>> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..].iter().rev().zip(new[prefix..].iter().rev()).take_while(|(a, b)| a == b).count();
    let (a, b) = (&old[prefix..old.len() - suffix], &new[prefix..new.len() - suffix]);
    let mut ops: Vec<Op> = old[..prefix].iter().map(|l| Op::Same(l)).collect();
    if a.len().saturating_mul(b.len()) > MAX_CELLS {
        ops.extend(a.iter().map(|l| Op::Removed(l)));
        ops.extend(b.iter().map(|l| Op::Added(l)));
    } else {
        // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
        let width = b.len() + 1;
        let mut lcs = vec![0u32; (a.len() + 1) * width];
        for i in (0..a.len()).rev() {
            for j in (0..b.len()).rev() {
                lcs[i * width + j] = if a[i] == b[j] {
                    lcs[(i + 1) * width + j + 1] + 1
                } else {
                    lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            if i < a.len() && j < b.len() && a[i] == b[j] {
                ops.push(Op::Same(a[i]));
                i += 1;
                j += 1;
            } else if i < a.len() && (j == b.len() || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
                // Removals before additions, as `diff -u` shows a changed line.
                ops.push(Op::Removed(a[i]));
                i += 1;
            } else {
                ops.push(Op::Added(b[j]));
                j += 1;
            }
        }
    }
    ops.extend(old[old.len() - suffix..].iter().map(|l| Op::Same(l)));
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_shown_with_three_lines_of_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n";
        let new = "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nL\nm\n";
        assert_eq!(
            unified("x.yaml", Some(old), new),
            "--- a/x.yaml\n+++ b/x.yaml\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -9,4 +9,5 @@\n i\n j\n k\n-l\n+L\n+m\n"
        );
        assert_eq!(unified("x", Some("same\n"), "same\n"), "");
    }

    #[test]
    fn a_new_file_is_all_additions() {
        assert_eq!(
            unified("k/1.yaml", None, "a\nb"),
            "--- /dev/null\n+++ b/k/1.yaml\n@@ -0,0 +1,2 @@\n+a\n+b\n\\ No newline at end of file\n"
        );
    }
}
