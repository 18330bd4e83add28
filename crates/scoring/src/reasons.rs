//! The reason-code catalogue: every reason Sekisho gives, with a stable snake_case code that
//! merchants may match on, a message in English and Japanese, and the points it adds to a score
//! by default (negative points lower the score). `docs/REASONS.md` documents what triggers each.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    // The consortium negative database, per identifier kind.
    ConsortiumEmail,
    ConsortiumEmailDomain,
    ConsortiumPhone,
    ConsortiumAddress,
    ConsortiumBuilding,
    ConsortiumIp,
    ConsortiumIpPrefix,
    ConsortiumCard,
    ConsortiumDevice,
    ConsortiumName,
    // The tenant's own lists.
    Blocklisted,
    Allowlisted,
    // Velocity.
    VelocityCardsPerIp,
    VelocityCardsPerDevice,
    VelocityOrdersPerCard,
    VelocityOrdersPerAccount,
    VelocityNamesPerAddress,
    VelocityAccountsPerAddress,
    VelocityCardsPerAddress,
    // Reference data.
    VacantRoomAddress,
    ForwarderAddress,
    TorIp,
    ProxyIp,
    VpnIp,
    DatacenterIp,
    IpCountryMismatch,
    ForeignCard,
    InvalidPhone,
    IpPhone,
    DisposableEmail,
    NameKanaMismatch,
    ShippingBillingMismatch,
    // The order itself.
    UnusualAmount,
    RiskyItems,
    HighQuantity,
    // 3-D Secure.
    ThreeDsFailed,
    ThreeDsAttempted,
    ThreeDsNotEnrolled,
    ThreeDsAuthenticated,
    // Devices and bots.
    AutomationDetected,
    DeviceManyAccounts,
    NewDevice,
    // Logins.
    BruteForce,
    CredentialStuffing,
    BotUserAgent,
    HighRequestRate,
    OverseasIp,
    // Card payment attempts.
    CardTesting,
    // Attacks seen on other channels (alerts in force), carried into order and payment scoring.
    CardTestingSource,
    LoginAttackSource,
    RecentAccountTakeover,
    // A strong identifier matching confirmed fraud reported by enough members: at least review.
    ConsortiumConfirmedFraud,
    // Tenant rules and external checks.
    CustomRule,
    EnrichmentSkipped,
    PhoneLineInactive,
    AddressNotFound,
}

