//! Tag schemes: how entity spans become one tag per token, and back.

use std::ops::Range;

use super::{ARG_BITS, Label, MAX_TAGS, NEG};

/// How spans are encoded as tags. BILOU marks the last token and single-token entities
/// apart, which gives a linear model more to learn from than BIO.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// Begin, Inside, Outside.
    Bio,
    /// Begin, Inside, Last, Outside, Unit.
    Bilou,
}

/// A tag's position part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    O,
    B,
    I,
    L,
    U,
}

impl Scheme {
    /// Stored in the model file.
    pub(crate) fn code(self) -> u8 {
        match self {
            Scheme::Bio => 1,
            Scheme::Bilou => 2,
        }
    }

    pub(crate) fn from_code(code: u8) -> Option<Self> {
        match code {
            1 => Some(Scheme::Bio),
            2 => Some(Scheme::Bilou),
            _ => None,
        }
    }

    fn parts(self) -> &'static [Part] {
        match self {
            Scheme::Bio => &[Part::B, Part::I],
            Scheme::Bilou => &[Part::B, Part::I, Part::L, Part::U],
        }
    }
}

/// Transition scores as decoding reads them, the tag scheme's constraints folded in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Transitions {
    /// `into[next][j]`: the score of `next` following the `j`-th tag of its
    /// [`MoveGroup::prevs`], shifted and marked with `j` as [`ARG_BITS`] says; padded with
    /// moves that never win.
    pub(crate) into: [[i64; MAX_TAGS]; MAX_TAGS],
    /// `start[next]`: the score of a sentence starting with `next`.
    pub(crate) start: [i64; MAX_TAGS],
}

impl Default for Transitions {
    fn default() -> Self {
        Transitions {
            into: [[NEG << ARG_BITS; MAX_TAGS]; MAX_TAGS],
            start: [NEG; MAX_TAGS],
        }
    }
}

/// The tag set of a model: `O` is tag 0, then every part of every label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TagSet {
    pub(crate) scheme: Scheme,
    pub(crate) labels: Vec<Label>,
    /// For each tag: its part and its label index (`O` has label index 0, unused).
    tags: Vec<(Part, usize)>,
    /// `allowed[prev * n + next]`; row `n` (one past the last tag) is the sentence start.
    allowed: Vec<bool>,
    /// Tags that may end a sentence.
    pub(crate) can_end: Vec<bool>,
    /// Tags grouped by the tags that may precede them (not the start), ascending, so
    /// decoding looks at allowed moves only and gathers each group's previous scores once.
    /// BILOU: `O`, `B-*` and `U-*` follow `O`, `L-*` or `U-*`; `I-x` and `L-x` follow `B-x`
    /// or `I-x`.
    pub(crate) groups: Vec<MoveGroup>,
}

/// Tags that may follow the same tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MoveGroup {
    /// The tags they may follow, ascending.
    pub(crate) prevs: Vec<u8>,
    /// The tags, ascending.
    pub(crate) nexts: Vec<u8>,
    /// The previous tag of a move by its mark (see [`super::ARG_BITS`]).
    pub(crate) by_mark: [u8; MAX_TAGS],
}

impl TagSet {
    pub(crate) fn new(scheme: Scheme, labels: Vec<Label>) -> Self {
        let mut tags = vec![(Part::O, 0)];
        for l in 0..labels.len() {
            for &p in scheme.parts() {
                tags.push((p, l));
            }
        }
        let n = tags.len();
        let mut allowed = vec![false; (n + 1) * n];
        for prev in 0..=n {
            for (next, &(np, nl)) in tags.iter().enumerate() {
                // What may follow `prev`: inside parts need an open entity of the same label.
                let open = prev < n && matches!(tags[prev].0, Part::B | Part::I);
                let same = prev < n && tags[prev].1 == nl;
                let ok = match (scheme, np) {
                    (Scheme::Bio, Part::I) => open && same,
                    (Scheme::Bio, _) => true,
                    (Scheme::Bilou, Part::I | Part::L) => open && same,
                    (Scheme::Bilou, _) => !open,
                };
                allowed[prev * n + next] = ok;
            }
        }
        let can_end = tags
            .iter()
            .map(|&(p, _)| scheme == Scheme::Bio || !matches!(p, Part::B | Part::I))
            .collect();
        let mut groups: Vec<MoveGroup> = Vec::new();
        for next in 0..n {
            let prevs: Vec<u8> = (0..n)
                .filter(|&p| allowed[p * n + next])
                .map(|p| p as u8)
                .collect();
            match groups.iter_mut().find(|g| g.prevs == prevs) {
                Some(g) => g.nexts.push(next as u8),
                None => {
                    let mut by_mark = [0; MAX_TAGS];
                    for (j, &p) in prevs.iter().enumerate() {
                        by_mark[MAX_TAGS - 1 - j] = p;
                    }
                    groups.push(MoveGroup {
                        prevs,
                        nexts: vec![next as u8],
                        by_mark,
                    })
                }
            }
        }
        TagSet {
            scheme,
            labels,
            tags,
            allowed,
            can_end,
            groups,
        }
    }

