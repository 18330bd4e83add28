//! Japanese address 名寄せ through the API: a report filed by one member under one notation is
//! found by another member's lookup and order scoring under every other notation of the same
//! place, and never under a near-miss (another room, 番地, building or 棟, a town of a similar
//! name). A block on one flat blocks that flat only.

use sekisho_test_support::{TestApp, TestTenant};
use serde_json::{Value, json};

fn report(address: &Value) -> Value {
    json!({
        "category": "resale",
        "amount": 39800,
        "currency": "JPY",
        "occurred_at": "2026-10-01T12:00:00Z",
        "identifiers": { "address": address },
    })
}

async fn lookup_kinds(app: &TestApp, tenant: &TestTenant, address: &Value) -> Vec<String> {
    let response = app
        .post(
            "/v1/negative/lookup",
            &tenant.api_key,
            &json!({ "identifiers": { "address": address } }),
        )
        .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 200, "{address}: {body}");
    let mut kinds: Vec<String> = body["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap().to_owned())
        .collect();
    kinds.sort();
    kinds
}

async fn order_reasons(
    app: &TestApp,
    tenant: &TestTenant,
    id: &str,
    address: &Value,
) -> Vec<String> {
    let body = json!({
        "order_id": id,
        "amount": 4800,
        "currency": "JPY",
        "payment_method": "card",
        "customer": { "email": format!("{id}@example-mail.jp"), "name": "鈴木 花子" },
        "shipping_address": address,
        "items": [{ "sku": "BOOK-1", "name": "文庫本", "quantity": 1, "unit_price": 4800, "category": "books" }]
    });
    let response = app.post("/v1/orders/score", &tenant.api_key, &body).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 200, "{address}: {body}");
    body["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect()
}

fn one_line(line1: &str) -> Value {
    json!({ "line1": line1 })
}

fn fields(postal: &str, region: &str, locality: &str, line1: &str, line2: &str) -> Value {
    json!({ "postal_code": postal, "region": region, "locality": locality, "line1": line1, "line2": line2 })
}

/// One family of the issue: what is reported, the notations that must find it, the near-misses
/// that must not.
struct Family {
    reported: Value,
    variants: Vec<Value>,
    near_misses: Vec<Value>,
}

