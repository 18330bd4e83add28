//! Japanese addresses reduced to one key per delivery point and one per building (名寄せ).
//!
//! Resellers and fraudsters reuse one address under small variations: full-width digits, kanji
//! numerals, 丁目/番地/号 or hyphens, the prefecture or the postal code left out, old kanji, the
//! room written as "305号室", "#305" or "-305", the building's name written or not. The parse
//! runs against the offline gazetteer ([`super::jp_gazetteer`]): the municipality and the town
//! are found as Japan Post writes them, whatever the notation, and what the text leaves out
//! (prefecture, city, ward, postal code) is inferred where the gazetteer makes it unique.
//!
//! Keys (fields separated by '|', which is removed from the input; empty when unknown):
//!
//! ```text
//! building:       JP|<prefecture>|<municipality>|<town>|<block>
//! point:          JP|<prefecture>|<municipality>|<town>|<block>|<wing>|<room or floor>
//! delivery point: <point>|=<building name>   a name was written
//!                 <point>|-                  no name was written
//!                 <point>|*                  (stored with a named one: "some building")
//! e.g.            JP|東京都|千代田区|1000代田|1-1-1||305|=abcマンション
//! ```
//!
//! Town and building names are in their matching form ([`super::jp_fold`]): kanji numerals as
//! digits, variant kanji folded. The postal code is not part of any key: it only helps the
//! parse. See `docs/CONSORTIUM.md` for how the three delivery-point forms match.

use super::IdentifierError;
use super::address::AddressKeys;
use super::jp_block_number::{
    find_block_number, number_ends_at, numbered_unit_at, unit_ends_at, unit_starts_at,
};
use super::jp_building::{Premises, split_premises};
use super::jp_fold::{fold_name, fold_place};
use super::jp_gazetteer::{GAZETTEER, Gazetteer};
use super::jp_places::{prefecture_of_postal_code, resolve_region};
use super::text::{collapse_whitespace, fold_dashes, is_dash, is_long_vowel_mark, nfkc};

const MAX_FIELD_CHARS: usize = 200;

/// How much of the address the gazetteer confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParseConfidence {
    /// The municipality and town were written and found in the gazetteer.
    Matched,
    /// The town was found, but the prefecture, the municipality or the town's full name had to
    /// be inferred from the gazetteer (or the postal code).
    Inferred,
    /// The town is not in the gazetteer (or the municipality is ambiguous): the key is built from
    /// the text as written, more strictly, so that it can only miss, never merge two places.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct JapaneseAddress {
    postal_code: Option<String>,
    prefecture: String,
    municipality: String,
    town: String,
    block: String,
    premises: Premises,
    confidence: ParseConfidence,
}

/// Where the gazetteer placed the text: the town and how far into the folded text it reaches.
#[derive(Debug, Clone)]
struct Placed {
    city: Option<u32>,
    town: Option<u32>,
    /// Folded index where the rest (sub-area, block number, building) begins.
    end: usize,
    /// The 通り名 and 上る/下る/東入/西入 of a Kyoto address, in matching form.
    street: String,
    inferred: bool,
}

const KYOTO_DIRECTIONS: &[&str] = &[
    "上る",
    "上ル",
    "上がる",
    "上ガル",
    "下る",
    "下ル",
    "下がる",
    "下ガル",
    "東入る",
    "東入ル",
    "東入",
    "西入る",
    "西入ル",
    "西入",
    "入る",
    "入ル",
];

