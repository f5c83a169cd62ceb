//! What the server has not seen yet of an item, as stored in `items.state`.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemState {
    /// As the server has it.
    Clean,
    /// Never pushed.
    Created,
    /// Edited since the last push.
    Modified,
    /// Hidden, waiting for the DELETE.
    Deleted,
}

impl ItemState {
    /// The words the schema's CHECK constraint allows.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemState::Clean => "clean",
            ItemState::Created => "created",
            ItemState::Modified => "modified",
            ItemState::Deleted => "deleted",
        }
    }

    /// Holds an unsynced edit of the member's (a create or a change).
    pub fn is_member_edit(self) -> bool {
        matches!(self, ItemState::Created | ItemState::Modified)
    }
}

impl ToSql for ItemState {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for ItemState {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value.as_str()? {
            "clean" => Ok(ItemState::Clean),
            "created" => Ok(ItemState::Created),
            "modified" => Ok(ItemState::Modified),
            "deleted" => Ok(ItemState::Deleted),
            other => Err(FromSqlError::Other(format!("unknown item state {other:?}").into())),
        }
    }
}
