//! The signal catalogue: every signal `order::signals_and_reasons` (and `assess`) gives rules to
//! read, with its type and a description in English and Japanese. It is declared here, next to
//! the code that sets the signals (a test checks that every signal set for a rich order is in
//! the catalogue), served by `GET /v1/policy/signals`, and used to check rules on save: a rule
//! that names an unknown signal or compares it with a value of the wrong type would silently
//! never fire, so it is refused.

use std::sync::LazyLock;

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use sekisho_domain::identifiers::IdentifierKind;

use crate::order::Velocity;
use crate::policy::{Condition, Op};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignalType {
    Number,
    String,
    Boolean,
    /// A list of strings (`contains` tests one member).
    StringArray,
}

impl SignalType {
    fn describe(self) -> &'static str {
        match self {
            SignalType::Number => "a number",
            SignalType::String => "a string",
            SignalType::Boolean => "true or false",
            SignalType::StringArray => "a list of strings",
        }
    }

    fn accepts(self, value: &Value) -> bool {
        match self {
            SignalType::Number => value.is_number(),
            SignalType::String => value.is_string(),
            SignalType::Boolean => value.is_boolean(),
            SignalType::StringArray => value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_string)),
        }
    }
}

/// One signal rules may read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SignalSpec {
    /// e.g. `velocity.cards_per_ip_1h`.
    pub name: String,
    #[serde(rename = "type")]
    pub signal_type: SignalType,
    pub description: String,
    pub description_ja: String,
}

fn spec(name: &str, signal_type: SignalType, en: &str, ja: &str) -> SignalSpec {
    SignalSpec {
        name: name.to_owned(),
        signal_type,
        description: en.to_owned(),
        description_ja: ja.to_owned(),
    }
}

