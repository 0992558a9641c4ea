"""Demo cases (典型案例) in the voice of a district petition office. Idempotent.

Every published case passes the anonymiser (the publish gate would refuse it otherwise). One
draft, 「待脱敏：某小区业主群体来访」, still holds invented personal data, to show the gate.
"""

from django.db import transaction

from courses.quotations import mark_html
from kit.pages import page_demo_owned, section_page_ensure

from .models import CaseDomain, CaseIndexPage, CasePage

REGULATION_TITLE = "信访工作条例"
REGULATION_SLUGS = ["xinfang-gongzuo-tiaoli", "xinfang", "xfgztl", "petition-regulation"]
# Other regulations a case rests on, by the slug courses.demo imports them under.
WAGES = "nongmingong-gongzi-zhifu"
REQUISITION = "fangwu-zhengshou-buchang"

INDEX_INTRO = (
    "<p>以案释法、复盘倒查。这里的案例均来自本区信访工作实践，已按照公开裁判文书的规则"
    "去除个人信息。请在阅读后思考讨论题，并点击“我已学习本案例”记录学时。</p>"
)


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _q(number: int, words: str, regulation: str = REGULATION_SLUGS[0]) -> str:
    """Words presented as an article's own, in the 引用条文 mark the quotation check reads."""
    return mark_html(regulation, number, words)


