//! Sheets made by code for the hostile-file tests: a minimal .xlsx and .ods written part by
//! part into a zip built here (so a part can lie about its size, or be a deflate bomb), a
//! deflate stream of one repeated row, a legacy .xls, and the parent's memory as Linux reports
//! it.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

/// CRC-32 (IEEE), bit by bit: the test parts are small.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// One part of a zip: its name, method (0 stored, 8 deflated), CRC, bytes as stored, and the
/// unpacked size it declares.
pub struct Part {
    pub name: String,
    pub method: u16,
    pub crc: u32,
    pub data: Vec<u8>,
    pub size: u32,
}

impl Part {
    pub fn stored(name: &str, data: impl Into<Vec<u8>>) -> Part {
        let data = data.into();
        Part {
            name: name.to_string(),
            method: 0,
            crc: crc32(&data),
            size: data.len() as u32,
            data,
        }
    }
}

/// A zip of the parts, local headers then the central directory.
pub fn zip_of(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for p in parts {
        let offset = out.len() as u32;
        let common = |v: &mut Vec<u8>| {
            v.extend_from_slice(&20u16.to_le_bytes()); // version needed
            v.extend_from_slice(&0u16.to_le_bytes()); // flags
            v.extend_from_slice(&p.method.to_le_bytes());
            v.extend_from_slice(&0u32.to_le_bytes()); // time, date
            v.extend_from_slice(&p.crc.to_le_bytes());
            v.extend_from_slice(&(p.data.len() as u32).to_le_bytes());
            v.extend_from_slice(&p.size.to_le_bytes());
            v.extend_from_slice(&(p.name.len() as u16).to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes()); // extra
        };
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        common(&mut out);
        out.extend_from_slice(p.name.as_bytes());
        out.extend_from_slice(&p.data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes()); // version made by
        common(&mut central);
        central.extend_from_slice(&[0; 6]); // comment, disk, internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(p.name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(parts.len() as u16).to_le_bytes());
    out.extend_from_slice(&(parts.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const DOC: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The parts of a one-sheet .xlsx around the sheet's XML and the shared strings' XML.
pub fn xlsx_parts(sheet: Part, shared_strings: &str) -> Vec<Part> {
    let types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
         <Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
         <Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>";
    let root_rels = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{RELS}\"><Relationship \
         Id=\"rId1\" Type=\"{DOC}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
    );
    let workbook = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{MAIN}\" xmlns:r=\"{DOC}\">\
         <sheets><sheet name=\"Candidates\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
    );
    let workbook_rels = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{RELS}\">\
         <Relationship Id=\"rId1\" Type=\"{DOC}/worksheet\" Target=\"worksheets/sheet1.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"{DOC}/sharedStrings\" Target=\"sharedStrings.xml\"/>\
         </Relationships>"
    );
    vec![
        Part::stored("[Content_Types].xml", types),
        Part::stored("_rels/.rels", root_rels),
        Part::stored("xl/workbook.xml", workbook),
        Part::stored("xl/_rels/workbook.xml.rels", workbook_rels),
        sheet,
        Part::stored("xl/sharedStrings.xml", shared_strings),
    ]
}

/// A worksheet's XML around its rows.
pub fn sheet_xml(rows: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{MAIN}\"><sheetData>{rows}\
         </sheetData></worksheet>"
    )
}

/// Shared strings with the given declared unique count.
pub fn shared_strings_xml(strings: &[&str], unique_count: &str) -> String {
    let items: String = strings
        .iter()
        .map(|s| format!("<si><t>{s}</t></si>"))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"{MAIN}\" count=\"{}\" \
         uniqueCount=\"{unique_count}\">{items}</sst>",
        strings.len()
    )
}

/// One row of inline-string cells (columns A, B, …).
pub fn inline_row(row: u32, cells: &[&str]) -> String {
    let mut s = format!("<row r=\"{row}\">");
    for (i, c) in cells.iter().enumerate() {
        let col = (b'A' + i as u8) as char;
        s.push_str(&format!(
            "<c r=\"{col}{row}\" t=\"inlineStr\"><is><t>{c}</t></is></c>"
        ));
    }
    s.push_str("</row>");
    s
}

/// A one-sheet .xlsx of inline strings: the header, then each row at its own row number.
pub fn xlsx(rows: &[(u32, Vec<String>)]) -> Vec<u8> {
    let body: String = rows
        .iter()
        .map(|(r, cells)| inline_row(*r, &cells.iter().map(String::as_str).collect::<Vec<_>>()))
        .collect();
    zip_of(&xlsx_parts(
        Part::stored("xl/worksheets/sheet1.xml", sheet_xml(&body)),
        &shared_strings_xml(&[], "0"),
    ))
}

