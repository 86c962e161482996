//! The journalism layer of a [`crate::Doc`]: quotes and speakers, cited sources,
//! and time expressions resolved against the article date.

use serde::{Deserialize, Serialize};

use crate::Span;

/// Something said, and who said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The quoted or reported words (without quotation marks or the dash).
    pub span: Span,
    /// True for direct speech (`„…“`, `"…"`, `»…«`, a dash paragraph); false for
    /// reported speech (`siger, at …`, `ifølge X …`).
    pub direct: bool,
    /// The verb or phrase that attributes it (`siger`, `ifølge`, `oplyser`).
    pub cue: Option<Span>,
    /// Who said it, when kilde can tell.
    pub speaker: Option<Speaker>,
}

/// The speaker of a quote, as written where it is attributed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// The words that name the speaker at the attribution (`han`, `Chung Eui-yong`,
    /// `en talsmand for politiet`).
    pub span: Span,
    /// The entity (index into [`crate::Doc::entities`]) the speaker resolves to, if any;
    /// for a pronoun, the person it refers to.
    pub entity: Option<usize>,
}

/// What kind of source an article cites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// News agencies: Ritzau, Reuters, AFP, AP, Bloomberg.
    Agency,
    /// Radio and television: DR, TV 2, CNN, Fox, BBC.
    Broadcaster,
    /// Newspapers and magazines: Berlingske, Politiken, The New York Times.
    Newspaper,
    /// Police, ministries, courts, governments, agencies of state (Det Hvide Hus).
    Authority,
    /// A named person cited as a source of information.
    Person,
    /// A report, statement, press release or other document.
    Document,
    /// Any other organization (companies, NGOs, parties).
    Organization,
}

/// A source an article cites for its information (`Det skriver Reuters`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedSource {
    /// Where the source is named in the text; `None` for the article's own sign-off.
    pub span: Option<Span>,
    /// The name as written (`nyhedsbureauet Reuters` gives `Reuters`).
    pub name: String,
    /// The canonical name (`ritzau` → `Ritzau`, `TV2` → `TV 2`).
    pub canonical: String,
    /// What kind of source it is.
    pub kind: SourceKind,
    /// The cue (`skriver`, `ifølge`, `oplyser`, `fremgår af`, `sign-off`).
    pub cue: String,
}

/// How precise a resolved time value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimePrecision {
    /// A clock time (`2018-03-08T20:00`).
    Time,
    /// A calendar day (`2018-03-08`).
    Day,
    /// An ISO week (`2018-W10`).
    Week,
    /// A month (`2018-02`).
    Month,
    /// A season or quarter (`2018-SU`, `2018-Q1`).
    Season,
    /// A year (`2017`).
    Year,
    /// An interval between two values (`2018-03-01/2018-05-31`).
    Interval,
    /// A duration (`P3D`).
    Duration,
    /// A set of candidates (the article's own date is too coarse to pick one).
    Candidates,
}

/// What a time expression is doing in the story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeRole {
    /// Something that happened (`i går`, `i sidste måned`).
    Past,
    /// Now or the article's own day (`i dag`).
    Present,
    /// Something planned or expected (`i næste uge`, `torsdag` for a coming meeting).
    Plan,
    /// A deadline (`senest ved udgangen af maj`).
    Deadline,
    /// A length of time, not a point (`i tre dage`).
    Duration,
}

/// A time expression with its value resolved against the article's date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeExpression {
    /// The words (`senest ved udgangen af maj`).
    pub span: Span,
    /// ISO 8601 / TIMEX3-style value at its real precision (`2018-05-31`,
    /// `2018-W10`, `2018-02`, `2017`, `2018-03-01/2018-05-31`, `P3D`); candidates are
    /// joined with `|`.
    pub value: String,
    /// How precise `value` is.
    pub precision: TimePrecision,
    /// Past, plan, deadline, …
    pub role: TimeRole,
    /// True when the value could not be pinned down from the article's date (a
    /// weekday in an article dated only by month).
    pub uncertain: bool,
}
