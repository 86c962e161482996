//! Name lists as features: every token inside a listed name learns from the list's kind
//! and its position in the name.
//!
//! The lists are written for kilde (`gazetteer/*.txt`, facts: names of parties,
//! ministries, agencies, media, companies, places and common Danish names), plus Danish
//! country names read at *training* time from `gazetteer-iso-codes-da` (LGPL). The model
//! file keeps only the hashes of the lowercased names, so no list is needed at run time.

use std::path::Path;

use crate::hash::Hasher;

/// What kind of name a list holds; one bit each in [`Kind::bit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Countries (ISO 3166 Danish names, short and official forms).
    Country,
    /// Cities, capitals, regions, islands, landscapes.
    Place,
    /// Political parties.
    Party,
    /// Ministries, agencies, international bodies, companies, clubs.
    Organization,
    /// Newspapers, broadcasters, news agencies.
    Media,
    /// Given names.
    GivenName,
    /// Family names.
    FamilyName,
    /// Well-known people, full names.
    Person,
}

impl Kind {
    /// Its bit in a kind set.
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The lists that ship with the source, with their kinds.
pub const BUILTIN_LISTS: &[(Kind, &str)] = &[
    (Kind::Place, include_str!("../../gazetteer/places.txt")),
    (Kind::Party, include_str!("../../gazetteer/parties.txt")),
    (
        Kind::Organization,
        include_str!("../../gazetteer/organizations.txt"),
    ),
    (Kind::Media, include_str!("../../gazetteer/media.txt")),
    (
        Kind::GivenName,
        include_str!("../../gazetteer/given_names.txt"),
    ),
    (
        Kind::FamilyName,
        include_str!("../../gazetteer/family_names.txt"),
    ),
    (Kind::Person, include_str!("../../gazetteer/people.txt")),
];

/// Names from a list file: one per line, `#` starts a comment.
pub fn list_names(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
}

/// Danish country names (short, official and common forms) from the ISO 3166-1 TSV of
/// `gazetteer-iso-codes-da` (columns `name_da`, `official_name_da`, `common_name_da`).
pub fn read_iso_countries(path: &Path) -> std::io::Result<Vec<String>> {
    let text = std::fs::read_to_string(path)?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let cols: Vec<usize> = ["name_da", "official_name_da", "common_name_da"]
        .iter()
        .filter_map(|c| header.iter().position(|h| h == c))
        .collect();
    let mut out = Vec::new();
    for line in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        for &c in &cols {
            if let Some(name) = fields.get(c).map(|s| s.trim()).filter(|s| !s.is_empty()) {
                out.push(name.to_string());
            }
        }
    }
    Ok(out)
}

/// The hash of a name as the matcher sees it: lowercased tokens joined by one space.
/// Names are split at whitespace, as kilde's tokenizer would.
pub(crate) fn name_key(name: &str) -> (u64, usize) {
    let mut h = Hasher::new();
    let mut n = 0;
    for (i, word) in name.split_whitespace().enumerate() {
        if i > 0 {
            h.byte(b' ');
        }
        for c in word.chars() {
            for l in c.to_lowercase() {
                let mut buf = [0u8; 4];
                h.bytes(l.encode_utf8(&mut buf).as_bytes());
            }
        }
        n += 1;
    }
    (h.finish(), n)
}

/// Names with their kinds, as text: the gazetteer before hashing, and the source of
/// substitutes for training-data augmentation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameLists {
    /// Every name with its kind, in the order added.
    pub names: Vec<(Kind, String)>,
}

impl NameLists {
    /// The lists that ship with the source.
    pub fn builtin() -> Self {
        let mut lists = NameLists::default();
        for (kind, text) in BUILTIN_LISTS {
            for name in list_names(text) {
                lists.add(*kind, name);
            }
        }
        lists
    }

    /// Adds a name.
    pub fn add(&mut self, kind: Kind, name: &str) {
        self.names.push((kind, name.to_string()));
    }

    /// The hashed gazetteer of these names.
    pub fn gazetteer(&self) -> GazetteerBuilder {
        let mut g = GazetteerBuilder::default();
        for (kind, name) in &self.names {
            g.add(*kind, name);
        }
        g
    }
}

/// Hashed names with their kinds: what the model file stores.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GazetteerBuilder {
    entries: std::collections::BTreeMap<u64, u8>,
    max_len: usize,
}

impl GazetteerBuilder {
    /// Adds a name of a kind.
    pub fn add(&mut self, kind: Kind, name: &str) {
        let (key, n) = name_key(name);
        if n == 0 {
            return;
        }
        *self.entries.entry(key).or_default() |= kind.bit();
        self.max_len = self.max_len.max(n);
    }

    /// The built-in lists.
    pub fn with_builtin() -> Self {
        let mut g = GazetteerBuilder::default();
        for (kind, text) in BUILTIN_LISTS {
            for name in list_names(text) {
                g.add(*kind, name);
            }
        }
        g
    }

    /// Sorted `(hash, kinds)` pairs and the longest name in tokens.
    pub(crate) fn finish(self) -> (Vec<(u64, u8)>, usize) {
        (self.entries.into_iter().collect(), self.max_len.min(8))
    }
}
