"""Name recognition, round four: names in hard positions, and ordinary words left alone.

Each rule of docs/anonymiser.md ("How names are recognised") has a test that finds a name it
alone covers, and a test that feeds it words which merely look like a name.
"""

import pytest

from case_library.anonymiser import find, find_many, redact


def names(text):
    return [f.text for f in find(text) if f.kind == "person_name"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a title after the name, also with 副 (which is never part of the name)
        ("区人社局李红梅科长答复。", ["李红梅"]),
        ("区水利局李伟副局长约谈了陈静。", ["李伟", "陈静"]),
        ("常晓东副主任参加。", ["常晓东"]),
        ("陈立新同志牵头。", ["陈立新"]),
        # a head count after a name whose surname is also a word (施, 宁)
        ("据核实，施立新等18名工人的欠薪已结清。", ["施立新"]),
        ("宁小波等15人联名来信。", ["宁小波"]),
        # a sex marker after it, even when the name starts with a word (高明)
        ("高志强，男，1975年生，某社区居民。", ["高志强"]),
        # verbs whose object is a person
        ("街道先后约见了马国栋、看望了冯秀英，并联系了郑立军的家属。", None),
        ("接待了钟国华，看望了白淑珍一家。", ["钟国华", "白淑珍"]),
        # jieba splits 宋|美玲: a lone surname tagged as a name joins the given name
        ("罗志勇律师受宋美玲委托代理。", ["罗志勇", "宋美玲"]),
        # a role word before a name that starts with a word (夏天 + 宇)
        ("送达人夏天宇、方晓明。", ["夏天宇", "方晓明"]),
        # a name at the start of a sentence, two characters, compound surname
        ("王芳反映房租问题。", ["王芳"]),
        ("诸葛文清反映其林地被征用。", ["诸葛文清"]),
    ],
)
def test_names_in_hard_positions(text, expected):
    """Titles after, head counts, sex markers, verbs before, split jieba tokens, lists."""
    if expected is None:
        expected = ["马国栋", "冯秀英", "郑立军"]
    assert names(text) == expected


def test_name_before_yu_and_a_date_is_not_a_birth_date():
    """信访人柳春生于2024年5月9日领取…: 柳春生 is the name; the date is when he collected."""
    text = "信访人柳春生于2024年5月9日领取答复意见书，联系电话13908276451。"
    found = [(f.kind, f.text) for f in find(text)]
    assert ("person_name", "柳春生") in found
    assert not any(kind == "birth_date" for kind, _ in found)
    # a real date of birth after 生于 is still one
    assert ("birth_date", "1965年3月2日") in [
        (f.kind, f.text) for f in find("王建国，男，生于1965年3月2日。")
    ]


def test_middle_dot_names():
    """Transliterated and minority names joined by · are one name, first letter + 某."""
    text = "艾力·买买提与古丽娜·托合提夫妇来访。外籍人员彼得·琼斯通过翻译反映。"
    assert names(text) == ["艾力·买买提", "古丽娜·托合提", "彼得·琼斯"]
    assert redact("外籍人员彼得·琼斯通过翻译反映。") == "外籍人员彼某通过翻译反映。"


def test_middle_dot_between_places_or_slogans_is_not_a_name():
    """中国·重庆 and 党建·引领 use the same dot but are not people."""
    assert names("中国·重庆，党建·引领。") == []


def test_nickname_takes_the_pseudonym_of_the_one_person_with_that_surname():
    """老周 is 周福生 here: both become 周某; 小李（李卫东） finds the name in brackets."""
    text = "来访人自称“老周”，实为周福生，系下岗职工。"
    assert names(text) == ["老周", "周福生"]
    assert redact(text) == "来访人自称“周某”，实为周某，系下岗职工。"
    assert names("小李（李卫东）陪同其母来访。") == ["小李", "李卫东"]


def test_nickname_with_two_people_of_that_surname_gets_the_plain_surname():
    """With 张某甲 and 张某乙 in the case, 老张 cannot say which one: 张某."""
    (texts,) = [find_many(["信访人张建国与工友张大海来访。老张说工资被拖欠。"])[0]]
    replacements = {f.text: f.replacement for f in texts}
    assert replacements["老张"] == "张某"
    assert replacements["张建国"] == "张某甲"


def test_nickname_without_a_known_name_is_left_alone():
    """老师傅, 小高层, 老李子树: 老/小 + a surname character is no nickname by itself."""
    assert names("老师傅说，小高层住宅旁有一棵老李子树，小王庄在江北。") == []


@pytest.mark.parametrize(
    "text",
    [
        "会议高度重视，时值建区七十周年，黄金周期间张贴告示。",
        "信访人陈述了理由，李子园小区的林业用地何时归还，马上答复。",
        "区委常委会研究了路线和方案，白天走访，向前推进，于是决定关于包括东方小区在内的问题。",
        "学习孙子兵法。江北区投入万元。",
        "石油公司、司法所和宋体文件都在唐朝古镇。",
        "钱款、程序、任务、申请、金额、安全、华为、温度、车辆都要核实。",
        "接待了来访群众，约谈了华为公司负责人，联系了司法所，走访了林业站和石油公司。",
        "通知了江北区住建委，告知程序，协调安全部门。",
        "党支部书记、村委会主任、司法所所长、林业站站长、安全科科长参加。",
        "方案等3项工作，任务等5个事项。金额等12项。",
        "被征收人和公众代表参加听证。",
        "各级机关、单位领导干部应当阅办群众来信。",
        "常务副区长主持。程序员。施工单位。",
    ],
)
def test_ordinary_words_are_not_names(text):
    """高度, 周年, 黄金, 张贴, 陈述, 李子, 林业, 何时, 马上, 常委会, 路线, 方案, 白天, 向前,
    于是, 关于, 包括, 东方, 孙子兵法, 江北区, 万元, 石油, 司法所, 宋体, 唐朝, 钱款, 程序,
    任务, 申请, 金额, 安全, 华为, 温度, 车辆 — also after a verb, before a title or a count."""
    assert names(text) == []


