//! Entities as things, not strings: linking the NER mentions of one article.
//!
//! Mentions are grouped when they name the same thing: equal forms up to case,
//! hyphens and genitive (`USA's` → `USA`, `Nordkoreas` → `Nordkorea` when
//! `Nordkorea` occurs too); spelling variants of a multi-word person name
//! (`Chung Eui-young` / `Chung Eui-yong`, `Kim Jong-un` / `Kim Jong Un`); and
//! short forms of a person named in full elsewhere in the article (`Trump`, `Kim`,
//! `Karina Lund` for `Karina Bech Lund`). Longer names are linked first, so short
//! forms attach to a full name wherever in the article it stands.

use std::collections::HashSet;

use kilde_core::{Entity, EntityLabel};

use crate::names::{
    acronym_head, compact, parts, spelling_variants, strip_apostrophe_genitive, strip_genitive_s,
};

/// The result of linking: which entity each mention names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Linked {
    /// For each input mention, in input order, an index into `entities`.
    pub mentions: Vec<usize>,
    /// The entities, in order of first mention. Ids hash label and canonical name,
    /// so the same entity in a republished copy of an article gets the same id;
    /// the canonical name is the fullest form, then the most frequent, ties going
    /// to the alphabetically first so the choice does not depend on text order.
    pub entities: Vec<Entity>,
}

/// Persons only link to persons; other labels may link to each other, since NER
/// often hesitates between ORG and LOC (`Det Hvide Hus`).
fn compatible(a: EntityLabel, b: EntityLabel) -> bool {
    (a == EntityLabel::Per) == (b == EntityLabel::Per)
}

/// The normalized form of each mention: genitives removed where certain.
pub fn normalized_forms(mentions: &[(&str, EntityLabel)]) -> Vec<String> {
    let bases: Vec<&str> = mentions
        .iter()
        .map(|(s, _)| {
            let base = strip_apostrophe_genitive(s);
            acronym_head(base).unwrap_or(base)
        })
        .collect();
    let known: HashSet<String> = bases.iter().map(|b| compact(b)).collect();
    let person_words: HashSet<String> = mentions
        .iter()
        .zip(&bases)
        .filter(|((_, label), base)| {
            *label == EntityLabel::Per && base.split_whitespace().nth(1).is_some()
        })
        .flat_map(|(_, base)| parts(base))
        .collect();
    bases
        .iter()
        .zip(mentions)
        .map(|(base, (_, label))| {
            let stripped = strip_genitive_s(base).filter(|s| {
                known.contains(&compact(s))
                    || (*label == EntityLabel::Per && person_words.contains(&s.to_lowercase()))
            });
            stripped.unwrap_or(base).to_string()
        })
        .collect()
}

struct Cluster {
    labels: Vec<EntityLabel>,
    forms: Vec<String>,
    /// Positions (input indices) of its mentions.
    positions: Vec<usize>,
}

impl Cluster {
    fn fullest(&self) -> &str {
        self.forms
            .iter()
            .max_by_key(|f| name_parts(f))
            .map_or("", String::as_str)
    }

    fn label(&self) -> EntityLabel {
        *EntityLabel::ALL
            .iter()
            .max_by_key(|l| {
                (
                    self.labels.iter().filter(|x| x == l).count(),
                    std::cmp::Reverse(**l),
                )
            })
            .expect("ALL is not empty")
    }
}

