//! Integration tests of galley-dedup: the in-document stage on the seed
//! pages, and the corpus deduplicator.

mod corpus;
mod page;
mod props;
