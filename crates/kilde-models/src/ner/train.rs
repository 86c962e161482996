//! Training: a structured averaged perceptron (Collins 2002).
//!
//! Each epoch visits the training sentences in a seeded shuffled order, decodes each with
//! the current weights (Viterbi under the tag scheme's constraints) and, where the best
//! path differs from the gold one, adds the gold features and subtracts the predicted
//! ones. The weights used for prediction are the average over all steps, which acts as
//! regularization. After every epoch the averaged weights are quantized to `i16` (what
//! ships) and scored on dev; the best epoch on dev is kept.
//!
//! Everything is integer arithmetic in a fixed order, so the same data, settings and seed
//! give the same model bytes on every machine.

use std::time::Instant;

use super::features::{self, FEATURE_SET, Scratch};
use super::gazetteer::{GazetteerBuilder, Kind, NameLists};
use super::tags::{Scheme, TagSet, Transitions};
use super::{Decoder, Label, Lexicons, MAX_TAGS, NerModel, Row};
use crate::hash::hash_bytes;
use crate::iob2::{GoldSpan, Iob2Sentence};
use crate::score::Counts;

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Most epochs to run; the best one on dev is kept.
    pub epochs: usize,
    /// Stop after this many epochs without a better dev F1 (0: never stop early).
    pub patience: usize,
    /// Seeds the order sentences are visited in.
    pub seed: u64,
    /// The weight table has `2^bits` rows.
    pub bits: u32,
    /// Tag scheme.
    pub scheme: Scheme,
    /// Labels to learn.
    pub labels: Vec<Label>,
    /// Quantized weights with an absolute value up to this are set to 0 (smaller file).
    pub prune: i16,
    /// Share of feature occurrences left out of each training step, in 1/256ths: makes the
    /// model spread weight over redundant features (shape, affixes, gazetteer) instead of
    /// memorizing words.
    pub dropout: u8,
    /// Extra copies of each training sentence with entities, in which names are swapped
    /// for names of the same type from the name lists: teaches the model to trust list
    /// hits and the shape of names rather than the few names the data has.
    pub augment: usize,
    /// Perceptrons trained with different visiting orders whose (best-epoch) weights are
    /// averaged into the shipped model: a cheap ensemble, same size and speed.
    pub ensemble: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 30,
            patience: 0,
            seed: 1,
            bits: 17,
            scheme: Scheme::Bilou,
            labels: Label::PRIMARY.to_vec(),
            prune: 0,
            dropout: 0,
            augment: 2,
            ensemble: 5,
        }
    }
}

/// What one epoch did, for progress output.
#[derive(Debug, Clone)]
pub struct EpochReport {
    /// Which ensemble member is training, 1-based.
    pub member: usize,
    /// 1-based.
    pub epoch: usize,
    /// Training sentences decoded wrongly during the epoch.
    pub mistakes: usize,
    /// Micro-averaged dev counts of the averaged, quantized model.
    pub dev: Counts,
    /// Whether this epoch is the best so far (and is kept).
    pub best: bool,
    /// Seconds the epoch took, dev scoring included.
    pub seconds: f64,
}

/// Why training could not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrainError {
    /// No training sentence.
    #[error("no training sentences")]
    NoData,
    /// Bad settings.
    #[error("bad training settings: {0}")]
    Config(&'static str),
}

