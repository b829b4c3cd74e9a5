//! The appeal sentence templates of the demo text, with the `{slot}` placeholders that
//! `template.rs` expands (a test expands every template to check each slot is handled).

// ---- appeal templates ---------------------------------------------------
//
// Arrays indexed by category: 0 咨询 Consultation, 1 投诉 Complaint,
// 2 建议 Suggestion, 3 求助 Help, 4 其他 Other.

/// Subject templates; each contains `{topic}`. `{qual}` may expand to "".
#[rustfmt::skip]
pub(super) static SUBJECTS: [&[&str]; 5] = [
    &[
        "咨询{place}{topic}相关问题", "关于{topic}政策的咨询", "请问{place}{topic}问题如何解决",
        "{place}居民咨询{topic}事宜", "{topic}相关规定咨询", "咨询{place}{qual}{topic}办理流程",
    ],
    &[
        "{place}{qual}{topic}问题", "投诉{place}{qual}{topic}问题", "关于{place}{topic}问题的投诉",
        "{place}{qual}{topic}长期无人管理", "反映{place}{qual}{topic}问题",
        "{place}{topic}问题亟待解决", "强烈投诉{place}{topic}",
    ],
    &[
        "关于{place}{topic}的建议", "建议改善{place}{topic}状况", "对{place}{topic}工作的几点建议",
        "关于优化{place}{qual}{topic}的建议", "{place}{topic}问题的改进建议",
    ],
    &[
        "{place}{qual}{topic}问题求助", "求助：{place}{qual}{topic}", "恳请帮助解决{place}{topic}问题",
        "{place}居民{topic}求助", "{topic}困难求助（{place}）",
    ],
    &[
        "{place}{topic}情况反映", "关于{place}{topic}的情况说明", "{place}{qual}{topic}相关事项",
        "反映{place}{topic}有关情况",
    ],
];

#[rustfmt::skip]
pub(super) static GREETINGS: &[&str] = &[
    "尊敬的领导：", "领导您好！", "您好！", "尊敬的工作人员：", "各位领导好，", "你好，",
    "尊敬的市长：", "尊敬的相关部门领导：", "工作人员您好，",
];

#[rustfmt::skip]
pub(super) static INTROS: &[&str] = &[
    "我是{district}{street}{community}的居民。",
    "我家住在{community}{bld}幢，在这里已经住了{years}年。",
    "本人是{district}的一名普通市民。",
    "我是住在{road}附近的居民，今天想反映一个情况。",
    "我们是{community}的几位住户，代表大家写这封信。",
    "我是一名退休职工，住在{street}辖区。",
    "我在{district}工作生活已经有{years}年了。",
    "写这封信之前我犹豫了很久，但实在没有别的办法了。",
    "我是{street}的一名上班族，平时工作比较忙，今天特意抽空来反映。",
];

/// Opening statements; each contains `{topic}`.
#[rustfmt::skip]
pub(super) static MAINS: [&[&str]; 5] = [
    &[
        "我想咨询一下{topic}方面的问题。{issue}，不知道该怎么处理。",
        "请问{place}的{topic}问题应该找哪个部门？{issue}。",
        "想了解一下{topic}的相关政策。我住在{place}，{issue}。",
        "有个关于{topic}的问题想请教：{issue}，不知道该怎么办。",
        "想咨询{place}{topic}的事情，{since}，{issue}。",
        "我对{topic}的规定不太清楚，想问一下。情况是这样的：{issue}。",
    ],
    &[
        "我要投诉{place}的{topic}问题：{issue}。",
        "{since}，{place}一带{issue}，{topic}问题已经非常严重。",
        "{place}的{topic}问题已经持续了{dur}，{issue}，到现在也没有人来管。",
        "现就{place}{topic}一事进行投诉。{since}，{issue}。",
        "{place}{topic}的情况实在让人忍无可忍，{issue}。",
        "我想投诉一下{place}的{topic}，{since}，{issue}，{impact}。",
        "关于{place}的{topic}问题，我已经不是第一次反映了，{issue}。",
    ],
    &[
        "关于{place}的{topic}，我有一点建议想提一下。{issue}。",
        "作为一名关心{place}的市民，我想对{topic}工作提几点建议。",
        "最近注意到{place}的{topic}方面还有改进空间，{issue}。",
        "我经常路过{place}，发现{topic}方面存在一些不足，{issue}。",
        "想就{place}{topic}的问题提个建议，{issue}，很多人都有同感。",
    ],
    &[
        "我们遇到了{topic}方面的困难，{issue}，实在没有办法了，只能向你们求助。",
        "{since}，{issue}，{topic}的问题一直解决不了，想请政府帮帮我们。",
        "我想求助一件关于{topic}的事情。{issue}。",
        "家里遇到了{topic}的难题：{issue}，{impact}。",
        "冒昧打扰，想就{place}{topic}的事情求助。{since}，{issue}。",
    ],
    &[
        "想反映一下{place}{topic}的情况，{issue}。",
        "关于{place}的{topic}，有些情况想跟你们说明一下。",
        "不知道这件事归不归你们管，是关于{place}{topic}的，{issue}。",
        "我是来反映{topic}相关情况的，{issue}，供你们参考。",
    ],
];

