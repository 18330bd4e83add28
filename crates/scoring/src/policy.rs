//! A tenant's policy: the thresholds between accept, review and reject, and its own rules.
//!
//! A rule is a condition over the order's signals (`velocity.cards_per_ip_1h`, `card.foreign`,
//! `order.amount`, …) and an action: add points, or force a decision. Active rules apply;
//! passive (shadow) rules are only recorded, so that a merchant can watch a rule before trusting
//! it. Forced decisions take precedence as Stripe Radar's do: accept (allow) over reject (block)
//! over review; otherwise the score and the thresholds decide.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::OrderDecision;
pub use crate::signals::RuleProblem;

pub type Signals = BTreeMap<String, Value>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RuleMode {
    #[default]
    Active,
    /// Shadow: evaluated and recorded with the decision, never applied.
    Passive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    /// The signal is one of the values (an array).
    In,
    /// The signal (an array or a string) contains the value.
    Contains,
    /// The signal is present (value `true`) or absent (`false`).
    Exists,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Atom {
    /// A signal name, e.g. `velocity.cards_per_ip_1h`; see docs/RULES.md.
    pub signal: String,
    pub op: Op,
    #[schema(value_type = Object)]
    pub value: Value,
}

/// `{"all": […]}`, `{"any": […]}`, `{"not": …}` or an atom `{"signal", "op", "value"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Condition {
    All { all: Vec<Condition> },
    Any { any: Vec<Condition> },
    Not { not: Box<Condition> },
    Atom(Atom),
}

