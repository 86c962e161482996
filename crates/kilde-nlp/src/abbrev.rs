//! Danish abbreviations: which `word.` keeps its period.
//!
//! The list is written by hand from Danish usage (news, public documents); it is
//! not extracted from any test data. Lookups lowercase ASCII and `ÆØÅ` into a stack
//! buffer, so they never allocate.

use std::sync::OnceLock;

/// How an abbreviation stem (without its final period) behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevKind {
    /// Never an ordinary word: `kr.`, `f.eks.`, `pct.` always keep the period.
    Always,
    /// Also an ordinary word (`min.` = minutter or *min*, `nat.`, `med.`): keeps the
    /// period only when the next word starts in lowercase or with a digit.
    Ambiguous,
}

/// Looks up a stem such as `kr`, `Evt` or `f.eks` (case-insensitive).
pub fn lookup(stem: &str) -> Option<AbbrevKind> {
    // No listed stem is longer than 11 bytes or starts with a non-letter.
    let first = stem.as_bytes().first().copied().unwrap_or(0);
    // Undotted stems are at most six bytes (`forts`, `ekskl`).
    let long = stem.len() > 11 || (stem.len() > 6 && !stem.contains('.'));
    if long || !(first.is_ascii_alphabetic() || first >= 0xc3) {
        return None;
    }
    let lower = lowercase_key(stem.as_bytes());
    let (always, ambiguous) = keys();
    if always.binary_search(&lower).is_ok() {
        Some(AbbrevKind::Always)
    } else if ambiguous.binary_search(&lower).is_ok() {
        Some(AbbrevKind::Ambiguous)
    } else {
        None
    }
}

/// A string of at most 15 bytes as one integer: its bytes, little-endian, and
/// its length in the top byte. Equal keys mean equal strings.
#[inline]
fn key(bytes: &[u8]) -> u128 {
    debug_assert!(bytes.len() < 16);
    let mut k = (bytes.len() as u128) << 120;
    for (i, &b) in bytes.iter().enumerate() {
        k |= u128::from(b) << (8 * i);
    }
    k
}

/// The keys of [`ALWAYS`] and [`AMBIGUOUS`], sorted, built once: a lookup then
/// compares integers instead of calling `memcmp`.
fn keys() -> &'static (Vec<u128>, Vec<u128>) {
    static KEYS: OnceLock<(Vec<u128>, Vec<u128>)> = OnceLock::new();
    KEYS.get_or_init(|| {
        let sorted = |list: &[&str]| {
            let mut k: Vec<u128> = list.iter().map(|s| key(s.as_bytes())).collect();
            k.sort_unstable();
            k
        };
        (sorted(ALWAYS), sorted(AMBIGUOUS))
    })
}

/// The [`key`] of `bytes` (at most 11) lowercased like [`lowercase_into`].
#[inline]
fn lowercase_key(bytes: &[u8]) -> u128 {
    let mut k = (bytes.len() as u128) << 120;
    let mut prev_c3 = false;
    for (i, &b) in bytes.iter().enumerate() {
        let lower = if prev_c3 && (0x80..=0x9e).contains(&b) && b != 0x97 {
            b + 0x20
        } else {
            b.to_ascii_lowercase()
        };
        k |= u128::from(lower) << (8 * i);
        prev_c3 = b == 0xc3;
    }
    k
}

/// Lowercases ASCII letters and Danish/Latin-1 capitals (`Æ Ø Å É Ö Ü`) into `buf`.
#[cfg(test)]
fn lowercase_into<'a>(s: &str, buf: &'a mut [u8; 24]) -> Option<&'a str> {
    let bytes = s.as_bytes();
    if bytes.len() > buf.len() {
        return None;
    }
    let mut prev_c3 = false;
    for (i, &b) in bytes.iter().enumerate() {
        buf[i] = if prev_c3 && (0x80..=0x9e).contains(&b) && b != 0x97 {
            b + 0x20
        } else {
            b.to_ascii_lowercase()
        };
        prev_c3 = b == 0xc3;
    }
    std::str::from_utf8(&buf[..bytes.len()]).ok()
}