/// Details that fit any topic.
#[rustfmt::skip]
pub(super) static COMMON_DETAILS: &[&str] = &[
    "我们曾经多次向{party}反映，对方每次都说马上处理，可到现在一直没有下文。",
    "{dur2}前我也打过{channel}，当时说会转给相关单位，后来就没消息了。",
    "我们也试着自己跟{party}沟通过，但对方态度很不好，说这不归他们管。",
    "这件事已经拖了{dur}了，真的不能再拖下去了。",
    "说句实话，我们也不想给政府添麻烦，实在是没有办法了。",
    "我查过相关规定，这种情况明显是不允许的。",
    "我们也理解相关部门工作忙，但这个问题确实影响太大了。",
    "事情的经过大致是这样的：{since}，{issue}。",
    "我在网上也看到有别的市民反映过类似问题。",
    "这个问题不解决，{impact}，正常生活根本没法保障。",
    "前前后后我已经反映了{times}次，每次都是石沉大海。",
    "我们并不是无理取闹，只希望问题能得到解决。",
    "{party}的人也承认存在问题，但一直说要等上面批。",
    "像这样的情况，{dur}下来谁也受不了。",
    "{topic}的问题说大不大，说小也不小，但关系到每家每户。",
    "说实话，{impact}，大家心里都憋着一股火。",
    "我家里有{age}多岁的老人，身体本来就不好，经不起这样折腾。",
    "具体情况是：{issue}。",
    "我不知道问题出在哪个环节，但总得有人负责。",
    "{channel}那边给了一个受理编号，可是一直查不到办理进度。",
    "这段时间我向身边的人打听过，遇到类似情况的不止我一家。",
];

/// Details for neighbourhood topics (Community / Road).
#[rustfmt::skip]
pub(super) static LOCAL_DETAILS: &[&str] = &[
    "而且不是偶尔一次，{freq}都是这样。",
    "我拍了照片和视频，如有需要可以提供。",
    "{date}那天情况尤其严重，{issue}。",
    "之前{party}来人看过一次，稍微好了几天，没多久又恢复原样了。",
    "最近一次是{date}，我当场打了电话，工作人员来了以后看了看就走了。",
    "尤其是{time}，{impact}。",
    "受影响的大概有{n}多户，很多是老人和小孩。",
    "社区的工作人员来看过一次，说这事他们也管不了，让我们找{party}。",
    "孩子今年要中考，{impact}，我们做家长的特别着急。",
    "我特地记录了一下，光是上个月就有{days}天出现这种情况。",
    "这附近还有一所小学和一家社区卫生服务中心，来往的人很多。",
    "周边几个小区的情况也差不多，只是没人出面反映而已。",
    "很多住户都是上班族，白天不在家，所以一直没人牵头解决。",
    "现在天气越来越{weather}，{impact}。",
    "物业推给社区，社区又推给街道，来回踢皮球。",
    "有的住户已经因为这件事吵过好几次架了，再这样下去怕出事。",
    "具体位置在{road}靠近{community}的一侧。",
    "晚上路过的时候能明显感觉到，{impact}。",
    "邻居们私下议论很多，有的人已经准备联名反映了。",
    "我们对{community}是有感情的，也希望这里越来越好。",
];

/// Details for personal / administrative topics (Area / School).
#[rustfmt::skip]
pub(super) static PERSONAL_DETAILS: &[&str] = &[
    "为了这件事，我前后请了{times}次假。",
    "相关的材料我都准备齐了，复印件也带了好几份。",
    "窗口的工作人员让我回去等通知，可一等就是{dur}。",
    "我把相关的票据和聊天记录都保存下来了，随时可以提供。",
    "我也咨询过律师，律师说这种情况是可以主张权利的。",
    "{date}我又去了一趟，得到的答复还是和上次一样。",
    "家里人劝我算了，可我觉得这件事总得有个说法。",
    "我不是本地人，对这边的办事流程不太熟悉。",
    "{date}那天我专门去问过，{issue}。",
];

