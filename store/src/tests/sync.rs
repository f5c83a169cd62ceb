//! Pulls, pushes, the outbox and conflicts: nothing overwritten, nothing lost.

use super::*;

#[test]
fn an_offline_create_is_queued_then_clean_once_pushed() {
    let (_d, mut s) = seeded();
    let StoreResponse::Saved { id } = s.handle(StoreRequest::SaveItem {
        id: None,
        collection: BOOK.into(),
        data: "BEGIN:VCARD\r\nUID:ilse\r\nFN:Ilse Peeters\r\nEND:VCARD\r\n".into(),
        index: index("ilse", "Ilse Peeters", &[], &[], ""),
    }) else {
        panic!()
    };
    let queued = outbox(&mut s);
    assert_eq!(queued.len(), 1);
    assert_eq!((queued[0].kind, queued[0].href.clone(), queued[0].revision), (ChangeKind::Create, None, 1));
    s.handle(StoreRequest::PushDone(PushOutcome::Stored {
        item_id: id,
        revision: 1,
        href: format!("{BOOK}ilse.vcf"),
        etag: Some("\"i1\"".into()),
    }));
    assert!(outbox(&mut s).is_empty());
    let StoreResponse::Item(Some(c)) = s.handle(StoreRequest::GetItem { id }) else { panic!() };
    assert_eq!((c.etag.as_deref(), c.pending), (Some("\"i1\""), false));
}

#[test]
fn an_edit_made_while_its_push_was_in_flight_stays_queued() {
    let (_d, mut s) = seeded();
    let id = id_of(&mut s, "Jan Van den Broeck");
    let edit = |s: &mut Store, phone: &str| {
        s.handle(StoreRequest::SaveItem {
            id: Some(id),
            collection: BOOK.into(),
            data: format!("FN:Jan\r\nTEL:{phone}"),
            index: index("jan", "Jan Van den Broeck", &[], &[phone], ""),
        })
    };
    edit(&mut s, "1");
    let item = outbox(&mut s).remove(0);
    assert_eq!((item.kind, item.etag.as_deref()), (ChangeKind::Update, Some("\"j1\"")));
    edit(&mut s, "2");
    s.handle(StoreRequest::PushDone(PushOutcome::Stored {
        item_id: id,
        revision: item.revision,
        href: item.href.clone().unwrap(),
        etag: Some("\"j2\"".into()),
    }));
    let again = outbox(&mut s);
    assert_eq!(again.len(), 1, "the second edit still has to go");
    assert_eq!(again[0].etag.as_deref(), Some("\"j2\""), "and it will be sent against the new etag");
    assert!(again[0].data.contains("TEL:2"));
}

#[test]
fn a_412_keeps_both_versions() {
    let (_d, mut s) = seeded();
    let id = id_of(&mut s, "Hélène Dubœuf");
    s.handle(StoreRequest::SaveItem {
        id: Some(id),
        collection: BOOK.into(),
        data: "MINE".into(),
        index: index("helene", "Hélène Dubœuf", &[], &["+32 470 99"], ""),
    });
    let server = remote("Hélène Dubœuf", "helene", "\"h2\"", "+32 470 11");
    assert_eq!(
        s.handle(StoreRequest::PushDone(PushOutcome::Conflict { item_id: id, server: Some(server.clone()), now: 5 })),
        StoreResponse::Done
    );
    let StoreResponse::Item(Some(c)) = s.handle(StoreRequest::GetItem { id }) else { panic!() };
    assert_eq!(c.data, server.data);
    let StoreResponse::Conflicts(conflicts) = s.handle(StoreRequest::ListConflicts) else { panic!() };
    assert_eq!(conflicts.len(), 1);
    assert_eq!((conflicts[0].local_data.as_str(), conflicts[0].found_at), ("MINE", 5));
    assert_eq!(conflicts[0].local_index, index("helene", "Hélène Dubœuf", &[], &["+32 470 99"], ""));
    assert!(outbox(&mut s).is_empty(), "nothing is pushed until the member chooses");

    s.handle(StoreRequest::ResolveConflict { conflict_id: conflicts[0].id, choice: ConflictChoice::KeepMine, now: 6 });
    let queued = outbox(&mut s);
    assert_eq!((queued[0].data.as_str(), queued[0].etag.as_deref()), ("MINE", Some("\"h2\"")));
}