/// Bits written least-significant first, as deflate packs them.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u32, len: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += len;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code, which deflate writes most-significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        let reversed = code.reverse_bits() >> (32 - len);
        self.put(reversed, len);
    }

    fn literal(&mut self, b: u8) {
        if b < 144 {
            self.code(0x30 + u32::from(b), 8);
        } else {
            self.code(0x190 + u32::from(b) - 144, 9);
        }
    }
}

/// A raw deflate stream (one block, fixed codes) of `prefix`, then `unit` repeated until the
/// output reaches `total` bytes: each further 258 bytes is one back-reference of about 17 bits,
/// so hundreds of MB pack into a few MB without ever being built here.
pub fn deflate_repeating(prefix: &[u8], unit: &[u8], total: usize) -> Vec<u8> {
    let mut bits = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    bits.put(1, 1); // last block
    bits.put(1, 2); // fixed Huffman codes
    for &b in prefix.iter().chain(unit) {
        bits.literal(b);
    }
    let d = unit.len() as u32;
    assert!(
        (5..=32_768).contains(&d),
        "the unit must be 5 to 32768 bytes"
    );
    let e = 31 - (d - 1).leading_zeros() - 1;
    let dist_code = 2 * e + 2 + (((d - 1) >> e) & 1);
    let dist_extra = (d - 1) & ((1 << e) - 1);
    let mut written = prefix.len() + unit.len();
    while written + 258 <= total {
        bits.code(0xC5, 8); // length 258 (code 285)
        bits.code(dist_code, 5);
        bits.put(dist_extra, e);
        written += 258;
    }
    bits.code(0, 7); // end of block
    bits.put(0, 7);
    bits.out
}

/// An .ods of one table, its rows given as `table:table-row` XML.
pub fn ods(rows_xml: &str) -> Vec<u8> {
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content \
         xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet><table:table table:name=\"Candidates\">{rows_xml}\
         </table:table></office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest \
         xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
         <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
         <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
         </manifest:manifest>";
    zip_of(&[
        Part::stored("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        Part::stored("META-INF/manifest.xml", manifest),
        Part::stored("content.xml", content),
    ])
}

/// An .ods row of string cells.
pub fn ods_row(cells: &[&str]) -> String {
    let mut s = String::from("<table:table-row>");
    for c in cells {
        s.push_str(&format!(
            "<table:table-cell office:value-type=\"string\"><text:p>{c}</text:p></table:table-cell>"
        ));
    }
    s.push_str("</table:table-row>");
    s
}

/// A legacy .xls whose compound-file header declares sector counts the file cannot hold: a
/// FAT of 2^32 - 1 sectors, a DIFAT chain that starts at sector 0 and points back at itself,
/// 612 bytes in all.
pub fn xls_with_a_corrupt_header() -> Vec<u8> {
    let mut b = vec![0u8; 612];
    b[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    b[24..26].copy_from_slice(&0x003Eu16.to_le_bytes()); // minor version
    b[26..28].copy_from_slice(&3u16.to_le_bytes()); // major version 3: 512-byte sectors
    b[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes()); // byte order
    b[30..32].copy_from_slice(&9u16.to_le_bytes()); // sector shift
    b[32..34].copy_from_slice(&6u16.to_le_bytes()); // mini sector shift
    b[44..48].copy_from_slice(&u32::MAX.to_le_bytes()); // FAT sectors
    b[48..52].copy_from_slice(&0u32.to_le_bytes()); // first directory sector
    b[56..60].copy_from_slice(&4096u32.to_le_bytes()); // mini stream cutoff
    b[60..64].copy_from_slice(&0u32.to_le_bytes()); // first mini FAT sector
    b[64..68].copy_from_slice(&u32::MAX.to_le_bytes()); // mini FAT sectors
    b[68..72].copy_from_slice(&0u32.to_le_bytes()); // first DIFAT sector: sector 0
    b[72..76].copy_from_slice(&u32::MAX.to_le_bytes()); // DIFAT sectors
                                                        // The header's DIFAT and sector 0 are zeros: every FAT sector is sector 0.
    b
}

/// A field of /proc/self/status in KiB (VmRSS, VmHWM); 0 where there is none.
pub fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(&format!("{field}:")))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Runs `f` and returns its result with how far this process's resident memory rose above
/// where it was, in MiB (the peak is reset first, where Linux allows it).
pub fn peak_growth<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = status_kib("VmRSS");
    let out = f();
    let peak = status_kib("VmHWM").max(status_kib("VmRSS"));
    (out, peak.saturating_sub(before) as f64 / 1024.0)
}

fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend_from_slice(&typ.to_le_bytes());
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
}

