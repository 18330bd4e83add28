//! The request examples in README.md and docs/*.md, run against `sekisho serve --demo`: a wrong
//! example fails the suite instead of an integrator's first hour.
//!
//! Two kinds of example are run:
//! - `sh` blocks that call `curl` on `localhost:8080`, each file's blocks in order in one shell
//!   (so a `TOKEN=…` set in one block serves the next). A `# → …` line after a command states
//!   the answer: every `"key": value` it shows (values written `…` are left out) must be in the
//!   JSON the command printed, and every call must answer 2xx unless the arrow shows an error.
//! - JSON blocks right after `<!-- example: METHOD /path as api_key|owner -->`: the body is sent
//!   there and must answer 2xx; a JSON block right after `<!-- response -->` following it states
//!   the answer the same way.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sekisho_test_support::{TEST_CONSORTIUM_KEY_HEX, TestDatabase};
use serde_json::{Value, json};

use crate::cli::{free_port, sekisho};

const DEMO_OWNER: (&str, &str) = ("owner@sakura-mart.example", "sekisho-demo-2026");

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct DemoServer {
    base: String,
    port: u16,
    process: Child,
    _database: TestDatabase,
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        self.process.kill().ok();
        self.process.wait().ok();
    }
}

async fn start_demo() -> DemoServer {
    let database = TestDatabase::create().await;
    let port = free_port();
    let process = sekisho(&["serve", "--demo"])
        .env("SEKISHO_DATABASE_URL", &database.app_url)
        .env("SEKISHO_MIGRATION_DATABASE_URL", &database.owner_url)
        .env(
            "SEKISHO_JWT_SECRET",
            "docs-examples-test-jwt-secret-0123456789abcdef",
        )
        .env("SEKISHO_CONSORTIUM_KEY", TEST_CONSORTIUM_KEY_HEX)
        .env(
            "SEKISHO_CUSTOMER_DATA_KEY",
            sekisho_test_support::TEST_CUSTOMER_DATA_KEY_HEX,
        )
        .env("SEKISHO_LISTEN", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = DemoServer {
        base: format!("http://127.0.0.1:{port}"),
        port,
        process,
        _database: database,
    };
    let started = Instant::now();
    while reqwest::get(format!("{}/readyz", server.base))
        .await
        .map(|r| r.status() != 200)
        .unwrap_or(true)
    {
        assert!(
            started.elapsed() < Duration::from_secs(180),
            "the demo server did not start"
        );
        assert!(
            server.process.try_wait().unwrap().is_none(),
            "the demo server exited"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    server
}

/// One fenced block: its info string, its text, the line it starts on, and the HTML comment
/// on the line before its fence (if any).
struct Block {
    info: String,
    text: String,
    line: usize,
    annotation: Option<String>,
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut lines = markdown.lines().enumerate().peekable();
    let mut previous: Option<&str> = None;
    while let Some((number, line)) = lines.next() {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            let mut text = String::new();
            for (_, inner) in lines.by_ref() {
                if inner.trim_start().starts_with("```") {
                    break;
                }
                text.push_str(inner);
                text.push('\n');
            }
            let annotation = previous
                .map(str::trim)
                .and_then(|p| p.strip_prefix("<!--"))
                .and_then(|p| p.strip_suffix("-->"))
                .map(|p| p.trim().to_owned());
            found.push(Block {
                info: info.trim().to_owned(),
                text,
                line: number + 1,
                annotation,
            });
            previous = None;
            continue;
        }
        if !line.trim().is_empty() {
            previous = Some(line);
        }
    }
    found
}

fn documents() -> Vec<(String, String)> {
    let root = repository();
    let mut paths = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    paths.extend(docs);
    paths
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(&root)
                .unwrap_or(&path)
                .display()
                .to_string();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

fn is_request_example(block: &Block) -> bool {
    matches!(block.info.as_str(), "sh" | "bash" | "shell")
        && block.text.contains("curl ")
        && block.text.contains("localhost:8080")
}

/// The `"key": value` pairs an example states, leaving out values written `…`.
fn stated_pairs(stated: &str) -> Vec<(String, Value)> {
    let mut pairs = Vec::new();
    let mut rest = stated;
    while let Some(start) = rest.find('"') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('"') else { break };
        let key = &after[..end];
        let tail = after[end + 1..].trim_start();
        let Some(value_text) = tail.strip_prefix(':') else {
            rest = &after[end + 1..];
            continue;
        };
        let value_text = value_text.trim_start();
        let mut stream = serde_json::Deserializer::from_str(value_text).into_iter::<Value>();
        match stream.next() {
            Some(Ok(value)) if !value.to_string().contains('…') => {
                let used = stream.byte_offset();
                let nested = value.is_object() || (value.is_array() && value != json!([]));
                let scalar = !nested;
                if scalar {
                    pairs.push((key.to_owned(), value));
                }
                rest = if scalar {
                    &value_text[used..]
                } else {
                    // Look inside objects and lists for their own pairs.
                    value_text.get(1..).unwrap_or("")
                };
            }
            _ => rest = value_text,
        }
    }
    pairs
}

fn contains_pair(value: &Value, key: &str, expected: &Value) -> bool {
    match value {
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| (k == key && v == expected) || contains_pair(v, key, expected)),
        Value::Array(items) => items.iter().any(|v| contains_pair(v, key, expected)),
        _ => false,
    }
}

fn last_json(output: &str) -> Option<Value> {
    let mut last = None;
    for value in serde_json::Deserializer::from_str(output.trim()).into_iter::<Value>() {
        match value {
            Ok(value) => last = Some(value),
            Err(_) => break,
        }
    }
    last
}

fn check_stated(place: &str, stated: &str, output: &str, failures: &mut Vec<String>) {
    let Some(actual) = last_json(output) else {
        failures.push(format!("{place}: the answer is not JSON: {output:.300}"));
        return;
    };
    let wrong: Vec<String> = stated_pairs(stated)
        .into_iter()
        .filter(|(key, expected)| !contains_pair(&actual, key, expected))
        .map(|(key, expected)| format!("\"{key}\": {expected}"))
        .collect();
    if !wrong.is_empty() {
        failures.push(format!(
            "{place}: the docs say {}, the server answered {actual:.600}",
            wrong.join(", ")
        ));
    }
}

/// Runs one file's curl examples in one shell; each `# →` line and each block's end mark a
/// segment whose output and HTTP statuses are checked.
fn run_shell_examples(
    server: &DemoServer,
    file: &str,
    examples: &[&Block],
    failures: &mut Vec<String>,
) {
    let mut script = String::from(
        "set -euo pipefail\n\
         curl() { command curl -sS --max-time 30 --write-out '%{stderr}@@status %{http_code}\\n' \"$@\"; }\n",
    );
    let mut segments = Vec::new();
    for block in examples {
        let text = block
            .text
            .replace("localhost:8080", &format!("127.0.0.1:{}", server.port));
        for line in text.lines() {
            if let Some(stated) = line.trim_start().strip_prefix("# →") {
                segments.push((block.line, Some(stated.trim().to_owned())));
            } else {
                script.push_str(line);
                script.push('\n');
                continue;
            }
            script.push_str(&format!(
                "echo; echo '@@segment {n}'; echo '@@segment {n}' >&2\n",
                n = segments.len() - 1
            ));
        }
        segments.push((block.line, None));
        script.push_str(&format!(
            "echo; echo '@@segment {n}'; echo '@@segment {n}' >&2\n",
            n = segments.len() - 1
        ));
    }
    let output = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        failures.push(format!(
            "{file}: the examples' shell failed ({}): {stderr:.600}",
            output.status
        ));
    }
    let split = |text: &str| -> Vec<String> {
        let mut parts = vec![String::new()];
        for line in text.lines() {
            if line.starts_with("@@segment ") {
                parts.push(String::new());
            } else if let Some(last) = parts.last_mut() {
                last.push_str(line);
                last.push('\n');
            }
        }
        parts
    };
    let outputs = split(&stdout);
    let statuses = split(&stderr);
    for (index, (line, stated)) in segments.iter().enumerate() {
        let place = format!("{file}:{line}");
        let Some(out) = outputs.get(index) else {
            failures.push(format!("{place}: the example did not run to here"));
            continue;
        };
        let shows_error = stated.as_deref().is_some_and(|s| s.contains("\"error\""));
        for status in statuses[index]
            .lines()
            .filter_map(|l| l.strip_prefix("@@status "))
        {
            let ok = status.starts_with('2');
            if ok == shows_error {
                failures.push(format!(
                    "{place}: a call answered HTTP {status}: {out:.300}"
                ));
            }
        }
        if let Some(stated) = stated {
            check_stated(&place, stated, out, failures);
        }
    }
}

