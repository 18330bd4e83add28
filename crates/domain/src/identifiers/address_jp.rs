//! Japanese addresses reduced to one key per delivery point and one per building (名寄せ).
//!
//! Resellers and fraudsters reuse one address under small variations: full-width digits, kanji
//! numerals, 丁目/番地/号 or hyphens, the prefecture left out, the room written as "305号室",
//! "#305" or "-305". All of them must give one key.
//!
//! Key format (fields separated by '|', which is removed from the input; empty when unknown):
//!
//! ```text
//! delivery point: JP|<postal 7 digits>|<prefecture>|<municipality>|<town>|<block>|<building>|<room>
//! building:       JP|<postal 7 digits>|<prefecture>|<municipality>|<town>|<block>|<building>
//! e.g.            JP|1000001|東京都|千代田区|千代田|1-1-1|abcマンション|305
//! ```
//!
//! The municipality is written without its county (郡); the block is its numbers joined by '-';
//! latin letters are lower case except in the room.

use super::IdentifierError;
use super::address::AddressKeys;
use super::jp_block_number::{
    find_block_number, number_ends_at, numbered_unit_at, unit_ends_at, unit_starts_at,
};
use super::jp_places::{
    prefecture_of_postal_code, resolve_region, split_municipality, strip_prefecture,
};
use super::text::{
    canonical_number, collapse_whitespace, fold_dashes, is_dash, is_han, is_long_vowel_mark,
    kanji_numeral_value, nfkc,
};

const MAX_FIELD_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct JapaneseAddress {
    postal_code: Option<String>,
    prefecture: String,
    municipality: String,
    town: String,
    block: String,
    building: String,
    room: Option<String>,
}

