//! The song search as one statement (SPEC §5b): each filter given adds a condition with its
//! value bound, never written into the text, and the database orders and counts, so a band
//! of 10,000 songs answers a page of them without reading the rest.

use rehearsalhub_core::{SongFind, SongSort, SongStatus, StoreError};

/// A value bound to a placeholder of [`find_songs`]'s statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bind {
    /// A number.
    Int(i64),
    /// Text.
    Text(String),
}

/// `text` for a `LIKE … ESCAPE '\'` pattern that matches it literally.
fn like_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The statement and its values for `find`; `byte_order` is the collation clause that makes
/// text compare by bytes (as the core's folded titles sort), empty where that is the default.
pub fn find_songs(find: &SongFind, byte_order: &str) -> Result<(String, Vec<Bind>), StoreError> {
    let mut binds = vec![Bind::Int(find.band.0)];
    let mark = |b: Bind, binds: &mut Vec<Bind>| {
        binds.push(b);
        format!("${}", binds.len())
    };
    let mut sql = format!(
        "SELECT {} FROM songs s WHERE s.band_id = $1",
        "s.id, s.band_id, s.title, s.created_at, s.tags, s.musical_key, s.bpm, s.status, s.notes"
    );
    if let Some(t) = &find.title {
        let m = mark(Bind::Text(format!("%{}%", like_literal(t))), &mut binds);
        sql += &format!(" AND s.title_fold LIKE {m} ESCAPE '\\'");
    }
    for tag in &find.tags {
        // The tags column is the JSON array of normal tags: a tag is in it exactly when its
        // JSON string (quotes included) is.
        let quoted = serde_json::to_string(tag).map_err(|e| StoreError::Backend(e.to_string()))?;
        let m = mark(
            Bind::Text(format!("%{}%", like_literal(&quoted))),
            &mut binds,
        );
        sql += &format!(" AND s.tags LIKE {m} ESCAPE '\\'");
    }
    if let Some(k) = &find.key {
        let m = mark(Bind::Text(k.as_str().to_owned()), &mut binds);
        sql += &format!(" AND s.musical_key = {m}");
    }
    if let Some(lo) = find.bpm_min {
        let m = mark(Bind::Int(lo), &mut binds);
        sql += &format!(" AND s.bpm >= {m}");
    }
    if let Some(hi) = find.bpm_max {
        let m = mark(Bind::Int(hi), &mut binds);
        sql += &format!(" AND s.bpm <= {m}");
    }
    if !find.statuses.is_empty() {
        let marks: Vec<String> = find
            .statuses
            .iter()
            .map(|s| mark(Bind::Text(s.as_str().to_owned()), &mut binds))
            .collect();
        sql += &format!(" AND s.status IN ({})", marks.join(", "));
    }
    if let Some(session) = find.session {
        let m = mark(Bind::Int(session.0), &mut binds);
        // From the session's takes (its own index) to their songs, not from every song of
        // the band to its takes: the latter took 500 ms on SQLite.
        sql += &format!(" AND s.id IN (SELECT v.song_id FROM versions v WHERE v.session_id = {m})");
    }
    let by_title = format!("s.title_fold{byte_order}, s.id");
    sql += &match find.sort {
        SongSort::Title => format!(" ORDER BY {by_title}"),
        SongSort::Status => {
            let rank: Vec<String> = SongStatus::ALL
                .iter()
                .enumerate()
                .map(|(i, s)| format!("WHEN '{}' THEN {i}", s.as_str()))
                .collect();
            format!(" ORDER BY CASE s.status {} END, {by_title}", rank.join(" "))
        }
        // Newest take first; a song without takes after every song with one.
        SongSort::Latest => format!(
            " ORDER BY COALESCE((SELECT MAX(v.created_at) FROM versions v \
             WHERE v.song_id = s.id), -1) DESC, {by_title}"
        ),
    };
    if let Some(limit) = find.limit {
        let m = mark(Bind::Int(limit), &mut binds);
        sql += &format!(" LIMIT {m}");
    }
    Ok((sql, binds))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rehearsalhub_core::{BandId, Tag};

    #[test]
    fn values_are_bound_and_wildcards_in_them_are_literal() {
        let find = SongFind {
            band: BandId(3),
            title: Some("100%_sure\\".into()),
            tags: vec![Tag::parse("rock'n'roll").unwrap()],
            key: None,
            bpm_min: Some(90),
            bpm_max: None,
            statuses: vec![SongStatus::Ready],
            session: None,
            sort: SongSort::Title,
            limit: Some(50),
        };
        let (sql, binds) = find_songs(&find, "").unwrap();
        assert!(!sql.contains("100") && !sql.contains("rock"), "{sql}");
        assert_eq!(
            binds,
            vec![
                Bind::Int(3),
                Bind::Text("%100\\%\\_sure\\\\%".into()),
                Bind::Text("%\"rock'n'roll\"%".into()),
                Bind::Int(90),
                Bind::Text("ready".into()),
                Bind::Int(50),
            ]
        );
        assert!(
            sql.ends_with("ORDER BY s.title_fold, s.id LIMIT $6"),
            "{sql}"
        );
    }
}
