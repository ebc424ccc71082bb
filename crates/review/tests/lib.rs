//! Integration tests of galley-review.
