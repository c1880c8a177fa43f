//! `claimlog retract event ID` and `claimlog retract claim ID`: append a retraction
//! (who, when, why). Nothing is deleted; the store recomputes the claim's state.

use anyhow::Result;

use super::{Context, Out, parse_id};
use crate::cli::RetractCommand;
use crate::error::DataError;
use crate::store::Store;

pub fn run(cmd: RetractCommand, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    match cmd {
        RetractCommand::Event(args) => {
            let event: i64 = args
                .id
                .trim()
                .trim_start_matches('#')
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| {
                    DataError::new(format!(
                        "invalid event number {:?}: expected a positive number as shown by `claimlog show`",
                        args.id
                    ))
                })?;
            let tx = store.write()?;
            let claim = tx.retract_event(event, &args.reason, ctx.now)?;
            let state = tx
                .load_records(&[claim], false)?
                .pop()
                .map(|r| r.verification.to_string())
                .unwrap_or_default();
            tx.commit()?;
            writeln!(
                out,
                "event #{event} retracted; claim #{claim} is now {state}"
            )?;
        }
        RetractCommand::Claim(args) => {
            let id = parse_id(&args.id)?;
            let tx = store.write()?;
            tx.withdraw_claim(id, &args.reason, ctx.now)?;
            tx.commit()?;
            writeln!(
                out,
                "claim #{id} withdrawn; `claimlog list --withdrawn` lists it, exports keep it"
            )?;
        }
    }
    Ok(())
}