fn build() -> Vec<SignalSpec> {
    use SignalType::*;
    let mut all = vec![
        spec(
            "order.amount",
            Number,
            "Order amount in minor units (yen)",
            "注文金額（最小通貨単位、円）",
        ),
        spec(
            "order.currency",
            String,
            "ISO 4217 currency code",
            "通貨コード（ISO 4217）",
        ),
        spec(
            "order.payment_method",
            String,
            "Payment method: card, deferred, bank_transfer, convenience_store, …",
            "決済手段（card、deferred、bank_transfer、convenience_store など）",
        ),
        spec(
            "order.categories",
            StringArray,
            "Item categories (lower case)",
            "商品カテゴリ（小文字）",
        ),
        spec(
            "order.max_quantity",
            Number,
            "Largest quantity of one item",
            "1商品の最大数量",
        ),
        spec(
            "order.amount_ratio",
            Number,
            "Amount ÷ the tenant's 90-day median order in the currency",
            "金額 ÷ 直近90日の注文金額の中央値",
        ),
        spec(
            "consortium.max_weight",
            Number,
            "Weight of the strongest consortium match (0–1)",
            "最も強いコンソーシアム一致の重み（0〜1）",
        ),
        spec(
            "consortium.kinds",
            Number,
            "Number of identifier kinds matching the consortium",
            "コンソーシアムに一致した識別子の種類数",
        ),
        spec(
            "consortium.confirmed_strong",
            Boolean,
            "A card, phone, email, delivery point or device matches confirmed fraud of enough members",
            "カード・電話・メール・配送先・端末が複数加盟店の確定不正に一致",
        ),
        spec(
            "list.blocked",
            Boolean,
            "On the tenant's block list",
            "自社ブロックリストに一致",
        ),
        spec(
            "list.allowed",
            Boolean,
            "On the tenant's allow list",
            "自社許可リストに一致",
        ),
        spec(
            "ip.country",
            String,
            "Country of the IP (ISO alpha-2)",
            "IPアドレスの国（ISO 2文字）",
        ),
        spec(
            "ip.tags",
            StringArray,
            "Tags of the IP from the imported lists and providers",
            "IPアドレスのタグ（取込リスト・外部プロバイダ）",
        ),
        spec(
            "card.bin",
            String,
            "First 6–8 digits of the card",
            "カード番号の先頭6〜8桁",
        ),
        spec(
            "card.brand",
            String,
            "Card brand (visa, mastercard, jcb, …)",
            "カードブランド（visa、mastercard、jcb など）",
        ),
        spec(
            "card.issuer_country",
            String,
            "Country of the card's issuer (ISO alpha-2)",
            "カード発行国（ISO 2文字）",
        ),
        spec(
            "card.foreign",
            Boolean,
            "The card was issued outside the home country",
            "海外発行カード",
        ),
        spec(
            "address.lists",
            StringArray,
            "Reference lists the delivery address is on: vacant_room, forwarder",
            "配送先が該当する参照リスト（vacant_room、forwarder）",
        ),
        spec(
            "phone.valid",
            Boolean,
            "The phone number is a valid number",
            "電話番号が有効",
        ),
        spec(
            "phone.type",
            String,
            "mobile, fixed_line, ip_phone, toll_free, other",
            "電話番号の種類（mobile、fixed_line、ip_phone、toll_free、other）",
        ),
        spec(
            "email.domain",
            String,
            "Domain of the email address",
            "メールアドレスのドメイン",
        ),
        spec(
            "email.disposable",
            Boolean,
            "Disposable email address",
            "使い捨てメールアドレス",
        ),
        spec(
            "name_kana_mismatch",
            Boolean,
            "The name and its kana reading do not fit",
            "氏名とフリガナが一致しない",
        ),
        spec(
            "billing.country",
            String,
            "Billing country (ISO alpha-2)",
            "請求先の国（ISO 2文字）",
        ),
        spec(
            "shipping.country",
            String,
            "Shipping country (ISO alpha-2)",
            "配送先の国（ISO 2文字）",
        ),
        spec(
            "shipping.differs",
            Boolean,
            "Shipping address differs from the billing address",
            "配送先と請求先が異なる",
        ),
        spec(
            "three_ds.status",
            String,
            "authenticated, challenge_passed, attempted, failed, not_enrolled, unavailable",
            "3Dセキュアの結果（authenticated、challenge_passed、attempted、failed、not_enrolled、unavailable）",
        ),
        spec(
            "device.automation",
            Boolean,
            "Automation seen on the device or in the user agent",
            "端末またはユーザーエージェントで自動操作を検知",
        ),
        spec(
            "alerts.card_testing",
            Boolean,
            "A card-testing alert in force for the order's IP, network, device, account or BIN",
            "注文のIP・ネットワーク・端末・アカウント・BINにカードテストのアラートが有効",
        ),
        spec(
            "alerts.login_attack",
            Boolean,
            "A login-attack alert (credential stuffing, brute force, automation) in force for the order's sources",
            "注文の接続元に不正ログイン攻撃のアラートが有効",
        ),
        spec(
            "alerts.account_takeover",
            Boolean,
            "The order's account was recently taken over",
            "注文のアカウントが最近乗っ取られた",
        ),
        spec(
            "alerts.count",
            Number,
            "Alerts in force for the order's sources",
            "注文の接続元に有効なアラートの数",
        ),
        spec(
            "score.base",
            Number,
            "The score before rules (0–100)",
            "ルール適用前のスコア（0〜100）",
        ),
    ];
    for tag in ["tor", "proxy", "vpn", "datacenter"] {
        all.push(spec(
            &format!("ip.{tag}"),
            Boolean,
            &format!("The IP is tagged {tag}"),
            &format!("IPアドレスに {tag} のタグ"),
        ));
    }
    for kind in IdentifierKind::ALL {
        let kind = kind.as_str();
        all.push(spec(
            &format!("consortium.{kind}.reporters"),
            Number,
            &format!("Members that reported this {kind}"),
            &format!("この識別子（{kind}）を報告した加盟店の数"),
        ));
        all.push(spec(
            &format!("consortium.{kind}.weight"),
            Number,
            &format!("Weight of the {kind} match after decay and trust (0–1)"),
            &format!("識別子（{kind}）の一致の重み（減衰・信頼度適用後、0〜1）"),
        ));
        all.push(spec(
            &format!("consortium.{kind}.quorum_met"),
            Boolean,
            &format!("Enough members reported this {kind}"),
            &format!("識別子（{kind}）の報告加盟店数が規定数以上"),
        ));
    }
    for metric in Velocity::ALL {
        let name = metric.name();
        all.push(spec(
            &format!("velocity.{name}"),
            Number,
            &format!("Velocity count {name} (this order included)"),
            &format!("速度カウント {name}（この注文を含む）"),
        ));
    }
    all
}

static CATALOGUE: LazyLock<Vec<SignalSpec>> = LazyLock::new(build);

