//! Accepting connections: HTTPS only. Each connection is its own task: a TLS handshake (bounded in
//! time, so a stalled client holds nothing), then HTTP/1.1 into the router with the client's
//! address attached (for the lockout of a desk).
//!
//! A client that speaks plain HTTP to the port gets a plain-HTTP answer in Chinese saying to use
//! `https://` instead of a failed handshake nobody can read: the first byte of a TLS connection is
//! always 0x16 (a handshake record), and of an HTTP request a letter.

use crate::routes::Peer;
use axum::Router;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use rustls::ServerConfig;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;

const HANDSHAKE_TIME: Duration = Duration::from_secs(10);

/// Serves `router` on `listener` until `stop` turns true.
pub async fn serve(
    listener: TcpListener,
    tls: Arc<ServerConfig>,
    router: Router,
    mut stop: watch::Receiver<bool>,
) {
    let acceptor = TlsAcceptor::from(tls);
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stop.changed() => break,
        };
        let (tcp, peer) = match accepted {
            Ok(a) => a,
            Err(e) => {
                // Out of file handles and the like: wait a moment instead of spinning.
                tracing::warn!("accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = tcp.set_nodelay(true);
        let acceptor = acceptor.clone();
        let router = router.clone().layer(axum::Extension(Peer(peer)));
        tokio::spawn(async move {
            if !speaks_tls(&tcp).await {
                refuse_plain(tcp).await;
                return;
            }
            let Ok(Ok(stream)) = tokio::time::timeout(HANDSHAKE_TIME, acceptor.accept(tcp)).await
            else {
                return;
            };
            let service = TowerToHyperService::new(router);
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Serves `router` on `listener` in plain HTTP until `stop` turns true: only for the public
/// portal behind the office's reverse proxy, which speaks HTTPS to the public.
pub async fn serve_plain(listener: TcpListener, router: Router, mut stop: watch::Receiver<bool>) {
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stop.changed() => break,
        };
        let (tcp, peer) = match accepted {
            Ok(a) => a,
            Err(e) => {
                tracing::warn!("accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = tcp.set_nodelay(true);
        let router = router.clone().layer(axum::Extension(Peer(peer)));
        tokio::spawn(async move {
            let service = TowerToHyperService::new(router);
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(tcp), service)
                .await;
        });
    }
}

/// Whether the client's first byte starts a TLS handshake.
async fn speaks_tls(tcp: &TcpStream) -> bool {
    let mut first = [0u8; 1];
    matches!(
        tokio::time::timeout(HANDSHAKE_TIME, tcp.peek(&mut first)).await,
        Ok(Ok(1))
    ) && first[0] == 0x16
}

async fn refuse_plain(mut tcp: TcpStream) {
    let body = serde_json::json!({
        "code": "forbidden",
        "message": "此服务器只接受加密连接，请把地址中的 http:// 改为 https:// 后重试。",
    })
    .to_string();
    let answer = format!(
        "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tcp.write_all(answer.as_bytes()).await;
    let _ = tcp.shutdown().await;
}
