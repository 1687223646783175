use super::*;

fn code(names: &[&str]) -> Option<String> {
    locate(names).map(|p| p.region_code)
}

#[test]
fn the_list_holds_the_codes_anyone_can_check() {
    assert_eq!(division_name("110000"), Some("北京市"));
    assert_eq!(division_name("610000"), Some("陕西省"));
    assert_eq!(division_name("610900"), Some("安康市"));
    assert_eq!(division_name("610925"), Some("岚皋县"));
    assert_eq!(division_name("110105"), Some("朝阳区"));
    assert_eq!(division_name("220104"), Some("朝阳区"));
    assert_eq!(division_name("999999"), None);
    let index = &*INDEX;
    assert!(
        index.divs.len() > 3000 && index.divs.len() < 3400,
        "{}",
        index.divs.len()
    );
    assert_eq!(
        index
            .divs
            .iter()
            .filter(|d| d.level == Level::Province)
            .count(),
        31
    );
}

#[test]
fn no_traditional_key_occurs_in_the_list() {
    for (t, _) in TRADITIONAL {
        assert!(
            !DIVISIONS_TSV.contains(*t),
            "{t} is written in simplified names too"
        );
    }
}

#[test]
fn unique_county() {
    let p = locate(&["岚皋县教育局"]).unwrap();
    assert_eq!(p.region_code, "610925");
    assert_eq!(p.province, "陕西省");
    assert_eq!(p.prefecture.as_deref(), Some("安康市"));
    assert_eq!(p.county.as_deref(), Some("岚皋县"));
    assert_eq!(
        code(&[
            "四季镇人民政府",
            "岚皋县",
            "四季镇 2019 年政府信息公开工作报告"
        ])
        .as_deref(),
        Some("610925")
    );
}

#[test]
fn ambiguous_county_resolved_by_prefecture_or_province() {
    assert_eq!(code(&["北京市朝阳区人民政府"]).as_deref(), Some("110105"));
    assert_eq!(
        code(&["朝阳区人民政府", "长春市"]).as_deref(),
        Some("220104")
    );
    assert_eq!(
        code(&["朝阳区教育局", "", "吉林省朝阳区教育局年度报告"]).as_deref(),
        Some("220104")
    );
    assert_eq!(
        code(&["鼓楼区人民政府", "福州市"]).as_deref(),
        Some("350102")
    );
    assert_eq!(code(&["江苏省南通市通州区"]).as_deref(), Some("320612"));
}

#[test]
fn ambiguous_left_none() {
    assert_eq!(code(&["朝阳区人民政府"]), None);
    assert_eq!(
        code(&["鼓楼区", "", "鼓楼区2023年政府信息公开工作年度报告"]),
        None
    );
    assert_eq!(code(&["城区人民政府"]), None);
    // 鼓楼区 exists in 江苏省 twice (南京, 徐州): the province is not enough.
    assert_eq!(code(&["江苏省鼓楼区"]), None);
}

#[test]
fn townships_alone_locate_nothing() {
    assert_eq!(code(&["城关镇人民政府"]), None);
    assert_eq!(
        code(&["永和镇", "", "永和镇2020年度政府信息公开工作年度报告"]),
        None
    );
    assert_eq!(code(&["东区街道办事处"]), None);
    assert_eq!(code(&["城区街道"]), None);
    assert_eq!(code(&["宿安乡"]), None);
    // A town named like a province: 湖南镇 is in 衢江区, Zhejiang.
    assert_eq!(code(&["衢江区湖南镇", "衢江区"]).as_deref(), Some("330803"));
    assert_eq!(code(&["湖南镇人民政府"]), None);
}

#[test]
fn fictional_renamed_and_unknown_places_none() {
    assert_eq!(code(&["桃花源县人民政府"]), None);
    assert_eq!(code(&["沐阳县人民政府"]), None); // a misprint of 沭阳县
    assert_eq!(code(&["襄樊市人民政府"]), None); // renamed 襄阳市 in 2010
    assert_eq!(code(&["平潭综合实验区"]), None);
    assert_eq!(code(&[]), None);
    assert_eq!(code(&["", "", ""]), None);
    assert_eq!(code(&["政府信息公开工作年度报告"]), None);
}

