//! Several `links check` workers on one PostgreSQL database: the leases that share the
//! due links out (so no link is checked twice in a run) and the per-host politeness
//! they keep together (requests in flight, request starts per second). SQLite has one
//! writer and keeps both in the process: nothing here is used there.
//!
//! Each worker opens a second connection of its own, a [`WorkerConnection`], and holds
//! on it a session advisory lock whose key names the worker: its leases are void as
//! soon as that session ends (a worker killed, its machine gone), and otherwise when
//! they expire ([`LEASE_EXPIRY`], renewed while the worker runs). On the same
//! connection a request in flight to a host holds one of the host's `per_host` slot
//! locks, released when the request ends or with the session; `host_slots` holds when
//! the next request to a host may start, moved on atomically by each start. Lease rows
//! are written outside the writers' lock, so a worker never queues behind an `add` or
//! an import for them; its results are written in the short write transactions of
//! `links check`. Must not touch the other tables except to read which links are due.

use std::collections::HashSet;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use super::backend::{Conn, RawTx};
use super::{OpenOptions, Store, Tx};
use crate::model::{LinkId, Timestamp, format_timestamp};
use crate::p;

/// How long a lease lasts unless renewed: a worker renews its leases every quarter of
/// it, so only a worker stalled (or cut off from the server without its session
/// ending) this long loses its links to the next run.
pub const LEASE_EXPIRY: Duration = Duration::from_secs(300);

/// The high half of every worker's lock key ("clwr"), beside the writers' lock.
const WORKER_SPACE: i64 = 0x636c_7772;

/// A worker's own connection: its identity, its host slots and its lease renewals.
pub struct WorkerConnection {
    client: postgres::Client,
    /// The key of the session advisory lock naming this worker.
    worker: i64,
    /// Host slots this worker holds: a session lock is re-entrant, so the worker must
    /// not take one of its own slots twice.
    held: std::collections::HashMap<i32, Vec<i32>>,
}

impl Store {
    /// A worker connection to the same database; `None` on SQLite.
    pub fn worker_connection(&self, quiet: bool) -> Result<Option<WorkerConnection>> {
        let Conn::Postgres(pg) = &self.conn else {
            return Ok(None);
        };
        let options = OpenOptions {
            quiet,
            ..OpenOptions::existing(&format!("{} (worker)", self.command))
        };
        let (mut client, _) = super::postgres::connect(&pg.url, &options)?;
        let worker = loop {
            let key = (WORKER_SPACE << 32) | i64::from(rand::random::<u32>());
            let got: bool = client
                .query_one("SELECT pg_try_advisory_lock($1)", &[&key])?
                .get(0);
            if got {
                break key;
            }
        };
        Ok(Some(WorkerConnection {
            client,
            worker,
            held: Default::default(),
        }))
    }

