//! The archive reader's tests: zips, tars and gzipped tars, nested,
//! damaged, oversized and hostile.

use super::*;
use std::io::Write;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

fn limits() -> Limits {
    Limits {
        max_member_bytes: 10 << 20,
        max_ratio: 100,
        max_members: 1000,
        max_depth: 1,
    }
}

fn deflated() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(CompressionMethod::Deflated)
}

/// A zip of (name, contents); names ending in '/' are directories.
fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in members {
        if name.ends_with('/') {
            w.add_directory(*name, deflated()).unwrap();
        } else {
            w.start_file(*name, deflated()).unwrap();
            w.write_all(data).unwrap();
        }
    }
    w.finish().unwrap().into_inner()
}

fn tar_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, data) in members {
        let mut h = tar::Header::new_gnu();
        h.set_mode(0o644);
        if name.ends_with('/') {
            h.set_entry_type(tar::EntryType::Directory);
            h.set_size(0);
            b.append_data(&mut h, name, io::empty()).unwrap();
        } else {
            h.set_size(data.len() as u64);
            b.append_data(&mut h, name, *data).unwrap();
        }
    }
    b.into_inner().unwrap()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn collect_file(bytes: &[u8], kind: Kind, limits: &Limits) -> Vec<Item> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("archive");
    std::fs::write(&path, bytes).unwrap();
    let mut items = Vec::new();
    let file = std::fs::File::open(&path).unwrap();
    read_opened_archive(file, &path, kind, limits, &mut |i| items.push(i)).unwrap();
    items
}

fn collect_bytes(bytes: &[u8], kind: Kind, limits: &Limits) -> Vec<Item> {
    let mut items = Vec::new();
    read_archive_bytes(bytes, kind, limits, 0, "", &mut |i| items.push(i));
    items
}

fn doc(name: &str, bytes: &[u8]) -> Item {
    Item::Doc {
        name: name.to_string(),
        bytes: bytes.to_vec(),
    }
}

/// (name, code) of every item, code "DOC" for documents.
fn summary(items: &[Item]) -> Vec<(String, &'static str)> {
    items
        .iter()
        .map(|i| match i {
            Item::Doc { name, .. } => (name.clone(), "DOC"),
            Item::Skipped { name, code, .. } => (name.clone(), *code),
        })
        .collect()
}

fn s(name: &str, code: &'static str) -> (String, &'static str) {
    (name.to_string(), code)
}