#[test]
fn keep_both_creates_the_members_version_as_a_new_contact() {
    let (_d, mut s) = seeded();
    let id = id_of(&mut s, "Jan Van den Broeck");
    s.handle(StoreRequest::SaveItem {
        id: Some(id),
        collection: BOOK.into(),
        data: "MINE".into(),
        index: index("jan", "Jan Van den Broeck", &[], &[], ""),
    });
    pull(
        &mut s,
        PullBatch {
            upserts: vec![remote("Jan Van den Broeck", "jan", "\"j2\"", "+32 2 1")],
            now: 9,
            ..Default::default()
        },
    );
    let StoreResponse::Conflicts(conflicts) = s.handle(StoreRequest::ListConflicts) else { panic!() };
    s.handle(StoreRequest::ResolveConflict {
        conflict_id: conflicts[0].id,
        choice: ConflictChoice::KeepBoth {
            uid: "jan-2".into(),
            data: "MINE WITH NEW UID".into(),
            index: Box::new(index("jan-2", "Jan Van den Broeck", &[], &[], "")),
        },
        now: 10,
    });
    assert_eq!(
        names(s.handle(StoreRequest::ListContacts { shown: usize::MAX }))
            .iter()
            .filter(|n| *n == "Jan Van den Broeck")
            .count(),
        2
    );
    let queued = outbox(&mut s);
    assert_eq!((queued.len(), queued[0].kind, queued[0].uid.as_str()), (1, ChangeKind::Create, "jan-2"));
}

#[test]
fn a_pull_over_an_unsynced_edit_makes_a_conflict_not_an_overwrite() {
    let (_d, mut s) = seeded();
    let id = id_of(&mut s, "Hélène Dubœuf");
    s.handle(StoreRequest::SaveItem {
        id: Some(id),
        collection: BOOK.into(),
        data: "MINE".into(),
        index: index("helene", "Hélène Dubœuf", &[], &[], ""),
    });
    let summary = pull(
        &mut s,
        PullBatch {
            upserts: vec![remote("Hélène Dubœuf", "helene", "\"h2\"", "+32 470 11")],
            now: 1,
            ..Default::default()
        },
    );
    assert_eq!((summary.conflicts, summary.updated), (1, 0));
    let StoreResponse::Conflicts(c) = s.handle(StoreRequest::ListConflicts) else { panic!() };
    assert_eq!(c[0].local_data, "MINE");
}

#[test]
fn an_edit_begun_before_a_pull_brought_another_version_is_kept_beside_it() {
    let (_d, mut s) = seeded();
    let id = id_of(&mut s, "Hélène Dubœuf");
    let StoreResponse::Item(Some(opened)) = s.handle(StoreRequest::GetItem { id }) else { panic!() };
    let edit = |s: &mut Store, data: &str, started_from: &str| {
        s.handle(StoreRequest::EditItem {
            id,
            collection: BOOK.into(),
            data: data.into(),
            index: index("helene", "Hélène Dubœuf", &[], &["+32 470 99"], ""),
            started_from: started_from.into(),
            now: 7,
        })
    };
    // Another device's version arrives while the member edits what they opened.
    pull(
        &mut s,
        PullBatch { upserts: vec![remote("Hélène Dubœuf", "helene", "\"h2\"", "+32 470 11")], ..Default::default() },
    );
    assert_eq!(edit(&mut s, "MINE", &opened.data), StoreResponse::KeptAsConflict { id });
    let StoreResponse::Item(Some(now)) = s.handle(StoreRequest::GetItem { id }) else { panic!() };
    assert!(now.data.contains("TEL:+32 470 11") && !now.pending, "the newer version stays, untouched: {now:?}");
    let kept = conflicts(&mut s);
    assert_eq!((kept.len(), kept[0].local_data.as_str(), kept[0].found_at), (1, "MINE", 7));
    assert!(outbox(&mut s).is_empty(), "nothing goes out before the member chooses");

    // Begun on what the store holds, or on the same content spelt otherwise
    // (a server folding lines): a plain edit.
    assert_eq!(edit(&mut s, "MINE AGAIN", &now.data), StoreResponse::Saved { id });
    let StoreResponse::Item(Some(mine)) = s.handle(StoreRequest::GetItem { id }) else { panic!() };
    assert_eq!(mine.data, "MINE AGAIN");
    let (_d2, mut other) = seeded();
    pull(
        &mut other,
        PullBatch { upserts: vec![remote("Hélène Dubœuf", "helene", "\"h2\"", "+32 470 11")], ..Default::default() },
    );
    let refolded = "BEGIN:VCARD\r\nUID:helene\r\nFN:Hélène \r\n Dubœuf\r\nTEL:+32 470 11\r\nEND:VCARD\r\n".to_string();
    let id2 = id_of(&mut other, "Hélène Dubœuf");
    let answer = other.handle(StoreRequest::EditItem {
        id: id2,
        collection: BOOK.into(),
        data: "MINE".into(),
        index: index("helene", "Hélène Dubœuf", &[], &[], ""),
        started_from: refolded,
        now: 7,
    });
    assert_eq!(answer, StoreResponse::Saved { id: id2 });
    assert!(conflicts(&mut other).is_empty());
}

