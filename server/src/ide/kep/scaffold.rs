//! A new KEP (`kep-ls new`, the `kep.newKep` command): the texts of `keps/<sig>/<N>-<slug>/kep.yaml`
//! and `README.md`, from the workspace's template (`keps/NNNN-kep-template/`) with its placeholders
//! filled, or from a built-in skeleton. Pure: the caller passes today's date and writes the files.

use std::path::{Path, PathBuf};

use super::edit::{self, block_list, set_milestone, set_scalar, set_value, step, yaml_string};
use super::usage::{self, Release};
use crate::ide::diagnostic::NewFile;
use crate::ide::index::NumberIndex;
use crate::ide::layout::{self, FileKind};
use crate::ide::markdown::toc;
use crate::ide::world::World;

/// Slugs longer than this are cut at a word boundary.
const SLUG_CHARS: usize = 60;

/// What the author asks for.
#[derive(Clone, Debug, Default)]
pub struct NewKep {
    /// The owning group's directory name, e.g. `sig-node`.
    pub sig: String,
    pub title: String,
    pub number: Option<u64>,
    /// GitHub handles, with or without `@`.
    pub authors: Vec<String>,
}

/// The new KEP's files, not written yet.
#[derive(Clone, Debug)]
pub struct Scaffold {
    pub dir: PathBuf,
    pub number: u64,
    /// No number was asked for: this one is the next free number above the highest in use.
    pub number_picked: bool,
    /// Built from the workspace's template (else from the built-in skeleton).
    pub from_template: bool,
    pub kep_yaml: NewFile,
    pub readme: NewFile,
}

/// Builds the texts of a new KEP in the `keps/` tree below `root`. Refuses a number that is in use
/// and a directory that exists in the world.
pub fn scaffold(world: &World, root: &Path, request: &NewKep, today: &str) -> Result<Scaffold, String> {
    let sig = request.sig.trim();
    check_group(world, sig)?;
    let title = request.title.trim();
    check_title(title)?;
    let authors = request.authors.iter().map(|a| normalize_handle(a)).collect::<Result<Vec<_>, _>>()?;
    let keps_dir = root.join(layout::KEPS);
    let (number, number_picked) = match request.number {
        Some(n) if n > MAX_NUMBER => {
            return Err(format!(
                "KEP number {n} has more than 18 digits: kep-ls and the tools index no such number, so it could be \
                 given out again"
            ));
        }
        Some(n) => {
            if let Some(used) = world.numbers().dirs(&keps_dir, n).first() {
                return Err(format!("KEP number {n} is already used by keps/{used}"));
            }
            (n, false)
        }
        None => match highest_number(world, root) {
            None => (1, true),
            Some(highest) => match highest.checked_add(1).filter(|n| *n <= MAX_NUMBER) {
                Some(next) => (next, true),
                None => return Err(format!("no KEP number is free above {highest}: pass one with the number option")),
            },
        },
    };
    let slug = slug(title);
    if slug.is_empty() {
        return Err(format!("no directory name can be made from the title `{title}`"));
    }
    let dir = keps_dir.join(sig).join(format!("{number}-{slug}"));
    if world.files().any(|f| f.path.starts_with(&dir)) {
        return Err(format!("{} already exists", dir.display()));
    }
    let template = keps_dir.join(layout::TEMPLATE_DIR);
    let template_yaml = world.file(&template.join(layout::KEP_YAML)).filter(|f| f.kind == FileKind::KepYaml);
    let template_readme = world.file(&template.join(layout::README));
    let current = usage::current_release(world, root, Path::new(""));
    let fill = Fill { title, number, sig, authors: &authors, today, current };
    let kep_yaml = match template_yaml {
        Some(file) => fill_template_yaml(&file.text, &fill),
        None => builtin_yaml(&fill),
    };
    let readme = match template_readme {
        Some(file) => fill_template_readme(&file.text, &fill),
        None => builtin_readme(&fill),
    };
    Ok(Scaffold {
        number,
        number_picked,
        from_template: template_yaml.is_some() || template_readme.is_some(),
        kep_yaml: NewFile { path: dir.join(layout::KEP_YAML), text: kep_yaml },
        readme: NewFile { path: dir.join(layout::README), text: readme },
        dir,
    })
}

