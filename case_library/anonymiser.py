"""Find and redact personal data in Chinese case texts. Pure functions: no Django needed.

The rules follow the courts' publication practice (法释〔2016〕19号, 最高人民法院关于人民法院
在互联网公布裁判文书的规定): a natural person's name becomes surname + 某 (two different
people with the same surname become 张某甲, 张某乙; the same person always gets the same
pseudonym), and ID numbers, phone numbers, bank card and account numbers, licence plates,
e-mail addresses, social-media ids, property certificate numbers, exact dates of birth and
addresses below the district/county level are replaced with ×. Names of public bodies and of
laws are left alone.

Detection = patterns + validation (GB 11643 check digit for ID numbers, Luhn for bank cards,
plate and phone formats) + name recognition (jieba's ``nr`` tags, a surname list incl. compound
surnames, context cues such as 信访人/申请人/女士/先生, and a list of ordinary words that
merely start with a surname character).

Offsets (``start``/``end``) always index the text passed in. Full-width digits and letters are
matched as their ASCII twins without changing any offset. For rich text use
:func:`find_in_html` / :func:`redact_html`, which only look at and only change text nodes.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

KINDS = (
    "person_name",
    "id_card",
    "phone",
    "bank_card",
    "plate",
    "email",
    "social_id",
    "property_cert",
    "birth_date",
    "address",
    "number",
)

MASK = "×××"
BIRTH_MASK = "××××年××月××日"


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    start: int
    end: int
    replacement: str

    def as_dict(self) -> dict:
        return asdict(self)


# --- normalisation -----------------------------------------------------------------------

# Full-width digits, letters and the signs used inside numbers and addresses (＋－．＠＿) to
# ASCII, odd hyphens to "-". Chinese punctuation (，：（） …) stays as it is. Every mapping is
# one character to one character, so offsets never move.
_FULLWIDTH = {
    code: code - 0xFEE0
    for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}
_FULLWIDTH.update({ord(c): ord(c) - 0xFEE0 for c in "＋－．＠＿"})
_FULLWIDTH.update({0x2010: 0x2D, 0x2011: 0x2D, 0x2012: 0x2D, 0x2013: 0x2D})


def normalise(text: str) -> str:
    """Same length as ``text``: full-width digits and letters become ASCII."""
    return text.translate(_FULLWIDTH)


# --- validation --------------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_card_is_valid(number: str) -> bool:
    """GB 11643-1999: 17 digits + check digit (0-9 or X), with a plausible date of birth."""
    number = normalise(number).upper()
    if not re.fullmatch(r"[1-9]\d{16}[\dX]", number):
        return False
    year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
    if not (1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17]


def luhn_is_valid(number: str) -> bool:
    digits = [int(d) for d in re.sub(r"\D", "", normalise(number))]
    if len(digits) < 12:
        return False
    total = 0
    for i, digit in enumerate(reversed(digits)):
        if i % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


# --- patterns ----------------------------------------------------------------------------

_CJK = "\u4e00-\u9fff"
_NB = r"(?<![0-9A-Za-z])"  # no digit or letter before
_NA = r"(?![0-9A-Za-z])"  # no digit or letter after

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_ID18 = re.compile(_NB + r"[1-9]\d{5}(?:19|20)\d{2}[01]\d[0-3]\d{4}[\dXx]" + _NA)
_ID15 = re.compile(r"(?:身份证|证件)[^0-9\n]{0,8}?(?<!\d)(\d{15})(?!\d)")
_BANK_CUE = re.compile(
    r"(?:账号|帐号|卡号|账户|帐户|银行卡|存折|收款账号|开户行)[^0-9\n]{0,12}?"
    r"(?<![0-9])(\d(?:[ -]?\d){9,27})(?![0-9])"
)
_BANK_BARE = re.compile(r"(?<![0-9])(\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?)(?![0-9])")
_MOBILE = re.compile(
    r"(?<![0-9])(?:(?:\+|00)?86[- ]?)?1[3-9]\d(?:\d{8}|[- ]\d{4}[- ]\d{4}|\d[- ]\d{3}[- ]\d{4})(?![0-9])"
)
_LANDLINE = re.compile(
    r"(?<![0-9])(?:[(（]0\d{2,3}[)）][- ]?|0\d{2,3}[- —])\d{7,8}(?:[-转]\d{1,5})?(?![0-9])"
    r"|(?<![0-9])0(?:10|2\d|[3-9]\d{2})\d{7,8}(?![0-9])"
)
_PHONE_CUE = re.compile(
    r"(?:电话|手机|联系方式|座机|号码|热线|联系电话)[^0-9\n]{0,6}?(?<![0-9])(\d{7,8})(?![0-9])"
)
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE = re.compile(
    r"[" + _PROVINCES + r"][A-HJ-NP-Z][·•.\- ]?"
    r"(?:[DF][A-HJ-NP-Z0-9]\d{4}|\d{5}[DF]|[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳])" + _NA
)
_SOCIAL = re.compile(
    r"(?:(?:QQ|qq|Qq|扣扣)(?:号码|号)?[:：\s]*(?P<qq>[1-9]\d{4,11})(?![0-9])"
    r"|(?:微信|weixin|WeChat|wechat|vx|VX)(?:号码|号|ID|id)?[:：\s为是]*(?P<wx>[A-Za-z][-_A-Za-z0-9]{5,19}|1[3-9]\d{9})"
    r"|(?:微博|抖音|快手|小红书)(?:号|账号|昵称|ID|id)?[:：\s为是]*(?P<weibo>@?[A-Za-z0-9_\-"
    + _CJK
    + r"]{2,20}?)(?=[，。；、,;\s)）]|$))"
)
_PROPERTY = re.compile(
    r"[" + _PROVINCES + r"][(（]\d{4}[)）][" + _CJK + r"]{0,12}?不动产(?:权|证明)第\d+号"
    r"|(?:房|房屋所有|土地使用|集体土地使用|房地产)权?证?[" + _CJK + r"]{0,10}?字第[\d-]+号"
    r"|(?:不动产权证|房产证|产权证|土地证|房屋所有权证)(?:号码|号|编号)[:：\s为是]*[A-Za-z0-9\-()（）]{5,30}"
)
_DATE = r"(?:19|20)\d{2}\s?(?:年\s?\d{1,2}\s?月\s?\d{1,2}\s?日?|[-./]\d{1,2}[-./]\d{1,2})"
_BIRTH = re.compile(
    r"(?:出生于|生于|出生日期[:：为是]?|生日[:：为是]?|出生年月日[:：]?)\s*(" + _DATE + r")(?!\d)"
    # 桂林生于2023年8月15日签收: a name ending in 生, then 于 + the date of an action
    r"(?!日?\s?(?:签收|来访|来信|提出|向|到|在|前往|领取|收到|递交|反映|申请|致电|参加|接受|签字))"
    r"|(" + _DATE + r")\s?(?=出生|生人|生[，,）)；;。])"
)
_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{11,}(?![0-9A-Za-z])")

# Addresses: a street, village or estate followed by house-level detail (号, 栋, 单元, 室…).
_ADDR_STOP = (
    "住在于至到址位是的和与及向从往区县市省旗州某人称其系为将把被因、，,。；;：:（）()《》“”\"'\\s"
)
_ADDR_CH = r"(?:(?![" + _ADDR_STOP + r"])[" + _CJK + r"A-Za-z0-9])"
_ADDR_PLACE = (
    r"(?:" + _ADDR_CH + r"{1,10}?(?:街道|镇|乡))?"
    r"(?:" + _ADDR_CH + r"{1,10}?(?:村|社区|居委会))?"
    r"(?:"
    + _ADDR_CH
    + r"{1,10}?(?:路|街|大道|大街|巷|弄|胡同|小区|花园|新村|家园|公寓|大厦|苑|广场|村|组|社))"
)
_ADDR_UNIT = (
    r"(?:[0-9一二三四五六七八九十]+(?:号楼|号院|号|栋|幢|单元|楼|层|室|组|社|附[0-9]+号)[-—]?)"
)
_ADDRESS = re.compile(
    r"(?:" + _ADDR_CH + r"{1,10}?(?:街道|镇|乡))?"
    r"(?:"
    + _ADDR_CH
    + r"{1,10}?(?:村|社区))?"
    + _ADDR_PLACE
    + r"(?:"
    + _ADDR_CH
    + r"{0,8}?)"
    + _ADDR_UNIT
    + r"+(?:[0-9]+(?:-[0-9]+)*号?)?"
)


# --- names -------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Surnames that are mostly everyday characters (秋, 满, 利, 越 …): names need a role word first.
RARE_WORD_SURNAMES = "秋伊束幸怀寿浦容慎戈居满利越那丰权盖益支危练习印宿索鱼井巴双别步相后"
# The rest of the 百家姓 single surnames. Most are also ordinary characters (水, 云, 平, 强 …),
# so they are treated like 向/和/于: a name starting with one needs a person slot around it.
MORE_WORD_SURNAMES = (
    "水云昌凤花酆廉湛禹狄贝伏茅裘贲杭诸滑羊松弓牧隗山蓬仰暴钭韶薄鄂咸籍阴闻莘濮慕夔厍红"
)

COMPOUND_SURNAMES = _words(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 闻人 "
    "澹台 公冶 太史 申屠 端木 南宫 万俟 呼延 独孤 西门 百里 东郭 南门 羊舌 微生 梁丘 左丘 "
    "东门 拓跋 赫连 濮阳 淳于 仲孙 单于"
)
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦"
    "俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵"
    "苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班"
    "储原栗燕楚鄢劳谌奚皮粟冼蓝揭晋木蒯"
    "洪赖芮荀羿汲邴糜富乌宓厉戎祖郜蓟蔺屠苍贡逄扶堵宰郦雍璩扈郏茹宦庾暨衡弘禄阙殳沃蔚隆晁勾融"
    "訾阚毋乜巢竺逯桓昝丘汝钮嵇宣郗谯邰仝亓雎" + RARE_WORD_SURNAMES + MORE_WORD_SURNAMES
)

# Ordinary words that start with a surname character; jieba sometimes tags them ``nr``.
NOT_NAMES = _words(
    "王府井 王朝 王牌 王国 高度 高速 高级 高峰 高中 高考 高校 高层 高新 高效 高温 高空 高明 高兴 高于 "
    "周年 周边 周末 周期 周岁 周转 周到 周知 周一 周二 周三 周四 周五 周六 周日 黄金 黄金周 黄色 "
    "张贴 张榜 张罗 陈述 陈列 陈旧 陈情 李子 林业 林地 林场 林权 林木 何时 何处 何况 何种 何等 "
    "马上 马路 马虎 常委会 常委 常务 常规 常态 常见 常年 常住 路线 路段 路口 路面 路费 方案 方面 "
    "方式 方法 方向 方便 方针 方可 文件 文明 文书 文化 文字 文章 安全 安排 安置 安置房 安装 安抚 "
    "于是 于此 于法 任何 任务 任职 任期 向前 向上 向下 孔子 金额 金融 石油 石头 白天 白色 黄昏 "
    "成本 成立 成功 成果 成员 成为 成绩 原告 原则 原因 原来 原件 原审 原处理 原始 关于 关键 关系 "
    "关注 关心 关闭 全部 全面 全体 全区 全市 全国 全力 时间 时候 时效 时限 时任 明确 明显 明年 "
    "明天 明白 明细 司法 江湖 钟点 华侨 包括 包工头 包案 包干 包片 宁愿 应当 应该 应急 应诉 "
    "和解 和谐 和好 连续 连日 连夜 简单 简易 简称 车辆 车主 车费 项目 章程 曾经 单位 单独 单据 "
    "尚未 尚且 管理 管辖 严格 严重 严肃 谈话 谈判 游行 游戏 龙头 牛奶 熊猫 杨树 苏醒 信访 "
    "解决 解释 解除 解答 解读 解散 程序 程度 毕业 毕竟 景区 党委 党员 党组 党建 党政 宫殿 "
    "费用 费率 卫生 席位 冷静 晏起 乐意 乐观 惠民 南岸 南方 班子 班长 燕子 楚楚 皮肤 万元 "
    "余额 余款 余名 余人 杜绝 叶子 程某 许可 许多 许诺 韩国 冯某 邓某 彭某 曾某 苗头 苏联 "
    "范围 范本 金牌 石材 贾某 夏天 夏季 韦某 付款 付清 付出 傅某 白某 邹某 孟某 熊某 秦某 "
    "江北 江南 江津 江边 江河 尹某 史料 史上 陶瓷 黎明 贺信 顾问 顾及 顾客 毛病 毛坯 龚某 "
    "邵某 万一 万事 钱款 严禁 武装 武警 戴帽 莫名 孔某 汤某 常某 温度 温暖 康复 施工 施行 "
    "牛某 樊某 葛某 邢某 齐全 易于 乔迁 伍某 庞大 颜色 庄严 聂某 章节 鲁莽 岳父 岳母 殷切 "
    "申请 申请人 申诉 申报 申明 申领 欧洲 耿直 关门 焦点 焦虑 俞某 左右 左侧 柳树 甘心 祝贺 "
    "宁可 尚可 符合 舒适 阮某 柯某 纪律 纪委 纪要 梅雨 童年 凌晨 毕竟 单方 季度 裴某 霍某 "
    "涂料 成都 苗木 谷物 盛情 曲折 翁某 冉某 骆某 蓝色 路过 游客 辛苦 管道 柴油 蒙受 鲍某 "
    "华人 喻某 祁某 蒲某 房屋 房产 房价 房租 房东 房款 房间 滕某 屈服 饶恕 解某 艾滋 尤其 "
    "阳台 阳光 时某 穆某 农民 农民工 农村 农业 农户 农田 司机 卓越 古代 吉祥 简直 车间 项某 "
    "连带 芦苇 麦子 娄某 景观 党内 宫某 费某 卜某 冷落 晏某 卫某 米饭 柏油 宗旨 瞿某 桂花 "
    "全额 佟某 应诉人 臧某 闵某 边界 边缘 卞某 师傅 和平 仇恨 商品 商户 商铺 商量 商定 商业 "
    "沙发 荣誉 桑某 郎某 仲裁 明知 查明 查询 查处 查看 查实 查阅 查封 官方 官员 封闭 封存 "
    "谈及 匡某 惠及 荆某 乐于 冀某 郁闷 南部 班车 储蓄 储存 原籍 原址 燕某 楚某 劳动 劳务 "
    "劳资 劳动者 谌某 皮某 栗某 晋升 木材 蒯某 戚某 党群 景某 宁静 钟某 钟表 江某 黄某 "
    "王某 李某 张某 刘某 陈某 杨某 赵某 吴某 周某 徐某 孙某 马某 朱某 胡某 郭某 何某 高某 林某 "
    "罗某 郑某 梁某 谢某 宋某 唐某 许某 司马光 诸葛亮 东方红 上官方 欧阳某 文明城区 和睦 "
    "宋体 宋代 唐代 元代 明代 清代 汉代 秦朝 汉朝 唐朝 宋朝 元朝 明朝 清朝 "
    "向来 向往 成交 严重性 严格执行 苏某 魏某 吕某 丁某 任某 沈某 姚某 卢某 姜某 崔某 谭某 "
    "陆某 汪某 范某 金某 石某 廖某 夏某 付某 方某 于某 余某 杜某 叶某 程序性 明星 明朗"
)

# Words right before a name: roles in a petition and family ties.
_CUES_BEFORE = (
    "我叫|名叫|本人|姓名为|[" + _CJK + r"]{1,3}人|"
    "信访人|来访人|来信人|申请人|被申请人|复查申请人|复核申请人|申诉人|被申诉人|当事人|投诉人|"
    "举报人|被举报人|反映人|代理人|委托人|受托人|法定代表人|负责人|代表人|联系人|经办人|承办人|"
    "上访人|原告|被告|第三人|证人|村民|居民|业主|职工|员工|工人|农民工|务工人员|学员|学生|家长|"
    "老板|包工头|承包人|承包方|发包人|出租人|承租人|房东|租户|驾驶员|司机|乘客|车主|借款人|"
    "出借人|户主|妻子|丈夫|儿子|女儿|父亲|母亲|之子|之女|之妻|之夫|其妻|其夫|其子|其女|同事|"
    "邻居|亲属|配偶|遗孀|老伴|姓名[:：]|化名|工友|舅舅|叔叔|姐姐|哥哥|弟弟|妹妹|"
    "科员|科长|主任|副主任|书记|副书记|局长|副局长|镇长|副镇长|街道办主任|区长|副区长|"
    "经理|总经理|会计|出纳|律师|民警|工作人员|网格员|调解员|干部|"
    "厂长|站长|所长|队长|校长|院长|部长|处长|村长|组长|董事长|会长|社长|行长|法官|检察官|警官|"
    "医生|教师|老师|委员|代表|专干|队员|辅警"
)
_CUES_AFTER = (
    "女士|先生|同志|老人|老师|师傅|夫妇|夫妻|律师|等人|等[0-9一二三四五六七八九十百]+[人名户位]|一家|因|：你|:你|"
    "（化名|（音|（曾用名|（男|（女|\\(男|\\(女|，男|，女|,男|,女|系|作为|本人|主任|书记|科长|局长|镇长|经理|会计|"
    "反映|称|说|表示|认为|提出|诉称|辩称|签字|签收|来访|来信|到场|致电|多次|曾|于[0-9]|"
    "委托|陪同|来电|签名|一行|父子|母子|母女|父女|兄弟|姐妹|"
    "副?(?:主任|科长|局长|处长|书记|区长|镇长|乡长|县长|市长|村长|所长|站长|院长|队长|组长|部长|"
    "主席|董事长|校长|经理|法官|检察官|警官|医生|教师|代表|委员|大姐|阿姨|大爷|大妈)"
)
# Cues after a name strong enough to accept a surname that is also a word (施建平等32名,
# 高明亮，男, 方晓明副局长): a title, a sex marker or a head count.
_STRONG_AFTER = re.compile(
    r"(?:女士|先生|同志|师傅|夫妇|等人|等[0-9一二三四五六七八九十百]+[人名户位]|"
    r"[（(，,]\s?[男女][，,）)]|"
    r"副?(?:主任|科长|局长|处长|书记|区长|镇长|乡长|县长|市长|村长|所长|站长|院长|队长|组长|部长|"
    r"主席|董事长|校长|经理|律师|法官|检察官|警官|医生|老师|教师|代表|委员))"
)
# A "given name" that is a title or a kinship word: 张科长, 李队长, 王阿姨 are no full names
# (they say no more than 张某 does) and stay as written.
_TITLE_WORDS = _words(
    "主任 科长 局长 处长 书记 区长 镇长 乡长 县长 市长 村长 所长 站长 院长 队长 组长 部长 主席 "
    "校长 经理 老板 总 工 师傅 老师 医生 律师 法官 警官 同志 女士 先生 大姐 阿姨 大爷 大妈 大哥 "
    "姐 哥 叔 婶 伯 姨 嫂 奶奶 爷爷 老师傅 会计 某某 家 氏"
)
# Common characters of given names. A surname + two of these at the start of a clause
# (此后，殷桂兰每周都来) is read as a name when the string is no word of the dictionary.
GIVEN_CHARS = frozenset(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志文玉红海春梅林云凤燕玲萍辉鹏斌"
    "宇浩凯健俊帆帅旭宁婷雪琳晶颖倩莉丹蕾欣怡佳思雨嘉晓德成永庆荣富贵福祥发兴昌金银宝珍珠翠"
    "菊莲芬淑惠慧贤洁琴美彩月雁冬秋立新光亮东南生根山泉波清峰松柏青武彬振宏鸿毅坚胜兵树进先"
    "学家友朋仁义忠孝全安和顺泰康寿喜传继承世汉中民卫芝蓉莹璐瑶琪薇岚馨琦璇雯婕妍姗娅媛婉"
    "晨阳昊天然博文彦斐轩睿哲航宸泽鑫淼森焱垚磊鹤龙凤虎彪豹麟鹰雄威武刚毅勤俭恭良善廷耀"
    "继续桂芬菊香秀珍兰英凤英淑珍玉兰桂英翠英素梅丽君晓红晓燕海燕春燕小红海英秀云丽娟"
    "少长广启有满育达道迪正治政远运德福禄显晖炜煜焕灿烨琛琨瑜瑾璋璐"
)
_ORG_END = frozenset("部委局办所队站厂院司处科组会社村校庭")
_SEX_AFTER = re.compile(r"[（(，,]\s?[男女][，,）)]")
# Verbs whose object is often a person: 接待了王建国, 约谈了刘洋, 走访了冯玉兰.
_VERB_NAME = re.compile(
    r"(?:接待|约谈|约见|联系|告知|通知|走访|协调|询问|看望|慰问|会见|召集|推选|找到|答复|"
    r"陪同|带领|安排|劝导|教育|批评|劝返)了?(?=("
    + "|".join(sorted(COMPOUND_SURNAMES, key=len, reverse=True))
    + "|["
    + "".join(SURNAMES)
    + "]))"
)
# Compound surnames that are also ordinary words (东方商城, 百里挑一): treated like 向/和/于.
AMBIGUOUS_COMPOUNDS = _words("东方 百里 西门 南门 东门 东郭 南宫 长孙 公孙 单于 太史 闻人")
# Transliterated and minority names: 约翰·史密斯, 阿依古丽·吐尔逊.
_DOT = "·•・"
# Nicknames: 老张, 小李 (only for a surname of a name found in the same text).
_NICK = re.compile(r"[老小]([" + "".join(SURNAMES) + r"])")
_NICK_PAREN = re.compile(r"[老小]([" + "".join(SURNAMES) + r"])[（(](\1[" + _CJK + r"]{1,2})[）)]")
_STOPCHARS = frozenset(
    "说称的了是在于和与及等向因为到将把被从对也都就又要已曾再并同跟给让叫请经拒未不没无均则却还仍"
    "所以而或即系现女男某表反认提诉多一夫家父母妻儿之去来带拿找签收交领写打讲问答喊闹堵跑走住出进回"
    "上下后前中内外里地得着过们个位名次年月日时该其此这那各每共约近仅只便已今昨又再及乃需"
    "拨致至曾欠讨拖领向告诉申投办带持遭受经被作做按依据由自副"
)
_PUBLIC_SUFFIX = frozenset("区县市省镇乡村路街局厅委院司厂校")
_COMMON_WORD_FREQ = 100
# Surnames that are also everyday function words or adjectives (向人民法院, 和理由, 高素质):
# a name starting with one needs a role word before it (信访人向某某) to count.
AMBIGUOUS_SURNAMES = frozenset(
    "向和于从施高方成常明时文安全路原关应单尚连解程费管华包宁及易以党宣"
    + RARE_WORD_SURNAMES
    + MORE_WORD_SURNAMES
)
# Person slots. A name-shaped string (surname + one or two given-name characters) counts when
# it sits between a word that takes a person (走访了, 约谈, 会同, 由 …, or just the start of a
# clause) and a continuation that only a person takes (家, 的儿子, 之妻, 本人, 夫妇, 等3人, 反映,
# 称 …). Strong slots score 2, weak ones 1; a string that begins or is a dictionary word loses a
# point; a surname that is an everyday word needs 3, any other 2.
_SLOT_LEFT_STRONG = re.compile(
    r"(?:走访|约谈|约见|接待|告知|通知|联系|会同|看望|慰问|会见|召集|询问|答复|督促|责令|"
    r"转告|委托|陪同|安排|邀请|协助|帮助|送达|交由|由|经)了?$"
)
_SLOT_LEFT_WEAK = re.compile(r"(?:^|[，。；：:、！？\n“”（(\s]|向|与|和|对|给|及|同|让|请|叫)$")
_SLOT_RIGHT_STRONG = re.compile(
    r"(?:[：:]\s?(?:你|您)|家(?=[，。；、！？\s,;]|中|里|属|人|门口|的)|一家|本人|夫妇|夫妻|父子|母子|母女|父女|"
    r"兄弟|姐妹|等人|等[0-9一二三四五六七八九十百]+[人名户位]|"
    r"的(?:儿子|女儿|妻子|丈夫|父亲|母亲|爱人|老伴|儿媳|女婿|孙子|孙女|家属|家人|亲属|哥哥|"
    r"姐姐|弟弟|妹妹|诉求|信访事项|来信|复查申请)|之(?:子|女|妻|夫|父|母))"
)
# Surnames that are above all function words: 和新录用, 向人民法院, 于法有据.
_FUNCTION_SURNAMES = frozenset("向和于从及以与对同")
_LIST_END = re.compile(
    r"(?:走访|约谈|接待|陪同|参加|出席|到场|来访|来信|反映|称|表示|说|认为|夫妇|等人|"
    r"等[0-9一二三四五六七八九十百]+[人名户位]|二人|三人|两人|[，。；、])"
)
_SLOT_RIGHT_WEAK = re.compile(
    r"(?:反映|称|表示|说|认为|来访|来信|诉称|辩称|签收|拒绝|不服|撤回|提出|承认|同意|坚持|"
    r"介绍|主持|汇报|牵头|在场|签字|到场|"
    r"于\s?[0-9])"
)
_SURNAME_RE = (
    "|".join(sorted(COMPOUND_SURNAMES, key=len, reverse=True)) + "|[" + "".join(SURNAMES) + "]"
)
_CUE_END = re.compile(r"(?:" + _CUES_BEFORE + r")[:：\s]?$")
_CUE_NAME = re.compile(
    r"(?:" + _CUES_BEFORE + r")[:：\s]?(?:<[a-z]{1,6}>)?(?=(" + _SURNAME_RE + r"))"
)
_ENUM_PREV = re.compile(r"(?:、|和|与|及)$")
_NAME_BEFORE_CUE = re.compile(
    r"(" + _SURNAME_RE + r")([" + _CJK + r"]{1,2}?)(?=" + _CUES_AFTER + r")"
)
_ENUM_NEXT = re.compile(r"\s*(?:、|和|与|及|以及|,|，)\s*(?=(" + _SURNAME_RE + r"))")
# A surname at the start of a clause (after punctuation or a line break).
_CLAUSE_NAME = re.compile(
    r"(?:^|(?<=[，。；：、！？\n“”‘’（）()\s,;:!?]))(?:" + _SURNAME_RE + r")(?=[" + _CJK + r"])",
    re.M,
)
_QUOTED_TITLE = re.compile(r"《[^《》\n]{1,60}》")
_HAN = re.compile(r"[" + _CJK + r"]")

_jieba_ready = False


def _posseg():
    global _jieba_ready
    import jieba
    import jieba.posseg

    if not _jieba_ready:
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _jieba_ready = True
    return jieba.posseg


def _surname_len(word: str) -> int:
    if word[:2] in COMPOUND_SURNAMES:
        return 2
    if word[:1] in SURNAMES:
        return 1
    return 0


def _is_ambiguous(name: str) -> bool:
    """The name starts with a surname that is also an everyday word (向, 高, 东方 …)."""
    if name[:2] in COMPOUND_SURNAMES:
        return name[:2] in AMBIGUOUS_COMPOUNDS
    return name[:1] in AMBIGUOUS_SURNAMES


def _is_foreign(name: str) -> bool:
    return any(dot in name for dot in _DOT)


def _is_nickname(name: str) -> bool:
    return len(name) == 2 and name[0] in "老小" and name[1] in SURNAMES


def _plausible_name(name: str, strong: bool = False) -> bool:
    """``strong``: a role word or title next to it; 夏天宇, 高明亮 may then start with a word."""
    k = _surname_len(name)
    if not k or not 1 <= len(name) - k <= 2:
        return False
    given = name[k:]
    if not all(_HAN.match(ch) for ch in given):
        return False
    if "某" in given or "×" in given or given[0] in "某甲乙丙丁":
        return False
    if name in NOT_NAMES or given in _TITLE_WORDS:
        return False
    if len(name) == 3 and k == 1 and name[:2] in NOT_NAMES:
        return strong and given[-1] not in _STOPCHARS and not _is_word(name)
    return True


def _freq(word: str) -> int:
    _posseg()
    import jieba

    return jieba.dt.FREQ.get(word, 0) or 0


def _is_word(word: str) -> bool:
    return _freq(word) >= _COMMON_WORD_FREQ


def _starts_word(text: str, index: int) -> bool:
    """True when ``text[index]`` begins a common two-character word (反映, 陪同, 表示 …)."""
    _posseg()
    import jieba

    freq = jieba.dt.FREQ
    pair = text[index : index + 2]
    return len(pair) == 2 and freq.get(pair, 0) >= _COMMON_WORD_FREQ


def _name_end(text: str, start: int) -> int | None:
    """Where a name starting at ``start`` (a surname) most likely ends, or None.

    Two-character given names are the rule; one character when the second would be a stop
    character (说, 的, 等 …) or would begin a common word (王芳|反映, 李明|陪同).
    """
    k = _surname_len(text[start : start + 2])
    if not k:
        return None
    given = text[start + k : start + k + 2]
    if not given or not _HAN.match(given[0]) or given[0] in "某×" or given[0] in _STOPCHARS:
        return None
    if (
        len(given) == 2
        and _HAN.match(given[1])
        and given[1] not in _STOPCHARS
        and not _starts_word(text, start + k + 1)
    ):
        return start + k + 2
    if (
        len(given) == 2
        and _HAN.match(given[1])
        and given[1] not in _STOPCHARS
        and re.match(r"于\s?\d", text[start + k + 2 : start + k + 4])
    ):
        return start + k + 2  # 信访人桂林生于2023年…: 于 + a date ends the name
    after = text[start + k + 2 : start + k + 3]
    if (
        len(given) == 2
        and _HAN.match(given[1])
        and given[1] in _STOPCHARS
        and not (after or ".").isalnum()
    ):
        return start + k + 2  # 陶春来，男 — the name ends at the punctuation
    return start + k + 1


@dataclass
class _Span:
    kind: str
    start: int
    end: int
    priority: int


def _pattern_spans(norm: str) -> list[_Span]:
    spans: list[_Span] = []

    def add(kind, start, end, priority):
        spans.append(_Span(kind, start, end, priority))

    for m in _EMAIL.finditer(norm):
        add("email", m.start(), m.end(), 0)
    for m in _PROPERTY.finditer(norm):
        add("property_cert", m.start(), m.end(), 1)
    for m in _ID18.finditer(norm):
        if id_card_is_valid(m.group()):
            add("id_card", m.start(), m.end(), 2)
    for m in _ID15.finditer(norm):
        add("id_card", m.start(1), m.end(1), 2)
    for m in _SOCIAL.finditer(norm):
        group = next(g for g in ("qq", "wx", "weibo") if m.group(g))
        add("social_id", m.start(group), m.end(group), 3)
    for m in _BANK_CUE.finditer(norm):
        add("bank_card", m.start(1), m.end(1), 4)
    for m in _BANK_BARE.finditer(norm):
        if luhn_is_valid(m.group(1)) and not id_card_is_valid(re.sub(r"\D", "", m.group(1))):
            add("bank_card", m.start(1), m.end(1), 4)
    for m in _MOBILE.finditer(norm):
        add("phone", m.start(), m.end(), 5)
    for m in _LANDLINE.finditer(norm):
        add("phone", m.start(), m.end(), 5)
    for m in _PHONE_CUE.finditer(norm):
        add("phone", m.start(1), m.end(1), 6)
    for m in _PLATE.finditer(norm):
        if any(ch.isdigit() for ch in m.group()):
            add("plate", m.start(), m.end(), 6)
    for m in _BIRTH.finditer(norm):
        group = 1 if m.group(1) else 2
        add("birth_date", m.start(group), m.end(group), 7)
    for m in _ADDRESS.finditer(norm):
        if m.end() - m.start() >= 4:
            add("address", m.start(), m.end(), 8)
    for m in _NUMBER.finditer(norm):
        add("number", m.start(), m.end(), 9)
    return _resolve(spans)


def _resolve(spans: list[_Span]) -> list[_Span]:
    """Drop spans overlapping a span of higher priority (lower number), then a longer one."""
    chosen: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.priority, -(s.end - s.start), s.start)):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Replace the given spans with a separator char (keeps offsets, stops jieba merging)."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = "\u3001" if chars[i] != "\n" else "\n"
    return "".join(chars)


def _tokens(text: str) -> list[tuple[int, str, str]]:
    """jieba's words with their part-of-speech flags: (start, word, flag)."""
    tokens = []
    pos = 0
    for pair in _posseg().cut(text):
        tokens.append((pos, pair.word, pair.flag))
        pos += len(pair.word)
    return tokens


