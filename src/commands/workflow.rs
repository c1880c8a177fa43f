//! `claimlog assign ID --to NAME` and `claimlog workflow ID STATE`: the desk's
//! workflow, recorded append-only with its actor, apart from verification.

use anyhow::Result;

use super::{Context, Out, parse_id};
use crate::cli::{AssignArgs, WorkflowArgs};
use crate::error::DataError;
use crate::model::WorkflowState;
use crate::store::Store;

pub fn assign(args: AssignArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let id = parse_id(&args.id)?;
    let to = args.to.trim();
    let tx = store.write()?;
    let changed = tx.set_workflow(id, Some(to), None, ctx.now)?;
    tx.commit()?;
    match (changed, to) {
        (false, "") => writeln!(out, "claim #{id} was not assigned")?,
        (false, _) => writeln!(out, "claim #{id} was already assigned to {to}")?,
        (true, "") => writeln!(out, "claim #{id} is no longer assigned")?,
        (true, _) => writeln!(out, "claim #{id} is assigned to {to}")?,
    }
    Ok(())
}

pub fn run(args: WorkflowArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let id = parse_id(&args.id)?;
    let state: WorkflowState = args
        .state
        .trim()
        .parse()
        .map_err(|e| DataError::new(format!("STATE: {e}")))?;
    let tx = store.write()?;
    let changed = tx.set_workflow(id, None, Some(state), ctx.now)?;
    tx.commit()?;
    if changed {
        writeln!(out, "claim #{id} is now {state}")?;
    } else {
        writeln!(out, "claim #{id} was already {state}")?;
    }
    Ok(())
}
