"""Train the statistical person-name model (case_library/anonymiser/data/person_names.crfsuite).

    .venv/bin/python bench/anonymiser/train_names.py            # train on TRAIN_SETS, write the model
    .venv/bin/python bench/anonymiser/train_names.py --cv       # leave one set out, report names
    .venv/bin/python bench/anonymiser/train_names.py --holdout train/petitions_f.txt

Training data: the annotated passages in ``train/`` (``[[person_name|…]]``), each kept as
written and re-drawn ``VARIANTS`` times with every name replaced by a random one (same person,
same new name; a given-name-only mention and 老X/小X follow their person). Random names come
from the surname lists of ``case_library.anonymiser.lexicon`` weighted like real surname frequencies,
given-name characters, and — one time in six — a dictionary word that happens to look like a
name (高峰, 方圆, 夏天), so the model has to read the context. The four regulation texts in
``courses/demo_data`` (no personal data) are added as negative examples, line by line.

Training reads only sets in ``train/``: it refuses a sealed set (``sealed/``, never trained or
tuned on) and a regression set (``regression/``; move a set to ``train/`` to train on it, and it
is a training set from then on). Training is deterministic (seeded): ``make names-model``
rebuilds the committed model byte for byte.
"""

import hashlib
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.anonymiser.evaluate import (  # noqa: E402
    TRAIN,
    Passage,
    Tally,
    evaluate,
    load_passages,
    resolve_set,
    set_role,
)
from case_library.anonymiser import lexicon, prepare  # noqa: E402
from case_library.anonymiser import model as name_model  # noqa: E402
from case_library.anonymiser.names import is_foreign, is_nickname, surname_len  # noqa: E402
from case_library.anonymiser.words import posseg  # noqa: E402
from case_library.anonymiser.words import tokens as jieba_tokens  # noqa: E402

HERE = Path(__file__).resolve().parent
# The order matters: names are re-drawn from one seeded stream, set after set.
TRAIN_SETS = [
    TRAIN / name
    for name in (
        "rules_dev.txt",
        "petitions_a.txt",
        "petitions_b.txt",
        "petitions_c.txt",
        "petitions_d.txt",
        "petitions_e.txt",
        "petitions_f.txt",
        "names_a.txt",
        "names_b.txt",
        "names_c.txt",
        "names_d.txt",
    )
]
NEGATIVE_TEXTS = ROOT / "courses" / "demo_data"
LAW_NEGATIVES = HERE / "real" / "laws_train.txt.gz"
# One line in LAW_SHARE of the training half of the law texts is a negative example.
LAW_SHARE = 3
VARIANTS = 4
SEED = 20261127
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 250, "feature.possible_transitions": True}

# Surnames by how common they are (the first ~100 cover most of the population).
COMMON = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚"
    "邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志文玉红海春梅林云凤燕玲萍辉鹏斌宇浩"
    "凯健俊帆旭宁婷雪琳晶颖倩莉丹蕾欣怡佳思雨嘉晓德成永庆荣富贵福祥发兴昌金宝珍翠菊莲芬淑惠慧"
    "洁琴美彩月冬秋立新光亮东生根山泉波清峰松柏青武彬振宏鸿毅坚胜兵树进学家友朋仁义忠全安和顺"
    "泰康喜传继世汉中民卫芝蓉莹璐瑶琪薇岚馨琦雯妍媛婉晨阳昊天然博彦轩睿哲航泽鑫淼森龙虎雄威勤"
    "良善廷耀少长广启有育达道正治远运显晖炜煜灿子涵梓萱一诺沐辰浩宸语桐若汐欣妍佑铭瑞"
)
FOREIGN = [
    "阿依古丽·吐尔逊",
    "买买提·艾力",
    "热依拉·阿不都",
    "古丽娜尔·买买提",
    "艾尔肯·吾斯曼",
    "努尔兰·哈力克",
    "约翰·史密斯",
    "玛丽·约翰逊",
    "扎西·多吉",
    "迪丽娜·托合提",
]


def word_like_names() -> list[str]:
    """Dictionary words shaped like names: a surname and given-name characters (高峰, 方圆)."""
    posseg()
    import jieba

    out = []
    for word, freq in jieba.dt.FREQ.items():
        if not freq or not 2 <= len(word) <= 3:
            continue
        k = surname_len(word)
        if k == 1 and all(ch in lexicon.GIVEN_CHARS or ch in GIVEN for ch in word[1:]):
            out.append(word)
    return sorted(out)


