//! Japan's prefectures and municipalities, and the prefecture a postal code implies.
//!
//! The table in `crates/domain/data/` comes from Japan Post's KEN_ALL data (see the README
//! there); they are compiled in so that normalisation needs no file or network at run time.

use std::collections::HashMap;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

/// In JIS X 0401 order, so that the code of a prefecture is its index + 1.
const PREFECTURES: [(&str, &str); 47] = [
    ("北海道", "hokkaido"),
    ("青森県", "aomori"),
    ("岩手県", "iwate"),
    ("宮城県", "miyagi"),
    ("秋田県", "akita"),
    ("山形県", "yamagata"),
    ("福島県", "fukushima"),
    ("茨城県", "ibaraki"),
    ("栃木県", "tochigi"),
    ("群馬県", "gunma"),
    ("埼玉県", "saitama"),
    ("千葉県", "chiba"),
    ("東京都", "tokyo"),
    ("神奈川県", "kanagawa"),
    ("新潟県", "niigata"),
    ("富山県", "toyama"),
    ("石川県", "ishikawa"),
    ("福井県", "fukui"),
    ("山梨県", "yamanashi"),
    ("長野県", "nagano"),
    ("岐阜県", "gifu"),
    ("静岡県", "shizuoka"),
    ("愛知県", "aichi"),
    ("三重県", "mie"),
    ("滋賀県", "shiga"),
    ("京都府", "kyoto"),
    ("大阪府", "osaka"),
    ("兵庫県", "hyogo"),
    ("奈良県", "nara"),
    ("和歌山県", "wakayama"),
    ("鳥取県", "tottori"),
    ("島根県", "shimane"),
    ("岡山県", "okayama"),
    ("広島県", "hiroshima"),
    ("山口県", "yamaguchi"),
    ("徳島県", "tokushima"),
    ("香川県", "kagawa"),
    ("愛媛県", "ehime"),
    ("高知県", "kochi"),
    ("福岡県", "fukuoka"),
    ("佐賀県", "saga"),
    ("長崎県", "nagasaki"),
    ("熊本県", "kumamoto"),
    ("大分県", "oita"),
    ("宮崎県", "miyazaki"),
    ("鹿児島県", "kagoshima"),
    ("沖縄県", "okinawa"),
];

/// The prefecture of a JIS X 0401 code (1 = 北海道 … 47 = 沖縄県).
pub(crate) fn prefecture_by_code(code: usize) -> Option<&'static str> {
    code.checked_sub(1)
        .and_then(|i| PREFECTURES.get(i))
        .map(|(full, _)| *full)
}

/// "東京都" → "東京"; 北海道 has no suffix to drop.
pub(crate) fn short_name(full: &str) -> &str {
    if full == "北海道" {
        return full;
    }
    full.strip_suffix(['都', '府', '県']).unwrap_or(full)
}

/// Every prefecture's full name, in JIS X 0401 order.
pub(crate) const PREFECTURE_NAMES: [&str; 47] = {
    let mut names = [""; 47];
    let mut i = 0;
    while i < 47 {
        names[i] = PREFECTURES[i].0;
        i += 1;
    }
    names
};

/// A region field as shops send it: "東京都", "東京", "Tokyo", "Tōkyō-to", "JP-13" or "13".
pub(crate) fn resolve_region(region: &str) -> Option<&'static str> {
    let region = region.trim();
    if let Some((full, _)) = PREFECTURES
        .iter()
        .find(|(full, _)| *full == region || short_name(full) == region)
    {
        return Some(full);
    }
    let code = region
        .strip_prefix("jp-")
        .or_else(|| region.strip_prefix("JP-"))
        .unwrap_or(region);
    if let Ok(n) = code.parse::<usize>() {
        return n
            .checked_sub(1)
            .and_then(|i| PREFECTURES.get(i))
            .map(|(full, _)| *full);
    }
    // Romaji: macrons and punctuation dropped, then an optional "-to/-fu/-ken/prefecture".
    let latin: String = region
        .nfkd()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let latin = latin.replace("ou", "o").replace("oo", "o");
    let stem = ["prefecture", "pref", "ken", "fu", "to", ""]
        .iter()
        .filter_map(|suffix| latin.strip_suffix(suffix))
        .find(|stem| PREFECTURES.iter().any(|(_, romaji)| romaji == stem))?;
    PREFECTURES
        .iter()
        .find(|(_, romaji)| *romaji == stem)
        .map(|(full, _)| *full)
}

