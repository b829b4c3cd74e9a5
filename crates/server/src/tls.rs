//! The server's certificate: the office's own (`--cert`, `--key`), or one the server makes for
//! itself on its first start and keeps in `tls/` of the data folder.
//!
//! Why self-signed with a fingerprint: an office intranet has no public name a certificate
//! authority could vouch for, and most offices have no internal authority either. So the server
//! prints the SHA-256 fingerprint of its certificate, in groups a person can read aloud over the
//! phone, and each client keeps the fingerprint it was told to trust (trust on first use, checked
//! against what the administrator reads out). A changed certificate is then refused, never
//! silently accepted. An office with its own certificate gives it with `--cert`/`--key`; clients
//! pin its fingerprint the same way.

use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The certificate and key a server presents.
pub struct Identity {
    pub chain: Vec<CertificateDer<'static>>,
    pub key: PrivateKeyDer<'static>,
    /// Whether it was made just now (the first start), so the fingerprint is worth announcing.
    pub created: bool,
}

/// Where the server keeps the certificate it made for itself.
pub fn own_paths(data_dir: &Path) -> (PathBuf, PathBuf) {
    let dir = data_dir.join("tls");
    (dir.join("cert.pem"), dir.join("key.pem"))
}

/// Loads the office's certificate, or the server's own, making that one on the first start for
/// the names `hosts` (besides localhost and the loopback addresses).
pub fn identity(
    data_dir: &Path,
    office: Option<(&Path, &Path)>,
    hosts: &[String],
) -> Result<Identity, String> {
    if let Some((cert, key)) = office {
        return load(cert, key, false);
    }
    let (cert, key) = own_paths(data_dir);
    if cert.is_file() && key.is_file() {
        return load(&cert, &key, false);
    }
    let mut names = vec![
        "localhost".to_string(),
        "127.0.0.1".to_string(),
        "::1".to_string(),
    ];
    for h in hosts {
        if !names.contains(h) {
            names.push(h.clone());
        }
    }
    let made = rcgen::generate_simple_self_signed(names)
        .map_err(|e| format!("无法生成服务器证书（{e}）。"))?;
    let dir = cert.parent().unwrap_or(data_dir);
    std::fs::create_dir_all(dir)
        .map_err(|_| format!("无法创建证书文件夹 {}，请检查权限。", dir.display()))?;
    write_private(&key, made.signing_key.serialize_pem().as_bytes())?;
    std::fs::write(&cert, made.cert.pem())
        .map_err(|_| format!("无法保存服务器证书到 {}，请检查权限。", cert.display()))?;
    let mut id = load(&cert, &key, false)?;
    id.created = true;
    Ok(id)
}

/// Writes the private key readable by the server's user alone.
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let failed = || format!("无法保存服务器私钥到 {}，请检查权限。", path.display());
    #[cfg(unix)]
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(path)
            .map_err(|_| failed())?;
        f.write_all(bytes).map_err(|_| failed())
    }
    #[cfg(not(unix))]
    {
        std::fs::write(path, bytes).map_err(|_| failed())
    }
}

fn load(cert: &Path, key: &Path, created: bool) -> Result<Identity, String> {
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(|it| it.collect::<Result<Vec<_>, _>>())
        .map_err(|_| {
            format!(
                "无法读取证书文件 {}，请确认它是 PEM 格式的证书。",
                cert.display()
            )
        })?;
    if chain.is_empty() {
        return Err(format!("证书文件 {} 中没有证书。", cert.display()));
    }
    let key = PrivateKeyDer::from_pem_file(key).map_err(|_| {
        format!(
            "无法读取私钥文件 {}，请确认它是 PEM 格式的私钥。",
            key.display()
        )
    })?;
    Ok(Identity {
        chain,
        key,
        created,
    })
}

/// The cryptography of every TLS connection of the server and its clients: *ring*. It keeps the
/// build free of aws-lc's C and assembler toolchain (NASM on Windows, where most offices' desks
/// are); rustls deprecates it for lacking post-quantum key exchange, which an office intranet's
/// short-lived sessions do not need yet.
#[allow(deprecated)]
pub fn crypto() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The rustls configuration presenting `id` (HTTP/1.1 only).
pub fn server_config(id: &Identity) -> Result<Arc<ServerConfig>, String> {
    let provider = crypto();
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS 配置失败（{e}）。"))?
        .with_no_client_auth()
        .with_single_cert(id.chain.clone(), id.key.clone_key())
        .map_err(|_| "证书与私钥不匹配，或私钥格式不受支持。".to_string())?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// The SHA-256 fingerprint of a certificate as the clients compare it: 64 hex digits, upper case.
pub fn fingerprint(cert: &CertificateDer<'_>) -> String {
    Sha256::digest(cert.as_ref())
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect()
}

/// A fingerprint in groups of four, to read aloud: `3F9A 2C41 …` (16 groups).
pub fn readable(fingerprint: &str) -> String {
    fingerprint
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_start_makes_a_certificate_and_later_starts_keep_it() {
        let dir = tempfile::tempdir().unwrap();
        let first = identity(dir.path(), None, &["minyi-server.local".into()]).unwrap();
        assert!(first.created);
        let again = identity(dir.path(), None, &[]).unwrap();
        assert!(!again.created);
        assert_eq!(fingerprint(&first.chain[0]), fingerprint(&again.chain[0]));
        assert!(server_config(&again).is_ok());
        let f = fingerprint(&again.chain[0]);
        assert_eq!(f.len(), 64);
        let r = readable(&f);
        assert_eq!(r.split(' ').count(), 16);
        assert_eq!(r.replace(' ', ""), f);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(own_paths(dir.path()).1)
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(
                mode & 0o077,
                0,
                "the key is readable by the server's user alone"
            );
        }
    }

    #[test]
    fn a_bad_certificate_file_is_explained() {
        let dir = tempfile::tempdir().unwrap();
        let cert = dir.path().join("c.pem");
        let key = dir.path().join("k.pem");
        std::fs::write(&cert, "not a certificate").unwrap();
        std::fs::write(&key, "not a key").unwrap();
        let e = identity(dir.path(), Some((&cert, &key)), &[])
            .err()
            .unwrap();
        assert!(e.contains("没有证书") || e.contains("无法读取证书"), "{e}");
    }
}
