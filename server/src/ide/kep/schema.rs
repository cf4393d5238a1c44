//! The shape of `kep.yaml` and of PRR approval files as upstream decodes them (yaml.v3 with
//! `KnownFields`, kep-format.md §2 and §5), with the documentation shown in hover and completion.

/// What upstream's Go struct expects at a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// Any scalar; its raw text is kept.
    String,
    /// A list of scalars.
    StringList,
    /// `true`/`false` (and the YAML 1.1 spellings yaml.v3 accepts for a typed bool).
    Bool,
    /// The `milestone` map: stage → release.
    MilestoneMap,
    /// The `feature-gates` list of `{name, components}` maps.
    FeatureGateList,
    /// A PRR stage map: `{approver}`.
    PrrStage,
}

impl FieldType {
    pub fn describe(self) -> &'static str {
        match self {
            FieldType::String => "a string",
            FieldType::StringList => "a list of strings",
            FieldType::Bool => "true or false",
            FieldType::MilestoneMap => "a map of stage to release",
            FieldType::FeatureGateList => "a list of feature gates",
            FieldType::PrrStage => "a map with an approver",
        }
    }
}

/// One key of a KEP file.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub key: &'static str,
    pub ty: FieldType,
    /// Required by upstream CI (`validate:"required"`): a non-empty string or a non-null list.
    pub required: bool,
    /// Not in the template; accepted by CI, hidden from completion.
    pub undocumented: bool,
    pub doc: &'static str,
    pub example: &'static str,
}

const fn field(key: &'static str, ty: FieldType, required: bool, doc: &'static str, example: &'static str) -> Field {
    Field { key, ty, required, undocumented: false, doc, example }
}

const fn hidden(key: &'static str, doc: &'static str) -> Field {
    Field { key, ty: FieldType::String, required: false, undocumented: true, doc, example: "" }
}

