"""A seeded generator of SYNTHETIC penalty cases, for load and scale tests only.

Every case is labelled synthetic three ways: `CaseRecord.synthetic=True`, ids `syn-<seed>-<n>` (records
`case:syn-…`) and titles starting 【合成】. Files go to `$SHUOLI_HOME/synthetic/` (never to corpus/): the
facts are plausible combinations of templates, not real decisions, and must never be cited.

    python -m eval.synthetic --count 100000 [--seed 7] [--out PATH]
"""
from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from core.models import CaseRecord
from core.records import Record
from core.settings import Settings, get_settings

SYNTHETIC_TITLE_PREFIX = "【合成】"


@dataclass(frozen=True)
class ViolationKind:
    name: str
    law: str
    violated: int
    basis: int
    goods: tuple[str, ...]
    conducts: tuple[str, ...]  # {goods} and {amount} are filled in


KINDS: tuple[ViolationKind, ...] = (
    ViolationKind("食品安全", "食品安全法", 34, 124, ("鲜牛奶", "速冻水饺", "散装白酒", "月饼", "婴幼儿米粉", "芒果", "卤肉"),
                  ("销售超过保质期的{goods}，货值金额{amount}元", "经营农药残留超标的{goods}，货值{amount}元",
                   "生产{goods}时超范围使用食品添加剂，货值金额{amount}元")),
    ViolationKind("价格", "价格法", 14, 40, ("停车服务", "景区门票", "药品", "家电", "蔬菜"),
                  ("销售{goods}时标示虚假原价，多收价款{amount}元", "{goods}不按规定明码标价，违法所得{amount}元",
                   "以虚假折扣销售{goods}，涉及金额{amount}元")),
    ViolationKind("广告", "广告法", 9, 57, ("保健食品", "白酒", "护肤品", "教育培训", "房产"),
                  ("在{goods}广告中使用“最佳”“国家级”等绝对化用语，广告费用{amount}元",
                   "发布宣称治愈疾病的{goods}广告，广告费{amount}元", "{goods}广告引用无法核实的数据，广告费用{amount}元")),
    ViolationKind("商标", "商标法", 57, 60, ("运动鞋", "箱包", "手表", "白酒", "手机配件"),
                  ("销售侵犯注册商标专用权的{goods}，非法经营额{amount}元", "在{goods}上擅自使用他人注册商标，经营额{amount}元")),
    ViolationKind("产品质量", "产品质量法", 49, 49, ("电线电缆", "儿童玩具", "电动自行车", "建筑钢材", "插座"),
                  ("销售不符合国家标准的{goods}，货值金额{amount}元", "生产以次充好的{goods}，货值{amount}元")),
    ViolationKind("特种设备", "特种设备安全法", 32, 84, ("电梯", "锅炉", "压力容器", "叉车", "游乐设施"),
                  ("使用未经定期检验的{goods}，持续{amount}天", "使用未办理使用登记的{goods}，涉及{amount}台次")),
    ViolationKind("电子商务", "电子商务法", 17, 85, ("网店服装", "直播带货食品", "二手手机", "网售化妆品"),
                  ("经营{goods}时虚构交易、编造用户评价，涉及订单金额{amount}元", "{goods}页面隐瞒商品瑕疵，销售额{amount}元")),
    ViolationKind("计量", "计量法", 9, 26, ("电子秤", "加油机", "出租车计价器", "水表"),
                  ("使用未经检定的{goods}，多收款{amount}元", "对{goods}作弊改装致计量失准，涉及金额{amount}元")),
    ViolationKind("登记注册", "市场主体登记管理条例", 3, 43, ("餐饮店", "便利店", "美容院", "汽修店"),
                  ("{goods}未经登记擅自从事经营活动，违法所得{amount}元", "{goods}变更经营场所未办理变更登记，经营额{amount}元")),
)
REGIONS = ("北京市朝阳区", "上海市浦东新区", "广东省广州市天河区", "浙江省杭州市西湖区", "四川省成都市武侯区", "江苏省苏州市",
           "湖北省武汉市江汉区", "山东省济南市历下区", "重庆市渝中区", "陕西省西安市雁塔区", "河南省郑州市金水区",
           "福建省厦门市思明区", "云南省昆明市五华区", "辽宁省沈阳市和平区", "贵州省贵阳市南明区", "新疆乌鲁木齐市天山区")
