//! Mutations: byte-level (flips, interesting bytes, ranges deleted or
//! copied, numbers replaced, multi-byte characters), splices between corpus
//! entries, and structure-aware ones for the two shapes the parsers read:
//! content lines (iCalendar, vCard: lines deleted, duplicated, swapped,
//! folded, parameters added, lines borrowed from another file) and XML
//! (elements duplicated, tags dropped, deep nesting, hostile hrefs).

use crate::rng::Rng;

/// The shape of a target's input, for structure-aware mutations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    ContentLines,
    Xml,
}

/// Inputs never grow past this (bytes): the parsers' cost is per byte, and
/// big inputs only slow the run down.
pub const MAX_LEN: usize = 64 * 1024;

const INTERESTING_BYTES: &[u8] = b"\0\x7f\x80\xff\r\n \t:;=,\"\\<>&/.-+TZ0123456789";

const NUMBERS: &[&str] = &[
    "0",
    "00",
    "1",
    "-1",
    "+1",
    "7",
    "12",
    "13",
    "23",
    "24",
    "29",
    "30",
    "31",
    "32",
    "53",
    "59",
    "60",
    "61",
    "99",
    "366",
    "1000",
    "9999",
    "65535",
    "65536",
    "2147483647",
    "2147483648",
    "4294967296",
    "9223372036854775807",
    "18446744073709551616",
    "235959",
    "240000",
    "00000000",
    "00010101",
    "16010101",
    "19700101",
    "20380119",
    "99991231",
    "100000101",
    "262143",
];

const CHARS: &[&str] = &["é", "œ", "ß", "Ł", "𝄞", "\u{feff}", "\u{0}", "\u{2028}", "\u{200b}", "\u{fffd}", "\u{85}"];

/// Mutates `data` in place with 1 to 4 stacked mutations; `others` is the
/// corpus to splice from.
pub fn mutate(data: &mut Vec<u8>, shape: Shape, dictionary: &[&str], others: &[Vec<u8>], rng: &mut Rng) {
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        let structured = rng.below(5) < 3;
        if structured {
            match shape {
                Shape::ContentLines => lines_mutation(data, dictionary, others, rng),
                Shape::Xml => xml_mutation(data, dictionary, others, rng),
            }
        } else {
            byte_mutation(data, dictionary, others, rng);
        }
    }
    data.truncate(MAX_LEN);
}

