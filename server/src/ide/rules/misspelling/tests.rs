//! The facts of misspell v0.3.4's algorithm, one test each, then the rule in a workspace, and the
//! comparison with misspell's own word list and the real corpus (both read at run time).

use super::*;
use crate::ide::rules::fixture::check_code;
use expect_test::expect;

/// The words `find` reports in `text`, with their first correction: `word→correction@column`.
fn found(text: &str) -> Vec<String> {
    find(text).into_iter().map(|h| format!("{}→{}@{}", h.word, h.corrections[0], h.start)).collect()
}

fn flags(text: &str) -> bool {
    !find(text).is_empty()
}

#[test]
fn the_dictionary_is_typos() {
    assert_eq!(corrections(b"recieve"), Some(&["receive"][..]));
    assert_eq!(corrections(b"receive"), None);
    assert!(corrections(b"entrys").is_some_and(|c| c.contains(&"entries")));
}

/// Every key of typos that can be a word is found, in lower and upper case: no two share a hash.
#[test]
fn every_ascii_key_of_typos_is_reachable() {
    let keys: Vec<&str> = typos_dict::WORD
        .map
        .entries
        .iter()
        .map(|(key, _)| key.into_inner())
        .filter(|key| key.bytes().all(is_word_byte))
        .collect();
    assert!(keys.len() > 90_000, "{}", keys.len());
    assert_eq!(dictionary().map.len(), keys.len(), "two keys share a hash");
    for key in keys {
        assert!(corrections(key.as_bytes()).is_some(), "{key}");
        assert!(corrections(key.to_ascii_uppercase().as_bytes()).is_some(), "{key}");
    }
    assert_eq!(corrections(b"\xd1\x81ontainer"), None, "typos' Cyrillic look-alikes are no words");
}

#[test]
fn matching_is_ascii_case_insensitive_and_the_correction_keeps_the_style() {
    assert_eq!(found("recieve Recieve RECIEVE"), ["recieve→receive@0", "Recieve→Receive@8", "RECIEVE→RECEIVE@16"]);
}

#[test]
fn mixed_case_words_are_ignored() {
    assert!(!flags("ReCieve reCieve recievE"));
    // misspell counts letters only: digits do not change a style.
    assert_eq!(Style::of(b"RECIEVE2"), Some(Style::Upper));
    assert_eq!(Style::of(b"Recieve's"), Some(Style::Title));
    assert_eq!(Style::of(b"2019"), None);
}

#[test]
fn only_whole_words_that_are_keys_count() {
    // A word is a run of `[A-Za-z0-9']`: longer runs are other words.
    assert!(!flags("unrecieved recieve's recieve2 2recieve"));
    // `_`, `-`, brackets and quotes end a word.
    assert_eq!(
        found("foo_recieve (recieve) x-recieve \"recieve\""),
        ["recieve→receive@4", "recieve→receive@13", "recieve→receive@24", "recieve→receive@33"]
    );
}

#[test]
fn urls_are_blanked() {
    assert!(!flags("see https://example.com/recieve/x and HTTP://recieve.io and ftp://h/recieve"));
    // A query or fragment right after the host is not part of misspell's URL.
    assert_eq!(found("https://example.com?recieve"), ["recieve→receive@20"]);
    // `://` without a scheme, or without a host, is no URL.
    assert_eq!(found("x://a recieve"), ["recieve→receive@6"]);
    // The scheme may start inside a word: what is left before it is a word of its own.
    assert_eq!(found("recievehttps://example.com"), ["recieve→receive@0"]);
}

#[test]
fn email_addresses_are_blanked() {
    assert!(!flags("mail recieve@example.com now"));
    // The character after the domain is blanked too: a word after it is checked alone.
    assert_eq!(found("mail a@example.com1recieve"), ["recieve→receive@19"]);
    // The address needs a character after its domain: at the very end of a file it is none, and
    // only the host-like `example.com` is blanked.
    assert_eq!(found("mail recieve@example.com"), ["recieve→receive@5"]);
    // The top-level domain has 2 to 6 letters: with 7 it is no address (the host part still goes).
    assert_eq!(found("recieve@example.abcdefg "), ["recieve→receive@0"]);
}

#[test]
fn host_like_words_are_blanked() {
    assert!(!flags("recieve.md e.g.recieve recieve.example.com"));
    // After the last dot with a letter the host ends: `x.md5` leaves `5`.
    assert!(!flags("x.md5recieve"));
    // A dot that starts the run needs something before it: `.recieve` stays a word.
    assert_eq!(found(".recieve"), ["recieve→receive@1"]);
    // A dot followed by a digit does not make a host.
    assert_eq!(found("recieve.2"), ["recieve→receive@0"]);
}

