//! Roles of blocks (title, kicker, subtitle, byline, author note, heading,
//! paragraph) and the split of a page into articles.

use std::ops::Range;

use galley_core::chars::{ends_sentence, is_ideograph};
use galley_core::{Block, Role};

use crate::lexicon::{is_byline_mark, jieba, BYLINE_PREFIXES};
use crate::text::{
    body, char_len, has_inner_comma, has_inner_final, is_continuation_punct, is_latin, last_char,
    marker_level, word_count, wrapped,
};
use crate::Config;

/// What a block looks like on its own, before its neighbours are considered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Running text.
    Body,
    /// A short line without final punctuation: title, kicker or heading.
    Headline,
    /// A line that opens with a dash under a title (`——…`).
    Subtitle,
    /// A byline.
    Byline,
    /// An author note (`(作者系…)`).
    AuthorNote,
}

impl Shape {
    pub(crate) fn is_meta(self) -> bool {
        matches!(self, Shape::Subtitle | Shape::Byline | Shape::AuthorNote)
    }
}

/// The heading level of a block: the cleanup stage's hint, or a marker still in the text.
pub(crate) fn level(block: &Block) -> Option<u8> {
    block
        .hint
        .heading_level
        .or_else(|| marker_level(block.text()))
}

/// Whether the text is a short line without final punctuation.
pub(crate) fn headline_like(text: &str, level: Option<u8>, cfg: &Config) -> bool {
    let t = body(text);
    let limit = if level.is_some() { 2 } else { 1 };
    // Cheap bound first: running text is far longer than any headline.
    if t.len() > (cfg.max_title_chars * 4).max(cfg.max_title_words * 40) * limit {
        return false;
    }
    let Some(last) = last_char(t) else {
        return false;
    };
    // The cheap tests at the end of the text first.
    if ends_sentence(t) || is_continuation_punct(last) || !t.chars().any(char::is_alphanumeric) {
        return false;
    }
    if t.ends_with('.') {
        return false;
    }
    if is_latin(t) {
        // A Latin headline has no comma inside and does not stop on a
        // function word (`… three hours on` is a cut sentence).
        let last_word = t.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("");
        word_count(t) <= cfg.max_title_words * limit
            && !has_inner_comma(t)
            && !crate::lexicon::is_english_function_word(last_word)
    } else {
        // Headings with a comma inside are clause pairs; a longer line with
        // commas is running text that lost its final punctuation.
        let max = if has_inner_comma(t) {
            cfg.max_title_chars / 2
        } else {
            cfg.max_title_chars
        };
        !has_inner_final(t) && char_len(t) <= max * limit
    }
}

fn is_name_token(tok: &str, cfg: &Config, single: bool) -> bool {
    let n = tok.chars().count();
    let ok_chars = tok.chars().all(|c| is_ideograph(c) || c == '·');
    if !ok_chars || !(2..=4).contains(&n) {
        return false;
    }
    if single {
        // One name alone: two or three characters that the dictionary does
        // not know as a common word or a place (`王小寒`, but not `江津`).
        (2..=3).contains(&n) && !(cfg.jieba && jieba().has_word(tok)) && (cfg.jieba || n == 3)
    } else {
        true
    }
}