def _name_candidates(text: str, tokens=None) -> list[tuple[int, int]]:
    """Spans of likely personal names in ``text`` (already blanked of other findings)."""
    found: dict[int, int] = {}
    if tokens is None:
        tokens = _tokens(text)
    boundaries: set[int] = {0} | {start + len(word) for start, word, _flag in tokens}

    def add(start: int, end: int, strong: bool = False, ambiguous_ok: bool = False) -> None:
        name = text[start:end]
        if not (strong or ambiguous_ok) and _is_ambiguous(name):
            return
        relaxed = ambiguous_ok or (strong and not _is_ambiguous(name))
        if end > start and _plausible_name(name, relaxed):
            if strong:
                found[start] = end  # a role word before it knows the length better than jieba
            else:
                found.setdefault(start, end)

    # 1. jieba's person-name tags.
    for i, (start, word, flag) in enumerate(tokens):
        if (
            flag == "nr"
            and len(word) == 1
            and word in SURNAMES
            and i + 1 < len(tokens)
            and tokens[i + 1][2] == "nr"
            and 1 <= len(tokens[i + 1][1]) <= 2
            and not _surname_len(tokens[i + 1][1][:1])
        ):
            add(start, start + 1 + len(tokens[i + 1][1]))  # 受宋|美玲委托
            continue
        if flag != "nr" or not 2 <= len(word) <= 4 or not _surname_len(word):
            continue
        end = start + len(word)
        if len(word) - _surname_len(word) == 2 and word[-1] in _STOPCHARS:
            end -= 1  # jieba glued a verb on: 杜丽|系, 张伟|称
        if end - start - _surname_len(word) == 1 and end == start + len(word):
            # jieba often cuts a three-character name after two: 罗文|彬称, 金玉|琴
            nxt = text[end : end + 1]
            if (
                nxt
                and _HAN.match(nxt)
                and nxt not in _STOPCHARS
                and nxt not in _PUBLIC_SUFFIX
                and not _starts_word(text, end)
                and not _STRONG_AFTER.match(text, end)
            ):
                end += 1
        following = text[end : end + 1]
        if following and following in _PUBLIC_SUFFIX:
            continue
        if len(word) == 3 and word[1] == "家" and _surname_len(word) == 1:
            continue  # 杨家坪, 李家沱: places named after a family
        ambiguous_ok = (
            len(word) == 3
            and end - start == 3
            and not _starts_word(text, start)
            and _freq(word[1:]) < 1000
            and not _is_word(word)
        )
        add(start, end, ambiguous_ok=ambiguous_ok)  # 和易小凤到镇政府: tagged, no word inside

    # 2. Context cues before the name: 信访人张某某, 申请人：欧阳明辉.
    for m in _CUE_NAME.finditer(text):
        start = m.end()
        end = _name_end(text, start)
        if end and text[start] in AMBIGUOUS_SURNAMES and _surname_len(text[start : start + 2]) == 1:
            # 当事人向人民法院…, 干部和新录用干部: the "name" runs on into ordinary words.
            after = text[end : end + 1]
            if _starts_word(text, start + 1) or (
                after and _HAN.match(after) and after not in _STOPCHARS
            ):
                # 的女儿程琳介绍: still a name when its given characters are name characters,
                # neither it nor its start is a word, and a word begins right after it.
                given = text[start + 1 : end]
                if not (
                    text[start] not in _FUNCTION_SURNAMES
                    and all(ch in GIVEN_CHARS for ch in given)
                    and not _starts_word(text, start)
                    and not _is_word(text[start:end])
                    and _starts_word(text, end)
                ):
                    continue
        if end:
            add(start, end, strong=True)

    # 3. Context cues after the name: 王芳女士, 李明（男, 赵强等3人.
    for m in _NAME_BEFORE_CUE.finditer(text):
        start = m.start(1)
        if start > 0 and _HAN.match(text[start - 1]) and start not in boundaries:
            continue
        end = m.end(2)
        strong_after = _STRONG_AFTER.match(text, end)
        if strong_after and text[end - 1] in _ORG_END:
            continue  # 党支部书记, 司法所所长: a body, not a person, before the title
        # 施建平等32名 yes; 方案等3项, 和公众代表 no: with a surname that is also a word, the
        # "name" must not start a word nor have a common word as given name, unless a sex
        # marker follows (高明亮，男).
        if (
            strong_after
            and _is_ambiguous(text[start:end])
            and not _SEX_AFTER.match(text, end)
            and (_starts_word(text, start) or _freq(text[start + 1 : end]) >= 1000)
        ):
            continue
        add(start, end, ambiguous_ok=bool(strong_after))

    # 3b. After verbs whose object is a person: 接待了王建国, 走访了冯玉兰.
    for m in _VERB_NAME.finditer(text):
        start = m.end()
        end = _name_end(text, start)
        if not end or _starts_word(text, start) or start in found:
            continue
        after = text[end : end + 1]
        if _is_ambiguous(text[start:end]) and after and _HAN.match(after):
            continue
        add(start, end)

    # 3c. Transliterated and minority names joined by a middle dot: 约翰·史密斯, read
    # however jieba cuts them (_dotted_names).
    for nstart, nend in _dotted_names(text):
        for s in [s for s in found if nstart <= s < nend]:
            del found[s]
        found[nstart] = nend

    # 3c'. A clause that starts with surname + common given-name characters, the string being
    # no dictionary word: 此后，殷桂兰每周都来. 黄金、林业局、金华市 are words or places.
    for m in _CLAUSE_NAME.finditer(text):
        start = m.start()
        if start in found:
            continue
        end = _name_end(text, start)
        if not end:
            continue
        name = text[start:end]
        k = _surname_len(name)
        given = name[k:]
        after = text[end : end + 1]
        if (
            len(given) == 1
            and after
            and (_HAN.match(after) and after not in _STOPCHARS)
            and not _starts_word(text, end)
        ):
            continue  # a one-character given name needs punctuation, 说, 称 … after it
        if (
            _is_ambiguous(name)
            or not all(ch in GIVEN_CHARS for ch in given)
            or given[0] == "家"
            or _is_word(name)
            or _is_word(name[: k + 1])
            or (after and after in _PUBLIC_SUFFIX)
        ):
            continue
        add(start, end)

    # 3c''. Person slots around a name-shaped string (see _SLOT_LEFT_STRONG).
    for start in range(len(text)):
        k = _surname_len(text[start : start + 2])
        if not k or start in found:
            continue
        before = text[max(0, start - 4) : start]
        left = (
            2
            if _SLOT_LEFT_STRONG.search(before) or _CUE_END.search(text[max(0, start - 8) : start])
            else 1
            if _SLOT_LEFT_WEAK.search(before)
            else 0
        )
        if not left or (
            left == 1 and start and _HAN.match(text[start - 1]) and start not in boundaries
        ):
            continue
        for glen in (2, 1):
            end = start + k + glen
            name = text[start:end]
            given = name[k:]
            if len(given) != glen or not all(_HAN.match(ch) for ch in given):
                continue
            if any(ch in _STOPCHARS or ch in "某×" for ch in given):
                continue
            right = (
                2
                if _SLOT_RIGHT_STRONG.match(text, end)
                else 1
                if _SLOT_RIGHT_WEAK.match(text, end)
                else 0
            )
            if not right:
                continue
            score = left + right
            if _starts_word(text, start) and not (glen == 2 and _freq(name) == 0):
                score -= 1
            if _is_word(name) or name in NOT_NAMES:
                score -= 1
            need = 3 if _is_ambiguous(name) else 2
            if score >= need and _plausible_name(name, strong=True) and name not in NOT_NAMES:
                found[start] = end
            break

    # 3d. 老王（王德顺）: the full name in brackets after a nickname.
    for m in _NICK_PAREN.finditer(text):
        add(m.start(2), m.end(2), strong=True)

    # 4. Lists: 张三、李四和王五 — extend from every name found so far.
    changed = True
    while changed:
        changed = False
        for start, end in list(found.items()):
            m = _ENUM_NEXT.match(text, end)
            if m and m.end() not in found:
                nstart = m.end()
                nend = _name_end(text, nstart)
                ambiguous = nend and _is_ambiguous(text[nstart:nend])
                if ambiguous and not _starts_word(text, nstart):
                    # 夏天宇、方晓明。: a list item that is no word and ends at punctuation
                    following = text[nend : nend + 1]
                    ambiguous = bool(following) and bool(_HAN.match(following))
                if ambiguous and _LIST_END.match(text, nend):
                    # 王芳、安然走访了…: the list ends in a person slot
                    ambiguous = text[nstart:nend] in NOT_NAMES
                if nend and not ambiguous and _plausible_name(text[nstart:nend]):
                    found[nstart] = nend
                    changed = True
            # and backwards: 推选汪建军、石磊 — the name before the separator.
            if start >= 3 and text[start - 1] in "、和与及" and (start - 1) not in found.values():
                for length in (3, 2, 4):
                    pstart = start - 1 - length
                    name = text[max(pstart, 0) : start - 1]
                    if pstart >= 0 and pstart in boundaries and _plausible_name(name):
                        found[pstart] = start - 1
                        changed = True
                        break

    # 5. Nicknames 老张, 小李 for the surname of a name found in this text.
    surnames = {text[s] for s, e in found.items() if _surname_len(text[s : s + 2]) == 1}
    for m in _NICK.finditer(text):
        start, end = m.start(), m.end()
        if m.group(1) not in surnames or start in found:
            continue
        before, after = text[start - 1 : start], text[end : end + 1]
        if before and _HAN.match(before) and start not in boundaries:
            continue
        if after and _HAN.match(after) and after not in _STOPCHARS:
            continue
        if any(s <= start < e for s, e in found.items()):
            continue
        found[start] = end

    # Overlaps: keep the earliest, then the longest.
    spans = []
    last_end = -1
    for start in sorted(found):
        end = found[start]
        if start >= last_end:
            spans.append((start, end))
            last_end = end
    return spans


