//! The caseworker's main flow through the real app and its real webview: a data directory
//! prepared with the real CLI, then import → classify personakt → register → confirm printed →
//! delete the source (inkom deletes the file) → purged, with what is kept shown; screenshots of
//! each step; finally the CLI must agree with what the window showed.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use inkom_e2e::{Driver, PASSPHRASE, WAIT, bin_dir, find, inkom_ok, tid};

async fn click(c: &Client, id: &str) {
    find(c, id)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {id}: {e}"));
}

async fn shot(c: &Client, n: u32, name: &str) {
    inkom_e2e::shot(c, &format!("{n:02}-{name}")).await;
}

/// Waits until the item view's state reads `state`.
async fn state_is(c: &Client, state: &str) {
    let until = Instant::now() + WAIT;
    loop {
        // The badge shows the Swedish label; the state code is in `data-state`.
        let text = find(c, "item-state")
            .await
            .attr("data-state")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        if text.trim() == state {
            return;
        }
        if let Ok(e) = c.find(Locator::Css(&tid("error"))).await {
            let msg = e.text().await.unwrap_or_default();
            assert!(
                msg.trim().is_empty(),
                "error shown while waiting for {state}: {msg}"
            );
        }
        assert!(
            Instant::now() < until,
            "state stayed {text:?}, wanted {state}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn flow(c: &Client, data: &Path, started: Instant) -> i64 {
    // The store is encrypted under a passphrase the app was not given: it starts locked.
    let field = find(c, "unlock-passphrase").await;
    println!(
        "time to the lock screen (app start → passphrase field): {:?}",
        started.elapsed()
    );
    shot(c, 0, "last").await;
    field.send_keys("fel lösenfras").await.expect("type");
    click(c, "unlock-submit").await;
    // Said at the field, not in the alert area.
    let error = find(c, "unlock-mismatch")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(
        error.contains("lösenfras"),
        "wrong passphrase refused: {error}"
    );
    let field = find(c, "unlock-passphrase").await;
    field.clear().await.expect("clear");
    field.send_keys(PASSPHRASE).await.expect("type");
    let unlock = Instant::now();
    click(c, "unlock-submit").await;
    find(c, "inbox-row").await;
    println!("time from unlock to a usable inbox: {:?}", unlock.elapsed());
    shot(c, 1, "inkorg").await;

    let row = find(c, "inbox-row").await;
    let id: i64 = row
        .attr("data-item-id")
        .await
        .expect("attr")
        .and_then(|v| v.parse().ok())
        .expect("data-item-id");
    row.click().await.expect("open item");
    find(c, "item-view").await;
    state_is(c, "imported").await;
    // The core's suggestion, computed for this item, with its reasons.
    let suggestion = find(c, "suggestion").await.text().await.expect("text");
    // A neighbour's concern about children, nobody in the register: the core suggests diarium.
    assert!(
        suggestion.contains("inkom föreslår: Diarieföras"),
        "suggestion panel: {suggestion}"
    );
    shot(c, 2, "objekt").await;

    click(c, "classify-personakt").await;
    find(c, "client-name")
        .await
        .send_keys("Elsa Andersson")
        .await
        .expect("name");
    find(c, "client-personnummer")
        .await
        .send_keys("19121212-1212")
        .await
        .expect("pnr");
    shot(c, 3, "klassificera").await;
    click(c, "classify-save").await;
    state_is(c, "classified").await;

    click(c, "register").await;
    state_is(c, "registered").await;
    shot(c, 4, "registrerad").await;
    // The sheet's preview loads beside the button and can move it under a click that comes
    // too early (seen once in ten runs): wait for the preview's first page first.
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(&format!("{} img", tid("pdf-preview"))))
        .await
        .expect("the sheet's first page in the preview");
    click(c, "confirm-printed").await;
    state_is(c, "printed").await;
    // Personakt: the source stays until the printout is confirmed filed in the akt (issue 13).
    click(c, "confirm-filed").await;
    find(c, "filed").await;

    click(c, "delete-source").await;
    let instruction = find(c, "delete-instruction")
        .await
        .text()
        .await
        .expect("text");
    assert!(
        instruction.contains("Radera sms-tråden med 070-174 06 48 i tjänstetelefonen"),
        "{instruction}"
    );
    let checkbox = find(c, "delete-file").await;
    if !checkbox.is_selected().await.unwrap_or(false) {
        checkbox.click().await.expect("tick delete-file");
    }
    shot(c, 5, "radera-kallan").await;
    click(c, "delete-confirm").await;
    // The export holds two more conversations that were never imported: the core keeps the
    // file until the caseworker says it is a copy (issue 13, guard rail 2).
    let refusal = find(c, "error").await.text().await.expect("text");
    assert!(
        refusal.contains("telefonen har kvar resten"),
        "refusal: {refusal}"
    );
    click(c, "delete-ack-partial").await;
    click(c, "delete-confirm").await;
    let kept = find(c, "kept-after-purge")
        .await
        .text()
        .await
        .expect("kept");
    assert!(kept.contains("INK-"), "kept after purge: {kept}");
    state_is(c, "purged").await;
    shot(c, 6, "rensad").await;
    // The item's history begins with its import's one event (issue 15), its details in Swedish.
    let history = find(c, "item-history").await;
    history
        .find(Locator::Css("summary"))
        .await
        .expect("summary")
        .click()
        .await
        .expect("open history");
    let text = history.text().await.expect("history text");
    for expected in [
        "Importerad",
        "Antal handlingar: 1",
        &format!("Första handlingens nr: {id}"),
        &format!("Sista handlingens nr: {id}"),
        "Format: SMS Backup & Restore (XML)",
        "Källfilens kontrollsumma",
        "Kontrollsumma över handlingarna",
    ] {
        assert!(text.contains(expected), "{expected:?} missing in: {text}");
    }
    // Read in order: how many, which, from what (not the stored, alphabetical order).
    let at = |s: &str| text.find(s).unwrap_or(usize::MAX);
    assert!(
        at("Antal handlingar") < at("Första handlingens nr") && at("Sista") < at("Format:"),
        "import details out of order: {text}"
    );
    shot(c, 7, "historik").await;
    let _ = data;
    id
}

#[tokio::test(flavor = "current_thread")]
async fn main_flow_through_the_real_webview() {
    let app = inkom_e2e::app_binary();
    let (dir, data, source) = inkom_e2e::scratch_with_sms("", "sms-export.xml");
    let src = source.to_str().expect("utf-8 path");
    inkom_e2e::set_up_unit(&data);
    // The purge after printing is gallring and cites the unit's decision (issue 13, rule 8).
    inkom_ok(
        &data,
        &[
            "gallringsbeslut",
            "add",
            "--decided-by",
            "Socialnämnden",
            "--date",
            "2025-12-01",
            "--reference",
            "SN 2025/0131 § 88",
            "--section",
            "4.2 Handlingar som ersatts av en utskrift",
        ],
    );
    let imported = inkom_ok(&data, &["import", "--thread", "0701740648", src]);
    let ids = imported["imported"][0]["created"]
        .as_array()
        .expect("created");
    assert_eq!(ids.len(), 1, "{imported}");

    let driver = Driver::start(None);
    let started = Instant::now();
    let client = inkom_e2e::session(&app, &data).await;
    let result =
        tokio::time::timeout(Duration::from_secs(120), flow(&client, &data, started)).await;
    let _ = client.close().await;
    drop(driver);
    let id = result.expect("flow within 120 s");

    // The store agrees with what the window showed.
    let shown = inkom_ok(&data, &["show", &id.to_string()]);
    assert_eq!(shown["state"], "purged", "{shown}");
    assert_eq!(shown["body"], serde_json::Value::Null, "{shown}");
    assert!(
        shown["registration"]["designation"]
            .as_str()
            .is_some_and(|d| d.starts_with("INK-"))
    );
    assert!(!source.exists(), "inkom deleted the source file");
    let verify = inkom_ok(&data, &["audit", "verify"]);
    assert_eq!(verify["first_broken"], serde_json::Value::Null, "{verify}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Start-up to a usable inbox with a large store (bench/desk.sh makes one with 100,000 items):
/// `INKOM_E2E_LARGE_STORE=$PWD/target/desk-bench-100000 xvfb-run -a cargo test -p inkom-e2e --
/// --ignored`. Prints the time from launching the app to the first inbox row.
#[tokio::test(flavor = "current_thread")]
#[ignore = "needs a large store; run by hand (README, Benchmarks)"]
async fn startup_with_a_large_store() {
    let data = std::env::var("INKOM_E2E_LARGE_STORE").expect("INKOM_E2E_LARGE_STORE");
    let data = std::fs::canonicalize(data).expect("store dir");
    // bench/desk.sh's store; its passphrase is given, so the time includes deriving the key.
    let passphrase =
        std::env::var("INKOM_PASSPHRASE").unwrap_or_else(|_| "benchmark-lösenfras".to_string());
    let driver = Driver::start(Some(&passphrase));
    let caps: serde_json::Map<String, serde_json::Value> = serde_json::from_value(serde_json::json!({
        "tauri:options": { "application": bin_dir().join("inkom-app"), "args": ["--data-dir", data] }
    }))
    .expect("caps");
    let mut times = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let client = ClientBuilder::native()
            .capabilities(caps.clone())
            .connect("http://127.0.0.1:4444")
            .await
            .expect("session");
        let found = tokio::time::timeout(Duration::from_secs(60), find(&client, "inbox-row")).await;
        times.push(started.elapsed());
        let _ = client.close().await;
        found.expect("inbox row within 60 s");
    }
    drop(driver);
    println!("time to a usable inbox with a large store: {times:?}");
}
