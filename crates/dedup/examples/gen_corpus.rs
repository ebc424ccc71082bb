//! Generate a synthetic news corpus with known near-duplicate clusters.
//!
//! ```text
//! cargo run --release -p galley-dedup --example gen_corpus -- \
//!     --docs 100000 --out corpus.jsonl --truth truth.jsonl [--seed 1] [--dup 0.3]
//! ```
//!
//! Stories are made of sentences from the sample pages (Chinese) and of
//! generated English-like sentences, each lightly varied so that stories
//! are distinct. A share of stories (`--dup`) get 1–4 near-duplicate
//! variants, each with one or two of: OCR-style character edits (1% of
//! Chinese characters, 0.25% of Latin letters), an
//! inserted paragraph, truncation of the end, re-wrapping into short lines.
//! Unrelated stories share boilerplate (a copyright line, a subscription
//! notice) and sometimes one quoted sentence, which must not merge them.
//!
//! `corpus.jsonl` holds `{"id", "text"}` records; `truth.jsonl` holds
//! `{"id", "cluster"}`: records with the same `cluster` are near duplicates.
#![allow(dead_code)]

use std::io::Write;

/// A small deterministic random number generator (splitmix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5eed_0000_0000_0001)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// Sentences of the sample pages, and a syllable pool for English-like text.
pub struct Material {
    zh: Vec<String>,
    zh_chars: Vec<char>,
    words: Vec<String>,
}

impl Material {
    pub fn load(data_dir: &std::path::Path) -> Material {
        let mut zh = Vec::new();
        let mut zh_chars = Vec::new();
        let mut paths: Vec<_> = std::fs::read_dir(data_dir)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        paths.sort();
        for p in paths {
            let Ok(text) = std::fs::read_to_string(&p) else {
                continue;
            };
            let mut cur = String::new();
            for c in text.chars() {
                if c == '\n' {
                    continue;
                }
                cur.push(c);
                if galley_core::chars::is_cjk_letter(c) {
                    zh_chars.push(c);
                }
                if matches!(c, '。' | '！' | '？') {
                    if cur.chars().count() >= 12 {
                        zh.push(cur.trim().to_string());
                    }
                    cur.clear();
                }
            }
        }
        zh.sort();
        zh.dedup();
        let syll = [
            "ba", "ke", "lo", "mi", "nu", "ra", "se", "ti", "vo", "an", "er", "in", "on", "ul",
            "st", "tr", "pl", "gr", "ch", "sh", "th", "qu", "ex", "or", "al", "en", "ic", "ut",
            "de", "po",
        ];
        let mut rng = Rng::new(7);
        let mut words = Vec::new();
        for _ in 0..6000 {
            let n = 1 + rng.below(3);
            let w: String = (0..n).map(|_| syll[rng.below(syll.len())]).collect();
            words.push(w);
        }
        for w in [
            "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "was", "with",
        ] {
            for _ in 0..40 {
                words.push(w.to_string());
            }
        }
        if zh.is_empty() {
            zh.push("没有样本句子。".to_string());
            zh_chars.push('字');
        }
        Material {
            zh,
            zh_chars,
            words,
        }
    }

    /// A Chinese sentence from the pages with a few characters changed, so
    /// that stories do not share whole sentences by accident.
    fn zh_sentence(&self, rng: &mut Rng) -> String {
        let s = &self.zh[rng.below(self.zh.len())];
        s.chars()
            .map(|c| {
                if galley_core::chars::is_cjk_letter(c) && rng.chance(0.15) {
                    self.zh_chars[rng.below(self.zh_chars.len())]
                } else {
                    c
                }
            })
            .collect()
    }

    fn en_sentence(&self, rng: &mut Rng) -> String {
        let n = 8 + rng.below(18);
        let mut s = String::new();
        for i in 0..n {
            let w = &self.words[rng.below(self.words.len())];
            if i == 0 {
                let mut c = w.chars();
                if let Some(f) = c.next() {
                    s.extend(f.to_uppercase());
                    s.push_str(c.as_str());
                }
            } else {
                s.push(' ');
                s.push_str(w);
            }
        }
        s.push('.');
        s
    }

    /// A story: 4–8 paragraphs of 2–5 sentences.
    fn story(&self, rng: &mut Rng, zh: bool) -> Vec<String> {
        let paras = 4 + rng.below(5);
        (0..paras)
            .map(|_| {
                let n = 2 + rng.below(4);
                let sents: Vec<String> = (0..n)
                    .map(|_| {
                        if zh {
                            self.zh_sentence(rng)
                        } else {
                            self.en_sentence(rng)
                        }
                    })
                    .collect();
                sents.join(if zh { "" } else { " " })
            })
            .collect()
    }
}

const BOILERPLATE_ZH: [&str; 2] = [
    "本报版权所有，未经书面授权不得转载、摘编或以其他方式使用本报作品。",
    "欢迎订阅本报，邮发代号七七一二一，全年定价三百六十元，各地邮局均可办理。",
];
const BOILERPLATE_EN: [&str; 2] = [
    "Copyright the Daily Courier. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "Subscribe to the Daily Courier for unlimited access to local news, sports and opinion, delivered to your door every morning.",
];
const QUOTES_ZH: [&str; 3] = [
    "“加强党对教育工作的全面领导，是办好教育的根本保证。”",
    "“教育兴则国家兴，教育强则国家强。”",
    "“人民对美好生活的向往，就是我们的奋斗目标。”",
];
const QUOTES_EN: [&str; 2] = [
    "\"We will not rest until every child in this city has a safe place to learn,\" the mayor said.",
    "\"Health care is a right, not a privilege,\" the senator told the crowd.",
];

