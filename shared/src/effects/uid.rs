//! Fresh identifiers for new items (random, so asked of the runtime).
//! New UIDs matter: Nextcloud keeps deleted items in a trash bin and refuses
//! to re-create a UID it still holds there.

use crux_core::capability::Operation;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUid;

impl Operation for NewUid {
    /// A random UUID (version 4), lower-case, hyphenated.
    type Output = String;
}
