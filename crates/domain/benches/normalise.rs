//! What normalising and fingerprinting one identifier costs (`cargo bench -p sekisho-domain`).
//! `japanese_address/parse_and_keys_x10` parses the ten notations below once each per iteration.
//! Before the measurements it prints the gazetteer's one-time cost: the first Japanese address
//! parse loads and indexes it (time and resident memory added).

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use sekisho_domain::identifiers::{
    ConsortiumKey, IdentifierKind, JapaneseAddress, NormalizedEmail, NormalizedPhone,
};

/// Notation families of docs/CONSORTIUM.md: one-line, designated-city wards, Hokkaido's 条,
/// Kyoto's street names, inferred towns, postal code with a trailing room segment, variant
/// kanji, kana block numbers, 大字/字, and a town the gazetteer does not know.
const ADDRESSES: &[(&str, &str)] = &[
    ("", "東京都千代田区千代田1-1-1"),
    ("", "大阪市北区梅田1丁目2番3号 グランドメゾン梅田 1203号室"),
    ("", "札幌市中央区北3西1-1-1"),
    ("", "京都市中京区河原町通二条下る一之船入町537-4"),
    ("", "新宿区三栄町7-8"),
    ("530-0001", "梅田1-2-3-1203"),
    ("", "千葉県巿川巿南八幡4丁目2番5号"),
    ("", "沖縄県那覇市泉崎1-14-イ22"),
    ("", "茨城県つくば市大字小野崎字千駄苅200"),
    ("", "どこかの町1-2-3"),
];

fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4)
}

fn gazetteer_load() {
    let before = resident_kib();
    let start = Instant::now();
    let parsed = JapaneseAddress::parse("", "", "", "東京都千代田区千代田1-1-1", "");
    let load = start.elapsed();
    println!(
        "gazetteer first load: {load:?}, resident +{} KiB (parsed: {})",
        resident_kib().saturating_sub(before),
        parsed.is_ok()
    );
}

fn normalise(c: &mut Criterion) {
    gazetteer_load();
    c.bench_function("japanese_address/parse_and_keys_x10", |b| {
        b.iter(|| {
            for (postal, line) in ADDRESSES {
                if let Ok(address) = JapaneseAddress::parse(postal, "", "", line, "") {
                    black_box(address.keys());
                }
            }
        })
    });
    c.bench_function("phone/parse_e164", |b| {
        b.iter(|| black_box(NormalizedPhone::parse(black_box("090-1234-5678"))))
    });
    c.bench_function("email/parse", |b| {
        b.iter(|| {
            black_box(NormalizedEmail::parse(black_box(
                "Hanako.Suzuki+shop@Example-Mail.jp",
            )))
        })
    });
    let key = ConsortiumKey::from_bytes(&[7; 32]);
    if let Ok(key) = key {
        c.bench_function("fingerprint/hmac_sha256", |b| {
            b.iter(|| {
                black_box(
                    key.fingerprint(IdentifierKind::Email, black_box("hanako@example-mail.jp")),
                )
            })
        });
    }
}

criterion_group!(benches, normalise);
criterion_main!(benches);