/// OCR-style character edits: substitutions, deletions and garbage.
fn ocr_edits(text: &str, rate: f64, m: &Material, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() && rng.chance(rate) {
            match rng.below(4) {
                0 => {}
                1 => out.push('\u{FFFD}'),
                2 => out.push(m.zh_chars[rng.below(m.zh_chars.len())]),
                _ => {
                    out.push(c);
                    out.push(c);
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Re-wrap into short lines, as a one-line-per-printed-line OCR tool would.
fn rewrap(text: &str, zh: bool, rng: &mut Rng) -> String {
    let width = 16 + rng.below(20);
    let mut out = String::new();
    let mut col = 0;
    for c in text.chars() {
        if c == '\n' {
            out.push('\n');
            col = 0;
            continue;
        }
        if zh && col >= width {
            out.push('\n');
            col = 0;
        }
        if !zh && c == ' ' && col >= width * 2 {
            out.push('\n');
            col = 0;
            continue;
        }
        out.push(c);
        col += 1;
    }
    out
}

/// A near-duplicate variant of a story.
fn variant(story: &[String], zh: bool, m: &Material, rng: &mut Rng) -> String {
    let mut paras: Vec<String> = story.to_vec();
    let edits = 1 + rng.below(2);
    let mut wrap = false;
    for _ in 0..edits {
        match rng.below(4) {
            0 => {
                // About one character in a hundred misread in Chinese text
                // (one shingle unit each), one in four hundred in English
                // (where a misread letter changes a whole word).
                let rate = if zh { 0.01 } else { 0.0025 };
                for p in paras.iter_mut() {
                    *p = ocr_edits(p, rate, m, rng);
                }
            }
            1 => {
                let at = rng.below(paras.len() + 1);
                let extra = if zh {
                    m.zh_sentence(rng)
                } else {
                    m.en_sentence(rng)
                };
                paras.insert(at, extra);
            }
            2 => {
                let total: usize = paras.iter().map(|p| p.chars().count()).sum();
                let mut keep = total * (88 + rng.below(8)) / 100;
                let mut out = Vec::new();
                for p in &paras {
                    let n = p.chars().count();
                    if n <= keep {
                        out.push(p.clone());
                        keep -= n;
                    } else {
                        out.push(p.chars().take(keep).collect());
                        break;
                    }
                }
                paras = out;
            }
            _ => wrap = true,
        }
    }
    let text = paras.join("\n\n");
    if wrap {
        rewrap(&text, zh, rng)
    } else {
        text
    }
}

/// One generated record.
pub struct Generated {
    pub id: String,
    pub text: String,
    pub cluster: u64,
}

/// Generate `docs` records (about), calling `emit` for each.
pub fn generate(docs: usize, dup: f64, seed: u64, m: &Material, mut emit: impl FnMut(Generated)) {
    let mut rng = Rng::new(seed);
    let mut made = 0usize;
    let mut story_no = 0u64;
    while made < docs {
        story_no += 1;
        let zh = rng.chance(0.5);
        let mut story = m.story(&mut rng, zh);
        if rng.chance(0.2) {
            let q = if zh {
                QUOTES_ZH[rng.below(QUOTES_ZH.len())]
            } else {
                QUOTES_EN[rng.below(QUOTES_EN.len())]
            };
            let at = rng.below(story.len());
            story[at].push_str(q);
        }
        if rng.chance(0.3) {
            let b = if zh {
                BOILERPLATE_ZH[rng.below(2)]
            } else {
                BOILERPLATE_EN[rng.below(2)]
            };
            story.push(b.to_string());
        }
        let copies = if rng.chance(dup) { 1 + rng.below(4) } else { 0 };
        for v in 0..=copies {
            if made >= docs {
                break;
            }
            let text = if v == 0 {
                story.join("\n\n")
            } else {
                variant(&story, zh, m, &mut rng)
            };
            let id = format!("n{:016x}", rng.next_u64());
            emit(Generated {
                id,
                text,
                cluster: story_no,
            });
            made += 1;
        }
    }
}

fn main() {
    let mut docs = 10_000usize;
    let mut out = std::path::PathBuf::from("corpus.jsonl");
    let mut truth = std::path::PathBuf::from("truth.jsonl");
    let mut seed = 1u64;
    let mut dup = 0.3f64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let v = args.next().unwrap_or_default();
        match a.as_str() {
            "--docs" => docs = v.parse().unwrap_or(docs),
            "--out" => out = v.into(),
            "--truth" => truth = v.into(),
            "--seed" => seed = v.parse().unwrap_or(seed),
            "--dup" => dup = v.parse().unwrap_or(dup),
            _ => {
                eprintln!(
                    "usage: gen_corpus --docs N --out FILE --truth FILE [--seed S] [--dup P]"
                );
                std::process::exit(2);
            }
        }
    }
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data");
    let m = Material::load(&data);
    let mut o = std::io::BufWriter::new(std::fs::File::create(&out).expect("create --out"));
    let mut t = std::io::BufWriter::new(std::fs::File::create(&truth).expect("create --truth"));
    generate(docs, dup, seed, &m, |g| {
        serde_json::to_writer(&mut o, &serde_json::json!({"id": g.id, "text": g.text}))
            .expect("write");
        o.write_all(b"\n").expect("write");
        serde_json::to_writer(
            &mut t,
            &serde_json::json!({"id": g.id, "cluster": g.cluster}),
        )
        .expect("write");
        t.write_all(b"\n").expect("write");
    });
    o.flush().expect("flush");
    t.flush().expect("flush");
}