async fn owner_token(server: &DemoServer) -> String {
    let response: Value = reqwest::Client::new()
        .post(format!("{}/v1/auth/login", server.base))
        .json(&json!({"email": DEMO_OWNER.0, "password": DEMO_OWNER.1}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    response["access_token"].as_str().unwrap().to_owned()
}

async fn new_api_key(server: &DemoServer, owner: &str) -> String {
    let response: Value = reqwest::Client::new()
        .post(format!("{}/v1/api-keys", server.base))
        .bearer_auth(owner)
        .json(&json!({"name": "docs examples"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    response["key"].as_str().unwrap().to_owned()
}

async fn run_json_example(
    server: &DemoServer,
    place: &str,
    annotation: &str,
    body: &str,
    stated: Option<&str>,
    credentials: (&str, &str),
    failures: &mut Vec<String>,
) {
    let words: Vec<&str> = annotation.split_whitespace().collect();
    let [method, path, "as", role] = words[..] else {
        failures.push(format!(
            "{place}: write `<!-- example: METHOD /path as api_key|owner -->`"
        ));
        return;
    };
    let token = match role {
        "api_key" => credentials.0,
        "owner" => credentials.1,
        other => {
            failures.push(format!("{place}: unknown caller {other}"));
            return;
        }
    };
    let body: Value = match serde_json::from_str(body) {
        Ok(body) => body,
        Err(error) => {
            failures.push(format!("{place}: the example is not JSON: {error}"));
            return;
        }
    };
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let response = reqwest::Client::new()
        .request(method, format!("{}{path}", server.base))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    if !status.is_success() {
        failures.push(format!("{place}: answered HTTP {status}: {text:.300}"));
        return;
    }
    if let Some(stated) = stated {
        check_stated(place, stated, &text, failures);
    }
}

#[tokio::test]
async fn every_request_example_in_the_docs_does_what_it_says() {
    let server = start_demo().await;
    let owner = owner_token(&server).await;
    let api_key = new_api_key(&server, &owner).await;
    let mut failures = Vec::new();
    let mut shell_examples = 0;
    let mut json_examples = 0;
    for (file, text) in documents() {
        let found = blocks(&text);
        let shell: Vec<&Block> = found.iter().filter(|b| is_request_example(b)).collect();
        shell_examples += shell.len();
        if !shell.is_empty() {
            run_shell_examples(&server, &file, &shell, &mut failures);
        }
        for (index, block) in found.iter().enumerate() {
            let Some(annotation) = block
                .annotation
                .as_deref()
                .and_then(|a| a.strip_prefix("example:"))
            else {
                continue;
            };
            json_examples += 1;
            let stated = found
                .get(index + 1)
                .filter(|next| next.annotation.as_deref() == Some("response"))
                .map(|next| next.text.as_str());
            run_json_example(
                &server,
                &format!("{file}:{}", block.line),
                annotation.trim(),
                &block.text,
                stated,
                (&api_key, &owner),
                &mut failures,
            )
            .await;
        }
    }
    assert!(
        shell_examples >= 3 && json_examples >= 3,
        "the docs lost their examples ({shell_examples} shell, {json_examples} JSON)"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn stated_answers_leave_out_elided_values_and_look_inside_objects() {
    let pairs = stated_pairs(
        r#"{"order_id":"…","decision":"accept","score":0,"reasons":[],"three_ds":{"flow":"frictionless"},…}"#,
    );
    assert_eq!(
        pairs,
        vec![
            ("decision".to_owned(), json!("accept")),
            ("score".to_owned(), json!(0)),
            ("reasons".to_owned(), json!([])),
            ("flow".to_owned(), json!("frictionless")),
        ]
    );
    let answer = json!({"decision": "accept", "score": 0, "reasons": [], "three_ds": {"flow": "frictionless"}});
    assert!(pairs.iter().all(|(k, v)| contains_pair(&answer, k, v)));
    assert!(!contains_pair(&answer, "score", &json!(48)));
}

/// The demo's story for the review screens: a new customer waiting for review who shares a flat
/// with three rejected orders, with their own details, found again by their phone written
/// another way.
#[tokio::test]
async fn the_demo_has_a_new_customer_sharing_a_flat_with_rejected_orders() {
    let server = start_demo().await;
    let client = reqwest::Client::new();
    let session: serde_json::Value = client
        .post(format!("{}/v1/auth/login", server.base))
        .json(&serde_json::json!({ "email": "reviewer@sakura-mart.example", "password": DEMO_OWNER.1 }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = session["access_token"].as_str().unwrap();
    let get = async |path: &str| -> serde_json::Value {
        let response = client
            .get(format!("{}{path}", server.base))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        response.json().await.unwrap()
    };
    let order = get("/v1/orders/DEMO-NEW-0001").await;
    assert_eq!(order["status"], "in_review", "{order}");
    assert_eq!(order["customer"]["name"], "山田 花子");
    // The sample reference lists were loaded through the importer: the flat's building is a
    // listed forwarder, the checkout's network a data centre abroad.
    let codes = order["reasons"].to_string();
    for code in ["forwarder_address", "datacenter_ip", "ip_country_mismatch"] {
        assert!(codes.contains(code), "{code} in {codes}");
    }
    let graph = get("/v1/orders/DEMO-NEW-0001/related?depth=2").await;
    let rejected = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["status"] == "rejected")
        .count();
    assert_eq!(rejected, 3, "{graph}");
    assert!(
        graph["links"]
            .to_string()
            .contains("address_delivery_point")
    );
    let found = get("/v1/orders?phone=%2B81%2090%201234%205678").await;
    assert_eq!(found["items"][0]["merchant_order_id"], "DEMO-NEW-0001");
}