/// Whether the text is a byline.
pub(crate) fn is_byline(text: &str, cfg: &Config) -> bool {
    let t = body(text);
    if t.len() > cfg.max_byline_chars * 2 * 4 + 8 {
        return false;
    }
    let n = char_len(t);
    if n == 0 || ends_sentence(t) {
        return false;
    }
    if t.chars().next().is_some_and(is_byline_mark) && n <= cfg.max_byline_chars * 2 {
        return true;
    }
    if let Some(p) = BYLINE_PREFIXES.iter().find(|p| t.starts_with(*p)) {
        // What follows the label is names (and further labels): a
        // sentence that opens with `记者` (`记者在现场看到，…`) is not.
        return n <= cfg.max_byline_chars * 2 && names_after_label(&t[p.len()..]);
    }
    if let Some(rest) = t.strip_prefix("By ").or_else(|| t.strip_prefix("BY ")) {
        let words: Vec<&str> = rest.split_whitespace().collect();
        return !words.is_empty()
            && words.len() <= 8
            && words.iter().all(|w| {
                w.chars().next().is_some_and(|c| c.is_uppercase())
                    || matches!(*w, "and" | "of" | "de" | "van")
            });
    }
    if n > cfg.max_byline_chars {
        return false;
    }
    // The names, a two-character name set with a space inside it
    // (`龚 宁`) read whole.
    let Some(tokens) = galley_core::names::name_tokens(t) else {
        return false;
    };
    let count = tokens.len();
    // Chinese names have two or three characters, four only with a
    // compound surname: two four-character tokens are the parallel
    // phrases of a heading (`订单培养 岗位对口`), not two names.
    let long = tokens.iter().filter(|tok| tok.chars().count() == 4).count();
    // A spaced pair that the dictionary knows is a spaced word (`时 评`),
    // not a name.
    let known = |tok: &std::borrow::Cow<'_, str>| {
        matches!(tok, std::borrow::Cow::Owned(_)) && cfg.jieba && jieba().has_word(tok)
    };
    (1..=4).contains(&count)
        && long <= 1
        && tokens
            .iter()
            .all(|tok| is_name_token(tok, cfg, count == 1) && !known(tok))
}

/// Whether the text after a byline label (`本报记者`, `记者`, `文/`) reads
/// as names: tokens of at most four ideographs (`·` inside a transcribed
/// name) or Latin words, separated by spaces or `、`, each possibly led by
/// a further label (`通讯员`); no clause punctuation.
fn names_after_label(rest: &str) -> bool {
    rest.split(|c: char| c.is_whitespace() || c == '、')
        .filter(|tok| !tok.is_empty())
        .all(|tok| {
            // A further label, alone or before its name (`通讯员李四`).
            let tok = BYLINE_PREFIXES
                .iter()
                .find_map(|p| tok.strip_prefix(p))
                .unwrap_or(tok);
            let cjk = tok.chars().all(|c| is_ideograph(c) || c == '·');
            let latin = tok
                .chars()
                .all(|c| (c.is_alphabetic() && !is_ideograph(c)) || c == '.');
            (cjk && tok.chars().count() <= 4) || latin
        })
}

/// Whether the text is an author note.
pub(crate) fn is_author_note(text: &str) -> bool {
    let t = body(text);
    if t.starts_with("作者系") || t.starts_with("作者单位") {
        return true;
    }
    if !wrapped(t, &[('(', ')'), ('（', '）')]) {
        return false;
    }
    let inner = t
        .get(t.chars().next().map_or(0, char::len_utf8)..)
        .unwrap_or("");
    let lower = inner.to_lowercase();
    inner.starts_with("作者")
        || inner.starts_with("本文作者")
        || lower.starts_with("the author")
        || lower.starts_with("the writer")
}

/// Whether the text is a dash-led subtitle.
pub(crate) fn is_subtitle(text: &str, cfg: &Config) -> bool {
    let t = body(text);
    (t.starts_with("——")
        || t.starts_with("--")
        || t.starts_with("—") && !t.starts_with("—\u{2014}"))
        && char_len(t) <= cfg.max_title_chars * 3
        && !t.trim_start_matches(['—', '-']).is_empty()
}

/// The shape of a text whose heading level (hint or marker) is `lvl`.
pub(crate) fn shape_of(t: &str, lvl: Option<u8>, cfg: &Config) -> Shape {
    // Running text, told at once (most blocks): a text that ends a sentence
    // is neither a byline nor heading-like, and one that opens with neither
    // `作`, a round bracket nor a dash is neither an author note nor a
    // subtitle.
    let b = body(t);
    if ends_sentence(b) && !b.starts_with(['作', '(', '（', '—', '-']) {
        return Shape::Body;
    }
    shape_by_tests(t, lvl, cfg)
}

/// [`shape_of`] by its tests one after the other.
fn shape_by_tests(t: &str, lvl: Option<u8>, cfg: &Config) -> Shape {
    if is_author_note(t) {
        Shape::AuthorNote
    } else if lvl.is_none() && is_byline(t, cfg) {
        Shape::Byline
    } else if is_subtitle(t, cfg) {
        Shape::Subtitle
    } else if headline_like(t, lvl, cfg) {
        Shape::Headline
    } else {
        Shape::Body
    }
}

