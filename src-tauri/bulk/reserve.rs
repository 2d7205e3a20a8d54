//! Team mode in a batch: each of a unit's rows, `pending` on disk, is claimed on the team server
//! just before its request, through the same interpreter as a single invite (`Team::claim`).

use super::rows::failed_ends;
use super::run::{db_call, Run, Unit};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::history::{write_twice, NewInvite, Outcome};
use crate::team::{Claim, Team};

impl Run<'_> {
    /// Claims each of the unit's rows. Rows a colleague holds are closed as `failed` (nothing
    /// was sent) naming them, and leave the unit; a finished claim the coordinator included
    /// knowingly is overridden (compare-and-set). An unreachable server puts the unit back to
    /// `queued` and stops this worker with an error.
    pub(super) async fn reserve_unit(&self, team: &Team, unit: &mut Unit) -> AppResult<()> {
        let mut held: Vec<(i64, AppError)> = Vec::new();
        for item in &unit.items {
            let id = item.invite_id;
            let fresh = uuid::Uuid::new_v4().to_string();
            let kept = db_call(&self.db, move |db| db.set_attempt(id, &fresh)).await?;
            let attempt = uuid::Uuid::parse_str(&kept).map_err(|_| {
                AppError::storage(format!("Invite #{id} has an unreadable attempt id."))
            })?;
            let new = NewInvite::from(&item.valid);
            let not_sent = |why: String| {
                AppError::new(
                    ErrorKind::Duplicate,
                    format!("Row {}: not sent — {why} (team).", item.row),
                )
            };
            match team.claim(&new, attempt, None).await {
                Ok(Claim::Go) => {}
                Ok(Claim::Sending { holder_name }) => held.push((
                    id,
                    not_sent(format!(
                        "{holder_name} is inviting {} right now",
                        new.candidate_email
                    )),
                )),
                Ok(Claim::Held { previous, .. }) if !item.allow_duplicate => {
                    held.push((id, not_sent(previous.invited_sentence())))
                }
                // Included knowingly: override the colleague's finished claim.
                Ok(Claim::Held { version, .. }) => match team.claim(&new, attempt, version).await {
                    Ok(Claim::Go) => {}
                    Ok(Claim::Offline(e)) | Err(e) => return self.team_stop(unit, e).await,
                    Ok(_) => held.push((
                        id,
                        not_sent("a colleague changed this candidate's claim meanwhile".into()),
                    )),
                },
                Ok(Claim::Offline(e)) | Err(e) => return self.team_stop(unit, e).await,
            }
        }
        if held.is_empty() {
            return Ok(());
        }
        let ends = held.clone();
        db_call(&self.db, move |db| {
            write_twice(|| db.batch_step(&failed_ends(&ends), &[]))?;
            for (id, _) in &ends {
                db.clear_attempt(*id)?;
            }
            Ok(())
        })
        .await?;
        let rows = held
            .iter()
            .filter_map(|(id, e)| {
                let item = unit.items.iter().find(|i| i.invite_id == *id)?;
                Some(item.result(Outcome::Failed, None, e.message.clone()))
            })
            .collect();
        // Still counted as left: they never went out.
        self.report.ended(rows, true);
        unit.items
            .retain(|i| !held.iter().any(|(id, _)| *id == i.invite_id));
        Ok(())
    }

    /// The team server could not answer: the unit's rows go back to `queued` (nothing was sent)
    /// and this worker stops; the batch can be resumed once the server is back.
    async fn team_stop(&self, unit: &mut Unit, e: AppError) -> AppResult<()> {
        let ids: Vec<i64> = unit.items.iter().map(|i| i.invite_id).collect();
        db_call(&self.db, move |db| db.requeue(&ids)).await?;
        unit.items.clear();
        Err(AppError::new(
            e.kind,
            format!(
                "Team check unavailable ({}). The batch stopped; the rows not sent yet are still \
                 queued: resume the batch when the team server is back.",
                e.message
            ),
        ))
    }
}
