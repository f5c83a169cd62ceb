"""Writes the recurrence corpus: one .ics per case and the expected
occurrences computed by an independent implementation (Python's
recurring-ical-events on icalendar and dateutil), never by this project.

    .venv/bin/pip install recurring-ical-events==3.8.2
    .venv/bin/python scripts/corpus/make_recurrence_corpus.py shared/tests/fixtures/recurrence

Cases are RFC 5545 §3.8.5.3 examples (with the RFC's own DTSTART) and
cooperative life: assemblies, maintenance windows, birthdays, DST in
Europe/Brussels. Expected values: timed occurrences as UTC instants,
all-day ones as dates; floating times are read in Europe/Brussels.
"""

import datetime as dt
import json
import os
import sys

import icalendar
import recurring_ical_events
import zoneinfo

VIEWER = zoneinfo.ZoneInfo("Europe/Brussels")

NY = "DTSTART;TZID=America/New_York:19970902T090000"
RFC_WINDOW = ("1997-09-01", "2000-01-01")

# (name, event lines, window start, window end)
CASES = [
    # RFC 5545 §3.8.5.3, in order.
    ("rfc-daily-10", [NY, "DURATION:PT1H", "RRULE:FREQ=DAILY;COUNT=10"], *RFC_WINDOW),
    ("rfc-daily-until", [NY, "DURATION:PT1H", "RRULE:FREQ=DAILY;UNTIL=19971224T000000Z"], *RFC_WINDOW),
    ("rfc-every-other-day", [NY, "DURATION:PT1H", "RRULE:FREQ=DAILY;INTERVAL=2"], "1997-09-01", "1997-12-01"),
    ("rfc-every-10-days-5", [NY, "DURATION:PT1H", "RRULE:FREQ=DAILY;INTERVAL=10;COUNT=5"], *RFC_WINDOW),
    ("rfc-january-daily-yearly", ["DTSTART;TZID=America/New_York:19980101T090000", "DURATION:PT1H", "RRULE:FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA"], *RFC_WINDOW),
    ("rfc-weekly-10", [NY, "DURATION:PT1H", "RRULE:FREQ=WEEKLY;COUNT=10"], *RFC_WINDOW),
    ("rfc-weekly-until", [NY, "DURATION:PT1H", "RRULE:FREQ=WEEKLY;UNTIL=19971224T000000Z"], *RFC_WINDOW),
    ("rfc-every-other-week-su", [NY, "DURATION:PT1H", "RRULE:FREQ=WEEKLY;INTERVAL=2;WKST=SU"], "1997-09-01", "1998-03-01"),
    ("rfc-tue-thu-5-weeks", [NY, "DURATION:PT1H", "RRULE:FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH"], *RFC_WINDOW),
    ("rfc-mo-we-fr-every-other-week", ["DTSTART;TZID=America/New_York:19970901T090000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR"], *RFC_WINDOW),
    ("rfc-tu-th-every-other-week-8", [NY, "DURATION:PT1H", "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH"], *RFC_WINDOW),
    ("rfc-monthly-first-friday-10", ["DTSTART;TZID=America/New_York:19970905T090000", "DURATION:PT1H", "RRULE:FREQ=MONTHLY;COUNT=10;BYDAY=1FR"], *RFC_WINDOW),
    ("rfc-monthly-first-friday-until", ["DTSTART;TZID=America/New_York:19970905T090000", "DURATION:PT1H", "RRULE:FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR"], *RFC_WINDOW),
    ("rfc-every-other-month-first-last-sunday", ["DTSTART;TZID=America/New_York:19970907T090000", "DURATION:PT1H", "RRULE:FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU"], *RFC_WINDOW),
    ("rfc-monthly-second-to-last-monday", ["DTSTART;TZID=America/New_York:19970922T090000", "DURATION:PT1H", "RRULE:FREQ=MONTHLY;COUNT=6;BYDAY=-2MO"], *RFC_WINDOW),
    ("rfc-monthly-third-to-last-day", ["DTSTART;TZID=America/New_York:19970928T090000", "DURATION:PT1H", "RRULE:FREQ=MONTHLY;BYMONTHDAY=-3"], "1997-09-01", "1998-03-01"),
    ("rfc-monthly-2nd-and-15th", [NY, "DURATION:PT1H", "RRULE:FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15"], *RFC_WINDOW),
    ("rfc-monthly-first-and-last-day", ["DTSTART;TZID=America/New_York:19970930T090000", "DURATION:PT1H", "RRULE:FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1"], *RFC_WINDOW),
    ("rfc-every-18-months-10th-15th", ["DTSTART;TZID=America/New_York:19970910T090000", "DURATION:PT1H", "RRULE:FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15"], "1997-09-01", "2001-01-01"),
    ("rfc-every-tuesday-every-other-month", [NY, "DURATION:PT1H", "RRULE:FREQ=MONTHLY;INTERVAL=2;BYDAY=TU"], "1997-09-01", "1998-04-01"),
    ("rfc-yearly-june-july-10", ["DTSTART;TZID=America/New_York:19970610T090000", "DURATION:PT1H", "RRULE:FREQ=YEARLY;COUNT=10;BYMONTH=6,7"], "1997-06-01", "2003-01-01"),
    ("rfc-every-other-year-jan-feb-mar", ["DTSTART;TZID=America/New_York:19970310T090000", "DURATION:PT1H", "RRULE:FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3"], "1997-03-01", "2006-01-01"),
    ("rfc-every-3rd-year-days-1-100-200", ["DTSTART;TZID=America/New_York:19970101T090000", "DURATION:PT1H", "RRULE:FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200"], "1997-01-01", "2010-01-01"),
    ("rfc-20th-monday-yearly", ["DTSTART;TZID=America/New_York:19970519T090000", "DURATION:PT1H", "RRULE:FREQ=YEARLY;BYDAY=20MO"], "1997-05-01", "2000-01-01"),
    ("rfc-monday-week-20", ["DTSTART;TZID=America/New_York:19970512T090000", "DURATION:PT1H", "RRULE:FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO"], "1997-05-01", "2000-01-01"),
    ("rfc-thursdays-in-march", ["DTSTART;TZID=America/New_York:19970313T090000", "DURATION:PT1H", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=TH"], "1997-03-01", "1999-04-01"),
    ("rfc-thursdays-summer", ["DTSTART;TZID=America/New_York:19970605T090000", "DURATION:PT1H", "RRULE:FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8"], "1997-06-01", "1999-09-01"),
    ("rfc-friday-13th", ["DTSTART;TZID=America/New_York:19970902T090000", "DURATION:PT1H", "EXDATE;TZID=America/New_York:19970902T090000", "RRULE:FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13"], "1997-09-01", "2001-01-01"),
    ("rfc-saturday-after-first-sunday", ["DTSTART;TZID=America/New_York:19970913T090000", "DURATION:PT1H", "RRULE:FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13"], "1997-09-01", "1998-07-01"),
    ("rfc-us-election-day", ["DTSTART;TZID=America/New_York:19961105T090000", "DURATION:PT1H", "RRULE:FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8"], "1996-11-01", "2010-01-01"),
    ("rfc-third-tue-wed-thu-setpos", ["DTSTART;TZID=America/New_York:19970904T090000", "DURATION:PT1H", "RRULE:FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3"], *RFC_WINDOW),
    ("rfc-second-to-last-weekday", ["DTSTART;TZID=America/New_York:19970929T090000", "DURATION:PT1H", "RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2"], "1997-09-01", "1998-04-01"),
    ("rfc-every-3-hours-one-day", [NY, "DURATION:PT15M", "RRULE:FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z"], *RFC_WINDOW),
    ("rfc-every-15-minutes-6", [NY, "DURATION:PT5M", "RRULE:FREQ=MINUTELY;INTERVAL=15;COUNT=6"], *RFC_WINDOW),
    ("rfc-every-hour-and-half-4", [NY, "DURATION:PT5M", "RRULE:FREQ=MINUTELY;INTERVAL=90;COUNT=4"], *RFC_WINDOW),
    ("rfc-every-20-minutes-9-to-5", [NY, "DURATION:PT5M", "RRULE:FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40"], "1997-09-02", "1997-09-04"),
    ("rfc-wkst-mo", ["DTSTART;TZID=America/New_York:19970805T090000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO"], "1997-08-01", "1997-10-01"),
    ("rfc-wkst-su", ["DTSTART;TZID=America/New_York:19970805T090000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU"], "1997-08-01", "1997-10-01"),
    ("rfc-invalid-feb-30-skipped", ["DTSTART;TZID=America/New_York:20070115T090000", "DURATION:PT1H", "RRULE:FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5"], "2007-01-01", "2008-01-01"),
    # Cooperative life, Europe/Brussels.
    ("ga-monthly-first-tuesday", ["DTSTART;TZID=Europe/Brussels:20260106T190000", "DTEND;TZID=Europe/Brussels:20260106T210000", "RRULE:FREQ=MONTHLY;BYDAY=1TU"], "2026-01-01", "2027-01-01"),
    ("ga-yearly-may-saturday", ["DTSTART;TZID=Europe/Brussels:20260516T100000", "DTEND;TZID=Europe/Brussels:20260516T160000", "RRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=3SA"], "2026-01-01", "2031-01-01"),
    ("maintenance-weekly-sunday-night-crosses-midnight", ["DTSTART;TZID=Europe/Brussels:20260301T230000", "DTEND;TZID=Europe/Brussels:20260302T013000", "RRULE:FREQ=WEEKLY;COUNT=10"], "2026-03-01", "2026-06-01"),
    ("dst-spring-weekly-0230-nonexistent", ["DTSTART;TZID=Europe/Brussels:20260315T023000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;COUNT=4"], "2026-03-01", "2026-05-01"),
    ("dst-autumn-daily-0130-ambiguous", ["DTSTART;TZID=Europe/Brussels:20261023T013000", "DURATION:PT30M", "RRULE:FREQ=DAILY;COUNT=5"], "2026-10-01", "2026-11-01"),
    ("dst-weekly-evening-keeps-wall-clock", ["DTSTART;TZID=Europe/Brussels:20260319T200000", "DURATION:PT1H30M", "RRULE:FREQ=WEEKLY;COUNT=4"], "2026-03-01", "2026-05-01"),
    ("until-utc-local-dtstart-east", ["DTSTART;TZID=Europe/Brussels:20260105T090000", "DURATION:PT1H", "RRULE:FREQ=DAILY;UNTIL=20260109T080000Z"], "2026-01-01", "2026-02-01"),
    ("until-utc-local-dtstart-east-summer", ["DTSTART;TZID=Europe/Brussels:20260706T090000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;UNTIL=20260727T070000Z"], "2026-07-01", "2026-09-01"),
    ("exdate-two-assemblies", ["DTSTART;TZID=Europe/Brussels:20260106T190000", "DURATION:PT2H", "RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=6", "EXDATE;TZID=Europe/Brussels:20260203T190000,20260407T190000"], "2026-01-01", "2027-01-01"),
    ("rdate-extra-session", ["DTSTART;TZID=Europe/Brussels:20260106T190000", "DURATION:PT2H", "RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=3", "RDATE;TZID=Europe/Brussels:20260120T190000"], "2026-01-01", "2027-01-01"),
    ("allday-weekly-market", ["DTSTART;VALUE=DATE:20260107", "DTEND;VALUE=DATE:20260108", "RRULE:FREQ=WEEKLY;COUNT=5"], "2026-01-01", "2026-03-01"),
    ("allday-birthday-feb29", ["DTSTART;VALUE=DATE:20240229", "DTEND;VALUE=DATE:20240301", "RRULE:FREQ=YEARLY"], "2024-01-01", "2033-01-01"),
    ("allday-multi-day-congress", ["DTSTART;VALUE=DATE:20260911", "DTEND;VALUE=DATE:20260914", "RRULE:FREQ=YEARLY;COUNT=3"], "2026-01-01", "2030-01-01"),
    ("allday-exdate", ["DTSTART;VALUE=DATE:20260101", "DTEND;VALUE=DATE:20260102", "RRULE:FREQ=MONTHLY;COUNT=6", "EXDATE;VALUE=DATE:20260301"], "2026-01-01", "2027-01-01"),
    ("utc-weekly-call", ["DTSTART:20260105T150000Z", "DURATION:PT45M", "RRULE:FREQ=WEEKLY;BYDAY=MO,TH;COUNT=8"], "2026-01-01", "2026-03-01"),
    ("new-york-partner-call-across-both-dst-changes", ["DTSTART;TZID=America/New_York:20260302T110000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;COUNT=6"], "2026-03-01", "2026-05-01"),
    ("floating-yoga", ["DTSTART:20260105T073000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;COUNT=12"], "2026-01-01", "2026-05-01"),
    ("window-cuts-an-infinite-rule", ["DTSTART;TZID=Europe/Brussels:20200101T120000", "DURATION:PT1H", "RRULE:FREQ=DAILY"], "2026-06-01", "2026-06-08"),
    ("window-catches-an-event-already-running", ["DTSTART;TZID=Europe/Brussels:20260601T220000", "DTEND;TZID=Europe/Brussels:20260602T020000", "RRULE:FREQ=DAILY;COUNT=3"], "2026-06-02", "2026-06-03"),
    ("single-event-no-rule", ["DTSTART;TZID=Europe/Brussels:20260915T140000", "DTEND;TZID=Europe/Brussels:20260915T150000"], "2026-09-01", "2026-10-01"),
    ("single-allday-no-rule", ["DTSTART;VALUE=DATE:20260721", "DTEND;VALUE=DATE:20260722"], "2026-07-01", "2026-08-01"),
    ("last-friday-of-month", ["DTSTART;TZID=Europe/Brussels:20260130T170000", "DURATION:PT1H", "RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=12"], "2026-01-01", "2027-01-01"),
    ("every-two-weeks-workdays", ["DTSTART;TZID=Europe/Brussels:20260105T083000", "DURATION:PT15M", "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR;COUNT=20"], "2026-01-01", "2026-04-01"),
    ("quarterly-board", ["DTSTART;TZID=Europe/Brussels:20260115T180000", "DURATION:PT2H", "RRULE:FREQ=MONTHLY;INTERVAL=3;COUNT=8"], "2026-01-01", "2028-01-01"),
    # Calendars as other clients write them (issue "Calendars as real clients send them").
    # An instance named by both the rule and an RDATE is one instance.
    ("rrule-and-rdate-same-instant", ["DTSTART;TZID=Europe/Brussels:20260106T190000", "DURATION:PT2H", "RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=3", "RDATE;TZID=Europe/Brussels:20260203T190000"], "2026-01-01", "2027-01-01"),
    ("same-rrule-twice", ["DTSTART;TZID=Europe/Brussels:20260106T190000", "DURATION:PT2H", "RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=3", "RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=3"], "2026-01-01", "2027-01-01"),
    ("rdate-only-includes-dtstart", ["DTSTART;TZID=Europe/Brussels:20260310T140000", "DURATION:PT1H", "RDATE;TZID=Europe/Brussels:20260317T140000,20260324T140000"], "2026-03-01", "2026-04-01"),
    ("rdate-utc-list", ["DTSTART:20260105T150000Z", "DURATION:PT45M", "RDATE:20260112T150000Z,20260119T160000Z"], "2026-01-01", "2026-02-01"),
    # RDATE as periods: each instance its own start and end (or duration).
    ("rdate-period-with-end", ["DTSTART;TZID=Europe/Brussels:20260203T180000", "DURATION:PT2H", "RDATE;VALUE=PERIOD:20260210T170000Z/20260210T200000Z"], "2026-02-01", "2026-03-01"),
    ("rdate-period-with-duration", ["DTSTART;TZID=Europe/Brussels:20260203T180000", "DURATION:PT2H", "RDATE;VALUE=PERIOD:20260217T170000Z/PT3H,20260224T170000Z/PT30M"], "2026-02-01", "2026-03-01"),
    # P1D is a calendar day: across the spring change it is 23 hours.
    ("duration-p1d-across-spring-dst", ["DTSTART;TZID=Europe/Brussels:20260328T100000", "DURATION:P1D"], "2026-03-01", "2026-04-01"),
    ("duration-p1d-weekly-across-autumn-dst", ["DTSTART;TZID=Europe/Brussels:20261017T100000", "DURATION:P1D", "RRULE:FREQ=WEEKLY;COUNT=3"], "2026-10-01", "2026-11-15"),
    ("duration-pt24h-stays-24-hours", ["DTSTART;TZID=Europe/Brussels:20260328T100000", "DURATION:PT24H"], "2026-03-01", "2026-04-01"),
]

# Overrides in the same resource: moved and cancelled occurrences.
OVERRIDE_CASES = [
    ("ga-one-moved-one-cancelled", [
        ["UID:ga@nubo.coop", "DTSTART;TZID=Europe/Brussels:20260106T190000", "DTEND;TZID=Europe/Brussels:20260106T210000", "RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=6", "SUMMARY:Assemblée"],
        ["UID:ga@nubo.coop", "RECURRENCE-ID;TZID=Europe/Brussels:20260303T190000", "DTSTART;TZID=Europe/Brussels:20260305T200000", "DTEND;TZID=Europe/Brussels:20260305T220000", "SUMMARY:Assemblée (déplacée)"],
        ["UID:ga@nubo.coop", "RECURRENCE-ID;TZID=Europe/Brussels:20260505T190000", "DTSTART;TZID=Europe/Brussels:20260505T190000", "DTEND;TZID=Europe/Brussels:20260505T210000", "STATUS:CANCELLED", "SUMMARY:Assemblée"],
    ], "2026-01-01", "2027-01-01"),
    # The same override twice (same RECURRENCE-ID and SEQUENCE): one instance.
    ("identical-overrides-once", [
        ["UID:help@nubo.coop", "DTSTART;TZID=Europe/Brussels:20260105T100000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;COUNT=3", "SUMMARY:Permanence"],
        ["UID:help@nubo.coop", "RECURRENCE-ID;TZID=Europe/Brussels:20260112T100000", "SEQUENCE:1", "DTSTART;TZID=Europe/Brussels:20260113T140000", "DURATION:PT1H", "SUMMARY:Permanence (mardi)"],
        ["UID:help@nubo.coop", "RECURRENCE-ID;TZID=Europe/Brussels:20260112T100000", "SEQUENCE:1", "DTSTART;TZID=Europe/Brussels:20260113T140000", "DURATION:PT1H", "SUMMARY:Permanence (mardi)"],
    ], "2026-01-01", "2026-02-01"),
    ("allday-override-moved-out-of-window", [
        ["UID:market@nubo.coop", "DTSTART;VALUE=DATE:20260107", "DTEND;VALUE=DATE:20260108", "RRULE:FREQ=WEEKLY;COUNT=4", "SUMMARY:Marché"],
        ["UID:market@nubo.coop", "RECURRENCE-ID;VALUE=DATE:20260114", "DTSTART;VALUE=DATE:20260315", "DTEND;VALUE=DATE:20260316", "SUMMARY:Marché"],
    ], "2026-01-01", "2026-02-01"),
]


# RECURRENCE-ID;RANGE=THISANDFUTURE (RFC 5545 §3.8.4.4, §3.2.13): the
# override's changes (its move, its length, its other properties) hold for
# its instance and every later one; a plain override of a later instance
# still wins, an EXDATE still removes. The reference reads RANGE (its
# move_recurrences_by and get_component_for_recurrence_id).
TAF = "RECURRENCE-ID;RANGE=THISANDFUTURE"
OVERRIDE_CASES += [
    # Weekly on Monday at 10:00, from the 26th of January at 11:00.
    ("thisandfuture-weekly-moved-one-hour", [
        ["UID:taf-hour@nubo.coop", "DTSTART;TZID=Europe/Brussels:20260105T100000", "DTEND;TZID=Europe/Brussels:20260105T110000", "RRULE:FREQ=WEEKLY;COUNT=8", "SUMMARY:Permanence"],
        ["UID:taf-hour@nubo.coop", TAF + ";TZID=Europe/Brussels:20260126T100000", "DTSTART;TZID=Europe/Brussels:20260126T110000", "DTEND;TZID=Europe/Brussels:20260126T120000", "SUMMARY:Permanence"],
    ], "2026-01-01", "2026-04-01"),
    # Renamed and moved elsewhere from the third workshop on, same times.
    ("thisandfuture-renamed", [
        ["UID:taf-name@nubo.coop", "DTSTART;TZID=Europe/Brussels:20260108T140000", "DURATION:PT2H", "RRULE:FREQ=WEEKLY;UNTIL=20260226T230000Z", "SUMMARY:Atelier", "LOCATION:Salle 1"],
        ["UID:taf-name@nubo.coop", TAF + ";TZID=Europe/Brussels:20260122T140000", "DTSTART;TZID=Europe/Brussels:20260122T140000", "DURATION:PT2H", "SUMMARY:Atelier numérique", "LOCATION:Salle 2"],
    ], "2026-01-01", "2026-04-01"),
    # Later half an hour later and longer; one later instance moved on its
    # own (it wins), one cancelled by EXDATE, one cancelled by an override.
    ("thisandfuture-then-plain-override", [
        ["UID:taf-mix@nubo.coop", "DTSTART;TZID=Europe/Brussels:20260105T100000", "DTEND;TZID=Europe/Brussels:20260105T110000", "RRULE:FREQ=WEEKLY;COUNT=9", "EXDATE;TZID=Europe/Brussels:20260209T100000", "SUMMARY:Réunion"],
        ["UID:taf-mix@nubo.coop", TAF + ";TZID=Europe/Brussels:20260119T100000", "DTSTART;TZID=Europe/Brussels:20260119T103000", "DTEND;TZID=Europe/Brussels:20260119T120000", "SUMMARY:Réunion (nouvel horaire)"],
        ["UID:taf-mix@nubo.coop", "RECURRENCE-ID;TZID=Europe/Brussels:20260202T100000", "DTSTART;TZID=Europe/Brussels:20260204T150000", "DTEND;TZID=Europe/Brussels:20260204T160000", "SUMMARY:Réunion (mercredi)"],
        ["UID:taf-mix@nubo.coop", "RECURRENCE-ID;TZID=Europe/Brussels:20260223T100000", "DTSTART;TZID=Europe/Brussels:20260223T100000", "DTEND;TZID=Europe/Brussels:20260223T110000", "STATUS:CANCELLED", "SUMMARY:Réunion"],
    ], "2026-01-01", "2026-04-01"),
    # Moved an hour in winter time: after the spring change (29 March) the
    # later ones are still at 11:00 on the wall clock (09:00 UTC).
    ("thisandfuture-moved-hour-before-spring-dst", [
        ["UID:taf-dst@nubo.coop", "DTSTART;TZID=Europe/Brussels:20260302T100000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;COUNT=7", "SUMMARY:Cours"],
        ["UID:taf-dst@nubo.coop", TAF + ";TZID=Europe/Brussels:20260316T100000", "DTSTART;TZID=Europe/Brussels:20260316T110000", "DURATION:PT1H", "SUMMARY:Cours"],
    ], "2026-03-01", "2026-05-01"),
    # Saturday 28 March (winter time) moved to Sunday 29 March (summer
    # time): 23 hours apart, one day on the wall clock; later Saturdays
    # become Sundays at 10:00, not 09:00.
    ("thisandfuture-saturday-to-sunday-across-dst", [
        ["UID:taf-sun@nubo.coop", "DTSTART;TZID=Europe/Brussels:20260314T100000", "DTEND;TZID=Europe/Brussels:20260314T120000", "RRULE:FREQ=WEEKLY;BYDAY=SA;COUNT=6", "SUMMARY:Marché"],
        ["UID:taf-sun@nubo.coop", TAF + ";TZID=Europe/Brussels:20260328T100000", "DTSTART;TZID=Europe/Brussels:20260329T100000", "DTEND;TZID=Europe/Brussels:20260329T120000", "SUMMARY:Marché du dimanche"],
    ], "2026-03-01", "2026-05-01"),
    # All-day: from the third one, a day later and two days long.
    ("thisandfuture-allday-series", [
        ["UID:taf-day@nubo.coop", "DTSTART;VALUE=DATE:20260107", "DTEND;VALUE=DATE:20260108", "RRULE:FREQ=WEEKLY;COUNT=6", "SUMMARY:Foire"],
        ["UID:taf-day@nubo.coop", TAF + ";VALUE=DATE:20260121", "DTSTART;VALUE=DATE:20260122", "DTEND;VALUE=DATE:20260124", "SUMMARY:Foire (jeudi-vendredi)"],
    ], "2026-01-01", "2026-03-01"),
    # Cancelled with RANGE=THISANDFUTURE: that instance and every later one.
    ("thisandfuture-cancelled", [
        ["UID:taf-stop@nubo.coop", "DTSTART;TZID=Europe/Brussels:20260105T090000", "DURATION:PT1H", "RRULE:FREQ=DAILY", "SUMMARY:Veille"],
        ["UID:taf-stop@nubo.coop", TAF + ";TZID=Europe/Brussels:20260110T090000", "DTSTART;TZID=Europe/Brussels:20260110T090000", "DURATION:PT1H", "STATUS:CANCELLED", "SUMMARY:Veille"],
    ], "2026-01-01", "2026-02-01"),
    # Two of them: each holds until the next one.
    ("thisandfuture-twice", [
        ["UID:taf-two@nubo.coop", "DTSTART;TZID=Europe/Brussels:20260105T180000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;COUNT=8", "SUMMARY:Chorale"],
        ["UID:taf-two@nubo.coop", TAF + ";TZID=Europe/Brussels:20260119T180000", "DTSTART;TZID=Europe/Brussels:20260119T190000", "DURATION:PT1H", "SUMMARY:Chorale"],
        ["UID:taf-two@nubo.coop", TAF + ";TZID=Europe/Brussels:20260209T180000", "DTSTART;TZID=Europe/Brussels:20260209T173000", "DURATION:PT2H", "SUMMARY:Chorale (répétition générale)"],
    ], "2026-01-01", "2026-04-01"),
]

# Time zones as Outlook, Exchange and other clients name them: Windows names
# (no VTIMEZONE needed by the reference: icalendar maps them), custom ids
# described only by their VTIMEZONE (the reference evaluates its rules).
CUSTOM_EU = ["BEGIN:VTIMEZONE", "TZID:Custom Time Zone 1", "BEGIN:STANDARD", "DTSTART:16010101T030000",
             "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "END:STANDARD",
             "BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
             "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "END:DAYLIGHT", "END:VTIMEZONE"]
CUSTOM_US = ["BEGIN:VTIMEZONE", "TZID:(UTC-05:00) Côte Est", "BEGIN:STANDARD", "DTSTART:16010101T020000",
             "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500", "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11", "END:STANDARD",
             "BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400",
             "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3", "END:DAYLIGHT", "END:VTIMEZONE"]
CUSTOM_NEPAL = ["BEGIN:VTIMEZONE", "TZID:Fuseau du partenaire", "BEGIN:STANDARD", "DTSTART:19860101T000000",
                "TZOFFSETFROM:+0545", "TZOFFSETTO:+0545", "END:STANDARD", "END:VTIMEZONE"]

# (name, event lines, VTIMEZONE lines, VTIMEZONE after the event?, window start, window end)
ZONE_CASES = [
    ("windows-romance-weekly-across-spring-dst", ["DTSTART;TZID=Romance Standard Time:20260302T160000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;COUNT=6"], [], False, "2026-03-01", "2026-05-01"),
    ("windows-eastern-weekly-across-both-dst-changes", ["DTSTART;TZID=Eastern Standard Time:20260302T100000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;COUNT=6"], [], False, "2026-03-01", "2026-05-01"),
    ("windows-w-europe-exdate-same-zone", ["DTSTART;TZID=W. Europe Standard Time:20261019T090000", "DURATION:PT30M", "RRULE:FREQ=DAILY;COUNT=10", "EXDATE;TZID=W. Europe Standard Time:20261025T090000"], [], False, "2026-10-01", "2026-11-01"),
    ("windows-gmt-standard-time-single", ["DTSTART;TZID=GMT Standard Time:20260715T140000", "DTEND;TZID=GMT Standard Time:20260715T153000"], [], False, "2026-07-01", "2026-08-01"),
    ("windows-pacific-monthly", ["DTSTART;TZID=Pacific Standard Time:20260110T090000", "DURATION:PT1H", "RRULE:FREQ=MONTHLY;COUNT=6"], [], False, "2026-01-01", "2026-08-01"),
    ("custom-vtimezone-europe-weekly-across-dst", ["DTSTART;TZID=Custom Time Zone 1:20260302T160000", "DTEND;TZID=Custom Time Zone 1:20260302T170000", "RRULE:FREQ=WEEKLY;COUNT=6"], CUSTOM_EU, False, "2026-03-01", "2026-05-01"),
    ("custom-vtimezone-after-the-event", ["DTSTART;TZID=Custom Time Zone 1:20261020T190000", "DURATION:PT2H", "RRULE:FREQ=WEEKLY;COUNT=3"], CUSTOM_EU, True, "2026-10-01", "2026-11-15"),
    ("custom-vtimezone-us-outlook-style", ["DTSTART;TZID=\"(UTC-05:00) Côte Est\":20261026T110000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;COUNT=3"], CUSTOM_US, False, "2026-10-15", "2026-11-20"),
    ("custom-vtimezone-fixed-offset-quarter-hours", ["DTSTART;TZID=Fuseau du partenaire:20260610T083000", "DURATION:PT1H", "RRULE:FREQ=DAILY;COUNT=3"], CUSTOM_NEPAL, False, "2026-06-01", "2026-07-01"),
    ("vendor-prefixed-olson-name", ["DTSTART;TZID=/softwarestudio.org/Olson_20011030_5/America/Chicago:20260305T090000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;COUNT=3"], [], False, "2026-03-01", "2026-04-01"),
]


# Lenient where other clients are lenient (issue 12, point 6): rules and
# resources that break RFC 5545 the way real exports do. The reference
# reads them as they are; where it refuses a coercion major clients make,
# see COERCED_CASES.
LENIENT_CASES = [
    # Conforming, and refused by the rrule crate once the floating DTSTART
    # is pinned to the member's zone: a floating UNTIL goes with it.
    ("floating-until-floating-dtstart", ["DTSTART:20260105T090000", "DURATION:PT1H", "RRULE:FREQ=DAILY;UNTIL=20260109T090000"], "2026-01-01", "2026-02-01"),
    ("lenient-empty-rrule", ["DTSTART;TZID=Europe/Brussels:20260105T090000", "DURATION:PT1H", "RRULE:"], "2026-01-01", "2026-02-01"),
    # A UTC UNTIL with an all-day DTSTART: its date (the reference and
    # Proton Calendar both take the date as written, not the local one).
    ("lenient-until-utc-allday-dtstart", ["DTSTART;VALUE=DATE:20260105", "DTEND;VALUE=DATE:20260106", "RRULE:FREQ=DAILY;UNTIL=20260108T230000Z"], "2026-01-01", "2026-02-01"),
    # COUNT with UNTIL (RFC 5545 says MUST NOT): whichever ends first.
    ("lenient-count-and-until-count-first", ["DTSTART;TZID=Europe/Brussels:20260105T090000", "DURATION:PT1H", "RRULE:FREQ=DAILY;COUNT=3;UNTIL=20260120T000000Z"], "2026-01-01", "2026-02-01"),
    ("lenient-count-and-until-until-first", ["DTSTART;TZID=Europe/Brussels:20260105T090000", "DURATION:PT1H", "RRULE:FREQ=DAILY;COUNT=10;UNTIL=20260107T235959Z"], "2026-01-01", "2026-02-01"),
    # COUNT=0: DTSTART still counts as the first instance (§3.3.10).
    ("lenient-count-zero", ["DTSTART;TZID=Europe/Brussels:20260105T090000", "DURATION:PT1H", "RRULE:FREQ=DAILY;COUNT=0"], "2026-01-01", "2026-02-01"),
    # A negative COUNT is no count: Atlassian Confluence writes COUNT=-1
    # once future instances are deleted, beside an UNTIL.
    ("lenient-count-negative-no-end", ["DTSTART;TZID=Europe/Brussels:20260105T090000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;COUNT=-1;BYDAY=MO"], "2026-01-01", "2026-03-01"),
    ("lenient-count-negative-confluence", ["DTSTART;VALUE=DATE:20260105", "DTEND;VALUE=DATE:20260106", "RRULE:FREQ=WEEKLY;UNTIL=20260202;COUNT=-1;INTERVAL=2;BYDAY=MO"], "2026-01-01", "2026-03-01"),
]

# (name, lines as sent, the same rule as RFC 5545 wants it written, why,
# window): the reference refuses or misreads these, so their expectation
# is its expansion of the conforming rule that major clients read them as.
COERCED_CASES = [
    # UNTIL is inclusive (§3.3.10): a DATE bounds through the end of that
    # day in DTSTART's zone, as Proton Calendar's getUntilProperty reads it
    # (23:59:59 in the event's zone). The reference takes midnight UTC and
    # drops the 9th.
    ("lenient-until-date-zoned-dtstart",
     ["DTSTART;TZID=Europe/Brussels:20260105T090000", "DURATION:PT1H", "RRULE:FREQ=DAILY;UNTIL=20260109"],
     ["DTSTART;TZID=Europe/Brussels:20260105T090000", "DURATION:PT1H", "RRULE:FREQ=DAILY;UNTIL=20260109T225959Z"],
     "2026-01-01", "2026-02-01"),
    # A floating UNTIL is the wall clock of DTSTART's zone, as libical
    # converts a floating time to a zone (no shift). The reference reads it
    # as UTC, which west of UTC drops the last instance.
    ("lenient-until-floating-zoned-dtstart",
     ["DTSTART;TZID=America/New_York:20260105T090000", "DURATION:PT1H", "RRULE:FREQ=DAILY;UNTIL=20260109T090000"],
     ["DTSTART;TZID=America/New_York:20260105T090000", "DURATION:PT1H", "RRULE:FREQ=DAILY;UNTIL=20260109T140000Z"],
     "2026-01-01", "2026-02-01"),
]

# Whole resources as sent: (name, events' lines, skip bad series?, window).
RESOURCE_CASES = [
    # Without a UID, each VEVENT is its own event: neither replaces the
    # other nor is taken as its override.
    ("lenient-two-events-without-uid", [
        ["DTSTART;TZID=Europe/Brussels:20260105T090000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;COUNT=3", "SUMMARY:Permanence"],
        ["DTSTART;TZID=Europe/Brussels:20260107T140000", "DURATION:PT1H", "SUMMARY:Atelier"],
    ], False, "2026-01-01", "2026-02-01"),
    # One unreadable VEVENT: the others are still shown (the reference
    # with skip_bad_series).
    ("lenient-one-bad-start-among-three", [
        ["UID:one@corpus.nubo.coop", "DTSTART;TZID=Europe/Brussels:20260105T090000", "DURATION:PT1H", "SUMMARY:Un"],
        ["UID:bad@corpus.nubo.coop", "DTSTART;TZID=Europe/Brussels:2026-01-06 10:00", "DURATION:PT1H", "SUMMARY:Illisible"],
        ["UID:three@corpus.nubo.coop", "DTSTART;TZID=Europe/Brussels:20260107T140000", "DURATION:PT1H", "SUMMARY:Trois"],
    ], True, "2026-01-01", "2026-02-01"),
]


def event(lines, uid):
    body = lines if any(l.startswith("UID:") for l in lines) else ["UID:%s@corpus.nubo.coop" % uid] + lines
    if not any(l.startswith("SUMMARY") for l in body):
        body.append("SUMMARY:%s" % uid)
    return ["BEGIN:VEVENT", "DTSTAMP:20260101T000000Z"] + body + ["END:VEVENT"]


def calendar(events, before=(), after=()):
    out = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Nubo//corpus//EN"] + list(before)
    for e in events:
        out += e
    out += list(after)
    out.append("END:VCALENDAR")
    return "\r\n".join(out) + "\r\n"


def as_json(value):
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=VIEWER)
        return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def raw_event(lines):
    return ["BEGIN:VEVENT", "DTSTAMP:20260101T000000Z"] + list(lines) + ["END:VEVENT"]


def expected(ics, start, end, skip_bad=False):
    cal = icalendar.Calendar.from_ical(ics)
    window = (dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    # Window edges are midnight in the viewer's zone.
    lo = dt.datetime.combine(window[0], dt.time(), VIEWER)
    hi = dt.datetime.combine(window[1], dt.time(), VIEWER)
    occurrences = recurring_ical_events.of(cal, skip_bad_series=skip_bad).between(lo, hi)
    rows = []
    for o in occurrences:
        # A cancelled instance is not one the member attends; the reference
        # returns it with its status, the agenda leaves it out.
        if str(o.get("STATUS", "")).upper() == "CANCELLED":
            continue
        s, e = o["DTSTART"].dt, (o["DTEND"].dt if "DTEND" in o else None)
        if e is None:
            e = s + (o["DURATION"].dt if "DURATION" in o else (dt.timedelta(days=1) if not isinstance(s, dt.datetime) else dt.timedelta(0)))
        rows.append({"start": as_json(s), "end": as_json(e), "summary": str(o.get("SUMMARY", ""))})
    rows.sort(key=lambda r: (r["start"], r["end"]))
    return {"window": [lo.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), hi.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")],
            "viewer": "Europe/Brussels", "occurrences": rows}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    cases = [(n, calendar([event(list(l), n)]), s, e) for n, l, s, e in CASES]
    cases += [(n, calendar([event(list(l), n) for l in evs]), s, e) for n, evs, s, e in OVERRIDE_CASES]
    cases += [(n, calendar([event(list(l), n)], *((), tz) if late else (tz, ())), s, e)
              for n, l, tz, late, s, e in ZONE_CASES]
    cases += [(n, calendar([event(list(l), n)]), s, e) for n, l, s, e in LENIENT_CASES]
    # (name, ics written, ics the expectation is computed from, skip bad?, window)
    cases = [(n, ics, ics, False, s, e) for n, ics, s, e in cases]
    cases += [(n, calendar([event(list(sent), n)]), calendar([event(list(rfc), n)]), False, s, e)
              for n, sent, rfc, s, e in COERCED_CASES]
    for n, evs, skip, s, e in RESOURCE_CASES:
        ics = calendar([raw_event(l) for l in evs])
        cases.append((n, ics, ics, skip, s, e))
    for name, ics, reference_ics, skip_bad, start, end in cases:
        with open(os.path.join(out, name + ".ics"), "w", newline="") as f:
            f.write(ics)
        with open(os.path.join(out, name + ".expected.json"), "w") as f:
            want = expected(reference_ics, start, end, skip_bad)
            if reference_ics != ics:
                # Said in the file: computed from the rule as clients read it.
                want["computed_from"] = [l for l in reference_ics.split("\r\n") if l.startswith("RRULE")]
            json.dump(want, f, indent=1, ensure_ascii=False)
            f.write("\n")
    print("%d cases" % len(cases))


if __name__ == "__main__":
    main()
