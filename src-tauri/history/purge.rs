//! What an erasure leaves in the word index's page directory, and its removal.
//!
//! With FTS5's secure-delete on (migration 0014) a deleted row's entries leave the index pages
//! themselves. One thing stays: the page directory (`invites_words_idx`) keeps, for each page,
//! the key it was filed under — usually a short prefix of the page's first word, but the whole
//! word when the page was written at the start of a merge step. Such a key can be a forgotten
//! person's surname. Keys in the trigram index (`invites_search_idx`) are at most three
//! characters and name nobody, so only the word index is checked.
//!
//! After the rows are deleted, each key that begins one of the deleted rows' words (as the index
//! itself splits them) and is four characters or longer is looked up: if no remaining row has a
//! word that begins with it, it is a leftover, and the word index is merged into one segment —
//! which files every page anew (about 1 s per 200,000 rows; rare: only when such a key exists).

use rusqlite::{params, Connection};

/// The words of `values` as the word index splits them (its tokenizer, run in a temporary
/// table), sorted.
pub(super) fn words_of(conn: &Connection, values: &[String]) -> rusqlite::Result<Vec<String>> {
    conn.execute_batch(
        "DROP TABLE IF EXISTS temp.erase_vocab;
         DROP TABLE IF EXISTS temp.erase_words;
         CREATE VIRTUAL TABLE temp.erase_words USING fts5 (t, tokenize = 'unicode61 remove_diacritics 2');
         CREATE VIRTUAL TABLE temp.erase_vocab USING fts5vocab ('temp', 'erase_words', 'row');",
    )?;
    {
        let mut add = conn.prepare("INSERT INTO temp.erase_words (t) VALUES (?1)")?;
        for v in values {
            add.execute([v])?;
        }
    }
    let words = {
        let mut st = conn.prepare("SELECT term FROM temp.erase_vocab ORDER BY term")?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect::<rusqlite::Result<Vec<String>>>()?
    };
    conn.execute_batch(
        "DROP TABLE temp.erase_vocab;
         DROP TABLE temp.erase_words;",
    )?;
    Ok(words)
}

/// How many keys of the word index's page directory begin one of `words` (sorted), are four
/// characters or longer, and begin no word of any remaining row.
pub(super) fn leftover_keys(conn: &Connection, words: &[String]) -> rusqlite::Result<usize> {
    if words.is_empty() {
        return Ok(0);
    }
    let keys: Vec<Vec<u8>> = {
        let mut st = conn.prepare("SELECT term FROM invites_words_idx")?;
        let rows = st.query_map([], |r| r.get::<_, Vec<u8>>(0))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    let mut still_used =
        conn.prepare("SELECT EXISTS (SELECT 1 FROM invites_words WHERE invites_words MATCH ?1)")?;
    let mut left = 0;
    for key in keys {
        // The main index's keys start with '0'; '1' and '2' are the one- and two-letter
        // prefix indexes.
        let Some(b'0') = key.first() else { continue };
        let Ok(key) = std::str::from_utf8(&key[1..]) else {
            continue;
        };
        if key.chars().count() < 4 {
            continue;
        }
        // The first word not before the key is the only one it can begin.
        let at = words.partition_point(|w| w.as_str() < key);
        if !words.get(at).is_some_and(|w| w.starts_with(key)) {
            continue;
        }
        let phrase = format!("\"{}\" *", key.replace('"', "\"\""));
        if !still_used.query_row(params![phrase], |r| r.get::<_, bool>(0))? {
            left += 1;
        }
    }
    Ok(left)
}

/// Merges the word index into one segment, so every page is filed anew. A dummy entry written
/// and deleted first makes sure there is something to merge (an index already in one segment
/// would be left as it is).
pub(super) fn merge_words(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "BEGIN IMMEDIATE;
         INSERT INTO invites_words (rowid, candidate_name, candidate_email, job_ref, job_name, link)
             VALUES (-1, 'merge', 'merge', 'merge', 'merge', 'merge');
         INSERT INTO invites_words (invites_words, rowid, candidate_name, candidate_email, job_ref, job_name, link)
             VALUES ('delete', -1, 'merge', 'merge', 'merge', 'merge', 'merge');
         COMMIT;
         INSERT INTO invites_words (invites_words) VALUES ('optimize');",
    )
}