class NameDraw:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.word_like = word_like_names()
        self.surnames = sorted(lexicon.SURNAMES)
        self.compound = sorted(lexicon.COMPOUND_SURNAMES)

    def surname(self, compound: bool = False) -> str:
        r = self.rng
        if compound or r.random() < 0.03:
            return r.choice(self.compound)
        if r.random() < 0.8:
            # Zipf-like over the common list
            idx = min(int(r.paretovariate(0.9)) - 1, len(COMMON) - 1)
            return COMMON[idx] if r.random() < 0.6 else r.choice(COMMON)
        return r.choice(self.surnames)

    def full(self, compound: bool = False) -> str:
        r = self.rng
        if not compound and r.random() < 1 / 6:
            return r.choice(self.word_like)
        size = 1 if r.random() < 0.25 else 2
        return self.surname(compound) + "".join(r.choice(GIVEN) for _ in range(size))


def variant(passage: Passage, draw: NameDraw) -> Passage:
    """The passage with every person re-named (consistently)."""
    names = [passage.text[s:e] for kind, s, e in passage.gold if kind == "person_name"]
    full = [n for n in names if not is_nickname(n) and not is_foreign(n) and surname_len(n)]
    mapping: dict[str, str] = {}
    for name in sorted(set(full), key=lambda n: (-len(n), n)):
        if name in mapping:
            continue
        compound = surname_len(name) == 2
        mapping[name] = draw.full(compound)
    for name in sorted(set(names) - set(mapping)):
        if is_foreign(name):
            mapping[name] = draw.rng.choice(FOREIGN)
        elif is_nickname(name):
            same = [f for f in full if f[0] == name[1]]
            mapping[name] = name[0] + (mapping[same[0]][0] if same else draw.surname())
        else:
            # a given name used alone (海燕 for 刘海燕), or a name with an unlisted surname
            owner = next((f for f in full if f.endswith(name) and f != name), None)
            if owner:
                new = mapping[owner]
                mapping[name] = new[surname_len(new) :] or new
            else:
                mapping[name] = draw.full()
    text, gold, pos = [], [], 0
    length = 0
    for kind, s, e in sorted(passage.gold, key=lambda g: g[1]):
        chunk = passage.text[pos:s]
        text.append(chunk)
        length += len(chunk)
        value = passage.text[s:e]
        if kind == "person_name":
            value = mapping[value]
        text.append(value)
        gold.append((kind, length, length + len(value)))
        length += len(value)
        pos = e
    text.append(passage.text[pos:])
    return Passage("".join(text), gold)


def sequences(passage: Passage):
    """(features, labels) per line of the passage, read as the anonymiser reads it."""
    _spans, blanked = prepare(passage.text)
    tokens = jieba_tokens(blanked)
    rows = name_model.features(blanked, tokens)
    labels = ["O"] * len(blanked)
    for kind, s, e in passage.gold:
        if kind == "person_name":
            labels[s] = "B"
            for i in range(s + 1, e):
                labels[i] = "I"
    pos = 0
    for line in blanked.split("\n"):
        if line.strip():
            yield rows[pos : pos + len(line)], labels[pos : pos + len(line)]
        pos += len(line) + 1


def law_lines(share: int = LAW_SHARE):
    """Lines of real legal prose without personal data: one line in ``share`` of
    ``real/laws_train.txt.gz`` (the training half of the LawRefBook/Laws development texts,
    ``real_laws.py``), chosen by a hash of the line so the choice is stable. The other half,
    ``real/laws_dev.txt.gz``, is never trained on."""
    if not share:
        return
    seen = set()
    for passage in load_passages(LAW_NEGATIVES):
        for line in passage.text.splitlines():
            line = line.strip()
            if len(line) < 4 or line in seen:
                continue
            seen.add(line)
            if int(hashlib.sha1(line.encode()).hexdigest(), 16) % share == 0:
                yield line