fn families() -> Vec<Family> {
    vec![
        // No postal code, no prefecture; the whole address in one line.
        Family {
            reported: fields("100-0005", "東京都", "千代田区", "丸の内1-9-1", ""),
            variants: vec![
                one_line("千代田区丸の内一丁目9番1号"),
                fields("100-0005", "", "", "丸の内1-9-1", ""),
            ],
            near_misses: vec![one_line("千代田区丸の内1-9-2")],
        },
        // Prefecture omitted; 郡 omitted.
        Family {
            reported: one_line("千葉県市川市八幡2-1-1"),
            variants: vec![
                one_line("市川市八幡２－１－１"),
                fields("", "", "市川市", "八幡2丁目1番1号", ""),
            ],
            near_misses: vec![one_line("市川市八幡2-1-11")],
        },
        Family {
            reported: one_line("東京都西多摩郡奥多摩町氷川215-6"),
            variants: vec![one_line("奥多摩町氷川215番地6")],
            near_misses: vec![one_line("奥多摩町氷川215-7")],
        },
        // Sapporo's 北3条西1丁目 written 北3西1.
        Family {
            reported: one_line("北海道札幌市中央区北3条西1丁目1-1"),
            variants: vec![
                one_line("札幌市中央区北3西1-1-1"),
                one_line("札幌市中央区北三条西一丁目1番1号"),
            ],
            near_misses: vec![one_line("札幌市中央区北4条西1丁目1-1")],
        },
        // Town inferred: 四谷三栄町 written 三栄町; a designated city's ward left out.
        Family {
            reported: one_line("東京都新宿区四谷三栄町7-8"),
            variants: vec![one_line("新宿区三栄町7-8"), one_line("四谷三栄町7番8号")],
            near_misses: vec![one_line("新宿区四谷三栄町7-9")],
        },
        Family {
            reported: one_line("大阪府大阪市北区梅田1-2-3"),
            variants: vec![
                one_line("大阪市梅田1-2-3"),
                fields("530-0001", "", "", "梅田1-2-3", ""),
            ],
            near_misses: vec![one_line("大阪市北区梅田1-2-4")],
        },
        // Numerals inside town names.
        Family {
            reported: one_line("和歌山県和歌山市十二番丁45"),
            variants: vec![one_line("和歌山市12番丁45")],
            near_misses: vec![one_line("和歌山市十一番丁45")],
        },
        Family {
            reported: one_line("熊本県山鹿市鹿北町四丁1234"),
            variants: vec![one_line("山鹿市鹿北町4丁1234")],
            near_misses: vec![one_line("山鹿市鹿北町4丁1235")],
        },
        Family {
            reported: one_line("岐阜県高山市上一之町23-4"),
            variants: vec![one_line("高山市上1ノ町23番地の4")],
            near_misses: vec![one_line("高山市上二之町23-4")],
        },
        // Old and variant kanji.
        Family {
            reported: one_line("愛知県名古屋市中区栄3-4-5"),
            variants: vec![one_line("名古屋市中区榮三丁目4番5号")],
            near_misses: vec![one_line("名古屋市中区錦3-4-5")],
        },
        Family {
            reported: one_line("沖縄県国頭郡大宜味村大兼久123"),
            variants: vec![one_line("大冝味村大兼久123番地")],
            near_misses: vec![one_line("大宜味村大兼久124")],
        },
        Family {
            reported: one_line("千葉県市川市南八幡4-2-5"),
            variants: vec![one_line("千葉県巿川巿南八幡4丁目2番5号")],
            near_misses: vec![one_line("千葉県市川市八幡4-2-5")],
        },
        // Kana and letters in block numbers.
        Family {
            reported: one_line("沖縄県那覇市泉崎1-14-イ22"),
            variants: vec![one_line("那覇市泉崎1丁目14ーイ２２")],
            near_misses: vec![one_line("那覇市泉崎1-14-ロ22")],
        },
        Family {
            reported: one_line("東京都八王子市元横山町2-14-A22"),
            variants: vec![one_line("八王子市元横山町2丁目14-Ａ22")],
            near_misses: vec![one_line("八王子市元横山町2-14-B22")],
        },
        // Kyoto's street names with 上る/下る/東入/西入.
        Family {
            reported: one_line("京都府京都市中京区河原町通二条下る一之船入町537-4"),
            variants: vec![
                one_line("京都市中京区一之船入町537番地4"),
                one_line("京都市中京区河原町二条下ル一之船入町537-4"),
            ],
            near_misses: vec![one_line("京都市中京区二之船入町537-4")],
        },
        Family {
            reported: one_line("京都府京都市下京区四条通烏丸西入函谷鉾町101"),
            variants: vec![one_line("京都市下京区函谷鉾町101")],
            near_misses: vec![one_line("京都市下京区函谷鉾町102")],
        },
        // 字 and 大字 omitted.
        Family {
            reported: one_line("茨城県つくば市大字小野崎字千駄苅200"),
            variants: vec![one_line("つくば市小野崎千駄苅200番地")],
            near_misses: vec![one_line("つくば市小野崎千駄苅201")],
        },
        // Rooms: kanji, trailing hyphen segment, -403号, the building omitted or renamed.
        Family {
            reported: fields(
                "",
                "東京都",
                "新宿区",
                "西新宿2-8-1",
                "都庁ハイツ 八〇三号室",
            ),
            variants: vec![
                one_line("新宿区西新宿2-8-1-803"),
                one_line("新宿区西新宿二丁目8番1号 都庁ハイツ#803"),
            ],
            near_misses: vec![
                one_line("新宿区西新宿2-8-1 都庁ハイツ 804"),
                one_line("新宿区西新宿2-8-1 新宿タワー 803"),
            ],
        },
        Family {
            reported: one_line("大阪府大阪市北区梅田1丁目2番3号 グランドメゾン梅田 1203号室"),
            variants: vec![
                one_line("大阪市北区梅田1-2-3-1203"),
                one_line("大阪市北区梅田1-2-3 グランドメゾン梅田 十二〇三"),
            ],
            near_misses: vec![
                one_line("大阪市北区梅田1-2-3 サンハイツ 1203"),
                one_line("大阪市北区梅田1-2-3-1204"),
            ],
        },
        Family {
            reported: one_line("東京都渋谷区道玄坂1-2-3-403号"),
            variants: vec![one_line("渋谷区道玄坂1丁目2番3号 403号室")],
            near_misses: vec![one_line("渋谷区道玄坂1-2-3-404")],
        },
        Family {
            reported: one_line("東京都杉並区阿佐谷南1-2-3 １丁目マンション 101"),
            variants: vec![one_line("杉並区阿佐谷南1丁目2番3号 1丁目マンション101号室")],
            near_misses: vec![one_line("杉並区阿佐谷南1-2-3 ２丁目マンション 101")],
        },
        Family {
            reported: one_line("埼玉県さいたま市浦和区高砂3-1-1 浦和ハイツA棟 203"),
            variants: vec![one_line(
                "さいたま市浦和区高砂3丁目1番1号 浦和ハイツＡ棟203号室",
            )],
            near_misses: vec![one_line("さいたま市浦和区高砂3-1-1 浦和ハイツB棟 203")],
        },
        // Prefecture and city repeated in line 1 while the fields are filled.
        Family {
            reported: fields(
                "150-0002",
                "東京都",
                "渋谷区",
                "東京都渋谷区渋谷2-21-1",
                "ヒカリエ 3401",
            ),
            variants: vec![one_line("渋谷区渋谷二丁目21番1号 ヒカリエ3401号室")],
            near_misses: vec![one_line("渋谷区渋谷2-21-1 ヒカリエ 3402")],
        },
    ]
}

