//! The politeness gate of `links check` and `links archive` workers sharing one
//! PostgreSQL database: the checker's [`Gate`] over the worker's own connection
//! ([`WorkerConnection`]), called from the async checker through `spawn_blocking`.
//!
//! A request to a host starts once this process has one of the host's `per_host`
//! permits (so its own tasks never poll for more slots than they could use), then one
//! of the host's slots among all workers, then its booked start time. The slot and the
//! permit are given back when the checker drops the pass. A database error stops the
//! gate (no request starts any more) and is reported by [`SharedGate::error`]: the run
//! then ends, keeping what it finished.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Result;
use tokio::sync::OwnedSemaphorePermit;

use crate::linkcheck::gate::{Gate, LocalGate, Pass, PassFuture};
use crate::store::WorkerConnection;

/// Shared by the gate, the slots it hands out and the lease renewals.
pub(crate) type Worker = Arc<Mutex<WorkerConnection>>;

pub(crate) struct SharedGate {
    worker: Worker,
    /// This process's share of the per-host limit, without a rate.
    local: LocalGate,
    per_host: usize,
    host_rate: f64,
    error: Arc<Mutex<Option<String>>>,
}

/// A host slot held by a request in flight, with this process's permit.
struct Slot {
    worker: Worker,
    host: String,
    slot: Option<i32>,
    permit: Option<OwnedSemaphorePermit>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let worker = Arc::clone(&self.worker);
        let host = std::mem::take(&mut self.host);
        let slot = self.slot.take();
        let permit = self.permit.take();
        // The permit goes back after the slot, so the next local request finds it free.
        let release = move || {
            if let Some(slot) = slot
                && let Ok(mut w) = worker.lock()
            {
                let _ = w.release_slot(&host, slot);
            }
            drop(permit);
        };
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => {
                handle.spawn_blocking(release);
            }
            Err(_) => release(),
        }
    }
}

impl SharedGate {
    pub fn new(worker: Worker, per_host: usize, host_rate: f64) -> SharedGate {
        SharedGate {
            worker,
            local: LocalGate::new(per_host, 0.0),
            per_host,
            host_rate,
            error: Arc::new(Mutex::new(None)),
        }
    }

    /// The database error that stopped the gate, if any.
    pub fn error(&self) -> Option<String> {
        self.error.lock().ok().and_then(|e| e.clone())
    }

    fn fail(&self, message: String) {
        if let Ok(mut e) = self.error.lock() {
            e.get_or_insert(message);
        }
    }

    /// Runs `f` on the worker connection off the async threads; `None` after an error.
    async fn call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut WorkerConnection) -> Result<T> + Send + 'static,
    ) -> Option<T> {
        let worker = Arc::clone(&self.worker);
        let done = tokio::task::spawn_blocking(move || {
            let mut w = worker
                .lock()
                .map_err(|_| anyhow::anyhow!("the worker connection is unusable"))?;
            f(&mut w)
        })
        .await;
        match done {
            Ok(Ok(value)) => Some(value),
            Ok(Err(e)) => {
                self.fail(format!("the shared host limits failed: {e:#}"));
                None
            }
            Err(e) => {
                self.fail(format!("the shared host limits failed: {e}"));
                None
            }
        }
    }

    async fn pass(&self, host: &str) -> Option<Pass> {
        let permit = self.local.slot(host).await;
        let mut held = Slot {
            worker: Arc::clone(&self.worker),
            host: host.to_string(),
            slot: None,
            permit: Some(permit),
        };
        if self.per_host > 0 {
            loop {
                let (name, per_host) = (host.to_string(), self.per_host);
                match self.call(move |w| w.try_slot(&name, per_host)).await? {
                    Some(slot) => {
                        held.slot = Some(slot);
                        break;
                    }
                    // Every slot is taken by other workers: look again shortly.
                    None => {
                        let wait = rand::random_range(5..15);
                        tokio::time::sleep(Duration::from_millis(wait)).await;
                    }
                }
            }
        }
        if self.host_rate > 0.0 {
            let interval = Duration::from_secs_f64(1.0 / self.host_rate);
            let name = host.to_string();
            let wait = self.call(move |w| w.book_start(&name, interval)).await?;
            tokio::time::sleep(wait).await;
        }
        Some(Pass::holding(vec![Box::new(held)]))
    }
}

impl Gate for SharedGate {
    fn enter<'a>(&'a self, host: &'a str) -> PassFuture<'a> {
        Box::pin(async move {
            match self.pass(host).await {
                Some(pass) => pass,
                // Stopped: the run ends without starting this request.
                None => std::future::pending().await,
            }
        })
    }
}

/// Renews the worker's leases every quarter of their expiry while the run lasts.
pub(crate) async fn renew_leases(gate: Arc<SharedGate>) {
    let every = crate::store::LEASE_EXPIRY / 4;
    loop {
        tokio::time::sleep(every).await;
        if gate.call(|w| w.renew_leases()).await.is_none() {
            return;
        }
    }
}
