#!/usr/bin/env python3
"""The alternative a unit would otherwise script: stream the XML with xml.etree.iterparse and
insert every message into SQLite with executemany, in one transaction. No hashing, no audit
trail, no dedup — the floor a plain script reaches, for comparison with inkom's import."""
import sqlite3
import sys
import xml.etree.ElementTree as ET

src, db = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(db)
conn.execute("PRAGMA journal_mode=WAL")
conn.execute(
    "CREATE TABLE IF NOT EXISTS sms (address TEXT, date INTEGER, type INTEGER, body TEXT)"
)
batch = []
with conn:
    for _, el in ET.iterparse(src, events=("end",)):
        if el.tag == "sms":
            batch.append((el.get("address"), int(el.get("date")), int(el.get("type")), el.get("body")))
            if len(batch) >= 10_000:
                conn.executemany("INSERT INTO sms VALUES (?, ?, ?, ?)", batch)
                batch.clear()
            el.clear()
    conn.executemany("INSERT INTO sms VALUES (?, ?, ?, ?)", batch)
print(conn.execute("SELECT count(*) FROM sms").fetchone()[0])