#[tokio::test]
async fn every_notation_family_matches_across_members_and_no_near_miss_does() {
    let app = TestApp::spawn().await;
    let reporter = app.create_tenant("Reporter").await;
    let consumer = app.create_tenant("Consumer").await;
    let mut failures = Vec::new();
    for (n, family) in families().iter().enumerate() {
        let created = app
            .post(
                "/v1/fraud-reports",
                &reporter.api_key,
                &report(&family.reported),
            )
            .await;
        assert_eq!(created.status(), 201, "{}", family.reported);
        for (v, variant) in family.variants.iter().enumerate() {
            let kinds = lookup_kinds(&app, &consumer, variant).await;
            if kinds != ["address_delivery_point"] {
                failures.push(format!(
                    "lookup {variant} of {}: {kinds:?}",
                    family.reported
                ));
            }
            let reasons = order_reasons(&app, &consumer, &format!("addr-{n}-{v}"), variant).await;
            if !reasons.contains(&"consortium_address".to_owned()) {
                failures.push(format!(
                    "order {variant} of {}: {reasons:?}",
                    family.reported
                ));
            }
        }
        for miss in &family.near_misses {
            let kinds = lookup_kinds(&app, &consumer, miss).await;
            if !kinds.is_empty() {
                failures.push(format!(
                    "near-miss {miss} of {}: {kinds:?}",
                    family.reported
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn missing_parts_never_give_a_4xx() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Shop").await;
    for address in [
        one_line("千代田区千代田1-1-1"),
        one_line("梅田1-2-3"),
        one_line("どこかの町1-2-3"),
        fields("", "", "", "", "グランドメゾン 1203"),
        fields("1000001", "", "", "1-1-1", ""),
    ] {
        let kinds = lookup_kinds(&app, &tenant, &address).await;
        assert!(kinds.is_empty(), "{address}: {kinds:?}");
        order_reasons(&app, &tenant, "no-4xx", &address).await;
    }
}

#[tokio::test]
async fn a_block_on_one_flat_blocks_that_flat_and_a_building_only_on_purpose() {
    let app = TestApp::spawn().await;
    let reporter = app.create_tenant("Reporter").await;
    let consumer = app.create_tenant("Consumer").await;
    let flat = one_line("東京都港区六本木6-10-1 六本木レジデンス 1203");
    let neighbour = one_line("港区六本木6-10-1 六本木レジデンス 1204");
    assert_eq!(
        app.post("/v1/fraud-reports", &reporter.api_key, &report(&flat))
            .await
            .status(),
        201
    );
    assert_eq!(
        lookup_kinds(&app, &consumer, &flat).await,
        ["address_delivery_point"]
    );
    assert!(lookup_kinds(&app, &consumer, &neighbour).await.is_empty());

    // The tenant's own block list: the flat only.
    let listed = app
        .post(
            "/v1/lists",
            &consumer.api_key,
            &json!({ "list": "block", "identifiers": { "address": flat } }),
        )
        .await;
    assert_eq!(listed.status(), 201);
    let listed: Value = listed.json().await.unwrap();
    let listed_kinds: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(
        listed_kinds.iter().all(|k| *k == "address_delivery_point"),
        "{listed_kinds:?}"
    );
    let blocked = order_reasons(
        &app,
        &consumer,
        "flat",
        &one_line("港区六本木6丁目10番1号 1203号室"),
    )
    .await;
    assert!(blocked.contains(&"blocklisted".to_owned()), "{blocked:?}");
    let next_door = order_reasons(&app, &consumer, "next-door", &neighbour).await;
    assert!(
        !next_door.contains(&"blocklisted".to_owned()),
        "{next_door:?}"
    );

    // The whole building, on purpose: every flat matches, as a building match.
    let building = json!({ "line1": "東京都港区六本木6-10-1", "level": "building" });
    assert_eq!(
        app.post("/v1/fraud-reports", &reporter.api_key, &report(&building))
            .await
            .status(),
        201
    );
    assert_eq!(
        lookup_kinds(&app, &consumer, &neighbour).await,
        ["address_building"]
    );
    let reasons = order_reasons(&app, &consumer, "neighbour", &neighbour).await;
    assert!(
        reasons.contains(&"consortium_building".to_owned()),
        "{reasons:?}"
    );
    assert!(
        !reasons.contains(&"consortium_address".to_owned()),
        "{reasons:?}"
    );
}
