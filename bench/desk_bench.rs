//! The app's queries at 100,000 stored items (bench/desk.sh): inbox pages, full-text search
//! with FTS5 side by side with the `LIKE '%…%'` scan it replaces, opening the store with the
//! first page (the app's start-up work), and what purging costs with the FTS 'optimize'.
//!
//! `cargo run --release --example desk_bench -- N DIR` (DIR keeps the store between runs).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use inkom::desk::inbox::inbox;
use inkom::desk::views::{ClassificationInput, InboxQuery};
use inkom::import::ImportLimits;
use inkom::import::select::Selection;
use inkom::lifecycle;
use inkom::model::State;
use inkom::store::Store;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// p50 and p95 of `runs` calls.
fn measure(runs: usize, mut f: impl FnMut() -> u32) -> (Duration, Duration, u32) {
    let mut times = Vec::with_capacity(runs);
    let mut hits = 0;
    for _ in 0..runs {
        let t = Instant::now();
        hits = f();
        times.push(t.elapsed());
    }
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.95), hits)
}

fn like_page(store: &Store, word: &str) -> u32 {
    let pattern = format!("%{word}%");
    let conn = store.conn();
    let total: u32 = conn
        .query_row(
            "SELECT count(*) FROM items WHERE coalesce(subject, '') || ' ' || coalesce(body, '') \
             || ' ' || coalesce(sender, '') LIKE ?1",
            [&pattern],
            |r| r.get(0),
        )
        .expect("like count");
    let mut stmt = conn
        .prepare_cached(
            "SELECT id, substr(body, 1, 560) FROM items WHERE coalesce(subject, '') || ' ' || \
             coalesce(body, '') || ' ' || coalesce(sender, '') LIKE ?1 \
             ORDER BY received_at_utc DESC, id DESC LIMIT 50",
        )
        .expect("like page");
    let rows = stmt
        .query_map([&pattern], |r| r.get::<_, i64>(0))
        .expect("like rows")
        .count();
    assert!(rows <= 50);
    total
}

fn fill(dir: &Path, n: usize) {
    // The store first: inkom refuses to make a data directory of one that already holds files.
    let mut store = Store::open(dir).expect("store");
    let xml = dir.join("bench-sms.xml");
    let status = std::process::Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/gen_sms_xml.py"))
        .arg(n.to_string())
        .arg(&xml)
        .status()
        .expect("python3");
    assert!(status.success());
    let act = inkom::desk::session::act(store.conn()).expect("act");
    let t = Instant::now();
    let r = lifecycle::import_file(
        &mut store,
        &xml,
        &ImportLimits::default(),
        &Selection {
            per_message: true,
            ..Selection::default()
        },
        &act,
        &mut |_| {},
    )
    .expect("import");
    println!(
        "imported {} items (per message, FTS kept by triggers) in {:.2} s",
        r.created.len(),
        t.elapsed().as_secs_f64()
    );
    let _ = std::fs::remove_file(xml);
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "target/desk-bench".into()));
    if !dir.join(inkom::store::DB_FILE).exists() {
        std::fs::create_dir_all(&dir).expect("dir");
        fill(&dir, n);
    }

    // Start-up work of the app: open (and migrate-check) the store, read the first page.
    let (p50, p95, total) = measure(20, || {
        let store = Store::open(&dir).expect("open");
        inbox(store.conn(), &InboxQuery::default(), 0, 100)
            .expect("page")
            .total
    });
    println!("\n{total} items stored\n");
    println!("| operation | p50 ms | p95 ms | rows |");
    println!("|---|---|---|---|");
    println!(
        "| open store + first inbox page (100 rows) | {} | {} | {total} |",
        ms(p50),
        ms(p95)
    );

    let mut store = Store::open(&dir).expect("open");
    let page = |q: InboxQuery| {
        let s = &store;
        measure(50, move || inbox(s.conn(), &q, 0, 100).expect("page").total)
    };
    let (a, b, h) = page(InboxQuery::default());
    println!(
        "| inbox first page, no filter | {} | {} | {h} |",
        ms(a),
        ms(b)
    );
    let (a, b, h) = page(InboxQuery {
        states: vec![State::Imported],
        ..InboxQuery::default()
    });
    println!(
        "| inbox first page, state = imported | {} | {} | {h} |",
        ms(a),
        ms(b)
    );
    let (a, b, h) = measure(50, || {
        inbox(store.conn(), &InboxQuery::default(), 50_000, 100)
            .expect("page")
            .total
    });
    println!(
        "| inbox page at offset 50,000 (scrolled far) | {} | {} | {h} |",
        ms(a),
        ms(b)
    );

    println!(
        "\n| search | FTS5 p50 ms | FTS5 p95 ms | hits | LIKE scan p50 ms | LIKE p95 ms | hits |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (typed, like) in [
        ("ekonomiskt", "ekonomiskt"),
        ("4711", "4711"),
        ("ansokan", "ansökan"),
        ("kontout", "kontout"),
        ("ring mig", "Ring mig"),
        ("070-174 06 50", "46701740650"),
        ("xyzzy", "xyzzy"),
    ] {
        let q = InboxQuery {
            text: Some(typed.to_string()),
            ..InboxQuery::default()
        };
        let (f50, f95, fh) = measure(30, || inbox(store.conn(), &q, 0, 50).expect("fts").total);
        let (l50, l95, lh) = measure(5, || like_page(&store, like));
        println!(
            "| `{typed}` | {} | {} | {fh} | {} | {} | {lh} |",
            ms(f50),
            ms(f95),
            ms(l50),
            ms(l95)
        );
    }

    // Purge at this size: the FTS 'optimize' rewrites the index so no deleted word remains.
    let id: i64 = store
        .conn()
        .query_row(
            "SELECT id FROM items WHERE state = 'imported' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("an item");
    inkom::desk::batch::classify(
        &mut store,
        id,
        ClassificationInput::Personakt {
            client_name: "Bench Person".into(),
            personnummer: "19121212-1212".into(),
            secrecy: None,
            add_to_register: false,
        },
    )
    .expect("classify");
    inkom::desk::batch::register(&mut store, &[id]).expect("register");
    inkom::desk::batch::confirm_printed(&mut store, &[id]).expect("printed");
    inkom::desk::batch::confirm_filed(&mut store, &[id]).expect("filed");
    let t = Instant::now();
    inkom::desk::batch::confirm_source_deleted(&mut store, id, false, Default::default())
        .expect("purge");
    let purge = t.elapsed();
    let t = Instant::now();
    store
        .conn()
        .execute("INSERT INTO items_fts (items_fts) VALUES ('optimize')", [])
        .expect("optimize");
    let optimize = t.elapsed();
    println!(
        "\nconfirm source deleted + purge of one item (incl. FTS optimize and WAL checkpoint): \
         {} ms; the optimize alone, on an already optimized index: {} ms",
        ms(purge),
        ms(optimize)
    );
    let size = std::fs::metadata(store.path())
        .map(|m| m.len())
        .unwrap_or(0);
    let fts: i64 = store
        .conn()
        .query_row(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'items_fts%'",
            [],
            |r| r.get(0),
        )
        .unwrap_or(0);
    println!(
        "database {:.1} MB, of which the FTS index {:.1} MB",
        size as f64 / 1e6,
        fts as f64 / 1e6
    );
}