/// Trains a model on `train`, selecting the epoch with the best micro F1 on `dev`, and
/// reports every epoch to `progress`.
pub fn train(
    train: &[Iob2Sentence],
    dev: &[Iob2Sentence],
    config: &TrainConfig,
    names: &NameLists,
    mut progress: impl FnMut(&EpochReport),
) -> Result<NerModel, TrainError> {
    if train.is_empty() {
        return Err(TrainError::NoData);
    }
    if !(10..=24).contains(&config.bits) {
        return Err(TrainError::Config("bits must be in 10..=24"));
    }
    if config.labels.is_empty() || config.epochs == 0 || config.ensemble == 0 {
        return Err(TrainError::Config("need at least one label and one epoch"));
    }
    let _ = FEATURE_SET;
    let tagset = TagSet::new(config.scheme, config.labels.clone());
    if tagset.len() > MAX_TAGS {
        return Err(TrainError::Config(
            "too many tags: use BIO for more than three labels",
        ));
    }
    let lexicons = build_lexicons(train, names.gazetteer());
    let extra = augment(train, names, config.augment, &mut SplitMix(config.seed));
    let train: Vec<&Iob2Sentence> = train.iter().chain(&extra).collect();

    // Features do not depend on tags: extract them once, as weight rows.
    let mut scratch = Scratch::default();
    let mut data = Vec::with_capacity(train.len());
    for s in train {
        features::analyze(s.words.len(), |i| &s.words[i], &lexicons, &mut scratch);
        let mut rows = Vec::new();
        let mut starts = vec![0u32];
        for i in 0..s.words.len() {
            features::features(&scratch.infos, i, &mut |h| {
                rows.push(features::row(h, config.bits) as u32)
            });
            starts.push(rows.len() as u32);
        }
        let spans: Vec<_> = s
            .entities
            .iter()
            .filter_map(|e| {
                let l = config.labels.iter().position(|&l| l == e.label)?;
                Some((e.tokens.clone(), l))
            })
            .collect();
        let gold = tagset.encode(s.words.len(), &spans);
        data.push((rows, starts, gold));
    }

    let n_rows = 1usize << config.bits;
    let mut sum: Option<(Vec<f64>, Vec<f64>)> = None;
    for member in 1..=config.ensemble {
        let mut rng =
            SplitMix(config.seed ^ (member as u64 - 1).wrapping_mul(0xa076_1d64_78bd_642f));
        let (emit, trans) = train_member(
            &data,
            dev,
            config,
            &tagset,
            &lexicons,
            &mut rng,
            n_rows,
            |r| {
                progress(&EpochReport {
                    member,
                    ..r.clone()
                })
            },
        );
        match &mut sum {
            None => sum = Some((emit, trans)),
            Some((se, st)) => {
                se.iter_mut().zip(&emit).for_each(|(a, b)| *a += b);
                st.iter_mut().zip(&trans).for_each(|(a, b)| *a += b);
            }
        }
    }
    let (emit, trans) = sum.expect("at least one member");
    Ok(quantize(
        &emit,
        &trans,
        &tagset,
        config.bits,
        lexicons,
        config.prune,
    ))
}

/// Averaged weights: emissions (`row * tags + tag`) and transitions.
type Averaged = (Vec<f64>, Vec<f64>);