def negatives(law_share: int = LAW_SHARE):
    """Text without personal data, line by line: the regulation texts of courses/demo_data and
    a share of the development law texts (:func:`law_lines`)."""
    for path in sorted(NEGATIVE_TEXTS.glob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield Passage(line, [])
    for line in law_lines(law_share):
        yield Passage(line, [])


class NotATrainingSet(ValueError):
    """Raised for a set outside ``train/``: sealed and regression sets are never trained on."""


def training_passages(name: str | Path) -> list[Passage]:
    """The passages of a training set; a sealed or regression set is refused."""
    path = resolve_set(name)
    role = set_role(path)
    if role != "train":
        raise NotATrainingSet(
            f"{path} is a {role} set: the name model is trained only on sets in {TRAIN}"
        )
    return load_passages(path)


def train(
    sets: list,
    out: Path,
    variants: int = VARIANTS,
    verbose: bool = True,
    law_share: int = LAW_SHARE,
) -> dict:
    import pycrfsuite

    rng = random.Random(SEED)
    draw = NameDraw(rng)
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.set_params(PARAMS)
    count = chars = names = 0
    started = time.perf_counter()
    loaded = [training_passages(name) for name in sets]  # refuses before any work
    for passages in loaded:
        for passage in passages:
            for p in [passage] + [variant(passage, draw) for _ in range(variants)]:
                for xseq, yseq in sequences(p):
                    trainer.append(xseq, yseq)
                    count += 1
                    chars += len(yseq)
                    names += yseq.count("B")
    negative_chars = 0
    for p in negatives(law_share):
        for xseq, yseq in sequences(p):
            trainer.append(xseq, yseq)
            count += 1
            chars += len(yseq)
            negative_chars += len(yseq)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    info = {
        "sets": [f"{resolve_set(s).parent.name}/{resolve_set(s).name}" for s in sets],
        "variants": variants,
        "sequences": count,
        "characters": chars,
        "names": names,
        "negative_characters": negative_chars,
        "law_share": law_share,
        "seconds": round(time.perf_counter() - started, 1),
        "model_bytes": out.stat().st_size,
    }
    if verbose:
        print(json.dumps(info, ensure_ascii=False))
    return info


def use_model(path: Path) -> None:
    name_model.MODEL_PATH = path
    name_model.tagger.cache_clear()


def model_only(passages: list[Passage]) -> Tally:
    """Names the model alone finds (before it is merged with the rules)."""
    tally = Tally()
    for passage in passages:
        _spans, blanked = prepare(passage.text)
        spans, _begin, _inside = name_model.analyse(blanked, jieba_tokens(blanked))
        found = {("person_name", s, e) for s, e in spans}
        gold = {g for g in passage.gold if g[0] == "person_name"}
        tally.tp += len(found & gold)
        tally.fp += len(found - gold)
        tally.fn += len(gold - found)
    return tally


def line(label: str, t: Tally) -> str:
    return f"{label}: names R {t.recall:.1%} P {t.precision:.1%} (tp {t.tp}, fn {t.fn}, fp {t.fp})"


def holdout(name: str | Path, variants: int = VARIANTS, reuse: bool = False) -> None:
    """Train without the training set ``name`` and score it: the model alone, then as the
    anonymiser uses it."""
    left_out = resolve_set(name)
    passages = training_passages(left_out)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "m.crfsuite"
        if reuse:  # experiments on decoding only: keep one model per left-out set
            path = Path(tempfile.gettempdir()) / f"names-without-{left_out.stem}.crfsuite"
        if not path.exists():
            train([s for s in TRAIN_SETS if s.resolve() != left_out.resolve()], path, variants)
        use_model(path)
        name = left_out.name
        print(line(f"{name} model only", model_only(passages)))
        t = evaluate(passages)["person_name"]
        print(line(f"{name} rules+model", t))
        print("  missed:", "、".join(t.misses))
        print("  false alarms:", "、".join(t.false_alarms))


def main(argv: list[str]) -> int:
    reuse = "--reuse" in argv
    if "--cv" in argv:
        for name in TRAIN_SETS:
            holdout(name, reuse=reuse)
        return 0
    if "--holdout" in argv:
        for name in argv[argv.index("--holdout") + 1 :]:
            if not name.startswith("--"):
                holdout(name, reuse=reuse)
        return 0
    info = train(TRAIN_SETS, name_model.MODEL_PATH)
    (HERE / "results" / "train_names.json").write_text(
        json.dumps(info, ensure_ascii=False, indent=2) + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