/// A block's shape and heading level, when the join pass already knows
/// them.
pub(crate) type Known = Option<(Shape, Option<u8>)>;

/// The roles, articles and reading order decided for a page.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Role of each block (by its index before reordering).
    pub roles: Vec<Role>,
    /// Article of each block (by its index before reordering).
    pub articles: Vec<usize>,
    /// The new reading order: block indices.
    pub order: Vec<usize>,
    /// Why each article starts where it does: (first block, reason).
    pub reasons: Vec<(usize, String)>,
}

struct Current {
    id: usize,
    has_title: bool,
    has_body: bool,
    closed: bool,
    /// Position in `out` of the article's first body block.
    first_body: Option<usize>,
}

/// Whether `text`, right above a byline with another such line, reads as
/// a headline line: it does not end a sentence or a clause and is no longer
/// than a title. Looser than [`headline_like`] (a Latin headline may hold a
/// comma: `Tea growers pool their leaves, and their luck`), so it is only
/// read where a byline follows.
pub(crate) fn heads_a_byline(text: &str, cfg: &Config) -> bool {
    let t = body(text);
    if !stops_like_a_headline(t) {
        return false;
    }
    if is_latin(t) {
        word_count(t) <= cfg.max_title_words
    } else {
        char_len(t) <= cfg.max_title_chars
    }
}

/// The title stack right above a byline at `k`: the run of two or three
/// items before it that each `fits` as a headline line, when `opens` says
/// the run's first item starts a story (the page's start, a sentence end
/// before it). Body text never runs into a byline without a sentence end,
/// so the run is the story's title, subtitle and kicker (a paragraph cut
/// off before a closing byline is one item).
pub(crate) fn title_stack_above(
    k: usize,
    fits: impl Fn(usize) -> bool,
    opens: impl Fn(usize) -> bool,
) -> Option<Range<usize>> {
    let start = (k.saturating_sub(3)..k)
        .rev()
        .take_while(|&j| fits(j))
        .last()?;
    (k - start >= 2 && opens(start)).then_some(start..k)
}

/// Shapes with the title decks above bylines told: the blocks of a title
/// stack ([`title_stack_above`]), each a headline or a text that
/// [`heads_a_byline`], are headlines; the stack's last block, right above
/// the byline, may be a longer deck ([`is_deck`]), a subtitle.
fn title_decks_above_bylines(blocks: &[Block], mut shapes: Vec<Shape>, cfg: &Config) -> Vec<Shape> {
    for k in 1..shapes.len() {
        if shapes[k] != Shape::Byline {
            continue;
        }
        let deck = shapes[k - 1] == Shape::Body
            && !heads_a_byline(blocks[k - 1].text(), cfg)
            && is_deck(blocks[k - 1].text(), cfg);
        let fits = |j: usize| {
            matches!(shapes[j], Shape::Headline | Shape::Subtitle)
                || (shapes[j] == Shape::Body && heads_a_byline(blocks[j].text(), cfg))
                || (j + 1 == k && deck)
        };
        let opens = |j: usize| j == 0 || ends_sentence(body(blocks[j - 1].text()));
        if let Some(run) = title_stack_above(k, fits, opens) {
            for j in run {
                if shapes[j] == Shape::Body {
                    shapes[j] = if j + 1 == k && deck {
                        Shape::Subtitle
                    } else {
                        Shape::Headline
                    };
                }
            }
        }
    }
    shapes
}

/// Whether `text`, the last block of a title stack above a byline, reads
/// as a Latin deck: the sentence under a headline that sums up the story,
/// which stops without final punctuation like the headline and may run to
/// three times its length (`Panels on two rooftops, with a parking canopy
/// still to come, will cover about a third of the district's electricity
/// bill`). Chinese pages lead their decks with a dash or set them as
/// headline lines; a longer CJK text there is a paragraph cut off.
fn is_deck(text: &str, cfg: &Config) -> bool {
    let t = body(text);
    stops_like_a_headline(t) && is_latin(t) && word_count(t) <= cfg.max_title_words * 3
}