#[test]
fn a_delete_of_what_the_member_saw_leaves_a_version_that_arrived_since() {
    let (_d, mut s) = seeded();
    let id = id_of(&mut s, "Hélène Dubœuf");
    let StoreResponse::Item(Some(seen)) = s.handle(StoreRequest::GetItem { id }) else { panic!() };
    pull(
        &mut s,
        PullBatch { upserts: vec![remote("Hélène Dubœuf", "helene", "\"h2\"", "+32 470 11")], ..Default::default() },
    );
    let delete = |s: &mut Store, started_from: &str| {
        s.handle(StoreRequest::DeleteSeen { id, started_from: started_from.into() })
    };
    assert_eq!(delete(&mut s, &seen.data), StoreResponse::ChangedMeanwhile { id });
    assert!(outbox(&mut s).is_empty(), "nothing deleted, nothing to send");
    let StoreResponse::Item(Some(now)) = s.handle(StoreRequest::GetItem { id }) else { panic!() };
    assert_eq!(delete(&mut s, &now.data), StoreResponse::Done);
    assert_eq!(outbox(&mut s)[0].kind, ChangeKind::Delete);
}

#[test]
fn a_server_delete_of_an_edited_contact_keeps_it_as_a_create() {
    let (_d, mut s) = seeded();
    let id = id_of(&mut s, "Jan Van den Broeck");
    s.handle(StoreRequest::SaveItem {
        id: Some(id),
        collection: BOOK.into(),
        data: "MINE".into(),
        index: index("jan", "Jan Van den Broeck", &[], &[], ""),
    });
    let summary = pull(
        &mut s,
        PullBatch { deletes: vec![format!("{BOOK}jan.vcf"), format!("{BOOK}francoise.vcf")], ..Default::default() },
    );
    assert_eq!(summary.deleted, 1, "only the clean one goes");
    assert_eq!(
        names(s.handle(StoreRequest::ListContacts { shown: usize::MAX })),
        vec!["Hélène Dubœuf", "Jan Van den Broeck"]
    );
    let queued = outbox(&mut s);
    assert_eq!((queued[0].kind, queued[0].href.clone(), queued[0].data.as_str()), (ChangeKind::Create, None, "MINE"));
}

#[test]
fn keep_only_prunes_clean_contacts_the_server_no_longer_has() {
    let (_d, mut s) = seeded();
    let id = id_of(&mut s, "Jan Van den Broeck");
    s.handle(StoreRequest::DeleteItem { id });
    let summary = pull(&mut s, PullBatch { keep_only: Some(vec![format!("{BOOK}helene.vcf")]), ..Default::default() });
    assert_eq!(summary.deleted, 2);
    assert_eq!(names(s.handle(StoreRequest::ListContacts { shown: usize::MAX })), vec!["Hélène Dubœuf"]);
}

