//! Named-entity labels: shared by the NER model, entity linking and the contract.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The kind of a named entity, as the UNER / CoNLL annotation names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EntityLabel {
    /// A person.
    #[serde(rename = "PER")]
    Per,
    /// An organization: party, company, ministry, agency, outlet.
    #[serde(rename = "ORG")]
    Org,
    /// A place: country, city, region, building used as a place.
    #[serde(rename = "LOC")]
    Loc,
    /// Anything else with a name (events, products, nationalities).
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityLabel {
    /// Every label, in a fixed order (for per-label tables).
    pub const ALL: [EntityLabel; 4] = [
        EntityLabel::Per,
        EntityLabel::Org,
        EntityLabel::Loc,
        EntityLabel::Misc,
    ];

    /// The annotation name: `PER`, `ORG`, `LOC`, `MISC`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityLabel::Per => "PER",
            EntityLabel::Org => "ORG",
            EntityLabel::Loc => "LOC",
            EntityLabel::Misc => "MISC",
        }
    }
}

impl fmt::Display for EntityLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EntityLabel {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "PER" => Ok(EntityLabel::Per),
            "ORG" => Ok(EntityLabel::Org),
            "LOC" => Ok(EntityLabel::Loc),
            "MISC" => Ok(EntityLabel::Misc),
            other => Err(format!("unknown entity label {other:?}")),
        }
    }
}