CASES = [
    {
        "slug": "wage-arrears-arbitration",
        "title": "某建筑工地农民工欠薪案：引导劳动仲裁依法维权",
        "summary": "12名农民工反映被拖欠工资，区信访办登记后转送区人力社保局，依法引导至劳动人事争议"
        "仲裁，45日内全部兑付。",
        "domain": "欠薪讨薪",
        "channel": "visit",
        "claim_class": "appeal",
        "route": "arbitration",
        "stage": "closed",
        "outcome": "仲裁调解结案，工资全部兑付",
        "year": 2024,
        "articles": [22, 23, 31],
        "other_articles": [(WAGES, 7), (WAGES, 10), (WAGES, 30)],
        "tags": ["农民工", "依法分类处理"],
        "facts": _p(
            "2024年1月，张某等12名农民工到区信访接待中心来访，反映其在某住宅项目务工期间，"
            "劳务分包单位拖欠工资共计31万余元，春节临近，情绪较为急躁。",
            "接待人员当场登记，核实了劳动关系证明、考勤记录和工资欠条等材料。",
        ),
        "handling": _p(
            "区信访办依照《信访工作条例》第二十二条，在登记当日将事项转送区人力社保局。"
            "区人力社保局劳动保障监察大队约谈施工总承包单位，同时告知农民工可以向区劳动人事争议"
            "仲裁委员会申请仲裁。",
            "仲裁委员会开通绿色通道，3日内立案，组织调解。施工总承包单位依照《保障农民工工资支付条例》"
            "第三十条第三款先行清偿，45日内全部兑付。",
        ),
        "issues": _p(
            "施工总承包单位是否应当先行清偿分包单位拖欠的农民工工资；信访渠道与仲裁渠道如何衔接。"
        ),
        "analysis": _p(
            "本案属于申诉求决类事项。《保障农民工工资支付条例》第十条规定，被拖欠工资的农民工有权"
            "依法投诉，或者申请劳动争议调解仲裁和提起诉讼；第三十条第三款规定，分包单位拖欠农民工工资的，"
            "由施工总承包单位先行清偿，再依法进行追偿。",
            "区人力社保局依照该条例第七条查处拖欠农民工工资案件，是《信访工作条例》第三十一条第五项"
            "所说的依法履行职责；劳动报酬争议导入仲裁程序，是第三十一条第二项所说的"
            + _q(31, "导入相应程序处理")
            + "。",
        ),
        "review": _p(
            "做得好的：接待当日完成登记和转送，并同步开展劳动保障监察，避免了群体情绪升级。"
            "不足之处：区人力社保局收到转送的事项后，没有在15日内书面告知农民工接收情况以及处理途径和"
            "程序（《信访工作条例》第二十三条第三款），事后才补发告知书。"
        ),
        "lessons": _p("诉访分离不是“一推了之”：导入法定途径的同时，要跟踪到兑付为止。"),
        "questions": "<ol><li>本案为何不适用信访处理意见书？</li><li>如果施工总承包单位拒不清偿，还有哪些法定途径？</li></ol>",
    },
    {
        "slug": "requisition-reconsideration",
        "title": "房屋征收补偿决定争议：引导申请行政复议",
        "summary": "被征收人对补偿决定不服反复来信，经释法明理后依法申请行政复议，复议维持。",
        "domain": "征地拆迁",
        "channel": "letter",
        "claim_class": "appeal",
        "route": "reconsideration",
        "stage": "handling",
        "outcome": "行政复议维持原补偿决定，当事人息诉",
        "year": 2023,
        "articles": [22, 31],
        "other_articles": [(REQUISITION, 19), (REQUISITION, 26)],
        "tags": ["房屋征收", "行政复议"],
        "facts": _p(
            "李某系某片区旧城改造项目的被征收人，对区政府作出的房屋征收补偿决定中的评估价格不服，"
            "2023年先后4次来信，要求提高补偿标准。"
        ),
        "handling": _p(
            "区信访办登记后，在15日内将来信转送区房屋征收部门。区房屋征收部门上门释法：被征收人对补偿"
            "决定不服的，可以依法申请行政复议，也可以依法提起行政诉讼；对评估确定的被征收房屋价值有异议的，"
            "可以向房地产价格评估机构申请复核评估，对复核结果有异议的，可以向房地产价格评估专家委员会"
            "申请鉴定。李某在法定期限内向市政府申请行政复议。"
        ),
        "issues": _p("对征收补偿决定不服，是走信访程序还是法定救济途径。"),
        "analysis": _p(
            "《国有土地上房屋征收与补偿条例》第二十六条第三款规定："
            + _q(
                26,
                "被征收人对补偿决定不服的，可以依法申请行政复议，也可以依法提起行政诉讼。",
                REQUISITION,
            )
            + "对评估价值的异议，第十九条第二款规定了复核评估和鉴定。",
            "依据《信访工作条例》第三十一条，可以通过行政复议等行政程序解决的，导入相应程序处理（第四项）；"
            "应当通过诉讼程序处理的，按照法律法规规定的程序处理（第一项）。本案没有出具信访处理意见书，"
            "而是引导李某通过法定途径解决。",
        ),
        "review": _p("释法及时、告知准确，当事人选择了法定途径，避免了“以访压法”。"),
        "lessons": _p("对已有法定救济途径的诉求，告知要具体到机关、期限和材料。"),
        "questions": "<ol><li>行政复议和行政诉讼，当事人可以怎样选择？</li><li>本案告知书应当载明哪些内容？</li></ol>",
    },
    {
        "slug": "review-revoked-opinion",
        "title": "复查纠正原处理意见：办理机关未听取陈述、未调查核实即作出答复",
        "summary": "原办理机关未听取信访人陈述、未调查核实即出具信访处理意见，复查意见指出其事实不清，"
        "上一级机关责令原办理机关改正、重新办理。",
        "domain": "房地产",
        "channel": "online",
        "claim_class": "appeal",
        "route": "opinion",
        "stage": "review",
        "outcome": "复查意见认定原处理意见事实不清，责令原办理机关重新调查核实",
        "year": 2023,
        "articles": [28, 31, 32, 35, 45],
        "tags": ["复查", "程序规范"],
        "facts": _p(
            "王某通过网上信访平台反映，某小区开发商未按约定办理不动产登记。原办理机关收件后，既未听取"
            "王某陈述事实和理由，也未调查核实，即以“属于民事纠纷”为由出具了信访处理意见书。"
        ),
        "handling": _p(
            "王某自收到书面答复之日起30日内，向原办理机关的上一级机关请求复查。复查机关调阅材料后发现，"
            "原处理意见既未听取信访人陈述，也未核查开发商是否存在应当由行政机关查处的违法行为，事实不清、"
            "依据不足。",
            "复查机关自收到复查请求之日起30日内提出复查意见，书面答复王某；同时作为原办理机关的上级机关，"
            "责令其改正，重新调查核实后依法办理。",
        ),
        "issues": _p("信访处理意见书是否查明事实、是否载明依据；复查机关发现问题后怎样纠正。"),
        "analysis": _p(
            "《信访工作条例》第二十八条第一款要求办理信访事项查明事实、分清责任；第三十一条第六项要求"
            "听取信访人陈述事实和理由，并调查核实，出具信访处理意见书；第三十二条要求意见书载明信访人"
            "投诉请求、事实和理由、处理意见及其法律法规依据。原办理机关未听取陈述、未调查核实即出具意见，"
            "不符合这些规定。王某的请求如属申请查处违法行为，还应当依照第三十一条第五项依法履行或者答复。",
            "第三十五条规定的是复查的请求期限，以及复查机关自收到复查请求之日起30日内提出复查意见、"
            "予以书面答复；对不正确履行信访事项处理职责的办理机关，由其上级机关、单位责令改正"
            "（第四十五条第四项）。",
        ),
        "review": _p(
            "原办理环节“只答复、不调查”：没有听取陈述，没有核实事实；复查环节发现问题、及时纠正。"
        ),
        "lessons": _p("事实不清的答复经不起复查：先听取陈述、调查核实，再出具意见书。"),
        "questions": "<ol><li>复查期限从何时起算？</li><li>原办理机关重新办理应注意什么？</li></ol>",
    },
    {
        "slug": "group-visit-representatives",
        "title": "某企业职工群体来访：依法推选不超过5名代表",
        "summary": "80余名职工集体来访反映裁员补偿，接待人员依据条例要求推选代表，协调达成补偿方案。",
        "domain": "企业规模性裁员",
        "channel": "visit",
        "claim_class": "appeal",
        "route": "other",
        "stage": "closed",
        "outcome": "劳资双方达成补偿方案，人社部门跟踪落实",
        "year": 2023,
        "articles": [20, 26, 27, 47],
        "tags": ["群体访", "走访规范"],
        "facts": _p(
            "2023年9月，某制造企业宣布规模性裁员，80余名职工到区政府门口聚集，要求提高经济补偿。"
            "现场职工最初要求12人一同进入接待室。"
        ),
        "handling": _p(
            "接待人员向职工宣讲《信访工作条例》第二十条第三款："
            + _q(20, "多人采用走访形式提出共同的信访事项的，应当推选代表，代表人数不得超过5人。")
            + "职工推选出3名代表进入接待室，其余职工在休息区等候。",
            "区人力社保局、总工会当天组织企业负责人与职工代表面对面协商。",
        ),
        "issues": _p("群体来访中代表人数超过法定上限如何处置；如何保障其余职工的知情权。"),
        "analysis": _p(
            "第二十条第三款规定的是走访的提出方式：共同的信访事项由推选的代表提出，代表人数不得超过5人。"
            "职工的诉求本身，仍应按照第二十七条依法按政策及时就地解决。对违反第二十条、第二十六条规定的"
            "信访人，有关机关、单位工作人员应当进行劝阻、批评或者教育（第四十七条第一款）。"
        ),
        "review": _p("劝导到位、没有简单驱离；协商结果当场向全体职工通报，效果好。"),
        "lessons": _p("程序规范要讲清“为什么”，群众才会配合。"),
        "questions": "<ol><li>代表人数超过5人时，接待人员应当如何处理？</li><li>本案体现了哪些多元化解手段？</li></ol>",
    },
    {
        "slug": "leader-took-on-long-standing-case",
        "title": "领导包案化解八年信访积案",
        "summary": "一起因工亡赔偿引发的八年积案，区级领导包案，多部门会商后达成和解，案结事了。",
        "domain": "其他",
        "channel": "visit",
        "claim_class": "appeal",
        "route": "mediation",
        "stage": "closed",
        "outcome": "达成和解协议，信访人息访",
        "year": 2024,
        "articles": [18, 27, 33, 37],
        "tags": ["领导包案", "积案化解"],
        "facts": _p(
            "赵某的丈夫2016年在某企业因工死亡，企业破产后赔偿长期未到位。赵某八年间多次到区、市来访。"
        ),
        "handling": _p(
            "2024年初，该案列入信访积案化解台账，由区委政法委主要负责同志包案。包案领导先后5次接访，"
            "组织人力社保、法院、司法行政等部门会商，依法从破产财产分配和社会救助两条途径解决，"
            "最终与赵某达成和解，制作了和解协议书。"
        ),
        "issues": _p("企业破产后工亡赔偿的兑现途径；积案化解中法定途径与救助帮扶的衔接。"),
        "analysis": _p(
            "《信访工作条例》第十八条第二款要求领导干部包案化解群众反映强烈的突出问题；第二十七条要求"
            "诉求合理的解决问题到位、生活困难的帮扶救助到位；第三十七条要求人民调解、行政调解、司法调解"
            "联动，对生活确有困难的信访人，可以告知或者帮助其向有关机关或者机构依法申请社会救助；"
            "第三十三条规定，经调解、和解达成一致意见的，应当制作调解协议书或者和解协议书。"
        ),
        "review": _p("领导包案打破了部门壁垒；但积案形成的根源在于早期“只登记不办理”。"),
        "lessons": _p("积案化解要“一案一策”，更要倒查形成原因。"),
        "questions": "<ol><li>本案为什么能在包案后化解？</li><li>如何避免新积案的形成？</li></ol>",
    },
    {
        "slug": "taxi-quota-suggestion",
        "title": "出租汽车驾驶员建议：调整夜间候客区",
        "summary": "出租车驾驶员来电建议在火车站增设夜间候客区，主管部门研究采纳并书面反馈。",
        "domain": "出租汽车",
        "channel": "phone",
        "claim_class": "suggestion",
        "route": "other",
        "stage": "closed",
        "outcome": "建议被采纳，增设候客区",
        "year": 2022,
        "articles": [29],
        "tags": ["建议意见", "交通运输"],
        "facts": _p(
            "陈某等出租车驾驶员来电反映，火车站夜间到站客流集中，出租车无处候客，只能绕行，建议增设候客区。"
        ),
        "handling": _p(
            "区交通运输部门会同车站管理方实地勘察，论证后增设夜间临时候客区，并向建议人书面反馈。"
        ),
        "issues": _p("建议意见类事项如何研究论证和反馈。"),
        "analysis": _p(
            "《信访工作条例》第二十九条第一款："
            + _q(
                29,
                "对信访人反映的情况、提出的建议意见类事项，有权处理的机关、单位应当认真研究论证。"
                "对科学合理、具有现实可行性的，应当采纳或者部分采纳，并予以回复。",
            )
        ),
        "review": _p("从来电到落实仅用20天，书面反馈及时。"),
        "lessons": _p("建议意见类事项也是改进工作的来源，要认真论证、及时回复。"),
        "questions": "<ol><li>对建议意见类事项，采纳后还应做什么？</li></ol>",
    },
    {
        "slug": "illegal-fundraising-accusation",
        "title": "举报非法集资：检举控告类事项的依规依纪依法处理",
        "summary": "群众来信举报某投资公司涉嫌非法集资，区信访办登记后转送公安机关，公安机关依法立案侦查。",
        "domain": "集资融资",
        "channel": "letter",
        "claim_class": "accusation",
        "route": "litigation",
        "stage": "accepted",
        "outcome": "公安机关立案侦查",
        "year": 2022,
        "articles": [22, 30, 46],
        "tags": ["检举控告", "非法集资"],
        "facts": _p(
            "刘某来信举报某投资咨询公司以高息为诱饵向老年人吸收资金，并附有宣传单和收据复印件。"
        ),
        "handling": _p(
            "区信访办登记后，将举报材料转送区金融工作部门和公安机关。公安机关审查后立案侦查，并告知举报人。"
        ),
        "issues": _p("检举控告类事项与申诉求决类事项在办理上的区别。"),
        "analysis": _p(
            "《信访工作条例》第三十条第一款："
            + _q(
                30,
                "对信访人提出的检举控告类事项，纪检监察机关或者有权处理的机关、单位应当依规依纪依法"
                "接收、受理、办理和反馈。",
            )
            + "第三十条第三款："
            + _q(
                30,
                "不得将信访人的检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位。",
            )
        ),
        "review": _p("转送及时，举报材料只交给有权处理的机关。"),
        "lessons": _p(
            "检举、揭发材料以及有关情况不得透露或者转给被检举、揭发的人员或者单位；违反的，依照第四十六条"
            "第五项追究责任。"
        ),
        "questions": "<ol><li>办理检举控告类事项时，哪些信息必须保密？</li></ol>",
    },
    {
        "slug": "training-refund-opinion",
        "title": "培训机构停课退费：信访处理意见书的规范写法",
        "summary": "家长反映培训机构停课不退费，区教委调查核实后督促退费，并依法出具信访处理意见书。",
        "domain": "教育培训",
        "channel": "online",
        "claim_class": "appeal",
        "route": "opinion",
        "stage": "handling",
        "outcome": "督促机构退费，出具信访处理意见书",
        "year": 2024,
        "articles": [31, 32, 34, 35],
        "tags": ["信访处理意见书", "教育培训"],
        "facts": _p("孙某等家长通过网上信访平台反映，某培训机构突然停课，预收费用无法退还。"),
        "handling": _p(
            "区教委受理后，依照《信访工作条例》第三十一条第六项听取家长陈述、调查核实，约谈机构负责人，"
            "监督其分期退费，并在自受理之日起60日内出具了信访处理意见书。"
        ),
        "issues": _p("预收费监管与退费责任的认定。"),
        "analysis": _p(
            "《信访工作条例》第三十二条规定，信访处理意见书应当载明信访人投诉请求、事实和理由、处理意见"
            "及其法律法规依据；第三十四条规定，第三十一条第六项规定的信访事项应当自受理之日起60日内办结。"
        ),
        "review": _p(
            "意见书载明了投诉请求、事实和理由、处理意见及其依据，并写明了不服时请求复查的期限和机关，"
            "写法规范，可作范本。"
        ),
        "lessons": _p(
            "意见书要写清“不服怎么办”：自收到书面答复之日起30日内，可以请求原办理机关的上一级机关复查"
            "（第三十五条）。"
        ),
        "questions": "<ol><li>信访处理意见书应当载明哪些事项？</li></ol>",
    },
]

