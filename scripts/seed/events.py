"""A cooperative's calendar at scale, generated deterministically, for the
agenda benchmark.

    python scripts/seed/events.py --count 20000 --recurring 2000 --out DIR [--seed 7]

Writes one <uid>.ics per resource (CRLF, folded lines): COUNT resources in
all, of which RECURRING are series — weekly, every two weeks, monthly by
weekday, yearly; ended by COUNT, by UNTIL in UTC, or never; some with an
EXDATE and a moved occurrence (a RECURRENCE-ID override in the same
resource). The others are single events over 2026–2027: meetings in
Europe/Brussels time (most), all-day days, a few in UTC or in another zone
(America/Toronto), with locations, descriptions, alarms, attendees and
unknown X- properties as real servers hold them.
"""

import argparse
import datetime as dt
import os
import random

BRU = ("BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
       "TZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
       "BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\n"
       "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n")
TOR = ("BEGIN:VTIMEZONE\r\nTZID:America/Toronto\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\n"
       "TZNAME:EDT\r\nDTSTART:19700308T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nEND:DAYLIGHT\r\n"
       "BEGIN:STANDARD\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\nDTSTART:19701101T020000\r\n"
       "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n")

SUBJECTS = ["Réunion d'équipe", "Werkgroep privacy", "Café des coopérateurs", "Formation Nextcloud",
            "Permanence d'aide", "Comité de pilotage", "Vergadering raad van bestuur", "Atelier Linux",
            "Rencontre CHATONS", "Repair Café", "Overleg Ecopower", "Point budget", "Groupe de travail site web",
            "Entretien bénévole", "Webinaire sécurité", "Bijeenkomst leden Gent", "Assemblée de quartier"]
PLACES = ["Mundo-B, Ixelles", "Maison des associations, Liège", "De Pianofabriek, Sint-Gillis", "En ligne",
          "Ecopower, Berchem", "Salle Horta", "Bibliothèque de Namur", "Jitsi"]
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR"]


def fold(line):
    out, width, cur = [], 0, ""
    for ch in line:
        n = len(ch.encode())
        if width + n > 75:
            out.append(cur)
            cur, width = " ", 1
        cur += ch
        width += n
    out.append(cur)
    return "\r\n".join(out)


def esc(text):
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def local(t):
    return t.strftime("%Y%m%dT%H%M%S")


def event(rng, uid, i, recurring):
    start_day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(730))
    hour = rng.choice([8, 9, 10, 12, 14, 16, 18, 19, 20])
    start = dt.datetime.combine(start_day, dt.time(hour, rng.choice([0, 0, 15, 30])))
    minutes = rng.choice([30, 60, 60, 90, 120, 180])
    end = start + dt.timedelta(minutes=minutes)
    lines = ["BEGIN:VEVENT", "UID:" + uid, "DTSTAMP:20260101T090000Z", "CREATED:20251201T100000Z",
             "SUMMARY:" + esc("%s #%d" % (rng.choice(SUBJECTS), i))]
    zones = ""
    kind = rng.random()
    if not recurring and kind < 0.08:
        lines += ["DTSTART;VALUE=DATE:" + start_day.strftime("%Y%m%d"),
                  "DTEND;VALUE=DATE:" + (start_day + dt.timedelta(days=rng.choice([1, 1, 2, 3]))).strftime("%Y%m%d")]
    elif kind < 0.12:
        lines += ["DTSTART:" + local(start) + "Z", "DTEND:" + local(end) + "Z"]
    elif kind < 0.15:
        zones = TOR
        lines += ["DTSTART;TZID=America/Toronto:" + local(start), "DTEND;TZID=America/Toronto:" + local(end)]
    else:
        zones = BRU
        lines += ["DTSTART;TZID=Europe/Brussels:" + local(start), "DTEND;TZID=Europe/Brussels:" + local(end)]
    timed = "VALUE=DATE" not in lines[5]
    overrides = []
    if recurring:
        freq = rng.choice(["WEEKLY", "WEEKLY", "WEEKLY;INTERVAL=2", "MONTHLY", "YEARLY"])
        rule = "FREQ=" + freq
        if freq == "MONTHLY":
            rule += ";BYDAY=%d%s" % (rng.randint(1, 4), rng.choice(WEEKDAYS))
        ending = rng.random()
        if ending < 0.4:
            rule += ";COUNT=%d" % rng.choice([5, 10, 20, 52])
        elif ending < 0.7:
            rule += ";UNTIL=%s" % (dt.datetime.combine(start_day + dt.timedelta(days=rng.randrange(60, 500)), dt.time(22, 59, 59)).strftime("%Y%m%dT%H%M%SZ"))
        lines.append("RRULE:" + rule)
        if timed and freq.startswith("WEEKLY") and zones == BRU and rng.random() < 0.3:
            step = 14 if "INTERVAL" in freq else 7
            skipped = start + dt.timedelta(days=step)
            lines.append("EXDATE;TZID=Europe/Brussels:" + local(skipped))
            moved_from = start + dt.timedelta(days=2 * step)
            moved_to = moved_from + dt.timedelta(days=1, hours=1)
            overrides = ["BEGIN:VEVENT", "UID:" + uid, "DTSTAMP:20260101T090000Z",
                         "RECURRENCE-ID;TZID=Europe/Brussels:" + local(moved_from),
                         "SUMMARY:" + esc("%s (déplacé)" % lines[4][8:]),
                         "DTSTART;TZID=Europe/Brussels:" + local(moved_to),
                         "DTEND;TZID=Europe/Brussels:" + local(moved_to + dt.timedelta(minutes=minutes)),
                         "END:VEVENT"]
    if rng.random() < 0.6:
        lines.append("LOCATION:" + esc(rng.choice(PLACES)))
    if rng.random() < 0.3:
        lines.append("DESCRIPTION:" + esc("Ordre du jour : point %d, divers.\nAgenda: punt %d, varia." % (i % 7, i % 5)))
    if rng.random() < 0.2:
        lines.append("ORGANIZER;CN=Secrétariat Nubo:mailto:secretariat@nubo.coop")
        lines.append("ATTENDEE;CN=Hélène Dubœuf;PARTSTAT=ACCEPTED:mailto:helene.duboeuf@nubo.coop")
    if rng.random() < 0.1:
        lines.append("X-NUBO-BUDGET-LINE;X-YEAR=2026:%d" % (1000 + i % 50))
    if rng.random() < 0.4:
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:Rappel", "TRIGGER:-PT%dM" % rng.choice([10, 15, 30, 60]), "END:VALARM"]
    lines.append("END:VEVENT")
    body = "".join(fold(l) + "\r\n" for l in lines + overrides)
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Nubo//Benchmark//EN\r\n" + zones + body + "END:VCALENDAR\r\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--count", type=int, default=20000)
    p.add_argument("--recurring", type=int, default=2000)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    # Series spread among the single events, not bunched at the start.
    series = set(rng.sample(range(a.count), min(a.recurring, a.count)))
    for i in range(a.count):
        uid = "ev-%05d@nubo.coop" % i
        with open(os.path.join(a.out, "ev-%05d.ics" % i), "w", encoding="utf-8", newline="") as f:
            f.write(event(rng, uid, i, i in series))


if __name__ == "__main__":
    main()
