//! Which organ a report belongs to, as a key that stays the same across the
//! years: `SCOPE|NAME`.
//!
//! Organs name themselves differently from one year to the next (四季镇,
//! 四季镇人民政府, 岚皋县四季镇人民政府, with or without spaces), and short names
//! repeat across the country (every county has its 城关镇). The key is made of
//! two parts:
//!
//! - **SCOPE**, the county-level place the organ sits in: the innermost
//!   folder of the document's path (archive members included) whose name ends
//!   in 县, 区, 市, 旗 or 州 — a crawl keeps a site's documents under the same
//!   folders year after year, while documents print their county only
//!   sometimes. Where the path has no such folder, the `region` the document
//!   names.
//! - **NAME**, the organ's name with whitespace removed, everything up to and
//!   including the SCOPE cut off when the name contains it (岚皋县四季镇 →
//!   四季镇), and a trailing 人民政府, 政府 or 办事处 removed (四季镇人民政府 →
//!   四季镇, 城关街道办事处 → 城关街道). A name that is nothing but the
//!   government (岚皋县人民政府 in 岚皋县) becomes 人民政府.
//!
//! Without a SCOPE, a name is kept only when it locates itself (it names a
//! 县/区/市/旗/州 before its last character, like 岚皋县教育局); a bare 城关镇
//! has no key, so it is never matched with another county's 城关镇.

/// The characters that end the name of a county-level (or city) place.
const PLACE_ENDS: [char; 5] = ['县', '区', '市', '旗', '州'];

/// Suffixes removed from the end of a name, longest first.
const GOVERNMENT_SUFFIXES: [&str; 3] = ["人民政府", "办事处", "政府"];

/// A folder or region name that looks like a county-level place: two to ten
/// characters ending in one of [`PLACE_ENDS`].
fn is_place(name: &str) -> bool {
    let n = name.chars().count();
    (2..=10).contains(&n) && name.chars().last().is_some_and(|c| PLACE_ENDS.contains(&c))
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The innermost place folder of `source_path` followed by `member` (the
/// file names themselves excluded).
fn path_scope(source_path: &str, member: Option<&str>) -> Option<String> {
    fn push_folders<'a>(folders: &mut Vec<&'a str>, path: &'a str) {
        let mut parts: Vec<&str> = path.split(['/', '\\']).collect();
        parts.pop();
        folders.extend(parts);
    }
    let mut folders: Vec<&str> = Vec::new();
    push_folders(&mut folders, source_path);
    if let Some(m) = member {
        // Nested archives: `inner.zip!path`.
        for part in m.split('!') {
            push_folders(&mut folders, part);
        }
    }
    folders
        .iter()
        .rev()
        .map(|f| squeeze(f))
        .find(|f| is_place(f))
}

/// The organ key of a document, or `None` when its organ cannot be told
/// apart from others of the same name. See the module documentation.
pub fn organ_key(
    organ: Option<&str>,
    region: Option<&str>,
    source_path: &str,
    member: Option<&str>,
) -> Option<String> {
    let mut name = squeeze(organ?);
    let scope = path_scope(source_path, member)
        .or_else(|| region.map(squeeze).filter(|r| !r.is_empty()))
        .unwrap_or_default();
    if !scope.is_empty() {
        if let Some(at) = name.find(&scope) {
            name.drain(..at + scope.len());
        }
    }
    for suffix in GOVERNMENT_SUFFIXES {
        if let Some(rest) = name.strip_suffix(suffix) {
            name = if rest.is_empty() {
                "人民政府".to_string()
            } else {
                rest.to_string()
            };
            break;
        }
    }
    if name.chars().count() < 2 {
        return None;
    }
    if scope.is_empty() {
        let mut chars: Vec<char> = name.chars().collect();
        chars.pop();
        if !chars.iter().any(|c| PLACE_ENDS.contains(c)) {
            return None;
        }
    }
    Some(format!("{scope}|{name}"))
}

#[cfg(test)]
mod tests {
    use super::organ_key;

    #[test]
    fn variants_of_one_township_share_a_key() {
        let path = "陕西省/安康市/岚皋县/乡镇/四季镇/2021年报.txt";
        let names = [
            "四季镇",
            "四季镇人民政府",
            "岚皋县四季镇",
            "岚皋县 四季镇人民政府",
        ];
        for name in names {
            assert_eq!(
                organ_key(Some(name), None, path, None).as_deref(),
                Some("岚皋县|四季镇"),
                "{name}"
            );
        }
        // The region the document prints does not change the key when the
        // path says where the organ is.
        assert_eq!(
            organ_key(Some("四季镇"), Some("岚皋县"), path, None).as_deref(),
            Some("岚皋县|四季镇")
        );
    }

    #[test]
    fn scope_comes_from_archive_members_and_then_the_region() {
        assert_eq!(
            organ_key(
                Some("城关街道办事处"),
                None,
                "a/b.zip",
                Some("x/平利县/n.txt")
            )
            .as_deref(),
            Some("平利县|城关街道")
        );
        assert_eq!(
            organ_key(Some("城关镇"), Some("平利县"), "flat/1.txt", None).as_deref(),
            Some("平利县|城关镇")
        );
    }

    #[test]
    fn governments_and_departments_keep_apart() {
        let path = "省/安康市/岚皋县/岚皋县人民政府/2020.html";
        assert_eq!(
            organ_key(Some("岚皋县人民政府"), None, path, None).as_deref(),
            Some("岚皋县|人民政府")
        );
        assert_eq!(
            organ_key(Some("安康市岚皋县人民政府"), None, path, None).as_deref(),
            Some("岚皋县|人民政府")
        );
        assert_eq!(
            organ_key(Some("岚皋县人民政府办公室"), None, path, None).as_deref(),
            Some("岚皋县|人民政府办公室")
        );
        assert_eq!(
            organ_key(Some("岚皋县教育局"), None, path, None).as_deref(),
            Some("岚皋县|教育局")
        );
    }

    #[test]
    fn a_bare_name_without_a_place_has_no_key() {
        assert_eq!(organ_key(Some("城关镇"), None, "x/1.txt", None), None);
        assert_eq!(organ_key(None, Some("岚皋县"), "岚皋县/1.txt", None), None);
        assert_eq!(
            organ_key(Some("岚皋县教育局"), None, "x/1.txt", None).as_deref(),
            Some("|岚皋县教育局")
        );
    }
}
