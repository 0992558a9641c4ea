"""Demo content: the four regulations, the course index, and two courses written the way a
training officer of a district petition office would write them. Idempotent: regulations are
re-imported in place; pages that already exist are left as the trainers may have edited them.
"""

import json
import uuid
from pathlib import Path

from django.db import transaction
from django.utils import timezone

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


def key(title, *items):
    return ("key_point", {"title": title, "text": _ul(*items)})


def quote(text_, source=""):
    return ("quote", {"text": text_, "source": source})


def discuss(question, hint=""):
    return ("discussion", {"question": question, "hint": hint})


def slide():
    return ("slide_break", None)


MAIN_COURSE = {
    "slug": "xinfang-tiaoli-zhuanti",
    "title": "《信访工作条例》专题学习",
    "summary": "逐章学习《信访工作条例》，掌握信访工作体制、受理办理程序、办理期限和责任追究，"
    "做到依规依法、及时就地解决群众合理诉求。",
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
                    "《信访工作条例》由中共中央、国务院于2022年2月25日发布，自2022年5月1日起施行。"
                    "这是第一部以党中央、国务院名义发布的信访工作党内法规，是我们日常接访、办信、督办的基本遵循。",
                    "本讲学习第一章总则，重点理解信访工作“是什么”“为什么”“按什么原则做”。",
                ),
                cite(
                    "1-3",
                    "注意第二条的适用范围：不只是信访部门，党的机关、人大、政府、政协、监察、审判、检察机关以及群团组织、国有企事业单位都要开展信访工作。",
                ),
                slide(),
                heading("二、五项基本原则"),
                cite("5"),
                key(
                    "要点",
                    "<b>党的全面领导</b>：贯穿信访工作各方面和全过程；",
                    "<b>以人民为中心</b>：倾听呼声、关心疾苦、排忧解难；",
                    "<b>落实责任</b>：党政同责、一岗双责，属地管理、分级负责，谁主管、谁负责；",
                    "<b>依法按政策</b>：将信访纳入法治化轨道；",
                    "<b>源头治理</b>：把矛盾纠纷化解在基层、化解在萌芽状态。",
                ),
                cite("4, 6"),
                slide(),
                quote("小事不出村、大事不出镇、矛盾不上交。", "新时代“枫桥经验”"),
                discuss(
                    "结合本科室的工作，谈谈“谁主管、谁负责”原则在接访分流中是怎样体现的？遇到职责交叉的事项应当怎样处理？",
                    "可以联系第二十四条关于多个机关协商受理的规定一起讨论。",
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
                    "条例用一句话概括了信访工作格局：党委统一领导、政府组织落实、信访工作联席会议协调、"
                    "信访部门推动、各方齐抓共管。这五个方面缺一不可。"
                ),
                cite("8-10"),
                slide(),
                heading("二、信访工作联席会议"),
                cite(
                    "11-13",
                    "联席会议是协调机制，不替代各部门的法定职责。乡镇、街道也可以建立联席会议机制（第十三条第三款）。",
                ),
                slide(),
                heading("三、信访部门的职责"),
                cite("14"),
                key(
                    "信访部门的七项职责（第十四条）",
                    "受理、转送、交办信访事项；",
                    "协调解决重要信访问题；",
                    "督促检查重要信访事项的处理和落实；",
                    "综合反映信访信息，分析研判信访形势；",
                    "研究信访制度，提出完善政策和改进工作的建议；",
                    "给予信访工作有关的指导；",
                    "承办上级和本级党委、政府交办的其他事项。",
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
                    "信访人可以通过网络、书信、电话、传真、走访等形式提出信访事项。口头提出的，接待人员应当如实记录。"
                ),
                slide(),
                heading("二、走访与代表人数"),
                cite("20", "多人采用走访形式提出同一信访事项的，应当推选代表，代表人数不超过5人。"),
                key(
                    "接访要点",
                    "走访应到有权处理的本级或者上一级机关设立或指定的接待场所；",
                    "同一事项多人走访，代表不超过<b>5人</b>；",
                    "涉及诉讼权利救济的，引导到相应机关提出。",
                ),
                slide(),
                heading("三、登记、转送、交办：15日"),
                cite("21-22"),
                key(
                    "时限",
                    "信访部门收到信访事项，应当予以登记，并在<b>15日内</b>区分情况转送、交办或告知；",
                    "其他机关、单位收到直接提出的信访事项，同样应当登记并告知。",
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
            "summary": "第四章（第二十七条至第三十七条）：分类处理、申诉求决类事项的六种办理方式、60日办理期限、复查复核。",
            "body": [
                heading("一、“四个到位”"),
                cite("27"),
                quote(
                    "诉求合理的解决问题到位、诉求无理的思想教育到位、生活困难的帮扶救助到位、行为违法的依法处理到位。",
                    "《信访工作条例》第二十七条",
                ),
                slide(),
                heading("二、三类信访事项"),
                cite("28-31"),
                key(
                    "分类处理",
                    "建议意见类：认真研究论证，科学合理的采纳或部分采纳；",
                    "检举控告类：纪检监察机关或有权机关依规依纪依法办理；",
                    "申诉求决类：区分情况，按第三十一条规定的六种方式办理。",
                ),
                slide(),
                heading("三、办理期限与复查复核"),
                cite("34-36"),
                key(
                    "期限一览",
                    "办理：自受理之日起<b>60日</b>内办结，情况复杂的可延长，延长不超过<b>30日</b>；",
                    "复查：信访人自收到书面答复之日起<b>30日</b>内请求，复查机关<b>30日</b>内提出意见；",
                    "复核：对复查意见不服的<b>30日</b>内请求，复核机关<b>30日</b>内提出意见。",
                ),
                cite("32-33"),
                cite("37"),
                slide(),
                discuss(
                    "某信访事项于3月1日受理，因情况复杂经负责人批准延期。最迟应当在哪一天办结？延期时还应当做什么？",
                    "60日加最多30日；别忘了告知信访人延期理由（第三十四条）。",
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
                    "督查督办是信访部门推动问题解决的重要手段。督办发现推诿、敷衍、拖延、弄虚作假的，"
                    "可以提出改进工作的建议，必要时提出追责建议。"
                ),
                cite("41"),
                slide(),
                heading("二、追责情形"),
                cite("42-46"),
                key(
                    "对照自查",
                    "应当登记、转送、交办而未办理的（第四十三条）；",
                    "推诿、敷衍、拖延，或者不执行信访处理意见的；",
                    "将信访人的检举、揭发材料或者有关情况透露、转给被检举、揭发的人员或者单位的（第四十六条）。",
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
                    "条例自2022年5月1日起施行。涉及外国人、无国籍人、外国组织的信访事项，参照本条例执行。"
                ),
                slide(),
                heading("二、全篇回顾"),
                key(
                    "必须记牢的数字",
                    "走访代表不超过<b>5人</b>（第二十条）；",
                    "登记后<b>15日</b>内转送、交办（第二十二条）；",
                    "办理<b>60日</b>，延长不超过<b>30日</b>（第三十四条）；",
                    "复查、复核：请求<b>30日</b>，答复<b>30日</b>（第三十五条、第三十六条）。",
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
                    "重点掌握第三十一条列举的六种途径：诉讼、仲裁、行政复议、党员申诉、人事争议等，以及依照本条例规定办理。",
                ),
                key(
                    "分流口诀",
                    "属于诉讼、仲裁、复议范围的，引导走法定途径；",
                    "依法应当通过其他程序处理的，告知并引导；",
                    "不属于以上情形的，按本条例规定程序办理，出具处理意见书。",
                ),
                slide(),
                heading("四、处理意见书与调解"),
                cite("32-33"),
                discuss(
                    "一位农民工反映工地拖欠工资三个月，应当按哪一类事项处理？可以引导到哪些法定途径？",
                    "可结合《保障农民工工资支付条例》有关劳动保障监察的规定。",
                ),
            ],
        },
    ],
}


def _body_json(blocks: list, regulation_ids: dict[str, int]) -> str:
    data = []
    for block_type, value in blocks:
        if block_type == "article_citation":
            value = {**value, "regulation": regulation_ids[value["regulation"]]}
        data.append({"type": block_type, "value": value, "id": str(uuid.uuid4())})
    return json.dumps(data, ensure_ascii=False)


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
    for spec_lesson in spec["lessons"]:
        if LessonPage.objects.child_of(course).filter(slug=spec_lesson["slug"]).exists():
            continue
        lesson = LessonPage(
            title=spec_lesson["title"],
            slug=spec_lesson["slug"],
            summary=spec_lesson["summary"],
            estimated_minutes=spec_lesson["minutes"],
            body=_body_json(spec_lesson["body"], regulation_ids),
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