#[test]
fn the_token_is_saved_only_by_the_batch_that_carries_it() {
    let (_d, mut s) = seeded();
    let token = |s: &mut Store| collections_of(s, ContactKind::KIND)[0].sync_token.clone();
    assert_eq!(token(&mut s), None);
    pull(&mut s, PullBatch { sync_token: Some("t1".into()), ..Default::default() });
    assert_eq!(token(&mut s).as_deref(), Some("t1"));
    s.handle(save_books(vec![Collection { display_name: "Renamed".into(), ..book() }]));
    assert_eq!(token(&mut s).as_deref(), Some("t1"), "refreshing the list keeps the token");
}

#[test]
fn local_states_follow_the_members_changes() {
    let (_d, mut s) = seeded();
    let id = save(&mut s, None, "V1", index("ilse", "Ilse Peeters", &["ilse@nubo.coop"], &[], ""));
    assert_eq!(save(&mut s, Some(id), "V2", index("ilse", "Ilse Peeters", &[], &[], "")), id);
    let queued = outbox(&mut s);
    assert_eq!(
        (queued[0].kind, queued[0].revision, queued[0].data.as_str()),
        (ChangeKind::Create, 2, "V2"),
        "an edited create is still a create"
    );
    assert!(search(&mut s, "ilse@nubo").is_empty(), "the index follows the edit");
    s.handle(StoreRequest::DeleteItem { id });
    assert!(outbox(&mut s).is_empty(), "never pushed: nothing to tell the server");
    assert_eq!(s.handle(StoreRequest::GetItem { id }), StoreResponse::Item(None));

    let jan = id_of(&mut s, "Jan Van den Broeck");
    s.handle(StoreRequest::DeleteItem { id: jan });
    assert_eq!(
        names(s.handle(StoreRequest::ListContacts { shown: usize::MAX })),
        vec!["Françoise Lambert", "Hélène Dubœuf"]
    );
    assert!(search(&mut s, "jan").is_empty());
    assert_eq!(s.handle(StoreRequest::GetItem { id: jan }), StoreResponse::Item(None));
    let queued = outbox(&mut s);
    assert_eq!((queued[0].kind, queued[0].etag.as_deref()), (ChangeKind::Delete, Some("\"j1\"")));
    assert!(matches!(
        s.handle(StoreRequest::SaveItem {
            id: Some(jan),
            collection: BOOK.into(),
            data: "X".into(),
            index: ItemIndex::Contact(ContactIndex::default())
        }),
        StoreResponse::Error(_)
    ));
    s.handle(StoreRequest::PushDone(PushOutcome::Deleted { item_id: jan }));
    assert!(outbox(&mut s).is_empty());
    assert_eq!(
        s.handle(StoreRequest::PushDone(PushOutcome::Deleted { item_id: jan })),
        StoreResponse::Done,
        "a repeated answer is harmless"
    );

    let StoreResponse::Contacts(ContactList { shown: list, .. }) =
        s.handle(StoreRequest::ListContacts { shown: usize::MAX })
    else {
        panic!()
    };
    let helene = list.iter().find(|c| c.display_name == "Hélène Dubœuf").unwrap();
    assert_eq!(
        (helene.email.as_deref(), helene.phone.as_deref(), helene.pending, helene.has_conflict),
        (Some("helene@nubo.coop"), Some("+32 470 12 34 56"), false, false)
    );
}

#[test]
fn the_outbox_is_oldest_first_and_an_edit_keeps_its_place() {
    let (_d, mut s) = seeded();
    let jan = id_of(&mut s, "Jan Van den Broeck");
    let helene = id_of(&mut s, "Hélène Dubœuf");
    save(&mut s, Some(jan), "J1", index("jan", "Jan Van den Broeck", &[], &[], ""));
    let new = save(&mut s, None, "N", index("new", "Nieuw", &[], &[], ""));
    s.handle(StoreRequest::DeleteItem { id: helene });
    save(&mut s, Some(jan), "J2", index("jan", "Jan Van den Broeck", &[], &[], ""));
    let order: Vec<i64> = outbox(&mut s).iter().map(|i| i.item_id).collect();
    assert_eq!(order, vec![jan, new, helene]);
    let other = "https://dav.test/alice/other/";
    assert!(
        matches!(s.handle(StoreRequest::Outbox { collection: other.into() }), StoreResponse::Outbox(o) if o.is_empty()),
        "per book"
    );
}