#[test]
fn names_inside_longer_words_do_not_count() {
    assert_eq!(code(&["广东区域协调发展"]), None);
    assert_eq!(code(&["南通州区"]), None);
    assert_eq!(code(&["乡镇和县直部门"]), None);
    assert_eq!(code(&["东西湖区人民政府"]).as_deref(), Some("420112"));
    assert_eq!(
        code(&["西湖区人民政府", "杭州市"]).as_deref(),
        Some("330106")
    );
    assert_eq!(code(&["永和县人民政府"]).as_deref(), Some("141032"));
    assert_eq!(code(&["全省区域经济"]), None);
    assert_eq!(code(&["东方市场服务中心"]), None);
    assert_eq!(code(&["东方市市场监督管理局"]).as_deref(), Some("469007"));
}

#[test]
fn names_glued_to_other_words_still_count() {
    assert_eq!(code(&["依托岚皋县"]).as_deref(), Some("610925"));
    assert_eq!(
        code(&["关于印发岚皋县政府信息公开工作年度报告的通知"]).as_deref(),
        Some("610925")
    );
    assert_eq!(code(&["中共岚皋县委办公室"]).as_deref(), Some("610925"));
    assert_eq!(
        code(&["国家税务总局岚皋县税务局"]).as_deref(),
        Some("610925")
    );
}

#[test]
fn two_character_names_need_a_clear_start() {
    assert_eq!(code(&["和县人民政府"]).as_deref(), Some("340523"));
    assert_eq!(code(&["安徽省和县"]).as_deref(), Some("340523"));
    assert_eq!(code(&["马鞍山市和县"]).as_deref(), Some("340523"));
    assert_eq!(code(&["中共和县县委"]).as_deref(), Some("340523"));
    assert_eq!(code(&["铜陵市郊区人民政府"]).as_deref(), Some("340711"));
    assert_eq!(code(&["攀枝花市东区"]).as_deref(), Some("510402"));
    assert_eq!(code(&["统筹推进城区和郊区"]), None);
}

#[test]
fn short_province_forms() {
    assert_eq!(code(&["陕西安康市"]).as_deref(), Some("610900"));
    assert_eq!(code(&["广西南宁市人民政府"]).as_deref(), Some("450100"));
    assert_eq!(code(&["内蒙古呼和浩特市"]).as_deref(), Some("150100"));
    assert_eq!(code(&["陕西西安市"]).as_deref(), Some("610100"));
    assert_eq!(code(&["广西自治区人民政府"]).as_deref(), Some("450000"));
    // A short form alone, or before a word that is no division, is no place.
    assert_eq!(code(&["陕西"]), None);
    assert_eq!(code(&["新疆生产建设兵团"]), None);
    assert_eq!(code(&["创新疆域"]), None);
    assert_eq!(
        code(&["广西壮族自治区人民政府办公厅"]).as_deref(),
        Some("450000")
    );
    // A short form must agree with the name after it.
    assert_eq!(code(&["陕西南宁市"]), None);
}

#[test]
fn municipalities() {
    let p = locate(&["北京市东城区人民政府"]).unwrap();
    assert_eq!(p.region_code, "110101");
    assert_eq!(p.province, "北京市");
    assert_eq!(p.prefecture, None);
    assert_eq!(p.county.as_deref(), Some("东城区"));
    assert_eq!(
        code(&["上海市人民政府办公厅", "上海市"]).as_deref(),
        Some("310000")
    );
    assert_eq!(
        code(&["重庆市合川区二郎镇人民政府", "合川区"]).as_deref(),
        Some("500117")
    );
    assert_eq!(code(&["重庆市城口县"]).as_deref(), Some("500229"));
}

#[test]
fn autonomous_prefectures_counties_and_banners() {
    assert_eq!(code(&["大理白族自治州人民政府"]).as_deref(), Some("532900"));
    assert_eq!(code(&["大理州教育局"]).as_deref(), Some("532900"));
    assert_eq!(code(&["恩施州"]).as_deref(), Some("422800"));
    assert_eq!(code(&["西岩镇", "城步县"]).as_deref(), Some("430529"));
    assert_eq!(code(&["城步苗族自治县人民政府"]).as_deref(), Some("430529"));
    assert_eq!(code(&["阿巴嘎旗人民政府"]).as_deref(), Some("152522"));
    assert_eq!(code(&["锡林郭勒盟阿巴嘎旗"]).as_deref(), Some("152522"));
    assert_eq!(code(&["鄂温克族自治旗"]).as_deref(), Some("150724"));
    // 海南藏族自治州 is in 青海, not 海南省.
    assert_eq!(code(&["海南藏族自治州"]).as_deref(), Some("632500"));
    assert_eq!(code(&["突泉县永安镇人民政府"]).as_deref(), Some("152224"));
}

