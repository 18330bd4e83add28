//! Real notations of Japanese addresses that must meet, and some that must not.

use proptest::prelude::*;

use super::*;

fn parse(postal: &str, region: &str, locality: &str, line1: &str, line2: &str) -> JapaneseAddress {
    JapaneseAddress::parse(postal, region, locality, line1, line2).expect(line1)
}

fn key(postal: &str, line1: &str) -> String {
    parse(postal, "", "", line1, "").delivery_point_key()
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
    assert_eq!(a.town(), "千代田");
    assert_eq!(a.block(), "1-1-1");
    assert_eq!(a.building(), "abcマンション");
    assert_eq!(a.room(), Some("305"));
    assert_eq!(
        a.delivery_point_key(),
        "JP|1000001|東京都|千代田区|千代田|1-1-1|abcマンション|305"
    );
    assert_eq!(
        a.building_key(),
        "JP|1000001|東京都|千代田区|千代田|1-1-1|abcマンション"
    );
}

#[test]
fn block_number_notations_meet() {
    let expected = "JP|1000001|東京都|千代田区|千代田|1-1-1||";
    for line in [
        "東京都千代田区千代田1丁目1番1号",
        "千代田区千代田1-1-1",
        "千代田区千代田一丁目一番一号",
        "千代田区千代田１－１－１",
        "千代田区千代田１ー１ー１",
        "千代田区千代田1‐1‐1",
        "千代田区千代田1−1−1",
        "千代田区千代田1—1—1",
        "千代田区千代田1丁目1-1",
        "千代田区千代田1丁目1番地1",
        "千代田区 千代田 1 - 1 - 1",
        "千代田区千代田 1丁目 1番 1号",
        "〒100-0001 東京都千代田区千代田1-1-1",
        "東京都　千代田区　千代田　１丁目１番１号",
    ] {
        assert_eq!(key("100-0001", line), expected, "{line}");
    }
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
fn prefecture_comes_from_the_postal_code_when_omitted() {
    let omitted = parse("530-0001", "", "大阪市北区", "梅田3-1-3", "");
    let stated = parse("530-0001", "大阪府", "大阪市北区", "梅田3丁目1番3号", "");
    assert_eq!(omitted.prefecture(), "大阪府");
    assert_eq!(omitted.municipality(), "大阪市北区");
    assert_eq!(omitted.keys(), stated.keys());
    let romaji = parse("530-0001", "Osaka", "大阪市北区", "梅田3-1-3", "");
    assert_eq!(romaji.keys(), stated.keys());
}

#[test]
fn prefecture_is_required_somewhere() {
    let err = JapaneseAddress::parse("", "", "", "千代田区千代田1-1-1", "").unwrap_err();
    assert_eq!(err.field, "region");
    let from_text = parse("", "", "", "東京都千代田区千代田1-1-1", "");
    assert_eq!(from_text.prefecture(), "東京都");
    assert_eq!(from_text.postal_code(), None);
}

#[test]
fn whole_address_in_any_field_meets_the_split_form() {
    let split = parse(
        "1000001",
        "東京都",
        "千代田区",
        "千代田1-1-1",
        "ABCマンション305",
    );
    let one_line = parse(
        "1000001",
        "",
        "",
        "東京都千代田区千代田1-1-1 ABCマンション305",
        "",
    );
    let city_twice = parse(
        "1000001",
        "東京都",
        "千代田区",
        "千代田区千代田1-1-1",
        "ABCマンション305",
    );
    let in_line2 = parse(
        "1000001",
        "東京都",
        "千代田区千代田",
        "",
        "1-1-1 ABCマンション 305",
    );
    assert_eq!(split.keys(), one_line.keys());
    assert_eq!(split.keys(), city_twice.keys());
    assert_eq!(split.keys(), in_line2.keys());
}

#[test]
fn room_notations_meet() {
    let expected = "JP|1000001|東京都|千代田区|千代田|1-1-1|abcマンション|305";
    for line2 in [
        "ABCマンション 305号室",
        "ABCマンション305号室",
        "ABCマンション#305",
        "ABCマンション ＃３０５",
        "ABCマンション305",
        "ＡＢＣマンション　３０５号",
        "ABCマンション-305",
        "abcマンション 305室",
    ] {
        assert_eq!(
            parse("1000001", "", "", "千代田区千代田1-1-1", line2).delivery_point_key(),
            expected,
            "{line2}"
        );
    }
}

#[test]
fn room_without_building_name() {
    let expected = "JP|1000001|東京都|千代田区|千代田|1-1-1||305";
    for line in [
        "千代田区千代田1-1-1-305",
        "千代田区千代田1-1-1 305",
        "千代田区千代田1-1-1-305号室",
        "千代田区千代田1丁目1番1号 305号室",
    ] {
        assert_eq!(key("1000001", line), expected, "{line}");
    }
}

#[test]
fn rooms_differ_but_the_building_is_one() {
    let a = parse(
        "1000001",
        "",
        "",
        "千代田区千代田1-1-1",
        "ABCマンション 305号室",
    );
    let b = parse(
        "1000001",
        "",
        "",
        "千代田区千代田1-1-1",
        "ABCマンション 306号室",
    );
    assert_ne!(a.delivery_point_key(), b.delivery_point_key());
    assert_eq!(a.building_key(), b.building_key());
    let c = parse(
        "1000001",
        "",
        "",
        "千代田区千代田1-1-2",
        "ABCマンション 305号室",
    );
    assert_ne!(a.building_key(), c.building_key());
}

#[test]
fn numerals_in_place_names_stay_names() {
    let mita = parse("108-0073", "", "", "港区三田二丁目一番一号", "");
    assert_eq!(
        (mita.municipality(), mita.town(), mita.block()),
        ("港区", "三田", "2-1-1")
    );
    let ichibancho = parse("102-0082", "", "", "千代田区一番町1-2", "");
    assert_eq!((ichibancho.town(), ichibancho.block()), ("一番町", "1-2"));
    let juban = parse("106-0045", "", "", "港区麻布十番二丁目1番1号", "");
    assert_eq!((juban.town(), juban.block()), ("麻布十番", "2-1-1"));
    assert_eq!(
        juban.keys(),
        parse("106-0045", "", "", "港区麻布十番2-1-1", "").keys()
    );
    let hachioji = parse("192-0083", "", "", "八王子市旭町1-1", "");
    assert_eq!(
        (hachioji.municipality(), hachioji.town()),
        ("八王子市", "旭町")
    );
}

#[test]
fn hokkaido_jo_numbers_fold() {
    let kanji = parse("060-0001", "", "", "札幌市中央区北一条西四丁目1-1", "");
    let digits = parse("060-0001", "", "", "札幌市中央区北1条西4-1-1", "");
    assert_eq!(kanji.town(), "北1条西");
    assert_eq!(kanji.block(), "4-1-1");
    assert_eq!(kanji.keys(), digits.keys());
}

#[test]
fn county_and_oaza_are_optional() {
    let full = parse("198-0212", "東京都", "西多摩郡奥多摩町", "大字氷川1-1", "");
    let short = parse("198-0212", "東京都", "奥多摩町", "氷川1-1", "");
    assert_eq!(full.municipality(), "奥多摩町");
    assert_eq!(full.keys(), short.keys());
}

#[test]
fn small_ke_variants_meet() {
    let a = parse("100-0013", "", "", "千代田区霞が関1-1-1", "");
    let b = parse("100-0013", "", "", "千代田区霞ヶ関1-1-1", "");
    let c = parse("100-0013", "", "", "千代田区霞ケ関1-1-1", "");
    assert_eq!(a.keys(), b.keys());
    assert_eq!(a.keys(), c.keys());
}

#[test]
fn half_width_katakana_building_names_meet() {
    let a = parse("1000001", "", "", "千代田区千代田1-1-1", "ｻﾝﾊｲﾂ 101");
    let b = parse(
        "1000001",
        "",
        "",
        "千代田区千代田1-1-1",
        "サンハイツ１０１号室",
    );
    assert_eq!(a.keys(), b.keys());
    assert_eq!(a.building(), "サンハイツ");
}

#[test]
fn pipes_cannot_forge_key_fields() {
    let a = parse("1000001", "", "", "千代田区千代田1-1-1", "ABC|マンション");
    assert!(!a.building().contains('|'));
    assert_eq!(a.delivery_point_key().matches('|').count(), 7);
}

#[test]
fn floors_are_rooms_of_their_building() {
    let a = parse(
        "150-0002",
        "東京都",
        "渋谷区",
        "渋谷2-21-1",
        "渋谷ヒカリエ 34F",
    );
    let b = parse(
        "150-0002",
        "",
        "",
        "東京都渋谷区渋谷二丁目21番1号",
        "渋谷ヒカリエ34階",
    );
    assert_eq!(
        a.delivery_point_key(),
        "JP|1500002|東京都|渋谷区|渋谷|2-21-1|渋谷ヒカリエ|34F"
    );
    assert_eq!(a.keys(), b.keys());
}

#[test]
fn latin_room_words_are_dropped() {
    let expected = "JP|1000001|東京都|千代田区|千代田|1-1-1|abcマンション|305";
    for line2 in [
        "ABCマンション Room 305",
        "ABCマンション No.305",
        "ABCマンション Apt 305",
    ] {
        assert_eq!(
            parse("1000001", "", "", "千代田区千代田1-1-1", line2).delivery_point_key(),
            expected,
            "{line2}"
        );
    }
    assert_eq!(
        parse("9071801", "沖縄県", "", "八重山郡与那国町与那国1-1", "B101").room(),
        Some("B101")
    );
}

#[test]
fn border_postal_areas_use_the_exact_code() {
    // 498-08xx is Kisosaki (Mie) inside Aichi's 498 area.
    let kisosaki = parse("498-0801", "", "", "木曽岬町大字和富1-1", "");
    assert_eq!(kisosaki.prefecture(), "三重県");
    assert_eq!(
        (kisosaki.municipality(), kisosaki.town()),
        ("木曽岬町", "和富")
    );
    assert_eq!(
        parse("498-0001", "", "", "弥富市鯏浦町1-1", "").prefecture(),
        "愛知県"
    );
}

#[test]
fn banchi_only_and_designated_city_wards() {
    let a = parse("231-0023", "神奈川県", "横浜市中区", "山下町１番地", "");
    assert_eq!(
        a.delivery_point_key(),
        "JP|2310023|神奈川県|横浜市中区|山下町|1||"
    );
    let iwate = parse("020-0500", "", "", "岩手郡雫石町第一地割1", "");
    assert_eq!(
        iwate.keys(),
        parse("020-0500", "", "", "雫石町第1地割1", "").keys()
    );
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
        let expected = format!("JP|1000001|東京都|千代田区|千代田|{}-{}-{}|abcマンション|{room}", block[0], block[1], block[2]);
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
            &format!("{}{}", once.town(), once.block()),
            &format!("{} {}", once.building(), once.room().unwrap_or_default()),
        )
        .unwrap();
        prop_assert_eq!(once.keys(), again.keys());
    }
}
