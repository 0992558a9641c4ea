"""Demo content: the four regulations, the course index, and two courses written the way a
training officer of a district petition office would write them. Idempotent: regulations are
re-imported in place; a demo page nobody has edited is brought up to the current demo text
(so a corrected statement of the law reaches databases loaded before the correction); a page
a trainer has edited is left as they wrote it.

Every legal statement here follows the article text in demo_data/; what is presented as an
article's words (a quotation) is them — tests/courses/test_demo_law.py and the quotation
check hold the content to that.
"""

import json
import uuid
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from kit.pages import page_demo_owned

from .models import CourseIndexPage, CoursePage, CourseRequirement, LessonPage
from .services import regulation_import

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"

REGULATIONS = [
    ("信访工作条例.md", "xinfang-gongzuo-tiaoli"),
    ("保障农民工工资支付条例.md", "nongmingong-gongzi-zhifu"),
    ("国有土地上房屋征收与补偿条例.md", "fangwu-zhengshou-buchang"),
    ("人民调解法.md", "renmin-tiaojie-fa"),
]
XINFANG = "xinfang-gongzuo-tiaoli"


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def heading(text):
    return ("heading", text)


def text(*paragraphs):
    return ("paragraph", _p(*paragraphs))


def cite(articles, comment=""):
    return ("article_citation", {"regulation": XINFANG, "articles": articles, "comment": comment})


def article_quote(number, words, locator="", *, excerpt=True, regulation=XINFANG):
    """Words presented as the article's own: checked against its current text."""
    return (
        "article_quote",
        {
            "regulation": regulation,
            "article": number,
            "locator": locator,
            "text": words,
            "excerpt": excerpt,
        },
    )


def key(title, *items):
    return ("key_point", {"title": title, "text": _ul(*items)})


def discuss(question, hint=""):
    return ("discussion", {"question": question, "hint": hint})


def slide():
    return ("slide_break", None)


