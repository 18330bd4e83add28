//! Finds the block number (丁目・番地・号, or hyphens) in a Japanese address line.
//!
//! "1丁目2番3号", "一丁目二番三号", "1-2-3" and "1丁目2-3" are one block number; a kanji numeral
//! inside a place name ("三田", "一番町", "千代田") is not. Without a database of town names this
//! is a matter of rules, each written down where it applies.

use super::text::{canonical_number, is_han, is_kanji_numeral};

/// The numbers of a block ("1", "2", "3") and where they were found, as char indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BlockNumber {
    pub start: usize,
    pub end: usize,
    pub numbers: Vec<String>,
    /// The last number was written with 号室/室: it is a room, not part of the block.
    pub last_is_room: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Chome,
    Banchi,
    Ban,
    Go,
    Room,
    Hyphen,
    No,
}

const UNITS: &[(&str, Unit)] = &[
    ("丁目", Unit::Chome),
    ("番地", Unit::Banchi),
    ("号室", Unit::Room),
    ("番", Unit::Ban),
    ("号", Unit::Go),
    ("-", Unit::Hyphen),
    ("の", Unit::No),
];

fn unit_at(chars: &[char], i: usize) -> Option<(Unit, usize)> {
    UNITS.iter().find_map(|(text, unit)| {
        let len = text.chars().count();
        let matches = chars
            .get(i..i + len)
            .is_some_and(|s| s.iter().copied().eq(text.chars()));
        matches.then_some((*unit, len))
    })
}

/// A run of ASCII digits or of kanji numerals starting at `i`: its end and whether it is kanji.
fn number_at(chars: &[char], i: usize) -> Option<(usize, bool)> {
    let first = *chars.get(i)?;
    let same_class: fn(char) -> bool = if first.is_ascii_digit() {
        |c| c.is_ascii_digit()
    } else if is_kanji_numeral(first) {
        is_kanji_numeral
    } else {
        return None;
    };
    let end = (i..chars.len())
        .find(|&j| !chars.get(j).copied().is_some_and(same_class))
        .unwrap_or(chars.len());
    Some((end, !first.is_ascii_digit()))
}

/// A katakana or latin letter that can lead a block number's part ("イ22", "a22").
fn is_block_letter(c: char) -> bool {
    c.is_ascii_lowercase() || matches!(c, '\u{30A2}'..='\u{30F3}')
}

fn text(chars: &[char], from: usize, to: usize) -> String {
    chars.get(from..to).unwrap_or_default().iter().collect()
}

/// A number followed by a unit starts at `i` ("1番", "二丁目", "3-"): a space before it joins
/// two parts of one block number rather than separating the block from a room.
pub(crate) fn numbered_unit_at(chars: &[char], i: usize) -> bool {
    number_at(chars, i).is_some_and(|(end, _)| unit_at(chars, end).is_some())
}

/// A unit word ends right before `i` ("丁目", "番地", "番", "号").
pub(crate) fn unit_ends_at(chars: &[char], i: usize) -> bool {
    ["丁目", "番地", "番", "号"].iter().any(|unit| {
        let len = unit.chars().count();
        i.checked_sub(len)
            .and_then(|from| chars.get(from..i))
            .is_some_and(|s| s.iter().copied().eq(unit.chars()))
    })
}

/// A number ends right before `i`.
pub(crate) fn number_ends_at(chars: &[char], i: usize) -> bool {
    i.checked_sub(1)
        .and_then(|p| chars.get(p))
        .is_some_and(|&c| c.is_ascii_digit() || is_kanji_numeral(c))
}

/// A unit word starts at `i`.
pub(crate) fn unit_starts_at(chars: &[char], i: usize) -> bool {
    unit_at(chars, i).is_some_and(|(unit, _)| unit != Unit::No)
}

/// The first block number in `chars`, scanning left to right.
pub(crate) fn find_block_number(chars: &[char]) -> Option<BlockNumber> {
    // Only where a run of digits or of kanji numerals begins: "二十三" is not also "十三".
    let same_run = |a: char, b: char| {
        (a.is_ascii_digit() && b.is_ascii_digit()) || (is_kanji_numeral(a) && is_kanji_numeral(b))
    };
    (0..chars.len())
        .filter(|&i| {
            let previous = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
            let current = chars.get(i).copied();
            match (previous, current) {
                (Some(prev), Some(cur)) => !same_run(prev, cur),
                (None, Some(_)) => true,
                _ => false,
            }
        })
        .find_map(|start| block_number_at(chars, start))
}