impl JapaneseAddress {
    /// Parses the fields of a checkout form. Any field may hold more than its name says (the
    /// whole address in `line1` is common, so are the prefecture and city written again in the
    /// line); only the postal code is checked on its own. Nothing but the postal code's form and
    /// an empty address is refused: missing parts are inferred or left empty.
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
        let mut postal_code = parse_postal_code(postal_code)?;
        let stated = resolve_region(&clean(region));
        let unresolved_region = if stated.is_none() { region } else { "" };
        let text = [unresolved_region, locality, line1, line2]
            .iter()
            .map(|field| clean(field))
            .filter(|field| !field.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let (written_code, text) = strip_leading_postal_code(&text);
        if postal_code.is_none() {
            postal_code = written_code;
        }
        let text = tighten_block_spaces(text);
        let src: Vec<char> = text.trim().chars().collect();
        // Matching runs on the text without spaces; `squeezed[i]` is the source index of char i.
        let squeezed: Vec<usize> = (0..src.len())
            .filter(|&i| src.get(i).is_some_and(|c| !c.is_whitespace()))
            .collect();
        let bare: Vec<char> = squeezed
            .iter()
            .filter_map(|&i| src.get(i).copied())
            .collect();
        let folded = fold_place(&bare);
        let g = &*GAZETTEER;
        let postal = postal_code.as_deref().and_then(|c| c.parse::<u32>().ok());

        let mut pos = 0;
        let mut prefecture = stated;
        // The prefecture, and the municipality, may be written twice (a field and the line).
        let mut cities: Option<Vec<u32>> = None;
        for _ in 0..3 {
            let before = pos;
            if let Some((written, len)) = prefecture_at(&folded.chars[pos..], prefecture) {
                prefecture = Some(written);
                pos += len;
            }
            let at = folded.chars.get(pos..).unwrap_or_default();
            let found = g.cities_at_start(at).into_iter().find_map(|(len, ids)| {
                let ids: Vec<u32> = ids
                    .iter()
                    .copied()
                    .filter(|&id| {
                        prefecture.is_none_or(|p| g.city(id).is_some_and(|c| c.prefecture == p))
                    })
                    .collect();
                (!ids.is_empty()).then_some((len, ids))
            });
            if let Some((len, ids)) = found
                && (cities.is_none()
                    || cities
                        .as_ref()
                        .is_some_and(|c| ids.iter().all(|id| c.contains(id))))
            {
                pos += len;
                cities = Some(ids);
            }
            if pos == before {
                break;
            }
        }
        let city_written = cities.is_some();
        let placed = place_town(g, &folded.chars, pos, cities.as_deref(), prefecture, postal);

        let prefecture_written = prefecture.is_some();
        let chosen_city = placed.city.and_then(|id| g.city(id));
        let town = placed.town.and_then(|id| g.town(id));
        let prefecture = prefecture
            .or(chosen_city.map(|c| c.prefecture))
            .or_else(|| postal_code.as_deref().and_then(prefecture_of_postal_code));
        if postal_code.is_none()
            && let Some([only]) = town.map(|t| t.postal_codes.as_slice())
        {
            postal_code = Some(format!("{only:07}"));
        }
        let rest_from = squeezed
            .get(folded.source_at(placed.end, bare.len()))
            .copied()
            .unwrap_or(src.len());
        let rest: Vec<char> = src.get(rest_from..).unwrap_or_default().to_vec();

        let (municipality, mut town_key, rest) = match (chosen_city, town) {
            (Some(city), Some(town)) => (city.name.to_owned(), town.folded.clone(), rest),
            _ => {
                // Not in the gazetteer: the text as written, with the old rules.
                let from = squeezed
                    .get(folded.source_at(pos, bare.len()))
                    .copied()
                    .unwrap_or(src.len());
                let tail: Vec<char> = src.get(from..).unwrap_or_default().to_vec();
                let (place, rest) = match find_block_number(&tail) {
                    Some(block) => (
                        tail.get(..block.start)
                            .unwrap_or_default()
                            .iter()
                            .collect::<String>(),
                        tail.get(block.start..).unwrap_or_default().to_vec(),
                    ),
                    None => (tail.iter().collect::<String>(), Vec::new()),
                };
                let place: String = place.chars().filter(|c| !c.is_whitespace()).collect();
                let (municipality, town) = match chosen_city {
                    Some(city) => (city.name.to_owned(), place.clone()),
                    None if city_written => {
                        // Several municipalities of that name and nothing to tell them apart.
                        let written: String =
                            folded.chars.get(..pos).unwrap_or_default().iter().collect();
                        (written, place.clone())
                    }
                    None => {
                        let (m, t) = guess_municipality(&place);
                        (m, t.to_owned())
                    }
                };
                (municipality, normalize_town(&town), rest)
            }
        };
        let (sub_area, numbers, last_is_room, after) = split_block(&rest);
        if !sub_area.is_empty() {
            town_key = if town_key.is_empty() {
                sub_area
            } else {
                format!("{town_key}/{sub_area}")
            };
        }
        if let Some(town) = town.filter(|t| kyoto_ambiguous(g, t)) {
            // One name, several towns in the ward: the postal code or the street tells them apart.
            match postal.filter(|code| town.postal_codes.contains(code)) {
                Some(code) => town_key = format!("{town_key}#{code:07}"),
                None if !placed.street.is_empty() => {
                    town_key = format!("{town_key}@{}", placed.street);
                }
                None => {}
            }
        }
        let (block_numbers, extra_numbers) = if last_is_room {
            numbers.split_at(numbers.len().saturating_sub(1))
        } else {
            numbers.split_at(numbers.len().min(3))
        };
        let mut premises = split_premises(&after);
        if !extra_numbers.is_empty() {
            let mut parts: Vec<String> = extra_numbers.to_vec();
            parts.extend(premises.room.take());
            premises.room = Some(parts.join("-"));
        }
        if premises.room.is_some() {
            premises.floor = None;
        }
        if src.is_empty() {
            return Err(IdentifierError::new("line1", "address is empty"));
        }
        let confidence = match (town, city_written && !placed.inferred && prefecture_written) {
            (Some(_), true) => ParseConfidence::Matched,
            (Some(_), false) => ParseConfidence::Inferred,
            (None, _) => ParseConfidence::Unknown,
        };
        Ok(Self {
            postal_code,
            prefecture: prefecture.unwrap_or_default().to_owned(),
            municipality,
            town: town_key,
            block: block_numbers.join("-"),
            premises,
            confidence,
        })
    }

