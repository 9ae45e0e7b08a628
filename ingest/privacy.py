"""Masking of personal data in case texts: ID numbers, mobile numbers and natural persons' names.

Names are only recognised in the places penalty documents put them (after 当事人/法定代表人/负责人/经营者/
消费者 … or before （以下简称当事人）), and only when they start with a common surname. 张三 → 张某,
张小明 → 张某某; 王某某 and company names stay as they are.
"""
from __future__ import annotations

import re

ID_NUMBER_RE = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])")
MOBILE_RE = re.compile(r"(?<!\d)(1[3-9]\d)[-\s]?(\d{4})[-\s]?(\d{4})(?!\d)")
ID_MASK = "[身份证号已隐去]"

COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯",
                     "长孙", "宇文", "司徒", "端木", "西门", "南宫", "独孤", "轩辕")
SINGLE_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤向常"
    "温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚"
    "娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明"
    "佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强"
    "帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓"
    "修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植"
    "衡富尧闭由于")
# Characters that do not occur in given names but often follow a cue word (当事人于同日…, 经营者未…).
NOT_IN_NAME = set("年月日时分同当该此其本前后上下中内外已未将在对向从自为是了的和与及或等均亦也又就都"
                  "所因而并被把让给由于以某个名人家店司公企厂行社部局")
# Two-character words that start like a name after a cue word (当事人陈述…, 经营者应当…).
NOT_NAMES = frozenset("""陈述 申请 申辩 应当 明知 利用 安排 符合 初次 曾因 曾经 曾于 成立 于是 时任 单位 高度 全部 全面 方面
和解 文字 关于 宣传 宣称 经营 经销 原有 原料 原因 常年 常住 车辆 费用 计算 计划 平台 国家 连续 连锁 强制 解释 解除 包括
包装 房屋 项目 公司 能够 承认 江苏 江西 湖南 湖北 广东 广西 河南 河北 山东 山西 四川 云南 贵州 福建 安徽 浙江 甘肃 青海
海南 辽宁 吉林 黑龙 陕西 宁夏 新疆 西藏 内蒙 北京 天津 上海 重庆 香港 澳门 台湾 金额 金融 石化 万元 易燃 温度 程序 方式
方可 方能 支付 支持 管理 管辖 华润 华联 卫生 卫健 安全 安装 明确 明显 明示 向其 向消 向社 章程 路边 阳台 房间 邵阳 永盛
""".split())
# What may follow a name: punctuation, brackets, or a word that starts the next clause.
NAME_END = r"(?=[，,。；;：:、（(）)\s\"“”'‘’《]|$|[于在系以将的等称是因从自为向对经已未现住身男女出年个和与及并均作涉名到说签拒共同销售生购卖开使提租雇收持])"
CUES = ("当事人", "法定代表人", "负责人", "经营者", "消费者", "投诉人", "举报人", "被举报人", "投资人", "业主",
        "店主", "摊主", "户主", "监护人", "受害人", "被处罚人", "犯罪嫌疑人", "嫌疑人", "被告人", "执法人员",
        "委托代理人", "代理人", "股东", "姓名")
_SURNAME = "(?:" + "|".join(COMPOUND_SURNAMES) + "|[" + SINGLE_SURNAMES + "])"
_GIVEN = r"[\u4e00-\u9fff]{1,2}?"
_CUE_NAME_RE = re.compile(
    r"(?P<cue>" + "|".join(sorted(CUES, key=len, reverse=True)) + r")(?P<sep>[：:为是系即]?\s*)"
    r"(?P<name>(?P<surname>" + _SURNAME + r")(?P<given>" + _GIVEN + r"))" + NAME_END)
_LIST_NAME_RE = re.compile(  # the next names of a list: 执法人员刘某、王芳 → 刘某、王某
    r"(?<=某)(?P<cue>[、和及与])(?P<sep>)(?P<name>(?P<surname>" + _SURNAME + r")(?P<given>" + _GIVEN + r"))" + NAME_END)
HONORIFICS = ("先生", "女士", "小姐", "大爷", "大妈", "大娘", "阿姨", "师傅", "老板", "同志", "经理", "老师", "某")
_ALIAS_NAME_RE = re.compile(
    r"(?P<name>(?P<surname>" + _SURNAME + r")(?P<given>[\u4e00-\u9fff]{1,2}))"
    r"(?=[（(]以下(?:简)?称(?:为)?[“\"]?当事人)")


def _masked(surname: str, given: str) -> str:
    return surname + ("某" if len(given) == 1 else "某某")


def _is_name(surname: str, given: str) -> bool:
    if "某" in given or any(ch in NOT_IN_NAME for ch in given):
        return False
    return (surname + given)[:2] not in NOT_NAMES


def _mask_cue(m: re.Match) -> str:
    after_surname = m.string[m.start("given"):]
    if after_surname.startswith(HONORIFICS) or not _is_name(m.group("surname"), m.group("given")):
        return m.group(0)
    return m.group("cue") + m.group("sep") + _masked(m.group("surname"), m.group("given"))


def _mask_alias(m: re.Match) -> str:
    if not _is_name(m.group("surname"), m.group("given")):
        return m.group(0)
    return _masked(m.group("surname"), m.group("given"))


def mask_personal_data(text: str) -> str:
    """Mask 18-digit ID numbers, mainland mobile numbers and natural persons' names in typical positions."""
    if not text:
        return text
    text = ID_NUMBER_RE.sub(ID_MASK, text)
    text = MOBILE_RE.sub(lambda m: m.group(1) + "****" + m.group(3), text)
    text = _ALIAS_NAME_RE.sub(_mask_alias, text)
    text = _CUE_NAME_RE.sub(_mask_cue, text)
    for _ in range(10):  # 张某、李某、王某 …: each pass masks one more name of a list
        masked = _LIST_NAME_RE.sub(_mask_cue, text)
        if masked == text:
            break
        text = masked
    return text


def names_in(text: str) -> dict[str, str]:
    """Natural persons' names the cue patterns find in `text`, each with its masked form, so the same
    name can be masked where it appears without a cue (a title such as 王小明销售过期食品案)."""
    found: dict[str, str] = {}
    for rx in (_CUE_NAME_RE, _ALIAS_NAME_RE):
        for m in rx.finditer(text or ""):
            if rx is _CUE_NAME_RE and m.string[m.start("given"):].startswith(HONORIFICS):
                continue
            if _is_name(m.group("surname"), m.group("given")):
                found[m.group("name")] = _masked(m.group("surname"), m.group("given"))
    return found


def mask_names(text: str, names: dict[str, str]) -> str:
    for raw in sorted(names, key=len, reverse=True):
        text = text.replace(raw, names[raw])
    return text