fn byte_mutation(data: &mut Vec<u8>, dictionary: &[&str], others: &[Vec<u8>], rng: &mut Rng) {
    let len = data.len();
    match rng.below(10) {
        0 if len > 0 => {
            let i = rng.below(len);
            data[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            data[i] = INTERESTING_BYTES[rng.below(INTERESTING_BYTES.len())];
        }
        2 if len > 0 => {
            let at = rng.below(len);
            let n = 1 + rng.below(16.min(len - at));
            data.drain(at..at + n);
        }
        3 if len > 0 => {
            let from = rng.below(len);
            let n = 1 + rng.below(64.min(len - from));
            let chunk = data[from..from + n].to_vec();
            let at = rng.below(len + 1);
            splice_in(data, at, &chunk);
        }
        4 => {
            if let Some(token) = rng.pick(dictionary) {
                let at = rng.below(len + 1);
                splice_in(data, at, token.as_bytes());
            }
        }
        5 => splice(data, others, rng),
        6 if len > 0 => data.truncate(rng.below(len)),
        7 => {
            let c = CHARS[rng.below(CHARS.len())];
            let at = char_boundary(data, rng.below(len + 1));
            splice_in(data, at, c.as_bytes());
        }
        8 => replace_number(data, rng),
        _ => {
            let b = INTERESTING_BYTES[rng.below(INTERESTING_BYTES.len())];
            let at = rng.below(len + 1);
            data.insert(at, b);
        }
    }
}

/// Prefix of one input, suffix of another (at line starts half the time).
fn splice(data: &mut Vec<u8>, others: &[Vec<u8>], rng: &mut Rng) {
    let Some(other) = rng.pick(others) else { return };
    let mut cut = rng.below(data.len() + 1);
    let mut from = rng.below(other.len() + 1);
    if rng.one_in(2) {
        cut = line_start(data, cut);
        from = line_start(other, from);
    }
    data.truncate(cut);
    data.extend_from_slice(&other[from..]);
}

fn line_start(data: &[u8], at: usize) -> usize {
    data[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
}

fn splice_in(data: &mut Vec<u8>, at: usize, bytes: &[u8]) {
    let at = at.min(data.len());
    data.splice(at..at, bytes.iter().copied());
}

/// Moves `at` back to the start of a UTF-8 character.
fn char_boundary(data: &[u8], mut at: usize) -> usize {
    while at > 0 && at < data.len() && (data[at] & 0xC0) == 0x80 {
        at -= 1;
    }
    at
}

/// Replaces a run of digits with an edge-case number.
fn replace_number(data: &mut Vec<u8>, rng: &mut Rng) {
    let starts: Vec<usize> =
        (0..data.len()).filter(|&i| data[i].is_ascii_digit() && (i == 0 || !data[i - 1].is_ascii_digit())).collect();
    let Some(&start) = rng.pick(&starts) else { return };
    let end = (start..data.len()).find(|&i| !data[i].is_ascii_digit()).unwrap_or(data.len());
    let number = NUMBERS[rng.below(NUMBERS.len())];
    data.splice(start..end, number.bytes());
}

/// Lines with their terminators, so that joining them gives the input back.
fn split_lines(data: &[u8]) -> Vec<Vec<u8>> {
    let mut lines: Vec<Vec<u8>> = data.split_inclusive(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    if lines.is_empty() {
        lines.push(Vec::new());
    }
    lines
}

fn ending_of(lines: &[Vec<u8>]) -> &'static [u8] {
    if lines.iter().any(|l| l.ends_with(b"\r\n")) {
        b"\r\n"
    } else {
        b"\n"
    }
}

fn lines_mutation(data: &mut Vec<u8>, dictionary: &[&str], others: &[Vec<u8>], rng: &mut Rng) {
    let mut lines = split_lines(data);
    let n = lines.len();
    let eol = ending_of(&lines);
    match rng.below(11) {
        0 if n > 1 => {
            lines.remove(rng.below(n));
        }
        1 => {
            let line = lines[rng.below(n)].clone();
            lines.insert(rng.below(n + 1), line);
        }
        2 if n > 1 => {
            let (a, b) = (rng.below(n), rng.below(n));
            lines.swap(a, b);
        }
        3 => {
            // A line from the dictionary (a whole content line).
            if let Some(token) = rng.pick(dictionary) {
                let mut line = token.as_bytes().to_vec();
                line.extend_from_slice(eol);
                lines.insert(rng.below(n + 1), line);
            }
        }
        4 => {
            // Fold a line somewhere (maybe inside a UTF-8 character).
            let i = rng.below(n);
            let at = rng.below(lines[i].len() + 1);
            let fold: &[u8] = if rng.one_in(3) { b"\r\n\t" } else { b"\r\n " };
            splice_in(&mut lines[i], at, fold);
        }
        5 => {
            // Unfold everything, or convert the line ends.
            let text = lines.concat();
            let replaced = match rng.below(3) {
                0 => replace_all(&text, b"\r\n ", b""),
                1 => replace_all(&text, b"\r\n", b"\n"),
                _ => replace_all(&replace_all(&text, b"\r\n", b"\n"), b"\n", b"\r\n"),
            };
            *data = replaced;
            return;
        }
        6 => {
            // A parameter before the first ':' of a line.
            let i = rng.below(n);
            let params = [
                ";TZID=Europe/Brussels",
                ";TZID=Romance Standard Time",
                ";TZID=\"Europe/Brussels\"",
                ";TZID=/mozilla.org/20050126_1/Europe/Brussels",
                ";TZID=",
                ";TZID=Mars/Olympus",
                ";VALUE=DATE",
                ";VALUE=DATE-TIME",
                ";VALUE=PERIOD",
                ";VALUE=uri",
                ";RELATED=END",
                ";TYPE=WORK",
                ";TYPE=\"cell,voice\"",
                ";type=INTERNET;type=pref",
                ";PREF=1",
                ";ENCODING=b",
                ";ENCODING=QUOTED-PRINTABLE",
                ";CHARSET=UTF-8",
                ";CN=\"Doe; John: \"\"x\"",
                ";X-Y=\"unterminated",
                ";=",
                ";;",
            ];
            if let Some(colon) = lines[i].iter().position(|&b| b == b':') {
                let p = params[rng.below(params.len())];
                splice_in(&mut lines[i], colon, p.as_bytes());
            }
        }
        7 => {
            // A line borrowed from another corpus entry.
            if let Some(other) = rng.pick(others) {
                let theirs = split_lines(other);
                if let Some(line) = rng.pick(&theirs) {
                    let line = line.clone();
                    lines.insert(rng.below(n + 1), line);
                }
            }
        }
        8 => {
            // Replace the value of a line (after its first ':').
            let i = rng.below(n);
            if let (Some(colon), Some(token)) = (lines[i].iter().position(|&b| b == b':'), rng.pick(dictionary)) {
                let value = token.split_once(':').map_or(*token, |(_, v)| v);
                let mut line = lines[i][..=colon].to_vec();
                line.extend_from_slice(value.as_bytes());
                line.extend_from_slice(eol);
                lines[i] = line;
            }
        }
        9 => {
            // Repeat a block of lines (many events, many properties).
            let from = rng.below(n);
            let to = (from + 1 + rng.below(8)).min(n);
            let block: Vec<Vec<u8>> = lines[from..to].to_vec();
            let many = rng.one_in(8);
            let times = 1 + rng.below(if many { 200 } else { 4 });
            for _ in 0..times {
                lines.splice(to..to, block.iter().cloned());
            }
        }
        _ => {
            // A line cut short.
            let i = rng.below(n);
            let keep = rng.below(lines[i].len() + 1);
            lines[i].truncate(keep);
            lines[i].extend_from_slice(eol);
        }
    }
    *data = lines.concat();
}

fn replace_all(data: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(data[i]);
            i += 1;
        }
    }
    out
}

