//! Person names in kanji, kana or latin letters, folded so that spacing, width, case and the
//! choice between hiragana and katakana do not matter.

use super::text::nfkc;
use super::{IdentifierError, IdentifierKind, NormalizedIdentifier};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX_CHARS: usize = 200;

    /// "山田　太郎", "山田太郎" → "山田太郎"; "やまだ たろう", "ﾔﾏﾀﾞ ﾀﾛｳ" → "ヤマダタロウ";
    /// "Taro YAMADA" → "taroyamada". Name order is kept: it is part of what a person typed.
    pub fn parse(raw: &str) -> Result<Self, IdentifierError> {
        let refuse = |message: &str| IdentifierError::new("name", message);
        if raw.chars().count() > Self::MAX_CHARS {
            return Err(refuse("must have at most 200 characters"));
        }
        let folded: String = nfkc(raw)
            .to_lowercase()
            .chars()
            // Spaces and the middle dot between given and family name are typed either way.
            .filter(|&c| !c.is_whitespace() && c != '・')
            .map(hiragana_to_katakana)
            .collect();
        if folded.is_empty() {
            return Err(refuse("must not be empty"));
        }
        if folded.chars().any(char::is_control) {
            return Err(refuse("must not contain control characters"));
        }
        if !folded.chars().any(char::is_alphabetic) {
            return Err(refuse("must contain letters"));
        }
        Ok(Self(folded))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_kana_only(&self) -> bool {
        is_kana_only(&self.0)
    }

    pub fn to_identifier(&self) -> NormalizedIdentifier {
        NormalizedIdentifier::new(IdentifierKind::Name, self.0.clone())
    }
}

/// Katakana is the fold target because half-width input (ﾔﾏﾀﾞ) and furigana fields are
/// katakana already.
pub fn hiragana_to_katakana(c: char) -> char {
    match c {
        '\u{3041}'..='\u{3096}' | '\u{309D}' | '\u{309E}' => {
            char::from_u32(u32::from(c) + 0x60).unwrap_or(c)
        }
        _ => c,
    }
}

/// True when every letter is hiragana or katakana (spaces, middle dots and the long vowel mark
/// allowed): a furigana field, or a name field filled with kana only.
pub fn is_kana_only(s: &str) -> bool {
    let mut any_kana = false;
    for c in s.chars() {
        match c {
            '\u{3041}'..='\u{309F}'
            | '\u{30A0}'..='\u{30FF}'
            | '\u{31F0}'..='\u{31FF}'
            | '\u{FF66}'..='\u{FF9F}' => {
                any_kana |= !matches!(c, '・' | 'ー' | '\u{FF65}' | '\u{FF70}');
            }
            c if c.is_whitespace() => {}
            _ => return false,
        }
    }
    any_kana
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(raw: &str) -> String {
        PersonName::parse(raw).expect(raw).as_str().to_owned()
    }

    #[test]
    fn spaces_of_both_widths_are_ignored() {
        assert_eq!(key("山田　太郎"), "山田太郎");
        assert_eq!(key(" 山田 太郎 "), "山田太郎");
    }

    #[test]
    fn hiragana_katakana_and_half_width_kana_meet() {
        assert_eq!(key("やまだ たろう"), "ヤマダタロウ");
        assert_eq!(key("ヤマダ　タロウ"), "ヤマダタロウ");
        assert_eq!(key("ﾔﾏﾀﾞ ﾀﾛｳ"), "ヤマダタロウ");
        assert_eq!(key("ジョン・スミス"), key("じょん すみす"));
    }

    #[test]
    fn latin_case_and_width_fold() {
        assert_eq!(key("Taro YAMADA"), "taroyamada");
        assert_eq!(key("Ｔａｒｏ　Ｙａｍａｄａ"), "taroyamada");
    }

    #[test]
    fn kana_only_is_recognised() {
        assert!(is_kana_only("やまだ たろう"));
        assert!(is_kana_only("ヤマダ・タロウ"));
        assert!(is_kana_only("ﾔﾏﾀﾞ"));
        assert!(!is_kana_only("山田 たろう"));
        assert!(!is_kana_only("taro"));
        assert!(!is_kana_only("ー・"));
        assert!(PersonName::parse("やまだ").unwrap().is_kana_only());
    }

    #[test]
    fn empty_or_letterless_names_are_refused() {
        for bad in ["", "　 ", "123", "・"] {
            assert_eq!(PersonName::parse(bad).expect_err(bad).field, "name");
        }
    }

    #[test]
    fn parsing_a_key_again_changes_nothing() {
        for raw in ["やまだ たろう", "Taro YAMADA", "山田　太郎"] {
            let once = key(raw);
            assert_eq!(key(&once), once);
        }
    }
}
