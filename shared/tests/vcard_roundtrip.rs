//! vCards through the app: what the member did not edit comes back exactly
//! as the server sent it, line for line.

use shared::contacts::vcard::{ContactFields, Labeled, VCardDoc, VCardVersion};

const APPLE: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\nN:Dubois;Marie-Claire;;;\r\nFN:Marie-Claire Dubois\r\nORG:Coopérative Nubo;Conseil\r\nitem1.EMAIL;type=INTERNET;type=pref:mc@nubo.coop\r\nitem1.X-ABLabel:_$!<Other>!$_\r\nitem2.EMAIL;type=INTERNET:marie@posteo.be\r\nitem2.X-ABLabel:Perso\r\nTEL;type=CELL;type=VOICE;type=pref:+32 475 00 00 01\r\nADR;type=HOME;type=pref:;;Rue Haute 12;Bruxelles;;1000;Belgique\r\nCATEGORIES:Coopérateur,Bénévole\r\nX-NUBO-COOPERATOR-NUMBER;X-SHARES=3:BE-0421\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////\r\n ////////////////////////////////////////////////////////////////////////wA\r\n ALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/\r\n 2gAIAQEAAD8AKp//2Q==\r\nNOTE:Présidente de l'AG 2025\\, à rappeler\r\nBDAY:1984-05-21\r\nUID:9F4C1A2B-77E1-4C1D-9C51-0A7B5E2D1C33\r\nX-ABUID:9F4C1A2B-77E1-4C1D-9C51-0A7B5E2D1C33:ABPerson\r\nEND:VCARD\r\n";

const V4: &str = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\nFN:Jan Van den Broeck\r\nN:Van den Broeck;Jan;;;\r\nEMAIL;TYPE=work;PREF=1:jan@nubo.coop\r\nTEL;VALUE=uri;TYPE=\"voice,cell\":tel:+32-470-11-22-33\r\nPHOTO:data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ\r\nX-FOO;X-BAR=\"a,b;c\":v\\;w\r\nADR;ALTID=1;PID=1.1;LANGUAGE=nl:;;Veldstraat 1;Gent;;9000;België\r\nEND:VCARD\r\n";

fn lines(text: &str) -> Vec<&str> {
    text.split("\r\n").collect()
}

#[test]
fn an_edited_phone_changes_only_the_phone_line() {
    let mut doc = VCardDoc::parse(APPLE).unwrap();
    let mut fields = doc.fields();
    assert_eq!(fields.phones, vec![Labeled { label: "cell".into(), value: "+32 475 00 00 01".into() }]);
    fields.phones[0].value = "+32 475 99 99 99".into();
    doc.apply(&fields);
    let out = doc.to_vcard_string();
    let before: Vec<&str> = lines(APPLE).into_iter().filter(|l| !l.starts_with("TEL")).collect();
    let after: Vec<&str> = lines(&out).into_iter().filter(|l| !l.starts_with("TEL")).collect();
    assert_eq!(after, before, "every other line byte for byte, in order");
    assert!(out.contains("\r\nTEL;type=CELL;type=VOICE;type=pref:+32 475 99 99 99\r\n"), "parameters kept: {out}");
}

#[test]
fn unchanged_fields_leave_the_card_identical() {
    let mut doc = VCardDoc::parse(APPLE).unwrap();
    let fields = doc.fields();
    doc.apply(&fields);
    assert_eq!(doc.to_vcard_string(), APPLE);
    let mut doc = VCardDoc::parse(V4).unwrap();
    let fields = doc.fields();
    doc.apply(&fields);
    assert_eq!(doc.to_vcard_string(), V4);
}

#[test]
fn reads_what_a_member_sees_including_apple_labels_and_addresses() {
    let f = VCardDoc::parse(APPLE).unwrap().fields();
    assert_eq!(f.full_name, "Marie-Claire Dubois");
    assert_eq!((f.given_name.as_str(), f.family_name.as_str()), ("Marie-Claire", "Dubois"));
    assert_eq!(
        f.emails,
        vec![
            Labeled { label: "other".into(), value: "mc@nubo.coop".into() },
            Labeled { label: "perso".into(), value: "marie@posteo.be".into() }
        ]
    );
    assert_eq!(f.org, "Coopérative Nubo");
    assert_eq!(f.note, "Présidente de l'AG 2025, à rappeler");
    assert_eq!(f.addresses[0].value, "Rue Haute 12, 1000 Bruxelles, Belgique");
    assert_eq!(f.birthday, "1984-05-21");
    let v3 = VCardDoc::parse("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nBDAY:1978-02-05\r\nEND:VCARD\r\n").unwrap();
    assert_eq!(v3.fields().birthday, "1978-02-05");
    assert!(f.has_photo);
}