/// Category-specific details.
#[rustfmt::skip]
pub(super) static CAT_DETAILS: [&[&str]; 5] = [
    &[
        "我在网上查了一些资料，但说法不一，想得到一个准确的答复。",
        "打电话问过几个部门，都说不归他们管，所以想在这里问一下。",
        "因为时间比较紧，希望能尽快得到答复。",
        "我对相关政策不太了解，怕自己理解错了。",
        "窗口工作人员的解释和网上公布的办事指南不太一样，我有点糊涂。",
    ],
    &[
        "我认为{party}存在明显的不作为。",
        "这种情况严重违反了相关规定，损害了我们的合法权益。",
        "如果再得不到处理，我们只能继续向上级部门反映。",
        "对方的服务态度也很恶劣，根本不把群众的诉求当回事。",
        "每次反映都是同样的答复，问题却一点没有改变。",
    ],
    &[
        "我觉得这个问题完全可以通过更好的规划来解决。",
        "其他城市在这方面有不少好的做法，可以借鉴一下。",
        "如果能采纳，相信对周边{n}多户居民都有好处。",
        "这个建议投入不大，但能实实在在解决群众的困难。",
        "我也和身边不少人聊过，大家都很赞同这个想法。",
    ],
    &[
        "我家经济条件比较困难，自己实在解决不了。",
        "我年纪大了，子女又都在外地，遇到这种事真不知道该找谁。",
        "我们也想过自己花钱解决，但一打听要{money}多元，实在负担不起。",
        "现在家里的情况很困难，{impact}。",
        "我已经想尽了办法，能找的人都找过了。",
    ],
    &[
        "这件事不算特别急，但我觉得有必要让你们知道。",
        "顺便说一下，社区的工作人员平时还是很负责的。",
        "我只是把看到的情况如实反映出来，供参考。",
        "也许别人也反映过，但我还是想再说一下。",
    ],
];

/// Sentences opening a new paragraph in longer letters.
#[rustfmt::skip]
pub(super) static PARA_LEADS: &[&str] = &[
    "下面再详细说一下情况。", "补充几点具体情况：", "再说说对我们生活的影响。",
    "关于之前的处理经过，我再说明一下。", "还有一点需要补充。", "另外再说一个情况。",
    "为了让领导更清楚，我把前后经过再梳理一下。", "再说一下这件事的来龙去脉。",
];

/// Closing requests.
#[rustfmt::skip]
pub(super) static ASKS: [&[&str]; 5] = [
    &[
        "请问{q}？",
        "想请问一下，{q}？麻烦给个答复。",
        "我的问题是：{q}？另外想了解一下大概需要多长时间。",
        "请问{q}？如果需要本人到现场办理，请告知具体地址和时间。",
        "麻烦告诉我，{q}？",
    ],
    &[
        "强烈要求有关部门尽快介入调查，{ask}，并给我们一个明确答复。",
        "要求相关部门依法处理，{ask}。",
        "请你们尽快督促{party}{ask}，还我们一个正常的生活环境。",
        "希望领导重视这个问题，{ask}，不要再让我们一次次反映了。",
        "恳请相关部门严肃处理此事，{ask}。",
    ],
    &[
        "建议{idea}。",
        "因此建议有关部门{idea}，切实解决群众的实际困难。",
        "我的建议是：一、{idea}；二、加强日常管理和监督。",
        "希望有关部门能考虑{idea}，这样能从根本上解决问题。",
    ],
    &[
        "恳请领导帮帮我们，{ask}。",
        "恳请政府帮助协调解决，{ask}，我们全家感激不尽。",
        "希望有关部门能伸出援手，{ask}。",
        "拜托你们想想办法，{ask}。",
    ],
    &[
        "希望相关部门关注一下，{ask}。",
        "以上情况请转交有关单位参考。",
        "如果方便的话，请{ask}。",
        "希望能引起重视。",
    ],
];

#[rustfmt::skip]
pub(super) static CLOSINGS: &[&str] = &[
    "谢谢！", "盼复。", "望尽快处理，谢谢。", "感谢你们的辛勤工作！", "以上情况属实，盼早日回复。",
    "麻烦了，谢谢！", "期待您的回复。", "此致敬礼！",
];

#[rustfmt::skip]
pub(super) static CONTACTS: &[&str] = &[
    "我的联系电话是{phone}，有需要可以随时联系我。", "联系电话：{phone}。",
    "如需核实情况，请拨打{phone}找我。",
];
