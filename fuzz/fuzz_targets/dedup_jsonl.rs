//! The corpus reader on any bytes: each line is a record or a clear error,
//! and a parsed record's text is what the JSON said.
#![no_main]

use galley::dedup::reader::JsonlLines;
use galley::dedup::parse_record;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for line in JsonlLines::new(data) {
        let Ok(line) = line else { continue };
        if let Ok(rec) = parse_record(&line.bytes) {
            // A parsed record survives a JSON round trip.
            let json = serde_json::json!({"id": rec.id, "text": rec.text}).to_string();
            let back = parse_record(json.as_bytes()).expect("a serialised record parses");
            assert_eq!(back.text, rec.text);
        }
    }
});