/// Links the mentions `(surface form, label)` of one article, given in text order.
pub fn link(mentions: &[(&str, EntityLabel)]) -> Linked {
    let forms = normalized_forms(mentions);
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(forms[i].split_whitespace().count()));

    let mut clusters: Vec<Cluster> = Vec::new();
    let mut assigned = vec![usize::MAX; mentions.len()];
    for i in order {
        let (form, label) = (&forms[i], mentions[i].1);
        let key = compact(form);
        let same_form = || {
            clusters.iter().position(|c| {
                compatible(c.labels[0], label) && c.forms.iter().any(|f| compact(f) == key)
            })
        };
        let variant = || {
            clusters.iter().position(|c| {
                c.labels[0] == EntityLabel::Per
                    && c.forms.iter().any(|f| spelling_variants(f, form))
            })
        };
        let found = if label != EntityLabel::Per {
            same_form()
        } else if form.split_whitespace().nth(1).is_none() {
            // A lone name picks among the full names it could shorten, nearest first,
            // before matching an earlier lone use of the same word.
            short_form_of(form, i, &clusters).or_else(same_form)
        } else {
            same_form()
                .or_else(variant)
                .or_else(|| short_form_of(form, i, &clusters))
        };
        let index = found.unwrap_or_else(|| {
            clusters.push(Cluster {
                labels: Vec::new(),
                forms: Vec::new(),
                positions: Vec::new(),
            });
            clusters.len() - 1
        });
        let cluster = &mut clusters[index];
        cluster.labels.push(label);
        cluster.forms.push(form.clone());
        cluster.positions.push(i);
        assigned[i] = index;
    }

    // Number entities in order of first mention.
    let mut by_first: Vec<usize> = (0..clusters.len()).collect();
    by_first.sort_by_key(|&c| clusters[c].positions.iter().min().copied());
    let mut renumber = vec![0; clusters.len()];
    for (new, &old) in by_first.iter().enumerate() {
        renumber[old] = new;
    }
    let entities = by_first.iter().map(|&c| entity(&clusters[c])).collect();
    Linked {
        mentions: assigned.iter().map(|&c| renumber[c]).collect(),
        entities,
    }
}

/// A person cluster that `form` (fewer words) is a short form of: one word of the
/// full name (`Trump`, `Løkke`, `Kim` for Kim Jong-un), or several of its words
/// ending with its surname (`Karina Lund` for Karina Bech Lund). When several fit,
/// the one mentioned nearest before position `at` wins.
fn short_form_of(form: &str, at: usize, clusters: &[Cluster]) -> Option<usize> {
    let words = parts(form);
    let fits = |c: &Cluster| {
        let full = parts(c.fullest());
        if c.labels[0] != EntityLabel::Per || full.len() <= words.len() {
            return false;
        }
        let ends_with_surname = words.len() == 1 || words.last() == full.last();
        ends_with_surname && words.iter().all(|w| full.contains(w))
    };
    let nearest_before = |c: &Cluster| {
        let before = c.positions.iter().filter(|&&p| p < at).max().copied();
        (
            before.is_some(),
            before.map_or(usize::MAX - c.positions[0], |p| p),
        )
    };
    clusters
        .iter()
        .enumerate()
        .filter(|(_, c)| fits(c))
        .max_by_key(|(_, c)| nearest_before(c))
        .map(|(i, _)| i)
}

fn entity(cluster: &Cluster) -> Entity {
    let mut forms: Vec<(String, usize)> = Vec::new();
    for form in &cluster.forms {
        match forms.iter_mut().find(|(f, _)| f == form) {
            Some((_, n)) => *n += 1,
            None => forms.push((form.clone(), 1)),
        }
    }
    let canonical = canonical_name(forms.iter().map(|(f, n)| (f.as_str(), *n as u64)));
    let label = cluster.label();
    Entity {
        id: entity_id(label, &canonical),
        label,
        canonical,
        forms,
    }
}

/// How full a name is: its runs of letters, so `Kim Jong-un` and `Kim Jong Un` are
/// equally full (3) and fuller than `Kim` (1), whatever their spelling.
fn name_parts(name: &str) -> usize {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .count()
}

/// The fullest form, then the most frequent, then the alphabetically first.
pub fn canonical_name<'a>(forms: impl Iterator<Item = (&'a str, u64)>) -> String {
    forms
        .max_by(|(a, na), (b, nb)| {
            (name_parts(a), na)
                .cmp(&(name_parts(b), nb))
                .then_with(|| b.cmp(a))
        })
        .map(|(f, _)| f.to_string())
        .unwrap_or_default()
}