#[test]
fn a_delete_made_while_its_push_was_in_flight_still_goes() {
    let (_d, mut s) = seeded();
    let jan = id_of(&mut s, "Jan Van den Broeck");
    save(&mut s, Some(jan), "J1", index("jan", "Jan Van den Broeck", &[], &[], ""));
    let item = outbox(&mut s).remove(0);
    s.handle(StoreRequest::DeleteItem { id: jan });
    s.handle(StoreRequest::PushDone(PushOutcome::Stored {
        item_id: jan,
        revision: item.revision,
        href: item.href.unwrap(),
        etag: Some("\"j2\"".into()),
    }));
    let queued = outbox(&mut s);
    assert_eq!((queued.len(), queued[0].kind, queued[0].etag.as_deref()), (1, ChangeKind::Delete, Some("\"j2\"")));
    assert!(search(&mut s, "jan").is_empty(), "it does not come back");
}

#[test]
fn a_delete_meeting_a_server_edit_gives_way_and_a_delete_meeting_a_server_delete_is_done() {
    let (_d, mut s) = seeded();
    let jan = id_of(&mut s, "Jan Van den Broeck");
    let helene = id_of(&mut s, "Hélène Dubœuf");
    s.handle(StoreRequest::DeleteItem { id: jan });
    s.handle(StoreRequest::DeleteItem { id: helene });
    let server = remote("Jan Van den Broeck", "jan", "\"j2\"", "+32 2 999");
    s.handle(StoreRequest::PushDone(PushOutcome::Conflict { item_id: jan, server: Some(server.clone()), now: 1 }));
    s.handle(StoreRequest::PushDone(PushOutcome::Conflict { item_id: helene, server: None, now: 1 }));
    assert!(conflicts(&mut s).is_empty(), "nothing for the member to choose");
    assert!(outbox(&mut s).is_empty());
    assert_eq!(
        names(s.handle(StoreRequest::ListContacts { shown: usize::MAX })),
        vec!["Françoise Lambert", "Jan Van den Broeck"]
    );
    let StoreResponse::Item(Some(c)) = s.handle(StoreRequest::GetItem { id: jan }) else { panic!() };
    assert_eq!((c.data, c.etag, c.pending), (server.data, server.etag, false));
}

#[test]
fn a_412_on_an_update_whose_contact_the_server_deleted_pushes_it_again_as_new() {
    let (_d, mut s) = seeded();
    let jan = id_of(&mut s, "Jan Van den Broeck");
    save(&mut s, Some(jan), "MINE", index("jan", "Jan Van den Broeck", &[], &[], ""));
    s.handle(StoreRequest::PushDone(PushOutcome::Conflict { item_id: jan, server: None, now: 1 }));
    let queued = outbox(&mut s);
    assert_eq!(
        (queued[0].kind, queued[0].href.as_deref(), queued[0].etag.as_deref(), queued[0].data.as_str()),
        (ChangeKind::Create, None, None, "MINE")
    );
    let StoreResponse::Etags(etags) = s.handle(StoreRequest::LocalEtags { collection: BOOK.into() }) else { panic!() };
    assert_eq!(etags.len(), 2, "a contact with no href has no etag to compare");
}

#[test]
fn a_push_recorded_after_a_pull_already_brought_the_contact_makes_one_contact() {
    let (_d, mut s) = seeded();
    let id = save(&mut s, None, "ILSE", index("ilse", "Ilse Peeters", &[], &[], ""));
    let href = format!("{BOOK}ilse.vcf");
    // The server stored our create, but the answer was lost; a pull came first.
    pull(
        &mut s,
        PullBatch {
            upserts: vec![RemoteItem {
                href: href.clone(),
                etag: Some("\"i1\"".into()),
                data: "ILSE".into(),
                index: index("ilse", "Ilse Peeters", &[], &[], ""),
            }],
            ..Default::default()
        },
    );
    assert_eq!(
        s.handle(StoreRequest::PushDone(PushOutcome::Stored {
            item_id: id,
            revision: 1,
            href: href.clone(),
            etag: Some("\"i1\"".into())
        })),
        StoreResponse::Done
    );
    assert_eq!(
        names(s.handle(StoreRequest::ListContacts { shown: usize::MAX }))
            .iter()
            .filter(|n| *n == "Ilse Peeters")
            .count(),
        1
    );
    assert!(outbox(&mut s).is_empty());
    let StoreResponse::Item(Some(c)) = s.handle(StoreRequest::GetItem { id }) else { panic!() };
    assert_eq!(c.href, Some(href));
}

