//! Conflicts the member resolves (keep mine, the server's, or both), and
//! the outcome of every local change: a notice, an error or a refusal.

use crux_core::render::render;
use crux_core::Command;
use serde::{Deserialize, Serialize};

use super::{agenda, contacts, notes, Cmd, Event, Model};
use crate::effects::store::{command as store, ConflictChoice, ConflictRecord};
use crate::effects::{NewUid, NowRequest};
use crate::failure::Failure;
use crate::i18n::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Resolution {
    KeepMine,
    KeepServer,
    KeepBoth,
}

pub fn update(event: Event, model: &mut Model) -> Cmd {
    match event {
        Event::ResolveConflict { conflict_id, resolution } => {
            let Some(conflict) = model.conflicts.iter().find(|c| c.id == conflict_id).cloned() else {
                // Resolved already, or never one: said, not silently ignored.
                model.notice = None;
                model.refusal = Some(Text::NoSuchConflict(conflict_id));
                return render();
            };
            let zone = model.zone();
            Command::new(|ctx| async move {
                let result = resolve(&ctx, conflict, resolution, zone).await;
                ctx.send_event(Event::LocalChangeDone(result));
            })
        }
        Event::LocalChangeDone(result) => {
            model.refusal = None;
            match result {
                Ok(text) => {
                    model.notice = Some(text);
                    model.error = None;
                }
                Err(e) => {
                    model.notice = None;
                    model.error = Some(e);
                }
            }
            // After the change, so the lists show it and the reminders
            // follow an event moved, deleted or added here.
            Command::all([
                contacts::reload(model),
                agenda::reload(model),
                agenda::schedule_reminders(model),
                agenda::reopen(model),
                notes::reload(&model.notes_query),
                render(),
            ])
        }
        Event::LocalChangeRefused(text) => {
            model.notice = None;
            model.refusal = Some(text);
            render()
        }
        _ => Command::done(),
    }
}

async fn resolve(
    ctx: &super::Ctx,
    conflict: ConflictRecord,
    resolution: Resolution,
    zone: chrono_tz::Tz,
) -> Result<Text, Failure> {
    let now = ctx.request_from_shell(NowRequest).await.0;
    let kind = conflict.local_index.kind().behaviour();
    let choice = match resolution {
        Resolution::KeepMine => ConflictChoice::KeepMine,
        Resolution::KeepServer => ConflictChoice::KeepServer,
        Resolution::KeepBoth => {
            let uid = ctx.request_from_shell(NewUid).await;
            // The member's version was written by this app; should it not
            // parse, the conflict stays rather than lose it.
            let (data, index) = kind
                .with_new_uid(&conflict.local_data, &conflict.local_index, &uid, now, zone)
                .ok_or_else(|| crate::dav::client::RemoteError::BadResponse("unreadable saved version".into()))?;
            // The kind names the copy (a note: after its title), so the
            // index's UID, not necessarily the fresh one.
            ConflictChoice::KeepBoth { uid: index.uid().to_string(), data, index: Box::new(index) }
        }
    };
    store::resolve_conflict(ctx, conflict.id, choice, now).await?;
    Ok(kind.saved())
}

#[cfg(test)]
mod tests {
    use crate::model::test_support::*;
    use crate::model::{Event, Resolution};

    #[test]
    fn resolving_a_conflict_that_is_not_there_says_so_and_changes_nothing() {
        let mut d = Driver::new(signed_in_model("fr-BE"));
        d.send(Event::ResolveConflict { conflict_id: 99, resolution: Resolution::KeepMine });
        // No store request: nothing to change.
        d.settle();
        assert_eq!(d.view().error.as_deref(), Some("Aucun conflit n° 99\u{202f}: il a peut-être déjà été résolu."));
    }
}
