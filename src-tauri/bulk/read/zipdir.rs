//! A zip's central directory read straight from its bytes, every offset checked and nothing
//! allocated from what it declares: the part count and unpacked sizes a workbook claims are
//! refused past the bounds before any part is unpacked (`scan` then counts what each part
//! really unpacks to, since a part may lie).

use super::refuse;
use crate::error::{AppError, AppResult};

pub(super) const SAVE_AGAIN: &str =
    "Open it in your spreadsheet app and save it again as .xlsx or CSV.";

/// A spreadsheet holds a few dozen parts.
pub(super) const MAX_PARTS: u64 = 10_000;
/// The most one part may unpack to, and all parts together.
pub(super) const MAX_PART_BYTES: u64 = 100 * 1024 * 1024;
pub(super) const MAX_TOTAL_BYTES: u64 = 200 * 1024 * 1024;
pub(super) fn part_too_big(name: &str, part: &str) -> AppError {
    refuse(format!(
        "“{name}” unpacks to more than {} MB in one part ({part}); a sheet of candidates takes a \
         few MB, so the file is damaged or made to exhaust memory. {SAVE_AGAIN}",
        MAX_PART_BYTES / 1_048_576
    ))
}

pub(super) fn total_too_big(name: &str) -> AppError {
    refuse(format!(
        "“{name}” unpacks to more than {} MB; a sheet of candidates takes a few MB, so the file \
         is damaged or made to exhaust memory. {SAVE_AGAIN}",
        MAX_TOTAL_BYTES / 1_048_576
    ))
}

fn u16_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?).into())
}
fn u32_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?).into())
}
fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// The part count and the unpacked sizes the zip's central directory declares, read from the
/// bytes with every offset checked. A directory this cannot follow is left to the zip reader,
/// whose unpacking is counted anyway.
pub(super) fn central_directory(name: &str, bytes: &[u8]) -> AppResult<()> {
    let Some((mut parts, offset, end)) = directory(bytes) else {
        return Ok(());
    };
    if parts > MAX_PARTS {
        return Err(too_many_parts(name, parts));
    }
    let (mut at, mut total, mut seen) = (offset, 0u64, 0u64);
    while at < end {
        let Some(header) = bytes.get(at..at + 46) else {
            break;
        };
        if u32_at(header, 0) != Some(0x0201_4b50) {
            break;
        }
        let field = |o| u16_at(header, o).unwrap_or(0) as usize;
        let (name_len, extra_len, comment_len) = (field(28), field(30), field(32));
        let part = bytes.get(at + 46..at + 46 + name_len).unwrap_or_default();
        let extra = bytes
            .get(at + 46 + name_len..at + 46 + name_len + extra_len)
            .unwrap_or_default();
        let mut size = u32_at(header, 24).unwrap_or(0);
        if size == 0xFFFF_FFFF {
            size = zip64_size(extra).unwrap_or(u64::MAX);
        }
        let part = String::from_utf8_lossy(part);
        if size > MAX_PART_BYTES {
            return Err(part_too_big(name, &part));
        }
        total = total.saturating_add(size);
        if total > MAX_TOTAL_BYTES {
            return Err(total_too_big(name));
        }
        seen += 1;
        parts = parts.max(seen);
        if parts > MAX_PARTS {
            return Err(too_many_parts(name, parts));
        }
        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(())
}

fn too_many_parts(name: &str, parts: u64) -> AppError {
    refuse(format!(
        "“{name}” holds {parts} parts; a spreadsheet holds a few dozen, so the file is damaged or \
         is not a spreadsheet. {SAVE_AGAIN}"
    ))
}

/// The declared part count, and where the central directory starts and ends.
fn directory(b: &[u8]) -> Option<(u64, usize, usize)> {
    let from = b.len().saturating_sub(22 + 65_535);
    let eocd = (from..=b.len().checked_sub(22)?)
        .rev()
        .find(|&i| u32_at(b, i) == Some(0x0605_4b50))?;
    let (mut parts, mut size, mut offset) = (
        u16_at(b, eocd + 10)?,
        u32_at(b, eocd + 12)?,
        u32_at(b, eocd + 16)?,
    );
    if parts == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
        // ZIP64: the locator just before points at the larger record.
        let locator = eocd.checked_sub(20)?;
        if u32_at(b, locator) == Some(0x0706_4b50) {
            let record = usize::try_from(u64_at(b, locator + 8)?).ok()?;
            if u32_at(b, record) == Some(0x0606_4b50) {
                parts = u64_at(b, record + 32)?;
                size = u64_at(b, record + 40)?;
                offset = u64_at(b, record + 48)?;
            }
        }
    }
    let offset = usize::try_from(offset).ok()?;
    let end = offset
        .saturating_add(usize::try_from(size).ok()?)
        .min(b.len());
    Some((parts, offset, end))
}

/// The unpacked size in a ZIP64 extra field (id 1), which comes first in it.
fn zip64_size(mut extra: &[u8]) -> Option<u64> {
    while extra.len() >= 4 {
        let (id, len) = (u16_at(extra, 0)?, u16_at(extra, 2)? as usize);
        if id == 1 {
            return u64_at(extra, 4);
        }
        extra = extra.get(4 + len..)?;
    }
    None
}
