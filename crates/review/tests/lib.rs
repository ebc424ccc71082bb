//! Integration tests of galley-review: markup counts and escaping on
//! hand-built records, properties on arbitrary input, and the page in a
//! headless browser.

mod browser;
mod markup;
mod support;
