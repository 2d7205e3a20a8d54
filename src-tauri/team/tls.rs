//! TLS to the team server as libpq's `sslmode` and `sslrootcert` say: `verify-ca` (the
//! certificate chains to a trusted authority; also `require` with `sslrootcert`, as libpq),
//! `verify-full` (and is made out to the host name: the default off this computer). `require`
//! without a root certificate is refused by the address checks: it would not know who answers.
//! Trusted authorities: the file `sslrootcert` names, or with `sslrootcert=system` the system's
//! store, else the webpki roots and the system's store (an admin may have installed a
//! provider's or a company's CA there).

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, SignatureScheme};

use crate::error::{AppError, AppResult};

/// How the server's certificate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verify {
    /// `verify-ca` (or `require` with `sslrootcert`): it chains to a trusted authority.
    Chain,
    /// `verify-full`: and it is made out to the host name.
    Full,
}

/// Where the trusted authorities come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Roots {
    /// The webpki roots and the system's store.
    Default,
    /// `sslrootcert=system`.
    System,
    /// `sslrootcert=<file>`: the PEM certificates in it, and only those.
    File(PathBuf),
}

/// TLS for one address: off (a server on this computer) or on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tls {
    Off,
    On { verify: Verify, roots: Roots },
}

fn system_roots() -> &'static [CertificateDer<'static>] {
    static ROOTS: OnceLock<Vec<CertificateDer<'static>>> = OnceLock::new();
    ROOTS.get_or_init(|| rustls_native_certs::load_native_certs().certs)
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn root_store(roots: &Roots) -> AppResult<rustls::RootCertStore> {
    let mut store = rustls::RootCertStore::empty();
    match roots {
        Roots::Default => {
            store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            store.add_parsable_certificates(system_roots().iter().cloned());
        }
        Roots::System => {
            store.add_parsable_certificates(system_roots().iter().cloned());
        }
        Roots::File(path) => {
            let bad = |why: String| {
                AppError::validation(
                    "teamUrl",
                    format!(
                        "The certificate file sslrootcert names ({}) {why}.",
                        path.display()
                    ),
                )
            };
            let certs = CertificateDer::pem_file_iter(path)
                .map_err(|e| bad(format!("could not be read: {e}")))?
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| bad(format!("is not a PEM certificate file: {e}")))?;
            let (added, _) = store.add_parsable_certificates(certs);
            if added == 0 {
                return Err(bad("holds no certificate".into()));
            }
        }
    }
    Ok(store)
}

/// The rustls configuration for `verify` against `roots`.
pub fn client_config(verify: Verify, roots: &Roots) -> AppResult<rustls::ClientConfig> {
    let provider = provider();
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| AppError::internal(format!("TLS could not be set up: {e}")))?;
    let config = match verify {
        Verify::Full => builder
            .with_root_certificates(root_store(roots)?)
            .with_no_client_auth(),
        Verify::Chain => {
            let inner =
                WebPkiServerVerifier::builder_with_provider(Arc::new(root_store(roots)?), provider)
                    .build()
                    .map_err(|e| AppError::internal(format!("TLS could not be set up: {e}")))?;
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(ChainOnly { inner }))
                .with_no_client_auth()
        }
    };
    Ok(config)
}

/// `verify-ca`: the chain is checked, the name is not.
#[derive(Debug)]
struct ChainOnly {
    inner: Arc<WebPkiServerVerifier>,
}

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self
            .inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            r => r,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}
