//! The journalism in an article, on top of tokens and named entities.
//!
//! Today: [`entities`], which turns NER mentions into entities — one per real-world
//! name within an article (`Donald Trump` … `Trump`, `Nordkoreas` → `Nordkorea`,
//! `Chung Eui-young` / `Chung Eui-yong`) — and [`registry`], which merges them across
//! a corpus. Quotes, speakers, cited sources and time expressions follow.
//!
//! ```
//! use kilde_core::EntityLabel::{Loc, Per};
//! use kilde_news::entities::link;
//!
//! let linked = link(&[("Donald Trump", Per), ("USA's", Loc), ("Trump", Per), ("USA", Loc)]);
//! assert_eq!(linked.mentions, [0, 1, 0, 1]);
//! assert_eq!(linked.entities[0].canonical, "Donald Trump");
//! assert_eq!(linked.entities[1].canonical, "USA");
//! ```

pub mod entities;
pub mod eval;
pub mod names;
pub mod quotes;
pub mod registry;
pub mod sources;
mod speech;
pub mod times;