# Unpublished on purpose: it holds personal data, so publishing is refused until it is redacted.
# Every datum is fictitious on its face and still trips its detector: the placeholder names
# 张三/李四/王五, an ID number with region code 990000 (no such region: province codes run
# 11–82) and birth date 1900-01-01 whose check digit is valid, a patterned mobile number, and
# an address in 示例区虚构路; and one of each other kind the anonymiser knows (a bank card of
# zeros passing the Luhn check, plate 渝A00000, an example.com address, a 示例区 property
# certificate, a number of zeros), so the draft shows every detector at work.
FICTITIOUS_ID = "990000190001010016"
FICTITIOUS_PHONE = "13800000000"
FICTITIOUS_CARD = "6200000000000000000"
DRAFT = {
    "slug": "draft-with-personal-data",
    "title": "待脱敏：某小区业主群体来访",
    "summary": "业主反映开发商延期交房（草稿，尚未脱敏）。",
    "domain": "房地产",
    "channel": "visit",
    "claim_class": "appeal",
    "route": "litigation",
    "stage": "accepted",
    "outcome": "",
    "year": 2025,
    "articles": [20],
    "tags": ["群体访"],
    "facts": _p(
        "（演示草稿：以下姓名、证件号、电话、住址均为虚构。）",
        f"信访人张三（身份证号{FICTITIOUS_ID}，联系电话{FICTITIOUS_PHONE}）与业主代表李四、"
        "王五来访，反映某楼盘延期交房。张三住示例区虚构路1号1栋1单元1-1。",
        f"登记材料：张三1900年1月1日出生，银行卡号{FICTITIOUS_CARD}，车牌号渝A00000，"
        "电子邮箱zhangsan@example.com，微信号zhangsan_demo，"
        "不动产权证号渝（2025）示例区不动产权第0000000号，购房合同登记编号000000000000。",
    ),
    "handling": _p("接待人员登记后转送区住房城乡建委。"),
    "issues": "",
    "analysis": "",
    "review": "",
    "lessons": "",
    "questions": "",
}