/// The highest KEP number kep-ls gives out or accepts: 18 digits, what the number index (and a
/// directory's leading number) holds; anything longer would never be seen as in use.
pub const MAX_NUMBER: u64 = 999_999_999_999_999_999;

/// The owning group must be a group of the workspace's list (sigs.yaml or the built-in one): a
/// typo or a nickname gets a suggestion.
fn check_group(world: &World, sig: &str) -> Result<(), String> {
    let plain = layout::is_plain_component(sig)
        && sig.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && sig.bytes().next().is_some_and(|b| b.is_ascii_lowercase());
    let groups = world.groups();
    if plain && sig != layout::PRR_DIR && sig != layout::KEPS && groups.contains(sig) {
        return Ok(());
    }
    let prefixed =
        ["sig", "wg", "committee", "ug"].iter().map(|kind| format!("{kind}-{sig}")).find(|g| groups.contains(g));
    let suggestion = prefixed.or_else(|| groups.suggest(sig).map(|g| g.dir.clone()));
    match suggestion {
        Some(near) => Err(format!("`{sig}` is not a group: did you mean `{near}`?")),
        None => Err(format!("`{sig}` is not a group directory name such as `sig-node` (see sigs.yaml)")),
    }
}

/// A title must make a kep.yaml value and a README heading that mean the same: one line, no
/// control characters, nothing Markdown would read as a link, HTML, a comment (the table of
/// contents markers are comments) or a thematic break. Characters YAML readers disagree on
/// (U+2028, U+2029, U+0085, U+FEFF) are accepted: they are written escaped.
fn check_title(title: &str) -> Result<(), String> {
    if title.is_empty() || title.contains(['\n', '\r']) {
        return Err("the title must be one non-empty line".into());
    }
    if let Some(c) = title.chars().find(|c| c.is_control() && *c != '\u{85}') {
        return Err(format!("the title contains the control character U+{:04X}", c as u32));
    }
    for (found, what) in [
        ("<", "`<` (Markdown reads HTML and comments, such as the table of contents markers)"),
        ("[", "`[` (Markdown reads links)"),
        ("]", "`]` (Markdown reads links)"),
        ("---", "`---` (a YAML document separator and a Markdown rule)"),
    ] {
        if title.contains(found) {
            return Err(format!("the title contains {what}: write it without"));
        }
    }
    if title.starts_with('#') || title.ends_with('#') || title.ends_with('\\') {
        return Err("the title starts or ends with `#` or `\\`, which the README heading would drop".into());
    }
    if has_entity(title) {
        return Err("the title contains an HTML entity (`&name;`): write the character itself".into());
    }
    Ok(())
}

/// `&name;`, `&#123;` or `&#x7b;`: what Markdown replaces by a character.
fn has_entity(text: &str) -> bool {
    text.match_indices('&').any(|(at, _)| {
        let rest = &text[at + 1..];
        let end = rest.find(';').unwrap_or(0);
        end > 0 && rest[..end].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'#')
    })
}

/// `@name` from `name` or `@name`; refuses what cannot be a GitHub handle.
fn normalize_handle(handle: &str) -> Result<String, String> {
    let name = handle.trim().trim_start_matches('@');
    let valid = !name.is_empty()
        && name.len() <= 39
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-');
    if valid {
        Ok(format!("@{name}"))
    } else {
        Err(format!("`{}` is not a GitHub handle", handle.trim()))
    }
}

/// The highest KEP number of the tree: kep-numbers, directory numbers and PRR file names.
pub fn highest_number(world: &World, root: &Path) -> Option<u64> {
    world
        .files()
        .filter(|f| f.place.as_ref().is_some_and(|p| p.root == root))
        .flat_map(|f| match f.kind {
            FileKind::KepYaml => NumberIndex::numbers_of(f),
            FileKind::Prr => {
                f.path.file_stem().and_then(|s| s.to_str()).and_then(layout::kep_number).into_iter().collect()
            }
            _ => Vec::new(),
        })
        .filter(|n| *n <= MAX_NUMBER)
        .max()
}

/// A directory name from a title: lower-case ASCII words joined by `-`, at most [`SLUG_CHARS`].
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for word in title.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        let word = word.to_ascii_lowercase();
        if !out.is_empty() && out.len() + 1 + word.len() > SLUG_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word);
    }
    out.truncate(SLUG_CHARS);
    out
}