/// One perceptron: epochs until done, returning the averaged weights (emissions,
/// transitions) of its best epoch on dev.
#[allow(clippy::too_many_arguments)]
fn train_member(
    data: &[(Vec<u32>, Vec<u32>, Vec<u8>)],
    dev: &[Iob2Sentence],
    config: &TrainConfig,
    tagset: &TagSet,
    lexicons: &Lexicons,
    rng: &mut SplitMix,
    n_rows: usize,
    mut progress: impl FnMut(&EpochReport),
) -> Averaged {
    let t = tagset.len();
    let mut w = Weights::new(n_rows * t, (t + 1) * t);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut decoder = Decoder::default();
    let mut emissions = Vec::new();
    let (mut kept, mut kept_starts) = (Vec::new(), Vec::new());
    let mut trans = Transitions::default();
    let mut best: Option<(f64, Averaged)> = None;
    let mut since_best = 0;
    for epoch in 1..=config.epochs {
        let started = Instant::now();
        shuffle(&mut order, rng);
        let mut mistakes = 0;
        for &k in &order {
            let (rows, starts, gold) = &data[k];
            let n = gold.len();
            if n == 0 {
                w.step();
                continue;
            }
            // This step's features: all, less a seeded random share.
            kept.clear();
            kept_starts.clear();
            kept_starts.push(0u32);
            for i in 0..n {
                for &r in &rows[starts[i] as usize..starts[i + 1] as usize] {
                    if config.dropout == 0 || (rng.next() & 0xff) as u8 >= config.dropout {
                        kept.push(r);
                    }
                }
                kept_starts.push(kept.len() as u32);
            }
            let (rows, starts) = (&kept, &kept_starts);
            emissions.clear();
            emissions.resize(n, [0i32; MAX_TAGS]);
            for (i, acc) in emissions.iter_mut().enumerate() {
                for &r in &rows[starts[i] as usize..starts[i + 1] as usize] {
                    let r = r as usize * t;
                    for (a, &x) in acc.iter_mut().zip(&w.emit[r..r + t]) {
                        *a += x;
                    }
                }
            }
            tagset.constrain(|i| i64::from(w.trans[i]), &mut trans);
            let pred = decoder.viterbi(tagset, &emissions, &trans);
            if pred != gold.as_slice() {
                mistakes += 1;
                let pred = pred.to_vec();
                for i in 0..n {
                    let (g, p) = (usize::from(gold[i]), usize::from(pred[i]));
                    if g != p {
                        for &r in &rows[starts[i] as usize..starts[i + 1] as usize] {
                            w.update_emit(r as usize * t + g, 1);
                            w.update_emit(r as usize * t + p, -1);
                        }
                    }
                    let gp = if i == 0 { t } else { usize::from(gold[i - 1]) };
                    let pp = if i == 0 { t } else { usize::from(pred[i - 1]) };
                    if (gp, g) != (pp, p) {
                        w.update_trans(gp * t + g, 1);
                        w.update_trans(pp * t + p, -1);
                    }
                }
            }
            w.step();
        }
        let averaged = w.averaged();
        let model = quantize(
            &averaged.0,
            &averaged.1,
            tagset,
            config.bits,
            lexicons.clone(),
            config.prune,
        );
        // Scored on PER/ORG/LOC (those the model has): MISC, when learned, is a helper.
        let scored: Vec<Label> = Label::PRIMARY
            .into_iter()
            .filter(|l| config.labels.contains(l))
            .collect();
        let dev_counts = model.evaluate(dev).micro(&scored);
        let f1 = dev_counts.f1();
        let is_best = best.as_ref().is_none_or(|(b, _)| f1 > *b);
        progress(&EpochReport {
            member: 1,
            epoch,
            mistakes,
            dev: dev_counts,
            best: is_best,
            seconds: started.elapsed().as_secs_f64(),
        });
        if is_best {
            best = Some((f1, averaged));
            since_best = 0;
        } else {
            since_best += 1;
            if config.patience > 0 && since_best >= config.patience {
                break;
            }
        }
    }
    best.expect("at least one epoch ran").1
}

/// `copies` variants of every sentence with entities, some of its names replaced by
/// random names of the same type from `names` (a genitive `s` is kept).
fn augment(
    train: &[Iob2Sentence],
    names: &NameLists,
    copies: usize,
    rng: &mut SplitMix,
) -> Vec<Iob2Sentence> {
    let pool = |kinds: &[Kind]| -> Vec<Vec<&str>> {
        names
            .names
            .iter()
            .filter(|(k, n)| kinds.contains(k) && n.starts_with(char::is_uppercase))
            .map(|(_, n)| n.split_whitespace().collect())
            .collect()
    };
    let per = pool(&[Kind::Person]);
    let given = pool(&[Kind::GivenName]);
    let family = pool(&[Kind::FamilyName]);
    let loc = pool(&[Kind::Country, Kind::Place]);
    let org = pool(&[Kind::Organization, Kind::Party, Kind::Media]);
    let mut out = Vec::new();
    if per.is_empty() || given.is_empty() || family.is_empty() || loc.is_empty() || org.is_empty() {
        return out;
    }
    let pick = |rng: &mut SplitMix, p: &[Vec<&str>]| -> Vec<String> {
        p[(rng.next() % p.len() as u64) as usize]
            .iter()
            .map(|s| s.to_string())
            .collect()
    };
    for _ in 0..copies {
        for s in train.iter().filter(|s| !s.entities.is_empty()) {
            let chosen = rng.next();
            let mut words = Vec::new();
            let mut entities = Vec::new();
            let mut next = 0;
            for (k, e) in s.entities.iter().enumerate() {
                words.extend(s.words[next..e.tokens.start].iter().cloned());
                next = e.tokens.end;
                let start = words.len();
                if (chosen & (1 << (k % 64)) == 0 && k > 0) || e.label == Label::Misc {
                    words.extend(s.words[e.tokens.clone()].iter().cloned());
                } else {
                    let mut name = match e.label {
                        Label::Per => match rng.next() % 4 {
                            0 => pick(rng, &per),
                            1 => pick(rng, &family),
                            _ => {
                                let mut n = pick(rng, &given);
                                n.extend(pick(rng, &family));
                                n
                            }
                        },
                        Label::Loc => pick(rng, &loc),
                        _ => pick(rng, &org),
                    };
                    let last = &s.words[e.tokens.end - 1];
                    if let Some(l) = name
                        .last_mut()
                        .filter(|_| last.len() > 3 && last.ends_with('s'))
                    {
                        l.push('s');
                    }
                    words.extend(name);
                }
                entities.push(GoldSpan {
                    tokens: start..words.len(),
                    label: e.label,
                });
            }
            words.extend(s.words[next..].iter().cloned());
            out.push(Iob2Sentence { words, entities });
        }
    }
    out
}