/// 12 hex digits of the XXH3 hash of label and compacted canonical name.
pub fn entity_id(label: EntityLabel, canonical: &str) -> String {
    let key = format!("{}\0{}", label.as_str(), compact(canonical));
    format!("{:012x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()) >> 16)
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityLabel::{Loc, Org, Per};

    fn canonicals(mentions: &[(&str, EntityLabel)]) -> Vec<String> {
        let linked = link(mentions);
        linked
            .mentions
            .iter()
            .map(|&e| linked.entities[e].canonical.clone())
            .collect()
    }

    #[test]
    fn short_forms_link_to_the_full_name_before_or_after() {
        let got = canonicals(&[
            ("Trump", Per),
            ("Donald Trump", Per),
            ("Trump", Per),
            ("Trumps", Per),
        ]);
        assert_eq!(got, ["Donald Trump"; 4]);
    }

    #[test]
    fn korean_names_shorten_to_the_family_name() {
        let got = canonicals(&[
            ("Kim Jong-un", Per),
            ("Kim", Per),
            ("Kim Jong-un", Per),
            ("Kim Jong Un", Per),
        ]);
        assert_eq!(got, ["Kim Jong-un"; 4]);
    }

    #[test]
    fn transliteration_variants_are_one_entity_with_an_order_free_canonical() {
        let a = link(&[("Chung Eui-young", Per), ("Chung Eui-yong", Per)]);
        let b = link(&[("Chung Eui-yong", Per), ("Chung Eui-young", Per)]);
        assert_eq!(a.entities.len(), 1);
        assert_eq!(a.entities[0].canonical, b.entities[0].canonical);
        assert_eq!(a.entities[0].id, b.entities[0].id);
    }

    #[test]
    fn genitives_link_to_the_base_form() {
        let got = canonicals(&[
            ("Nordkoreas", Loc),
            ("USA's", Loc),
            ("Nordkorea", Loc),
            ("USA", Loc),
        ]);
        assert_eq!(got, ["Nordkorea", "USA", "Nordkorea", "USA"]);
        assert_eq!(
            canonicals(&[("FN-resolutioner", Org), ("FN", Org)]),
            ["FN", "FN"]
        );
        // Without a base form in the text, a final s stays: it may be the name itself.
        assert_eq!(canonicals(&[("Aarhus", Loc)]), ["Aarhus"]);
    }

    #[test]
    fn different_people_stay_apart() {
        let linked = link(&[
            ("Mette Frederiksen", Per),
            ("Lars Løkke Rasmussen", Per),
            ("Løkke", Per),
            ("Frederiksen", Per),
            ("Kim Jong-un", Per),
            ("Kim Yo-jong", Per),
        ]);
        assert_eq!(linked.entities.len(), 4);
        assert_eq!(linked.mentions, [0, 1, 1, 0, 2, 3]);
    }

    #[test]
    fn a_shared_surname_goes_to_the_nearest_earlier_person() {
        let got = canonicals(&[
            ("Anna Holm", Per),
            ("Peter Holm", Per),
            ("Holm", Per),
            ("Anna Holm", Per),
            ("Holm", Per),
        ]);
        assert_eq!(
            got,
            [
                "Anna Holm",
                "Peter Holm",
                "Peter Holm",
                "Anna Holm",
                "Anna Holm"
            ]
        );
    }

    #[test]
    fn org_and_loc_readings_of_one_name_merge_but_persons_do_not() {
        let linked = link(&[
            ("Det Hvide Hus", Org),
            ("Det Hvide Hus", Loc),
            ("Det Hvide Hus", Loc),
        ]);
        assert_eq!(linked.entities.len(), 1);
        assert_eq!(linked.entities[0].label, Loc);
        let linked = link(&[("Jordan", Per), ("Jordan", Loc)]);
        assert_eq!(linked.entities.len(), 2);
    }
}

/// The pipeline step that links the mentions an NER step put in the [`Doc`].
#[derive(Debug, Default, Clone, Copy)]
pub struct EntityLinker;

impl kilde_nlp::Component for EntityLinker {
    fn name(&self) -> &'static str {
        "entity-linker"
    }

    fn process(&self, article: &kilde_core::Article, doc: &mut kilde_core::Doc) {
        let mentions: Vec<(&str, EntityLabel)> = doc
            .mentions
            .iter()
            .map(|m| (&article.text[m.span.range()], m.label))
            .collect();
        let linked = link(&mentions);
        doc.entities = linked.entities;
        for (mention, entity) in doc.mentions.iter_mut().zip(linked.mentions) {
            mention.entity = Some(entity);
        }
    }
}
