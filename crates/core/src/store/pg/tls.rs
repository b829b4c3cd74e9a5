//! Encrypted connections to PostgreSQL, asked for in the database URL as libpq users know it:
//! `sslmode=require`, `verify-ca` or `verify-full`, and `sslrootcert=PATH` for the certificate
//! authority that signed the database server's certificate (decision 0015: in a city the database
//! is on another machine, often across a network the office does not own).
//!
//! Stricter than libpq on purpose: libpq's `require` encrypts without checking who answers, which
//! protects against a listener but not against a machine in the middle; here `require` checks the
//! certificate and the host name as `verify-full` does. `verify-ca` checks the certificate's chain
//! but not the name (a server reached by an address its certificate does not list). The chain is
//! checked against the `sslrootcert` file when the URL names one, else the system's trust store.
//! Without `sslmode` (or with `disable`/`prefer`) the connection is plain, as before: `prefer`
//! would otherwise mean an unchecked certificate, which we do not offer.
//!
//! The postgres crate's URL parser knows neither `sslrootcert` nor the two `verify-*` modes, so
//! [`Target::parse`] takes them out of the URL and hands the rest on (with `sslmode=require`).
//! rustls on ring, as the server's own TLS and the desktop client's.

use crate::error::{CoreError, Result};
use postgres::config::SslMode;
use postgres::{Client, Config, NoTls};
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::ring;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use std::path::PathBuf;
use std::sync::Arc;
use tokio_postgres_rustls::MakeRustlsConnect;

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protection {
    /// No TLS (no `sslmode`, `disable`, `prefer`).
    Plain,
    /// TLS; the chain checked, the host name not (`verify-ca`).
    VerifyChain,
    /// TLS; the chain and the host name checked (`require`, `verify-full`).
    VerifyFull,
}

/// A database URL split into what the postgres crate reads and what this module reads.
#[derive(Debug)]
pub(crate) struct Target {
    /// The URL without `sslrootcert`, its `verify-*` mode written as `require`.
    pub url: String,
    pub protection: Protection,
    /// The certificate authority's file (PEM), percent-decoded.
    pub root_cert: Option<PathBuf>,
}

impl Target {
    /// Splits `url`; the postgres crate parses (and refuses) the rest.
    pub(crate) fn parse(url: &str) -> Target {
        let (base, query) = match url.split_once('?') {
            Some((b, q)) => (b, q),
            None => (url, ""),
        };
        let mut protection = Protection::Plain;
        let mut root_cert = None;
        let mut kept: Vec<&str> = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match (key, value) {
                ("sslrootcert", v) => {
                    let path = percent_encoding::percent_decode_str(v).decode_utf8_lossy();
                    root_cert = Some(PathBuf::from(path.as_ref()));
                }
                // The last sslmode counts, as in the postgres crate's parser; only it is passed on.
                ("sslmode", mode) => {
                    protection = match mode {
                        "verify-ca" => Protection::VerifyChain,
                        "verify-full" | "require" => Protection::VerifyFull,
                        _ => Protection::Plain,
                    };
                    kept.retain(|p| !p.starts_with("sslmode="));
                    kept.push(if protection == Protection::Plain {
                        pair
                    } else {
                        "sslmode=require"
                    });
                }
                _ => kept.push(pair),
            }
        }
        let url = if kept.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        Target {
            url,
            protection,
            root_cert,
        }
    }
}

/// Connects as `target` asks, with `config` parsed from its URL.
pub(crate) fn connect(config: &Config, target: &Target) -> Result<Client> {
    if target.protection == Protection::Plain {
        return config.connect(NoTls).map_err(|e| super::connect_failed(&e));
    }
    let tls = MakeRustlsConnect::new(client_config(target)?);
    // Whatever the URL's text: a protected target is never connected in plain text.
    let mut config = config.clone();
    config.ssl_mode(SslMode::Require);
    config.connect(tls).map_err(|e| match tls_failure(&e) {
        Some(message) => CoreError::storage(message),
        None => super::connect_failed(&e),
    })
}

/// The sentence for a failed handshake, or `None` when the failure was not TLS's.
fn tls_failure(e: &postgres::Error) -> Option<&'static str> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    let mut tls = e.to_string().starts_with("error performing TLS handshake");
    while let Some(s) = source {
        let rustls = s.downcast_ref::<rustls::Error>().or_else(|| {
            s.downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        });
        if let Some(rustls::Error::InvalidCertificate(why)) = rustls {
            return Some(match why {
                CertificateError::Expired
                | CertificateError::ExpiredContext { .. }
                | CertificateError::NotValidYet
                | CertificateError::NotValidYetContext { .. } => CERTIFICATE_OUT_OF_DATE,
                _ => CERTIFICATE_REFUSED,
            });
        }
        tls |= rustls.is_some();
        if s.to_string().contains("server does not support TLS") {
            return Some(NO_TLS_ON_SERVER);
        }
        source = s.source();
    }
    tls.then_some(HANDSHAKE_FAILED)
}