/// The keys of `kep.yaml`, in the template's order.
pub const KEP_FIELDS: &[Field] = &[
    field("title", FieldType::String, true, "The KEP's title, as in the README's first heading `# KEP-<number>: <title>`.", "title: Pod Scheduling Readiness"),
    field("kep-number", FieldType::String, true, "The number of the KEP's tracking issue in kubernetes/enhancements. It names the directory (`<number>-<slug>`) and the PRR approval file (`keps/prod-readiness/<owning-sig>/<number>.yaml`).", "kep-number: 3521"),
    field("authors", FieldType::StringList, true, "GitHub handles of the authors, written `\"@handle\"`. Required (an empty list `[]` is accepted).", "authors:\n  - \"@jane.doe\""),
    field("owning-sig", FieldType::String, true, "The group that owns the KEP: a `dir` of kubernetes/community's sigs.yaml, such as `sig-node`. It should match the folder the KEP lives in.", "owning-sig: sig-scheduling"),
    field("participating-sigs", FieldType::StringList, false, "Other groups taking part, as sigs.yaml `dir` names; `kubernetes-wide` marks a project-wide change.", "participating-sigs:\n  - sig-node"),
    field("status", FieldType::String, true, "Where the KEP is in its lifecycle: `provisional`, `implementable`, `implemented`, `deferred`, `rejected`, `withdrawn` or `replaced`.", "status: implementable"),
    field("creation-date", FieldType::String, false, "The day the KEP was first written, `yyyy-mm-dd`.", "creation-date: 2024-01-30"),
    field("last-updated", FieldType::String, false, "The day the KEP was last changed, `yyyy-mm-dd`.", "last-updated: 2024-06-12"),
    field("reviewers", FieldType::StringList, false, "GitHub handles of the reviewers; `TBD` while unknown.", "reviewers:\n  - \"@alice\""),
    field("approvers", FieldType::StringList, true, "GitHub handles of the approvers from the owning group; `TBD` while unknown. Required (may be empty).", "approvers:\n  - \"@bob\""),
    field("editor", FieldType::String, false, "The KEP's editor, if different from the authors.", "editor: TBD"),
    field("see-also", FieldType::StringList, false, "Related KEPs, as `/keps/<sig>/<NNNN-slug>` paths.", "see-also:\n  - \"/keps/sig-node/1287-in-place-update-pod-resources\""),
    field("replaces", FieldType::StringList, false, "KEPs this one replaces, as `/keps/<sig>/<NNNN-slug>` paths. Each should list this KEP in its `superseded-by` and have `status: replaced`.", "replaces:\n  - \"/keps/sig-apps/1234-old-thing\""),
    field("superseded-by", FieldType::StringList, false, "KEPs that replace this one, as `/keps/<sig>/<NNNN-slug>` paths.", "superseded-by:\n  - \"/keps/sig-apps/5678-new-thing\""),
    field("stage", FieldType::String, false, "The stage the KEP targets in `latest-milestone`: `alpha`, `beta`, `stable`, `deprecated`, `disabled` or `removed`. Required for PRR once the KEP is `implementable`.", "stage: beta"),
    field("latest-milestone", FieldType::String, false, "The most recent release in which work on this KEP happened (or is planned), `\"vMAJOR.MINOR\"`. From v1.21 on, an implementable KEP needs a PRR approval file.", "latest-milestone: \"v1.31\""),
    field("milestone", FieldType::MilestoneMap, false, "The release of each stage: keys `alpha`, `beta`, `stable`, `deprecated`, `disabled`, `removed`, values `\"vMAJOR.MINOR\"`.", "milestone:\n  alpha: \"v1.30\"\n  beta: \"v1.31\""),
    field("feature-gates", FieldType::FeatureGateList, false, "The feature gates the KEP adds, each with a `name` and the `components` that read it. Expected from alpha on.", "feature-gates:\n  - name: MyFeature\n    components:\n      - kube-apiserver"),
    field("disable-supported", FieldType::Bool, false, "Whether the feature can be turned off again once enabled (`true`/`false`). Expected from alpha on.", "disable-supported: true"),
    field("metrics", FieldType::StringList, false, "Metrics that tell operators whether the feature works. Expected from beta on.", "metrics:\n  - my_feature_metric"),
    hidden("id", "Not documented; accepted by upstream's decoder."),
    hidden("name", "Not documented; accepted by upstream's decoder."),
    hidden("prnumber", "Not documented; accepted by upstream's decoder."),
    hidden("path", "Not documented; accepted by upstream's decoder."),
];

/// The keys of `milestone`, each a release.
pub const MILESTONE_FIELDS: &[Field] = &[
    field(
        "alpha",
        FieldType::String,
        false,
        "The release in which the feature reached (or will reach) alpha.",
        "alpha: \"v1.30\"",
    ),
    field(
        "beta",
        FieldType::String,
        false,
        "The release in which the feature reached (or will reach) beta.",
        "beta: \"v1.31\"",
    ),
    field(
        "stable",
        FieldType::String,
        false,
        "The release in which the feature reached (or will reach) stable (GA).",
        "stable: \"v1.33\"",
    ),
    field(
        "deprecated",
        FieldType::String,
        false,
        "The release in which the feature was deprecated.",
        "deprecated: \"v1.30\"",
    ),
    field("removed", FieldType::String, false, "The release from which the feature is removed.", "removed: \"v1.33\""),
    field(
        "disabled",
        FieldType::String,
        false,
        "The release in which the feature was disabled by default.",
        "disabled: \"v1.31\"",
    ),
];

/// The keys of a `feature-gates` item.
pub const FEATURE_GATE_FIELDS: &[Field] = &[
    field(
        "name",
        FieldType::String,
        false,
        "The feature gate's name, as passed to `--feature-gates`.",
        "name: MyFeature",
    ),
    field(
        "components",
        FieldType::StringList,
        false,
        "The components that read the gate, such as `kube-apiserver`, `kubelet`.",
        "components:\n  - kube-apiserver",
    ),
];