def test_found_name_is_replaced_everywhere_also_without_a_cue():
    """Once 韩立国 is found, the bare mention 韩立国称 later is replaced as well."""
    text = "现将韩立国反映的问题交你单位办理。韩立国称，其摊位被取缔。"
    assert redact(text) == "现将韩某反映的问题交你单位办理。韩某称，其摊位被取缔。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a clause that starts with surname + common given-name characters
        ("此后，殷桂兰每周都来。", ["殷桂兰"]),
        ("当天下午，龚丽萍再次来到接待大厅。", ["龚丽萍"]),
        # a post before the name
        ("经协调，钟表厂厂长范建设同意支付欠薪。", ["范建设"]),
        # （化名） after it
        ("武红军（化名）系某公司员工。", ["武红军"]),
        # jieba tags 易小凤 as a name; 易 is also a word, but 易小 and 小凤 are no words
        ("村民邹志明和易小凤到镇政府反映问题。", ["邹志明", "易小凤"]),
    ],
)
def test_clause_start_post_alias_and_tagged_word_like_surname(text, expected):
    """The given-name character model, posts before a name, （化名）, tagged 易小凤."""
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("区人社局劳动监察大队李队长、张科长到场。", []),
        ("王阿姨说，李总已经签字。", []),
        ("此后，黄金价格上涨。林业局、金华市、卫生院、陈家湾都在名单上。", []),
        ("并附有宣传单和收据复印件。", []),
        ("家长代表段军的QQ号398765412。", ["段军"]),
    ],
)
def test_surname_and_title_or_word_is_not_a_full_name(text, expected):
    """张科长, 李队长, 李总 say no more than 张某: left as written; words and places stay;
    段军的 ends at 的 even when Latin letters follow."""
    assert names(text) == expected


# --- round five: person slots, the full surname list, word-like names ---------------------


def _names(text):
    return [f.text for f in find(text) if f.kind == "person_name"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("工作人员走访了郑立华家，了解其生活情况。", "郑立华"),  # verb before, 家 after
        ("随后约谈了程立新的妻子，核实情况。", "程立新"),  # word-like surname, kin after
        ("告知书：尚文斌：你反映的问题已转交区住建委。", "尚文斌"),  # letter salutation
        ("会同濮志远等3人到现场查看。", "濮志远"),  # rare 百家姓 surname, head count
        ("由闻晓东本人签收。", "闻晓东"),
    ],
)
def test_person_slot_finds_word_like_names(text, name):
    """A name-shaped string between a person word and a person continuation is a name, also
    when its surname is an everyday character; every occurrence is then masked."""
    assert name in _names(text)
    assert name not in redact(text)


def test_list_ending_in_a_person_slot_takes_a_word_like_name():
    """王建国、方平走访了…: the list item after a found name counts, the slot being a visit."""
    assert _names("王建国、方平走访了两户居民。") == ["王建国", "方平"]


def test_found_name_is_propagated_to_every_mention():
    """A name found in one strong slot is masked also where it stands without any cue."""
    text = "走访了宁建华家。宁建华的诉求已记录。后来宁建华又来电话。"
    assert _names(text) == ["宁建华", "宁建华", "宁建华"]


@pytest.mark.parametrize(
    "text",
    [
        "向上级反映前，请先等待答复。",
        "方面表示同意，方案已经确定。",
        "高度重视群众反映的问题。",
        "干部和新录用干部一起学习。",
        "安全问题方面，楼道墙面已开裂。",
        "养老金已于7月补发。",
        "杭州市的经验值得借鉴，平安建设要加强。",
        "时间：上午九点；地点：会议室。",
        "由区生态环境局牵头，会同有关部门办理。",
    ],
)
def test_person_slots_leave_ordinary_words_alone(text):
    """Ordinary words that start with a surname character stay, even next to a slot word."""
    assert _names(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("来访人格桑卓玛，女，某县牧民，反映草场补助款被截留。", "格桑卓玛"),
        ("信访人扎西多吉称，包工头拖欠工资8600元。", "扎西多吉"),
        ("申请人其木格（女，蒙古族）不服工伤认定。", "其木格"),
        ("村民阿呷木呷称其子在外省务工时受伤。", "阿呷木呷"),
        ("乡长平措表示将于月底前核实。", "平措"),
        ("该案由审判员强巴独任审理。", "强巴"),
        ("审判人员：辜恩泰、闾海燕、佘立新", "辜恩泰"),
        ("审判人员：辜恩泰、闾海燕、佘立新", "闾海燕"),
        ("当事人热依汗古丽·吐尔逊与房东发生纠纷。", "热依汗古丽·吐尔逊"),
    ],
)
def test_names_without_a_listed_surname(text, expected):
    """Tibetan, Mongolian and Yi names are made of known name parts (格桑 + 卓玛), a part of two
    characters alone needs a role before it; rare surnames (辜, 闾) are listed; a dotted name
    stays whole."""
    assert expected in [f.text for f in find(text) if f.kind == "person_name"]


@pytest.mark.parametrize(
    "text",
    [
        "草原上开满了格桑花，牧民们在乌兰察布市的集市上出售奶制品。",
        "乌兰察布、锡林郭勒、呼伦贝尔等地实行草畜平衡制度。",
        "江苏和浙江的代表参加了会议。",
        "这才让他明白了政策。",
    ],
)
def test_name_parts_inside_words_and_places_are_no_names(text):
    assert [f.text for f in find(text) if f.kind == "person_name"] == []