/// The values a new KEP starts with.
struct Fill<'a> {
    title: &'a str,
    number: u64,
    sig: &'a str,
    authors: &'a [String],
    today: &'a str,
    /// The newest `latest-milestone` of the workspace: where the work starts.
    current: Option<Release>,
}

impl Fill<'_> {
    fn authors(&self) -> Vec<String> {
        if self.authors.is_empty() {
            vec!["TBD".into()]
        } else {
            self.authors.to_vec()
        }
    }
}

/// The template's kep.yaml, its comments kept, with the new KEP's values where the template has
/// placeholders (`KEP Template`, `NNNN`, `sig-xyz`, `"@jane.doe"`, `yyyy-mm-dd`, `alpha|beta|stable`,
/// example references). Feature gates and metrics stay as the template shows them, for the author to fill.
fn fill_template_yaml(template: &str, fill: &Fill) -> String {
    let present = |text: &str, key: &str| super::YamlFile::parse(text).entry(key).is_some();
    let mut text = template.to_string();
    text = step(text.clone(), set_scalar(&text, "title", &yaml_string(fill.title)));
    text = step(text.clone(), set_scalar(&text, "kep-number", &fill.number.to_string()));
    text = step(text.clone(), set_value(&text, "authors", &block_list(&fill.authors())));
    text = step(text.clone(), set_scalar(&text, "owning-sig", fill.sig));
    text = step(text.clone(), set_scalar(&text, "status", "provisional"));
    text = step(text.clone(), set_scalar(&text, "creation-date", fill.today));
    text = step(text.clone(), set_value(&text, "reviewers", &block_list(&["TBD".into()])));
    text = step(text.clone(), set_value(&text, "approvers", &block_list(&["TBD".into()])));
    for key in ["participating-sigs", "see-also", "replaces"] {
        if present(&text, key) {
            text = step(text.clone(), set_value(&text, key, " []"));
        }
    }
    if present(&text, "stage") {
        text = step(text.clone(), set_scalar(&text, "stage", "alpha"));
    }
    if let Some(current) = fill.current {
        let release = format!("\"{current}\"");
        if present(&text, "latest-milestone") {
            text = step(text.clone(), set_scalar(&text, "latest-milestone", &release));
        }
        if present(&text, "milestone") {
            text = step(text.clone(), set_value(&text, "milestone", ""));
            text = step(text.clone(), set_milestone(&text, "alpha", &release));
        }
    }
    text
}

/// Our own kep.yaml skeleton, for a workspace without the template.
fn builtin_yaml(fill: &Fill) -> String {
    let mut text = format!(
        "title: {}\nkep-number: {}\nauthors:{}\nowning-sig: {}\nparticipating-sigs: []\nstatus: provisional\n\
         creation-date: {}\nreviewers:\n  - TBD\napprovers:\n  - TBD\nsee-also: []\nreplaces: []\n",
        yaml_string(fill.title),
        fill.number,
        block_list(&fill.authors()),
        fill.sig,
        fill.today,
    );
    text.push_str("\n# The stage this KEP aims for in the release being worked on.\nstage: alpha\n");
    if let Some(current) = fill.current {
        text.push_str(&format!(
            "\n# The newest release in which work on this KEP happens.\nlatest-milestone: \"{current}\"\n\
             \n# The release of each stage, done or planned.\nmilestone:\n  alpha: \"{current}\"\n"
        ));
    }
    text.push_str(
        "\n# Needed from alpha on: the feature gates and the components that read them.\nfeature-gates: []\n\
         \n# Needed from beta on: metrics that show the feature works.\nmetrics: []\n",
    );
    text
}

/// The first heading of a README: `# KEP-<number>: <title>`.
fn heading(fill: &Fill) -> String {
    format!("# KEP-{}: {}", fill.number, fill.title)
}

/// The template's README with its title heading replaced and the table of contents brought up to date.
fn fill_template_readme(template: &str, fill: &Fill) -> String {
    let title = toc::headings(template).into_iter().find(|h| h.level == 1);
    let text = match title {
        Some(h) => edit::Splice { range: h.range, text: heading(fill) }.apply(template),
        None => format!("{}\n\n{template}", heading(fill)),
    };
    with_fresh_toc(text)
}

