//! The notation suite: clusters of one place written many ways (every variant must meet every
//! other), each with near-misses (another 番地, 号, room, building, 棟 or a town of a similar
//! name) that must meet none of them. Built from the notations that Japanese address
//! normalisers' public test suites exercise (widths, dashes, kanji numerals, 丁目/番地/号,
//! omitted prefecture, city, ward, county, 大字/字, old kanji, Kyoto's street names, rooms and
//! buildings) and Japan Post's own address examples; the places are real, the rooms invented.
//!
//! A case is `line1`, or `postal^region^locality^line1^line2` for split fields.

mod notations;
mod places;
mod rooms_and_buildings;

pub(crate) struct Cluster {
    pub name: &'static str,
    pub variants: &'static [&'static str],
    pub near_misses: &'static [&'static str],
}

/// Every cluster of the suite.
pub(crate) fn clusters() -> impl Iterator<Item = &'static Cluster> + Clone {
    [
        notations::CLUSTERS,
        places::CLUSTERS,
        rooms_and_buildings::CLUSTERS,
    ]
    .into_iter()
    .flatten()
}