/// Whether `t` ends as a headline line does: with text, not with the end
/// of a sentence or a clause (no final mark, no full stop, no comma).
fn stops_like_a_headline(t: &str) -> bool {
    last_char(t)
        .is_some_and(|last| !ends_sentence(t) && !is_continuation_punct(last) && !t.ends_with('.'))
}

/// What the cleanup stage removed between blocks, per block: evidence of
/// where articles end and begin.
pub(crate) struct Edges<'a> {
    /// A continuation mark stands before the block: the text before it
    /// jumps to another page.
    pub jumped: &'a [bool],
    /// Garbage stands before the block (a piece of another story's
    /// headline, a misread caption).
    pub after_garbage: &'a [bool],
}

/// Decide roles and articles from the blocks' shapes, levels and texts.
///
/// `known` holds the shapes and heading levels already computed by the join
/// pass (`None` for a block whose text changed since), so that no block is
/// measured twice.
pub(crate) fn plan(
    blocks: &[Block],
    stray: &[bool],
    edges: &Edges<'_>,
    known: Option<&[Known]>,
    cfg: &Config,
) -> Plan {
    let n = blocks.len();
    let (shapes, levels): (Vec<Shape>, Vec<Option<u8>>) = blocks
        .iter()
        .enumerate()
        .map(|(k, b)| {
            let (s, l) = known
                .and_then(|s| s.get(k).copied().flatten())
                .unwrap_or_else(|| {
                    let l = level(b);
                    (shape_of(b.text(), l, cfg), l)
                });
            let s = match s {
                // A short block that a paragraph went on across is stray (a
                // caption left in place): never a headline of its own.
                Shape::Headline if stray.get(k).copied().unwrap_or(false) => Shape::Body,
                s => s,
            };
            (s, l)
        })
        .unzip();
    let shapes = title_decks_above_bylines(blocks, shapes, cfg);
    let mut p = Plan {
        roles: vec![Role::Paragraph; n],
        articles: vec![0; n],
        order: Vec::with_capacity(n),
        reasons: Vec::new(),
    };
    let mut cur = Current {
        id: 0,
        has_title: false,
        has_body: false,
        closed: false,
        first_body: None,
    };
    // A page that marks its headings does not leave a title deck unmarked.
    let page_marked = levels.iter().any(Option::is_some);
    let mut next_id = 1;
    let mut title_levels: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < n {
        match shapes[i] {
            Shape::Headline | Shape::Subtitle => {
                let mut j = i;
                while j < n && matches!(shapes[j], Shape::Headline | Shape::Subtitle) && j - i < 8 {
                    j += 1;
                }
                let stack: Vec<usize> = (i..j).collect();
                let byline_after = j < n && shapes[j] == Shape::Byline;
                let title = choose_title(&stack, &shapes, &levels, blocks, cfg);
                let title_level = levels[title];
                let fresh = !cur.has_title && !cur.has_body;
                // A dateline (`本报讯`) after the headline opens its story's
                // first paragraph.
                let dated = j < n && opens_news_item(body(blocks[j].text()));
                let reason = if fresh {
                    Some("the page's first headline")
                } else if cur.closed {
                    Some("the previous article was closed by a byline or author note")
                } else if byline_after {
                    Some("a byline follows the headline")
                } else if dated {
                    Some("the text after it opens a news item with a dateline (`本报讯`)")
                } else if edges.jumped.get(i).copied().unwrap_or(false) {
                    Some("the article before it jumps to another page (continuation mark)")
                } else if stack.iter().any(|&k| shapes[k] == Shape::Subtitle) {
                    Some("the headline has a dash-led subtitle")
                } else if is_latin(blocks[title].text()) && all_caps(body(blocks[title].text())) {
                    Some("an all-capitals Latin headline")
                } else if title_level == Some(1) {
                    Some("a level-1 heading marker")
                } else if title_level.is_some_and(|l| title_levels.contains(&l)) {
                    Some("the same heading level as an earlier article title on the page")
                } else if (2..=4).contains(&stack.len())
                    && !page_marked
                    && !stack[..2]
                        .iter()
                        .any(|&k| has_inner_comma(body(blocks[k].text())))
                    && char_len(body(blocks[stack[0]].text())) >= cfg.min_title_chars.min(3)
                {
                    Some("a deck of several headline lines")
                } else if stack.len() >= 2
                    && levels[stack[0]].is_none()
                    && char_len(body(blocks[stack[0]].text())) <= cfg.max_kicker_chars
                    && stack[1..].iter().any(|&k| levels[k].is_some())
                {
                    Some("a short kicker above a marked headline")
                } else {
                    None
                };
                // Headlines with no body after them on the page head nothing.
                let reason = if j >= n { None } else { reason };
                let Some(reason) = reason else {
                    for &k in &stack {
                        p.roles[k] = Role::Heading;
                        p.articles[k] = cur.id;
                        p.order.push(k);
                    }
                    i = j;
                    continue;
                };
                if let Some(l) = title_level {
                    if !title_levels.contains(&l) {
                        title_levels.push(l);
                    }
                }
                let has_kicker = stack[0] != title;
                let mut header = Vec::with_capacity(stack.len() + 1);
                for &k in &stack {
                    p.roles[k] = if k < title {
                        Role::Kicker
                    } else if k == title {
                        Role::Title
                    } else if shapes[k] == Shape::Subtitle
                        || (k == title + 1 && !has_kicker && levels[k].is_none())
                        // Before a dateline lead (`本报讯`), which opens the
                        // story's first paragraph: no section starts before
                        // it, so an unmarked line under the title is its deck.
                        || (dated && levels[k].is_none())
                    {
                        Role::Subtitle
                    } else {
                        Role::Heading
                    };
                    header.push(k);
                }
                if byline_after {
                    p.roles[j] = Role::Byline;
                    header.push(j);
                    j += 1;
                }
                let id = if fresh { cur.id } else { next_id };
                if !fresh {
                    next_id += 1;
                }
                // A title after its article's first paragraphs: the article
                // began at the first heading that follows a paragraph cut
                // off mid-sentence (text lost at a page or column break).
                let mut at = p.order.len();
                let mut why = reason.to_string();
                // A dated story begins at its title.
                if !fresh && !cur.closed && cur.has_title && !byline_after && !dated {
                    if let Some(fb) = cur.first_body {
                        // Where the story began: the first heading after a
                        // paragraph cut off mid-sentence, or the first pair of
                        // headings in a row after a paragraph (inside a story a
                        // heading is followed by its text; two in a row open a
                        // new story, as its kicker and lead heading).
                        let found = (fb + 1..p.order.len()).find_map(|q| {
                            let (prev, this) = (p.order[q - 1], p.order[q]);
                            if p.roles[this] != Role::Heading || p.roles[prev] != Role::Paragraph {
                                return None;
                            }
                            if edges.after_garbage.get(this).copied().unwrap_or(false) {
                                return Some((
                                    q,
                                    "a heading after debris of another story (removed as garbage)",
                                ));
                            }
                            if !ends_sentence(body(blocks[prev].text())) {
                                return Some((
                                    q,
                                    "a heading after a paragraph cut off mid-sentence",
                                ));
                            }
                            p.order
                                .get(q + 1)
                                .is_some_and(|&k| p.roles[k] == Role::Heading)
                                .then_some((q, "two headings in a row after a paragraph"))
                        });
                        if let Some((q, at_what)) = found {
                            at = q;
                            why = format!(
                                "{reason}; its story began at {at_what}, so the headline moves there"
                            );
                        }
                    }
                }
                for &k in &p.order[at..] {
                    p.articles[k] = id;
                }
                for &k in &header {
                    p.articles[k] = id;
                }
                let moved_body = at < p.order.len();
                p.order.splice(at..at, header.iter().copied());
                p.reasons.push((p.order[at], why));
                cur = Current {
                    id,
                    has_title: true,
                    has_body: moved_body,
                    closed: false,
                    first_body: moved_body.then_some(at + header.len()),
                };
                i = j;
            }
            Shape::Byline => {
                let next = shapes.get(i + 1).copied();
                let trailing = cur.has_body
                    && matches!(
                        next,
                        None | Some(
                            Shape::Headline | Shape::Subtitle | Shape::Byline | Shape::AuthorNote
                        )
                    );
                if cur.closed && !trailing {
                    cur = new_article(&mut next_id, &mut p, i, "a byline after a closed article");
                }
                p.roles[i] = Role::Byline;
                p.articles[i] = cur.id;
                p.order.push(i);
                if trailing {
                    cur.closed = true;
                }
                i += 1;
            }
            Shape::AuthorNote => {
                p.roles[i] = Role::AuthorNote;
                p.articles[i] = cur.id;
                p.order.push(i);
                if cur.has_body {
                    cur.closed = true;
                }
                i += 1;
            }
            Shape::Body => {
                if cur.closed {
                    cur = new_article(
                        &mut next_id,
                        &mut p,
                        i,
                        "body text after a closed article, without a title",
                    );
                }
                p.roles[i] = Role::Paragraph;
                p.articles[i] = cur.id;
                if !cur.has_body {
                    cur.has_body = true;
                    cur.first_body = Some(p.order.len());
                }
                p.order.push(i);
                i += 1;
            }
        }
    }
    p
}