#[test]
fn a_pull_that_did_not_change_an_edited_contact_leaves_the_edit_alone() {
    let (_d, mut s) = seeded();
    let jan = id_of(&mut s, "Jan Van den Broeck");
    let helene = id_of(&mut s, "Hélène Dubœuf");
    save(&mut s, Some(jan), "MINE", index("jan", "Jan Van den Broeck", &[], &[], ""));
    let same = remote("Hélène Dubœuf", "helene", "\"h2\"", "");
    save(&mut s, Some(helene), &same.data, same.index.clone());
    let summary = pull(
        &mut s,
        PullBatch { upserts: vec![remote("Jan Van den Broeck", "jan", "\"j1\"", ""), same], ..Default::default() },
    );
    assert_eq!(summary, ApplySummary { updated: 1, ..Default::default() });
    assert!(conflicts(&mut s).is_empty());
    let queued = outbox(&mut s);
    assert_eq!(
        (queued.len(), queued[0].item_id, queued[0].data.as_str()),
        (1, jan, "MINE"),
        "Jan's edit still goes; Hélène's is already there"
    );
}

#[test]
fn a_pull_over_a_local_delete_keeps_the_servers_newer_version() {
    let (_d, mut s) = seeded();
    let jan = id_of(&mut s, "Jan Van den Broeck");
    s.handle(StoreRequest::DeleteItem { id: jan });
    let summary = pull(
        &mut s,
        PullBatch { upserts: vec![remote("Jan Van den Broeck", "jan", "\"j2\"", "+32 2 1")], ..Default::default() },
    );
    assert_eq!((summary.updated, summary.conflicts), (1, 0));
    assert!(outbox(&mut s).is_empty());
    assert_eq!(search(&mut s, "jan"), vec!["Jan Van den Broeck"]);
}

#[test]
fn resolving_conflicts() {
    let (_d, mut s) = seeded();
    let jan = id_of(&mut s, "Jan Van den Broeck");
    save(&mut s, Some(jan), "MINE", index("jan", "Jan Mine", &[], &[], ""));
    pull(&mut s, PullBatch { upserts: vec![remote("Jan Server", "jan", "\"j2\"", "")], now: 7, ..Default::default() });
    let StoreResponse::Contacts(ContactList { shown: list, .. }) =
        s.handle(StoreRequest::ListContacts { shown: usize::MAX })
    else {
        panic!()
    };
    let row = list.iter().find(|c| c.id == jan).unwrap();
    assert_eq!((row.display_name.as_str(), row.pending, row.has_conflict), ("Jan Server", false, true));
    let c = conflicts(&mut s).remove(0);
    assert_eq!((c.item_id, c.local_index.title(), c.found_at), (jan, "Jan Mine", 7));
    s.handle(StoreRequest::ResolveConflict { conflict_id: c.id, choice: ConflictChoice::KeepServer, now: 8 });
    assert!(conflicts(&mut s).is_empty());
    assert!(outbox(&mut s).is_empty());
    assert_eq!(search(&mut s, "jan"), vec!["Jan Server"]);
    assert!(
        matches!(
            s.handle(StoreRequest::ResolveConflict { conflict_id: c.id, choice: ConflictChoice::KeepServer, now: 9 }),
            StoreResponse::Error(_)
        ),
        "resolved once"
    );
}

#[test]
fn the_server_deleting_a_contact_with_a_pending_conflict_keeps_the_members_version() {
    let (_d, mut s) = seeded();
    let jan = id_of(&mut s, "Jan Van den Broeck");
    save(&mut s, Some(jan), "MINE", index("jan", "Jan Mine", &[], &[], ""));
    pull(&mut s, PullBatch { upserts: vec![remote("Jan Server", "jan", "\"j2\"", "")], ..Default::default() });
    pull(&mut s, PullBatch { deletes: vec![format!("{BOOK}jan.vcf")], ..Default::default() });
    assert!(conflicts(&mut s).is_empty());
    assert_eq!(search(&mut s, "jan"), vec!["Jan Mine"]);
    assert_eq!(outbox(&mut s)[0].data, "MINE");
}

