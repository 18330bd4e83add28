//! The reason-code catalogue: every reason Sekisho gives, with a stable snake_case code that
//! merchants may match on, a message in English and Japanese, and the points it adds to a score
//! by default (negative points lower the score). Each reason is declared once, below;
//! `docs/REASONS.md` documents what triggers each, and a test checks its table against this one.

use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr, VariantArray};
use utoipa::ToSchema;

/// Declares the catalogue: `Variant => points, "English", "日本語";`. The code is the variant in
/// snake_case (serde and strum derive it alike).
macro_rules! reason_catalogue {
    ($($(#[$attr:meta])* $code:ident => $points:literal, $en:literal, $ja:literal;)+) => {
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            Serialize,
            Deserialize,
            ToSchema,
            IntoStaticStr,
            EnumString,
            VariantArray,
            strum::Display,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum ReasonCode {
            $($(#[$attr])* $code,)+
        }

        impl ReasonCode {
            /// (English, Japanese, default points).
            const fn entry(self) -> (&'static str, &'static str, i32) {
                match self {
                    $(ReasonCode::$code => ($en, $ja, $points),)+
                }
            }
        }
    };
}

reason_catalogue! {
// The consortium negative database, per identifier kind.
ConsortiumEmail => 35, "Email reported as fraud by member merchants", "加盟店から不正報告のあるメールアドレス";
ConsortiumEmailDomain => 10, "Email domain used in fraud reported by member merchants", "加盟店から不正報告のあるメールドメイン";
ConsortiumPhone => 35, "Phone number reported as fraud by member merchants", "加盟店から不正報告のある電話番号";
ConsortiumAddress => 40, "Delivery address reported as fraud by member merchants", "加盟店から不正報告のある配送先住所";
ConsortiumBuilding => 10, "Building reported as fraud by member merchants (another room)", "加盟店から不正報告のある建物（別の部屋）";
ConsortiumIp => 20, "IP address reported as fraud by member merchants", "加盟店から不正報告のあるIPアドレス";
ConsortiumIpPrefix => 8, "IP network reported as fraud by member merchants", "加盟店から不正報告のあるIPネットワーク";
ConsortiumCard => 50, "Card reported as fraud by member merchants", "加盟店から不正報告のあるカード";
ConsortiumDevice => 40, "Device reported as fraud by member merchants", "加盟店から不正報告のある端末";
ConsortiumName => 5, "Name reported as fraud by member merchants", "加盟店から不正報告のある氏名";
// The tenant's own lists.
Blocklisted => 100, "On the merchant's block list", "加盟店のブロックリストに一致";
Allowlisted => -100, "On the merchant's allow list", "加盟店の許可リストに一致";
// Velocity.
VelocityCardsPerIp => 30, "Many different cards from one IP address", "同一IPアドレスから多数のカード";
VelocityCardsPerDevice => 30, "Many different cards from one device", "同一端末から多数のカード";
VelocityOrdersPerCard => 20, "Many orders with one card in a short time", "同一カードで短時間に多数の注文";
VelocityOrdersPerAccount => 15, "Many orders from one account in a short time", "同一アカウントで短時間に多数の注文";
VelocityNamesPerAddress => 30, "Many different names for one delivery address (resale, 買い回り)", "同一配送先に多数の氏名（転売・買い回りの疑い）";
VelocityAccountsPerAddress => 25, "Many accounts shipping to one delivery address", "同一配送先に多数のアカウント";
VelocityCardsPerAddress => 25, "Many different cards for one delivery address", "同一配送先に多数のカード";
// Reference data.
VacantRoomAddress => 40, "Delivery to a known vacant room", "空き部屋への配送";
ForwarderAddress => 25, "Delivery to a freight forwarder", "転送業者への配送";
TorIp => 30, "Connection through Tor", "Tor経由の接続";
ProxyIp => 20, "Connection through an anonymous proxy", "匿名プロキシ経由の接続";
VpnIp => 10, "Connection through a VPN", "VPN経由の接続";
DatacenterIp => 15, "Connection from a data centre", "データセンターからの接続";
IpCountryMismatch => 15, "IP country differs from the billing and shipping country", "IPの国と請求先・配送先の国が異なる";
ForeignCard => 5, "Card issued abroad", "海外発行カード";
InvalidPhone => 20, "Phone number is not a valid number", "電話番号が無効";
IpPhone => 10, "IP phone number (050)", "IP電話番号（050）";
DisposableEmail => 20, "Disposable email address", "使い捨てメールアドレス";
NameKanaMismatch => 10, "Name and its kana reading do not fit together", "氏名とフリガナが一致しない";
ShippingBillingMismatch => 5, "Shipping address differs from the billing address", "配送先と請求先の住所が異なる";
// The order itself.
UnusualAmount => 15, "Amount far above the merchant's usual order", "通常より著しく高額な注文";
RiskyItems => 10, "Items often bought for resale or fraud", "転売・不正に多い商品";
HighQuantity => 10, "Unusually high quantity of one item", "同一商品の数量が多い";
// 3-D Secure.
ThreeDsFailed => 40, "3-D Secure authentication failed", "3Dセキュア認証に失敗";
ThreeDsAttempted => 5, "3-D Secure attempted but not completed by the issuer", "3Dセキュアの認証試行のみ";
ThreeDsNotEnrolled => 10, "Card not enrolled in 3-D Secure", "カードが3Dセキュア未登録";
ThreeDsAuthenticated => -15, "3-D Secure authentication succeeded", "3Dセキュア認証に成功";
// Devices and bots.
AutomationDetected => 40, "Browser automation or a headless browser detected", "自動操作・ヘッドレスブラウザを検知";
DeviceManyAccounts => 30, "One device used by many accounts", "同一端末で多数のアカウント";
NewDevice => 10, "Device never seen for this account", "このアカウントで初めての端末";
// Logins.
BruteForce => 50, "Many failed logins for this account", "このアカウントへのログイン失敗が多数";
CredentialStuffing => 60, "Many accounts tried from one source with a low success rate (list attack)", "同一接続元から多数のアカウントに低い成功率でログイン（リスト型攻撃）";
BotUserAgent => 40, "Automation user agent", "自動化ツールのユーザーエージェント";
HighRequestRate => 30, "Requests faster than a person could make them", "人間には不可能な頻度のリクエスト";
OverseasIp => 10, "Login from abroad", "海外からのログイン";
// Card payment attempts.
CardTesting => 100, "Card testing (credit master) detected from this source", "カードテスト（クレジットマスター）を検知";
// Attacks seen on other channels (alerts in force), carried into order and payment scoring.
CardTestingSource => 60, "Card testing (credit master) was detected from this IP, device, account or BIN", "このIP・端末・アカウント・BINからカードテスト（クレジットマスター）を検知済み";
LoginAttackSource => 45, "A login attack (credential stuffing, brute force, automation) came from this source", "この接続元から不正ログイン攻撃（リスト型攻撃・総当たり・自動操作）を検知済み";
RecentAccountTakeover => 60, "The account was recently taken over or attacked at login", "このアカウントは最近乗っ取られたか、不正ログイン攻撃を受けた";
// A strong identifier matching confirmed fraud reported by enough members: at least review.
ConsortiumConfirmedFraud => 0, "A card, phone, email, delivery address or device was reported as confirmed fraud by enough members", "カード・電話番号・メール・配送先・端末が複数の加盟店から確定不正として報告されている";
// Tenant rules and external checks.
CustomRule => 0, "Merchant rule matched", "加盟店ルールに一致";
EnrichmentSkipped => 0, "An external check was skipped (timeout or unavailable)", "外部チェックをスキップ（タイムアウト・利用不可）";
PhoneLineInactive => 25, "Phone line is not in service", "電話番号が使われていない";
AddressNotFound => 25, "Address does not exist", "住所が存在しない";}

crate::vocabulary!(ReasonCode);

impl ReasonCode {
    pub fn message_en(self) -> &'static str {
        self.entry().0
    }

    pub fn message_ja(self) -> &'static str {
        self.entry().1
    }

    pub fn default_points(self) -> i32 {
        self.entry().2
    }
}

/// One reason behind a decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Reason {
    pub code: ReasonCode,
    /// English.
    pub message: String,
    /// Japanese.
    pub message_ja: String,
    /// Points added to the score (negative lowers it).
    pub points: i32,
    /// What triggered it, e.g. `{"reporters": 2, "kind": "card"}`; never raw personal data.
    #[serde(skip_serializing_if = "serde_json::Value::is_null", default)]
    pub detail: serde_json::Value,
}

impl Reason {
    pub fn new(code: ReasonCode, detail: serde_json::Value) -> Self {
        Self::with_points(code, code.default_points(), detail)
    }

    pub fn with_points(code: ReasonCode, points: i32, detail: serde_json::Value) -> Self {
        Self {
            code,
            message: code.message_en().to_owned(),
            message_ja: code.message_ja().to_owned(),
            points,
            detail,
        }
    }
}

/// The first four columns of the table in `docs/REASONS.md`, one row per reason in catalogue
/// order: `| code | points | English | 日本語 |`.
pub fn documented_rows() -> Vec<String> {
    ReasonCode::ALL
        .iter()
        .map(|code| {
            format!(
                "| `{}` | {} | {} | {} |",
                code.as_str(),
                code.default_points(),
                code.message_en(),
                code.message_ja()
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_named_like_serde_and_has_both_languages() {
        crate::assert_vocabularies_match_serde!(ReasonCode);
        for code in ReasonCode::ALL {
            assert!(!code.message_en().is_empty() && !code.message_ja().is_empty());
        }
    }

    /// docs/REASONS.md lists the catalogue in its order, with the same points and messages; the
    /// last column ("triggered when") is the documentation's own.
    #[test]
    fn docs_reasons_md_shows_the_catalogue() {
        let doc = include_str!("../../../docs/REASONS.md");
        let documented: Vec<&str> = doc.lines().filter(|line| line.starts_with("| `")).collect();
        let expected = documented_rows();
        assert_eq!(documented.len(), expected.len(), "one row per reason code");
        for (line, row) in documented.iter().zip(&expected) {
            assert!(
                line.starts_with(row.as_str()),
                "docs/REASONS.md row differs from the catalogue:\n  documented: {line}\n  expected:   {row} … |"
            );
        }
    }
}
