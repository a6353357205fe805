#!/usr/bin/env python3
"""Writes an mbox with N e-mails (invented senders at example.org, invented text; every tenth
with a small PDF attachment) for the mailbox import benchmark."""
import base64
import random
import sys
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

n = int(sys.argv[1])
out = sys.argv[2]
rng = random.Random(42)
texts = [
    "Hej!\n\nJag har skickat in ansökan om ekonomiskt bistånd för november. Fick ni den?",
    "Hej,\n\nbifogar kontoutdrag för september och oktober.\n\nMvh",
    "Kan vi flytta mötet till tisdag kl. 10.00?",
    "Tack för samtalet i dag. Jag återkommer med intyget från vårdcentralen.",
]
pdf = base64.encodebytes(b"%PDF-1.4\n% inkom bench\n" + bytes(range(256)) * 8).decode()
t = datetime(2026, 11, 1, 8, 0, tzinfo=timezone(timedelta(hours=1)))
with open(out, "w", encoding="utf-8", newline="\n") as f:
    for i in range(n):
        t += timedelta(seconds=rng.randint(30, 3600))
        sender = f"testperson{rng.randint(1, 99)}@example.org"
        head = (
            f"From {sender} {t.strftime('%a %b %d %H:%M:%S %Y')}\n"
            f"Received: from mx.example.org by mail.exempelby.example; {format_datetime(t)}\n"
            f"From: Testperson {i % 97} <{sender}>\n"
            "To: ifo@exempelby.example\n"
            f"Subject: Meddelande {i}\n"
            f"Date: {format_datetime(t)}\n"
            f"Message-ID: <{i}.bench@example.org>\n"
            "MIME-Version: 1.0\n"
        )
        text = f"{rng.choice(texts)}\n(nr {i})\n"
        if i % 10 == 0:
            f.write(
                head + 'Content-Type: multipart/mixed; boundary="b"\n\n'
                "--b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
                f"{text}--b\nContent-Type: application/pdf; name=\"intyg.pdf\"\n"
                "Content-Transfer-Encoding: base64\n\n"
                f"{pdf}--b--\n\n"
            )
        else:
            f.write(
                head + "Content-Type: text/plain; charset=utf-8\n"
                "Content-Transfer-Encoding: 8bit\n\n" + text + "\n"
            )