#[test]
fn absolute_paths_are_blanked_relative_ones_are_not() {
    assert!(!flags("/recieve/x\n"));
    assert!(!flags("a /usr/recieve b\n"));
    assert!(!flags("a (/usr/recieve) b\n"));
    assert!(!flags("a [/recieve] b\n"));
    assert!(!flags("a//recieve b\n"));
    assert_eq!(found("./recieve/x docs/recieve\n"), ["recieve→receive@2", "recieve→receive@17"]);
    // misspell blanks a path only up to its end mark: one never closed on the line stays.
    assert_eq!(found("a (/recieve"), ["recieve→receive@4"]);
    assert_eq!(found("a /recieve"), ["recieve→receive@3"]);
}

#[test]
fn backslash_escapes_are_blanked() {
    // `\n` goes: the word after it is checked on its own.
    assert_eq!(found("printf(\"\\nrecieve\")"), ["recieve→receive@10"]);
    // Only a lower-case letter makes an escape.
    assert!(!flags("\\Nrecieve"));
    assert!(!flags("\\\\nrecieves") || found("\\\\nrecieves")[0].starts_with("recieves"));
}

#[test]
fn markdown_is_not_special() {
    let text = "`recieve`\n```\nrecieve\n```\n<!-- recieve -->\n[recieve](#x)\n";
    assert_eq!(find(text).len(), 4);
}

#[test]
fn lines_and_byte_columns() {
    let text = "é recieve\nok\n  teh\r\n";
    let hits = find(text);
    assert_eq!(hits.iter().map(|h| (h.word, h.start)).collect::<Vec<_>>(), [("recieve", 3), ("teh", 16)]);
}

#[test]
fn the_rule_reports_with_fixes_and_honours_the_allow_lists() {
    let fixture = "//- /ws/keps/sig-a/1-x/README.md\n# T\n\nWe recieve an entrys list.\n";
    expect![[r#"
        warning[misspelling] 3:4: `recieve` is a misspelling of `receive`
          | We recieve an entrys list.
          |    ^^^^^^^
          fix (preferred): Change to `receive`
        warning[misspelling] 3:15: `entrys` is a misspelling of `entries` or `entry`
          | We recieve an entrys list.
          |               ^^^^^^
          fix: Change to `entries`
          fix: Change to `entry`
    "#]]
    .assert_eq(&check_code(fixture, "misspelling"));
    let (mut world, paths) = crate::ide::rules::fixture::world(fixture);
    let diagnostics = world.diagnostics(&paths[0]);
    let unique = diagnostics.iter().find(|d| d.message.contains("recieve")).unwrap();
    assert_eq!(unique.fixes.len(), 1);
    assert!(unique.fixes[0].safe && unique.fixes[0].preferred);
    assert_eq!(unique.fixes[0].edits[0].new_text, "receive");
    let several = diagnostics.iter().find(|d| d.message.contains("entrys")).unwrap();
    assert!(several.fixes.len() >= 2 && several.fixes.iter().all(|f| !f.safe), "only guesses: {several:?}");

    world.settings.spelling_allow = vec!["Entrys".into(), "recieve".into()];
    let left: Vec<_> = world.diagnostics(&paths[0]).into_iter().filter(|d| d.code == "misspelling").collect();
    assert_eq!(left.len(), 1, "`recieve` allowed in any case, `Entrys` only capitalised: {left:?}");
    assert!(left[0].message.contains("`entrys`"));
}

/// Fix-all (`safe`) takes a unique correction in prose only: in a heading, the table of contents,
/// a link's destination, code or an OWNERS file a change can break an anchor, the TOC, a link, code
/// or a name, so the correction is only offered there.
#[test]
fn only_prose_corrections_are_safe() {
    let text = "# Recieve\n\n<!-- toc -->\n- [Recieve](#recieve)\n<!-- /toc -->\n\nWe recieve [it](https://x.io/a/recieve) `recieve` [recieve](other.md#recieve).\n\n```\nrecieve\n```\n";
    let (world, paths) = crate::ide::rules::fixture::world(&format!("//- /ws/keps/sig-a/1-x/README.md\n{text}"));
    let safe: Vec<(usize, bool)> = world
        .diagnostics(&paths[0])
        .iter()
        .filter(|d| d.code == "misspelling")
        .map(|d| (d.range.start, d.fixes.iter().all(|f| f.safe)))
        .collect();
    let at = |needle: &str| text.find(needle).unwrap();
    let prose = at("We recieve") + 3;
    let link_text = at("[recieve](other") + 1;
    assert!(safe.contains(&(prose, true)) && safe.contains(&(link_text, true)), "{safe:?}");
    assert_eq!(safe.iter().filter(|(_, s)| *s).count(), 2, "heading, TOC, anchors and code are not safe: {safe:?}");
    assert_eq!(safe.len(), 8, "the URL is blanked, the rest is flagged: {safe:?}");

    let (world, paths) = crate::ide::rules::fixture::world("//- /ws/keps/sig-a/1-x/OWNERS\napprovers:\n  - recieve\n");
    let diagnostics = world.diagnostics(&paths[0]);
    assert_eq!(diagnostics.len(), 1);
    assert!(!diagnostics[0].fixes.is_empty() && diagnostics[0].fixes.iter().all(|f| !f.safe), "a name in OWNERS");
}

#[test]
fn allow_entries_with_capitals_are_exact() {
    assert!(allowed("AKS", &[]) && allowed("aks", &[]));
    assert!(allowed("OT", &[]) && !allowed("ot", &[]) && !allowed("Ot", &[]));
    // Every built-in entry is a word the dictionary knows: an entry that is not is dead weight.
    for entry in ALLOWED {
        assert!(corrections(entry.as_bytes()).is_some(), "{entry} is not in typos' dictionary");
    }
    assert!(allowed("Foo", &["Foo".into()]));
    assert!(!allowed("foo", &["Foo".into()]));
    assert!(allowed("FOO", &["foo".into()]));
}

#[test]
fn owners_files_and_yaml() {
    let owners = "//- /ws/keps/sig-a/1-x/OWNERS\napprovers:\n  - recieve # teh lead\n";
    assert_eq!(check_code(owners, "misspelling").matches("warning[misspelling]").count(), 2);
    let yaml = "//- /ws/keps/sig-a/1-x/kep.yaml\ntitle: recieve\n";
    assert_eq!(check_code(yaml, "misspelling"), "", "CI does not run misspell on *.yaml");
}

/// misspell v0.3.4's own word list (test data outside the repository): how many of its one-word
/// keys typos' dictionary, behind this rule, catches.
#[test]
fn coverage_of_misspells_word_list() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/misspell_words_v0.3.4.tsv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return;
    };
    let mut keys = 0;
    let mut missed = Vec::new();
    // Columns: list (`main` is the one CI uses), typo, correction; `#` lines are the header.
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let mut columns = line.split('\t');
        let (Some("main"), Some(key)) = (columns.next(), columns.next()) else { continue };
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'\'') {
            continue;
        }
        keys += 1;
        if found(key).is_empty() {
            missed.push(key.to_string());
        }
    }
    let caught = keys - missed.len();
    let share = caught as f64 / keys.max(1) as f64;
    eprintln!("misspell's one-word keys: {keys}, caught {caught} ({:.2}%), missed: {missed:?}", share * 100.0);
    assert!(keys > 20_000, "the list has {keys} one-word keys: not the expected file?");
    assert!(share >= 0.998, "only {caught} of {keys} caught");
}

