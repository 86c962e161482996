//! Name normalization: the rules that decide whether two surface forms name the same thing.

/// The form of a mention with its Danish genitive removed when that is certain:
/// `USA's` → `USA`, `Paris'` → `Paris`. A bare `-s` genitive (`Nordkoreas`) is
/// ambiguous (`Aarhus`, `Mercedes`), so [`strip_genitive_s`] is tried only against
/// forms known from elsewhere.
pub fn strip_apostrophe_genitive(surface: &str) -> &str {
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(base) = surface.strip_suffix(suffix)
            && !base.is_empty()
        {
            return base;
        }
    }
    surface
}

/// `FN-resolutioner` → `FN`, `NATO-topmødet` → `NATO`: a compound whose head is an
/// acronym names the acronym's entity. Names like `Jong-un` or `EU-Kommissionen`
/// (capital after the hyphen) are left whole.
pub fn acronym_head(surface: &str) -> Option<&str> {
    let (head, tail) = surface.split_once('-')?;
    let acronym = head.chars().count() >= 2 && head.chars().all(|c| c.is_uppercase());
    let lower_tail = tail.chars().next().is_some_and(char::is_lowercase) && !tail.contains(' ');
    (acronym && lower_tail && !surface.contains(' ')).then_some(head)
}

/// `Nordkoreas` → `Nordkorea`: the form without a final genitive `s`, if it has one.
pub fn strip_genitive_s(surface: &str) -> Option<&str> {
    let base = surface.strip_suffix('s')?;
    let last = base.chars().last()?;
    (base.chars().count() >= 2 && last.is_alphabetic() && last != 's').then_some(base)
}

/// The words of a name, lowercased, with hyphenated parts kept together:
/// `Kim Jong-un` → `["kim", "jong-un"]`.
pub fn parts(name: &str) -> Vec<String> {
    name.split_whitespace().map(str::to_lowercase).collect()
}

/// Letters and digits only, lowercased: `Kim Jong-un` and `Kim Jong Un` both give
/// `kimjongun`. Transliteration variants differ here by a letter or two.
pub fn compact(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Levenshtein distance over chars, stopping early once it exceeds `limit`.
pub fn edit_distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        let mut best = row[0];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
            best = best.min(row[j + 1]);
        }
        if best > limit {
            return None;
        }
    }
    (row[b.len()] <= limit).then_some(row[b.len()])
}

/// True when two multi-word person names are spellings of one name: the same
/// family name first or last, the same number of words, and the letters differing
/// by at most one edit per eight (`Chung Eui-young` / `Chung Eui-yong`,
/// `Volodymyr Zelenskyj` / `Volodymyr Zelensky`).
pub fn spelling_variants(a: &str, b: &str) -> bool {
    let (pa, pb) = (parts(a), parts(b));
    if pa.len() < 2 || pa.len() != pb.len() {
        return false;
    }
    let same_anchor = pa[0] == pb[0] || pa.last() == pb.last();
    let (ca, cb) = (compact(a), compact(b));
    let limit = (ca.len().max(cb.len()) / 8).max(1);
    same_anchor && edit_distance_within(&ca, &cb, limit).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn genitives() {
        assert_eq!(strip_apostrophe_genitive("USA's"), "USA");
        assert_eq!(strip_apostrophe_genitive("Paris'"), "Paris");
        assert_eq!(strip_apostrophe_genitive("Trump"), "Trump");
        assert_eq!(strip_genitive_s("Nordkoreas"), Some("Nordkorea"));
        assert_eq!(strip_genitive_s("Bass"), None);
        assert_eq!(strip_genitive_s("s"), None);
    }

    #[test]
    fn acronym_compounds() {
        assert_eq!(acronym_head("FN-resolutioner"), Some("FN"));
        assert_eq!(acronym_head("NATO-topmødet"), Some("NATO"));
        assert_eq!(acronym_head("EU-Kommissionen"), None);
        assert_eq!(acronym_head("Jong-un"), None);
        assert_eq!(acronym_head("Kim Jong-un"), None);
    }

    #[test]
    fn compact_ignores_hyphens_and_case() {
        assert_eq!(compact("Kim Jong-un"), compact("Kim Jong Un"));
        assert_ne!(compact("Kim Jong-un"), compact("Kim Yo-jong"));
    }

    #[test]
    fn variants() {
        assert!(spelling_variants("Chung Eui-young", "Chung Eui-yong"));
        assert!(spelling_variants(
            "Volodymyr Zelenskyj",
            "Volodymyr Zelensky"
        ));
        assert!(!spelling_variants("Kim Jong-un", "Kim Yo-jong"));
        assert!(!spelling_variants("Mette Frederiksen", "Mette Jensen"));
        assert!(!spelling_variants("Trump", "Trumf"));
    }

    #[test]
    fn edit_distance() {
        assert_eq!(edit_distance_within("kitten", "sitting", 3), Some(3));
        assert_eq!(edit_distance_within("kitten", "sitting", 2), None);
        assert_eq!(edit_distance_within("", "ab", 2), Some(2));
    }
}
