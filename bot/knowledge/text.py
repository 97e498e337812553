"""Words for matching questions to facts: stop words, phrases, synonyms, light stemming.

Everything here is applied the same way to a fact's text and phrasings and to a person's
question, so both sides meet on the same terms.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.knowledge.normalize import normalize, simplified, strip_markup

STOP_WORDS = frozenset(
    """a an the of to in on at by for from with about into onto over under as and or but nor if
    is are was were be been being am do does did done doing has have had having it its itself
    this that these those there here whats whom whose much many tell me please can could would
    should will shall may might must you your yours i me my mine we our ours us they them their
    he him his she her hers any some all each every both either neither other another own same
    such also just so than then too very quite rather even still yet already again ever never
    only really actually basically anyway literally exactly right sure true get gets got getting
    give gave know knew find found out like lol lmao pls plz u ur btw idk tho thx ty bot hey hi
    hello thanks thank ok okay off up down thing things stuff something anything someone nobody
    anybody everybody everything nothing whatever whoever
    somebody anyone everyone one ones seen see saw say said mean means wondering wonder curious
    question asking ask guys bro dude pal help good great nice cool awesome between among
    sitting sit sits seriously keep kept keeps going goes gone leave left happen happens
    happening come comes coming took make makes made use uses used using want wants wanted need
    needs needed think thinks thought look looks looking looked seem seems seemed feel try
    tried trying put show shows showed way lot lots kind sort bit pretty maybe perhaps
    probably possibly definitely certainly totally fully honestly apparently supposedly
    officially literally heard hear read remember forgot confused confusing wait hmm um uh
    oh ah wow omg cuz cause because since while though although whether either etc vs versus
    hope hoping hoped hopefully supposed specifically exact exactly precisely roughly
    approximately around about like total overall s q
    headline headlines article articles news video documentary kid kids son daughter friend
    friends teacher bedtime idea asked asks ago today yesterday reading watched watching
    """.split()
)

# Common words of questions in Chinese (and a few other scripts) that have no spaces to split on.
FOREIGN_WORDS = {
    "什么时候": " when ", "干嘛": " purpose ", "干什么": " purpose ", "目的": " purpose ",
    "用途": " purpose ", "哪年": " year ", "哪一年": " year ", "几号": " date ",
    "发射": " launch ", "升空": " launch ", "着陆": " land ", "落月": " land ", "登陆": " land ",
    "火箭": " rocket ", "月壤": " sample ", "样品": " sample ", "带回": " return ",
    "多少": " much ", "多大": " size ", "多远": " distance ", "走了": " travel ", "多重": " mass ",
    "批准": " approved ", "照片": " photo ", "拍了": " photo ", "黑的": " dark ", "黑暗": " dark ",
    "月球": " lunar ", "盆地": " basin ", "艾特肯": " aitken ", "南极": " south pole ",
    "龙江": " longjiang ", "工程": " program ", "中继": " relay ", "卫星": " satellite ",
    "轨道": " orbit ", "探测器": " probe ", "巡视器": " rover ", "月球车": " rover ",
    "为什么": " why ", "为何": " why ", "怎么": " how ", "如何": " how ", "是谁": " who ",
    "谁": " who ", "哪里": " where ", "哪儿": " where ", "在哪": " where ", "多久": " duration ",
    "多长时间": " duration ", "多深": " depth ", "多高": " height ", "温度": " temperature ",
    "著陆": " land ", "背面": " far side ", "正面": " near side ", "潮汐锁定": " tidal lock ",
    "总设计师": " chief designer ", "首席科学家": " chief scientist ", "航天局": " cnsa ",
    "探月": " lunar exploration ", "神舟": " shenzhou ", "天宫": " tiangong ",
    "北斗": " beidou ", "天问": " tianwen ", "祝融": " zhurong ", "空间站": " space station ",
    "火星": " mars ", "航天员": " crew ", "宇航员": " crew ", "国际空间站": " iss ",
    "月亮": " moon ", "地球": " earth ", "距离": " distance ", "公里": " km ", "白天": " day ",
    "晚上": " night ", "黑夜": " night ", "夜晚": " night ", "形成": " formation ",
    "从何而来": " formation ", "起源": " origin ", "血月": " eclipse ", "月食": " eclipse ",
    "日食": " solar eclipse ", "月相": " phase ", "圆缺": " phase ", "盈亏": " phase ",
    "科学仪器": " instrument ", "仪器": " instrument ", "载荷": " payload ", "天线": " antenna ",
    "三步走": " three step ", "绕落回": " orbit land return ", "水冰": " water ice ",
    "休眠": " dormant ", "国旗": " flag ", "五星红旗": " flag ", "陨石坑": " crater ",
    "环形山": " crater ", "撞击坑": " crater ", "引力": " gravity ", "重力": " gravity ",
    "年龄": " age ", "多少岁": " age ", "直径": " size ", "大小": " size ", "质量": " mass ",
    "采样": " sample ", "取样": " sample ", "返回": " return ", "软着陆": " soft land ",
    "第一次": " first ", "首次": " first ", "第一个": " first ", "首个": " first ",
    "国家": " country ", "中国": " china ", "美国": " united states ", "苏联": " soviet ",
    "射电天文": " radio astronomy ", "射电": " radio ", "望远镜": " telescope ",
    "低频": " low frequency ", "看不到": " never see ", "看不见": " never see ",
    "一面": " 1 side ", "同一面": " same side ", "自转": " rotate ", "公转": " orbit ",
    "名字": " name ", "叫什么": " name ", "命名": " name ", "名称": " name ", "兔子": " rabbit ",
    "玉兔号": " yutu ", "嫦娥": " change ", "传说": " legend ", "神话": " legend ",
    "设计师": " designer ", "科学家": " scientist ", "发现": " discovery ", "成果": " result ",
    "矿物": " mineral ", "玄武岩": " basalt ", "水": " water ", "太阳": " sun ",
    "国际月球科研站": " international lunar research station ", "科研站": " research station ",
    "大约": " ", "我们": " ", "请问": " ", "知道": " ", "永远": " never ", "时间": " when ",
    "日期": " when ", "水星": " mercury ", "金星": " venus ", "木星": " jupiter ",
    "土星": " saturn ",
    "月船": " chandrayaan ", "阿波罗": " apollo ", "阿耳忒弥斯": " artemis ",
    "луна": " luna ", "зонд": " zond ",
    "首辆": " first ", "第一辆": " first ", "第一颗": " first ", "首颗": " first ",
    "东风": " dongfeng ", "酒泉": " jiuquan ", "西昌": " xichang ", "文昌": " wenchang ",
    "长征": " long march ", "天舟": " tianzhou ", "梦舟": " mengzhou ", "揽月": " lanyue ",
    "哈勃": " hubble ", "韦布": " webb ", "阿姆斯特朗": " armstrong ", "加加林": " gagarin ",
    "杨利伟": " yang liwei ", "王亚平": " wang yaping ", "星舰": " starship ",
    "马斯克": " musk ", "银河系": " galaxy ", "黑洞": " black hole ", "彗星": " comet ",
    "流星": " meteor ", "小行星": " asteroid ", "后羿": " houyi ", "吴刚": " wu gang ",
    "天和": " tianhe ", "问天": " wentian ", "梦天": " mengtian ", "嫦娥奔月": " change legend ",
    "中秋": " mid autumn ", "月饼": " mooncake ", "潮汐": " tide ",
    "冥王星": " pluto ", "海王星": " neptune ", "天王星": " uranus ",
    "外星人": " alien ", "外星": " alien ", "生命": " life ", "导航": " navigation ",
    "飞船": " spacecraft ", "人造卫星": " artificial satellite ", "宇宙": " universe ",
    "恒星": " star ", "星星": " star ", "银河": " milky way ", "着陆器": " lander ",
    "上升器": " ascender ", "返回器": " capsule ", "轨道器": " orbiter ", "钻取": " drill ",
    "重量": " mass ", "速度": " speed ",
    "为啥": " why ", "怎么样": " how ", "为什么叫": " why name ", "叫做": " name ",
    "叫作": " name ", "回来": " return ", "越来越远": " receding ",
    "怎样": " how ", "什么样": " what ", "特殊之处": " special ", "特别之处": " special ",
    "特殊": " special ", "特别": " special ", "重大意义": " significance ",
    "意义": " significance ", "作用": " purpose ", "任务": " mission ",
    "温差": " temperature ", "探测": " exploration ",
    "长什么样": " what look ", "什么模样": " what look ", "啥模样": " what look ", "模样": " look ",
    "样子": " look ", "外观": " look ", "坑": " crater ", "撞击": " impact ", "撞": " impact ",
    "图像": " image ", "图片": " image ", "画面": " image ",
}  # fmt: skip
_FOREIGN_ORDER = sorted(FOREIGN_WORDS, key=len, reverse=True)  # longest first: 月球车 before 月球
# Chinese words too common to tell facts apart; they split a run of characters instead.
_CJK_STOP = re.compile("[的了吗呢吧啊呀是在有和与及也都就还又把被让给从对向为这那些个么嘛呢着过]")

# Multi-word expressions that mean one thing, matched on normalized text.
PHRASES = [
    (r"\b(?:lift|lifted|lifting|blast|blasted|take|took|taking) off\b", "launch"),
    (r"\b(?:go|goes|went|going|gone) up\b", "launch"),
    (r"\b(?:touch|touched|touching|set|sets|come|comes|came|coming) down\b", "land"),
    (r"\b(?:bring|brings|brought|bringing|carry|carried) (?:back|home)\b", "return sample"),
    (r"\b(?:come|comes|came|coming|get|got) (?:back|home)\b", "return"),
    (r"\b(?:broke|breaks|breaking|beat|beats|set|sets) (?:the |a |its |their )?record\b", "record"),
    (r"\bre (?:enter|enters|entered|entering|entry)\b", "return"),
    (r"\bnon (?:chinese|china)\b", "international"),
    (r"\bhow far\b", "distance"),
    (r"\bhow long (?:is |was |are )?(?:the |its )?(diameter|radius|circumference)\b", r"size \1"),
    (r"\bhow long\b", "duration"),
    (r"\bhow (?:big|large|wide)\b", "size"),
    (r"\bhow heavy\b", "mass"),
    (r"\bhow old\b", "age"),
    (r"\bhow deep\b", "depth"),
    (r"\bhow many\b", "number"),
    (r"\bwho (?:was|were) (?:on|aboard)\b", "crew"),
    (r"\b(?:back|hidden|other|unseen|invisible|farther|further|away) side\b", "far side"),
    (r"\b(?:backside|farside|far sided)\b", "far side"),
    (r"\b(?:back|rear) of (?:the )?moon\b", "far side moon"),
    (r"\b(?:has|have|did) (?:any ?one|any ?body|some ?one|people|humans?|a human|a person|"
     r"any (?:man|person|human|astronauts?)|astronauts?) (?:ever )?(?:been|gone|went|go|"
     r"visited|visit|traveled|travelled) to\b", "people land on"),
    (r"\b(?:famous|known|notable|remembered|significant|important) for\b", "significance"),
    (r"\b(?:so )?(?:special|significant|important|unique|historic) about\b", "significance"),
    (r"\bsignificant\b", "significance"),
    (r"\binternational space station\b", "iss"),
    (r"\bjade rabbit\b", "yutu"),
    (r"\bmagpie bridge\b", "queqiao magpie bridge"),
    (r"\b(change|yutu|queqiao|luna|apollo|zond|ranger|longjiang) ii\b", r"\1 2"),
    (r"\b(change|yutu|queqiao|luna|apollo|zond|ranger|longjiang) iii\b", r"\1 3"),
    (r"\bdark side\b", "far side dark"),
    # "change" as a verb, not Chang'e ("what makes the moon change", "how has it changed")
    (r"\b(?:changed|changing)\b", "vary"),
    (r"\b(moon|moons|it|shape|phase|phases|appearance) changes?\b(?! \d)", r"\1 vary"),
    (r"\bchanges? (?=(?:its |their )?(?:shape|phases?|appearance|colou?r|size)\b)", "vary "),
    (r"\b(?:2|both) sides\b", "near side far side"),
    # a distance, not a date; the country, not the pronoun
    (r"\blight ?years?\b", "lightyear"),
    (r"\bthe (?:us|u s|usa)\b", "the united states"),
    # "the Chang'e 4 probe" is Chang'e 4
    (r"\b(change \d+) (?:probe|spacecraft|mission)\b", r"\1"),
    (r"\bside (?:of the lunar |of the moon |of it )?(?:that |which )?(?:we|you|people|earth) "
     r"(?:can ?not|cant|can t|never|dont|don t|do not|cannot|never get to|are unable to) see\b",
     "far side"),
    (r"\bside (?:of (?:the )?moon )?(?:that |which )?(?:always )?faces? away"
     r"(?: from (?:the )?earth| from us)?\b", "far side"),
    (r"\b(?:how come|what causes|what caused|for what reason|whats the reason|the reason)\b",
     "why"),
    (r"\bgood (?:night|morning|evening|day)\b", ""),
]  # fmt: skip
_PHRASES = [(re.compile(pattern), replacement) for pattern, replacement in PHRASES]

# Words people use for the same idea map onto one term.
SYNONYMS = {
    "landed": "land", "landing": "land", "touchdown": "land", "lands": "land",
    "launched": "launch", "launching": "launch", "liftoff": "launch", "blastoff": "launch",
    "launches": "launch", "takeoff": "launch",
    "weigh": "mass", "weighed": "mass", "weighs": "mass", "weight": "mass", "heavy": "mass",
    "kg": "mass", "kilograms": "mass", "kilogram": "mass", "grams": "mass", "gram": "mass",
    "big": "size", "wide": "size", "large": "size", "diameter": "size", "across": "size",
    "travel": "distance", "traveled": "distance", "travelled": "distance", "drove": "distance",
    "driven": "distance", "drive": "distance", "km": "distance", "kilometres": "distance",
    "kilometers": "distance", "metres": "distance", "meters": "distance", "mileage": "distance",
    "date": "when", "year": "when", "day": "when",
    "rock": "sample", "rocks": "sample", "soil": "sample", "dirt": "sample",
    "regolith": "sample", "samples": "sample", "sampling": "sample",
    "moon": "lunar", "moons": "lunar", "lunik": "luna",
    "pics": "photo", "pictures": "photo", "picture": "photo", "images": "photo",
    "image": "photo", "photograph": "photo", "photographs": "photo", "photographed": "photo",
    "photos": "photo", "shots": "photo", "imaged": "photo", "imagery": "photo",
    "craters": "crater", "basins": "basin", "relays": "relay", "satellites": "satellite",
    "sat": "satellite", "sats": "satellite", "uni": "university",
    "astronauts": "crew", "astronaut": "crew", "crewed": "crew", "manned": "crew",
    "returned": "return", "returning": "return", "returns": "return", "reentry": "return",
    "reentered": "return", "reentering": "return",
    "lasted": "duration", "lifetime": "duration", "lifespan": "duration",
    "cost": "budget", "costs": "budget", "price": "budget", "spend": "budget", "spent": "budget",
    "usd": "budget", "yuan": "budget", "dollars": "budget", "money": "budget",
    "countries": "country", "nations": "country", "nation": "country",
    "instruments": "instrument", "payloads": "payload", "equipment": "instrument",
    "gear": "instrument", "sensors": "instrument", "tools": "instrument",
    "aim": "purpose", "goal": "purpose", "reason": "purpose",
    "alive": "operational", "working": "operational", "operating": "operational",
    "arrive": "reach", "arrived": "reach", "arrival": "reach", "arrives": "reach",
    "authorized": "approved", "greenlit": "approved", "greenlight": "approved",
    "booster": "rocket", "crash": "impact", "crashed": "impact", "smash": "impact",
    "smashed": "impact", "impacted": "impact",
    "created": "founded", "established": "founded", "founding": "founded",
    "dimensions": "size", "dish": "antenna", "expensive": "budget", "funding": "budget",
    "folklore": "legend", "myth": "legend", "mythology": "legend",
    "footage": "video", "film": "video", "films": "video", "little": "small", "tiny": "small",
    "descend": "descent", "descended": "descent", "descending": "descent", "clip": "video",
    "movie": "video", "filmed": "video",
    "germs": "bacteria", "microbes": "bacteria", "goodbye": "farewell",
    "hibernate": "dormant", "hibernation": "dormant", "sleep": "dormant", "asleep": "dormant",
    "insignia": "emblem", "logo": "emblem", "symbol": "emblem",
    "journey": "flight", "trip": "flight",
    "kilos": "mass", "tonnes": "mass", "tons": "mass", "pounds": "mass", "lbs": "mass",
    "miles": "distance", "mile": "distance", "odometer": "distance", "kilometer": "distance",
    "nickname": "name", "named": "name", "called": "name",
    "pic": "photo", "selfie": "photo", "snap": "photo", "snapshot": "photo",
    "pod": "capsule", "returner": "capsule", "spare": "backup", "twin": "backup",
    "stuck": "mobility", "immobile": "mobility",
    "broke": "failure", "broken": "failure", "malfunction": "failure", "fault": "failure",
    "uv": "ultraviolet", "velocity": "speed", "fast": "speed", "vote": "poll", "voted": "poll",
    "count": "number", "amount": "number", "ussr": "soviet", "tunes": "song", "melody": "song",
    "lagrangian": "lagrange", "freq": "frequency", "freqs": "frequency",
    "frequencies": "frequency", "foreign": "international", "hq": "headquarter",
    "headquarters": "headquarter", "dutch": "netherland", "holland": "netherland",
    "sharp": "resolution", "sharpness": "resolution", "pixel": "resolution",
    "pixels": "resolution", "jan": "january", "feb": "february", "mar": "march",
    "apr": "april", "jun": "june", "jul": "july", "aug": "august", "sep": "september",
    "sept": "september", "oct": "october", "nov": "november", "dec": "december",
    "lap": "orbit", "laps": "orbit", "circle": "orbit", "circling": "orbit", "circled": "orbit",
    "circles": "orbit", "orbiting": "orbit", "orbited": "orbit", "orbits": "orbit",
    "wher": "where", "whre": "where", "wat": "what", "wot": "what", "wut": "what",
    "color": "colour", "colors": "colour", "colours": "colour", "colored": "colour",
    "coloured": "colour", "rockets": "rocket",
    "wen": "when", "wich": "which", "whos": "who", "hw": "how",
}  # fmt: skip

_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ed", "es", "s")
_WORD = re.compile(r"^[a-z]+$")


def translate(text: str) -> str:
    """Replace known words of other scripts with English ones."""
    if text.isascii():
        return text
    lowered = simplified(text).lower()
    for word in _FOREIGN_ORDER:
        lowered = lowered.replace(word, FOREIGN_WORDS[word])
    return lowered


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A deliberately small stemmer: synonyms, then a few English suffixes."""
    word = SYNONYMS.get(word, word)
    if not _WORD.match(word) or len(word) <= 4:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            base = word[: -len(suffix)]
            return SYNONYMS.get(base, base)
    return word


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
CHINESE = re.compile(r"[\u3400-\u9fff]")  # a Chinese character