/// The sections of the KEP template (kep-format.md §7.2), headings only.
const SECTIONS: &[&str] = &[
    "## Release Signoff Checklist",
    "## Summary",
    "## Motivation",
    "### Goals",
    "### Non-Goals",
    "## Proposal",
    "### User Stories (Optional)",
    "#### Story 1 (Optional)",
    "#### Story 2 (Optional)",
    "### Notes/Constraints/Caveats (Optional)",
    "### Risks and Mitigations",
    "## Design Details",
    "### Test Plan",
    "##### Prerequisite testing updates",
    "##### Unit tests",
    "##### Integration tests",
    "##### e2e tests",
    "### Graduation Criteria",
    "### Upgrade / Downgrade Strategy",
    "### Version Skew Strategy",
    "## Production Readiness Review Questionnaire",
    "### Feature Enablement and Rollback",
    "### Rollout, Upgrade and Rollback Planning",
    "### Monitoring Requirements",
    "### Dependencies",
    "### Scalability",
    "### Troubleshooting",
    "## Implementation History",
    "## Drawbacks",
    "## Alternatives",
    "## Infrastructure Needed (Optional)",
];

fn builtin_readme(fill: &Fill) -> String {
    let mut text = format!("{}\n\n<!-- toc -->\n<!-- /toc -->\n", heading(fill));
    for section in SECTIONS {
        text.push('\n');
        text.push_str(section);
        text.push('\n');
    }
    with_fresh_toc(text)
}

