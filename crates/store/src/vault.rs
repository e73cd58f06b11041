//! Encryption at rest for special fields (the BSN): XChaCha20-Poly1305 with a key from the
//! configuration, and a keyed hash (HMAC-SHA256 under a derived key) so a BSN can be found by exact
//! match without storing it in the clear.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

#[derive(Clone)]
pub struct Vault {
    cipher: XChaCha20Poly1305,
    index_key: [u8; 32],
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(***)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("the data key must be 64 hexadecimal characters (32 bytes)")]
    BadKey,
    #[error("cannot read or create the key file '{path}': {source}")]
    KeyFile { path: String, source: std::io::Error },
    #[error("a stored value cannot be decrypted with this key (wrong EENPLAN_DATA_KEY?)")]
    Decrypt,
}

impl Vault {
    pub fn from_hex(hex_key: &str) -> Result<Vault, VaultError> {
        let bytes = hex::decode(hex_key.trim()).map_err(|_| VaultError::BadKey)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| VaultError::BadKey)?;
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).expect("any key length");
        mac.update(b"eenplan blind index v1");
        Ok(Vault { cipher: XChaCha20Poly1305::new((&key).into()), index_key: mac.finalize().into_bytes().into() })
    }

    /// A new random key, hex-encoded.
    pub fn generate_hex() -> String {
        hex::encode(crate::credentials::random_bytes(32))
    }

    /// Reads the key from a file, creating the file (mode 0600) with a new key if it does not exist.
    pub fn from_file_or_create(path: &std::path::Path) -> Result<Vault, VaultError> {
        let err = |source| VaultError::KeyFile { path: path.display().to_string(), source };
        if !path.exists() {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(err)?;
            }
            std::fs::write(path, Vault::generate_hex()).map_err(err)?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(err)?;
            }
        }
        Vault::from_hex(&std::fs::read_to_string(path).map_err(err)?)
    }

    pub fn encrypt(&self, plain: &str) -> String {
        let nonce_bytes = crate::credentials::random_bytes(24);
        let nonce = XNonce::from_slice(&nonce_bytes);
        let ct = self.cipher.encrypt(nonce, plain.as_bytes()).expect("encryption does not fail");
        format!("v1:{}:{}", hex::encode(nonce_bytes), hex::encode(ct))
    }

    pub fn decrypt(&self, stored: &str) -> Result<String, VaultError> {
        let mut parts = stored.splitn(3, ':');
        let (Some("v1"), Some(n), Some(c)) = (parts.next(), parts.next(), parts.next()) else { return Err(VaultError::Decrypt) };
        let (n, c) = (hex::decode(n).map_err(|_| VaultError::Decrypt)?, hex::decode(c).map_err(|_| VaultError::Decrypt)?);
        if n.len() != 24 {
            return Err(VaultError::Decrypt);
        }
        let plain = self.cipher.decrypt(XNonce::from_slice(&n), c.as_ref()).map_err(|_| VaultError::Decrypt)?;
        String::from_utf8(plain).map_err(|_| VaultError::Decrypt)
    }

    /// The keyed hash under which a value is found by exact match.
    pub fn blind_index(&self, value: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.index_key).expect("any key length");
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper_detection() {
        let v = Vault::from_hex(&Vault::generate_hex()).unwrap();
        let stored = v.encrypt("111222333");
        assert!(!stored.contains("111222333"));
        assert_ne!(stored, v.encrypt("111222333"), "a fresh nonce each time");
        assert_eq!(v.decrypt(&stored).unwrap(), "111222333");
        let mut bad = stored.clone();
        bad.replace_range(bad.len() - 2.., if bad.ends_with("00") { "11" } else { "00" });
        assert!(v.decrypt(&bad).is_err());
        let other = Vault::from_hex(&Vault::generate_hex()).unwrap();
        assert!(other.decrypt(&stored).is_err());
        assert_eq!(v.blind_index("111222333"), v.blind_index("111222333"));
        assert_ne!(v.blind_index("111222333"), other.blind_index("111222333"));
        assert!(matches!(Vault::from_hex("abc"), Err(VaultError::BadKey)));
    }
}