    /// A transaction for lease rows, outside the writers' lock (PostgreSQL only).
    fn lease_tx(&mut self) -> Result<Tx<'_>> {
        match &mut self.conn {
            Conn::Postgres(pg) => Ok(Tx::new(super::postgres::unlocked_write(pg)?, None, None)),
            Conn::Sqlite(_) => bail!("link leases need a PostgreSQL database"),
        }
    }

    /// Leases to `worker` up to `limit` due links with an id in `after+1..=last` that no
    /// live worker holds, in id order, and returns them. Leases of workers whose
    /// session is gone, and expired ones, are void first.
    pub fn lease_due_links(
        &mut self,
        worker: i64,
        stale_before: Option<Timestamp>,
        after: LinkId,
        last: LinkId,
        limit: usize,
    ) -> Result<Vec<crate::store::DueLink>> {
        // A statement whose snapshot predates another worker's leases may pick links
        // that worker holds and get none of them: an empty answer ends the worker's run
        // only when no free due link is left.
        for _ in 0..20 {
            let due = self.lease_page(worker, stale_before, after, last, limit)?;
            if !due.is_empty() || !self.free_due_links(stale_before, after, last)? {
                return Ok(due);
            }
            std::thread::sleep(Duration::from_millis(rand::random_range(5..50)));
        }
        Ok(Vec::new())
    }

    /// Whether a due link in `after+1..=last` is leased by no worker.
    fn free_due_links(
        &mut self,
        stale_before: Option<Timestamp>,
        after: LinkId,
        last: LinkId,
    ) -> Result<bool> {
        let before = stale_before.map(format_timestamp);
        self.read()?.tx.value(
            "SELECT EXISTS (SELECT 1 FROM links l
                             WHERE l.id > ?1 AND l.id <= ?2
                               AND (CAST(?3 AS TEXT) IS NULL OR l.last_checked_at IS NULL
                                    OR l.last_checked_at < ?3)
                               AND NOT EXISTS (SELECT 1 FROM link_leases k
                                                WHERE k.link_id = l.id AND k.until > now()))",
            p![after, last, before],
        )
    }

    /// One attempt of [`Store::lease_due_links`].
    fn lease_page(
        &mut self,
        worker: i64,
        stale_before: Option<Timestamp>,
        after: LinkId,
        last: LinkId,
        limit: usize,
    ) -> Result<Vec<crate::store::DueLink>> {
        let before = stale_before.map(format_timestamp);
        let expiry = LEASE_EXPIRY.as_secs() as i64;
        let tx = self.lease_tx()?;
        tx.tx.exec(
            "DELETE FROM link_leases k
              WHERE k.until <= now()
                 OR NOT EXISTS (SELECT 1 FROM pg_locks p
                                 WHERE p.locktype = 'advisory' AND p.granted AND p.objsubid = 1
                                   AND p.database = (SELECT oid FROM pg_database
                                                      WHERE datname = current_database())
                                   AND CAST(CAST(p.classid AS TEXT) AS BIGINT) = k.worker >> 32
                                   AND CAST(CAST(p.objid AS TEXT) AS BIGINT) = k.worker & 4294967295)",
            p![],
        )?;
        let ids: Vec<i64> = tx.tx.all(
            "WITH free AS (
                 SELECT l.id FROM links l
                  WHERE l.id > ?2 AND l.id <= ?3
                    AND (CAST(?4 AS TEXT) IS NULL OR l.last_checked_at IS NULL
                         OR l.last_checked_at < ?4)
                    AND NOT EXISTS (SELECT 1 FROM link_leases k WHERE k.link_id = l.id)
                  ORDER BY l.id
                  LIMIT ?5
                  FOR NO KEY UPDATE OF l SKIP LOCKED)
             INSERT INTO link_leases(link_id, worker, until)
             SELECT id, ?1, now() + CAST(?6 AS BIGINT) * interval '1 second' FROM free
             ON CONFLICT (link_id) DO UPDATE SET worker = excluded.worker, until = excluded.until
              WHERE link_leases.until <= now()
             RETURNING link_id",
            p![worker, after, last, before, limit as i64, expiry],
            |r| r.get(0),
        )?;
        tx.commit().context("cannot lease due links")?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // Read outside the leasing transaction: its row locks last only a moment.
        let json = serde_json::to_string(&ids)?;
        self.read()?.due_rows(
            "l.id IN (SELECT value FROM json_each(?1)) ORDER BY l.id",
            p![json],
        )
    }

    /// Gives up every lease `worker` still holds (the end of its run).
    pub fn release_leases(&mut self, worker: i64) -> Result<()> {
        let tx = self.lease_tx()?;
        tx.tx
            .exec("DELETE FROM link_leases WHERE worker = ?1", p![worker])?;
        tx.commit()
    }
}

impl Tx<'_> {
    /// Ends `worker`'s leases of these links and says which it still held: only those
    /// results may be recorded (another worker took over a lease that expired). The
    /// links' rows are locked first, in id order, as a worker taking leases locks them
    /// (`FOR NO KEY UPDATE`, which an `add` citing the same link does not wait for).
    pub fn end_leases(&self, worker: i64, ids: &[LinkId]) -> Result<HashSet<LinkId>> {
        if ids.is_empty() {
            return Ok(HashSet::new());
        }
        let json = serde_json::to_string(ids)?;
        if let RawTx::Postgres(_) = &self.tx {
            self.tx.all(
                "SELECT id FROM links WHERE id IN (SELECT value FROM json_each(?1))
                  ORDER BY id FOR NO KEY UPDATE",
                p![json],
                |r| r.get::<i64>(0),
            )?;
        }
        let kept = self.tx.all(
            "DELETE FROM link_leases
              WHERE worker = ?1 AND link_id IN (SELECT value FROM json_each(?2))
             RETURNING link_id",
            p![worker, json],
            |r| r.get(0),
        )?;
        Ok(kept.into_iter().collect())
    }
}

