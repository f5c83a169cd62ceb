//! Work on a vCard grows linearly with its lines: a server sending
//! thousands of grouped `itemN.EMAIL` lines (each with its Apple label)
//! must not make showing or editing the contact quadratic. Measured as a
//! ratio between two sizes in the same run, not against a clock.

use std::time::{Duration, Instant};

use shared::contacts::vcard::{Labeled, VCardDoc};

fn grouped_card(n: usize) -> String {
    let mut text = String::from("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:many\r\nFN:Many Mails\r\n");
    for i in 0..n {
        text.push_str(&format!("item{i}.EMAIL;type=INTERNET:m{i}@nubo.coop\r\nitem{i}.X-ABLabel:_$!<Other>!$_\r\n"));
    }
    text.push_str("END:VCARD\r\n");
    text
}

/// The fastest of three runs: showing the contact, then editing one field.
fn cost(n: usize) -> Duration {
    let text = grouped_card(n);
    (0..3)
        .map(|_| {
            let started = Instant::now();
            let mut doc = VCardDoc::parse(&text).unwrap();
            let mut fields = doc.fields();
            assert_eq!(fields.emails.len(), n);
            fields.phones.push(Labeled { label: "cell".into(), value: "+32 470 00 00 00".into() });
            doc.apply(&fields);
            assert_eq!(doc.fields().emails.len(), n);
            started.elapsed()
        })
        .min()
        .unwrap()
}

#[test]
fn showing_and_editing_grow_linearly_with_grouped_lines() {
    let small = cost(1_500);
    let large = cost(6_000);
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
    println!("1,500 grouped lines: {small:?}; 6,000: {large:?}; ratio {ratio:.1} (linear 4, quadratic 16)");
    assert!(ratio < 9.0, "work grows faster than the input: ×{ratio:.1} for ×4 lines");
}