/// A push the server stored but whose answer never came.
mod lost_answers {
    use super::*;

    fn new_contact(s: &mut Store, phone: &str) -> i64 {
        let data = format!("BEGIN:VCARD\r\nUID:ilse\r\nFN:Ilse Peeters\r\nTEL:{phone}\r\nEND:VCARD\r\n");
        let index = index("ilse", "Ilse Peeters", &[], &[phone], "");
        let StoreResponse::Saved { id } =
            s.handle(StoreRequest::SaveItem { id: None, collection: BOOK.into(), data, index })
        else {
            panic!()
        };
        id
    }

    fn sending(s: &mut Store, id: i64) -> OutboxItem {
        let item = outbox(s).into_iter().find(|i| i.item_id == id).unwrap();
        let href = item.href.clone().unwrap_or(format!("{BOOK}ilse.vcf"));
        let request = StoreRequest::PushSending { item_id: id, href, data: item.data.clone() };
        assert_eq!(s.handle(request), StoreResponse::Done);
        item
    }

    /// The member's second version: the phone becomes 2.
    fn edit_again(s: &mut Store, id: i64) {
        s.handle(StoreRequest::SaveItem {
            id: Some(id),
            collection: BOOK.into(),
            data: "BEGIN:VCARD\r\nUID:ilse\r\nFN:Ilse Peeters\r\nTEL:2\r\nEND:VCARD\r\n".into(),
            index: index("ilse", "Ilse Peeters", &[], &["2"], ""),
        });
    }

    fn on_server(item: &OutboxItem, etag: &str) -> RemoteItem {
        RemoteItem {
            href: format!("{BOOK}ilse.vcf"),
            etag: Some(etag.into()),
            data: item.data.clone(),
            index: index("ilse", "Ilse Peeters", &[], &[], ""),
        }
    }

    #[test]
    fn what_is_being_sent_is_remembered_until_the_answer_is_recorded() {
        let (_d, mut s) = seeded();
        let id = new_contact(&mut s, "1");
        let sent = sending(&mut s, id);
        let queued = outbox(&mut s).remove(0);
        assert_eq!(queued.sent, vec![sent.data.clone()]);
        assert_eq!(queued.href, Some(format!("{BOOK}ilse.vcf")), "a new item takes its place when first sent");
        let stored = PushOutcome::Stored { item_id: id, revision: 1, href: format!("{BOOK}ilse.vcf"), etag: None };
        s.handle(StoreRequest::PushDone(stored));
        let row: Option<String> =
            s.conn.query_row("SELECT sent_data FROM items WHERE id = ?1", [id], |r| r.get(0)).unwrap();
        assert_eq!(row, None);
    }

    #[test]
    fn a_pull_that_finds_the_members_earlier_version_is_no_conflict() {
        let (_d, mut s) = seeded();
        let id = new_contact(&mut s, "1");
        let first = sending(&mut s, id);
        // The answer was lost; the member edits again, then a pull sees the first version.
        edit_again(&mut s, id);
        let summary = pull(&mut s, PullBatch { upserts: vec![on_server(&first, "\"i1\"")], ..Default::default() });
        assert_eq!(summary.conflicts, 0);
        let StoreResponse::Conflicts(conflicts) = s.handle(StoreRequest::ListConflicts) else { panic!() };
        assert!(conflicts.is_empty());
        let queued = outbox(&mut s).remove(0);
        assert_eq!((queued.kind, queued.etag.as_deref()), (ChangeKind::Update, Some("\"i1\"")));
        assert!(queued.data.contains("TEL:2"), "the member's last edit still goes: {}", queued.data);
    }

