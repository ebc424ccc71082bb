//! galley's document model: the original input, the blocks of text kept from
//! it, and the logs of everything removed and edited.
//!
//! Every stage of galley (cleanup, paragraph reconstruction, deduplication,
//! summarisation) works on a [`Document`]. The document owns its input and
//! never changes it; the kept text lives in [`Block`]s that map their text
//! back to byte spans of the input, and the only ways to change that text
//! record what they did. A third party can write a stage against this crate
//! alone by implementing [`Stage`].
//!
//! ```
//! use galley_core::{Document, EditKind, RemovalKind, TextEdit};
//!
//! // An OCR'd snippet: a caption between two halves of a broken paragraph,
//! // and a space that a line break left inside Chinese text.
//! let input = "教育强则国家\n\n山城区第八小学创客社团\n\n强。作为 战略先导";
//! let mut doc = Document::new("snippet", input);
//! doc.remove_block(1, RemovalKind::Caption, "short event phrase between paragraphs")?;
//! doc.join_blocks(0, 1, "")?;
//! let text = doc.blocks()[0].text().to_string();
//! let space = text.find(' ').unwrap();
//! doc.edit_block(0, vec![TextEdit::delete(space..space + 1, EditKind::CjkSpace)])?;
//! assert_eq!(doc.blocks()[0].text(), "教育强则国家强。作为战略先导");
//!
//! let rec = doc.to_record();
//! let para = &rec.articles[0].blocks[0];
//! assert_eq!(para.spans.len(), 2); // two source spans, one paragraph
//! assert_eq!(&input[para.spans[0]], "教育强则国家");
//! assert_eq!(rec.removed[0].text, "山城区第八小学创客社团");
//! assert_eq!(rec.edits.len(), 2); // the join and the deleted space
//! galley_core::invariants::check_record(&rec, input.as_bytes()).unwrap();
//! # Ok::<(), galley_core::Error>(())
//! ```
//!
//! # Provenance
//!
//! A block's text is tiled by segments: bytes copied from a source span, or
//! an edit that replaced a source span with other text. [`Block::apply`] is
//! the only way to change text inside a block and it always records an
//! [`Edit`]; [`Document::remove_block`] and [`Document::remove_ranges`] are
//! the only ways to drop non-blank text and they always record a
//! [`Removal`]. So, by construction, every non-blank byte of the input is in
//! exactly one block or one removal; [`invariants`] checks it, and every
//! crate's property tests call it.
//!
//! # Crate features
//!
//! None: this crate depends only on serde, serde_json and thiserror.
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations)]

mod block;
pub mod chars;
mod document;
mod error;
pub mod invariants;
mod kinds;
pub mod names;
mod record;
mod span;
mod stage;

pub use block::{Block, Edit, Hint, TextEdit};
pub use document::{ArticleInfo, Cut, Document, Note, Removal};
pub use error::Error;
pub use kinds::{EditKind, RemovalKind, Role};
pub use record::{ArticleRecord, BlockRecord, MetaRecord, Record, Stats};
pub use span::Span;
pub use stage::Stage;
