#!/usr/bin/env python3
"""Writes an SMS Backup & Restore export with N messages (invented numbers in PTS's fiction
range 070-1740605..699, invented text) for the import benchmark."""
import random
import sys
from xml.sax.saxutils import quoteattr

n = int(sys.argv[1])
out = sys.argv[2]
rng = random.Random(42)
texts = [
    "Hej! Jag har skickat in ansökan om ekonomiskt bistånd för november nu. Fick ni den?",
    "Tack, bilden kom fram. Jag behöver också kontoutdrag för september och oktober.",
    "Ring mig när du kan.",
    "Det där samtalet blev inte bra.\n\nJag känner att ingen lyssnar på mig.",
    "Ja det funkar 👍",
    "Inga problem. Tisdag 3/11 kl. 10.00 går bra?",
]
with open(out, "w", encoding="utf-8") as f:
    f.write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n")
    f.write(f'<smses count="{n}" backup_set="bench" backup_date="1793693564000" type="full">\n')
    t = 1_780_000_000_000
    for i in range(n):
        t += rng.randint(1_000, 600_000)
        number = f"+46701740{605 + rng.randint(0, 94):03d}"
        kind = rng.choice((1, 1, 2))
        body = quoteattr(f"{rng.choice(texts)} (nr {i})")
        f.write(
            f'  <sms protocol="0" address="{number}" date="{t}" type="{kind}" subject="null" '
            f'body={body} toa="null" sc_toa="null" service_center="null" read="1" status="-1" '
            f'locked="0" date_sent="0" sub_id="1" readable_date="" contact_name="(Unknown)" />\n'
        )
    f.write("</smses>\n")
