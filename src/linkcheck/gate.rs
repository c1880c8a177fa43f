//! Per-host politeness as a gate the checker passes before each request: at most
//! `per_host` requests in flight to one host and at most `host_rate` starts per second.
//!
//! The checker asks [`Gate::enter`] before a request starts and drops the [`Pass`] it
//! gets when the request is over (answered, failed, timed out or aborted). [`LocalGate`]
//! keeps the limits in this process; a gate shared by several processes (the store's
//! PostgreSQL one) implements the same trait elsewhere. Knows nothing of SQL.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// What a gate hands out while a request is in flight; dropping it ends the request.
pub struct Pass {
    _held: Vec<Box<dyn Send>>,
}

impl Pass {
    /// A pass holding `held` until dropped (permits, slots: whatever the gate gives back
    /// on drop).
    pub fn holding(held: Vec<Box<dyn Send>>) -> Pass {
        Pass { _held: held }
    }
}

/// A future of a pass.
pub type PassFuture<'a> = Pin<Box<dyn Future<Output = Pass> + Send + 'a>>;

/// Lets a request to a host start when the politeness limits allow.
pub trait Gate: Send + Sync {
    /// Waits until a request to `host` may start.
    fn enter<'a>(&'a self, host: &'a str) -> PassFuture<'a>;
}

/// Semaphore values for a limit, 0 meaning none.
pub fn permits(n: usize) -> usize {
    if n == 0 {
        Semaphore::MAX_PERMITS
    } else {
        n.min(Semaphore::MAX_PERMITS)
    }
}

/// One host's local state.
struct Host {
    in_flight: Arc<Semaphore>,
    /// When the next request to this host may start.
    next_start: Mutex<Instant>,
}

/// The limits kept in this process: a semaphore and a start clock per host.
pub struct LocalGate {
    per_host: usize,
    host_rate: f64,
    hosts: Mutex<HashMap<String, Arc<Host>>>,
}

impl LocalGate {
    /// `per_host` 0 and `host_rate` 0 mean no limit.
    pub fn new(per_host: usize, host_rate: f64) -> LocalGate {
        LocalGate {
            per_host,
            host_rate,
            hosts: Mutex::new(HashMap::new()),
        }
    }

    fn host(&self, name: &str) -> Arc<Host> {
        let mut hosts = self
            .hosts
            .lock()
            .expect("no code panics while holding this lock");
        Arc::clone(hosts.entry(name.to_string()).or_insert_with(|| {
            Arc::new(Host {
                in_flight: Arc::new(Semaphore::new(permits(self.per_host))),
                next_start: Mutex::new(Instant::now()),
            })
        }))
    }

    /// Waits for one of the host's in-flight permits.
    pub async fn slot(&self, host: &str) -> OwnedSemaphorePermit {
        let host = self.host(host);
        let Ok(permit) = Arc::clone(&host.in_flight).acquire_owned().await else {
            unreachable!("host semaphores are never closed")
        };
        permit
    }

    /// Waits until this host may see another request start.
    async fn wait_turn(&self, host: &str) {
        if self.host_rate <= 0.0 {
            return;
        }
        let host = self.host(host);
        let interval = Duration::from_secs_f64(1.0 / self.host_rate);
        let at = {
            let mut next = host
                .next_start
                .lock()
                .expect("no code panics while holding this lock");
            let at = (*next).max(Instant::now());
            *next = at + interval;
            at
        };
        tokio::time::sleep_until(at.into()).await;
    }
}

impl Gate for LocalGate {
    fn enter<'a>(&'a self, host: &'a str) -> PassFuture<'a> {
        Box::pin(async move {
            let permit = self.slot(host).await;
            self.wait_turn(host).await;
            Pass::holding(vec![Box::new(permit)])
        })
    }
}
