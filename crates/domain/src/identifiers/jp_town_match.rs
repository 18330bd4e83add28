//! Placing a Japanese address in the gazetteer: the prefecture written at the start, then the
//! longest town (with its municipality) that the folded text begins with, a postal code or
//! the written city deciding between towns of one name.

use super::jp_fold::fold_name;
use super::jp_gazetteer::{GAZETTEER, Gazetteer};

/// Where the gazetteer placed the text: the town and how far into the folded text it reaches.
#[derive(Debug, Clone)]
pub(super) struct Placed {
    pub(super) city: Option<u32>,
    pub(super) town: Option<u32>,
    /// Folded index where the rest (sub-area, block number, building) begins.
    pub(super) end: usize,
    /// The 通り名 and 上る/下る/東入/西入 of a Kyoto address, in matching form.
    pub(super) street: String,
    pub(super) inferred: bool,
}

pub(super) const KYOTO_DIRECTIONS: &[&str] = &[
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

/// A prefecture written at the start of the folded text (full, or short when a municipality of
/// it follows), agreeing with the one already known.
pub(super) fn prefecture_at(
    folded: &[char],
    known: Option<&'static str>,
) -> Option<(&'static str, usize)> {
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
pub(super) fn kyoto_ambiguous(g: &Gazetteer, town: &super::jp_gazetteer::Town) -> bool {
    town.postal_codes.len() > 1
        && g.city(town.city)
            .is_some_and(|c| c.prefecture == "京都府" && c.designated == Some("京都市"))
}

/// Finds the town at `pos` among `cities` (every city of the prefecture, of the postal code, or
/// of Japan when none was written) and settles the municipality.
pub(super) fn place_town(
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
pub(super) fn match_towns(
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
pub(super) fn towns_at(g: &Gazetteer, folded: &[char], candidates: &[u32]) -> Vec<(usize, u32)> {
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

pub(super) fn match_len(name: &str, text: &[char]) -> Option<usize> {
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