/// Start-tag positions (`<` followed by a name character).
fn start_tags(data: &[u8]) -> Vec<usize> {
    (0..data.len().saturating_sub(1))
        .filter(|&i| data[i] == b'<' && (data[i + 1].is_ascii_alphabetic() || data[i + 1] == b'_'))
        .collect()
}

/// The qualified name of the tag at `at` (`d:href` of `<d:href>`).
fn tag_name(data: &[u8], at: usize) -> Vec<u8> {
    data.get(at + 1..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| !matches!(b, b' ' | b'>' | b'/' | b'\t' | b'\r' | b'\n'))
        .copied()
        .collect()
}

/// `(start, end)` of the element whose start tag is at `at`, end tag included.
fn element_range(data: &[u8], at: usize) -> Option<(usize, usize)> {
    let name = tag_name(data, at);
    let mut close = b"</".to_vec();
    close.extend_from_slice(&name);
    close.push(b'>');
    let rel = data.get(at..)?.windows(close.len()).position(|w| w == close.as_slice())?;
    Some((at, at + rel + close.len()))
}

fn xml_mutation(data: &mut Vec<u8>, dictionary: &[&str], others: &[Vec<u8>], rng: &mut Rng) {
    let tags = start_tags(data);
    match rng.below(8) {
        0 => {
            // Duplicate an element (many responses, repeated properties).
            if let Some((s, e)) = rng.pick(&tags).and_then(|&at| element_range(data, at)) {
                let chunk = data[s..e].to_vec();
                let many = rng.one_in(8);
                let times = 1 + rng.below(if many { 100 } else { 3 });
                for _ in 0..times {
                    splice_in(data, e, &chunk);
                }
            }
        }
        1 => {
            // Drop an element, or just one of its tags.
            if let Some((s, e)) = rng.pick(&tags).and_then(|&at| element_range(data, at)) {
                if rng.one_in(2) {
                    data.drain(s..e);
                } else {
                    let end = data[s..].iter().position(|&b| b == b'>').map_or(e, |p| s + p + 1);
                    data.drain(s..end);
                }
            }
        }
        2 => {
            // A token of the dictionary between two tags or inside text.
            if let Some(token) = rng.pick(dictionary) {
                let at = match rng.pick(&tags) {
                    Some(&t) if rng.one_in(2) => t,
                    _ => char_boundary(data, rng.below(data.len() + 1)),
                };
                splice_in(data, at, token.as_bytes());
            }
        }
        3 => {
            // Deep nesting around a point.
            let deep = rng.one_in(4);
            let depth = 1 + rng.below(if deep { 200 } else { 70 });
            let at = rng.pick(&tags).copied().unwrap_or(0);
            let open = b"<d:prop xmlns:d=\"DAV:\">".repeat(depth);
            let close = b"</d:prop>".repeat(depth);
            let end = element_range(data, at).map_or(at, |(_, e)| e);
            splice_in(data, end, &close);
            splice_in(data, at, &open);
        }
        4 => {
            // Replace an element's text with a dictionary value.
            if let (Some(&at), Some(token)) = (rng.pick(&tags), rng.pick(dictionary)) {
                if let (Some(gt), Some((_, e))) = (data[at..].iter().position(|&b| b == b'>'), element_range(data, at))
                {
                    let content_start = at + gt + 1;
                    let name_len = tag_name(data, at).len();
                    let content_end = e - name_len - 3;
                    if content_start <= content_end {
                        data.splice(content_start..content_end, token.bytes());
                    }
                }
            }
        }
        5 => {
            // Namespaces: rebind or drop a declaration, change a URI.
            let swaps: [(&[u8], &[u8]); 6] = [
                (b"\"DAV:\"", b"\"dav:\""),
                (b"xmlns:d=", b"xmlns:e="),
                (b"xmlns=\"DAV:\"", b""),
                (b"urn:ietf:params:xml:ns:caldav", b"DAV:"),
                (b"DAV:", b"urn:ietf:params:xml:ns:carddav"),
                (b"d:", b""),
            ];
            let (from, to) = swaps[rng.below(swaps.len())];
            let hits: Vec<usize> =
                data.windows(from.len()).enumerate().filter(|(_, w)| *w == from).map(|(i, _)| i).collect();
            if let Some(&i) = rng.pick(&hits) {
                data.splice(i..i + from.len(), to.iter().copied());
            }
        }
        6 => {
            // An element from another corpus entry.
            if let Some(other) = rng.pick(others) {
                let theirs = start_tags(other);
                if let Some((s, e)) = rng.pick(&theirs).and_then(|&at| element_range(other, at)) {
                    let at = rng.pick(&tags).copied().unwrap_or(data.len());
                    let chunk = other[s..e].to_vec();
                    splice_in(data, at, &chunk);
                }
            }
        }
        _ => splice(data, others, rng),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VCARD: &[u8] = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:H\xc3\xa9l\xc3\xa8ne\r\nEND:VCARD\r\n";
    const XML: &[u8] = b"<d:multistatus xmlns:d=\"DAV:\"><d:response><d:href>/a</d:href></d:response></d:multistatus>";

    #[test]
    fn same_seed_same_mutants() {
        let run = |seed| {
            let mut rng = Rng::new(seed);
            (0..50)
                .map(|_| {
                    let mut d = VCARD.to_vec();
                    mutate(&mut d, Shape::ContentLines, &["RRULE:FREQ=DAILY"], &[XML.to_vec()], &mut rng);
                    d
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(run(3), run(3));
        assert_ne!(run(3), run(4));
    }

    #[test]
    fn mutants_change_the_input_and_stay_bounded() {
        let mut rng = Rng::new(11);
        let mut changed = 0;
        for i in 0..2_000 {
            let (seed, shape) = if i % 2 == 0 { (VCARD, Shape::ContentLines) } else { (XML, Shape::Xml) };
            let mut d = seed.to_vec();
            mutate(&mut d, shape, &["<d:href>../x</d:href>", "TZID"], &[VCARD.to_vec(), XML.to_vec()], &mut rng);
            assert!(d.len() <= MAX_LEN);
            changed += usize::from(d != seed);
        }
        assert!(changed > 1_800, "only {changed} of 2000 mutants differ from their parent");
    }

    #[test]
    fn element_range_finds_the_matching_end_tag() {
        let at = XML.windows(11).position(|w| w == b"<d:response").unwrap();
        let (s, e) = element_range(XML, at).unwrap();
        assert_eq!(&XML[s..e], b"<d:response><d:href>/a</d:href></d:response>");
    }

    #[test]
    fn replace_all_replaces_every_occurrence() {
        assert_eq!(replace_all(b"a\r\nb\r\n", b"\r\n", b"\n"), b"a\nb\n");
    }
}
