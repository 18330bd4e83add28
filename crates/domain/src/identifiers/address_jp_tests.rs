//! Real notations of Japanese addresses that must meet, and some that must not.

use proptest::prelude::*;

use super::*;
use crate::identifiers::address_jp_cases::clusters;

fn parse(postal: &str, region: &str, locality: &str, line1: &str, line2: &str) -> JapaneseAddress {
    JapaneseAddress::parse(postal, region, locality, line1, line2).expect(line1)
}

/// A case of the suite: `line1`, or `postal^region^locality^line1^line2`.
fn parse_case(case: &str) -> Result<AddressKeys, IdentifierError> {
    let fields: Vec<&str> = case.split('^').collect();
    match fields.as_slice() {
        [postal, region, locality, line1, line2] => {
            JapaneseAddress::parse(postal, region, locality, line1, line2).map(|a| a.keys())
        }
        _ => JapaneseAddress::parse("", "", "", case, "").map(|a| a.keys()),
    }
}

/// A report of `a` is found by a lookup of `b` (and the other way round).
fn meet(a: &AddressKeys, b: &AddressKeys) -> bool {
    let one_way = |x: &AddressKeys, y: &AddressKeys| x.records.iter().any(|r| y.probes.contains(r));
    one_way(a, b) && one_way(b, a)
}

