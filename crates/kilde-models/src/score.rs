//! Entity scoring, CoNLL style: a predicted entity counts only if its token range and
//! label both equal a gold entity's.

use std::collections::BTreeMap;

use crate::iob2::GoldSpan;
use crate::ner::Label;

/// Counts for precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted entities that match a gold one exactly.
    pub tp: usize,
    /// Predicted entities.
    pub predicted: usize,
    /// Gold entities.
    pub gold: usize,
}

impl Counts {
    /// tp / predicted (0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.predicted)
    }
    /// tp / gold (0 when there is no gold entity).
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.gold)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Per-label and micro-averaged span scores.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanScores {
    /// Counts per label.
    pub labels: BTreeMap<Label, Counts>,
}

impl SpanScores {
    /// Adds one sentence: its predicted and gold entities.
    pub fn add(&mut self, predicted: &[GoldSpan], gold: &[GoldSpan]) {
        for g in gold {
            self.labels.entry(g.label).or_default().gold += 1;
        }
        for p in predicted {
            let c = self.labels.entry(p.label).or_default();
            c.predicted += 1;
            if gold.contains(p) {
                c.tp += 1;
            }
        }
    }

    /// Counts summed over `labels` (micro average).
    pub fn micro(&self, labels: &[Label]) -> Counts {
        let mut total = Counts::default();
        for (l, c) in &self.labels {
            if labels.contains(l) {
                total.add(*c);
            }
        }
        total
    }

    /// Counts for one label (zeros when it never occurred).
    pub fn label(&self, label: Label) -> Counts {
        self.labels.get(&label).copied().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(a: usize, b: usize, label: Label) -> GoldSpan {
        GoldSpan {
            tokens: a..b,
            label,
        }
    }

    #[test]
    fn exact_match_only() {
        let mut sc = SpanScores::default();
        let gold = [s(0, 2, Label::Per), s(4, 5, Label::Loc)];
        // Right span wrong label, partial span, one exact.
        let pred = [
            s(0, 2, Label::Org),
            s(4, 5, Label::Loc),
            s(6, 7, Label::Per),
        ];
        sc.add(&pred, &gold);
        let m = sc.micro(&[Label::Per, Label::Org, Label::Loc]);
        assert_eq!(
            m,
            Counts {
                tp: 1,
                predicted: 3,
                gold: 2
            }
        );
        assert!((m.f1() - 0.4).abs() < 1e-12);
        assert_eq!(
            sc.label(Label::Per),
            Counts {
                tp: 0,
                predicted: 1,
                gold: 1
            }
        );
        assert_eq!(sc.label(Label::Misc), Counts::default());
    }
}