impl JapaneseAddress {
    /// Parses the fields of a checkout form. Any field may hold more than its name says (the
    /// whole address in `line1` is common); only the postal code is checked on its own.
    pub fn parse(
        postal_code: &str,
        region: &str,
        locality: &str,
        line1: &str,
        line2: &str,
    ) -> Result<Self, IdentifierError> {
        for (field, value) in [
            ("postal_code", postal_code),
            ("region", region),
            ("locality", locality),
            ("line1", line1),
            ("line2", line2),
        ] {
            if value.chars().count() > MAX_FIELD_CHARS {
                return Err(IdentifierError::new(
                    field,
                    "must have at most 200 characters",
                ));
            }
        }
        let postal_code = parse_postal_code(postal_code)?;
        let stated = resolve_region(&clean(region));
        let unresolved_region = if stated.is_none() { region } else { "" };
        let text = [unresolved_region, locality, line1, line2]
            .iter()
            .map(|field| clean(field))
            .filter(|field| !field.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let text = tighten_block_spaces(strip_leading_postal_code(&text));
        let (written_prefecture, text) = match strip_prefecture(text.trim_start()) {
            Some((prefecture, rest)) => (Some(prefecture), rest.trim_start()),
            None => (None, text.trim_start()),
        };
        let prefecture = stated
            .or(written_prefecture)
            .or_else(|| postal_code.as_deref().and_then(prefecture_of_postal_code))
            .ok_or_else(|| {
                IdentifierError::new(
                    "region",
                    "prefecture is missing and the postal code does not imply one",
                )
            })?;

        let chars: Vec<char> = text.chars().collect();
        let (place, numbers, last_is_room, rest) = match find_block_number(&chars) {
            Some(block) => (
                chars
                    .get(..block.start)
                    .unwrap_or_default()
                    .iter()
                    .collect::<String>(),
                block.numbers,
                block.last_is_room,
                chars
                    .get(block.end..)
                    .unwrap_or_default()
                    .iter()
                    .collect::<String>(),
            ),
            None => (text.to_owned(), Vec::new(), false, String::new()),
        };
        let place: String = place.chars().filter(|c| !c.is_whitespace()).collect();
        // The prefecture is sometimes typed twice (a form's field and again in the line).
        let place = strip_prefecture(&place).map_or(place.as_str(), |(_, rest)| rest);
        let (municipality, town) = match split_municipality(prefecture, place) {
            Some((municipality, town)) => (municipality.to_owned(), town),
            None => guess_municipality(place),
        };
        let town = town
            .strip_prefix(municipality.as_str())
            .filter(|_| !municipality.is_empty())
            .unwrap_or(town);
        let town = normalize_town(town);

        let (block_numbers, extra_numbers) = if last_is_room {
            numbers.split_at(numbers.len().saturating_sub(1))
        } else {
            numbers.split_at(numbers.len().min(3))
        };
        let (building, rest_room) = split_building_room(&rest);
        let room_parts: Vec<String> = extra_numbers.iter().cloned().chain(rest_room).collect();
        let room = (!room_parts.is_empty()).then(|| room_parts.join("-"));

        if town.is_empty()
            && block_numbers.is_empty()
            && building.is_empty()
            && municipality.is_empty()
        {
            return Err(IdentifierError::new("line1", "address is empty"));
        }
        Ok(Self {
            postal_code,
            prefecture: prefecture.to_owned(),
            municipality,
            town,
            block: block_numbers.join("-"),
            building,
            room,
        })
    }

    pub fn postal_code(&self) -> Option<&str> {
        self.postal_code.as_deref()
    }

    pub fn prefecture(&self) -> &str {
        &self.prefecture
    }

    /// City, ward or town/village (市区町村), without the county.
    pub fn municipality(&self) -> &str {
        &self.municipality
    }

    /// The town or district (町域) before the block number.
    pub fn town(&self) -> &str {
        &self.town
    }

    /// Block numbers joined by '-', e.g. "1-2-3".
    pub fn block(&self) -> &str {
        &self.block
    }

    pub fn building(&self) -> &str {
        &self.building
    }

    pub fn room(&self) -> Option<&str> {
        self.room.as_deref()
    }

    pub fn building_key(&self) -> String {
        format!(
            "JP|{}|{}|{}|{}|{}|{}",
            self.postal_code.as_deref().unwrap_or_default(),
            self.prefecture,
            self.municipality,
            self.town,
            self.block,
            self.building
        )
    }

    pub fn delivery_point_key(&self) -> String {
        format!(
            "{}|{}",
            self.building_key(),
            self.room.as_deref().unwrap_or_default()
        )
    }

    pub fn keys(&self) -> AddressKeys {
        AddressKeys {
            delivery_point: self.delivery_point_key(),
            building: self.building_key(),
        }
    }
}

/// "〒100-0001", "１００－０００１", "100 0001" → "1000001"; empty → none.
fn parse_postal_code(raw: &str) -> Result<Option<String>, IdentifierError> {
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
fn clean(field: &str) -> String {
    let folded = fold_dashes(&nfkc(field).to_lowercase()).replace('|', " ");
    collapse_whitespace(&folded)
}

/// Some customers paste the postal code into the first line too.
fn strip_leading_postal_code(text: &str) -> &str {
    let trimmed = text.trim_start_matches(['〒', ' ']);
    let bytes = trimmed.as_bytes();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let len = if (0..3).all(digit) && bytes.get(3) == Some(&b'-') && (4..8).all(digit) {
        8
    } else if (0..7).all(digit) && !digit(7) {
        7
    } else {
        return text;
    };
    trimmed.get(len..).unwrap_or(text)
}

/// Removes the spaces that sit inside a block number ("1 - 2", "1 丁目", "1丁目 2番 3号") and
/// keeps those that separate it from what follows ("1-1-1 305").
fn tighten_block_spaces(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev_dash = chars.get(i.wrapping_sub(1)) == Some(&'-');
            let next_dash = chars.get(i + 1) == Some(&'-');
            let number_then_unit = number_ends_at(&chars, i) && unit_starts_at(&chars, i + 1);
            let unit_then_numbered_unit =
                unit_ends_at(&chars, i) && numbered_unit_at(&chars, i + 1);
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
fn guess_municipality(place: &str) -> (String, &str) {
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

/// Folds the spelling variants of town names that do not change the place.
fn normalize_town(town: &str) -> String {
    // 大字 ("large section") is an administrative prefix that most people leave out.
    let town = town.strip_prefix("大字").unwrap_or(town);
    let chars: Vec<char> = town.chars().collect();
    let mut out = String::with_capacity(town.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let prev_han = i > 0 && chars.get(i - 1).copied().is_some_and(is_han);
        let next_han = chars.get(i + 1).copied().is_some_and(is_han);
        // 霞ヶ関, 霞ケ関, 霞が関: the small and large ケ and が are one sound between kanji.
        if matches!(c, 'ヶ' | 'ケ' | 'ヵ' | 'が') && prev_han && next_han {
            out.push('ケ');
            i += 1;
            continue;
        }
        // Hokkaido's 条 and 線 and Iwate's 地割 are numbered: "北一条西" is "北1条西".
        let run_end = (i..=chars.len())
            .find(|&j| {
                !chars
                    .get(j)
                    .copied()
                    .is_some_and(super::text::is_kanji_numeral)
            })
            .unwrap_or(i);
        if run_end > i {
            let run: String = chars.get(i..run_end).unwrap_or_default().iter().collect();
            let after: String = chars
                .get(run_end..)
                .unwrap_or_default()
                .iter()
                .take(2)
                .collect();
            if (after.starts_with('条') || after.starts_with('線') || after == "地割")
                && let Some(value) = kanji_numeral_value(&run)
            {
                out.push_str(&value.to_string());
            } else {
                out.push_str(&run);
            }
            i = run_end;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out.trim_matches(['-', 'の']).to_owned()
}

/// Splits what follows the block number into building name and room: "abcマンション 305号室",
/// "abcマンション#305", "abcマンション305", "305", "abcビル 3f".
fn split_building_room(rest: &str) -> (String, Option<String>) {
    let is_separator = |c: char| c.is_whitespace() || matches!(c, '-' | ',' | '、' | '/' | '#');
    let text = rest.trim_matches(is_separator);
    let (body, floor) = if let Some(body) = ["号室", "号", "室"]
        .iter()
        .find_map(|s| text.strip_suffix(s))
    {
        (body, false)
    } else if let Some(body) = ["階", "f"].iter().find_map(|s| text.strip_suffix(s)) {
        (body, true)
    } else {
        (text, false)
    };
    let digits_start = body.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (mut before, digits) = body.split_at(digits_start);
    let Some(number) = canonical_number(digits) else {
        return (squeeze(text), None);
    };
    // A letter directly before the number belongs to it ("b101") unless it ends a latin word.
    let mut letter = String::new();
    if let Some(last) = before.chars().last().filter(char::is_ascii_alphabetic) {
        let word_before = before
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| c.is_ascii_alphabetic());
        if !word_before {
            letter = last.to_ascii_uppercase().to_string();
            before = before.get(..before.len() - 1).unwrap_or_default();
        }
    }
    let before = strip_room_word(before.trim_end_matches(is_separator));
    let room = format!("{letter}{number}{}", if floor { "F" } else { "" });
    (squeeze(before), Some(room))
}

/// "room 305", "no.305", "apt 305": the word only says that a room number follows.
fn strip_room_word(before: &str) -> &str {
    let word = ["room", "rm", "apt", "no.", "no"].iter().find_map(|word| {
        let rest = before.strip_suffix(word)?;
        let starts_word = rest.chars().last().is_none_or(|c| !c.is_ascii_alphabetic());
        starts_word.then_some(rest)
    });
    word.map_or(before, |rest| {
        rest.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '-' | ',' | '#'))
    })
}

fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .trim_matches(['-', ',', '、', '/', '#'])
        .to_owned()
}

#[cfg(test)]
#[path = "address_jp_tests.rs"]
mod tests;