MAIN_COURSE = {
    "slug": "xinfang-tiaoli-zhuanti",
    "title": "《信访工作条例》专题学习",
    "summary": "逐章学习《信访工作条例》，掌握信访工作体制、受理办理程序、办理期限和责任追究，"
    "做到依法按政策及时就地解决群众合法合理诉求。",
    "objectives": _ul(
        "理解新时代信访工作的定位、指导思想和五项基本原则；",
        "熟悉“党委统一领导、政府组织落实”的信访工作格局和各方职责；",
        "准确掌握信访事项登记、转送、交办、受理的时限和方式；",
        "熟练运用分类处理、办理期限、复查复核等程序规定；",
        "明确监督追责的情形，守住依规依法办事的底线。",
    ),
    "audience": "全体信访干部，接待科、督查督办科、复查复核科工作人员必修",
    "lessons": [
        {
            "slug": "di-yi-zhang-zongze",
            "title": "第一讲 总则：信访工作的定位与原则",
            "minutes": 20,
            "summary": "第一章（第一条至第六条）：条例的目的、适用范围、信访工作的定位和基本原则。",
            "body": [
                heading("一、为什么要学《信访工作条例》"),
                text(
                    "《信访工作条例》于2022年1月24日经中共中央政治局会议审议批准，2022年2月25日由"
                    "中共中央、国务院发布，自2022年5月1日起施行（第五十条）。它是我们日常接访、办信、"
                    "督办的基本遵循。",
                    "本讲学习第一章总则，重点理解信访工作“是什么”“为什么”“按什么原则做”。",
                ),
                cite(
                    "1-3",
                    "注意第二条的适用范围：不只是信访部门，各级党的机关、人大机关、行政机关、政协机关、"
                    "监察机关、审判机关、检察机关以及群团组织、国有企事业单位等开展信访工作，都适用本条例。",
                ),
                slide(),
                heading("二、五项基本原则"),
                cite("5"),
                key(
                    "要点",
                    "<b>坚持党的全面领导</b>：把党的领导贯彻到信访工作各方面和全过程；",
                    "<b>坚持以人民为中心</b>：倾听群众呼声，关心群众疾苦，千方百计为群众排忧解难；",
                    "<b>坚持落实信访工作责任</b>：党政同责、一岗双责，属地管理、分级负责，谁主管、谁负责；",
                    "<b>坚持依法按政策解决问题</b>：将信访纳入法治化轨道，依法维护群众权益、规范信访秩序；",
                    "<b>坚持源头治理化解矛盾</b>：着力点放在源头预防和前端化解，把可能引发信访问题的"
                    "矛盾纠纷化解在基层、化解在萌芽状态。",
                ),
                cite("4, 6"),
                slide(),
                article_quote(
                    15,
                    "坚持和发展新时代“枫桥经验”，积极协调处理化解发生在当地的信访事项和矛盾纠纷，"
                    "努力做到小事不出村、大事不出镇、矛盾不上交。",
                    "第三款",
                ),
                discuss(
                    "结合本科室的工作，谈谈“谁主管、谁负责”原则在接访分流中是怎样体现的？遇到职责交叉的事项应当怎样处理？",
                    "可以联系第二十四条关于多个机关、单位协商受理的规定一起讨论。",
                ),
            ],
        },
        {
            "slug": "di-er-zhang-gongzuo-tizhi",
            "title": "第二讲 信访工作体制：各方职责",
            "minutes": 25,
            "summary": "第二章（第七条至第十六条）：党委统一领导、政府组织落实、联席会议协调、信访部门推动、各方齐抓共管。",
            "body": [
                heading("一、信访工作格局"),
                cite("7"),
                text(
                    "第七条用一句话概括了信访工作格局：党委统一领导、政府组织落实、信访工作联席会议协调、"
                    "信访部门推动、各方齐抓共管。这五个方面缺一不可。"
                ),
                cite("8-10"),
                slide(),
                heading("二、信访工作联席会议"),
                cite(
                    "11-13",
                    "联席会议负责统筹协调、整体推进、督促落实（第十一条、第十三条），各成员单位应当落实"
                    "联席会议确定的工作任务和议定事项（第十二条第二款）。乡镇党委和政府、街道党工委和办事处"
                    "可以建立信访工作联席会议机制，或者明确党政联席会定期研究本地区信访工作（第十三条第三款）。",
                ),
                slide(),
                heading("三、信访部门的职责"),
                cite("14"),
                article_quote(
                    14,
                    "（一）受理、转送、交办信访事项；"
                    "（二）协调解决重要信访问题；"
                    "（三）督促检查重要信访事项的处理和落实；"
                    "（四）综合反映信访信息，分析研判信访形势，为党委和政府提供决策参考；"
                    "（五）指导本级其他机关、单位和下级的信访工作；"
                    "（六）提出改进工作、完善政策和追究责任的建议；"
                    "（七）承担本级党委和政府交办的其他事项。",
                    "第一款",
                ),
                cite("15-16"),
                discuss(
                    "我区某街道反映的征地补偿问题涉及规划、住建、街道三方，作为信访部门，我们应当推动、协调到什么程度？哪些事情不能替代职能部门去做？"
                ),
            ],
        },
        {
            "slug": "di-san-zhang-tichu-shouli",
            "title": "第三讲 信访事项的提出和受理",
            "minutes": 30,
            "summary": "第三章（第十七条至第二十六条）：信访渠道、走访要求、登记转送交办时限和信访人的行为规范。",
            "body": [
                heading("一、信访渠道与提出方式"),
                cite("17-19"),
                text(
                    "信访人可以采用信息网络、书信、电话、传真、走访等形式提出信访事项（第十七条），"
                    "一般应当采用书面形式，并载明其姓名（名称）、住址和请求、事实、理由；对采用口头形式"
                    "提出的信访事项，有关机关、单位应当如实记录（第十九条第一款）。"
                ),
                slide(),
                heading("二、走访与代表人数"),
                cite("20", "重点看第三款关于代表人数的规定，下面的接访要点逐款列出。"),
                key(
                    "接访要点",
                    "走访应当到有权处理的本级或者上一级机关、单位设立或者指定的接待场所提出（第一款）；",
                    "走访提出涉及诉讼权利救济的信访事项，应当按照法律法规规定的程序向有关政法部门提出（第二款）；",
                    "多人走访提出共同的信访事项，应当推选代表，代表人数不得超过<b>5人</b>（第三款）。",
                ),
                slide(),
                heading("三、登记、转送、交办：15日"),
                cite("21-22"),
                key(
                    "时限与方式",
                    "信访部门收到信访事项，应当予以登记，并区分情况，在<b>15日内</b>分别处理："
                    "属于本级机关、单位或者其工作部门处理决定的，转送有权处理的机关、单位；涉及下级机关、"
                    "单位或者其工作人员的，按照“属地管理、分级负责，谁主管、谁负责”的原则转送；转送事项中的"
                    "重要情况需要反馈办理结果的，可以交由有权处理的机关、单位办理，要求其在指定办理期限内"
                    "反馈结果（第二十二条第一款）；",
                    "涉法涉诉信件转送同级政法部门依法处理；属于纪检监察机关受理的检举控告类信访事项，"
                    "按照管理权限转送有关纪检监察机关（第二十二条第二款）；",
                    "信访部门以外的机关、单位收到信访人直接提出的信访事项，应当予以登记，并按职权范围"
                    "告知信访人或者转送、交办；能够当场告知的，应当当场书面告知；不能当场告知的，应当自收到"
                    "信访事项之日起<b>15日内</b>书面告知信访人，但信访人的姓名（名称）、住址不清的除外"
                    "（第二十三条第一款、第二款）。",
                ),
                cite("23-25"),
                slide(),
                heading("四、信访人的行为规范"),
                cite("26"),
                discuss(
                    "一名信访人连续三天到接待大厅反映同一拆迁补偿问题，第三天情绪激动、在大厅内高声喧哗。接待人员应当依据哪些条款、按照什么步骤处理？",
                    "注意区分：受理登记（第二十二条）、劝阻教育（第四十七条）和行为规范（第二十六条）。",
                ),
            ],
        },
        {
            "slug": "di-si-zhang-banli",
            "title": "第四讲 信访事项的办理",
            "minutes": 35,
            "summary": "第四章（第二十七条至第三十七条）：分类处理、申诉求决类事项的六种办理方式、"
            "第三十一条第六项事项的60日办理期限、复查复核。",
            "body": [
                heading("一、办理信访事项的总要求"),
                cite("27"),
                article_quote(
                    27,
                    "……按照诉求合理的解决问题到位、诉求无理的思想教育到位、生活困难的帮扶救助到位、"
                    "行为违法的依法处理的要求，依法按政策及时就地解决群众合法合理诉求，维护正常信访秩序。",
                ),
                text("注意条文的措辞：“到位”用于前三种情形；对行为违法的，要求是“依法处理”。"),
                slide(),
                heading("二、三类信访事项"),
                cite("28-31"),
                key(
                    "分类处理",
                    "建议意见类：有权处理的机关、单位应当认真研究论证，对科学合理、具有现实可行性的，"
                    "应当采纳或者部分采纳，并予以回复（第二十九条）；",
                    "检举控告类：纪检监察机关或者有权处理的机关、单位依规依纪依法接收、受理、办理和反馈"
                    "（第三十条）；",
                    "申诉求决类：有权处理的机关、单位区分情况，按照第三十一条规定的六种方式办理。",
                ),
                slide(),
                heading("三、办理期限与复查复核"),
                cite("34-36"),
                key(
                    "期限一览",
                    "第三十一条第六项规定的信访事项：自受理之日起<b>60日</b>内办结；情况复杂的，"
                    "经本机关、单位负责人批准，可以适当延长办理期限，但延长期限不得超过<b>30日</b>，"
                    "并告知信访人延期理由（第三十四条）；",
                    "复查：信访人对信访处理意见不服的，可以自收到书面答复之日起<b>30日</b>内请求原办理机关、"
                    "单位的上一级机关、单位复查；复查机关、单位自收到复查请求之日起<b>30日</b>内提出复查意见，"
                    "并予以书面答复（第三十五条）；",
                    "复核：对复查意见不服的，可以自收到书面答复之日起<b>30日</b>内向复查机关、单位的上一级"
                    "机关、单位请求复核；复核机关、单位自收到复核请求之日起<b>30日</b>内提出复核意见，"
                    "听证所需时间不计算在内（第三十六条）。",
                ),
                cite("32-33"),
                cite("37"),
                slide(),
                discuss(
                    "某申诉求决类信访事项属于第三十一条第六项规定的情形，于3月1日受理，因情况复杂经本机关负责人批准延期。最迟应当在哪一天办结？延期时还应当做什么？",
                    "第三十一条第六项事项的办理期限是60日，延长不得超过30日；别忘了告知信访人延期理由（第三十四条）。",
                ),
            ],
        },
        {
            "slug": "di-wu-zhang-jiandu-zhuize",
            "title": "第五讲 监督和追责",
            "minutes": 25,
            "summary": "第五章（第三十八条至第四十七条）：专项督查、考核、督办、年度报告以及各类追责情形。",
            "body": [
                heading("一、督查、考核与督办"),
                cite("38-40"),
                text(
                    "督查督办是信访部门推动问题解决的重要手段。发现有关机关、单位违反信访工作规定受理、"
                    "办理信访事项，办理信访事项推诿、敷衍、拖延、弄虚作假或者拒不执行信访处理意见等情形的，"
                    "信访部门应当及时督办，并提出改进工作的建议（第四十条第一款）；对在信访工作中推诿、敷衍、"
                    "拖延、弄虚作假造成严重后果的机关、单位及其工作人员，应当向有管理权限的机关、单位提出追究"
                    "责任的建议（第四十条第三款）。两处都是“应当”。",
                    "对信访部门提出的改进工作、完善政策、追究责任的建议，有关机关、单位应当书面反馈采纳情况"
                    "（第四十条第四款）。",
                ),
                cite("41"),
                slide(),
                heading("二、追责情形"),
                cite("42-46"),
                key(
                    "对照自查",
                    "信访部门对收到的信访事项应当登记、转送、交办而未按照规定登记、转送、交办，或者应当"
                    "履行督办职责而未履行的（第四十三条）；",
                    "负有受理信访事项职责的机关、单位对收到的信访事项不按照规定登记、对属于其职权范围的"
                    "信访事项不予受理、未在规定期限内书面告知信访人是否受理的（第四十四条）；",
                    "推诿、敷衍、拖延信访事项办理或者未在规定期限内办结信访事项的（第四十五条第一项）；",
                    "将信访人的检举、揭发材料或者有关情况透露、转给被检举、揭发的人员或者单位的"
                    "（第四十六条第五项）。",
                ),
                text(
                    "以上情形，由其上级机关（单位）责令改正；造成严重后果的，对直接负责的主管人员和其他"
                    "直接责任人员依规依纪依法严肃处理。"
                ),
                slide(),
                heading("三、信访人违法行为的处理"),
                cite("47"),
                discuss(
                    "对照第四十三条至第四十六条，我们科室在登记、转送、交办环节有哪些风险点？应当建立哪些工作台账加以防范？"
                ),
            ],
        },
        {
            "slug": "di-liu-zhang-fuze",
            "title": "第六讲 附则与全篇回顾",
            "minutes": 15,
            "summary": "第六章（第四十八条至第五十条）：参照执行、解释机关和施行日期；回顾全篇要点。",
            "body": [
                heading("一、附则"),
                cite("48-50"),
                text(
                    "对外国人、无国籍人、外国组织信访事项的处理，参照本条例执行（第四十八条）。条例由国家"
                    "信访局负责解释（第四十九条），自2022年5月1日起施行（第五十条）。"
                ),
                slide(),
                heading("二、全篇回顾"),
                key(
                    "必须记牢的数字",
                    "多人走访提出共同的信访事项，代表人数不得超过<b>5人</b>（第二十条第三款）；",
                    "信访部门收到信访事项，登记并在<b>15日</b>内区分情况转送、交办（第二十二条）；",
                    "第三十一条第六项规定的信访事项自受理之日起<b>60日</b>内办结，经本机关、单位负责人批准"
                    "可以延长，延长不得超过<b>30日</b>（第三十四条）；",
                    "复查、复核：请求期限<b>30日</b>，复查、复核机关提出意见<b>30日</b>（第三十五条、第三十六条）。",
                ),
                discuss(
                    "学完全部六讲，你认为本科室最需要改进的一项工作是什么？请提出一条具体措施。"
                ),
            ],
        },
    ],
}