#[test]
fn removing_a_grouped_email_removes_its_label_too_and_nothing_else() {
    let mut doc = VCardDoc::parse(APPLE).unwrap();
    let mut fields = doc.fields();
    fields.emails.remove(1);
    fields.emails.push(Labeled { label: "work".into(), value: "mc@cooperative.be".into() });
    doc.apply(&fields);
    let out = doc.to_vcard_string();
    assert!(!out.contains("marie@posteo.be"));
    assert!(!out.contains("item2."), "the orphaned label goes with its e-mail: {out}");
    assert!(out.contains("item1.EMAIL;type=INTERNET;type=pref:mc@nubo.coop\r\nitem1.X-ABLabel:_$!<Other>!$_\r\nEMAIL;TYPE=WORK:mc@cooperative.be\r\n"), "{out}");
    assert!(out.contains("X-NUBO-COOPERATOR-NUMBER;X-SHARES=3:BE-0421\r\n"));
}

#[test]
fn vcard4_data_uri_photos_and_quoted_params_survive_an_edit() {
    let mut doc = VCardDoc::parse(V4).unwrap();
    assert_eq!(doc.version(), VCardVersion::V4);
    let mut fields = doc.fields();
    assert_eq!(fields.phones[0].value, "+32-470-11-22-33");
    fields.emails[0].value = "jan@vdbroeck.be".into();
    fields.note = "Trésorier; à contacter le lundi\nTweede lijn".into();
    doc.apply(&fields);
    let out = doc.to_vcard_string();
    assert!(out.contains("\r\nPHOTO:data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ\r\n"), "{out}");
    assert!(out.contains("\r\nX-FOO;X-BAR=\"a,b;c\":v\\;w\r\n"));
    assert!(out.contains("\r\nTEL;VALUE=uri;TYPE=\"voice,cell\":tel:+32-470-11-22-33\r\n"));
    assert!(out.contains("\r\nADR;ALTID=1;PID=1.1;LANGUAGE=nl:;;Veldstraat 1;Gent;;9000;België\r\n"));
    assert!(out.contains("\r\nEMAIL;TYPE=work;PREF=1:jan@vdbroeck.be\r\n"), "{out}");
    assert!(out.contains("NOTE:Trésorier\\; à contacter le lundi\\nTweede lijn"), "{out}");
    let again = VCardDoc::parse(&out).unwrap().fields();
    assert_eq!(again.note, "Trésorier; à contacter le lundi\nTweede lijn");
}

