//! What follows the block number: the building's name, its 棟 (wing), the room and the floor.
//!
//! "グランドメゾン梅田 1203号室", "#1203", "-1203", "十二〇三", "八〇三号室", "-403号", "b101",
//! "サンハイツB棟 203", "ABCビル 3F" (a floor, not a room), "１丁目マンション 101".

use super::jp_fold::fold_name;
use super::text::{canonical_number, is_kanji_numeral, kanji_numeral_value};

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct Premises {
    /// Matching form of the name, without the wing and the room; empty when not written.
    pub building: String,
    /// "A", "1", "東": which building of several at one block number.
    pub wing: String,
    pub room: Option<String>,
    /// "3F", "B1F": kept only when there is no room.
    pub floor: Option<String>,
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | ',' | '、' | '/' | '#' | '・' | '.')
}

/// A room written in kanji digits: "八〇三" = 803 and "十二〇三" = 1203 (12 then 03), unlike
/// block numbers where "二十三" is 23.
fn kanji_room_number(run: &str) -> Option<String> {
    if let Some(zero) = run.find('〇').filter(|_| run.contains(['十', '百', '千'])) {
        let (head, tail) = run.split_at(zero);
        let head = kanji_numeral_value(head)?;
        let tail: String = tail
            .chars()
            .map(|c| {
                kanji_numeral_value(&c.to_string()).and_then(|v| char::from_digit(v as u32, 10))
            })
            .collect::<Option<String>>()?;
        return Some(format!("{head}{tail}"));
    }
    canonical_number(run)
}

/// Replaces runs of kanji numerals that end the text or come before 号室/号/室/階 by digits.
fn kanji_numbers_to_digits(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if is_kanji_numeral(c) {
            let end = (i..=chars.len())
                .find(|&j| !chars.get(j).copied().is_some_and(is_kanji_numeral))
                .unwrap_or(i + 1);
            let run: String = chars.get(i..end).unwrap_or_default().iter().collect();
            let next = chars.get(end).copied();
            let ends_number = next.is_none_or(|n| matches!(n, '号' | '室' | '階' | ' '));
            if ends_number && let Some(number) = kanji_room_number(&run) {
                out.push_str(&number);
                i = end;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Splits the text after the block number (already NFKC, lower case, dashes folded).
pub(crate) fn split_premises(rest: &str) -> Premises {
    let text = kanji_numbers_to_digits(rest.trim_matches(is_separator));
    let mut premises = Premises::default();
    let mut body = text.trim_matches(is_separator).to_owned();
    // The room: digits at the end, with 号室/号/室, or # before them.
    for suffix in ["号室", "号", "室"] {
        if let Some(stripped) = body.strip_suffix(suffix) {
            body = stripped.trim_end().to_owned();
            break;
        }
    }
    let mut floor_suffix = false;
    if let Some(stripped) = ["階", "f"].iter().find_map(|s| body.strip_suffix(s))
        && stripped.ends_with(|c: char| c.is_ascii_digit())
    {
        body = stripped.to_owned();
        floor_suffix = true;
    }
    let digits_start = body.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (before, digits) = body.split_at(digits_start);
    let mut before = before.to_owned();
    if let Some(number) = canonical_number(digits) {
        if floor_suffix {
            let basement = before
                .strip_suffix('b')
                .or_else(|| before.strip_suffix("地下"));
            let prefix = if basement.is_some() { "B" } else { "" };
            if let Some(rest) = basement {
                before = rest.to_owned();
            }
            premises.floor = Some(format!("{prefix}{number}F"));
        } else {
            // A letter glued before the number belongs to it ("b101") unless it ends a word.
            let mut chars: Vec<char> = before.chars().collect();
            let mut letter = String::new();
            if let Some(&last) = chars.last().filter(|c| c.is_ascii_alphabetic()) {
                let word_before = chars
                    .len()
                    .checked_sub(2)
                    .and_then(|i| chars.get(i))
                    .is_some_and(|c| c.is_ascii_alphabetic());
                if !word_before {
                    letter = last.to_ascii_uppercase().to_string();
                    chars.pop();
                }
            }
            before = chars.into_iter().collect();
            premises.room = Some(format!("{letter}{number}"));
        }
    }
    // A floor written before the room ("3f 301", "3階301号室") is dropped: the room says more.
    let before = before.trim_end_matches(is_separator);
    let before = strip_floor(before, &mut premises);
    let before = strip_room_word(before.trim_end_matches(is_separator));
    let (name, wing) = split_wing(before);
    premises.wing = wing;
    premises.building = squeeze(&name);
    premises
}

fn strip_floor<'a>(before: &'a str, premises: &mut Premises) -> &'a str {
    for suffix in ["階", "f"] {
        if let Some(stripped) = before.strip_suffix(suffix) {
            let start = stripped
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .len();
            if start < stripped.len() {
                if premises.room.is_none() && premises.floor.is_none() {
                    premises.floor = canonical_number(stripped.get(start..).unwrap_or_default())
                        .map(|n| format!("{n}F"));
                }
                return stripped.get(..start).unwrap_or_default();
            }
        }
    }
    before
}

/// "room 305", "no.305", "apt 305": the word only says that a room number follows.
fn strip_room_word(before: &str) -> &str {
    let word = ["room", "rm", "apt", "no.", "no"].iter().find_map(|word| {
        let rest = before.strip_suffix(word)?;
        let starts_word = rest.chars().last().is_none_or(|c| !c.is_ascii_alphabetic());
        starts_word.then_some(rest)
    });
    word.map_or(before, |rest| rest.trim_end_matches(is_separator))
}

/// "サンハイツb棟" → ("サンハイツ", "B"); "第2号棟" → ("", "2"); "東棟" → ("", "東").
fn split_wing(text: &str) -> (String, String) {
    let chars: Vec<char> = text.chars().collect();
    let Some(at) = chars.iter().rposition(|&c| c == '棟') else {
        return (text.to_owned(), String::new());
    };
    let mut start = at;
    let mut end = at;
    if start > 0 && chars.get(start - 1) == Some(&'号') {
        start -= 1;
        end = start;
    }
    let digits = chars
        .get(..start)
        .unwrap_or_default()
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit() || is_kanji_numeral(**c))
        .count();
    let wing: String = if digits > 0 {
        start -= digits;
        let run: String = chars.get(start..end).unwrap_or_default().iter().collect();
        canonical_number(&run).unwrap_or(run)
    } else if let Some(&c) = start.checked_sub(1).and_then(|i| chars.get(i)) {
        start -= 1;
        c.to_uppercase().collect()
    } else {
        return (text.to_owned(), String::new());
    };
    let mut name: String = chars.get(..start).unwrap_or_default().iter().collect();
    name.extend(chars.get(at + 1..).unwrap_or_default());
    (name, wing)
}