PARTIES = ("某商贸有限公司", "某食品经营部", "某超市", "某科技有限公司", "某个体工商户（经营者张某）", "某餐饮管理有限公司",
           "某电子商务有限公司", "某实业有限公司", "某药房连锁有限公司", "某百货商行")
CIRCUMSTANCES = {
    "不予处罚": "当事人系初次违法，危害后果轻微并及时改正",
    "免予处罚": "当事人履行了进货查验义务，能如实说明进货来源",
    "减轻": "当事人主动消除违法行为危害后果并配合调查",
    "从轻": "当事人主动供述尚未掌握的违法行为，积极整改",
    "一般": "未发现从轻、减轻或从重情节",
    "从重": "当事人在一年内因同类违法行为受过处罚，且涉及儿童等特殊群体",
    "移送": "涉案金额巨大，涉嫌构成犯罪",
}
TIER_WEIGHTS = {"不予处罚": 6, "免予处罚": 6, "减轻": 10, "从轻": 22, "一般": 38, "从重": 14, "移送": 4}
EVIDENCE = ("现场检查笔录", "询问笔录", "进货凭证", "销售记录", "检验报告", "电子数据截图", "营业执照复印件", "价格标签照片")


def synthetic_case(rng: random.Random, seed: int, n: int) -> CaseRecord:
    """One synthetic case; the same (seed, n) always gives the same case."""
    kind = rng.choice(KINDS)
    goods = rng.choice(kind.goods)
    amount = round(10 ** rng.uniform(1.5, 6.3))
    template = rng.choice(kind.conducts)
    conduct = template.format(goods=goods, amount=amount if "元" in template else rng.randint(2, 400))
    tier = rng.choices(list(TIER_WEIGHTS), weights=list(TIER_WEIGHTS.values()))[0]
    region = rng.choice(REGIONS)
    party = f"{region[:2]}{rng.choice(PARTIES)}"
    year = rng.randint(2019, 2026)
    day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    fine = None if tier in ("不予处罚", "免予处罚", "移送") else float(round(amount * rng.uniform(0.5, 8), -1) + 5000)
    facts = (f"{day[:4]}年，执法人员检查发现{party}{conduct}。{CIRCUMSTANCES[tier]}。"
             f"线索来源：{rng.choice(('日常检查', '投诉举报', '抽样检验', '网络监测', '上级交办'))}。")
    outcome = {"不予处罚": "不予行政处罚，责令改正", "免予处罚": "免予处罚，没收违法商品",
               "移送": "移送公安机关"}.get(tier) or f"{tier}处罚：罚款{fine:.0f}元"
    return CaseRecord(
        case_id=f"syn-{seed}-{n:07d}", title=f"{SYNTHETIC_TITLE_PREFIX}{party}{kind.name}违法案", region=region,
        date=day, facts=facts, evidence=rng.sample(EVIDENCE, 3),
        provisions={"violated": [{"law": kind.law, "article": kind.violated}],
                    "penalty_basis": [{"law": kind.law, "article": kind.basis}],
                    "discretion_basis": [f"合成数据：{kind.name}类裁量基准（虚构）"]},
        tier=tier, penalty={"fine": fine}, outcome=outcome,
        significance="合成数据，仅用于负载测试，不得引用。", synthetic=True, source=f"synthetic:seed={seed}")


def generate(count: int, seed: int = 7) -> Iterator[CaseRecord]:
    rng = random.Random(seed)
    for n in range(count):
        yield synthetic_case(rng, seed, n)


def synthetic_records(count: int, seed: int = 7) -> Iterator[Record]:
    """Index records of the synthetic cases (the same mapping the real case loader uses)."""
    from ingest.cases import case_to_record

    for case in generate(count, seed):
        yield case_to_record(case)


def default_dir(settings: Settings | None = None) -> Path:
    settings = settings or get_settings()
    return settings.home / "synthetic"


def write_jsonl(count: int, seed: int = 7, out: Path | None = None) -> Path:
    """Write the corpus as JSONL (the project case format) and return its path. Refuses corpus/ paths."""
    settings = get_settings()
    out = out or default_dir(settings) / f"synthetic-cases-{count}-seed{seed}.jsonl"
    if settings.project_corpus.resolve() in out.resolve().parents:
        raise ValueError(f"synthetic data must not go under {settings.project_corpus}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for case in generate(count, seed):
            fh.write(json.dumps(case.model_dump(), ensure_ascii=False) + "\n")
    tmp.replace(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    print(write_jsonl(args.count, args.seed, args.out))


if __name__ == "__main__":
    main()
