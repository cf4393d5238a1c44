//! `OWNERS_ALIASES` at a repository root: the aliases whose members may approve production
//! readiness (`prod-readiness-approvers` and its emeritus list).

use super::yaml;

pub const PRR_APPROVERS: &str = "prod-readiness-approvers";
pub const PRR_APPROVERS_EMERITUS: &str = "prod-readiness-approvers-emeritus";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OwnersAliases {
    /// Alias name → members, in file order.
    pub aliases: Vec<(String, Vec<String>)>,
    /// Set when the file does not parse; the approver check is then skipped.
    pub error: Option<String>,
}

impl OwnersAliases {
    pub fn parse(text: &str) -> Self {
        let tree = yaml::parse(text);
        let error = tree.errors.first().map(|e| e.message.clone());
        let aliases = tree
            .root
            .as_ref()
            .and_then(|root| root.get("aliases"))
            .and_then(|entry| entry.value.as_map())
            .map(|entries| {
                entries
                    .iter()
                    .filter_map(|e| {
                        let members = e.value.as_seq()?.iter().filter_map(|m| m.as_str()).map(str::to_string).collect();
                        Some((e.key_str()?.to_string(), members))
                    })
                    .collect()
            })
            .unwrap_or_default();
        OwnersAliases { aliases, error }
    }

    pub fn members(&self, alias: &str) -> &[String] {
        self.aliases.iter().find(|(name, _)| name == alias).map_or(&[], |(_, m)| m.as_slice())
    }

    /// The PRR approvers, current then emeritus, as upstream combines them.
    pub fn prr_approvers(&self) -> Vec<&str> {
        self.members(PRR_APPROVERS).iter().chain(self.members(PRR_APPROVERS_EMERITUS)).map(String::as_str).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prr_approvers_include_emeritus() {
        let owners = OwnersAliases::parse(
            "aliases:\n  sig-x:\n    - a\n  prod-readiness-approvers:\n    - wojtek-t\n    - jpbetz\n  prod-readiness-approvers-emeritus:\n    - ehashman\n",
        );
        assert_eq!(owners.prr_approvers(), ["wojtek-t", "jpbetz", "ehashman"]);
        assert_eq!(owners.members("sig-x"), ["a"]);
    }

    #[test]
    fn the_real_file_parses() {
        let Some(path) = crate::test_data::shared("data/OWNERS_ALIASES") else { return };
        let text = std::fs::read_to_string(path).unwrap();
        let owners = OwnersAliases::parse(&text);
        assert!(owners.error.is_none());
        assert!(owners.prr_approvers().contains(&"wojtek-t"));
    }
}