#[test]
fn districts_of_prefectures_get_county_codes() {
    let p = locate(&["安康市汉滨区人民政府"]).unwrap();
    assert_eq!(p.region_code, "610902");
    assert_eq!(p.prefecture.as_deref(), Some("安康市"));
    assert_eq!(p.county.as_deref(), Some("汉滨区"));
    assert_eq!(code(&["福州市晋安区", "福州市"]).as_deref(), Some("350111"));
    assert_eq!(code(&["市辖区"]), None);
}

#[test]
fn prefecture_level_organs() {
    let p = locate(&["安康市教育局"]).unwrap();
    assert_eq!(p.region_code, "610900");
    assert_eq!(p.province, "陕西省");
    assert_eq!(p.prefecture.as_deref(), Some("安康市"));
    assert_eq!(p.county, None);
    assert_eq!(code(&["淮安市人民政府"]).as_deref(), Some("320800"));
}

#[test]
fn county_level_cities() {
    let p = locate(&["兴平市人民政府"]).unwrap();
    assert_eq!(p.region_code, "610481");
    assert_eq!(p.prefecture.as_deref(), Some("咸阳市"));
    assert_eq!(code(&["咸阳市兴平市"]).as_deref(), Some("610481"));
    // Province-administered: no prefecture.
    let p = locate(&["湖北省仙桃市"]).unwrap();
    assert_eq!(p.region_code, "429004");
    assert_eq!(p.prefecture, None);
}

#[test]
fn districts_named_like_ordinary_words_need_their_city() {
    assert_eq!(code(&["老城区改造办公室"]), None);
    assert_eq!(code(&["洛阳市老城区人民政府"]).as_deref(), Some("410302"));
    assert_eq!(code(&["东区人民政府"]), None);
    assert_eq!(code(&["东城区人民政府"]), None);
    assert_eq!(
        code(&["东城区人民政府", "北京市"]).as_deref(),
        Some("110101")
    );
    assert_eq!(code(&["山东省济南市市中区"]).as_deref(), Some("370103"));
    assert_eq!(code(&["沿海城市"]), None);
    assert_eq!(code(&["鞍山市海城市"]).as_deref(), Some("210381"));
    // Read as the ordinary word when no city around it is named.
    assert_eq!(code(&["岚皋县城区管理办公室"]).as_deref(), Some("610925"));
    assert_eq!(code(&["晋城市城区人民政府"]).as_deref(), Some("140502"));
    assert_eq!(code(&["城区人民政府", "晋城市"]).as_deref(), Some("140502"));
    assert_eq!(code(&["兴平市城区"]).as_deref(), Some("610481"));
}

#[test]
fn contradicting_names_give_none() {
    assert_eq!(code(&["岚皋县教育局", "平利县"]), None);
    assert_eq!(code(&["岚皋县", "", "咸阳市"]), None);
    assert_eq!(code(&["朝阳区人民政府", "上海市"]), None);
}

#[test]
fn traditional_script() {
    assert_eq!(code(&["新榮區衛生健康和體育局"]).as_deref(), Some("140212"));
    assert_eq!(code(&["下管鎮"]), None);
}

/// The corpus documents' own names (the gold organ, region and title)
/// against the hand labels in tests/regions/labels.json: no wrong code,
/// and no fewer codes found than now.
#[test]
fn gold_names_meet_the_hand_labels() {
    let cases = include_str!("../../tests/regions/gold_names.tsv");
    let (mut labelled, mut found, mut wrong) = (0, 0, Vec::new());
    for line in cases.lines().filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 5, "{line}");
        let (doc, want) = (f[0], (!f[4].is_empty()).then_some(f[4]));
        let got = code(&[f[1], f[2], f[3]]);
        labelled += want.is_some() as usize;
        match (got.as_deref(), want) {
            (Some(g), Some(w)) if g == w => found += 1,
            (None, _) => {}
            (g, w) => wrong.push(format!("{doc}: got {g:?}, label {w:?}")),
        }
    }
    println!(
        "gold names: {found} of {labelled} labelled codes found, {} wrong",
        wrong.len()
    );
    assert!(wrong.is_empty(), "wrong codes:\n{}", wrong.join("\n"));
    assert!(
        found >= 21,
        "only {found} of {labelled} labelled codes found"
    );
}
