#!/usr/bin/env python3
"""The alternative a unit would otherwise script for a mailbox: Python's mailbox module, each
message's sender, date, subject, text and attachments (bytes) into SQLite with executemany, in
one transaction. No hashing, no dedup, no audit trail."""
import mailbox
import sqlite3
import sys

src, db = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(db)
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("CREATE TABLE IF NOT EXISTS mail (sender TEXT, date TEXT, subject TEXT, body TEXT)")
conn.execute("CREATE TABLE IF NOT EXISTS attachment (mail INTEGER, name TEXT, bytes BLOB)")
with conn:
    for i, m in enumerate(mailbox.mbox(src, create=False)):
        body, files = "", []
        for part in m.walk():
            if part.is_multipart():
                continue
            if part.get_filename():
                files.append((i, part.get_filename(), part.get_payload(decode=True)))
            elif part.get_content_type() == "text/plain":
                body += part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8", "replace")
        conn.execute("INSERT INTO mail VALUES (?, ?, ?, ?)", (m["from"], m["date"], m["subject"], body))
        conn.executemany("INSERT INTO attachment VALUES (?, ?, ?)", files)
print(conn.execute("SELECT count(*) FROM mail").fetchone()[0])