    /// Number of tags.
    pub(crate) fn len(&self) -> usize {
        self.tags.len()
    }

    /// May `next` follow `prev` (`prev == len()` is the sentence start)?
    #[cfg(test)]
    pub(crate) fn allowed(&self, prev: usize, next: usize) -> bool {
        self.allowed[prev * self.tags.len() + next]
    }

    /// Transition scores `trans(prev * tags + next)` (`prev == tags` is the start) laid
    /// out for decoding, with forbidden starts set to [`NEG`], written to `out`.
    pub(crate) fn constrain(&self, trans: impl Fn(usize) -> i64, out: &mut Transitions) {
        let n = self.tags.len();
        out.into = [[NEG << ARG_BITS; MAX_TAGS]; MAX_TAGS];
        for g in &self.groups {
            for &next in &g.nexts {
                let next = usize::from(next);
                for (j, (score, &prev)) in out.into[next].iter_mut().zip(&g.prevs).enumerate() {
                    let mark = (MAX_TAGS - 1 - j) as i64;
                    *score = (trans(usize::from(prev) * n + next) << ARG_BITS) + mark;
                }
            }
        }
        out.start = [NEG; MAX_TAGS];
        for (next, score) in out.start[..n].iter_mut().enumerate() {
            if self.allowed[n * n + next] {
                *score = trans(n * n + next);
            }
        }
    }

    fn tag(&self, part: Part, label: usize) -> usize {
        self.tags
            .iter()
            .position(|&t| t == (part, label))
            .expect("every label has every part of its scheme")
    }

    /// Tags for a sentence of `n` tokens holding `spans` (label indices into `labels`).
    pub(crate) fn encode(&self, n: usize, spans: &[(Range<usize>, usize)]) -> Vec<u8> {
        let mut out = vec![0u8; n];
        for (r, l) in spans {
            for i in r.clone() {
                let part = match self.scheme {
                    Scheme::Bio if i == r.start => Part::B,
                    Scheme::Bio => Part::I,
                    Scheme::Bilou if r.len() == 1 => Part::U,
                    Scheme::Bilou if i == r.start => Part::B,
                    Scheme::Bilou if i + 1 == r.end => Part::L,
                    Scheme::Bilou => Part::I,
                };
                out[i] = self.tag(part, *l) as u8;
            }
        }
        out
    }

    /// Spans (token range, label index) from tags; lenient about ill-formed sequences.
    pub(crate) fn decode(&self, tags: &[u8], mut emit: impl FnMut(Range<usize>, usize)) {
        let mut open: Option<(usize, usize)> = None;
        for (i, &t) in tags.iter().enumerate() {
            let (part, label) = self.tags[t as usize];
            let continues =
                matches!(part, Part::I | Part::L) && open.is_some_and(|(_, l)| l == label);
            if !continues {
                if let Some((s, l)) = open.take() {
                    emit(s..i, l);
                }
                if part != Part::O {
                    open = Some((i, label));
                }
            }
            if let Some((s, l)) = open.filter(|_| matches!(part, Part::L | Part::U)) {
                open = None;
                emit(s..i + 1, l);
            }
        }
        if let Some((s, l)) = open {
            emit(s..tags.len(), l);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(scheme: Scheme) {
        let ts = TagSet::new(scheme, vec![Label::Per, Label::Org, Label::Loc]);
        let spans = vec![(0..2, 0), (2..3, 2), (5..8, 1)];
        let tags = ts.encode(9, &spans);
        let mut back = Vec::new();
        ts.decode(&tags, |r, l| back.push((r, l)));
        assert_eq!(back, spans);
        // The encoding of real spans is always an allowed path.
        let mut prev = ts.len();
        for &t in &tags {
            assert!(ts.allowed(prev, t as usize), "{scheme:?} {prev}->{t}");
            prev = t as usize;
        }
        assert!(ts.can_end[prev]);
    }

    #[test]
    fn bio_and_bilou_round_trip() {
        round_trip(Scheme::Bio);
        round_trip(Scheme::Bilou);
        assert_eq!(
            TagSet::new(Scheme::Bio, vec![Label::Per, Label::Org, Label::Loc]).len(),
            7
        );
        assert_eq!(
            TagSet::new(Scheme::Bilou, vec![Label::Per, Label::Org, Label::Loc]).len(),
            13
        );
    }

    #[test]
    fn constraints() {
        let ts = TagSet::new(Scheme::Bilou, vec![Label::Per, Label::Org]);
        let start = ts.len();
        let b_per = ts.tag(Part::B, 0);
        let i_per = ts.tag(Part::I, 0);
        let l_org = ts.tag(Part::L, 1);
        assert!(!ts.allowed(start, i_per));
        assert!(ts.allowed(b_per, i_per));
        assert!(!ts.allowed(b_per, l_org));
        assert!(!ts.allowed(b_per, 0));
        assert!(!ts.can_end[b_per]);
    }
}
