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
use super::jp_block_number::find_block_number;
use super::jp_building::{Premises, split_premises};
use super::jp_fold::fold_place;
use super::jp_gazetteer::GAZETTEER;
use super::jp_places::{prefecture_of_postal_code, resolve_region};

use super::jp_address_fields::{
    clean, guess_municipality, normalize_town, parse_postal_code, split_block,
    strip_leading_postal_code, tighten_block_spaces,
};
use super::jp_town_match::{kyoto_ambiguous, place_town, prefecture_at};
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

#[cfg(test)]
#[path = "address_jp_tests.rs"]
mod tests;