/// Whether a paragraph opens a news item the way Chinese papers print one:
/// with the paper's or an agency's dateline (`本报讯`, `新华社北京9月1日电`).
fn opens_news_item(t: &str) -> bool {
    if t.starts_with("本报讯") || t.starts_with("本报消息") {
        return true;
    }
    let agency = ["新华社", "中新社", "中新网"]
        .iter()
        .any(|a| t.starts_with(a));
    agency && t.chars().take(20).any(|c| c == '电')
}

fn new_article(next_id: &mut usize, p: &mut Plan, first: usize, why: &str) -> Current {
    let id = *next_id;
    *next_id += 1;
    p.reasons.push((first, why.to_string()));
    Current {
        id,
        has_title: false,
        has_body: false,
        closed: false,
        first_body: None,
    }
}

/// The title of a headline stack: the line with the strongest heading
/// marker; without markers, the shortest line that is long enough to be a
/// title (a kicker above it is usually longer and descriptive, a deck below
/// it too); column labels in `【】` are never titles.
fn choose_title(
    stack: &[usize],
    shapes: &[Shape],
    levels: &[Option<u8>],
    blocks: &[Block],
    cfg: &Config,
) -> usize {
    let cands: Vec<usize> = stack
        .iter()
        .copied()
        .filter(|&k| {
            shapes[k] == Shape::Headline
                && !wrapped(blocks[k].text(), &[('【', '】'), ('〖', '〗'), ('[', ']')])
        })
        .collect();
    let Some(&first) = cands.first().or(stack.first()) else {
        return 0;
    };
    if let Some(k) = cands
        .iter()
        .copied()
        .filter(|&k| levels[k].is_some())
        .min_by_key(|&k| levels[k].unwrap_or(u8::MAX))
    {
        return k;
    }
    // A headline of two parallel halves (`老市场焕新颜 菜篮子更舒心`) is the
    // title of its stack: kickers and decks are single phrases.
    if let Some(k) = cands
        .iter()
        .copied()
        .find(|&k| two_part(body(blocks[k].text())))
    {
        return k;
    }
    let long_enough = |k: &usize| char_len(body(blocks[*k].text())) >= cfg.min_title_chars;
    // A single Latin word above a headline is a section label (`COMMUNITY`),
    // not the title, when a line of several words follows.
    let one_word = |k: &usize| {
        let t = body(blocks[*k].text());
        is_latin(t) && word_count(t) < 2
    };
    let shortest = |pick: &dyn Fn(&usize) -> bool| {
        cands
            .iter()
            .copied()
            .filter(|k| long_enough(k) && pick(k))
            .min_by_key(|&k| title_len(blocks[k].text()))
    };
    shortest(&|k| !one_word(k))
        .or_else(|| shortest(&|_| true))
        .unwrap_or(first)
}