def _articles(data):
    """The case's legal basis: 《信访工作条例》 articles by number, plus (regulation slug,
    number) pairs of the other regulations it rests on."""
    from django.db.models import Q

    from courses.models import Article, Regulation

    found = []
    regulation = (
        Regulation.objects.filter(slug__in=REGULATION_SLUGS).first()
        or Regulation.objects.filter(title__contains=REGULATION_TITLE).first()
    )
    if regulation is not None:
        found += list(Article.objects.filter(regulation=regulation, number__in=data["articles"]))
    others = Q()
    for slug, number in data.get("other_articles", []):
        others |= Q(regulation__slug=slug, number=number)
    if others:
        found += list(Article.objects.filter(others))
    return found


def _index() -> CaseIndexPage:
    return section_page_ensure(CaseIndexPage(title="典型案例", slug="cases", intro=INDEX_INTRO))


DOMAINS = [
    "房地产",
    "欠薪讨薪",
    "出租汽车",
    "征地拆迁",
    "教育培训",
    "集资融资",
    "土地流转",
    "企业规模性裁员",
    "其他",
]


def _domains() -> None:
    """The migration seeds the list; a flushed test database needs it again."""
    for position, name in enumerate(DOMAINS):
        CaseDomain.objects.get_or_create(name=name, defaults={"position": position * 10})