/// A stable 32-bit key for a host name.
fn host_key(host: &str) -> i32 {
    let hash = blake3::hash(host.as_bytes());
    let b = hash.as_bytes();
    i32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

impl WorkerConnection {
    /// The worker's key, which its leases carry.
    pub fn worker(&self) -> i64 {
        self.worker
    }

    /// Takes one of `host`'s `per_host` in-flight slots, if one is free among all
    /// workers.
    pub fn try_slot(&mut self, host: &str, per_host: usize) -> Result<Option<i32>> {
        let key = host_key(host);
        let mine = self.held.entry(key).or_default();
        let row = self.client.query_opt(
            // CASE fixes the order: PostgreSQL may evaluate the two conditions of an
            // AND in either order (cheapest first), and a slot this session already
            // holds would then be locked a second time and never freed by one unlock.
            "SELECT s FROM generate_series(0, $2 - 1) s
              WHERE CASE WHEN s = ANY($3) THEN false ELSE pg_try_advisory_lock($1, s) END
              LIMIT 1",
            &[&key, &(per_host.min(i32::MAX as usize) as i32), mine],
        )?;
        let slot = row.map(|r| r.get::<_, i32>(0));
        if let Some(slot) = slot {
            mine.push(slot);
        }
        Ok(slot)
    }

    /// Gives a slot back.
    pub fn release_slot(&mut self, host: &str, slot: i32) -> Result<()> {
        let key = host_key(host);
        if let Some(mine) = self.held.get_mut(&key) {
            mine.retain(|s| *s != slot);
        }
        self.client
            .execute("SELECT pg_advisory_unlock($1, $2)", &[&key, &slot])?;
        Ok(())
    }

    /// Books the next start of a request to `host`, `interval` after the previous one
    /// booked by any worker; returns how long to wait for it.
    pub fn book_start(&mut self, host: &str, interval: Duration) -> Result<Duration> {
        let seconds = interval.as_secs_f64();
        let wait: f64 = self
            .client
            .query_one(
                "INSERT INTO host_slots(host, next_start)
                 VALUES ($1, clock_timestamp() + $2 * interval '1 second')
                 ON CONFLICT (host) DO UPDATE
                    SET next_start = greatest(host_slots.next_start, clock_timestamp())
                                     + $2 * interval '1 second'
                 RETURNING CAST(extract(epoch FROM next_start - clock_timestamp()) AS float8) - $2",
                &[&host, &seconds],
            )?
            .get(0);
        Ok(Duration::from_secs_f64(wait.clamp(0.0, 86_400.0)))
    }

    /// Pushes the expiry of this worker's leases [`LEASE_EXPIRY`] from now.
    pub fn renew_leases(&mut self) -> Result<u64> {
        let expiry = LEASE_EXPIRY.as_secs_f64();
        Ok(self.client.execute(
            "UPDATE link_leases SET until = now() + $2 * interval '1 second' WHERE worker = $1",
            &[&self.worker, &expiry],
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A worker that asks for a slot while holding some must never lock one of its own
    /// twice: a slot taken twice is not freed by its one release, and other workers then
    /// wait for that host forever. The statement runs more than five times, so
    /// PostgreSQL switches to its generic plan, which evaluated the lock first.
    #[test]
    fn slots_taken_and_given_back_leave_no_lock_behind() {
        let Some(db) = crate::store::TestPostgres::create("slots") else {
            return;
        };
        let store = db.store();
        let mut worker = store.worker_connection(true).unwrap().unwrap();
        let host = format!("slots-{}.test", std::process::id());
        for _ in 0..12 {
            let mut slots = Vec::new();
            while let Some(slot) = worker.try_slot(&host, 4).unwrap() {
                slots.push(slot);
            }
            assert_eq!(slots.len(), 4);
            for slot in slots {
                worker.release_slot(&host, slot).unwrap();
            }
        }
        let left: i64 = worker
            .client
            .query_one(
                "SELECT count(*) FROM pg_locks
                  WHERE locktype = 'advisory' AND pid = pg_backend_pid()
                    AND classid = CAST(CAST($1 AS bigint) & 4294967295 AS oid) AND objsubid = 2",
                &[&i64::from(host_key(&host))],
            )
            .unwrap()
            .get(0);
        assert_eq!(left, 0, "slots still locked after every release");
    }
}