/// Two CJK phrases of four to twelve characters each, of about the same
/// length, set apart by a space: the halves of a two-part headline.
fn two_part(t: &str) -> bool {
    let parts: Vec<&str> = t.split_whitespace().collect();
    let [a, b] = parts[..] else {
        return false;
    };
    let phrase = |p: &str| {
        let n = p.chars().count();
        (4..=12).contains(&n) && p.chars().all(galley_core::chars::is_cjk_letter)
    };
    let (na, nb) = (a.chars().count(), b.chars().count());
    phrase(a) && phrase(b) && na.abs_diff(nb) <= 2
}

fn title_len(text: &str) -> usize {
    let t = body(text);
    if is_latin(t) {
        word_count(t)
    } else {
        char_len(t)
    }
}

/// Whether a Latin line is written in capitals (two words or more).
fn all_caps(t: &str) -> bool {
    word_count(t) >= 2 && t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A title and deck above a byline are headlines, though the title
    /// holds a comma; the same lines above running text are not.
    #[test]
    fn a_title_deck_above_a_byline() {
        let cfg = Config::default();
        let shapes_of = |texts: &[&str]| {
            let doc = galley_core::Document::new("p", texts.join("\n\n").as_str());
            let shapes = doc
                .blocks()
                .iter()
                .map(|b| shape_of(b.text(), None, &cfg))
                .collect();
            title_decks_above_bylines(doc.blocks(), shapes, &cfg)
        };
        let title = "Tea growers pool their leaves, and their luck";
        let deck = "Hill farms form a cooperative to share a factory and a label";
        let body = "ASHFORD HILLS — Forty-two growers brought their harvest to a factory they own.";
        let got = shapes_of(&[title, deck, "By Meera Kaplan", body]);
        assert_eq!(got[..3], [Shape::Headline, Shape::Headline, Shape::Byline]);
        let got = shapes_of(&[title, deck, body]);
        assert_eq!(got[0], Shape::Body);
    }

    #[test]
    fn bylines_hold_names() {
        let cfg = Config::default();
        for t in [
            "□本报记者 李琳琳",
            "本报记者 苏晴 通讯员 蓝海",
            "本报记者张三 通讯员李四",
            "记者 欧阳小明",
            "文/张三",
            "刘玉珮 张颖",
            // Two-character names set with a space inside, to the width
            // of a three-character name.
            "石 磊 黄 芸",
            "龚 宁",
            "王小寒 龚　宁",
        ] {
            assert!(is_byline(t, &cfg), "{t}");
        }
        for t in [
            // A sentence that opens with the label's word.
            "记者在现场看到，不少企业的展位前都",
            "记者从县教育局获悉",
            // Two parallel four-character phrases: a heading.
            "订单培养 岗位对口",
            // Spaced headings: no surname first, or a word the dictionary
            // knows (`时评`).
            "通 知",
            "时 评",
            "石 磊 黄",
        ] {
            assert!(!is_byline(t, &cfg), "{t}");
        }
    }

    #[test]
    fn running_text_shortcut_is_the_full_test() {
        // Generated texts of the pieces each test looks at (openings of
        // author notes, bylines and subtitles, brackets, dashes, final
        // marks, markers, spaces, names): the shortcut for running text
        // never gives another shape than the tests one after the other.
        let pieces = [
            "作者系",
            "作者单位",
            "作者",
            "(",
            ")",
            "（",
            "）",
            "——",
            "—",
            "--",
            "-",
            "。",
            "！",
            "？",
            "”",
            "’",
            ".",
            "...",
            "# ",
            "> ",
            " ",
            "\u{3000}",
            "教育",
            "王小寒",
            "江津",
            "本报记者",
            "记者",
            "□",
            "By ",
            "Tom Okafor",
            "the author",
            "，",
            "、",
            "a",
            "Council",
            "1",
        ];
        let cfg = Config::default();
        let mut rnd = crate::text::tests::rng(13);
        for _ in 0..20_000 {
            let t: String = (0..1 + rnd(6)).map(|_| pieces[rnd(pieces.len())]).collect();
            for lvl in [None, Some(2)] {
                assert_eq!(
                    shape_of(&t, lvl, &cfg),
                    shape_by_tests(&t, lvl, &cfg),
                    "{t:?}"
                );
            }
        }
    }
}