def _bigrams(run: str) -> str:
    """A run of Chinese characters as overlapping pairs (月球背面 -> 月球 球背 背面): with no
    spaces to split on, pairs match the same words on both sides without a dictionary."""
    parts = [p for p in _CJK_STOP.split(run) if len(p) >= 2]
    return " " + " ".join(p[i : i + 2] for p in parts for i in range(len(p) - 1)) + " "


def words(text: str) -> list[str]:
    """Normalized words of `text`, with other scripts translated and phrases merged;
    Chinese characters left after `translate` become character pairs."""
    joined = normalize(translate(strip_markup(text)))
    if not joined.isascii():
        joined = _CJK.sub(lambda m: _bigrams(m[0]), joined)
    for pattern, replacement in _PHRASES:
        joined = pattern.sub(replacement, joined)
    return joined.split()


def content(all_words: list[str]) -> list[str]:
    """The stemmed content words among `all_words` (stop words dropped, numbers kept)."""
    return [stem(w) for w in all_words if w not in STOP_WORDS]


_SENTENCE_END = re.compile(r"(?<=[.!?。？！])\s+|\n+")
_ASKING = re.compile(
    r"[?？]\s*$|^(?:what|whats|which|who|whos|when|where|why|how|is|are|was|were|do|does|did|"
    r"can|could|has|have|had|will|would|should|isnt|arent|wasnt|didnt|doesnt)\b",
    re.IGNORECASE,
)
MIN_FOCUS_WORDS = 3


def focus(text: str) -> tuple[str, str]:
    """The question in a message that says more, and the rest as context: "I read about
    the far side. Why is it called dark?" -> ("I read about the far side. Why is it called
    dark?", ...) is split as ("Why is it called dark?", "I read about the far side.").
    When the question alone says too little ("What do you think it is?"), the sentences
    before it join it."""
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s.strip()]
    if len(sentences) < 2:
        return text, ""
    for i, sentence in enumerate(sentences):
        if _ASKING.search(sentence.strip().replace("'", "").replace("’", "")):
            start = i
            while start > 0 and len(content(words(" ".join(sentences[start : i + 1])))) < (
                MIN_FOCUS_WORDS
            ):
                start -= 1
            rest = sentences[:start] + sentences[i + 1 :]
            return " ".join(sentences[start : i + 1]), " ".join(rest)
    return text, ""