fn block_number_at(chars: &[char], start: usize) -> Option<BlockNumber> {
    let mut numbers = Vec::new();
    let mut units = Vec::new();
    let mut kanji_first = false;
    let mut i = start;
    let mut last_is_room = false;
    loop {
        // After the first number, a kana or latin letter may lead one: "14-イ22", "14-a22".
        let letter = (!numbers.is_empty())
            .then(|| chars.get(i).copied())
            .flatten()
            .filter(|&c| is_block_letter(c) && chars.get(i + 1).is_some_and(char::is_ascii_digit));
        let from = i + usize::from(letter.is_some());
        let Some((end, kanji)) = number_at(chars, from) else {
            break;
        };
        if numbers.is_empty() {
            kanji_first = kanji;
        }
        let number = canonical_number(&text(chars, from, end))?;
        numbers.push(match letter {
            Some(c) => format!("{}{number}", c.to_uppercase()),
            None => number,
        });
        i = end;
        let Some((unit, len)) = unit_at(chars, i) else {
            units.push(None);
            break;
        };
        match unit {
            Unit::Hyphen | Unit::No => {
                let next = i + len;
                let lettered = chars.get(next).copied().is_some_and(is_block_letter)
                    && chars.get(next + 1).is_some_and(char::is_ascii_digit);
                if number_at(chars, next).is_none() && !lettered {
                    units.push(None);
                    break;
                }
                units.push(Some(unit));
                i += len;
            }
            Unit::Room => {
                units.push(Some(unit));
                i += len;
                last_is_room = true;
                break;
            }
            _ => {
                units.push(Some(unit));
                i += len;
                // "1番地の2", "1丁目-2": a separator after a unit adds nothing.
                if let Some((Unit::Hyphen | Unit::No, sep_len)) = unit_at(chars, i)
                    && number_at(chars, i + sep_len).is_some()
                {
                    i += sep_len;
                }
            }
        }
    }
    let block = BlockNumber {
        start,
        end: i,
        numbers,
        last_is_room,
    };
    plausible(chars, &block, &units, kanji_first).then_some(block)
}

/// The rules that tell a block number from a numeral inside a place name.
fn plausible(
    chars: &[char],
    block: &BlockNumber,
    units: &[Option<Unit>],
    kanji_first: bool,
) -> bool {
    let next = chars.get(block.end).copied();
    let previous = block
        .start
        .checked_sub(1)
        .and_then(|p| chars.get(p))
        .copied();
    let first_unit = units.first().copied().flatten();
    if block.numbers.is_empty() {
        return false;
    }
    // 丁目 comes first or not at all: "麻布十番二丁目" is 麻布十番 + 二丁目.
    if units.iter().skip(1).any(|u| *u == Some(Unit::Chome)) {
        return false;
    }
    // A lone numeral glued to the next word is a name: "三田", "一ツ橋", "一の宮", "北1条", "第1地割".
    if block.numbers.len() == 1 && first_unit.is_none() {
        let glued = next.is_some_and(|c| !c.is_whitespace());
        if kanji_first && glued {
            return false;
        }
        if next.is_some_and(is_han) || previous == Some('第') {
            return false;
        }
    }
    // "一番町", "五番街", "麻布十番2-1": 番 here belongs to the town's name.
    if first_unit == Some(Unit::Ban) {
        let after_ban = number_at(chars, block.start)
            .and_then(|(end, _)| chars.get(end + 1))
            .copied();
        let part_of_name = after_ban.is_some_and(|c| {
            matches!(c, '町' | '丁' | '街')
                || (kanji_first && (c.is_ascii_digit() || (is_han(c) && !is_kanji_numeral(c))))
        });
        if part_of_name {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(s: &str) -> Option<(String, Vec<String>, bool)> {
        let chars: Vec<char> = s.chars().collect();
        find_block_number(&chars).map(|b| (text(&chars, 0, b.start), b.numbers, b.last_is_room))
    }

    fn numbers(s: &str) -> (String, String) {
        let (before, numbers, _) = found(s).expect(s);
        (before, numbers.join("-"))
    }

    #[test]
    fn unit_and_hyphen_forms_give_one_block() {
        for s in [
            "千代田1丁目1番1号",
            "千代田1-1-1",
            "千代田一丁目一番一号",
            "千代田1丁目1-1",
            "千代田1丁目1番地1",
        ] {
            assert_eq!(numbers(s), ("千代田".to_owned(), "1-1-1".to_owned()), "{s}");
        }
        assert_eq!(numbers("大手町二十三番地の四").1, "23-4");
    }

    #[test]
    fn numerals_inside_place_names_are_skipped() {
        assert_eq!(numbers("三田2-1-1").0, "三田");
        assert_eq!(numbers("一ツ橋1-1-1").0, "一ツ橋");
        assert_eq!(numbers("一番町1-2").0, "一番町");
        assert_eq!(
            numbers("麻布十番2-1-1"),
            ("麻布十番".to_owned(), "2-1-1".to_owned())
        );
        assert_eq!(
            numbers("麻布十番二丁目1番1号"),
            ("麻布十番".to_owned(), "2-1-1".to_owned())
        );
        assert_eq!(
            numbers("北1条西4丁目1-1"),
            ("北1条西".to_owned(), "4-1-1".to_owned())
        );
        assert_eq!(numbers("八丁堀2-1").0, "八丁堀");
        assert_eq!(numbers("一の宮3-4").0, "一の宮");
        assert_eq!(found("六本木"), None);
    }

    #[test]
    fn room_marker_is_reported() {
        let (_, numbers, room) = found("千代田1-1-1-305号室").unwrap();
        assert_eq!(numbers, ["1", "1", "1", "305"]);
        assert!(room);
    }
}