/// Every `.md` and `OWNERS` file below `dir`, symbolic links left out (their targets are files of
/// their own), as CI's misspell sees them.
fn corpus_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        let path = entry.path();
        let name = entry.file_name();
        if kind.is_dir() {
            corpus_files(&path, out);
        } else if kind.is_file() && (name == "OWNERS" || name.to_string_lossy().ends_with(".md")) {
            out.push(path);
        }
    }
}

/// The rule's findings on the real corpus, per word (lower-cased), after the built-in allow list.
fn corpus_counts() -> Option<std::collections::BTreeMap<String, usize>> {
    let keps = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/keps");
    let mut files = Vec::new();
    corpus_files(&keps, &mut files);
    if files.is_empty() {
        return None;
    }
    let mut counts = std::collections::BTreeMap::new();
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        for hit in find(&text) {
            if !allowed(hit.word, &[]) {
                *counts.entry(hit.word.to_ascii_lowercase()).or_insert(0) += 1;
            }
        }
    }
    Some(counts)
}

#[test]
fn corpus_report() {
    let Some(counts) = corpus_counts() else {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    };
    for entry in ALLOWED {
        assert!(!counts.contains_key(&entry.to_ascii_lowercase()) || entry.bytes().any(|b| b.is_ascii_uppercase()));
    }
    let total: usize = counts.values().sum();
    let mut by_count: Vec<_> = counts.iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    eprintln!("misspelling on the corpus: {total} findings, {} words", counts.len());
    for (word, n) in &by_count {
        eprintln!("{n:5} {word} → {}", corrections(word.as_bytes()).unwrap_or_default().join(", "));
    }
    // Reviewed by hand: every word found three times or more is a real misspelling (the corpus
    // passes CI: misspell's list lacks them all). A new false finding among them fails here.
    let frequent: Vec<&str> = by_count.iter().filter(|(_, n)| **n >= 3).map(|(w, _)| w.as_str()).collect();
    assert_eq!(frequent, FREQUENT_CORPUS_MISSPELLINGS, "review the new words; allow-list the right ones");
    assert!(total >= 600, "the corpus has {total} findings: a regression in the scan?");
}

/// The corpus' misspellings found three times or more, most frequent first (see `corpus_report`).
const FREQUENT_CORPUS_MISSPELLINGS: &[&str] = &[
    "kubenetes",
    "informations",
    "lifecyle",
    "toplogy",
    "aformentioned",
    "programatically",
    "wil",
    "controler",
    "exisiting",
    "fileystem",
    "kuberentes",
    "partion",
    "presisted",
    "propogated",
    "varadic",
    "wether",
    "administators",
    "aligment",
    "bounaries",
    "contraints",
    "definitons",
    "enhancment",
    "experencing",
    "hasing",
    "implemention",
    "implmentation",
    "resouces",
    "schduler",
    "servies",
    "softwares",
    "validaton",
];