/// Every signal, in a stable order.
pub fn catalogue() -> &'static [SignalSpec] {
    &CATALOGUE
}

pub fn find(name: &str) -> Option<&'static SignalSpec> {
    CATALOGUE.iter().find(|spec| spec.name == name)
}

/// A rule that cannot work: where (`rules[2].when.all[0].value`) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleProblem {
    pub path: String,
    pub message: String,
}

/// Checks each atom of a condition against the catalogue: the signal exists and the value fits
/// the operator and the signal's type.
pub fn check_condition(condition: &Condition, rule: &str, path: &str) -> Result<(), RuleProblem> {
    match condition {
        Condition::All { all: parts } => parts
            .iter()
            .enumerate()
            .try_for_each(|(i, part)| check_condition(part, rule, &format!("{path}.all[{i}]"))),
        Condition::Any { any: parts } => parts
            .iter()
            .enumerate()
            .try_for_each(|(i, part)| check_condition(part, rule, &format!("{path}.any[{i}]"))),
        Condition::Not { not } => check_condition(not, rule, &format!("{path}.not")),
        Condition::Atom(atom) => {
            let problem = |field: &str, message: String| RuleProblem {
                path: format!("{path}.{field}"),
                message: format!("rule '{rule}': {message}"),
            };
            let Some(spec) = find(&atom.signal) else {
                return Err(problem(
                    "signal",
                    "unknown signal (GET /v1/policy/signals lists them)".into(),
                ));
            };
            let signal_type = spec.signal_type;
            let wanted = |what: &str| {
                Err(problem(
                    "value",
                    format!("'{}' {} needs {what}", spec.name, op_name(atom.op)),
                ))
            };
            match atom.op {
                Op::Exists if !atom.value.is_boolean() => wanted("true or false"),
                Op::Exists => Ok(()),
                Op::Gt | Op::Gte | Op::Lt | Op::Lte if signal_type != SignalType::Number => {
                    Err(problem(
                        "op",
                        format!(
                            "'{}' is {}, not a number",
                            spec.name,
                            signal_type.describe()
                        ),
                    ))
                }
                Op::Gt | Op::Gte | Op::Lt | Op::Lte if !atom.value.is_number() => {
                    wanted("a number")
                }
                Op::Eq | Op::Ne if !signal_type.accepts(&atom.value) => {
                    wanted(signal_type.describe())
                }
                Op::In if signal_type == SignalType::StringArray => Err(problem(
                    "op",
                    format!("'{}' is a list: use contains", spec.name),
                )),
                Op::In => match atom.value.as_array() {
                    Some(items) if items.iter().all(|item| signal_type.accepts(item)) => Ok(()),
                    _ => wanted(&format!("a list of {}s", scalar_name(signal_type))),
                },
                Op::Contains
                    if !matches!(signal_type, SignalType::StringArray | SignalType::String) =>
                {
                    Err(problem(
                        "op",
                        format!(
                            "'{}' is {}: contains needs a list or a string",
                            spec.name,
                            signal_type.describe()
                        ),
                    ))
                }
                Op::Contains if !atom.value.is_string() => wanted("a string"),
                _ => Ok(()),
            }
        }
    }
}

fn scalar_name(signal_type: SignalType) -> &'static str {
    match signal_type {
        SignalType::Number => "number",
        SignalType::Boolean => "boolean",
        SignalType::String | SignalType::StringArray => "string",
    }
}