#[test]
fn the_notation_suite_holds() {
    let mut failures = Vec::new();
    let (mut variants, mut misses) = (0, 0);
    for cluster in clusters() {
        let keys: Vec<(&str, AddressKeys)> = cluster
            .variants
            .iter()
            .filter_map(|case| match parse_case(case) {
                Ok(keys) => Some((*case, keys)),
                Err(error) => {
                    failures.push(format!(
                        "{}: {case} refused ({})",
                        cluster.name, error.message
                    ));
                    None
                }
            })
            .collect();
        variants += cluster.variants.len();
        misses += cluster.near_misses.len();
        for (case, k) in &keys {
            let (first, first_keys) = &keys[0];
            if !meet(first_keys, k) {
                failures.push(format!(
                    "{}: {case} does not meet {first}\n    {:?}\n    {:?}",
                    cluster.name, k.records, first_keys.records
                ));
            }
        }
        for miss in cluster.near_misses {
            let Ok(m) = parse_case(miss) else { continue };
            for (case, k) in &keys {
                // A notation without the building's name meets every name at its point.
                let unnamed = k.records.iter().any(|r| r.ends_with("|-"));
                if unnamed && k.point == m.point {
                    continue;
                }
                if meet(k, &m) {
                    failures.push(format!(
                        "{}: near-miss {miss} meets {case}\n    {:?}",
                        cluster.name, m.records
                    ));
                }
            }
        }
    }
    assert!(clusters().count() >= 60, "{} clusters", clusters().count());
    assert!(variants + misses >= 300, "{} cases", variants + misses);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn parts_of_a_full_address() {
    let a = parse(
        "100-0001",
        "東京都",
        "千代田区",
        "千代田1丁目1番1号",
        "ABCマンション 305号室",
    );
    assert_eq!(a.postal_code(), Some("1000001"));
    assert_eq!(a.prefecture(), "東京都");
    assert_eq!(a.municipality(), "千代田区");
    assert_eq!(a.town(), "1000代田");
    assert_eq!(a.block(), "1-1-1");
    assert_eq!(a.building(), "abcマンション");
    assert_eq!(a.room(), Some("305"));
    assert_eq!(a.confidence(), ParseConfidence::Matched);
    assert_eq!(
        a.delivery_point_key(),
        "JP|東京都|千代田区|1000代田|1-1-1||305|=abcマンション"
    );
    assert_eq!(a.building_key(), "JP|東京都|千代田区|1000代田|1-1-1");
}

#[test]
fn missing_parts_are_inferred() {
    let a = parse("", "", "", "四谷三栄町7-8", "");
    assert_eq!((a.prefecture(), a.municipality()), ("東京都", "新宿区"));
    assert_eq!(a.confidence(), ParseConfidence::Inferred);
    let b = parse("", "", "", "市川市八幡2-1-1", "");
    assert_eq!(b.prefecture(), "千葉県");
    assert_eq!(b.confidence(), ParseConfidence::Inferred);
}

#[test]
fn an_unknown_town_is_kept_as_written() {
    let a = parse("", "東京都", "", "千代田区架空町1-2-3", "");
    assert_eq!(a.confidence(), ParseConfidence::Unknown);
    assert_eq!(a.municipality(), "千代田区");
    assert_eq!(a.town(), "架空町");
    let b = parse("", "", "", "どこか1-2-3", "");
    assert_eq!(b.confidence(), ParseConfidence::Unknown);
    assert_eq!(b.prefecture(), "");
}

#[test]
fn postal_code_notations_meet() {
    for postal in [
        "100-0001",
        "1000001",
        "〒100-0001",
        "〒１００－０００１",
        "100ー0001",
        " 100 0001 ",
    ] {
        assert_eq!(
            parse(postal, "", "", "千代田区千代田1-1-1", "").postal_code(),
            Some("1000001"),
            "{postal}"
        );
    }
    for bad in ["100-001", "1000-0001", "abc-defg", "100000１2"] {
        let err = JapaneseAddress::parse(bad, "", "", "千代田区千代田1-1-1", "").unwrap_err();
        assert_eq!(err.field, "postal_code", "{bad}");
    }
}

#[test]
fn rooms_differ_but_the_building_is_one() {
    let a = parse("", "", "", "千代田区千代田1-1-1 ABCマンション 305", "");
    let b = parse("", "", "", "千代田区千代田1-1-1 ABCマンション 306", "");
    assert_ne!(a.delivery_point_key(), b.delivery_point_key());
    assert_eq!(a.building_key(), b.building_key());
}

#[test]
fn building_names_match_when_one_is_missing_never_when_they_differ() {
    let named = parse(
        "",
        "",
        "",
        "大阪市北区梅田1-2-3 グランドメゾン梅田 1203",
        "",
    )
    .keys();
    let bare = parse("", "", "", "大阪市北区梅田1-2-3-1203", "").keys();
    let other = parse("", "", "", "大阪市北区梅田1-2-3 サンハイツ 1203", "").keys();
    assert!(meet(&named, &bare));
    assert!(meet(&other, &bare));
    assert!(!meet(&named, &other));
}

#[test]
fn pipes_cannot_forge_key_fields() {
    let a = parse("", "", "", "千代田区千代田1-1-1 A|B 305", "");
    assert!(!a.building().contains('|'));
}

#[test]
fn empty_address_is_refused() {
    let err = JapaneseAddress::parse("1000001", "", "", "", "").unwrap_err();
    assert_eq!(err.field, "line1");
}

/// One address written with random widths, spaces, hyphens and unit words.
fn variant_of(block: [u32; 3], room: u32) -> impl Strategy<Value = (String, String)> {
    let hyphens = prop_oneof![
        Just("-"),
        Just("－"),
        Just("ー"),
        Just("‐"),
        Just("−"),
        Just("—")
    ];
    let space = prop_oneof![Just(""), Just(" "), Just("　")];
    let room_form = prop_oneof![
        Just(format!("{room}号室")),
        Just(format!("#{room}")),
        Just(format!(" {room}")),
        Just(format!("{room}")),
        Just(format!("{room}号")),
    ];
    (
        hyphens,
        space.clone(),
        space,
        room_form,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            move |(hyphen, s1, s2, room_form, units, prefecture, full_width)| {
                let numbers = if units {
                    format!("{}丁目{}番{}号", block[0], block[1], block[2])
                } else {
                    format!("{}{hyphen}{}{hyphen}{}", block[0], block[1], block[2])
                };
                let line1 = format!(
                    "{}千代田区{s1}千代田{s2}{numbers}",
                    if prefecture { "東京都" } else { "" }
                );
                let line2 = format!("ABCマンション{s1}{room_form}");
                if full_width {
                    (to_full_width(&line1), to_full_width(&line2))
                } else {
                    (line1, line2)
                }
            },
        )
}

fn to_full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(u32::from(c) + 0xFEE0).unwrap_or(c),
            ' ' => '　',
            _ => c,
        })
        .collect()
}