#[test]
fn new_contacts_are_valid_vcard3_folded_at_75_octets() {
    let fields = ContactFields {
        full_name: "Geneviève Lemaître-Dubœuf".into(),
        given_name: "Geneviève".into(),
        family_name: "Lemaître-Dubœuf".into(),
        emails: vec![Labeled { label: "work".into(), value: "genevieve@nubo.coop".into() }],
        phones: vec![Labeled { label: "cell".into(), value: "+32 478 12 34 56".into() }],
        org: "Nubo SCRL".into(),
        note: "é".repeat(60),
        ..Default::default()
    };
    let mut doc = VCardDoc::new_contact("7d5f0b3e-1111-4a2b-9c3d-0123456789ab", &fields);
    doc.set_rev(1_764_000_000_000);
    let out = doc.to_vcard_string();
    assert!(out.starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\n"));
    assert!(out.contains("\r\nREV:20251124T160000Z\r\n"), "{out}");
    for line in out.split("\r\n") {
        assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
    }
    let back = VCardDoc::parse(&out).unwrap();
    assert_eq!(back.uid().as_deref(), Some("7d5f0b3e-1111-4a2b-9c3d-0123456789ab"));
    let f = back.fields();
    assert_eq!(f.full_name, fields.full_name);
    assert_eq!(f.note, fields.note);
    assert_eq!(f.emails, fields.emails);
    assert_eq!(f.phones, fields.phones);
    let index = back.index();
    assert_eq!(index.sort_key, "genevieve lemaitre-dubœuf");
}

#[test]
fn a_fresh_uid_replaces_the_old_one_and_only_it() {
    let mut doc = VCardDoc::parse(APPLE).unwrap();
    doc.set_uid("new-uid");
    let out = doc.to_vcard_string();
    assert!(out.contains("\r\nUID:new-uid\r\n"));
    assert!(out.contains("X-ABUID:9F4C1A2B-77E1-4C1D-9C51-0A7B5E2D1C33:ABPerson"));
    assert_eq!(lines(&out).len(), lines(APPLE).len());
}

#[test]
fn display_names_fall_back_and_are_never_empty() {
    let card =
        |body: &str| VCardDoc::parse(&format!("BEGIN:VCARD\r\nVERSION:3.0\r\n{body}END:VCARD\r\n")).unwrap().index();
    assert_eq!(card("N:Peeters;Ilse;;;\r\n").display_name, "Ilse Peeters");
    assert_eq!(card("ORG:VZW Buurtwerk\r\n").display_name, "VZW Buurtwerk");
    assert_eq!(card("EMAIL:x@nubo.coop\r\n").display_name, "x@nubo.coop");
    assert_eq!(card("").display_name, "?");
}

#[test]
fn broken_input_is_an_error_never_a_panic() {
    assert!(VCardDoc::parse("").is_err());
    assert!(VCardDoc::parse("hello").is_err());
    assert!(VCardDoc::parse("BEGIN:VCARD\r\nFN:Half").is_err(), "truncated");
    let junk: String = (0..5000u32).map(|i| char::from_u32((i * 7919) % 0x2FFF + 1).unwrap_or('x')).collect();
    let _ = VCardDoc::parse(&junk);
    let long = format!("BEGIN:VCARD\nVERSION:3.0\nFN:{}\nEND:VCARD\n", "a".repeat(100_000));
    assert_eq!(
        VCardDoc::parse(&long).unwrap().fields().full_name.len(),
        100_000,
        "LF line ends and huge lines are fine"
    );
}

/// A vCard 4 with one PHOTO line.
fn with_photo(line: &str) -> VCardDoc {
    VCardDoc::parse(&format!("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Photo\r\n{line}\r\nEND:VCARD\r\n")).unwrap()
}

#[test]
fn an_inline_picture_is_shown_as_the_image_its_bytes_are() {
    // vCard 3's ENCODING=b, folded over lines, as Apple writes it.
    let apple = VCardDoc::parse(APPLE).unwrap().photo().expect("the JPEG is shown");
    assert!(apple.starts_with("data:image/jpeg;base64,/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//"), "{apple}");
    assert!(apple.ends_with("2gAIAQEAAD8AKp//2Q=="), "the whole picture, unfolded: {apple}");
    // vCard 4's data: URI.
    const PNG: &str =
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==";
    assert_eq!(
        with_photo(&format!("PHOTO:data:image/png;base64,{PNG}")).photo(),
        Some(format!("data:image/png;base64,{PNG}"))
    );
    // The type comes from the bytes: a PNG the card calls a JPEG is a PNG.
    assert_eq!(
        with_photo(&format!("PHOTO:data:image/jpeg;base64,{PNG}")).photo(),
        Some(format!("data:image/png;base64,{PNG}"))
    );
}

#[test]
fn a_picture_that_is_not_a_plain_image_or_lives_elsewhere_is_not_shown() {
    use base64::Engine as _;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let svg = b64(b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>");
    for line in [
        // Script in an SVG, whatever the card calls it.
        format!("PHOTO:data:image/svg+xml;base64,{svg}"),
        format!("PHOTO:data:image/jpeg;base64,{svg}"),
        // At an address: fetching it would tell that server the member looked.
        "PHOTO;VALUE=uri:https://tracker.example/p.jpg".to_string(),
        // Too large to carry in every view.
        format!("PHOTO:data:image/jpeg;base64,{}", b64(&[&[0xFF, 0xD8, 0xFF][..], &vec![0u8; 256 * 1024]].concat())),
    ] {
        let doc = with_photo(&line);
        assert_eq!(doc.photo(), None, "{line:.80}");
        assert!(doc.fields().has_photo, "still said to have one: {line:.80}");
    }
}