_FIELDS = {
    "title": "title",
    "summary": "summary",
    "channel": "channel",
    "claim_class": "claim_class",
    "route_taken": "route",
    "stage": "stage",
    "outcome": "outcome",
    "year": "year",
    "facts": "facts",
    "handling": "handling",
    "issues": "issues",
    "analysis": "analysis",
    "review": "review",
    "lessons": "lessons",
    "discussion_questions": "questions",
}


def _fill(page, data) -> None:
    for field, key in _FIELDS.items():
        setattr(page, field, data[key])
    page.domain = CaseDomain.objects.filter(name=data["domain"]).first()


def _case(index, data, *, publish: bool) -> str:
    """Create the demo case; bring one nobody has edited up to the current demo text (so a
    corrected statement of the law reaches databases loaded before it). Returns what it did."""
    page = CasePage.objects.filter(slug=data["slug"]).first()
    if page is not None:
        current = page.get_latest_revision_as_object()
        same = all(getattr(current, f) == data[k] for f, k in _FIELDS.items()) and {
            a.pk for a in current.legal_basis.all()
        } == {a.pk for a in _articles(data)}
        if same or not page_demo_owned(page):
            return ""
        _fill(page, data)
        page.legal_basis.set(_articles(data))
        if not publish:
            page.save()  # a draft: the page row itself holds the text
        revision = page.save_revision()
        if publish:
            revision.publish()
        return "corrected"
    page = CasePage(slug=data["slug"], live=False)
    _fill(page, data)
    index.add_child(instance=page)
    page.legal_basis.set(_articles(data))
    page.tags.add(*data["tags"])
    page.save()  # commits the cluster relations (legal basis, tags); not live yet
    revision = page.save_revision()
    if publish:
        revision.publish()
    return "created"


def load(stdout) -> None:
    with transaction.atomic():
        index = _index()
        _domains()
        for data in CASES:
            if _case(index, data, publish=True) == "corrected":
                stdout.write(f"case_library: corrected demo case {data['title']}")
        _case(index, DRAFT, publish=False)
    stdout.write(f"case_library: {len(CASES)} demo cases and one unpublished draft in place")