    pub fn postal_code(&self) -> Option<&str> {
        self.postal_code.as_deref()
    }

    /// Empty when neither written nor implied by the postal code or the gazetteer.
    pub fn prefecture(&self) -> &str {
        &self.prefecture
    }

    /// City, ward or town/village (市区町村), without the county.
    pub fn municipality(&self) -> &str {
        &self.municipality
    }

    /// The town or district (町域) before the block number, in matching form.
    pub fn town(&self) -> &str {
        &self.town
    }

    /// Block numbers joined by '-', e.g. "1-2-3".
    pub fn block(&self) -> &str {
        &self.block
    }

    /// The building's name in matching form, without its wing; empty when not written.
    pub fn building(&self) -> &str {
        &self.premises.building
    }

    /// The wing (棟) of the building, e.g. "A" of "A棟".
    pub fn wing(&self) -> &str {
        &self.premises.wing
    }

    pub fn room(&self) -> Option<&str> {
        self.premises.room.as_deref()
    }

    pub fn floor(&self) -> Option<&str> {
        self.premises.floor.as_deref()
    }

    pub fn confidence(&self) -> ParseConfidence {
        self.confidence
    }

    pub fn building_key(&self) -> String {
        format!(
            "JP|{}|{}|{}|{}",
            self.prefecture, self.municipality, self.town, self.block
        )
    }

    /// The delivery point whatever the building's name: town, block, wing and room.
    pub fn point_key(&self) -> String {
        let unit = self.room().or(self.floor()).unwrap_or_default();
        format!("{}|{}|{unit}", self.building_key(), self.premises.wing)
    }

    /// The canonical delivery-point key: the point with the building's name if one was written.
    pub fn delivery_point_key(&self) -> String {
        if self.premises.building.is_empty() {
            format!("{}|-", self.point_key())
        } else {
            format!("{}|={}", self.point_key(), self.premises.building)
        }
    }

    pub fn keys(&self) -> AddressKeys {
        let point = self.point_key();
        let (records, probes) = if self.premises.building.is_empty() {
            (
                vec![format!("{point}|-")],
                vec![format!("{point}|*"), format!("{point}|-")],
            )
        } else {
            let named = format!("{point}|={}", self.premises.building);
            (
                vec![named.clone(), format!("{point}|*")],
                vec![named, format!("{point}|-")],
            )
        };
        AddressKeys {
            country: "JP".to_owned(),
            postal_code: self.postal_code.clone(),
            region: (!self.prefecture.is_empty()).then(|| self.prefecture.clone()),
            delivery_point: self.delivery_point_key(),
            building: self.building_key(),
            point: format!("{point}|-"),
            records,
            probes,
            confidence: Some(self.confidence),
            level: super::address::AddressLevel::DeliveryPoint,
        }
    }
}

