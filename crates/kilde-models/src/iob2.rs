//! Reading IOB2 NER files (UNER / CoNLL style): one token per line, blank lines between
//! sentences, `#` comment lines.
//!
//! Column layout is that of UNER Danish-DDT: `id<TAB>form<TAB>tag[<TAB>...]`. A line with
//! only two columns is read as `form<TAB>tag` (Plank's DDT files). Tags outside the
//! labels kilde knows (PER, ORG, LOC, MISC) are read as `O`.

use std::ops::Range;
use std::path::Path;

use crate::ner::Label;

/// Why an IOB2 file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum Iob2Error {
    /// The file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A token line without a tag column.
    #[error("{path}:{line}: expected `id<TAB>form<TAB>tag` or `form<TAB>tag`")]
    Format {
        /// The file.
        path: String,
        /// 1-based line number.
        line: usize,
    },
}

/// A gold entity: a token range and its label.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GoldSpan {
    /// Token indices in the sentence.
    pub tokens: Range<usize>,
    /// Its type.
    pub label: Label,
}

/// One annotated sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Iob2Sentence {
    /// Token forms.
    pub words: Vec<String>,
    /// Gold entities, in order, not overlapping.
    pub entities: Vec<GoldSpan>,
}

/// Reads an IOB2 file. `labels` chooses which entity types are kept (others become `O`).
pub fn read_iob2(path: &Path, labels: &[Label]) -> Result<Vec<Iob2Sentence>, Iob2Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Iob2Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    parse_iob2(&text, labels).map_err(|line| Iob2Error::Format {
        path: path.display().to_string(),
        line,
    })
}

/// Reads a UNER file with MISC added from the nested DaN+ column (column 4): a token that
/// is `O` in column 3 and inside an outer `MISC` entity in column 4 is tagged MISC.
/// UNER's primary column has no MISC; learning it as its own type keeps products, events
/// and works out of PER/ORG/LOC.
pub fn read_iob2_with_misc(path: &Path) -> Result<Vec<Iob2Sentence>, Iob2Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Iob2Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    let labels = [Label::Per, Label::Org, Label::Loc, Label::Misc];
    parse(&text, &labels, true).map_err(|line| Iob2Error::Format {
        path: path.display().to_string(),
        line,
    })
}

/// Parses IOB2 text; on a malformed line returns its 1-based number.
pub fn parse_iob2(text: &str, labels: &[Label]) -> Result<Vec<Iob2Sentence>, usize> {
    parse(text, labels, false)
}

fn parse(text: &str, labels: &[Label], misc: bool) -> Result<Vec<Iob2Sentence>, usize> {
    let mut sentences = Vec::new();
    let mut words = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let mut flush = |words: &mut Vec<String>, tags: &mut Vec<String>| {
        if !words.is_empty() {
            let entities = spans_from_tags(tags.iter().map(String::as_str), labels);
            sentences.push(Iob2Sentence {
                words: std::mem::take(words),
                entities,
            });
            tags.clear();
        }
    };
    for (no, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            flush(&mut words, &mut tags);
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (form, mut tag) = match cols.len() {
            0 | 1 => return Err(no + 1),
            2 => (cols[0], cols[1].trim()),
            _ => (cols[1], cols[2].trim()),
        };
        if misc && tag == "O" {
            let outer = cols.get(3).and_then(|x| x.split('#').next()).unwrap_or("");
            if outer == "B-MISC" || outer == "I-MISC" {
                tag = outer;
            }
        }
        words.push(form.to_string());
        tags.push(tag.to_string());
    }
    flush(&mut words, &mut tags);
    Ok(sentences)
}

/// Entity spans from IOB2 tags, leniently: an `I-X` after `O` or after another type starts
/// a new entity (the CoNLL evaluation script does the same).
pub fn spans_from_tags<'a>(
    tags: impl IntoIterator<Item = &'a str>,
    labels: &[Label],
) -> Vec<GoldSpan> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Label)> = None;
    let mut n = 0;
    for (i, tag) in tags.into_iter().enumerate() {
        n = i + 1;
        let (kind, label) = match tag.split_once('-') {
            Some((k, l)) => (k, Label::from_name(l).filter(|l| labels.contains(l))),
            None => (tag, None),
        };
        let continues = kind == "I" && label.is_some() && open.map(|(_, l)| Some(l)) == Some(label);
        if continues {
            continue;
        }
        if let Some((start, l)) = open.take() {
            out.push(GoldSpan {
                tokens: start..i,
                label: l,
            });
        }
        if let (Some(l), "B" | "I") = (label, kind) {
            open = Some((i, l));
        }
    }
    if let Some((start, l)) = open {
        out.push(GoldSpan {
            tokens: start..n,
            label: l,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: &[Label] = &[Label::Per, Label::Org, Label::Loc];

    #[test]
    fn reads_uner_columns_and_repairs_stray_inside_tags() {
        let text = "# sent_id = x\n1\tMette\tB-PER\tB-PER#O\ts\n2\tFrederiksen\tI-PER\tI-PER#O\ts\n\
                    3\ti\tO\tO#O\ts\n4\tOdense\tI-LOC\tB-LOC#O\ts\n\n1\tJa\tO\tO#O\ts\n";
        let s = parse_iob2(text, ALL).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].words, ["Mette", "Frederiksen", "i", "Odense"]);
        assert_eq!(
            s[0].entities,
            [
                GoldSpan {
                    tokens: 0..2,
                    label: Label::Per
                },
                GoldSpan {
                    tokens: 3..4,
                    label: Label::Loc
                }
            ]
        );
        assert!(s[1].entities.is_empty());
    }

    #[test]
    fn type_change_inside_starts_new_span_and_unknown_labels_are_o() {
        let spans = spans_from_tags(["B-ORG", "I-LOC", "B-MISC", "I-MISC", "O"], ALL);
        assert_eq!(
            spans,
            [
                GoldSpan {
                    tokens: 0..1,
                    label: Label::Org
                },
                GoldSpan {
                    tokens: 1..2,
                    label: Label::Loc
                }
            ]
        );
    }

    #[test]
    fn misc_comes_from_the_nested_column_only_when_asked() {
        let text = "1\tEM\tO\tB-MISC#O\ts\n2\ti\tO\tO#O\ts\n3\tEngland\tB-LOC\tB-LOC#O\ts\n\
                    4\tdansk\tO\tB-LOCderiv#O\ts\n";
        let all = [Label::Per, Label::Org, Label::Loc, Label::Misc];
        let with = parse(text, &all, true).unwrap();
        assert_eq!(
            with[0].entities[0],
            GoldSpan {
                tokens: 0..1,
                label: Label::Misc
            }
        );
        assert_eq!(with[0].entities.len(), 2);
        assert_eq!(parse_iob2(text, &all).unwrap()[0].entities.len(), 1);
    }

    #[test]
    fn two_column_files_and_bad_lines() {
        let s = parse_iob2("Aarhus\tB-LOC\n", ALL).unwrap();
        assert_eq!(s[0].entities.len(), 1);
        assert_eq!(parse_iob2("1\tord\tO\nord\n", ALL), Err(2));
    }
}