fn op_name(op: Op) -> &'static str {
    match op {
        Op::Eq => "eq",
        Op::Ne => "ne",
        Op::Gt => "gt",
        Op::Gte => "gte",
        Op::Lt => "lt",
        Op::Lte => "lte",
        Op::In => "in",
        Op::Contains => "contains",
        Op::Exists => "exists",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attacks::{AlertKind, AttackAlert, MatchedSource};
    use crate::consortium::KindMatch;
    use crate::order::{CardFacts, IpFacts, OrderFacts, OrderSettings, signals_and_reasons};
    use crate::policy::Policy;
    use chrono::Utc;
    use serde_json::json;

    #[test]
    fn every_signal_an_order_can_have_is_in_the_catalogue_with_its_type() {
        let facts = OrderFacts {
            amount_minor: 120_000,
            currency: "JPY".into(),
            payment_method: "card".into(),
            usual_amount: Some((10_000, 100)),
            categories: vec!["game_console".into()],
            max_quantity: 6,
            consortium: IdentifierKind::ALL
                .iter()
                .map(|kind| KindMatch {
                    kind: *kind,
                    reporters: 2,
                    own: false,
                    categories: ["chargeback".to_owned()].into_iter().collect(),
                    first_reported_at: Utc::now(),
                    last_reported_at: Utc::now(),
                    weight: 1.0,
                    evidence: Default::default(),
                    quorum_met: true,
                })
                .collect(),
            blocklisted: vec![IdentifierKind::Email],
            allowlisted: vec![IdentifierKind::Phone],
            velocity: Velocity::ALL.iter().map(|v| (*v, 9)).collect(),
            ip: Some(IpFacts {
                tags: vec![
                    "tor".into(),
                    "proxy".into(),
                    "vpn".into(),
                    "datacenter".into(),
                ],
                country: Some("US".into()),
            }),
            card: Some(CardFacts {
                bin: "455673".into(),
                brand: "visa".into(),
                issuer_country: Some("US".into()),
            }),
            address_lists: vec!["forwarder".into()],
            phone_type: Some(Some("mobile".into())),
            email_domain: Some("example.jp".into()),
            disposable_email: true,
            name_kana_mismatch: true,
            billing_country: Some("JP".into()),
            shipping_country: Some("JP".into()),
            shipping_differs: true,
            three_ds_status: Some("failed".into()),
            device_automation: true,
            attack_alerts: vec![AttackAlert {
                id: "a".into(),
                kind: AlertKind::CardTesting,
                matched: MatchedSource::Ip,
                detected_at: Utc::now(),
            }],
            extra_reasons: Vec::new(),
        };
        let (signals, reasons) = signals_and_reasons(&facts, &OrderSettings::default());
        let (_, signals) = crate::order::assess(signals, reasons, &Policy::default(), false);
        for (name, value) in &signals {
            let spec = find(name).unwrap_or_else(|| panic!("{name} is not in the catalogue"));
            assert!(
                spec.signal_type.accepts(value),
                "{name} = {value} is not {:?}",
                spec.signal_type
            );
        }
        let names: std::collections::HashSet<&str> =
            catalogue().iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names.len(), catalogue().len(), "names are unique");
        assert!(catalogue().iter().all(|s| !s.description_ja.is_empty()));
    }

    fn atom(signal: &str, op: &str, value: Value) -> Condition {
        serde_json::from_value(json!({"signal": signal, "op": op, "value": value})).unwrap()
    }

    #[test]
    fn unknown_signals_and_wrong_types_are_refused_with_their_path() {
        let bad = check_condition(&atom("order.amout", "gte", json!(1)), "r1", "rules[0].when");
        assert_eq!(bad.unwrap_err().path, "rules[0].when.signal");
        let nested: Condition = serde_json::from_value(json!({"all": [
            {"signal": "card.foreign", "op": "eq", "value": true},
            {"signal": "order.amount", "op": "gte", "value": "abc"}
        ]}))
        .unwrap();
        let problem = check_condition(&nested, "big", "rules[3].when").unwrap_err();
        assert_eq!(problem.path, "rules[3].when.all[1].value");
        assert!(problem.message.contains("rule 'big'"), "{problem:?}");
        for (signal, op, value) in [
            ("card.foreign", "eq", json!("yes")),
            ("card.brand", "gt", json!(3)),
            ("order.categories", "in", json!(["a"])),
            ("ip.country", "in", json!("JP")),
            ("card.foreign", "contains", json!("x")),
            ("device.automation", "exists", json!(1)),
        ] {
            assert!(
                check_condition(&atom(signal, op, value.clone()), "r", "w").is_err(),
                "{signal} {op} {value}"
            );
        }
        for (signal, op, value) in [
            ("order.amount", "gte", json!(50000)),
            ("ip.country", "in", json!(["JP", "US"])),
            ("order.categories", "contains", json!("game_console")),
            ("email.domain", "contains", json!("mail")),
            ("velocity.cards_per_ip_1h", "gt", json!(2.5)),
            ("alerts.card_testing", "eq", json!(true)),
            ("consortium.phone.quorum_met", "ne", json!(false)),
            ("three_ds.status", "exists", json!(false)),
        ] {
            assert!(
                check_condition(&atom(signal, op, value.clone()), "r", "w").is_ok(),
                "{signal} {op} {value}"
            );
        }
    }
}
