//! The corpus-wide entity registry: the entities of every article merged by the
//! same rules that link mentions within one article.
//!
//! An article's entity joins a registry entity when they share a form (up to case,
//! hyphens and genitive), when two multi-word person names are spelling variants,
//! or when a one-word person name (an article that says only `Trump`) fits exactly
//! one registered full name. The canonical name is recomputed from all aliases as
//! the corpus grows; the id stays the one the entity got when first registered.

use std::collections::{BTreeMap, HashMap};

use kilde_core::{ArticleDate, Entity, EntityLabel};
use serde::Serialize;

use crate::entities::canonical_name;
use crate::names::{compact, parts, spelling_variants};

/// One real-world entity across the corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistryEntity {
    /// Stable id (the first article's entity id).
    pub id: String,
    /// The label most of its mentions carry.
    pub label: EntityLabel,
    /// The fullest, most frequent alias.
    pub canonical: String,
    /// Every form seen, with its mention count.
    pub aliases: BTreeMap<String, u64>,
    /// Mentions over the whole corpus.
    pub mentions: u64,
    /// Articles that mention it.
    pub articles: u64,
    /// Earliest article date that mentions it.
    pub first_seen: Option<ArticleDate>,
    /// Latest article date that mentions it.
    pub last_seen: Option<ArticleDate>,
    #[serde(skip)]
    labels: BTreeMap<EntityLabel, u64>,
}

/// All entities of a corpus.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    entities: Vec<RegistryEntity>,
    /// (is a person, compacted alias) → entity index.
    by_alias: HashMap<(bool, String), usize>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Registry::default()
    }

    /// The entities, in order of registration.
    pub fn entities(&self) -> &[RegistryEntity] {
        &self.entities
    }

    /// Adds one article's linked entities; returns the registry index of each.
    pub fn add(&mut self, date: Option<ArticleDate>, entities: &[Entity]) -> Vec<usize> {
        entities
            .iter()
            .map(|entity| {
                let person = entity.label == EntityLabel::Per;
                let index = self
                    .find(person, entity.forms.iter().map(|(f, _)| f.as_str()))
                    .unwrap_or_else(|| {
                        self.entities.push(RegistryEntity {
                            id: entity.id.clone(),
                            label: entity.label,
                            canonical: entity.canonical.clone(),
                            aliases: BTreeMap::new(),
                            mentions: 0,
                            articles: 0,
                            first_seen: date,
                            last_seen: date,
                            labels: BTreeMap::new(),
                        });
                        self.entities.len() - 1
                    });
                let registered = &mut self.entities[index];
                for (form, n) in &entity.forms {
                    *registered.aliases.entry(form.clone()).or_default() += *n as u64;
                    *registered.labels.entry(entity.label).or_default() += *n as u64;
                    registered.mentions += *n as u64;
                    self.by_alias.insert((person, compact(form)), index);
                }
                registered.articles += 1;
                if let Some(date) = date {
                    registered.first_seen =
                        Some(registered.first_seen.map_or(date, |d| d.min(date)));
                    registered.last_seen = Some(registered.last_seen.map_or(date, |d| d.max(date)));
                }
                registered.canonical =
                    canonical_name(registered.aliases.iter().map(|(f, n)| (f.as_str(), *n)));
                registered.label = *registered
                    .labels
                    .iter()
                    .max_by_key(|(_, n)| **n)
                    .map(|(l, _)| l)
                    .expect("an entity has at least one mention");
                index
            })
            .collect()
    }

    fn find<'a>(
        &self,
        person: bool,
        forms: impl Iterator<Item = &'a str> + Clone,
    ) -> Option<usize> {
        if let Some(&i) = forms
            .clone()
            .find_map(|f| self.by_alias.get(&(person, compact(f))))
        {
            return Some(i);
        }
        if !person {
            return None;
        }
        let candidates = |fits: &dyn Fn(&RegistryEntity) -> bool| -> Vec<usize> {
            (0..self.entities.len())
                .filter(|&i| self.entities[i].label == EntityLabel::Per && fits(&self.entities[i]))
                .collect()
        };
        let variants = candidates(&|e| {
            forms
                .clone()
                .any(|f| e.aliases.keys().any(|a| spelling_variants(a, f)))
        });
        if let Some(&i) = variants.first() {
            return Some(i);
        }
        // A lone surname joins a full name only when it cannot mean anyone else.
        let single: Vec<&str> = forms.clone().filter(|f| parts(f).len() == 1).collect();
        if single.len() == forms.clone().count() {
            let surnames = candidates(&|e| {
                let full = parts(&e.canonical);
                full.len() > 1 && single.iter().any(|s| full.last() == parts(s).last())
            });
            if let [only] = surnames[..] {
                return Some(only);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::link;
    use EntityLabel::{Loc, Per};

    fn day(s: &str) -> Option<ArticleDate> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn merges_across_articles_and_tracks_dates() {
        let mut registry = Registry::new();
        registry.add(
            day("2018-03-09"),
            &link(&[("Chung Eui-young", Per), ("USA's", Loc)]).entities,
        );
        registry.add(
            day("2018-03-02"),
            &link(&[("Chung Eui-yong", Per), ("USA", Loc)]).entities,
        );
        registry.add(
            day("2018-04-01"),
            &link(&[("Chung Eui-yong", Per)]).entities,
        );
        let entities = registry.entities();
        assert_eq!(entities.len(), 2);
        let chung = &entities[0];
        assert_eq!(chung.canonical, "Chung Eui-yong");
        assert_eq!(chung.aliases.len(), 2);
        assert_eq!((chung.mentions, chung.articles), (3, 3));
        assert_eq!(chung.first_seen, day("2018-03-02"));
        assert_eq!(chung.last_seen, day("2018-04-01"));
        assert_eq!(entities[1].canonical, "USA");
    }

    #[test]
    fn a_lone_surname_joins_only_an_unambiguous_person() {
        let mut registry = Registry::new();
        registry.add(None, &link(&[("Donald Trump", Per)]).entities);
        registry.add(None, &link(&[("Trump", Per)]).entities);
        assert_eq!(registry.entities().len(), 1);
        registry.add(None, &link(&[("Ivanka Trump", Per)]).entities);
        registry.add(None, &link(&[("Trump", Per)]).entities);
        // "Trump" was already registered as an alias of Donald Trump.
        assert_eq!(registry.entities().len(), 2);
        registry.add(None, &link(&[("Holm", Per)]).entities);
        registry.add(None, &link(&[("Anna Holm", Per)]).entities);
        registry.add(None, &link(&[("Peter Holm", Per)]).entities);
        assert_eq!(registry.entities().len(), 5);
    }
}