#[test]
fn kinds_by_magic_with_the_name_as_hint() {
    assert_eq!(kind_of("a.bin", b"PK\x03\x04rest"), Some(Kind::Zip));
    assert_eq!(kind_of("a.zip", b"PK\x05\x06"), Some(Kind::Zip));
    assert_eq!(kind_of("x", &gzip(b"x")), Some(Kind::TarGz));
    let tar = tar_of(&[("a.txt", b"a")]);
    assert_eq!(kind_of("whatever", &tar), Some(Kind::Tar));
    // An old-style tar without the ustar magic: the name decides.
    let mut v7 = tar[..512].to_vec();
    v7[257..265].fill(0);
    let sum = header_checksum(&v7);
    v7[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    assert_eq!(kind_of("old.TAR", &v7), Some(Kind::Tar));
    assert_eq!(kind_of("old.txt", &v7), None);
    assert_eq!(kind_of("a.zip", b"plain text"), None);
    assert_eq!(kind_of("a.txt", b""), None);
}

#[test]
fn zip_members_in_order_directories_skipped() {
    let z = zip_of(&[
        ("2023/", b""),
        ("2023/b.txt", "北京市".as_bytes()),
        ("a.html", b"<html>a</html>"),
    ]);
    let items = collect_file(&z, Kind::Zip, &limits());
    assert_eq!(
        items,
        [
            doc("2023/b.txt", "北京市".as_bytes()),
            doc("a.html", b"<html>a</html>")
        ]
    );
}

#[test]
fn gbk_member_names_are_decoded() {
    assert_eq!(member_name(b"\xB1\xA8\xB8\xE6.txt"), "报告.txt");
    assert_eq!(member_name(b"./dir\\a.txt"), "dir/a.txt");
    assert_eq!(member_name("/报告.txt".as_bytes()), "报告.txt");
}

#[test]
fn tar_gz_members_in_stored_order() {
    let t = tar_of(&[
        ("root/", b""),
        ("root/z.txt", b"zzz"),
        ("root/sub/a.txt", "二〇二三年".as_bytes()),
    ]);
    let tgz = gzip(&t);
    assert_eq!(kind_of("r.tgz", &tgz), Some(Kind::TarGz));
    let items = collect_file(&tgz, Kind::TarGz, &limits());
    assert_eq!(
        items,
        [
            doc("root/z.txt", b"zzz"),
            doc("root/sub/a.txt", "二〇二三年".as_bytes())
        ]
    );
    // Plain tar, from a file and from memory.
    assert_eq!(collect_file(&t, Kind::Tar, &limits()), items);
    assert_eq!(collect_bytes(&t, Kind::Tar, &limits()), items);
    assert_eq!(collect_bytes(&tgz, Kind::TarGz, &limits()), items);
}

#[test]
fn nested_archives_one_level_deep() {
    let deep = zip_of(&[("d.txt", b"deep")]);
    let mid = zip_of(&[("deep.zip", &deep), ("m.txt", b"mid")]);
    let inner_tgz = gzip(&tar_of(&[("t.txt", b"tar")]));
    let outer = zip_of(&[
        ("inner.zip", &zip_of(&[("a.txt", b"inner a")])),
        ("mid.zip", &mid),
        ("pack.tar.gz", &inner_tgz),
        ("top.txt", b"top"),
    ]);
    let items = collect_file(&outer, Kind::Zip, &limits());
    assert_eq!(
        summary(&items),
        [
            s("inner.zip!a.txt", "DOC"),
            s("mid.zip!deep.zip", NESTED_TOO_DEEP),
            s("mid.zip!m.txt", "DOC"),
            s("pack.tar.gz!t.txt", "DOC"),
            s("top.txt", "DOC"),
        ]
    );
    assert_eq!(items[0], doc("inner.zip!a.txt", b"inner a"));

    // Two levels allowed: the deepest is read too.
    let two = Limits {
        max_depth: 2,
        ..limits()
    };
    let items = collect_file(&outer, Kind::Zip, &two);
    assert_eq!(items[1], doc("mid.zip!deep.zip!d.txt", b"deep"));

    // No nesting allowed: every nested archive is skipped.
    let none = Limits {
        max_depth: 0,
        ..limits()
    };
    let items = collect_file(&outer, Kind::Zip, &none);
    assert_eq!(
        summary(&items),
        [
            s("inner.zip", NESTED_TOO_DEEP),
            s("mid.zip", NESTED_TOO_DEEP),
            s("pack.tar.gz", NESTED_TOO_DEEP),
            s("top.txt", "DOC"),
        ]
    );
}

#[test]
fn a_docx_member_is_a_document_not_an_archive() {
    let docx = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", b"<w:document/>"),
    ]);
    let xlsx = zip_of(&[("xl/workbook.xml", b"<workbook/>")]);
    let outer = zip_of(&[("r.docx", &docx), ("report", &docx), ("t.xlsx", &xlsx)]);
    let items = collect_bytes(&outer, Kind::Zip, &limits());
    assert_eq!(
        items,
        [
            doc("r.docx", &docx),
            doc("report", &docx),
            doc("t.xlsx", &xlsx)
        ]
    );
}

/// A zip whose `bomb.txt` is 50 MB of zeros, between two small members.
fn zip_bomb() -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file("a.txt", deflated()).unwrap();
    w.write_all(b"before").unwrap();
    w.start_file("bomb.txt", deflated()).unwrap();
    io::copy(&mut io::repeat(0).take(50 << 20), &mut w).unwrap();
    w.start_file("z.txt", deflated()).unwrap();
    w.write_all(b"after").unwrap();
    w.finish().unwrap().into_inner()
}

