//! A file renamed or moved on the server while the member edited it here
//! (notes): the edit follows the file instead of bringing the old name
//! back beside it. Found by the text the edit started from — a rename
//! keeps a file's text, and WebDAV has no portable file identity — among
//! the files of the walk not stored here yet, of the same size.

use std::collections::{HashMap, HashSet};

use super::collections::Found;
use super::fetch::fetch_one;
use super::plan::member_of;
use super::{Engine, SyncReport};
use crate::effects::store::{command as store, Collection};
use crate::failure::Failure;
use crate::kinds::ItemKind;

pub async fn follow<Ev: Send + 'static>(
    engine: &Engine<'_, Ev>,
    kind: ItemKind,
    found: &Found,
    report: &mut SyncReport,
) -> Result<(), Failure> {
    let edited = store::edited_bases(engine.ctx, kind).await?;
    if edited.is_empty() {
        return Ok(());
    }
    // Every file the walk listed, by canonical URL, with its folder.
    let mut listed: HashMap<String, String> = HashMap::new();
    for (folder, listing) in &found.listings {
        for (href, _) in &listing.changed {
            if let Some(url) = member_of(folder, href) {
                listed.insert(url, folder.clone());
            }
        }
    }
    let mut known = HashSet::new();
    for folder in found.listings.keys() {
        known.extend(store::local_etags(engine.ctx, folder).await?.into_iter().map(|l| l.href));
    }
    let behaviour = kind.behaviour();
    let now = engine.now().await;
    for edit in edited {
        // Only an edit whose folder was listed without its file.
        if !found.listings.contains_key(&edit.collection) || listed.contains_key(&edit.href) {
            continue;
        }
        let size = edit.base.len() as u64;
        let mut candidates: Vec<(&String, &String)> = listed
            .iter()
            .filter(|(href, _)| !known.contains(*href) && behaviour.accepts(href))
            .filter(|(href, _)| found.sizes.get(*href) == Some(&size))
            .collect();
        candidates.sort();
        for (href, folder) in candidates {
            let collection = Collection::new(kind, folder, "");
            let Some(remote) = fetch_one(engine, &collection, href, report).await? else { continue };
            if !behaviour.same_item(&remote.data, &edit.base) {
                continue;
            }
            let Some(index) = behaviour.index(href, &edit.data) else { break };
            let index = index.with_modified(Some(now));
            store::renamed_on_server(engine.ctx, edit.item_id, href.clone(), folder.clone(), remote.etag, index)
                .await?;
            known.insert(href.clone());
            break;
        }
    }
    Ok(())
}
