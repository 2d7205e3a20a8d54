//! A TCP fault proxy between the app and the real PostgreSQL server, controlled by the test:
//! pass bytes through, freeze (sockets stay open, nothing is forwarded: a half-open connection
//! after sleep or a network change), reset every open connection, delay every chunk, or cut a
//! connection after N more bytes.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// What the proxy does with the bytes it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Pass,
    /// Holds every byte; connections stay open (new ones are accepted too).
    Freeze,
    /// Forwards each chunk after this delay.
    Delay(Duration),
    /// Forwards this many more bytes (both ways together), then resets the connection.
    CutAfter(i64),
}

#[derive(Debug, Clone, Copy)]
struct State {
    mode: Mode,
    /// Connections accepted before the latest `reset` are closed with a reset.
    epoch: u64,
}

/// A running proxy; dropped, it stops accepting (open connections end with their sockets).
pub struct Proxy {
    pub addr: SocketAddr,
    ctl: watch::Sender<State>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Proxy {
    /// Listens on a free loopback port and forwards to `upstream`.
    pub async fn start(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (ctl, rx) = watch::channel(State {
            mode: Mode::Pass,
            epoch: 0,
        });
        let task = tokio::spawn(async move {
            loop {
                let Ok((down, _)) = listener.accept().await else {
                    continue;
                };
                let rx = rx.clone();
                tokio::spawn(async move {
                    let epoch = rx.borrow().epoch;
                    let Ok(up) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    // Every close is a reset: what a dead network looks like to both ends (a
                    // zero linger never blocks on drop).
                    #[allow(deprecated)]
                    {
                        let _ = down.set_linger(Some(Duration::ZERO));
                        let _ = up.set_linger(Some(Duration::ZERO));
                    }
                    let _ = down.set_nodelay(true);
                    let _ = up.set_nodelay(true);
                    let budget = Arc::new(AtomicI64::new(i64::MAX));
                    let (dr, dw) = down.into_split();
                    let (ur, uw) = up.into_split();
                    tokio::select! {
                        _ = pump(dr, uw, rx.clone(), epoch, budget.clone()) => {}
                        _ = pump(ur, dw, rx.clone(), epoch, budget) => {}
                    }
                });
            }
        });
        Proxy { addr, ctl, task }
    }

    pub fn set(&self, mode: Mode) {
        self.ctl.send_modify(|s| s.mode = mode);
    }

    /// Resets every open connection (new ones pass, in the current mode).
    pub fn reset(&self) {
        self.ctl.send_modify(|s| s.epoch += 1);
    }

    pub fn mode(&self) -> Mode {
        self.ctl.borrow().mode
    }
}

/// Forwards one direction until either side closes, a reset or a cut.
async fn pump(
    mut from: OwnedReadHalf,
    mut to: OwnedWriteHalf,
    mut rx: watch::Receiver<State>,
    epoch: u64,
    budget: Arc<AtomicI64>,
) {
    let mut buf = vec![0u8; 16 * 1024];
    let mut armed_cut = false;
    loop {
        let n = tokio::select! {
            r = from.read(&mut buf) => match r {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            },
            changed = rx.changed() => {
                if changed.is_err() || rx.borrow().epoch != epoch {
                    return;
                }
                continue;
            }
        };
        let mut n = n;
        loop {
            let st = *rx.borrow();
            if st.epoch != epoch {
                return;
            }
            match st.mode {
                Mode::Pass => break,
                Mode::Freeze => {
                    if rx.changed().await.is_err() {
                        return;
                    }
                }
                Mode::Delay(d) => {
                    tokio::time::sleep(d).await;
                    break;
                }
                Mode::CutAfter(k) => {
                    if !armed_cut {
                        armed_cut = true;
                        budget
                            .compare_exchange(i64::MAX, k, Ordering::SeqCst, Ordering::SeqCst)
                            .ok();
                    }
                    let left = budget.fetch_sub(n as i64, Ordering::SeqCst);
                    if left <= 0 {
                        return;
                    }
                    if (left as usize) < n {
                        n = left as usize;
                        let _ = to.write_all(&buf[..n]).await;
                        return;
                    }
                    break;
                }
            }
        }
        if to.write_all(&buf[..n]).await.is_err() {
            return;
        }
    }
}