/// What a rule does and the record of its match, stored with the order (`sekisho_domain`).
pub use sekisho_domain::{Action, RuleHit};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Unique within the policy; reasons and shadow hits name it.
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub mode: RuleMode,
    #[schema(value_type = Object)]
    pub when: Condition,
    pub then: Action,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Thresholds {
    /// Scores at or above go to manual review.
    pub review_at: u8,
    /// Scores at or above are rejected.
    pub reject_at: u8,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            review_at: 40,
            reject_at: 80,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Policy {
    pub version: i32,
    pub thresholds: Thresholds,
    pub rules: Vec<Rule>,
}

pub const MAX_RULES: usize = 100;

impl Policy {
    /// Checks what serde cannot: thresholds in order, ids unique, points in range, and every
    /// condition against the signal catalogue (a signal that does not exist, or a value of the
    /// wrong type, would make the rule silently never fire). The problem names the field.
    pub fn validate(thresholds: &Thresholds, rules: &[Rule]) -> Result<(), RuleProblem> {
        let problem = |path: &str, message: String| RuleProblem {
            path: path.to_owned(),
            message,
        };
        if thresholds.review_at == 0 || thresholds.review_at > 100 || thresholds.reject_at > 101 {
            return Err(problem(
                "review_at",
                "thresholds must lie between 1 and 100 (reject_at 101 disables rejection)".into(),
            ));
        }
        if thresholds.review_at > thresholds.reject_at {
            return Err(problem(
                "review_at",
                "review_at must not exceed reject_at".into(),
            ));
        }
        if rules.len() > MAX_RULES {
            return Err(problem("rules", format!("at most {MAX_RULES} rules")));
        }
        let mut ids = HashSet::new();
        for (index, rule) in rules.iter().enumerate() {
            let at = |field: &str| format!("rules[{index}].{field}");
            if rule.id.trim().is_empty() || rule.name.trim().is_empty() {
                return Err(problem(
                    &at("id"),
                    "every rule needs an id and a name".into(),
                ));
            }
            if !ids.insert(rule.id.as_str()) {
                return Err(problem(
                    &at("id"),
                    format!("rule id '{}' is used twice", rule.id),
                ));
            }
            if let Action::Add { add } = rule.then
                && !(-100..=100).contains(&add)
            {
                return Err(problem(
                    &at("then.add"),
                    format!("rule '{}' adds {add} points; use -100 to 100", rule.id),
                ));
            }
            check_shape(&rule.when, &rule.id, &at("when"), 0)?;
            crate::signals::check_condition(&rule.when, &rule.id, &at("when"))?;
        }
        Ok(())
    }
}

fn check_shape(
    condition: &Condition,
    rule: &str,
    path: &str,
    depth: usize,
) -> Result<(), RuleProblem> {
    let problem = |message: String| RuleProblem {
        path: path.to_owned(),
        message,
    };
    if depth > 8 {
        return Err(problem(format!(
            "rule '{rule}' nests conditions too deeply"
        )));
    }
    match condition {
        Condition::All { all: parts } | Condition::Any { any: parts } => {
            if parts.is_empty() {
                return Err(problem(format!("rule '{rule}' has an empty all/any")));
            }
            let group = if matches!(condition, Condition::All { .. }) {
                "all"
            } else {
                "any"
            };
            parts.iter().enumerate().try_for_each(|(i, part)| {
                check_shape(part, rule, &format!("{path}.{group}[{i}]"), depth + 1)
            })
        }
        Condition::Not { not } => check_shape(not, rule, &format!("{path}.not"), depth + 1),
        Condition::Atom(atom) if atom.signal.trim().is_empty() => Err(RuleProblem {
            path: format!("{path}.signal"),
            message: format!("rule '{rule}' names no signal"),
        }),
        Condition::Atom(_) => Ok(()),
    }
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

fn atom_holds(atom: &Atom, signals: &Signals) -> bool {
    let actual = signals.get(&atom.signal);
    if atom.op == Op::Exists {
        return actual.is_some() == atom.value.as_bool().unwrap_or(true);
    }
    let Some(actual) = actual else {
        // An absent signal satisfies only "not equal".
        return atom.op == Op::Ne;
    };
    let compare = |test: fn(f64, f64) -> bool| match (number(actual), number(&atom.value)) {
        (Some(a), Some(b)) => test(a, b),
        _ => false,
    };
    match atom.op {
        Op::Eq => actual == &atom.value,
        Op::Ne => actual != &atom.value,
        Op::Gt => compare(|a, b| a > b),
        Op::Gte => compare(|a, b| a >= b),
        Op::Lt => compare(|a, b| a < b),
        Op::Lte => compare(|a, b| a <= b),
        Op::In => atom
            .value
            .as_array()
            .is_some_and(|options| options.contains(actual)),
        Op::Contains => match actual {
            Value::Array(items) => items.contains(&atom.value),
            Value::String(text) => atom.value.as_str().is_some_and(|part| text.contains(part)),
            _ => false,
        },
        Op::Exists => true,
    }
}

pub fn holds(condition: &Condition, signals: &Signals) -> bool {
    match condition {
        Condition::All { all } => all.iter().all(|c| holds(c, signals)),
        Condition::Any { any } => any.iter().any(|c| holds(c, signals)),
        Condition::Not { not } => !holds(not, signals),
        Condition::Atom(atom) => atom_holds(atom, signals),
    }
}

/// What the rules made of an order: points to add, the forced decision if any, and every hit.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RuleOutcome {
    pub points: Vec<(RuleHit, i32)>,
    pub forced: Option<(OrderDecision, RuleHit)>,
    pub shadow: Vec<RuleHit>,
}

fn precedence(decision: OrderDecision) -> u8 {
    match decision {
        OrderDecision::Accept => 3,
        OrderDecision::Reject => 2,
        OrderDecision::Review => 1,
    }
}

pub fn evaluate(rules: &[Rule], signals: &Signals) -> RuleOutcome {
    let mut outcome = RuleOutcome::default();
    for rule in rules.iter().filter(|rule| holds(&rule.when, signals)) {
        let hit = RuleHit {
            id: rule.id.clone(),
            name: rule.name.clone(),
            then: rule.then,
        };
        if rule.mode == RuleMode::Passive {
            outcome.shadow.push(hit);
            continue;
        }
        match rule.then {
            Action::Add { add } => outcome.points.push((hit, add)),
            Action::Decide { decision } => {
                let stronger = outcome
                    .forced
                    .as_ref()
                    .is_none_or(|(current, _)| precedence(decision) > precedence(*current));
                if stronger {
                    outcome.forced = Some((decision, hit));
                }
            }
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rule(value: Value) -> Rule {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn conditions_read_signals() {
        let signals: Signals = [
            ("card.foreign".to_owned(), json!(true)),
            ("order.amount".to_owned(), json!(60000)),
            ("order.categories".to_owned(), json!(["game_console"])),
            ("ip.country".to_owned(), json!("US")),
        ]
        .into_iter()
        .collect();
        let foreign_big = rule(json!({
            "id": "r1", "name": "foreign card, big order",
            "when": {"all": [{"signal": "card.foreign", "op": "eq", "value": true},
                             {"signal": "order.amount", "op": "gte", "value": 50000}]},
            "then": {"add": 30}
        }));
        assert!(holds(&foreign_big.when, &signals));
        let consoles = rule(json!({
            "id": "r2", "name": "consoles from abroad", "mode": "passive",
            "when": {"any": [{"signal": "order.categories", "op": "contains", "value": "game_console"}]},
            "then": {"decision": "review"}
        }));
        let not_jp = rule(json!({
            "id": "r3", "name": "not from Japan",
            "when": {"not": {"signal": "ip.country", "op": "in", "value": ["JP"]}},
            "then": {"decision": "reject"}
        }));
        let outcome = evaluate(&[foreign_big, consoles, not_jp], &signals);
        assert_eq!(outcome.points.len(), 1);
        assert_eq!(
            outcome.shadow.len(),
            1,
            "passive rules are recorded, not applied"
        );
        assert_eq!(outcome.forced.map(|(d, _)| d), Some(OrderDecision::Reject));
    }

    #[test]
    fn allow_rules_win_over_block_rules() {
        let signals: Signals = [("list.allowed".to_owned(), json!(true))]
            .into_iter()
            .collect();
        let rules = vec![
            rule(
                json!({"id": "b", "name": "block", "when": {"signal": "list.allowed", "op": "exists", "value": true}, "then": {"decision": "reject"}}),
            ),
            rule(
                json!({"id": "a", "name": "allow", "when": {"signal": "list.allowed", "op": "eq", "value": true}, "then": {"decision": "accept"}}),
            ),
            rule(
                json!({"id": "r", "name": "review", "when": {"signal": "list.allowed", "op": "eq", "value": true}, "then": {"decision": "review"}}),
            ),
        ];
        assert_eq!(
            evaluate(&rules, &signals).forced.map(|(d, _)| d),
            Some(OrderDecision::Accept)
        );
    }

    #[test]
    fn absent_signals_match_only_not_equal() {
        let empty = Signals::new();
        let atom = |op: &str| {
            Condition::Atom(
                serde_json::from_value(json!({"signal": "x", "op": op, "value": 1})).unwrap(),
            )
        };
        assert!(!holds(&atom("gt"), &empty));
        assert!(!holds(&atom("eq"), &empty));
        assert!(holds(&atom("ne"), &empty));
    }

    #[test]
    fn validation_refuses_what_serde_lets_through() {
        let ok = rule(
            json!({"id": "a", "name": "a", "when": {"signal": "order.amount", "op": "eq", "value": 1}, "then": {"add": 5}}),
        );
        assert!(Policy::validate(&Thresholds::default(), std::slice::from_ref(&ok)).is_ok());
        assert!(
            Policy::validate(
                &Thresholds {
                    review_at: 90,
                    reject_at: 80
                },
                &[]
            )
            .is_err()
        );
        assert!(Policy::validate(&Thresholds::default(), &[ok.clone(), ok.clone()]).is_err());
        let huge = rule(json!({"id": "h", "name": "h", "when": {"all": []}, "then": {"add": 5}}));
        assert!(Policy::validate(&Thresholds::default(), &[huge]).is_err());
        let points = rule(
            json!({"id": "p", "name": "p", "when": {"signal": "order.amount", "op": "eq", "value": 1}, "then": {"add": 500}}),
        );
        assert!(Policy::validate(&Thresholds::default(), &[points]).is_err());
        let unknown = rule(
            json!({"id": "u", "name": "u", "when": {"all": [{"signal": "order.amout", "op": "gte", "value": 1}]}, "then": {"add": 5}}),
        );
        let problem = Policy::validate(&Thresholds::default(), &[ok.clone(), unknown]).unwrap_err();
        assert_eq!(problem.path, "rules[1].when.all[0].signal");
        assert!(problem.message.contains("rule 'u'"));
    }
}