/// The keys of a PRR approval file `keps/prod-readiness/<sig>/<kep-number>.yaml`.
pub const PRR_FIELDS: &[Field] = &[
    field(
        "kep-number",
        FieldType::String,
        true,
        "The KEP's number (upstream does not compare it with the file name).",
        "kep-number: 3521",
    ),
    field(
        "alpha",
        FieldType::PrrStage,
        false,
        "The PRR approval for the alpha stage.",
        "alpha:\n  approver: \"@wojtek-t\"",
    ),
    field(
        "beta",
        FieldType::PrrStage,
        false,
        "The PRR approval for the beta stage.",
        "beta:\n  approver: \"@wojtek-t\"",
    ),
    field(
        "stable",
        FieldType::PrrStage,
        false,
        "The PRR approval for the stable stage.",
        "stable:\n  approver: \"@wojtek-t\"",
    ),
    field(
        "deprecated",
        FieldType::PrrStage,
        false,
        "The PRR approval for the deprecated stage.",
        "deprecated:\n  approver: \"@wojtek-t\"",
    ),
    field(
        "removed",
        FieldType::PrrStage,
        false,
        "The PRR approval for the removed stage.",
        "removed:\n  approver: \"@wojtek-t\"",
    ),
    field(
        "disabled",
        FieldType::PrrStage,
        false,
        "The PRR approval for the disabled stage.",
        "disabled:\n  approver: \"@wojtek-t\"",
    ),
];

/// The key of a PRR stage map.
pub const PRR_STAGE_FIELDS: &[Field] = &[field(
    "approver",
    FieldType::String,
    true,
    "The PRR approver for this stage: a member of `prod-readiness-approvers` in OWNERS_ALIASES, with or without `@`.",
    "approver: \"@wojtek-t\"",
)];

/// The seven statuses, with what each means in the lifecycle.
pub const STATUSES: &[(&str, &str)] = &[
    (
        "provisional",
        "Being discussed: the owning SIG agrees the idea is worth pursuing, the design is not settled yet.",
    ),
    ("implementable", "Approved for implementation: design and PRR are agreed, work can merge in `latest-milestone`."),
    ("implemented", "Done: the feature has shipped as `stable` (or the change is complete). Requires `stage: stable`."),
    ("deferred", "Accepted in principle but not being worked on now."),
    ("rejected", "Declined by the owning SIG; kept for the record."),
    ("withdrawn", "Withdrawn by its authors."),
    ("replaced", "Superseded by another KEP, named in `superseded-by`."),
];

/// The six stages, with what each means.
pub const STAGES: &[(&str, &str)] = &[
    ("alpha", "Behind a feature gate that is off by default; may change or go away."),
    ("beta", "Feature gate usually on by default; well tested, API may still change in compatible ways."),
    ("stable", "Generally available; the feature gate is locked on and later removed."),
    ("deprecated", "Announced for removal; still works."),
    ("disabled", "Turned off by default on the way to removal."),
    ("removed", "Gone from the code base."),
];

pub fn kep_field(key: &str) -> Option<&'static Field> {
    KEP_FIELDS.iter().find(|f| f.key == key)
}

pub fn is_status(value: &str) -> bool {
    STATUSES.iter().any(|(s, _)| *s == value)
}

pub fn is_stage(value: &str) -> bool {
    STAGES.iter().any(|(s, _)| *s == value)
}

/// Whether yaml.v3 accepts a scalar for a typed bool: `true`/`false` resolved from a plain
/// scalar, or one of the YAML 1.1 spellings it allows for compatibility (quoted or not).
pub fn is_accepted_bool(text: &str, quoted: bool) -> bool {
    const CORE: &[&str] = &["true", "True", "TRUE", "false", "False", "FALSE"];
    YAML11_BOOLS.contains(&text) || (!quoted && CORE.contains(&text))
}

/// The YAML 1.1 spellings yaml.v3 reads into a typed bool, quoted or not.
pub const YAML11_BOOLS: &[&str] =
    &["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off", "OFF"];