fn address_and_variant() -> impl Strategy<Value = ([u32; 3], u32, (String, String))> {
    ([1u32..30, 1u32..30, 1u32..30], 101u32..1500)
        .prop_flat_map(|(block, room)| (Just(block), Just(room), variant_of(block, room)))
}

proptest! {
    #[test]
    fn variants_of_one_address_give_one_key((block, room, (line1, line2)) in address_and_variant()) {
        let expected = format!("JP|東京都|千代田区|1000代田|{}-{}-{}||{room}|=abcマンション", block[0], block[1], block[2]);
        let parsed = JapaneseAddress::parse("100-0001", "", "", &line1, &line2).unwrap();
        prop_assert_eq!(parsed.delivery_point_key(), expected, "{} / {}", line1, line2);
    }

    #[test]
    fn different_rooms_different_points_one_building(room_a in 101u32..2000, room_b in 101u32..2000, hyphen_form: bool) {
        prop_assume!(room_a != room_b);
        let line2 = |room: u32| if hyphen_form { format!("ABCマンション-{room}") } else { format!("ABCマンション {room}号室") };
        let a = JapaneseAddress::parse("1000001", "", "", "千代田区千代田1-1-1", &line2(room_a)).unwrap();
        let b = JapaneseAddress::parse("1000001", "", "", "千代田区千代田1-1-1", &line2(room_b)).unwrap();
        prop_assert_ne!(a.delivery_point_key(), b.delivery_point_key());
        prop_assert_eq!(a.building_key(), b.building_key());
    }

    #[test]
    fn any_text_parses_or_is_refused(line1 in "\\PC{0,60}", line2 in "\\PC{0,30}") {
        let _ = JapaneseAddress::parse("1000001", "", "", &line1, &line2);
    }

    #[test]
    fn normalising_the_parts_again_changes_nothing((_block, _room, (line1, line2)) in address_and_variant()) {
        let once = JapaneseAddress::parse("100-0001", "", "", &line1, &line2).unwrap();
        let again = JapaneseAddress::parse(
            once.postal_code().unwrap_or_default(),
            once.prefecture(),
            once.municipality(),
            &format!("千代田{}", once.block()),
            &format!("{} {}", once.building(), once.room().unwrap_or_default()),
        )
        .unwrap();
        prop_assert_eq!(once.keys().records, again.keys().records);
    }

    /// Every case of the suite keeps its keys under width, dash and spacing changes.
    #[test]
    fn suite_parses_are_stable_under_width_dash_and_spacing(
        pick in 0usize..10_000,
        full_width: bool,
        dash in prop_oneof![Just('-'), Just('－'), Just('‐'), Just('−'), Just('—'), Just('ー')],
        space in prop_oneof![Just(""), Just(" "), Just("　")],
    ) {
        let cases: Vec<&str> = clusters().flat_map(|c| c.variants.iter().copied()).collect();
        let case = cases[pick % cases.len()];
        let base = parse_case(case).unwrap();
        let changed: String = case
            .chars()
            .map(|c| if c == '-' { dash.to_string() } else { c.to_string() })
            .collect::<String>()
            .replace(' ', if space.is_empty() { " " } else { space })
            // A space after the prefecture and the municipality changes nothing either.
            .replacen("都", &format!("都{space}"), 1)
            .replacen("県", &format!("県{space}"), 1);
        let changed = if full_width { to_full_width(&changed).replace('＾', "^") } else { changed };
        let again = parse_case(&changed).unwrap();
        prop_assert_eq!(&base.records, &again.records, "{} / {}", case, changed);
    }
}