static POSTAL_PREFECTURES: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    include_str!("../../data/postal_prefix_prefecture.tsv")
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .collect()
});

/// The prefecture of a 7-digit postal code: an exact entry where a 3-digit area straddles a
/// border, else the area's prefecture (most areas lie in one).
pub(crate) fn prefecture_of_postal_code(postal_code: &str) -> Option<&'static str> {
    let table = &*POSTAL_PREFECTURES;
    table
        .get(postal_code)
        .or_else(|| postal_code.get(..3).and_then(|area| table.get(area)))
        .copied()
}

/// Whether a 7-digit postal code lies in a postal area Japan Post uses for `prefecture` (written
/// in any form [`resolve_region`] accepts). False for a code whose area does not exist, a code of
/// another prefecture, an unknown prefecture or anything but 7 ASCII digits. Area-level: a code
/// that passes may still be unassigned within its area.
pub fn postal_code_in_prefecture(postal_code: &str, prefecture: &str) -> bool {
    postal_code.len() == 7
        && postal_code.bytes().all(|b| b.is_ascii_digit())
        && resolve_region(prefecture)
            .is_some_and(|stated| prefecture_of_postal_code(postal_code) == Some(stated))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_in_every_usual_form() {
        for region in [
            "東京都",
            "東京",
            "Tokyo",
            "tokyo-to",
            "Tōkyō",
            "TOKYO PREFECTURE",
            "JP-13",
            "13",
        ] {
            assert_eq!(resolve_region(region), Some("東京都"), "{region}");
        }
        assert_eq!(resolve_region("Hyogo-ken"), Some("兵庫県"));
        assert_eq!(resolve_region("Hyougo"), Some("兵庫県"));
        assert_eq!(resolve_region("Osaka-fu"), Some("大阪府"));
        assert_eq!(resolve_region("Kochi"), Some("高知県"));
        assert_eq!(resolve_region("北海道"), Some("北海道"));
        assert_eq!(resolve_region("Kyoto"), Some("京都府"));
        assert_eq!(resolve_region("California"), None);
        assert_eq!(resolve_region("48"), None);
        assert_eq!(resolve_region("0"), None);
    }

    #[test]
    fn postal_codes_imply_prefectures() {
        assert_eq!(prefecture_of_postal_code("1000001"), Some("東京都"));
        assert_eq!(prefecture_of_postal_code("0600000"), Some("北海道"));
        assert_eq!(prefecture_of_postal_code("9000001"), Some("沖縄県"));
        // 498: mostly Aichi, but Kisosaki in Mie shares the area.
        assert_eq!(prefecture_of_postal_code("4980001"), Some("愛知県"));
        assert_eq!(prefecture_of_postal_code("4980801"), Some("三重県"));
    }

    #[test]
    fn postal_codes_agree_with_their_prefecture_or_not() {
        assert!(postal_code_in_prefecture("1000001", "東京都"));
        assert!(postal_code_in_prefecture("1000001", "Tokyo"));
        assert!(postal_code_in_prefecture("4980801", "三重県"));
        assert!(!postal_code_in_prefecture("4980801", "愛知県"));
        assert!(!postal_code_in_prefecture("1000001", "大阪府"));
        assert!(!postal_code_in_prefecture("1000001", "California"));
        assert!(!postal_code_in_prefecture("100", "東京都"));
        assert!(!postal_code_in_prefecture("100-0001", "東京都"));
    }
}