fn with_fresh_toc(text: String) -> String {
    match toc::fix(&text) {
        Some((range, block)) => edit::Splice { range, text: block }.apply(&text),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::ide::fixtures::world;

    const TODAY: &str = "2026-03-04";

    fn request(sig: &str, title: &str) -> NewKep {
        NewKep { sig: sig.into(), title: title.into(), number: None, authors: vec!["me".into(), "@you".into()] }
    }

    #[test]
    fn slugs_are_short_lower_case_words() {
        assert_eq!(slug("Pod Readiness: Hints & more!"), "pod-readiness-hints-more");
        assert_eq!(slug("kubectl explain --examples"), "kubectl-explain-examples");
        assert!(slug(&"word ".repeat(40)).len() <= SLUG_CHARS);
        assert_eq!(slug("→ ≥"), "");
    }

    #[test]
    fn the_builtin_skeleton_when_there_is_no_template() {
        let (world, _) =
            world("//- /ws/keps/sig-a/41-x/kep.yaml\nkep-number: 41\nlatest-milestone: v1.33\n//- /ws/keps/prod-readiness/sig-a/57.yaml\nkep-number: 57\n");
        let s = scaffold(&world, Path::new("/ws"), &request("sig-node", "My feature"), TODAY).unwrap();
        assert_eq!((s.number, s.number_picked, s.from_template), (58, true, false));
        assert_eq!(s.dir, PathBuf::from("/ws/keps/sig-node/58-my-feature"));
        assert!(s.kep_yaml.text.starts_with(
            "title: My feature\nkep-number: 58\nauthors:\n  - \"@me\"\n  - \"@you\"\nowning-sig: sig-node\nparticipating-sigs: []\nstatus: provisional\ncreation-date: 2026-03-04\n"
        ), "{}", s.kep_yaml.text);
        assert!(s.kep_yaml.text.contains("latest-milestone: \"v1.33\"\n"));
        assert!(s.readme.text.starts_with(
            "# KEP-58: My feature\n\n<!-- toc -->\n- [Release Signoff Checklist](#release-signoff-checklist)\n"
        ));
        assert!(s.readme.text.contains("  - [Goals](#goals)\n"));
        assert_eq!(toc::check(&s.readme.text), toc::TocStatus::UpToDate);
        assert_eq!(crate::ide::kep::YamlFile::parse(&s.kep_yaml.text).tree.errors, []);
    }

    #[test]
    fn the_template_is_filled_keeping_its_comments() {
        let template = "title: KEP Template\nkep-number: NNNN\nauthors:\n  - \"@jane.doe\"\nowning-sig: sig-xyz\nparticipating-sigs:\n  - sig-aaa\nstatus: provisional|implementable\ncreation-date: yyyy-mm-dd\nreviewers:\n  - TBD\n  - \"@alice.doe\"\napprovers:\n  - TBD\n  - \"@oscar.doe\"\n\nsee-also:\n  - \"/keps/sig-aaa/1234-we-heard-you-like-keps\"\n\n# The target stage.\nstage: alpha|beta|stable\n\n# The most recent milestone.\nlatest-milestone: \"v1.19\"\n\n# Each stage.\nmilestone:\n  alpha: \"v1.19\"\n  beta: \"v1.20\"\n\nfeature-gates:\n  - name: MyFeature\n";
        let readme = "<!--\nguidance\n# not a heading\n-->\n# KEP-NNNN: Your short, descriptive title\n\n<!-- toc -->\n- [Summary](#summary)\n<!-- /toc -->\n\n## Summary\n\n## Motivation\n";
        let fixture = format!(
            "//- /ws/keps/NNNN-kep-template/kep.yaml\n{template}//- /ws/keps/NNNN-kep-template/README.md\n{readme}//- /ws/keps/sig-a/7-x/kep.yaml\nlatest-milestone: v1.35\n"
        );
        let (world, _) = world(&fixture);
        let mut req = request("sig-node", "Pod: hints");
        req.number = Some(1234);
        req.authors.clear();
        let s = scaffold(&world, Path::new("/ws"), &req, TODAY).unwrap();
        assert!(s.from_template && !s.number_picked);
        expect_test::expect![[r#"
            title: "Pod: hints"
            kep-number: 1234
            authors:
              - TBD
            owning-sig: sig-node
            participating-sigs: []
            status: provisional
            creation-date: 2026-03-04
            reviewers:
              - TBD
            approvers:
              - TBD

            see-also: []

            # The target stage.
            stage: alpha

            # The most recent milestone.
            latest-milestone: "v1.35"

            # Each stage.
            milestone:
              alpha: "v1.35"

            feature-gates:
              - name: MyFeature
        "#]]
        .assert_eq(&s.kep_yaml.text);
        assert!(s.readme.text.contains("-->\n# KEP-1234: Pod: hints\n\n<!-- toc -->\n- [Summary](#summary)\n- [Motivation](#motivation)\n<!-- /toc -->"), "{}", s.readme.text);
    }

    #[test]
    fn it_refuses_used_numbers_existing_directories_and_bad_input() {
        let (world, _) = world(
            "//- /ws/keps/sig-a/41-x/kep.yaml\nkep-number: 41\n//- /ws/keps/sig-node/42-my-feature/README.md\n# x\n",
        );
        let root = Path::new("/ws");
        let mut req = request("sig-node", "My feature");
        req.number = Some(41);
        assert_eq!(
            scaffold(&world, root, &req, TODAY).unwrap_err(),
            "KEP number 41 is already used by keps/sig-a/41-x"
        );
        req.number = Some(42);
        assert!(scaffold(&world, root, &req, TODAY).unwrap_err().ends_with("42-my-feature already exists"));
        for (sig, title) in [
            ("../x", "T"),
            ("Sig-Node", "T"),
            ("prod-readiness", "T"),
            ("sig-node", " "),
            ("sig-node", "a\nb"),
            ("sig-node", "→"),
        ] {
            assert!(scaffold(&world, root, &request(sig, title), TODAY).is_err(), "{sig} {title}");
        }
        let mut req = request("sig-node", "T");
        req.authors = vec!["not a handle".into()];
        assert_eq!(scaffold(&world, root, &req, TODAY).unwrap_err(), "`not a handle` is not a GitHub handle");
    }

    /// The new files, added to the world and checked with every rule.
    fn created(fixture: &str, title: &str) -> Result<(World, Scaffold), String> {
        let (mut world, _) = world(fixture);
        let mut req = request("sig-node", title);
        req.number = Some(4242);
        let s = scaffold(&world, Path::new("/ws"), &req, TODAY)?;
        world.set_file(s.kep_yaml.path.clone(), s.kep_yaml.text.as_str());
        world.set_file(s.readme.path.clone(), s.readme.text.as_str());
        Ok((world, s))
    }

    #[test]
    fn every_accepted_title_makes_files_that_pass_the_checks() {
        let template = "//- /ws/keps/NNNN-kep-template/README.md\n# KEP-NNNN: Your title\n\n<!-- toc -->\n<!-- /toc -->\n\n## Summary\n//- /ws/keps/sig-a/1-x/kep.yaml\nlatest-milestone: v1.35\n";
        let titles = [
            "Line\u{2028}separator",
            "Para\u{2029}graph and next\u{85}line",
            "BOM\u{feff}inside",
            "a: colon # and hash",
            "\"Quoted\" and 'single'",
            "- starts with a dash",
            "@handle first",
            "*stars* and _underscores_ and `code`",
            "50% faster, 2x smaller & simpler",
            "null",
            "Emoji 🚀 and ünïcödé",
            "Back\\slash in the middle",
        ];
        for fixture in [template, "//- /ws/keps/sig-a/1-x/kep.yaml\nlatest-milestone: v1.35\n"] {
            for title in titles {
                let (world, s) = created(fixture, title).unwrap_or_else(|e| panic!("{title:?}: {e}"));
                let yaml = crate::ide::kep::YamlFile::parse(&s.kep_yaml.text);
                assert_eq!(yaml.tree.errors, [], "{title:?}");
                assert_eq!(yaml.string("title").map(|t| t.text), Some(title.trim()), "{title:?}");
                assert!(!s.kep_yaml.text.contains(['\u{2028}', '\u{2029}', '\u{85}', '\u{feff}']), "{title:?}");
                for path in [&s.kep_yaml.path, &s.readme.path] {
                    let problems: Vec<String> = crate::ide::features::diagnostics(&world, path)
                        .iter()
                        .filter(|d| d.severity == crate::ide::diagnostic::Severity::Error || d.code == "title-mismatch")
                        .map(|d| format!("{}: {}", d.code, d.message))
                        .collect();
                    assert!(problems.is_empty(), "{title:?} {}: {problems:?}", path.display());
                }
            }
        }
    }

    #[test]
    fn titles_that_would_break_the_readme_are_refused() {
        for title in [
            "<!-- toc -->",
            "Before <!-- /toc --> after",
            "A [link](https://example.com)",
            "<b>bold</b>",
            "x --- y",
            "Escape\u{1b}[2J",
            "Tab\tinside",
            "# hashes #",
            "Tom &amp; Jerry",
        ] {
            assert!(created("", title).is_err(), "{title:?}");
        }
    }

    #[test]
    fn the_group_must_exist_and_a_near_one_is_suggested() {
        let (world, _) = world("");
        let root = Path::new("/ws");
        let error = |sig: &str| scaffold(&world, root, &request(sig, "T"), TODAY).unwrap_err();
        assert_eq!(error("node"), "`node` is not a group: did you mean `sig-node`?");
        assert_eq!(error("sig-nod"), "`sig-nod` is not a group: did you mean `sig-node`?");
        assert!(error("keps").starts_with("`keps` is not a group"), "{}", error("keps"));
        assert!(error("prod-readiness").starts_with("`prod-readiness` is not a group"));
        assert!(scaffold(&world, root, &request("wg-device-management", "T"), TODAY).is_ok());
    }

    #[test]
    fn numbers_are_bounded_and_never_wrap() {
        let (first, _) = world("//- /ws/keps/prod-readiness/sig-a/18446744073709551615.yaml\nkep-number: 1\n//- /ws/keps/sig-a/7-x/kep.yaml\nkep-number: 7\n");
        let root = Path::new("/ws");
        let s = scaffold(&first, root, &request("sig-node", "T"), TODAY).unwrap();
        assert_eq!(s.number, 8, "a name beyond 18 digits is no KEP number");
        let (full_world, _) = world("//- /ws/keps/prod-readiness/sig-a/999999999999999999.yaml\nkep-number: 1\n");
        let world = full_world;
        let full = scaffold(&world, root, &request("sig-node", "T"), TODAY).unwrap_err();
        assert!(full.starts_with("no KEP number is free above 999999999999999999"), "{full}");
        let mut req = request("sig-node", "T");
        req.number = Some(MAX_NUMBER + 1);
        expect!["KEP number 1000000000000000000 has more than 18 digits: kep-ls and the tools index no such number, so it could be given out again"].assert_eq(&scaffold(&world, root, &req, TODAY).unwrap_err());
        req.number = Some(MAX_NUMBER);
        assert_eq!(scaffold(&world, root, &req, TODAY).unwrap().number, MAX_NUMBER);
    }
}