SHORT_COURSE = {
    "slug": "yifa-fenlei-chuli",
    "title": "依法分类处理信访诉求",
    "summary": "围绕《信访工作条例》第二十八条至第三十三条，学习建议意见、检举控告、申诉求决三类事项的分类处理。",
    "objectives": _ul(
        "能够准确区分三类信访事项；", "掌握申诉求决类事项的六种办理方式；", "会写信访处理意见书。"
    ),
    "audience": "接待科、复查复核科工作人员",
    "lessons": [
        {
            "slug": "fenlei-chuli",
            "title": "分类处理：三类事项与六种方式",
            "minutes": 20,
            "summary": "第二十八条至第三十三条精读。",
            "body": [
                heading("一、办理的基本要求"),
                cite("28"),
                heading("二、建议意见类与检举控告类"),
                cite("29-30"),
                slide(),
                heading("三、申诉求决类"),
                cite(
                    "31",
                    "重点掌握第三十一条规定的六种办理方式，逐项对照条文，不要凭印象增减。",
                ),
                key(
                    "分流要点",
                    "应当通过审判机关诉讼程序或者复议程序、检察机关刑事立案程序或者法律监督程序、"
                    "公安机关法律程序处理的，涉法涉诉信访事项未依法终结的，按照法律法规规定的程序处理"
                    "（第一项）；",
                    "应当通过仲裁解决的，导入相应程序处理（第二项）；",
                    "可以通过党员申诉、申请复审等解决的，导入相应程序处理（第三项）；",
                    "可以通过行政复议、行政裁决、行政确认、行政许可、行政处罚等行政程序解决的，"
                    "导入相应程序处理（第四项）；",
                    "属于申请查处违法行为、履行保护人身权或者财产权等合法权益职责的，依法履行或者答复（第五项）；",
                    "不属于以上情形的，应当听取信访人陈述事实和理由，并调查核实，出具信访处理意见书。"
                    "对重大、复杂、疑难的信访事项，可以举行听证（第六项）。",
                ),
                slide(),
                heading("四、处理意见书与调解"),
                cite("32-33"),
                discuss(
                    "一位农民工反映工地拖欠工资三个月，应当按哪一类事项处理？可以引导到哪些法定途径？",
                    "可结合《保障农民工工资支付条例》第十条（依法投诉，或者申请劳动争议调解仲裁和提起诉讼）"
                    "和第七条（人力资源社会保障行政部门查处拖欠农民工工资案件）。",
                ),
            ],
        },
    ],
}


