use galley_core::Stage;
use galley_paragraphs::{Config, Paragraphs};

/// The stage with the default configuration, applied to `doc`.
fn run_default(doc: &mut galley_core::Document) {
    Paragraphs::new(Config::default())
        .unwrap()
        .apply(doc)
        .unwrap();
}

#[test]
fn testdata_cases() {
    galley_testkit::run_dir("paragraphs", |case, doc| {
        let cfg: Config = match &case.config {
            Some(t) => toml::from_str(&toml::to_string(t).map_err(|e| e.to_string())?)
                .map_err(|e| e.to_string())?,
            None => Config::default(),
        };
        let stage = Paragraphs::new(cfg).map_err(|e| e.to_string())?;
        stage.apply(doc).map_err(|e| e.to_string())
    });
}

/// Article starts read from what the cleanup stage removed between blocks:
/// a story whose title stands after its first paragraphs begins at the
/// heading after a piece of another story's headline (removed as garbage);
/// a title followed by a dateline (`本报讯`) begins its story where it
/// stands (the rule that keeps such a story from being moved back is
/// exercised by the `zh_held5` fixture page).
#[test]
fn article_edges_from_removed_garbage_and_datelines() {
    use galley_core::{Document, RemovalKind, Role};
    let blocks = [
        "筑牢立德树人之本",
        "区教育工委以主题教育为契机努力办好人民满意的教育",
        "主题教育启动以来，区教育工委深入贯彻落实各项部署，推动各项工作取得新进展。",
        "强化思想引领 持续紧扣要求",
        "区教育工委牢牢把握总要求，把理论学习贯穿始终，组织了多场专题学习。",
        "推进乡村振兴,建设",
        "聚焦学习为先 以学铸魂",
        "区人民医院紧紧抓住学习这个根本，领导班子带头学习，全院党员跟进学习。",
        "坚持深入调研 破解工作难题",
        "该院党委分三条线开展调研，到病区了解患者对科室和医院的意见",
        "让人民幸福生活更有医靠",
        "区人民医院以主题教育为契机提升群众就医满意度",
        "院长表示，接下来将持续推动各项整改措施落地见效。",
        "城区三路公交车下月起延伸至高铁南站",
        "本报讯 记者从市公交集团获悉，城区三路公交车将延伸至高铁南站。",
    ];
    let mut doc = Document::new("p", blocks.join("\n\n").as_str());
    doc.remove_block(5, RemovalKind::Noise, "garbage").unwrap();
    run_default(&mut doc);
    let article_of = |t: &str| {
        doc.blocks()
            .iter()
            .find(|b| b.text().starts_with(t))
            .map(|b| (b.article, b.role))
            .unwrap()
    };
    let (first, _) = article_of("筑牢立德树人之本");
    let (heading, _) = article_of("聚焦学习为先");
    let (title, role) = article_of("让人民幸福生活");
    assert_eq!(role, Role::Title);
    assert_eq!(
        heading, title,
        "the hospital story begins at its first heading"
    );
    assert_ne!(first, heading);
    let (bus, role) = article_of("城区三路公交车");
    assert_eq!(role, Role::Title);
    assert_eq!(article_of("本报讯").0, bus);
    assert_ne!(bus, title);
    assert_eq!(article_of("院长表示").0, title);
}

/// A paragraph cut mid-sentence by one short line that the cleanup kept in
/// doubt as a possible caption goes on past it; the same line without that
/// doubt is read as a heading, and the paragraph is not joined across it.
#[test]
fn paragraph_goes_on_past_a_line_kept_in_doubt() {
    use galley_core::Document;
    let blocks = [
        "夜市开街以后，管理处在街区安装了噪声监测仪。住在附近的居民说，以前一到晚上就很吵，现在",
        "管理员查看噪声监测数据",
        "晚上十点以后基本听不到什么动静了。",
    ];
    for doubtful in [true, false] {
        let mut doc = Document::new("p", blocks.join("\n\n").as_str());
        doc.blocks_mut()[1].hint.doubtful = doubtful;
        run_default(&mut doc);
        let joined = doc
            .blocks()
            .iter()
            .any(|b| b.text().ends_with("现在晚上十点以后基本听不到什么动静了。"));
        assert_eq!(joined, doubtful, "{:?}", doc.notes());
    }
}

/// An unmarked line between a kicker-and-title header and a dateline lead
/// (`本报讯`) is the title's deck: the dateline opens the story's first
/// paragraph, and no section starts before it. The same line before a
/// paragraph without a dateline stays a section heading.
#[test]
fn a_line_between_the_title_and_a_dateline_lead_is_the_deck() {
    use galley_core::{Document, Role};
    let deck = "1200余名干部群众参演 检验预警转移救援全链条";
    for (lead, want) in [
        (
            "本报讯 5月28日，白沙河沿岸三镇联合开展防汛应急演练。",
            Role::Subtitle,
        ),
        (
            "5月28日，白沙河沿岸三镇联合开展防汛应急演练。",
            Role::Heading,
        ),
    ] {
        let page = format!(
            "上一篇文章的最后一段，讲的是学校运动会的情况。\n\n汛前练兵\n\n### 沿河三镇联合开展防汛应急演练\n\n{deck}\n\n{lead}\n\n\
             演练设置了预警发布、人员转移、水上救援等科目，检验了各环节的衔接。"
        );
        let mut doc = Document::new("p", page.as_str());
        run_default(&mut doc);
        let role = doc
            .blocks()
            .iter()
            .find(|b| b.text() == deck)
            .map(|b| b.role);
        assert_eq!(role, Some(want), "{lead}: {:?}", doc.notes());
    }
}