fn bof(kind: u16) -> Vec<u8> {
    let mut d = Vec::new();
    for v in [0x0600u16, kind, 0x0DBB, 0x07CC] {
        d.extend_from_slice(&v.to_le_bytes());
    }
    d.extend_from_slice(&0u32.to_le_bytes());
    d.extend_from_slice(&6u32.to_le_bytes());
    d
}

/// A legacy .xls (BIFF8 in a version-3 compound file) of one worksheet of text cells: the
/// workbook stream is padded to 4096 bytes so it lives in ordinary sectors.
pub fn xls(rows: &[&[&str]]) -> Vec<u8> {
    // The workbook globals: BOF, code page (UTF-16), one sheet, EOF.
    let sheet_name = b"Candidates";
    let mut globals = Vec::new();
    record(&mut globals, 0x0809, &bof(0x0005));
    record(&mut globals, 0x0042, &1200u16.to_le_bytes());
    let boundsheet_at = globals.len();
    let mut bs = vec![0u8; 4]; // the sheet's offset, set below
    bs.extend_from_slice(&[0, 0, sheet_name.len() as u8, 0]);
    bs.extend_from_slice(sheet_name);
    record(&mut globals, 0x0085, &bs);
    record(&mut globals, 0x000A, &[]);
    let sheet_at = globals.len() as u32;
    globals[boundsheet_at + 4..boundsheet_at + 8].copy_from_slice(&sheet_at.to_le_bytes());
    // The worksheet: BOF, one LABEL per cell, EOF.
    let mut stream = globals;
    record(&mut stream, 0x0809, &bof(0x0010));
    for (r, cells) in rows.iter().enumerate() {
        for (c, text) in cells.iter().enumerate() {
            let mut d = Vec::new();
            for v in [r as u16, c as u16, 0] {
                d.extend_from_slice(&v.to_le_bytes());
            }
            d.extend_from_slice(&(text.len() as u16).to_le_bytes());
            d.push(0); // 8-bit characters
            d.extend_from_slice(text.as_bytes());
            record(&mut stream, 0x0204, &d);
        }
    }
    record(&mut stream, 0x000A, &[]);
    let size = stream.len().max(4096);
    stream.resize(size.div_ceil(512) * 512, 0);
    let sectors = stream.len() / 512;

    let mut b = vec![0u8; 512];
    b[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    b[24..26].copy_from_slice(&0x003Eu16.to_le_bytes());
    b[26..28].copy_from_slice(&3u16.to_le_bytes());
    b[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    b[30..32].copy_from_slice(&9u16.to_le_bytes());
    b[32..34].copy_from_slice(&6u16.to_le_bytes());
    b[44..48].copy_from_slice(&1u32.to_le_bytes()); // one FAT sector: sector 0
    b[48..52].copy_from_slice(&1u32.to_le_bytes()); // the directory: sector 1
    b[56..60].copy_from_slice(&4096u32.to_le_bytes());
    b[60..64].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no mini FAT
    b[68..72].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no DIFAT sectors
    for i in 0..109 {
        let v: u32 = if i == 0 { 0 } else { 0xFFFF_FFFF };
        b[76 + 4 * i..80 + 4 * i].copy_from_slice(&v.to_le_bytes());
    }
    // Sector 0: the FAT.
    let mut fat = vec![0xFFFF_FFFDu32, 0xFFFF_FFFE];
    for s in 0..sectors {
        fat.push(if s + 1 == sectors {
            0xFFFF_FFFE
        } else {
            (s + 3) as u32
        });
    }
    fat.resize(128, 0xFFFF_FFFF);
    for v in fat {
        b.extend_from_slice(&v.to_le_bytes());
    }
    // Sector 1: the directory, the root and the workbook stream.
    let entry = |name: &str, kind: u8, child: u32, start: u32, size: u32| {
        let mut e = vec![0u8; 128];
        let units: Vec<u16> = name.encode_utf16().collect();
        for (i, u) in units.iter().enumerate() {
            e[2 * i..2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
        e[64..66].copy_from_slice(&((units.len() as u16 + 1) * 2).to_le_bytes());
        e[66] = kind;
        e[67] = 1;
        e[68..72].copy_from_slice(&u32::MAX.to_le_bytes());
        e[72..76].copy_from_slice(&u32::MAX.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        e
    };
    b.extend(entry("Root Entry", 5, 1, 0xFFFF_FFFE, 0));
    b.extend(entry("Workbook", 2, u32::MAX, 2, size as u32));
    b.extend(entry("", 0, u32::MAX, u32::MAX, 0));
    b.extend(entry("", 0, u32::MAX, u32::MAX, 0));
    b.extend_from_slice(&stream);
    b
}