def _body_json(blocks: list, regulation_ids: dict[str, int]) -> str:
    data = []
    for block_type, value in blocks:
        if block_type in ("article_citation", "article_quote"):
            value = {**value, "regulation": regulation_ids[value["regulation"]]}
        data.append({"type": block_type, "value": value, "id": str(uuid.uuid4())})
    return json.dumps(data, ensure_ascii=False)


def _lesson_refresh(lesson, spec_lesson, body_json) -> bool:
    """Bring an untouched demo lesson up to the current demo text; True when it changed."""
    if not page_demo_owned(lesson):
        return False
    wanted = [(b["type"], b["value"]) for b in json.loads(body_json)]
    current = [(b["type"], b["value"]) for b in lesson.body.raw_data]
    if (
        wanted == current
        and lesson.title == spec_lesson["title"]
        and lesson.summary == spec_lesson["summary"]
    ):
        return False
    lesson.title = spec_lesson["title"]
    lesson.summary = spec_lesson["summary"]
    lesson.estimated_minutes = spec_lesson["minutes"]
    lesson.body = body_json
    lesson.save_revision().publish()
    return True


def _course(index, spec, regulation_ids, stdout, *, required_year=None):
    course = CoursePage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if course is None:
        course = CoursePage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            objectives=spec["objectives"],
            audience=spec["audience"],
        )
        if required_year:
            course.due_date = timezone.datetime(required_year, 12, 31).date()
            course.requirements = [CourseRequirement(year=required_year)]
        index.add_child(instance=course)
        course.save_revision().publish()
        stdout.write(f"courses: created course {course.title}")
    elif page_demo_owned(course) and course.summary != spec["summary"]:
        course.summary = spec["summary"]
        course.objectives = spec["objectives"]
        course.save_revision().publish()
    for spec_lesson in spec["lessons"]:
        body_json = _body_json(spec_lesson["body"], regulation_ids)
        lesson = LessonPage.objects.child_of(course).filter(slug=spec_lesson["slug"]).first()
        if lesson is not None:
            if _lesson_refresh(lesson.specific, spec_lesson, body_json):
                stdout.write(f"courses: corrected demo lesson {lesson.title}")
            continue
        lesson = LessonPage(
            title=spec_lesson["title"],
            slug=spec_lesson["slug"],
            summary=spec_lesson["summary"],
            estimated_minutes=spec_lesson["minutes"],
            body=body_json,
        )
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
    return course


@transaction.atomic
def load(stdout) -> None:
    from kit.pages import section_page_ensure

    regulation_ids = {}
    for filename, slug in REGULATIONS:
        report = regulation_import(text=(DEMO_DATA / filename).read_text("utf-8"), slug=slug)
        regulation_ids[slug] = report.regulation.pk
        stdout.write(
            f"courses: {report.regulation.title}: {report.chapter_count} chapters, "
            f"{report.article_count} articles"
        )

    index = section_page_ensure(
        CourseIndexPage(
            title="课程",
            slug="courses",
            intro="<p>本年度必修课程和选修课程。学完每一讲后请点击“我已学习本讲”确认。</p>",
        )
    )
    year = timezone.localdate().year
    _course(index, MAIN_COURSE, regulation_ids, stdout, required_year=year)
    _course(index, SHORT_COURSE, regulation_ids, stdout)
    stdout.write("courses: course index, 2 courses and their lessons in place")