/// A prefecture written at the start of the folded text (full, or short when a municipality of
/// it follows), agreeing with the one already known.
fn prefecture_at(folded: &[char], known: Option<&'static str>) -> Option<(&'static str, usize)> {
    // Folded like the text: 千葉県 is "1000葉県" there.
    /// (full name, its folded form, the folded short form).
    type Folded = (&'static str, Vec<char>, Vec<char>);
    static FOLDED: std::sync::LazyLock<Vec<Folded>> = std::sync::LazyLock::new(|| {
        super::jp_places::PREFECTURE_NAMES
            .iter()
            .map(|&full| {
                let short = super::jp_places::short_name(full);
                (
                    full,
                    fold_name(full).chars().collect(),
                    fold_name(short).chars().collect(),
                )
            })
            .collect()
    });
    let g = &*GAZETTEER;
    let starts = |p: &[char]| folded.len() >= p.len() && folded.iter().zip(p).all(|(a, b)| a == b);
    FOLDED.iter().find_map(|(full, long, short)| {
        if known.is_some_and(|k| k != *full) {
            return None;
        }
        if starts(long) {
            return Some((*full, long.len()));
        }
        if short.len() == long.len() || !starts(short) {
            return None;
        }
        let rest = folded.get(short.len()..).unwrap_or_default();
        let city_follows = g.cities_at_start(rest).iter().any(|(_, ids)| {
            ids.iter()
                .any(|&id| g.city(id).is_some_and(|c| c.prefecture == *full))
        });
        city_follows.then_some((*full, short.len()))
    })
}

/// A Kyoto town whose name recurs in its ward with several postal codes.
fn kyoto_ambiguous(g: &Gazetteer, town: &super::jp_gazetteer::Town) -> bool {
    town.postal_codes.len() > 1
        && g.city(town.city)
            .is_some_and(|c| c.prefecture == "京都府" && c.designated == Some("京都市"))
}

/// Finds the town at `pos` among `cities` (every city of the prefecture, of the postal code, or
/// of Japan when none was written) and settles the municipality.
fn place_town(
    g: &Gazetteer,
    folded: &[char],
    pos: usize,
    cities: Option<&[u32]>,
    prefecture: Option<&str>,
    postal: Option<u32>,
) -> Placed {
    let inferred_cities;
    let (candidates, inferred) = match cities {
        Some(ids) => (ids, ids.len() > 1),
        None => {
            let from_postal: Vec<u32> = postal
                .map(|code| {
                    g.towns_with_postal_code(code)
                        .iter()
                        .filter_map(|&t| g.town(t))
                        .map(|t| t.city)
                        .collect()
                })
                .unwrap_or_default();
            inferred_cities = if !from_postal.is_empty() {
                let mut from_postal = from_postal;
                from_postal.sort_unstable();
                from_postal.dedup();
                from_postal
            } else if let Some(p) = prefecture {
                g.cities_of(p)
            } else {
                (0..g.cities.len() as u32).collect()
            };
            (inferred_cities.as_slice(), true)
        }
    };
    let at = folded.get(pos..).unwrap_or_default();
    let single_city = match candidates {
        [only] => Some(*only),
        _ => None,
    };
    let unplaced = Placed {
        city: single_city,
        town: None,
        end: pos,
        street: String::new(),
        inferred,
    };
    // 大字 and 字 are often left out: skip them in the text.
    let skip = ["大字", "字"]
        .iter()
        .find(|p| at.iter().copied().take(p.chars().count()).eq(p.chars()))
        .map_or(0, |p| p.chars().count());
    let mut tries: Vec<(usize, String)> = vec![(pos + skip, String::new())];
    // Kyoto: "河原町通二条下る一之船入町": the town follows the street and its direction.
    let text: String = at.iter().collect();
    if let Some((byte, word)) = KYOTO_DIRECTIONS
        .iter()
        .filter_map(|w| text.rfind(w).map(|i| (i, *w)))
        .max_by_key(|(i, w)| i + w.len())
    {
        let street: String = text.get(..byte).unwrap_or_default().to_owned();
        let offset = text
            .get(..byte + word.len())
            .map_or(0, |t| t.chars().count());
        tries.push((
            pos + offset,
            format!(
                "{street}{}",
                &word[..word.char_indices().nth(1).map_or(word.len(), |(i, _)| i)]
            ),
        ));
    }
    for (start, street) in tries {
        let here = folded.get(start..).unwrap_or_default();
        let found = match_towns(g, here, candidates, postal);
        if let Some((len, town)) = found {
            let city = g.town(town).map(|t| t.city);
            return Placed {
                city,
                town: Some(town),
                end: start + len,
                street,
                inferred: inferred || cities.is_some_and(|c| c.len() > 1),
            };
        }
    }
    // "三栄町" for 四谷三栄町: the end of one town's name, when only one town of the city ends so.
    if let Some(city) = single_city.and_then(|id| g.city(id)) {
        // The name ends where the block number begins (a digit after a non-digit).
        let name_end = (1..at.len())
            .find(|&i| {
                at.get(i).is_some_and(|c| c.is_ascii_digit() || *c == '-')
                    && at.get(i - 1).is_some_and(|c| !c.is_ascii_digit())
            })
            .unwrap_or(at.len());
        let written: String = at.get(skip..name_end).unwrap_or_default().iter().collect();
        if written.chars().count() >= 2 {
            let endings: Vec<u32> = city
                .towns
                .iter()
                .copied()
                .filter(|&t| {
                    g.town(t).is_some_and(|t| {
                        // What was left out is an area name of two or more characters
                        // (四谷 of 四谷三栄町), not a direction (東川崎町 is not 川崎町).
                        t.folded.ends_with(&written)
                            && t.folded.chars().count() >= written.chars().count() + 2
                    })
                })
                .collect();
            if let [only] = endings.as_slice() {
                return Placed {
                    city: single_city,
                    town: Some(*only),
                    end: pos + name_end,
                    street: String::new(),
                    inferred: true,
                };
            }
        }
    }
    unplaced
}

/// The longest town of `candidates` at the start of the folded text, if one town (one place)
/// is the answer; a postal code that names one of them decides between several.
fn match_towns(
    g: &Gazetteer,
    folded: &[char],
    candidates: &[u32],
    postal: Option<u32>,
) -> Option<(usize, u32)> {
    let mut found = towns_at(g, folded, candidates);
    let with_postal: Vec<(usize, u32)> = postal
        .map(|code| {
            found
                .iter()
                .copied()
                .filter(|(_, t)| g.town(*t).is_some_and(|t| t.postal_codes.contains(&code)))
                .collect()
        })
        .unwrap_or_default();
    if !with_postal.is_empty() {
        found = with_postal;
    }
    let longest = found.first()?.0;
    let best: Vec<(usize, u32)> = found
        .into_iter()
        .filter(|(len, _)| *len == longest)
        .collect();
    match best.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// Towns at the start of the text with their length in the text. A Hokkaido "北3条西" also
/// matches "北3西" (the 条 left out), and the matched name is not followed by more of a name
/// that another town would have (longest first).
fn towns_at(g: &Gazetteer, folded: &[char], candidates: &[u32]) -> Vec<(usize, u32)> {
    let Some(first) = folded.first() else {
        return Vec::new();
    };
    let mut found: Vec<(usize, u32)> = g
        .towns_by_first
        .get(first)
        .into_iter()
        .flatten()
        .filter_map(|&id| {
            let town = g.town(id)?;
            if candidates.binary_search(&town.city).is_err() {
                return None;
            }
            match_len(&town.folded, folded).map(|len| (len, id))
        })
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    found
}

fn match_len(name: &str, text: &[char]) -> Option<usize> {
    let mut t = 0;
    let name: Vec<char> = name.chars().collect();
    for (i, &c) in name.iter().enumerate() {
        if text.get(t) == Some(&c) {
            t += 1;
            continue;
        }
        let after_digit = i > 0 && name.get(i - 1).is_some_and(char::is_ascii_digit);
        if c == '条' && after_digit {
            continue;
        }
        return None;
    }
    Some(t)
}

/// The rest after the town: a sub-area (小字, without 字), the block number, what follows.
fn split_block(rest: &[char]) -> (String, Vec<String>, bool, String) {
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

/// Some customers paste the postal code into the first line too: it is taken out (and used when
/// the postal-code field is empty).
fn strip_leading_postal_code(text: &str) -> (Option<String>, &str) {
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
fn tighten_block_spaces(text: &str) -> String {
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

/// A town the gazetteer does not know, in the same matching form as the gazetteer's names.
fn normalize_town(town: &str) -> String {
    // 大字 and 字 are administrative prefixes that most people leave out.
    let town = town.strip_prefix("大字").unwrap_or(town);
    let town = town.strip_prefix('字').unwrap_or(town);
    fold_name(town.trim_matches(['-', 'の']))
        .replace("大字", "")
        .replace('字', "")
}

#[cfg(test)]
#[path = "address_jp_tests.rs"]
mod tests;
