//! Trusting the office server by its certificate's fingerprint.
//!
//! An office server presents a certificate no public authority signed (see minyi-server's `tls`),
//! so a client trusts exactly the certificate whose SHA-256 fingerprint it was given — read out by
//! the server's administrator, kept after the first confirmed connection. Any other certificate is
//! refused before anything is sent, and the fingerprint it had is kept so the refusal can show it
//! (the user compares it with what the administrator reads out). The signature of the handshake
//! is still checked against the pinned certificate's key.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex};

/// A fingerprint as compared: 64 upper-case hex digits, whatever spaces or colons it was given
/// with.
pub fn normalise(fingerprint: &str) -> String {
    fingerprint
        .chars()
        .filter(char::is_ascii_hexdigit)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The SHA-256 fingerprint of a certificate.
pub fn fingerprint_of(cert: &CertificateDer<'_>) -> String {
    Sha256::digest(cert.as_ref())
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect()
}

/// Accepts only the certificate with the expected fingerprint (none expected: none accepted), and
/// remembers the fingerprint it saw.
#[derive(Debug)]
pub struct Pinned {
    expected: Option<String>,
    seen: Arc<Mutex<Option<String>>>,
    provider: Arc<CryptoProvider>,
}

impl Pinned {
    pub fn new(
        expected: Option<&str>,
        seen: Arc<Mutex<Option<String>>>,
        provider: Arc<CryptoProvider>,
    ) -> Self {
        Self {
            expected: expected.map(normalise),
            seen,
            provider,
        }
    }
}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let got = fingerprint_of(end_entity);
        *self.seen.lock().unwrap_or_else(|e| e.into_inner()) = Some(got.clone());
        match &self.expected {
            Some(want) if *want == got => Ok(ServerCertVerified::assertion()),
            _ => Err(rustls::Error::General(
                "certificate fingerprint not trusted".into(),
            )),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_compare_whatever_their_spacing() {
        assert_eq!(normalise("3f9a 2c41:ab"), "3F9A2C41AB");
        assert_eq!(normalise("3F9A2C41AB"), "3F9A2C41AB");
    }
}
