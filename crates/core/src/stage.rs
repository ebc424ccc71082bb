//! The interface every stage implements.

use crate::{Document, Error};

/// One step of the pipeline.
///
/// A stage is built once (from its config) and applied to many documents, on
/// several threads at once; it keeps no per-document state. It may change a
/// document only through the [`Document`] API, which records every removal
/// and edit.
///
/// ```
/// use galley_core::{Document, Error, RemovalKind, Stage};
///
/// /// Drops blocks made only of digits (page numbers).
/// #[derive(Debug)]
/// struct PageNumbers;
///
/// impl Stage for PageNumbers {
///     fn name(&self) -> &'static str { "page_numbers" }
///     fn apply(&self, doc: &mut Document) -> Result<(), Error> {
///         let mut i = 0;
///         while i < doc.blocks().len() {
///             if doc.blocks()[i].text().chars().all(|c| c.is_ascii_digit()) {
///                 doc.remove_block(i, RemovalKind::PageNumber, "digits alone on a line")?;
///             } else {
///                 i += 1;
///             }
///         }
///         Ok(())
///     }
/// }
///
/// let mut doc = Document::new("p", "12\n\n正文。");
/// PageNumbers.apply(&mut doc)?;
/// assert_eq!(doc.blocks().len(), 1);
/// assert_eq!(doc.removed()[0].text, "12");
/// # Ok::<(), Error>(())
/// ```
pub trait Stage: Send + Sync + std::fmt::Debug {
    /// Stable name; also the `type` tag of the stage in the config.
    fn name(&self) -> &'static str;
    /// Apply the stage to one document.
    fn apply(&self, doc: &mut Document) -> Result<(), Error>;
}