/// The training-time lexicons: forms seen in lower case in `train`, and the gazetteer.
fn build_lexicons(train: &[Iob2Sentence], gazetteer: GazetteerBuilder) -> Lexicons {
    let mut lower: Vec<u64> = train
        .iter()
        .flat_map(|s| &s.words)
        .filter(|w| w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_uppercase))
        .map(|w| hash_bytes(w.as_bytes()))
        .collect();
    lower.sort_unstable();
    lower.dedup();
    let (gaz, max_len) = gazetteer.finish();
    Lexicons::new(lower, gaz, max_len)
}

/// Current weights and the running sums for averaging (the "lazy" trick: `sum` holds
/// `step * delta` summed, so the average is `w - sum / steps`).
struct Weights {
    emit: Vec<i32>,
    emit_sum: Vec<i64>,
    trans: Vec<i32>,
    trans_sum: Vec<i64>,
    step: i64,
}

impl Weights {
    fn new(emit: usize, trans: usize) -> Self {
        Weights {
            emit: vec![0; emit],
            emit_sum: vec![0; emit],
            trans: vec![0; trans],
            trans_sum: vec![0; trans],
            step: 1,
        }
    }

    fn update_emit(&mut self, i: usize, d: i32) {
        self.emit[i] += d;
        self.emit_sum[i] += self.step * i64::from(d);
    }

    fn update_trans(&mut self, i: usize, d: i32) {
        self.trans[i] += d;
        self.trans_sum[i] += self.step * i64::from(d);
    }

    fn step(&mut self) {
        self.step += 1;
    }

    /// The averaged weights: emissions, transitions.
    fn averaged(&self) -> Averaged {
        let c = self.step as f64;
        let avg = |(&w, &s): (&i32, &i64)| f64::from(w) - s as f64 / c;
        (
            self.emit.iter().zip(&self.emit_sum).map(avg).collect(),
            self.trans.iter().zip(&self.trans_sum).map(avg).collect(),
        )
    }
}

/// A model from real-valued weights, scaled into `i16` with one common factor; emission
/// weights that round to `prune` or less in absolute value become 0.
fn quantize(
    emit: &[f64],
    trans: &[f64],
    tagset: &TagSet,
    bits: u32,
    lexicons: Lexicons,
    prune: i16,
) -> NerModel {
    let max = emit
        .iter()
        .chain(trans)
        .map(|w| w.abs())
        .fold(0.0f64, f64::max);
    let scale = if max > 0.0 { 32000.0 / max } else { 1.0 };
    let t = tagset.len();
    let weights = (0..emit.len() / t)
        .map(|r| {
            let mut row = Row::default();
            for (k, x) in row.0[..t].iter_mut().enumerate() {
                let v = (emit[r * t + k] * scale).round() as i16;
                *x = if v.abs() <= prune { 0 } else { i32::from(v) };
            }
            row
        })
        .collect();
    let transitions = trans.iter().map(|w| (w * scale).round() as i16).collect();
    NerModel::new(tagset.clone(), bits, weights, transitions, lexicons)
}

/// SplitMix64: a tiny, well-mixed, reproducible generator for shuffling.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        crate::hash::fmix64(self.0)
    }
}

/// Fisher-Yates.
fn shuffle(v: &mut [usize], rng: &mut SplitMix) {
    for i in (1..v.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}
