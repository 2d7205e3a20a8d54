//! The stored message templates (migration 0009): listed, saved (new or changed), deleted.
//! What a template may hold is checked by `message::check` before it gets here.

use rusqlite::{params, ErrorCode};

use super::time::now_text;
use super::Db;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::message::{Template, TemplateKind};
use crate::provider::Provider;

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, String, Option<String>, Template)> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        Template {
            id: r.get(0)?,
            kind: TemplateKind::Invite,
            provider: None,
            job_ref: r.get(3)?,
            language: r.get(4)?,
            subject: r.get(5)?,
            body: r.get(6)?,
            built_in: false,
        },
    ))
}

impl Db {
    /// Every stored template: by kind, then vendor (any first), job, language.
    pub fn templates(&self) -> AppResult<Vec<Template>> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT id, kind, provider, job_ref, language, subject, body FROM templates
             ORDER BY kind, provider IS NOT NULL, provider, job_ref IS NOT NULL, job_ref,
                 lower(language), id",
        )?;
        let rows = stmt.query_map([], read)?;
        let mut out = Vec::new();
        for row in rows {
            let (_, kind, provider, mut t) = row?;
            let (Some(kind), provider) = (
                TemplateKind::from_str_opt(&kind),
                provider.as_deref().map(Provider::from_id),
            ) else {
                continue;
            };
            if provider == Some(None) {
                continue;
            }
            t.kind = kind;
            t.provider = provider.flatten();
            out.push(t);
        }
        Ok(out)
    }

    /// Saves a checked template: a new one (`id` 0) or a change to one; returns its id. One
    /// template per kind, vendor, job and language: another for the same target is refused.
    pub fn save_template(&self, t: &Template) -> AppResult<i64> {
        save_on(&*self.write_conn()?, t)
    }

    /// Saves checked templates in one transaction (an import): all of them or, if the history
    /// cannot be written, none. Each one's own answer is returned (one for a target that exists
    /// already is refused, the others are saved).
    pub fn save_templates(&self, list: &[Template]) -> AppResult<Vec<AppResult<i64>>> {
        let mut conn = self.write_conn()?;
        let tx = conn.transaction()?;
        let out = list.iter().map(|t| save_on(&tx, t)).collect();
        tx.commit()?;
        Ok(out)
    }

    /// Deletes a stored template; whether it was there.
    pub fn delete_template(&self, id: i64) -> AppResult<bool> {
        let conn = self.write_conn()?;
        Ok(conn.execute("DELETE FROM templates WHERE id = ?1", [id])? > 0)
    }
}

/// One template's save on `conn` (a connection or a transaction); see `Db::save_template`.
fn save_on(conn: &rusqlite::Connection, t: &Template) -> AppResult<i64> {
    let now = now_text();
    let p = t.provider.map(Provider::id);
    let res = if t.id > 0 {
        conn.execute(
            "UPDATE templates SET kind = ?2, provider = ?3, job_ref = ?4, language = ?5,
                 subject = ?6, body = ?7, updated_at = ?8 WHERE id = ?1",
            params![
                t.id,
                t.kind.as_str(),
                p,
                t.job_ref,
                t.language,
                t.subject,
                t.body,
                now
            ],
        )
        .map(|n| (n > 0).then_some(t.id))
    } else {
        conn.execute(
            "INSERT INTO templates (kind, provider, job_ref, language, subject, body,
                 updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                t.kind.as_str(),
                p,
                t.job_ref,
                t.language,
                t.subject,
                t.body,
                now
            ],
        )
        .map(|_| Some(conn.last_insert_rowid()))
    };
    match res {
        Ok(Some(id)) => Ok(id),
        Ok(None) => Err(AppError::new(
            ErrorKind::NotFound,
            format!("Template #{} is no longer there.", t.id),
        )),
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) => {
            Err(AppError::validation(
                "language",
                "A template for this kind, vendor, job and language exists already: edit \
                 that one instead.",
            ))
        }
        Err(e) => Err(e.into()),
    }
}