class Pseudonyms:
    """The same person gets the same pseudonym; different people with one surname get 甲乙丙…"""

    ORDINALS = "甲乙丙丁戊己庚辛壬癸"

    def __init__(self, names: Iterable[str] = ()):
        self._order: list[str] = []
        for name in names:
            self.add(name)

    def add(self, name: str) -> None:
        if name not in self._order:
            self._order.append(name)

    @property
    def names(self) -> list[str]:
        return list(self._order)

    def mapping(self) -> dict[str, str]:
        by_surname: dict[str, list[str]] = {}
        for name in self._order:
            by_surname.setdefault(name[: _surname_len(name)] or name[:1], []).append(name)
        result = {}
        for surname, names in by_surname.items():
            if len(names) == 1:
                result[names[0]] = f"{surname}某"
            else:
                for i, name in enumerate(names):
                    suffix = self.ORDINALS[i] if i < len(self.ORDINALS) else str(i + 1)
                    result[name] = f"{surname}某{suffix}"
        return result


def _replacement(kind: str, text: str) -> str:
    if kind == "birth_date":
        return BIRTH_MASK
    if kind == "plate":
        return text[:2] + "×××××"
    return MASK


def prepare(text: str) -> tuple[list[_Span], str]:
    """Pattern spans, and the text names are read from: normalised, with those spans and
    titles in 《》 blanked out (same length, same offsets)."""
    norm = normalise(text)
    spans = _pattern_spans(norm)
    blanked = _blank(norm, [(s.start, s.end) for s in spans])
    blanked = _blank(blanked, [(m.start(), m.end()) for m in _QUOTED_TITLE.finditer(blanked)])
    return spans, blanked


