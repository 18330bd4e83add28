//! The text of a Japanese address's fields before and after the town is placed: postal codes
//! (also pasted into the first line), width and spacing folded, the rest split into sub-area,
//! block number and what follows, and a municipality guessed where the gazetteer has none.

use super::IdentifierError;
use super::jp_block_number::{
    find_block_number, number_ends_at, numbered_unit_at, unit_ends_at, unit_starts_at,
};
use super::jp_fold::fold_name;
use super::text::{collapse_whitespace, fold_dashes, is_dash, is_long_vowel_mark, nfkc};

/// The rest after the town: a sub-area (小字, without 字), the block number, what follows.
pub(super) fn split_block(rest: &[char]) -> (String, Vec<String>, bool, String) {
    let trimmed: Vec<char> = rest
        .iter()
        .copied()
        .skip_while(|c| c.is_whitespace())
        .collect();
    match find_block_number(&trimmed) {
        Some(block) => {
            let place: String = trimmed
                .get(..block.start)
                .unwrap_or_default()
                .iter()
                .collect();
            let after: String = trimmed
                .get(block.end..)
                .unwrap_or_default()
                .iter()
                .collect();
            let place = place.trim();
            // Text before the block that is itself a building ("ビル 3-1") is not a sub-area:
            // sub-areas are short names in kanji or kana.
            (sub_area(place), block.numbers, block.last_is_room, after)
        }
        None => (String::new(), Vec::new(), false, trimmed.iter().collect()),
    }
}

fn sub_area(place: &str) -> String {
    let place: String = place
        .chars()
        .filter(|c| !c.is_whitespace() && !is_dash(*c) && *c != '-')
        .collect();
    let place = place.strip_prefix("大字").unwrap_or(&place);
    let place = place.strip_prefix('字').unwrap_or(place);
    let place = place.trim_end_matches(['の', 'ノ']);
    fold_name(place)
}

/// "〒100-0001", "１００－０００１", "100 0001" → "1000001"; empty → none.
pub(super) fn parse_postal_code(raw: &str) -> Result<Option<String>, IdentifierError> {
    let digits: String = nfkc(raw)
        .chars()
        .filter(|&c| !(c == '〒' || c.is_whitespace() || is_dash(c) || is_long_vowel_mark(c)))
        .collect();
    if digits.is_empty() {
        return Ok(None);
    }
    if digits.len() == 7 && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(Some(digits))
    } else {
        Err(IdentifierError::new(
            "postal_code",
            "must have 7 digits, e.g. 100-0001",
        ))
    }
}

/// Width, case, dashes and spaces folded; '|' removed because it separates key fields.
pub(super) fn clean(field: &str) -> String {
    let folded = fold_dashes(&nfkc(field).to_lowercase()).replace('|', " ");
    collapse_whitespace(&folded)
}

/// Some customers paste the postal code into the first line too: it is taken out (and used when
/// the postal-code field is empty).
pub(super) fn strip_leading_postal_code(text: &str) -> (Option<String>, &str) {
    let trimmed = text.trim_start_matches(['〒', ' ']);
    let bytes = trimmed.as_bytes();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let len = if (0..3).all(digit) && bytes.get(3) == Some(&b'-') && (4..8).all(digit) {
        8
    } else if (0..7).all(digit) && !digit(7) {
        7
    } else {
        return (None, text);
    };
    let code: String = trimmed
        .get(..len)
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    (Some(code), trimmed.get(len..).unwrap_or(text))
}

/// Removes the spaces that sit inside a block number ("1 - 2", "1 丁目", "1丁目 2番 3号") and
/// keeps those that separate it from what follows ("1-1-1 305").
pub(super) fn tighten_block_spaces(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev_dash = chars.get(i.wrapping_sub(1)) == Some(&'-');
            let next_dash = chars.get(i + 1) == Some(&'-');
            let number_then_unit = number_ends_at(&chars, i) && unit_starts_at(&chars, i + 1);
            // Not after 号: "1丁目2番3号 1丁目マンション" has a building after the block.
            let unit_then_numbered_unit = unit_ends_at(&chars, i)
                && chars.get(i.wrapping_sub(1)) != Some(&'号')
                && numbered_unit_at(&chars, i + 1);
            if prev_dash || next_dash || number_then_unit || unit_then_numbered_unit {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Without a table entry: the county up to 郡 is dropped, then the name runs to the first
/// 市/区/町/村 (with the ward of a designated city).
pub(super) fn guess_municipality(place: &str) -> (String, &str) {
    let place = match place.split_once('郡') {
        Some((county, rest)) if county.chars().count() <= 4 && !rest.is_empty() => rest,
        _ => place,
    };
    let end_after = |text: &str, from: usize| {
        text.char_indices()
            .skip(from)
            .find(|(_, c)| matches!(c, '市' | '区' | '町' | '村'))
            .map(|(i, c)| i + c.len_utf8())
    };
    let Some(mut end) = end_after(place, 1) else {
        return (String::new(), place);
    };
    if place.get(..end).is_some_and(|city| city.ends_with('市'))
        && let Some(ward_end) = place
            .get(end..)
            .and_then(|rest| rest.find('区'))
            .map(|i| end + i + '区'.len_utf8())
        && place
            .get(end..ward_end)
            .is_some_and(|ward| ward.chars().count() <= 4)
    {
        end = ward_end;
    }
    let (municipality, town) = place.split_at_checked(end).unwrap_or((place, ""));
    (municipality.to_owned(), town)
}

/// A town the gazetteer does not know, in the same matching form as the gazetteer's names.
pub(super) fn normalize_town(town: &str) -> String {
    // 大字 and 字 are administrative prefixes that most people leave out.
    let town = town.strip_prefix("大字").unwrap_or(town);
    let town = town.strip_prefix('字').unwrap_or(town);
    fold_name(town.trim_matches(['-', 'の']))
        .replace("大字", "")
        .replace('字', "")
}