/// Overwrite the uncompressed size that the local and central headers of
/// `name` declare.
fn lie_about_size(zip: &mut [u8], name: &[u8], size: u32) {
    let mut patched = 0;
    let mut i = 0;
    while i + 46 < zip.len() {
        // (where the name starts, where its length is, where the size is)
        let (name_at, len_at, size_at) = match &zip[i..i + 4] {
            b"PK\x03\x04" => (30, 26, 22),
            b"PK\x01\x02" => (46, 28, 24),
            _ => {
                i += 1;
                continue;
            }
        };
        let n = u16::from_le_bytes([zip[i + len_at], zip[i + len_at + 1]]) as usize;
        if zip.get(i + name_at..i + name_at + n) == Some(name) {
            zip[i + size_at..i + size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
        i += 4;
    }
    assert_eq!(patched, 2);
}

#[test]
fn zip_bomb_is_skipped_and_the_rest_delivered() {
    let bomb = zip_bomb();
    assert!(bomb.len() < 1 << 20);
    let items = collect_file(&bomb, Kind::Zip, &limits());
    assert_eq!(
        summary(&items),
        [
            s("a.txt", "DOC"),
            s("bomb.txt", COMPRESSION_RATIO),
            s("z.txt", "DOC")
        ]
    );
    // With a generous ratio, the size limit catches it.
    let generous = Limits {
        max_ratio: 1_000_000,
        ..limits()
    };
    let items = collect_file(&bomb, Kind::Zip, &generous);
    assert_eq!(
        items[1..2],
        [Item::Skipped {
            name: "bomb.txt".into(),
            code: MEMBER_TOO_LARGE,
            message: format!(
                "the member declares {} bytes, more than the limit of {}; not read",
                50 << 20,
                10 << 20
            ),
        }]
    );
}

#[test]
fn zip_bomb_with_a_lying_header_is_still_caught() {
    let mut bomb = zip_bomb();
    lie_about_size(&mut bomb, b"bomb.txt", 1000);
    for limits in [
        limits(),
        Limits {
            max_ratio: 1_000_000,
            ..limits()
        },
    ] {
        let items = collect_file(&bomb, Kind::Zip, &limits);
        assert_eq!(items.len(), 3);
        assert_eq!(items[0], doc("a.txt", b"before"));
        assert_eq!(items[2], doc("z.txt", b"after"));
        // The zip reader refuses more bytes than the header declares.
        assert_eq!(summary(&items[1..2]), [s("bomb.txt", MEMBER_UNREADABLE)]);
    }
    // The ratio is also checked on the bytes actually read.
    let mut r = io::repeat(0).take(50 << 20);
    match read_bounded(&mut r, 1000, Some(50_000), &limits()) {
        Err(Cut::Ratio(n, 50_000)) => assert!(n <= 50_000 * 100 + 64 * 1024),
        _ => panic!("ratio not caught"),
    }
    let mut r = io::repeat(0).take(50 << 20);
    match read_bounded(&mut r, 1000, None, &limits()) {
        Err(Cut::TooLarge(n)) => assert_eq!(n, (10 << 20) + 1),
        _ => panic!("size not caught"),
    }
}

#[test]
fn tar_gz_bomb_stops_the_stream() {
    let mut b = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    h.set_mode(0o644);
    h.set_size(6);
    b.append_data(&mut h, "a.txt", &b"before"[..]).unwrap();
    h.set_size(50 << 20);
    b.append_data(&mut h, "bomb.txt", io::repeat(0).take(50 << 20))
        .unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    io::copy(&mut b.into_inner().unwrap().as_slice(), &mut gz).unwrap();
    let tgz = gz.finish().unwrap();
    let generous_size = Limits {
        max_member_bytes: 100 << 20,
        ..limits()
    };
    let items = collect_file(&tgz, Kind::TarGz, &generous_size);
    assert_eq!(
        summary(&items),
        [s("a.txt", "DOC"), s("", COMPRESSION_RATIO)]
    );
    // A too-large member declared in the header is skipped unread.
    let items = collect_file(
        &tgz,
        Kind::TarGz,
        &Limits {
            max_ratio: u64::MAX,
            ..limits()
        },
    );
    assert_eq!(
        summary(&items),
        [s("a.txt", "DOC"), s("bomb.txt", MEMBER_TOO_LARGE)]
    );
}

#[test]
fn truncated_zip_keeps_what_was_read_then_reports_corrupt() {
    let big: Vec<u8> = (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect();
    let z = zip_of(&[("a.txt", b"first"), ("b.txt", b"second"), ("c.bin", &big)]);
    let cut = &z[..z.len() / 2];
    let items = collect_file(cut, Kind::Zip, &limits());
    assert_eq!(
        summary(&items),
        [s("a.txt", "DOC"), s("b.txt", "DOC"), s("", ARCHIVE_CORRUPT)]
    );
    assert_eq!(items[1], doc("b.txt", b"second"));
    // Garbage is corrupt too, from a file and from memory.
    for items in [
        collect_file(b"PK\x03\x04 not really a zip", Kind::Zip, &limits()),
        collect_bytes(b"", Kind::Zip, &limits()),
    ] {
        assert_eq!(summary(&items), [s("", ARCHIVE_CORRUPT)]);
    }
}

#[test]
fn damaged_zip_member_is_unreadable_others_delivered() {
    let data: String = (0..2000).map(|i| format!("第{i}条;")).collect();
    let mut z = zip_of(&[("a.txt", data.as_bytes()), ("b.txt", b"fine")]);
    // Flip bytes in the middle of a.txt's compressed data.
    let u16_at = |z: &[u8], i: usize| u16::from_le_bytes([z[i], z[i + 1]]) as usize;
    let start = 30 + u16_at(&z, 26) + u16_at(&z, 28);
    let len = u32::from_le_bytes(z[18..22].try_into().unwrap()) as usize;
    assert!(len > 100);
    for b in &mut z[start + len / 2..start + len / 2 + 20] {
        *b ^= 0x5A;
    }
    let items = collect_bytes(&z, Kind::Zip, &limits());
    assert_eq!(
        summary(&items),
        [s("a.txt", MEMBER_UNREADABLE), s("b.txt", "DOC")]
    );
}

#[test]
fn encrypted_and_unsupported_members_are_reported() {
    let mut z = zip_of(&[
        ("secret.txt", b"xxxxxxxxxxxx"),
        ("bz.txt", b"yyyyyyyyyyyy"),
        ("open.txt", b"open"),
    ]);
    let local: Vec<usize> = (0..z.len() - 4)
        .filter(|&i| &z[i..i + 4] == b"PK\x03\x04")
        .collect();
    let central: Vec<usize> = (0..z.len() - 4)
        .filter(|&i| &z[i..i + 4] == b"PK\x01\x02")
        .collect();
    // secret.txt: the "encrypted" flag, in both headers.
    z[local[0] + 6] |= 1;
    z[central[0] + 8] |= 1;
    // bz.txt: compression method 12 (bzip2), which is not built in.
    z[local[1] + 8] = 12;
    z[central[1] + 10] = 12;
    let items = collect_bytes(&z, Kind::Zip, &limits());
    assert_eq!(
        summary(&items),
        [
            s("secret.txt", ENCRYPTED_MEMBER),
            s("bz.txt", MEMBER_UNREADABLE),
            s("open.txt", "DOC")
        ]
    );
}

#[test]
fn corrupt_tar_gz_is_reported_without_panic() {
    let t = tar_of(&[("a.txt", &[b'a'; 3000]), ("b.txt", &[b'b'; 3000])]);
    let tgz = gzip(&t);
    // Truncated stream.
    let items = collect_file(&tgz[..tgz.len() - 30], Kind::TarGz, &limits());
    assert_eq!(summary(&items).last().unwrap(), &s("", ARCHIVE_CORRUPT));
    // Damaged deflate data.
    let mut bad = tgz.clone();
    for b in &mut bad[12..40] {
        *b ^= 0xFF;
    }
    let items = collect_file(&bad, Kind::TarGz, &limits());
    assert_eq!(summary(&items).last().unwrap(), &s("", ARCHIVE_CORRUPT));
    // Gzip of something that is not a tar: one gzipped document, named as
    // the file (without a `.gz` it has none to drop).
    let items = collect_file(&gzip(&[7u8; 2000]), Kind::TarGz, &limits());
    assert_eq!(summary(&items), [s("archive", "DOC")]);
    let items = collect_bytes(
        &zip_of(&[("r.txt.gz", &gzip(b"report"))]),
        Kind::Zip,
        &limits(),
    );
    assert_eq!(summary(&items), [s("r.txt.gz!r.txt", "DOC")]);
    // Not gzip at all.
    let items = collect_bytes(b"\x1F\x8Bjunk", Kind::TarGz, &limits());
    assert_eq!(summary(&items), [s("", ARCHIVE_CORRUPT)]);
    // Nested corrupt archive: named after the member.
    let outer = zip_of(&[("bad.tgz", &bad), ("ok.txt", b"ok")]);
    let items = collect_bytes(&outer, Kind::Zip, &limits());
    assert_eq!(
        summary(&items),
        [s("bad.tgz", ARCHIVE_CORRUPT), s("ok.txt", "DOC")]
    );
}

#[test]
fn too_many_members_reported_once() {
    let z = zip_of(&[
        ("d/", b""),
        ("1.txt", b"1"),
        ("2.txt", b"2"),
        ("3.txt", b"3"),
        ("4.txt", b"4"),
        ("5.txt", b"5"),
    ]);
    let three = Limits {
        max_members: 3,
        ..limits()
    };
    let items = collect_file(&z, Kind::Zip, &three);
    assert_eq!(
        summary(&items),
        [
            s("1.txt", "DOC"),
            s("2.txt", "DOC"),
            s("3.txt", "DOC"),
            s("", TOO_MANY_MEMBERS)
        ]
    );
    // Members of nested archives count; the nested archive does not.
    let outer = zip_of(&[("in.zip", &z), ("x.txt", b"x")]);
    let items = collect_bytes(&outer, Kind::Zip, &three);
    assert_eq!(
        summary(&items),
        [
            s("in.zip!1.txt", "DOC"),
            s("in.zip!2.txt", "DOC"),
            s("in.zip!3.txt", "DOC"),
            s("", TOO_MANY_MEMBERS)
        ]
    );
    let t = tar_of(&[("1", b"1"), ("2", b"2"), ("3", b"3"), ("4", b"4")]);
    let items = collect_bytes(&gzip(&t), Kind::TarGz, &three);
    assert_eq!(summary(&items).len(), 4);
    assert_eq!(summary(&items)[3], s("", TOO_MANY_MEMBERS));
}

#[test]
fn missing_file_is_an_io_error() {
    let c = crate::crawl::Candidate {
        path: "/no/such/a.zip".into(),
        rel: "a.zip".into(),
        size: 0,
        depth: 1,
    };
    assert!(c.open_file().is_err());
}