def _detect(text: str) -> tuple[list[_Span], list[tuple[int, int]]]:
    """Pattern spans and name spans (names found without the pattern spans in the way)."""
    if not text:
        return [], []
    spans, blanked = prepare(text)
    tokens = _tokens(blanked)
    names = _merge_names(blanked, _name_candidates(blanked, tokens), tokens)
    return spans, names


# --- the statistical model's names, merged with the rules' -------------------------------

# A rule's name is dropped when the statistical model gives less than this probability that a
# name begins there (the rules' false alarms: 劳务班, 朱红色, 向业主).
MODEL_VETO = 0.01
# A two-character name of the model takes a third character when the rules' reading of the
# length agrees (翁子|涵报了 → 翁子涵) and the model gives that character at least this
# probability of being inside the name.
MODEL_EXTEND = 0.02
# A common word (李子, 华为, 宣传单) is taken for a name only when the model is this sure, or
# when it stands in a list right next to another name (肖成贵、黄金花).
_MODEL_SURE = 0.95
_LIST_JOIN = frozenset("、和与及")
# A model span that runs into a body or a place is none (区卫健|委, 龙洲|湾, 金华市).
_MODEL_ORG_AFTER = re.compile(
    r"[委局厅办湾片](?!长|主任|书记)|[区县市镇乡村街路](?!长|委|政府|主任|书记|[民干])"
)
_MODEL_PLACE_END = frozenset("湾委局厅市区县镇乡村庄园")

