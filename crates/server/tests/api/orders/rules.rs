//! Passive rules: recorded without changing a decision, and what a backtest says they would change.

use super::*;

#[tokio::test]
async fn passive_rules_change_nothing_but_are_recorded_and_the_backtest_reports_changes() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Rules Shop").await;
    let owner = app.create_staff(&shop, Role::Owner).await;
    let analyst = app.create_staff(&shop, Role::Analyst).await;
    for i in 0..4 {
        let mut body = order(&format!("R-{i}"));
        body["amount"] = json!(if i < 2 { 4800 } else { 98000 });
        score(&app, &shop, &body).await;
    }
    let big_orders = json!({ "signal": "order.amount", "op": "gte", "value": 50000 });
    let passive = json!({
        "review_at": 40, "reject_at": 80,
        "rules": [{ "id": "big", "name": "Big orders", "mode": "passive", "when": big_orders, "then": { "decision": "review" } }]
    });
    let saved = app
        .client
        .put(app.url("/v1/policy"))
        .bearer_auth(&owner.token)
        .json(&passive)
        .send()
        .await
        .unwrap();
    let status = saved.status();
    let saved: Value = saved.json().await.unwrap();
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["version"], 1);

    let mut big = order("R-big");
    big["amount"] = json!(99000);
    let shadowed = score(&app, &shop, &big).await;
    assert_eq!(
        shadowed["decision"], "accept",
        "a passive rule changes nothing"
    );
    assert_eq!(shadowed["shadow_rules"][0]["id"], "big");
    assert_eq!(shadowed["policy_version"], 1);
    let shadow: Value = app
        .get("/v1/policy/shadow-hits", &analyst.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        shadow,
        json!({ "days": 30, "rules": [{ "id": "big", "name": "Big orders", "hits": 1 }] }),
        "only the order scored while the rule was passive recorded it"
    );
    assert_eq!(
        app.get("/v1/policy/shadow-hits?days=0", &analyst.token)
            .await
            .status(),
        400
    );

    let candidate = json!({ "rules": [{ "id": "big", "name": "Big orders", "when": big_orders, "then": { "decision": "review" } }] });
    let report = app
        .post("/v1/policy/backtest", &analyst.token, &candidate)
        .await;
    assert_eq!(report.status(), 200);
    let report: Value = report.json().await.unwrap();
    assert_eq!(report["orders"], 5);
    assert_eq!(report["changed"], 3, "{report}");
    assert_eq!(report["transitions"]["accept→review"], 3);
    assert_eq!(report["changed_orders"].as_array().unwrap().len(), 3);
    assert_eq!(
        report["rule_hits"],
        json!([{ "id": "big", "name": "Big orders", "hits": 3 }]),
        "per rule: the orders it matched"
    );

    let active = json!({ "review_at": 40, "reject_at": 80, "rules": candidate["rules"] });
    assert_eq!(
        app.client
            .put(app.url("/v1/policy"))
            .bearer_auth(&analyst.token)
            .json(&active)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    app.client
        .put(app.url("/v1/policy"))
        .bearer_auth(&owner.token)
        .json(&active)
        .send()
        .await
        .unwrap();
    let enforced = score(&app, &shop, &{
        let mut b = order("R-big-2");
        b["amount"] = json!(99000);
        b
    })
    .await;
    assert_eq!(enforced["decision"], "review");
    assert_eq!(enforced["policy_version"], 2);
    let versions: Value = app
        .get("/v1/policy/versions", &analyst.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(versions.as_array().unwrap().len(), 2);

    let invalid = json!({ "review_at": 90, "reject_at": 50, "rules": [] });
    assert_eq!(
        app.client
            .put(app.url("/v1/policy"))
            .bearer_auth(&owner.token)
            .json(&invalid)
            .send()
            .await
            .unwrap()
            .status(),
        422
    );
}