/// The building name's matching form: spaces and separators out, kanji numerals and variants
/// folded, "第" before a number dropped.
fn squeeze(text: &str) -> String {
    let kept: String = text.chars().filter(|c| !is_separator(*c)).collect();
    fold_name(&kept).replace('|', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> (String, String, Option<String>, Option<String>) {
        let p = split_premises(s);
        (p.building, p.wing, p.room, p.floor)
    }

    #[test]
    fn rooms_in_every_notation() {
        for s in [
            "1203",
            "1203号室",
            "#1203",
            "-1203",
            "十二〇三",
            "一二〇三号室",
            " 1203号",
        ] {
            assert_eq!(split(s).2.as_deref(), Some("1203"), "{s}");
        }
        assert_eq!(split("八〇三号室").2.as_deref(), Some("803"));
        assert_eq!(split("グランドメゾン梅田 1203号室").0, "グランドメゾン梅田");
        assert_eq!(split("-403号").2.as_deref(), Some("403"));
    }

    #[test]
    fn floors_are_not_rooms() {
        assert_eq!(
            split("abcビル 3f"),
            ("abcビル".into(), String::new(), None, Some("3F".into()))
        );
        assert_eq!(split("abcビル3階").3.as_deref(), Some("3F"));
        assert_eq!(split("abcビル 3f 301").2.as_deref(), Some("301"));
        assert_eq!(split("abcビル 3f 301").3, None);
    }

    #[test]
    fn wings_are_split_from_the_name() {
        assert_eq!(split("サンハイツb棟203").1, "B");
        assert_eq!(split("サンハイツb棟203").0, "サンハイツ");
        assert_eq!(split("2号棟 101").1, "2");
        assert_eq!(split("1丁目マンション 101").0, "1丁目マンション");
    }
}
