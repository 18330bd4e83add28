//! Character-level folding shared by the parsers: width, dashes and kanji numerals.

use unicode_normalization::UnicodeNormalization;

/// NFKC folds full-width ASCII, half-width katakana and circled digits into their plain forms,
/// which is most of what makes two notations of one identifier differ.
pub(crate) fn nfkc(raw: &str) -> String {
    raw.nfkc().collect()
}

/// Characters that Japanese forms receive in place of a hyphen (after NFKC). The katakana long
/// vowel mark is not among them: it is a hyphen only between digits (see [`fold_dashes`]).
pub(crate) fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            | '\u{2011}'
            | '\u{2012}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2015}'
            | '\u{2043}'
            | '\u{2212}'
            | '\u{2500}'
            | '\u{2501}'
            | '\u{02D7}'
            | '\u{FE63}'
            | '\u{FF0D}'
    )
}

/// The katakana long vowel mark (and its half-width form) that IMEs produce when one types "-"
/// in kana mode.
pub(crate) fn is_long_vowel_mark(c: char) -> bool {
    matches!(c, '\u{30FC}' | '\u{FF70}')
}

pub(crate) fn is_kanji_numeral(c: char) -> bool {
    matches!(
        c,
        '〇' | '零'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
    )
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || is_kanji_numeral(c)
}

/// Every dash becomes '-'; a long vowel mark does too when it sits between two numerals, where
/// it cannot be a vowel ("1ー2", "一ー二"), so that "センター" keeps its ー.
pub(crate) fn fold_dashes(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        // Spaces may sit between ("2 ー 3"): look past them.
        let before = chars
            .get(..i)
            .unwrap_or_default()
            .iter()
            .rev()
            .find(|c| !c.is_whitespace());
        let after = chars
            .get(i + 1..)
            .unwrap_or_default()
            .iter()
            .find(|c| !c.is_whitespace());
        // "14ーイ22": a kana that leads a block number's part counts as its numeral.
        let lettered = chars
            .get(i + 1)
            .is_some_and(|c| c.is_ascii_lowercase() || matches!(c, '\u{30A2}'..='\u{30F3}'))
            && chars.get(i + 2).is_some_and(char::is_ascii_digit);
        let between_numerals = before.copied().is_some_and(is_numeral)
            && (after.copied().is_some_and(is_numeral) || lettered);
        if is_dash(c) || (is_long_vowel_mark(c) && between_numerals) {
            out.push('-');
        } else {
            out.push(c);
        }
    }
    out
}

/// Collapses every run of whitespace (NFKC has already turned the ideographic space into ' ')
/// into one space and trims.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々' | '〆' | '〇')
}

/// The value of a kanji numeral as written in addresses: with multipliers ("二十三" = 23,
/// "千二百" = 1200) or digit by digit ("二〇三" = 203). `None` for anything else.
pub(crate) fn kanji_numeral_value(s: &str) -> Option<u64> {
    if s.is_empty() || !s.chars().all(is_kanji_numeral) {
        return None;
    }
    let digit = |c: char| -> Option<u64> {
        Some(match c {
            '〇' | '零' => 0,
            '一' => 1,
            '二' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let positional = !s.contains(['十', '百', '千']);
    if positional {
        return s
            .chars()
            .try_fold(0u64, |acc, c| acc.checked_mul(10)?.checked_add(digit(c)?));
    }
    let mut total = 0u64;
    let mut pending: Option<u64> = None;
    for c in s.chars() {
        let multiplier = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                pending = Some(
                    pending
                        .unwrap_or(0)
                        .checked_mul(10)?
                        .checked_add(digit(c)?)?,
                );
                continue;
            }
        };
        total = total.checked_add(pending.take().unwrap_or(1).checked_mul(multiplier)?)?;
    }
    total.checked_add(pending.unwrap_or(0))
}

/// Digits only, as ASCII, without leading zeros ("007" and "七" both give "7").
pub(crate) fn canonical_number(s: &str) -> Option<String> {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        let trimmed = s.trim_start_matches('0');
        return Some(if trimmed.is_empty() { "0" } else { trimmed }.to_owned());
    }
    kanji_numeral_value(s).map(|v| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kanji_numerals_with_and_without_multipliers() {
        for (kanji, value) in [
            ("一", 1),
            ("十", 10),
            ("十一", 11),
            ("二十", 20),
            ("二十三", 23),
            ("百", 100),
            ("百二", 102),
            ("千二百三十四", 1234),
            ("二〇三", 203),
            ("一〇", 10),
        ] {
            assert_eq!(kanji_numeral_value(kanji), Some(value), "{kanji}");
        }
        assert_eq!(kanji_numeral_value("三田"), None);
        assert_eq!(kanji_numeral_value(""), None);
    }

    #[test]
    fn dashes_fold_but_long_vowels_in_words_stay() {
        assert_eq!(fold_dashes("1ー2－3‐4−5—6"), "1-2-3-4-5-6");
        assert_eq!(fold_dashes(&nfkc("１－１－１")), "1-1-1");
        assert_eq!(fold_dashes("センター1ー2"), "センター1-2");
        assert_eq!(fold_dashes("一ー二"), "一-二");
    }

    #[test]
    fn numbers_lose_leading_zeros() {
        assert_eq!(canonical_number("007").as_deref(), Some("7"));
        assert_eq!(canonical_number("七").as_deref(), Some("7"));
        assert_eq!(canonical_number("0").as_deref(), Some("0"));
        assert_eq!(canonical_number("1a"), None);
    }
}
