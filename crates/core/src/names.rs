//! Chinese personal names on a line of names (a byline at an article's end,
//! the names after a credit title), shared by the stages that read them.
//!
//! Chinese typesetting sets a two-character name with a space inside it
//! (`龚 宁`, `石 磊 黄 芸`) so that it takes the width of a three-character
//! name beside it. Read as tokens between spaces, such a name is two
//! one-character pieces; [`name_tokens`] puts them back together.
//!
//! ```
//! use galley_core::names::name_tokens;
//!
//! assert_eq!(name_tokens("石 磊 黄 芸").unwrap(), ["石磊", "黄芸"]);
//! assert_eq!(name_tokens("王小寒 龚　宁").unwrap(), ["王小寒", "龚宁"]);
//! // A spaced heading is not a name: `通` is no surname.
//! assert!(name_tokens("通 知").is_none());
//! ```

use std::borrow::Cow;

/// The most frequent single-character Chinese surnames (about two hundred,
/// which together carry most names in use), in no particular order.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董\
袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯\
龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹\
申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍\
华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿\
桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝";

/// Whether `c` is one of the common single-character Chinese surnames.
pub fn is_common_surname(c: char) -> bool {
    // Every surname is a three-byte ideograph: a cheap test first.
    c.len_utf8() == 3 && SURNAMES.contains(c)
}

/// The tokens of `t` between spaces (ASCII or ideographic), with each
/// two-character name set with a space inside it read as one token: a
/// token of one ideograph that is a common surname ([`is_common_surname`])
/// joins the one-ideograph token after it. Merged names are
/// [`Cow::Owned`], other tokens borrowed.
///
/// `None` when a one-ideograph token is left that cannot be the first half
/// of such a name (no common surname, or no one-ideograph token after it):
/// the line is not a line of names.
pub fn name_tokens(t: &str) -> Option<Vec<Cow<'_, str>>> {
    let one = |tok: &str| {
        let mut it = tok.chars();
        match (it.next(), it.next()) {
            (Some(c), None) => crate::chars::is_ideograph(c).then_some(c),
            _ => None,
        }
    };
    let mut out = Vec::new();
    let mut toks = t.split_whitespace();
    while let Some(tok) = toks.next() {
        match one(tok) {
            Some(c) => {
                if !is_common_surname(c) {
                    return None;
                }
                let given = toks.next().and_then(one)?;
                let mut name = String::with_capacity(6);
                name.push(c);
                name.push(given);
                out.push(Cow::Owned(name));
            }
            None => out.push(Cow::Borrowed(tok)),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaced_two_character_names_are_read_whole() {
        assert_eq!(name_tokens("龚 宁").unwrap(), ["龚宁"]);
        assert_eq!(name_tokens("石 磊 黄 芸").unwrap(), ["石磊", "黄芸"]);
        assert_eq!(name_tokens("刘玉珮 张 颖").unwrap(), ["刘玉珮", "张颖"]);
        // An ideographic space, or two spaces, inside the name.
        assert_eq!(name_tokens("龚　宁").unwrap(), ["龚宁"]);
        assert_eq!(name_tokens("龚  宁").unwrap(), ["龚宁"]);
        // Unspaced names and other tokens pass as they are, borrowed.
        let t = name_tokens("王小寒 By").unwrap();
        assert!(t.iter().all(|x| matches!(x, Cow::Borrowed(_))));
        assert_eq!(name_tokens("").unwrap(), Vec::<Cow<str>>::new());
    }

    #[test]
    fn single_characters_that_pair_into_no_name_are_refused() {
        // No surname first: spaced headings and column labels.
        assert!(name_tokens("通 知").is_none());
        assert!(name_tokens("前 言").is_none());
        // A surname with nothing, or more than one character, after it.
        assert!(name_tokens("龚").is_none());
        assert!(name_tokens("石 磊 黄").is_none());
        assert!(name_tokens("黄 芸芸").is_none());
        // A Latin letter or a digit is no half of a name.
        assert!(name_tokens("王 A").is_none());
        assert!(name_tokens("王 1").is_none());
    }

    #[test]
    fn surnames_are_single_ideographs() {
        assert!(SURNAMES.chars().all(crate::chars::is_ideograph));
        assert!(is_common_surname('龚') && is_common_surname('王'));
        assert!(!is_common_surname('通') && !is_common_surname('a'));
    }
}
