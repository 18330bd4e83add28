//! What Japanese address normalisation costs: the gazetteer's first load (time and resident
//! memory) and the parse of one address afterwards. Run in release mode:
//! `cargo run --release -p sekisho-domain --example address_cost`.

use std::time::Instant;

use sekisho_domain::identifiers::JapaneseAddress;

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

fn main() {
    let before = resident_kib();
    let start = Instant::now();
    let first = JapaneseAddress::parse("", "", "", "東京都千代田区千代田1-1-1", "");
    let load = start.elapsed();
    let after = resident_kib();
    println!(
        "first parse (gazetteer load): {load:?}, resident +{} KiB",
        after - before
    );
    assert!(first.is_ok());

    let rounds = 20_000;
    let start = Instant::now();
    let mut keys = 0usize;
    for i in 0..rounds {
        let (postal, line) = ADDRESSES[i % ADDRESSES.len()];
        if let Ok(address) = JapaneseAddress::parse(postal, "", "", line, "") {
            keys += address.keys().records.len();
        }
    }
    let elapsed = start.elapsed();
    println!(
        "{rounds} parses in {elapsed:?}: {:.1} µs per address ({keys} keys)",
        elapsed.as_secs_f64() * 1e6 / rounds as f64
    );
}