const CERTIFICATE_REFUSED: &str = "数据库服务器的证书无法验证：不是受信任的机构签发，或与数据库地址中的主机名不符。请在数据库地址中用 sslrootcert=证书文件路径 指定签发它的 CA 证书，或改用证书上的主机名（只验证签发机构可用 sslmode=verify-ca）。";
const CERTIFICATE_OUT_OF_DATE: &str = "数据库服务器的证书已过期或尚未生效。请数据库管理员更换证书，并检查本机和数据库服务器的时间是否正确。";
const NO_TLS_ON_SERVER: &str = "数据库服务器没有开启加密连接。请数据库管理员开启 SSL（ssl = on），或在可信网络内去掉数据库地址中的 sslmode。";
const HANDSHAKE_FAILED: &str =
    "无法与数据库服务器建立加密连接。请检查数据库服务器的 SSL 设置，或联系数据库管理员。";
const ROOT_CERT_UNREADABLE: &str = "读不到数据库地址中 sslrootcert 指定的 CA 证书文件，或文件中没有 PEM 格式的证书。请检查文件路径和内容。";
const NO_SYSTEM_ROOTS: &str = "本机没有可用的受信任证书。请在数据库地址中用 sslrootcert=证书文件路径 指定签发数据库证书的 CA 证书。";

/// rustls' client configuration for `target`: ring, TLS 1.2 and 1.3, the chosen roots and check.
/// ring, as the server's TLS (`minyi_server::tls::crypto`, which says why despite rustls'
/// deprecation).
#[allow(deprecated)]
fn client_config(target: &Target) -> Result<ClientConfig> {
    let provider = Arc::new(ring::default_provider());
    let roots = Arc::new(roots(target)?);
    let verifier = WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
        .build()
        .map_err(|_| CoreError::storage(ROOT_CERT_UNREADABLE))?;
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|_| CoreError::storage(HANDSHAKE_FAILED))?;
    let config = match target.protection {
        Protection::VerifyChain => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(ChainOnly(verifier)))
            .with_no_client_auth(),
        _ => builder.with_webpki_verifier(verifier).with_no_client_auth(),
    };
    Ok(config)
}

/// The roots the server's chain must lead to.
fn roots(target: &Target) -> Result<RootCertStore> {
    let mut roots = RootCertStore::empty();
    match &target.root_cert {
        Some(path) => {
            let certs = CertificateDer::pem_file_iter(path)
                .and_then(|it| it.collect::<std::result::Result<Vec<_>, _>>())
                .map_err(|_| CoreError::storage(ROOT_CERT_UNREADABLE))?;
            let (added, _) = roots.add_parsable_certificates(certs);
            if added == 0 {
                return Err(CoreError::storage(ROOT_CERT_UNREADABLE));
            }
        }
        None => {
            let found = rustls_native_certs::load_native_certs();
            roots.add_parsable_certificates(found.certs);
            if roots.is_empty() {
                return Err(CoreError::storage(NO_SYSTEM_ROOTS));
            }
        }
    }
    Ok(roots)
}

/// `verify-ca`: the web-PKI check of the chain, with a certificate not naming the host accepted.
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_parameters_are_taken_out_and_verify_modes_become_require() {
        let t = Target::parse(
            "postgres://u:p@db.example:5432/minyi?sslmode=verify-full&sslrootcert=%2Fetc%2Fminyi%20ca.pem&application_name=x",
        );
        assert_eq!(
            t.url,
            "postgres://u:p@db.example:5432/minyi?sslmode=require&application_name=x"
        );
        assert_eq!(t.protection, Protection::VerifyFull);
        assert_eq!(t.root_cert, Some(PathBuf::from("/etc/minyi ca.pem")));

        let t = Target::parse("postgres://u:p@10.0.0.5/minyi?sslmode=verify-ca");
        assert_eq!(t.protection, Protection::VerifyChain);
        assert_eq!(t.url, "postgres://u:p@10.0.0.5/minyi?sslmode=require");

        let t = Target::parse("postgres://u:p@h/minyi?sslmode=require");
        assert_eq!(t.protection, Protection::VerifyFull);

        // The last sslmode counts, and only it is passed on: never TLS announced, plain made.
        let t = Target::parse("postgres://u:p@h/minyi?sslmode=require&sslmode=disable");
        assert_eq!(t.protection, Protection::Plain);
        assert_eq!(t.url, "postgres://u:p@h/minyi?sslmode=disable");
        let t = Target::parse("postgres://u:p@h/minyi?sslmode=prefer&x=1&sslmode=verify-full");
        assert_eq!(t.protection, Protection::VerifyFull);
        assert_eq!(t.url, "postgres://u:p@h/minyi?x=1&sslmode=require");

        for plain in [
            "postgres://u:p@h/minyi",
            "postgres://u:p@h/minyi?sslmode=disable",
            "postgres://u:p@h/minyi?sslmode=prefer",
        ] {
            let t = Target::parse(plain);
            assert_eq!(t.protection, Protection::Plain, "{plain}");
            assert_eq!(t.url, plain);
        }
    }

    #[test]
    fn an_unreadable_root_certificate_is_said_without_the_path() {
        let t =
            Target::parse("postgres://u:p@h/minyi?sslmode=require&sslrootcert=/nonexistent/ca.pem");
        let e = client_config(&t).unwrap_err();
        assert_eq!(e.message, ROOT_CERT_UNREADABLE);
    }
}