_DOTTED_LEFT_CUT = re.compile(
    r".*(?:" + _CUES_BEFORE + r"|群众|族|籍|对|向|与|和|由|经|将|把|被|给|是|为|及)"
)
# Characters that end the part after the dot (称, 说, 的 …); 都, 提, 不 occur in the names.
_DOTTED_STOP = frozenset(
    "说称的了是在等因到将把被从对也就又要已曾再并跟给让叫请经拒未没无均则却还仍所而或即系现表反认诉"
    "多家之来去带找签收交领写打讲问答喊闹堵跑走住出进回上下后前中内外里地得着过们个位名次年月日时"
    "该其此这那各每共约仅只便今昨乃需致至欠讨拖告申投办持遭受作做按据由自副女男与和及于"
)
_PLACES = _words(
    "中国 重庆 北京 上海 天津 新疆 西藏 内蒙古 广西 宁夏 四川 云南 贵州 成都 江北 渝中"
)


def _clear_of(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """True when ``start``–``end`` overlaps none of ``spans``."""
    return all(end <= a or start >= b for a, b in spans)


def _dotted_names(text: str) -> list[tuple[int, int]]:
    """Names joined by a middle dot however jieba cuts them: 阿布都热依木·艾力, 古丽米拉·阿不都.

    The left part starts after the last role word or function word before it (信访人, 群众,
    向 …), the right part ends before the first common word after it (陈述, 女士, 与). Places
    (中国·重庆) and pairs of common words (党建·引领) stay.
    """
    spans: list[tuple[int, int]] = []
    for dot, ch in enumerate(text):
        if ch not in _DOT or (spans and dot < spans[-1][1]):
            continue
        start = dot
        while start > 0 and dot - start < 8 and _HAN.match(text[start - 1]):
            start -= 1
        cut = _DOTTED_LEFT_CUT.match(text[start:dot])
        if cut:
            start += cut.end()
        # …and after the last character that ends a clause word (自称, 还有, 人员)
        for i in range(dot - 3, start - 1, -1):
            if text[i] in _DOTTED_STOP or text[i] in "有称叫名姓员村":
                start = i + 1
                break
        end = dot + 1
        while (
            end < len(text)
            and end - dot <= 8
            and _HAN.match(text[end])
            and not (end - dot > 2 and (_starts_word(text, end) or text[end] in _DOTTED_STOP))
        ):
            end += 1
        parts = (text[start:dot], text[dot + 1 : end])
        if min(len(part) for part in parts) < 2:
            continue
        tags = [_posseg().dt.word_tag_tab.get(part, "") for part in parts]
        pairs = list(zip(parts, tags, strict=True))
        if any(part in _PLACES or tag[:2] in ("ns", "nt") for part, tag in pairs):
            continue
        if all(_is_word(part) and not tag.startswith("nr") for part, tag in pairs):
            continue
        spans.append((start, end))
    return spans


def _model_bounds(text: str, start: int, end: int, inside: list[float]) -> tuple[int, int]:
    """The model's span with its length mended: 有|老段, 雷小梅|少, 翁子|涵."""
    if end - start == 3 and not _surname_len(text[start]) and _is_nickname(text[start + 1 : end]):
        return start + 1, end
    if _surname_len(text[start : start + 2]) != 1:
        return start, end
    if end - start == 4:
        return start, start + 3  # a one-character surname takes at most two given characters
    if (
        end - start == 2
        and end < len(text)
        and inside[end] >= MODEL_EXTEND
        and _name_end(text, start) == end + 1
        and not _is_word(text[start : end + 1])
    ):
        return start, end + 1
    return start, end


def _model_keep(text: str, start: int, end: int, begin: list[float]) -> bool | None:
    """Whether a span of the model is a name: True; False when it is no name at all (not 2–4
    Chinese characters — dotted names are ``_dotted_names``' —, 王某, 张科长, or it runs into a
    body or place); None when it is a common word the model is not sure of (it then counts
    only in a list next to another name)."""
    name = text[start:end]
    if not 2 <= len(name) <= 4 or any(ch in "某×" or not _HAN.match(ch) for ch in name):
        return False
    k = _surname_len(name)
    if k and name[k:] in _TITLE_WORDS:
        return False
    if _MODEL_ORG_AFTER.match(text, end) or name[-1] in _MODEL_PLACE_END:
        return False
    doubtful = (
        name in NOT_NAMES
        or _is_word(name)
        or (len(name) == 3 and (_is_word(name[:2]) or name[:2] in NOT_NAMES))
        or (len(name) == 3 and k == 1 and _freq(name[1:]) >= 1000)
        or (len(name) == 3 and end < len(text) and _freq(text[end - 1 : end + 1]) >= 1000)
    )
    return True if not doubtful or begin[start] >= _MODEL_SURE else None


def _merge_names(text: str, rules, tokens) -> list[tuple[int, int]]:
    """The rules' names, the dotted names and the statistical model's (``name_model``) as one
    list of spans.

    Dotted names come first. Where a rule and the model find the same name the model's
    boundaries win (姜涛|以); a rule's name the model gives almost no chance is dropped.
    Without a model file the rules and the dotted names stand alone.
    """
    from . import name_model

    dotted = [(s, e) for s, e in rules if _is_foreign(text[s:e])]
    rules = [(s, e) for s, e in rules if _clear_of(s, e, dotted)]
    if not name_model.available():
        return sorted(dotted + rules)
    model, begin, inside = name_model.analyse(text, tokens)
    kept, doubtful = [], []
    for s, e in model:
        s, e = _model_bounds(text, s, e, inside)
        if _clear_of(s, e, dotted):
            verdict = _model_keep(text, s, e, begin)
            if verdict:
                kept.append((s, e))
            elif verdict is None:
                doubtful.append((s, e))
    merged = list(dotted)
    for start, end in rules:
        if _clear_of(start, end, kept) and begin[start] >= MODEL_VETO:
            merged.append((start, end))
    merged += [(s, e) for s, e in kept if _clear_of(s, e, merged)]
    # a doubtful one (夏天, 黄金花) counts in a list right next to a name: 肖成贵、黄金花
    changed = True
    while changed:
        changed = False
        ends = {e for _s, e in merged}
        starts = {s for s, _e in merged}
        for start, end in list(doubtful):
            if not _clear_of(start, end, merged):
                doubtful.remove((start, end))
            elif (text[start - 1 : start] in _LIST_JOIN and start - 1 in ends) or (
                text[end : end + 1] in _LIST_JOIN and end + 1 in starts
            ):
                merged.append((start, end))
                doubtful.remove((start, end))
                changed = True
    return sorted(merged)


def _all_occurrences(text: str, names: Iterable[str], taken: list[tuple[int, int]]):
    """Every place a known full name occurs, also where only a later mention gives it away."""
    result = []
    for name in sorted(set(names), key=len, reverse=True):
        start = text.find(name)
        while start != -1:
            end = start + len(name)
            if _clear_of(start, end, taken):
                result.append((start, end))
                taken.append((start, end))
            start = text.find(name, end)
    return result


def find_many(texts: list[str]) -> list[list[Finding]]:
    """Findings for several texts of one case, with pseudonyms consistent across them."""
    detected = [_detect(text) for text in texts]
    pseudonyms = Pseudonyms()
    nicknames = set()
    found = [
        text[s:e] for text, (_spans, names) in zip(texts, detected, strict=True) for s, e in names
    ]
    dotted = [n for n in found if _is_foreign(n)]
    for name in found:
        if _is_nickname(name):
            nicknames.add(name)
        elif _is_foreign(name) or not any(name in d for d in dotted):
            pseudonyms.add(name)  # 古丽米 inside 古丽米拉·阿不都 is no second person
    mapping = pseudonyms.mapping()
    for name in [n for n in mapping if _is_foreign(n)]:
        # 古丽米拉·阿不都, later just 古丽米拉: the first part alone is the same person
        first = re.split("[" + _DOT + "]", name)[0]
        if len(first) >= 2 and first not in mapping and not _is_word(first):
            mapping[first] = mapping[name]
    for nick in nicknames:
        # 老张 → the pseudonym of the one 张 in the case, or 张某 when there are several
        same = [n for n in pseudonyms.names if _surname_len(n) == 1 and n[0] == nick[1]]
        mapping[nick] = mapping[same[0]] if len(same) == 1 else f"{nick[1]}某"
    results = []
    for text, (spans, _names) in zip(texts, detected, strict=True):
        taken = [(s.start, s.end) for s in spans]
        findings = [
            Finding(
                s.kind,
                text[s.start : s.end],
                s.start,
                s.end,
                _replacement(s.kind, text[s.start : s.end]),
            )
            for s in spans
        ]
        for start, end in _all_occurrences(text, mapping, taken):
            name = text[start:end]
            findings.append(Finding("person_name", name, start, end, mapping[name]))
        results.append(sorted(findings, key=lambda f: f.start))
    return results


def find(text: str) -> list[Finding]:
    """Personal data in plain ``text``, with offsets into ``text``."""
    return find_many([text or ""])[0]


def redact(text: str, findings: Iterable[Finding] | None = None) -> str:
    """``text`` with each finding replaced (all findings when none are given)."""
    if findings is None:
        findings = find(text)
    out = []
    pos = 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos:
            continue
        out.append(text[pos : f.start])
        out.append(f.replacement)
        pos = f.end
    out.append(text[pos:])
    return "".join(out)


def anonymise(text: str) -> tuple[list[Finding], str]:
    findings = find(text)
    return findings, redact(text, findings)


# --- rich text (HTML) ----------------------------------------------------------------------

_TAG = re.compile(r"<!--.*?-->|<[^>]*>|&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);", re.S)
_BLOCK_TAG = re.compile(r"</?(?:p|br|li|ul|ol|h[1-6]|div|blockquote|tr|td|th|table|hr)\b", re.I)


@dataclass
class _HtmlText:
    """The text of an HTML fragment, and for every text char its (start, end) in the HTML."""

    text: str
    where: list[tuple[int, int]]


def html_text(markup: str) -> _HtmlText:
    chars: list[str] = []
    where: list[tuple[int, int]] = []
    pos = 0
    for m in _TAG.finditer(markup):
        for i in range(pos, m.start()):
            chars.append(markup[i])
            where.append((i, i + 1))
        token = m.group()
        if token.startswith("&"):
            decoded = html_lib.unescape(token)
            for ch in decoded:
                chars.append(ch)
                where.append((m.start(), m.end()))
        elif _BLOCK_TAG.match(token):
            chars.append("\n")  # paragraphs never join into one word
            where.append((m.start(), m.start()))
        pos = m.end()
    for i in range(pos, len(markup)):
        chars.append(markup[i])
        where.append((i, i + 1))
    return _HtmlText("".join(chars), where)


def _to_html_finding(f: Finding, ht: _HtmlText) -> Finding:
    return Finding(f.kind, f.text, ht.where[f.start][0], ht.where[f.end - 1][1], f.replacement)


def find_many_html(fragments: list[tuple[str, bool]]) -> list[list[Finding]]:
    """Like :func:`find_many`; each item is ``(text, is_html)``. HTML offsets index the markup."""
    extracted = [html_text(t) if is_html else None for t, is_html in fragments]
    texts = [ht.text if ht else t for ht, (t, _is_html) in zip(extracted, fragments, strict=True)]
    results = []
    for ht, findings in zip(extracted, find_many(texts), strict=True):
        results.append([_to_html_finding(f, ht) for f in findings] if ht else findings)
    return results


def find_in_html(markup: str) -> list[Finding]:
    """Findings in the text nodes of ``markup``; offsets index ``markup`` itself."""
    return find_many_html([(markup or "", True)])[0]


def redact_html(markup: str, findings: Iterable[Finding] | None = None) -> str:
    """Replace findings inside text nodes only, so the markup stays intact."""
    if findings is None:
        findings = find_in_html(markup)
    ht = html_text(markup)
    start_to_index = {}
    for index, (start, end) in enumerate(ht.where):
        if end > start:
            start_to_index.setdefault(start, index)
    edits: list[tuple[int, int, str]] = []
    for f in findings:
        first = start_to_index.get(f.start)
        if first is None:
            continue
        segments: list[list[int]] = []
        index = first
        while index < len(ht.where) and ht.where[index][0] < f.end:
            start, end = ht.where[index]
            if end > start:
                if segments and segments[-1][1] == start:
                    segments[-1][1] = end
                elif not segments or segments[-1][1] <= start:
                    segments.append([start, end])
            index += 1
        for i, (start, end) in enumerate(segments):
            edits.append(
                (start, end, html_lib.escape(f.replacement, quote=False) if i == 0 else "")
            )
    out = []
    pos = 0
    for start, end, replacement in sorted(edits):
        if start < pos:
            continue
        out.append(markup[pos:start])
        out.append(replacement)
        pos = end
    out.append(markup[pos:])
    return "".join(out)
