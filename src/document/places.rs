//! Where a report's own names place it: its organ, region and title (in
//! that order of trust) handed to [`crate::regions::locate`], which answers
//! only when they pin exactly one division of the official list. The path a
//! document was found under is no name of its own and is not used.
//!
//! An organ of a functional zone (开发区, 高新区, 风景区, 示范区, 工业园区,
//! …) reports for the zone, which is no administrative division and has no
//! code: the city or county its name starts with is where the zone lies,
//! not what the report covers, so such a report gets no code.

use crate::model::{Metadata, Place};
use crate::regions;

/// Words of functional zones, none of them in any division's name (a test
/// checks): development zones, scenic and holiday areas, pilot and
/// demonstration zones, bonded and cooperation zones, industrial parks,
/// management areas. Not 新区 (浦东新区 is a district) nor a bare 园区
/// (下花园区 is one).
const ZONE_WORDS: &[&str] = &[
    "开发区",
    "高新区",
    "风景区",
    "名胜区",
    "旅游区",
    "度假区",
    "实验区",
    "示范区",
    "试验区",
    "保税区",
    "合作区",
    "自贸区",
    "工业园",
    "产业园",
    "科技园",
    "管理区",
    "開發區",
    "風景區",
];

/// The division `md`'s organ, region and title point to, or None.
pub fn place_of(md: &Metadata) -> Option<Place> {
    let names = [&md.organ, &md.region, &md.title].map(|s| s.as_deref().unwrap_or(""));
    if names.iter().all(|s| s.is_empty()) || names.iter().any(|s| names_a_zone(s)) {
        return None;
    }
    regions::locate(&names).map(|p| Place {
        region_code: p.region_code,
        province: p.province,
        prefecture: p.prefecture,
        county: p.county,
    })
}

/// Whether `s` names a functional zone (white space ignored).
fn names_a_zone(s: &str) -> bool {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    ZONE_WORDS.iter().any(|w| s.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_division_is_named_with_a_zone_word() {
        let list = include_str!("../../assets/divisions/divisions.tsv");
        for line in list.lines().skip(1) {
            let name = line.split('\t').nth(1).unwrap_or("");
            assert!(!names_a_zone(name), "{name} is a division");
        }
    }

    #[test]
    fn an_organ_of_a_zone_gets_no_code() {
        let zone = "武汉市东湖生态旅游风景区管理委员会卫生健康办公室";
        assert_eq!(place_of(&md(zone, "武汉市", "")), None);
        assert_eq!(
            place_of(&md("岚皋县工业园区管理委员会", "岚皋县", "")),
            None
        );
        assert_eq!(
            place_of(&md("", "", "西安高新区2020年政府信息公开工作年度报告")),
            None
        );
        // 新区 and 园区 can be districts.
        let p = place_of(&md("上海市浦东新区人民政府", "", "")).unwrap();
        assert_eq!(p.region_code, "310115");
        let p = place_of(&md("张家口市下花园区人民政府", "", "")).unwrap();
        assert_eq!(p.region_code, "130706");
    }

    fn md(organ: &str, region: &str, title: &str) -> Metadata {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Metadata {
            organ: some(organ),
            region: some(region),
            title: some(title),
            ..Metadata::default()
        }
    }

    #[test]
    fn a_township_gets_its_county_when_the_county_is_named() {
        let p = place_of(&md("四季镇人民政府", "岚皋县", "")).unwrap();
        assert_eq!(p.region_code, "610925");
        assert_eq!(p.province, "陕西省");
        assert_eq!(p.prefecture.as_deref(), Some("安康市"));
        assert_eq!(p.county.as_deref(), Some("岚皋县"));
    }

    #[test]
    fn names_that_do_not_pin_one_division_give_none() {
        // A township alone: every county may have a 城关镇.
        assert_eq!(place_of(&md("城关镇人民政府", "", "")), None);
        // 朝阳区 is in 北京 and in 长春.
        assert_eq!(place_of(&md("朝阳区人民政府", "", "")), None);
        // A title naming another county withholds the code.
        assert_eq!(
            place_of(&md(
                "岚皋县教育局",
                "",
                "平利县2020年政府信息公开工作年度报告"
            )),
            None
        );
        // Renamed (襄樊 is 襄阳 since 2010) and fictional places.
        assert_eq!(place_of(&md("襄樊市人民政府", "", "")), None);
        assert_eq!(place_of(&md("桃花源县人民政府", "", "")), None);
        assert_eq!(place_of(&Metadata::default()), None);
    }

    #[test]
    fn the_title_can_pin_what_the_organ_leaves_open() {
        let p = place_of(&md(
            "朝阳区人民政府",
            "",
            "北京市朝阳区2021年政府信息公开工作年度报告",
        ));
        assert_eq!(p.map(|p| p.region_code).as_deref(), Some("110105"));
    }
}
