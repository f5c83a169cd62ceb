//! The terminal shell's secret storage: a file readable only by the member
//! (mode 0600) in the data directory, the same protection as an SSH key.
//! Phones and browsers use their platform's keystore instead.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use shared::effects::{SecretRequest, SecretResponse};

pub struct SecretFile {
    path: PathBuf,
}

impl SecretFile {
    pub fn new(dir: &Path) -> Self {
        Self { path: dir.join("secrets.json") }
    }

    fn load(&self) -> Result<BTreeMap<String, String>, String> {
        match fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| e.to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(e.to_string()),
        }
    }

    fn save(&self, map: &BTreeMap<String, String>) -> Result<(), String> {
        let tmp = self.path.with_extension("tmp");
        let mut options = fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&tmp).map_err(|e| e.to_string())?;
        file.write_all(&serde_json::to_vec(map).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
        file.sync_all().map_err(|e| e.to_string())?;
        fs::rename(&tmp, &self.path).map_err(|e| e.to_string())
    }

    pub fn handle(&self, request: SecretRequest) -> SecretResponse {
        let result = self.load().and_then(|mut map| match request {
            SecretRequest::Get { key } => Ok(SecretResponse::Value(map.get(&key).cloned())),
            SecretRequest::Set { key, value } => {
                map.insert(key, value);
                self.save(&map).map(|_| SecretResponse::Done)
            }
            SecretRequest::Delete { key } => {
                map.remove(&key);
                self.save(&map).map(|_| SecretResponse::Done)
            }
        });
        result.unwrap_or_else(SecretResponse::Error)
    }
}
