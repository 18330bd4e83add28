//! The matching form of Japanese place names: what two notations of one town have in common.
//!
//! Applied alike to the gazetteer's names and to the customer's text, so that a name matches
//! whatever the notation: old and variant kanji (榮/栄, 冝/宜, 巿/市) fold through the generated
//! `kanji_variants.tsv`; ヶ/ケ/ヵ/が and の/ノ/之 between kanji fold to one; runs of kanji
//! numerals become digits (一ノ町 = 1ノ町, 十二番丁 = 12番丁, 四丁 = 4丁). Each folded character
//! remembers where it came from, so that a name matched in the folded text can be cut out of the
//! original one.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::text::{is_han, is_kanji_numeral, kanji_numeral_value};

static VARIANTS: LazyLock<HashMap<char, char>> = LazyLock::new(|| {
    include_str!("../../data/kanji_variants.tsv")
        .lines()
        .filter_map(|line| {
            let (from, to) = line.split_once('\t')?;
            Some((from.chars().next()?, to.chars().next()?))
        })
        .collect()
});

/// The form Japan Post's data uses for a variant kanji; other characters unchanged.
pub(crate) fn fold_variant(c: char) -> char {
    VARIANTS.get(&c).copied().unwrap_or(c)
}

/// Folded text with, for each folded char, the index of the source char it came from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Folded {
    pub chars: Vec<char>,
    pub source: Vec<usize>,
}

impl Folded {
    /// The source index where the folded text from `at` on begins (the source length at the end).
    pub fn source_at(&self, at: usize, source_len: usize) -> usize {
        self.source.get(at).copied().unwrap_or(source_len)
    }

    pub fn as_string(&self) -> String {
        self.chars.iter().collect()
    }
}

fn is_kana_or_han(c: char) -> bool {
    is_han(c) || matches!(c, '\u{3041}'..='\u{30FF}')
}

/// Folds `chars` (already NFKC and lower case) into their matching form.
pub(crate) fn fold_place(chars: &[char]) -> Folded {
    let mut out = Folded::default();
    let mut i = 0;
    while let Some(&raw) = chars.get(i) {
        let c = fold_variant(raw);
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(i + 1).copied();
        let between_han = prev.is_some_and(|p| is_han(p) || p.is_ascii_digit())
            && next.is_some_and(is_kana_or_han);
        if matches!(c, 'ヶ' | 'ケ' | 'ヵ' | 'が' | 'ｹ') && between_han {
            out.chars.push('ケ');
            out.source.push(i);
            i += 1;
            continue;
        }
        if matches!(c, 'の' | 'ノ' | '之') && between_han {
            out.chars.push('ノ');
            out.source.push(i);
            i += 1;
            continue;
        }
        if is_kanji_numeral(c) {
            let end = (i..=chars.len())
                .find(|&j| !chars.get(j).copied().is_some_and(is_kanji_numeral))
                .unwrap_or(i + 1);
            let run: String = chars.get(i..end).unwrap_or_default().iter().collect();
            if let Some(value) = kanji_numeral_value(&run) {
                for d in value.to_string().chars() {
                    out.chars.push(d);
                    out.source.push(i);
                }
                i = end;
                continue;
            }
        }
        out.chars.push(c);
        out.source.push(i);
        i += 1;
    }
    out
}

/// The matching form of a name, as a string.
pub(crate) fn fold_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    fold_place(&chars).as_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_kanji_fold_to_japan_posts_form() {
        assert_eq!(fold_name("榮町"), fold_name("栄町"));
        assert_eq!(fold_name("大冝味村"), fold_name("大宜味村"));
        assert_eq!(fold_name("巿川巿"), fold_name("市川市"));
        assert_eq!(fold_name("霞ヶ関"), fold_name("霞が関"));
        assert_eq!(fold_name("丸ノ内"), fold_name("丸の内"));
    }

    #[test]
    fn numerals_in_names_become_digits() {
        assert_eq!(fold_name("一ノ町"), "1ノ町");
        assert_eq!(fold_name("1ノ町"), "1ノ町");
        assert_eq!(fold_name("十二番丁"), "12番丁");
        assert_eq!(fold_name("四丁"), "4丁");
        assert_eq!(fold_name("北三条西"), "北3条西");
    }

    #[test]
    fn folded_text_maps_back_to_its_source() {
        let chars: Vec<char> = "十二番丁3".chars().collect();
        let folded = fold_place(&chars);
        assert_eq!(folded.as_string(), "12番丁3");
        assert_eq!(folded.source_at(2, chars.len()), 2);
        assert_eq!(folded.source_at(5, chars.len()), 5);
    }
}
