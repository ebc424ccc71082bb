//! The summariser on any text: no panic; every summary sentence is a
//! substring of the text; sentence ranges tile valid char boundaries.
#![no_main]

use galley::summary::{split_sentences, summarize, Budget};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for r in split_sentences(text) {
        assert!(text.get(r.clone()).is_some(), "sentence range {r:?} is not on char boundaries");
    }
    let digest = summarize(text, &Budget::Sentences(3));
    assert!(digest.sentences.len() <= 3);
    for s in &digest.sentences {
        assert!(text.contains(s.as_str()), "summary sentence {s:?} is not in the text");
    }
});