/// Stems that are never ordinary Danish words. Sorted (checked by a test).
const ALWAYS: &[&str] = &[
    "adm",
    "afd",
    "alm",
    "ang",
    "anm",
    "apr",
    "att",
    "aug",
    "bd",
    "bl",
    "bl.a",
    "ca",
    "cand",
    "cand.jur",
    "cand.mag",
    "cand.merc",
    "cand.phil",
    "cand.polit",
    "cand.psych",
    "cand.scient",
    "cf",
    "chr",
    "cl",
    "cm",
    "co",
    "corp",
    "cyl",
    "d.d",
    "d.m",
    "d.s",
    "d.v.s",
    "dec",
    "dgl",
    "dir",
    "div",
    "dkr",
    "dl",
    "dr",
    "dr.med",
    "dr.phil",
    "ds",
    "dvs",
    "e.kr",
    "eft",
    "egl",
    "eks",
    "ekskl",
    "etc",
    "evt",
    "ex",
    "f.eks",
    "f.kr",
    "feb",
    "fhv",
    "fig",
    "fk",
    "forts",
    "fr",
    "fx",
    "gl",
    "gns",
    "hhv",
    "hk",
    "hr",
    "ib",
    "ibid",
    "inc",
    "incl",
    "inkl",
    "instr",
    "jan",
    "jf",
    "jfr",
    "jr",
    "jun",
    "jvf",
    "kbh",
    "kg",
    "kgl",
    "kgs",
    "kl",
    "km",
    "km/t",
    "kons",
    "kr",
    "kt",
    "kvm",
    "lb",
    "lic",
    "lign",
    "ltd",
    "m.fl",
    "m.m",
    "m.v",
    "mag",
    "maks",
    "mdr",
    "mfl",
    "mg",
    "mht",
    "mia",
    "mill",
    "mio",
    "ml",
    "mm",
    "mr",
    "mrs",
    "ms",
    "mv",
    "n.b",
    "nb",
    "ndf",
    "nov",
    "nr",
    "nuv",
    "o.a",
    "o.l",
    "o.lign",
    "o.s.v",
    "o/m",
    "obs",
    "okt",
    "omkr",
    "opr",
    "osv",
    "p.t",
    "pag",
    "pc",
    "pct",
    "pga",
    "ph.d",
    "phil",
    "pkt",
    "polit",
    "pr",
    "prof",
    "pt",
    "red",
    "ref",
    "resp",
    "sdr",
    "sek",
    "sen",
    "sep",
    "sept",
    "sgt",
    "sml",
    "soc",
    "spsk",
    "st",
    "stk",
    "str",
    "stud",
    "t.h",
    "t.o.m",
    "t.v",
    "tel",
    "tidl",
    "tilsv",
    "tlf",
    "tsk",
    "udg",
    "ult",
    "vedk",
    "vedr",
    "vha",
    "vol",
    "vs",
    "årg",
    "årh",
    "øvr",
];

/// Stems that are also ordinary words, so a sentence may end on them.
const AMBIGUOUS: &[&str] = &[
    "art", "el", "fre", "gen", "ha", "jul", "lør", "man", "mar", "med", "min", "nat", "ons", "pol",
    "rad", "søn", "tir", "tor", "vind",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_and_short() {
        for stem in ALWAYS.iter().chain(AMBIGUOUS) {
            assert!(
                stem.len() <= 11 && (stem.len() <= 6 || stem.contains('.')),
                "{stem}"
            );
        }
        assert!(ALWAYS.windows(2).all(|w| w[0] < w[1]), "ALWAYS not sorted");
        assert!(
            AMBIGUOUS.windows(2).all(|w| w[0] < w[1]),
            "AMBIGUOUS not sorted"
        );
    }

    #[test]
    fn lookup_ignores_case() {
        assert_eq!(lookup("Evt"), Some(AbbrevKind::Always));
        assert_eq!(lookup("F.eks"), Some(AbbrevKind::Always));
        assert_eq!(lookup("ÅRG"), Some(AbbrevKind::Always));
        assert_eq!(lookup("min"), Some(AbbrevKind::Ambiguous));
        assert_eq!(lookup("hus"), None);
        // The integer keys agree with lowercasing into a buffer.
        for stem in ["Evt", "F.eks", "ÅRG", "Øvr", "hus", "kr", "BL.A", "Ærø"] {
            let mut buf = [0u8; 24];
            let lower = lowercase_into(stem, &mut buf).unwrap();
            assert_eq!(lowercase_key(stem.as_bytes()), key(lower.as_bytes()));
        }
    }
}