    #[test]
    fn a_server_that_reorders_what_it_stores_still_holds_the_members_version() {
        let (_d, mut s) = seeded();
        let id = new_contact(&mut s, "1");
        let first = sending(&mut s, id);
        // Stored with its lines in another order (as some servers do): the same contact.
        let mut reordered = on_server(&first, "\"i1\"");
        reordered.data = "BEGIN:VCARD\r\nFN:Ilse Peeters\r\nUID:ilse\r\nTEL:1\r\nEND:VCARD\r\n".into();
        assert_ne!(reordered.data, first.data);
        let summary = pull(&mut s, PullBatch { upserts: vec![reordered], ..Default::default() });
        assert_eq!(summary.conflicts, 0);
        assert!(outbox(&mut s).is_empty(), "nothing left to send: the server has it");
    }

    #[test]
    fn two_answers_lost_in_a_row_still_find_the_first_version_the_members() {
        let (_d, mut s) = seeded();
        let id = new_contact(&mut s, "1");
        let first = sending(&mut s, id);
        // Edited again; its push is recorded, then the app is killed before
        // the PUT reaches the server: the server has the first version.
        edit_again(&mut s, id);
        let second = sending(&mut s, id);
        assert_eq!(outbox(&mut s)[0].sent, vec![first.data.clone(), second.data.clone()]);
        let summary = pull(&mut s, PullBatch { upserts: vec![on_server(&first, "\"i1\"")], ..Default::default() });
        assert_eq!(summary.conflicts, 0, "the first version is the member's too");
        assert!(outbox(&mut s)[0].data.contains("TEL:2"), "the last edit still goes");
    }

    #[test]
    fn a_version_nobody_sent_from_here_is_still_a_conflict() {
        let (_d, mut s) = seeded();
        let id = new_contact(&mut s, "1");
        let first = sending(&mut s, id);
        let mut someone_else = on_server(&first, "\"x1\"");
        someone_else.data = someone_else.data.replace("TEL:1", "TEL:9");
        let summary = pull(&mut s, PullBatch { upserts: vec![someone_else], ..Default::default() });
        assert_eq!(summary.conflicts, 1);
    }

    #[test]
    fn deleting_a_new_item_whose_create_may_have_arrived_tells_the_server() {
        let (_d, mut s) = seeded();
        let never_sent = new_contact(&mut s, "1");
        s.handle(StoreRequest::DeleteItem { id: never_sent });
        assert!(outbox(&mut s).is_empty(), "never sent: nothing to tell the server");

        let id = new_contact(&mut s, "1");
        sending(&mut s, id);
        s.handle(StoreRequest::DeleteItem { id });
        let queued = outbox(&mut s);
        assert_eq!(queued.len(), 1);
        assert_eq!((queued[0].kind, queued[0].href.clone()), (ChangeKind::Delete, Some(format!("{BOOK}ilse.vcf"))));
        assert!(!queued[0].sent.is_empty());
        assert!(
            names(s.handle(StoreRequest::ListContacts { shown: usize::MAX })).iter().all(|n| n != "Ilse Peeters"),
            "hidden meanwhile"
        );
    }
}

#[test]
fn a_resolved_conflicts_number_is_never_given_to_a_newer_one() {
    let (_d, mut s) = seeded();
    let id = id_of(&mut s, "Hélène Dubœuf");
    let conflict = |s: &mut Store, now: i64| {
        s.handle(StoreRequest::SaveItem {
            id: Some(id),
            collection: BOOK.into(),
            data: format!("MINE {now}"),
            index: index("helene", "Hélène Dubœuf", &[], &[], ""),
        });
        let server = remote("Hélène Dubœuf", "helene", &format!("\"h{now}\""), "");
        s.handle(StoreRequest::PushDone(PushOutcome::Conflict { item_id: id, server: Some(server), now }));
        let StoreResponse::Conflicts(all) = s.handle(StoreRequest::ListConflicts) else { panic!() };
        all.last().unwrap().id
    };
    let first = conflict(&mut s, 1);
    let resolve = StoreRequest::ResolveConflict { conflict_id: first, choice: ConflictChoice::KeepServer, now: 2 };
    assert_eq!(s.handle(resolve), StoreResponse::Done);
    let second = conflict(&mut s, 3);
    assert!(second > first, "conflict {first} was resolved; the new one is {second}, not a reused number");
}