impl ReasonCode {
    pub const ALL: &'static [ReasonCode] = &[
        ReasonCode::ConsortiumEmail,
        ReasonCode::ConsortiumEmailDomain,
        ReasonCode::ConsortiumPhone,
        ReasonCode::ConsortiumAddress,
        ReasonCode::ConsortiumBuilding,
        ReasonCode::ConsortiumIp,
        ReasonCode::ConsortiumIpPrefix,
        ReasonCode::ConsortiumCard,
        ReasonCode::ConsortiumDevice,
        ReasonCode::ConsortiumName,
        ReasonCode::Blocklisted,
        ReasonCode::Allowlisted,
        ReasonCode::VelocityCardsPerIp,
        ReasonCode::VelocityCardsPerDevice,
        ReasonCode::VelocityOrdersPerCard,
        ReasonCode::VelocityOrdersPerAccount,
        ReasonCode::VelocityNamesPerAddress,
        ReasonCode::VelocityAccountsPerAddress,
        ReasonCode::VelocityCardsPerAddress,
        ReasonCode::VacantRoomAddress,
        ReasonCode::ForwarderAddress,
        ReasonCode::TorIp,
        ReasonCode::ProxyIp,
        ReasonCode::VpnIp,
        ReasonCode::DatacenterIp,
        ReasonCode::IpCountryMismatch,
        ReasonCode::ForeignCard,
        ReasonCode::InvalidPhone,
        ReasonCode::IpPhone,
        ReasonCode::DisposableEmail,
        ReasonCode::NameKanaMismatch,
        ReasonCode::ShippingBillingMismatch,
        ReasonCode::UnusualAmount,
        ReasonCode::RiskyItems,
        ReasonCode::HighQuantity,
        ReasonCode::ThreeDsFailed,
        ReasonCode::ThreeDsAttempted,
        ReasonCode::ThreeDsNotEnrolled,
        ReasonCode::ThreeDsAuthenticated,
        ReasonCode::AutomationDetected,
        ReasonCode::DeviceManyAccounts,
        ReasonCode::NewDevice,
        ReasonCode::BruteForce,
        ReasonCode::CredentialStuffing,
        ReasonCode::BotUserAgent,
        ReasonCode::HighRequestRate,
        ReasonCode::OverseasIp,
        ReasonCode::CardTesting,
        ReasonCode::CardTestingSource,
        ReasonCode::LoginAttackSource,
        ReasonCode::RecentAccountTakeover,
        ReasonCode::ConsortiumConfirmedFraud,
        ReasonCode::CustomRule,
        ReasonCode::EnrichmentSkipped,
        ReasonCode::PhoneLineInactive,
        ReasonCode::AddressNotFound,
    ];

    /// (code, English, Japanese, default points).
    fn entry(self) -> (&'static str, &'static str, &'static str, i32) {
        use ReasonCode::*;
        match self {
            ConsortiumEmail => (
                "consortium_email",
                "Email reported as fraud by member merchants",
                "加盟店から不正報告のあるメールアドレス",
                35,
            ),
            ConsortiumEmailDomain => (
                "consortium_email_domain",
                "Email domain used in fraud reported by member merchants",
                "加盟店から不正報告のあるメールドメイン",
                10,
            ),
            ConsortiumPhone => (
                "consortium_phone",
                "Phone number reported as fraud by member merchants",
                "加盟店から不正報告のある電話番号",
                35,
            ),
            ConsortiumAddress => (
                "consortium_address",
                "Delivery address reported as fraud by member merchants",
                "加盟店から不正報告のある配送先住所",
                40,
            ),
            ConsortiumBuilding => (
                "consortium_building",
                "Building reported as fraud by member merchants (another room)",
                "加盟店から不正報告のある建物（別の部屋）",
                10,
            ),
            ConsortiumIp => (
                "consortium_ip",
                "IP address reported as fraud by member merchants",
                "加盟店から不正報告のあるIPアドレス",
                20,
            ),
            ConsortiumIpPrefix => (
                "consortium_ip_prefix",
                "IP network reported as fraud by member merchants",
                "加盟店から不正報告のあるIPネットワーク",
                8,
            ),
            ConsortiumCard => (
                "consortium_card",
                "Card reported as fraud by member merchants",
                "加盟店から不正報告のあるカード",
                50,
            ),
            ConsortiumDevice => (
                "consortium_device",
                "Device reported as fraud by member merchants",
                "加盟店から不正報告のある端末",
                40,
            ),
            ConsortiumName => (
                "consortium_name",
                "Name reported as fraud by member merchants",
                "加盟店から不正報告のある氏名",
                5,
            ),
            Blocklisted => (
                "blocklisted",
                "On the merchant's block list",
                "加盟店のブロックリストに一致",
                100,
            ),
            Allowlisted => (
                "allowlisted",
                "On the merchant's allow list",
                "加盟店の許可リストに一致",
                -100,
            ),
            VelocityCardsPerIp => (
                "velocity_cards_per_ip",
                "Many different cards from one IP address",
                "同一IPアドレスから多数のカード",
                30,
            ),
            VelocityCardsPerDevice => (
                "velocity_cards_per_device",
                "Many different cards from one device",
                "同一端末から多数のカード",
                30,
            ),
            VelocityOrdersPerCard => (
                "velocity_orders_per_card",
                "Many orders with one card in a short time",
                "同一カードで短時間に多数の注文",
                20,
            ),
            VelocityOrdersPerAccount => (
                "velocity_orders_per_account",
                "Many orders from one account in a short time",
                "同一アカウントで短時間に多数の注文",
                15,
            ),
            VelocityNamesPerAddress => (
                "velocity_names_per_address",
                "Many different names for one delivery address (resale, 買い回り)",
                "同一配送先に多数の氏名（転売・買い回りの疑い）",
                30,
            ),
            VelocityAccountsPerAddress => (
                "velocity_accounts_per_address",
                "Many accounts shipping to one delivery address",
                "同一配送先に多数のアカウント",
                25,
            ),
            VelocityCardsPerAddress => (
                "velocity_cards_per_address",
                "Many different cards for one delivery address",
                "同一配送先に多数のカード",
                25,
            ),
            VacantRoomAddress => (
                "vacant_room_address",
                "Delivery to a known vacant room",
                "空き部屋への配送",
                40,
            ),
            ForwarderAddress => (
                "forwarder_address",
                "Delivery to a freight forwarder",
                "転送業者への配送",
                25,
            ),
            TorIp => ("tor_ip", "Connection through Tor", "Tor経由の接続", 30),
            ProxyIp => (
                "proxy_ip",
                "Connection through an anonymous proxy",
                "匿名プロキシ経由の接続",
                20,
            ),
            VpnIp => ("vpn_ip", "Connection through a VPN", "VPN経由の接続", 10),
            DatacenterIp => (
                "datacenter_ip",
                "Connection from a data centre",
                "データセンターからの接続",
                15,
            ),
            IpCountryMismatch => (
                "ip_country_mismatch",
                "IP country differs from the billing and shipping country",
                "IPの国と請求先・配送先の国が異なる",
                15,
            ),
            ForeignCard => ("foreign_card", "Card issued abroad", "海外発行カード", 5),
            InvalidPhone => (
                "invalid_phone",
                "Phone number is not a valid number",
                "電話番号が無効",
                20,
            ),
            IpPhone => ("ip_phone", "IP phone number (050)", "IP電話番号（050）", 10),
            DisposableEmail => (
                "disposable_email",
                "Disposable email address",
                "使い捨てメールアドレス",
                20,
            ),
            NameKanaMismatch => (
                "name_kana_mismatch",
                "Name and its kana reading do not fit together",
                "氏名とフリガナが一致しない",
                10,
            ),
            ShippingBillingMismatch => (
                "shipping_billing_mismatch",
                "Shipping address differs from the billing address",
                "配送先と請求先の住所が異なる",
                5,
            ),
            UnusualAmount => (
                "unusual_amount",
                "Amount far above the merchant's usual order",
                "通常より著しく高額な注文",
                15,
            ),
            RiskyItems => (
                "risky_items",
                "Items often bought for resale or fraud",
                "転売・不正に多い商品",
                10,
            ),
            HighQuantity => (
                "high_quantity",
                "Unusually high quantity of one item",
                "同一商品の数量が多い",
                10,
            ),
            ThreeDsFailed => (
                "three_ds_failed",
                "3-D Secure authentication failed",
                "3Dセキュア認証に失敗",
                40,
            ),
            ThreeDsAttempted => (
                "three_ds_attempted",
                "3-D Secure attempted but not completed by the issuer",
                "3Dセキュアの認証試行のみ",
                5,
            ),
            ThreeDsNotEnrolled => (
                "three_ds_not_enrolled",
                "Card not enrolled in 3-D Secure",
                "カードが3Dセキュア未登録",
                10,
            ),
            ThreeDsAuthenticated => (
                "three_ds_authenticated",
                "3-D Secure authentication succeeded",
                "3Dセキュア認証に成功",
                -15,
            ),
            AutomationDetected => (
                "automation_detected",
                "Browser automation or a headless browser detected",
                "自動操作・ヘッドレスブラウザを検知",
                40,
            ),
            DeviceManyAccounts => (
                "device_many_accounts",
                "One device used by many accounts",
                "同一端末で多数のアカウント",
                30,
            ),
            NewDevice => (
                "new_device",
                "Device never seen for this account",
                "このアカウントで初めての端末",
                10,
            ),
            BruteForce => (
                "brute_force",
                "Many failed logins for this account",
                "このアカウントへのログイン失敗が多数",
                50,
            ),
            CredentialStuffing => (
                "credential_stuffing",
                "Many accounts tried from one source with a low success rate (list attack)",
                "同一接続元から多数のアカウントに低い成功率でログイン（リスト型攻撃）",
                60,
            ),
            BotUserAgent => (
                "bot_user_agent",
                "Automation user agent",
                "自動化ツールのユーザーエージェント",
                40,
            ),
            HighRequestRate => (
                "high_request_rate",
                "Requests faster than a person could make them",
                "人間には不可能な頻度のリクエスト",
                30,
            ),
            OverseasIp => ("overseas_ip", "Login from abroad", "海外からのログイン", 10),
            CardTesting => (
                "card_testing",
                "Card testing (credit master) detected from this source",
                "カードテスト（クレジットマスター）を検知",
                100,
            ),
            CardTestingSource => (
                "card_testing_source",
                "Card testing (credit master) was detected from this IP, device, account or BIN",
                "このIP・端末・アカウント・BINからカードテスト（クレジットマスター）を検知済み",
                60,
            ),
            LoginAttackSource => (
                "login_attack_source",
                "A login attack (credential stuffing, brute force, automation) came from this source",
                "この接続元から不正ログイン攻撃（リスト型攻撃・総当たり・自動操作）を検知済み",
                45,
            ),
            RecentAccountTakeover => (
                "recent_account_takeover",
                "The account was recently taken over or attacked at login",
                "このアカウントは最近乗っ取られたか、不正ログイン攻撃を受けた",
                60,
            ),
            ConsortiumConfirmedFraud => (
                "consortium_confirmed_fraud",
                "A card, phone, email, delivery address or device was reported as confirmed fraud by enough members",
                "カード・電話番号・メール・配送先・端末が複数の加盟店から確定不正として報告されている",
                0,
            ),
            CustomRule => (
                "custom_rule",
                "Merchant rule matched",
                "加盟店ルールに一致",
                0,
            ),
            EnrichmentSkipped => (
                "enrichment_skipped",
                "An external check was skipped (timeout or unavailable)",
                "外部チェックをスキップ（タイムアウト・利用不可）",
                0,
            ),
            PhoneLineInactive => (
                "phone_line_inactive",
                "Phone line is not in service",
                "電話番号が使われていない",
                25,
            ),
            AddressNotFound => (
                "address_not_found",
                "Address does not exist",
                "住所が存在しない",
                25,
            ),
        }
    }

    pub fn as_str(self) -> &'static str {
        self.entry().0
    }

    pub fn message_en(self) -> &'static str {
        self.entry().1
    }

    pub fn message_ja(self) -> &'static str {
        self.entry().2
    }

    pub fn default_points(self) -> i32 {
        self.entry().3
    }

    pub fn parse(code: &str) -> Option<ReasonCode> {
        Self::ALL
            .iter()
            .copied()
            .find(|reason| reason.as_str() == code)
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_code_is_listed_once_named_like_serde_and_has_both_languages() {
        let mut seen = HashSet::new();
        for code in ReasonCode::ALL {
            assert!(seen.insert(code.as_str()));
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, code.as_str());
            assert_eq!(ReasonCode::parse(code.as_str()), Some(*code));
            assert!(!code.message_en().is_empty() && !code.message_ja().is_empty());
        }
    }
}

#[cfg(test)]
mod documentation {
    use super::ReasonCode;

    #[test]
    fn every_code_is_documented() {
        let doc = include_str!("../../../docs/REASONS.md");
        for code in ReasonCode::ALL {
            assert!(
                doc.contains(&format!("| `{}` |", code.as_str())),
                "{} missing from docs/REASONS.md",
                code.as_str()
            );
        }
    }
}
