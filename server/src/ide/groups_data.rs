//! The groups of kubernetes/community's `sigs.yaml`, built into the binary: `dir`, display name, kind.
//! Generated from `../shared/data/sigs.yaml` by `groups::tests::builtin_groups_match_sigs_yaml`; do not
//! edit. Regenerate with `UPDATE_EXPECT=1 cargo test -j 2 builtin_groups_match_sigs_yaml`.

use super::groups::GroupKind::{self, *};

pub const GROUPS: &[(&str, &str, GroupKind)] = &[
    ("sig-api-machinery", "API Machinery", Sig),
    ("sig-apps", "Apps", Sig),
    ("sig-architecture", "Architecture", Sig),
    ("sig-auth", "Auth", Sig),
    ("sig-autoscaling", "Autoscaling", Sig),
    ("sig-cli", "CLI", Sig),
    ("sig-cloud-provider", "Cloud Provider", Sig),
    ("sig-cluster-lifecycle", "Cluster Lifecycle", Sig),
    ("sig-contributor-experience", "Contributor Experience", Sig),
    ("sig-docs", "Docs", Sig),
    ("sig-etcd", "etcd", Sig),
    ("sig-instrumentation", "Instrumentation", Sig),
    ("sig-k8s-infra", "K8s Infra", Sig),
    ("sig-multicluster", "Multicluster", Sig),
    ("sig-network", "Network", Sig),
    ("sig-node", "Node", Sig),
    ("sig-release", "Release", Sig),
    ("sig-scalability", "Scalability", Sig),
    ("sig-scheduling", "Scheduling", Sig),
    ("sig-security", "Security", Sig),
    ("sig-storage", "Storage", Sig),
    ("sig-testing", "Testing", Sig),
    ("sig-ui", "UI", Sig),
    ("sig-windows", "Windows", Sig),
    ("wg-ai-gateway", "AI Gateway", WorkingGroup),
    ("wg-batch", "Batch", WorkingGroup),
    ("wg-checkpoint-restore", "Checkpoint Restore", WorkingGroup),
    ("wg-data-protection", "Data Protection", WorkingGroup),
    ("wg-device-management", "Device Management", WorkingGroup),
    ("wg-etcd-operator", "etcd Operator", WorkingGroup),
    ("wg-node-lifecycle", "Node Lifecycle", WorkingGroup),
    ("wg-workload-aware-scheduling", "Workload-aware Scheduling", WorkingGroup),
    ("committee-code-of-conduct", "Code of Conduct", Committee),
    ("committee-security-response", "Security Response", Committee),
    ("committee-steering", "Steering", Committee),
];
