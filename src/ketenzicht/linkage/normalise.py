"""Normalising a person record for linkage: a pure module (no Django).

Dutch records write the same person in many ways: ``v.d. Berg`` / ``van den Berg`` /
``Berg, van den``, ``Jansen-de Vries`` / ``de Vries-Jansen``, ``J.P.`` / ``Jan Pieter`` / ``Jan``,
``Kees`` for Cornelis, ``Meijer`` / ``Meyer``. :func:`normalise` turns a :class:`PersonRecord` into
a :class:`NormalisedPerson` in which these variants line up, so that blocking and comparison can
be simple, fast and explainable.

Rules, in short:

* **Text** is folded: diacritics stripped (``é``→``e``, ``ß``→``ss``, ``ø``→``o``, ``ł``→``l``),
  lower case, only ``a``-``z`` kept. Names in other scripts are not transliterated.
* **Surname** becomes one or more :class:`SurnamePart` (canonical prefix + core). Prefixes
  (*tussenvoegsels*) are recognised in the prefix field, before the core, after a comma
  (``Berg, van der``) or after the core (``Berg v.d.``); abbreviations are expanded where they are
  unambiguous (``v.`` → ``van``, ``'t`` → ``het``) and kept as a single letter where they are not
  (``v.d.`` → ``van d``, which is *compatible* with ``van de``/``van den``/``van der``, see
  :func:`prefixes_compatible`). A hyphen or a further core word starts a new part, so a double
  surname is a set of parts and order does not matter.
* **First names** become a tuple of given names in which a single letter is an initial
  (``J.P.`` → ``("j", "p")``, ``Jan-Pieter`` → ``("jan", "pieter")``); derived from it are the
  initials, the first given name, its nickname groups (:data:`NICKNAME_GROUPS`) and a canonical
  initial (``Kees`` → ``c``).
* **BSN** keeps digits only and must pass the eleven-test, else it is empty; an 8-digit number
  gets its lost leading zero back; a blind index (what a stored person's record carries instead
  of the BSN, ``linkage/conversion.py``) is kept as it is. **Postcode** becomes ``3311AB`` or
  empty; **house number** digits plus a lower-case suffix; **street** is folded with common
  abbreviations expanded (``Kerkstr.`` → ``kerkstraat``); **sex** is ``f``/``m``/``x`` or empty.

:func:`dutch_phonetic` is the phonetic key used by blocking and comparison.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Final

from ketenzicht.common.identifiers import normalise_bsn as normalise_identifier_bsn
from ketenzicht.linkage.records import PersonRecord

# --- text folding -------------------------------------------------------------------------------

# Letters that Unicode decomposition does not reduce to ASCII, and look-alike punctuation.
_SPECIAL_CHARACTERS = str.maketrans(
    {
        "ß": "ss",  # latin small letter sharp s
        "ẞ": "ss",  # latin capital letter sharp s
        "ø": "o",  # latin small letter o with stroke
        "Ø": "o",  # latin capital letter o with stroke
        "ł": "l",  # latin small letter l with stroke
        "Ł": "l",  # latin capital letter l with stroke
        "æ": "ae",  # latin small letter ae
        "Æ": "ae",  # latin capital letter ae
        "œ": "oe",  # latin small ligature oe
        "Œ": "oe",  # latin capital ligature oe
        "đ": "d",  # latin small letter d with stroke
        "Đ": "d",  # latin capital letter d with stroke
        "ð": "d",  # latin small letter eth
        "Ð": "d",  # latin capital letter eth
        "þ": "th",  # latin small letter thorn
        "Þ": "th",  # latin capital letter thorn
        "\u0131": "i",  # latin small letter dotless i
        "ŀ": "l",  # latin small letter l with middle dot
        "Ŀ": "l",  # latin capital letter l with middle dot
        "\u017f": "s",  # latin small letter long s
        "\u2019": "'",  # right single quotation mark
        "\u2018": "'",  # left single quotation mark
        "\u201b": "'",  # single high-reversed-9 quotation mark
        "`": "'",  # grave accent
        "\u00b4": "'",  # acute accent
        "\u02bc": "'",  # modifier letter apostrophe
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2212": "-",  # minus sign
    }
)


def fold(text: str) -> str:
    """Lower case without diacritics: ``"Ëlçin Øster-Łukasz"`` → ``"elcin oster-lukasz"``.

    Punctuation is kept (callers decide what it means); whitespace is collapsed.
    """
    if text.isascii():
        return " ".join(text.lower().replace("`", "'").split())
    translated = text.translate(_SPECIAL_CHARACTERS)
    decomposed = unicodedata.normalize("NFKD", translated)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


# --- phonetic key -------------------------------------------------------------------------------

# Consonant rules, tried left to right at each position (longest first); replacements are not
# rescanned. "sch" before "ch" before "c"; "c" is "s" before e/i/y, else "k".
_CONSONANTS = re.compile(r"sch|sh|sj|ch|gh|ph|th|ck|qu|dj|(?<!u)w|[cqxzv]")
_CONSONANT_MAP = {
    "sch": "s",
    "sh": "s",
    "sj": "s",
    "ch": "g",
    "gh": "g",
    "ph": "f",
    "th": "t",
    "ck": "k",
    "qu": "kw",
    "dj": "j",
    "w": "f",
    "c": "k",
    "q": "k",
    "x": "ks",
    "z": "s",
    "v": "f",
}
# Vowel groups that sound alike: ij/y/ei/ey, ui/uy/uij, au/ou/auw/ouw, ie/i, ae/a, ai/ay, oe/u.
_VOWELS = re.compile(r"uij|uy|ui|eij|eiy|ij|ei|ey|y|auw|ouw|au|ou|ie|ae|ay|ai|oe")
_VOWEL_MAP = {
    "uij": "ui",
    "uy": "ui",
    "ui": "ui",
    "eij": "y",
    "eiy": "y",
    "ij": "y",
    "ei": "y",
    "ey": "y",
    "y": "y",
    "auw": "au",
    "ouw": "au",
    "au": "au",
    "ou": "au",
    "ie": "i",
    "ae": "a",
    "ay": "ai",
    "ai": "ai",
    "oe": "u",
}
# A name's last vowel sound written as e, ee, ie, y, ey or i ("Hailey", "Haylee", "Romy", "Romie").
_FINAL_VOWEL = re.compile(r"(?<=[^aeiouy])(?:e+|ie|y|i)$")
_DOUBLES = re.compile(r"(.)\1+")


def _consonant(match: re.Match[str]) -> str:
    found = match.group(0)
    if found == "c" and match.string[match.end() : match.end() + 1] in ("e", "i", "y"):
        return "s"
    return _CONSONANT_MAP[found]


@lru_cache(maxsize=262_144)
def dutch_phonetic(name: str) -> str:
    """A phonetic key for a Dutch name, for blocking and as a weak comparison level.

    On the folded letters ``a``-``z`` only, in this order:

    1. consonants that sound alike: ``sch``/``sh``/``sj``→s, ``ch``/``gh``→g, ``ph``→f, ``th``→t,
       ``ck``→k, ``qu``→kw, ``dj``→j, ``c``→s before e/i/y else k, ``q``→k, ``x``→ks, ``z``→s,
       ``v`` and ``w`` (not in ``uw``)→f -- the last ones also catch transliterations
       (``Kawita``/``Kavita``, ``Radjesh``/``Rajesh``, ``Natasja``/``Natasha``);
    2. vowel groups that sound alike: ``ij``/``y``/``ei``/``ey``→y, ``ui``/``uy``/``uij``→ui,
       ``au``/``ou``/``auw``/``ouw``→au, ``ie``→i, ``ae``→a, ``ay``→ai, ``oe``→u
       (``Soenil``/``Sunil``);
    3. a final vowel sound written ``e``, ``ee``, ``ie``, ``y`` or ``i`` after a consonant
       becomes ``i`` (``Hailey``/``Haylee``), and final devoicing: a final ``dt`` or ``d``
       becomes ``t``;
    4. doubled letters collapse (``ss``→s, ``aa``→a).

    ``Meijer``/``Meyer``/``Meier`` → ``myer``; ``Smit``/``Smid``/``Smidt``/``Smith`` → ``smit``;
    ``Janssen``/``Jansen`` → ``jansen``; ``de Vries``/``Fries`` → ``fris``;
    ``Hendrickx``/``Hendriks`` → ``hendriks``.
    """
    letters = re.sub(r"[^a-z]", "", fold(name))
    key = _CONSONANTS.sub(_consonant, letters)
    key = _VOWELS.sub(lambda m: _VOWEL_MAP[m.group(0)], key)
    key = _FINAL_VOWEL.sub("i", key)
    key = re.sub(r"dt$|d$", "t", key)
    return _DOUBLES.sub(r"\1", key)


# --- surnames and their prefixes ----------------------------------------------------------------

# Written prefix token -> canonical token(s). A single "d" is the ambiguous abbreviation of
# de/den/der and is kept as "d".
_PREFIX_TOKENS: dict[str, tuple[str, ...]] = {
    "van": ("van",),
    "v": ("van",),
    "vd": ("van", "d"),
    "vdr": ("van", "der"),
    "von": ("von",),
    "vom": ("vom",),
    "de": ("de",),
    "der": ("der",),
    "den": ("den",),
    "d": ("d",),
    "het": ("het",),
    "'t": ("het",),
    "t": ("het",),
    "'s": ("des",),
    "s": ("des",),
    "des": ("des",),
    "te": ("te",),
    "ten": ("ten",),
    "ter": ("ter",),
    "in": ("in",),
    "op": ("op",),
    "aan": ("aan",),
    "bij": ("bij",),
    "uit": ("uit",),
    "uijt": ("uit",),
    "onder": ("onder",),
    "over": ("over",),
    "voor": ("voor",),
    "tot": ("tot",),
    "d'": ("d'",),
    "l'": ("l'",),
    "la": ("la",),
    "le": ("le",),
    "les": ("les",),
    "du": ("du",),
    "di": ("di",),
    "da": ("da",),
    "del": ("del",),
    "della": ("della",),
    "do": ("do",),
    "dos": ("dos",),
    "das": ("das",),
    "zu": ("zu",),
    "zum": ("zum",),
    # Prefixes written as one word before a capital ("VanderBerg", "VanDijk" once split there).
    "vander": ("van", "der"),
    "vanden": ("van", "den"),
    "vande": ("van", "de"),
    "vant": ("van", "het"),
    "inde": ("in", "de"),
    "int": ("in", "het"),
    "opde": ("op", "de"),
    "opden": ("op", "den"),
    "uitde": ("uit", "de"),
    "uitden": ("uit", "den"),
}
#: Prefixes glued to the core without a capital ("Vanderwolter", "Dejong", "Temark"), longest
#: first: a prefix-less core that starts with one of them also has the *stem* after it (at
#: least :data:`GLUED_STEM_LENGTH` letters), see :func:`glued_stem`.
GLUED_PREFIXES: tuple[str, ...] = (
    "vanden",
    "vander",
    "vande",
    "vant",
    "van",
    "opde",
    "inde",
    "int",
    "ten",
    "ter",
    "den",
    "der",
    "de",
    "te",
)
GLUED_STEM_LENGTH = 4
#: Canonical prefix words (what a :class:`SurnamePart` prefix is made of).
PREFIX_WORDS: frozenset[str] = frozenset(t for ts in _PREFIX_TOKENS.values() for t in ts)

_ELISION_BEFORE = re.compile(r"\b([dl])'(?=[a-z])")  # d'Ancona -> d' ancona
# A prefix glued before a capital: "deVries", "vanderBerg", "VanderBerg", "terHorst".
_CAMEL_PREFIX = re.compile(r"\b([A-Za-z][a-z]*)(?=[A-Z][a-z])")
_ELISION_AFTER = re.compile(r"'([ts])\b")  # in't, van 't -> in 't
_NOT_TOKEN = re.compile(r"[^a-z' ]")


@dataclass(frozen=True, slots=True)
class SurnamePart:
    """One surname: canonical prefix (``"van der"``, ``"van d"``, ``""``) and core (``"berg"``)."""

    prefix: str
    core: str

    # Written out rather than left to ``dataclasses``, whose generated methods stay Python code
    # under mypyc: surname parts are cache keys (``_surname_features``, the blocking keys), hashed
    # several times for each record a batch normalises.
    def __hash__(self) -> int:
        return hash((self.prefix, self.core))

    def __reduce__(self) -> tuple[type[SurnamePart], tuple[str, str]]:
        # A forked batch worker sends normalised records back pickled (``batch``).
        return (SurnamePart, (self.prefix, self.core))

    @property
    def text(self) -> str:
        return f"{self.prefix} {self.core}" if self.prefix else self.core


def _tokens(segment: str) -> list[str]:
    """The name tokens of one folded, hyphen-free segment; apostrophes only in elisions."""
    text = _ELISION_BEFORE.sub(r"\1' ", segment)
    text = _ELISION_AFTER.sub(r" '\1 ", text)
    text = _NOT_TOKEN.sub(" ", text.replace(".", " ").replace("/", " "))
    tokens = []
    for raw in text.split():
        token = raw if raw in _PREFIX_TOKENS else raw.replace("'", "")
        if token:
            tokens.append(token)
    return tokens


def _is_prefix_text(text: str) -> bool:
    tokens = _tokens(fold(text).replace("-", " "))
    return bool(tokens) and all(t in _PREFIX_TOKENS for t in tokens)


@lru_cache(maxsize=262_144)
def canonical_prefix(text: str) -> str:
    """``"v.d."``/``"vd"``/``"v/d"`` → ``"van d"``; ``"Van Der"`` → ``"van der"``;
    ``"van 't"`` → ``"van het"``; ``"d'"`` → ``"d'"``. Unknown words are dropped."""
    words: list[str] = []
    for token in _tokens(fold(text).replace("-", " ")):
        words.extend(_PREFIX_TOKENS.get(token, ()))
    return " ".join(words)


def prefixes_compatible(first: str, second: str) -> bool:
    """Whether two canonical prefixes can name the same thing.

    Equal prefixes are compatible, and so is the abbreviation ``d`` with any word starting with
    ``d`` (``van d`` ~ ``van den``/``van der``/``van de``). A missing prefix is compatible only
    with a missing prefix.
    """
    if first == second:
        return True
    words_a, words_b = first.split(), second.split()
    if len(words_a) != len(words_b):
        return False
    for word_a, word_b in zip(words_a, words_b, strict=True):
        if word_a == word_b:
            continue
        short, long = sorted((word_a, word_b), key=len)
        if not (short == "d" and long.startswith("d")):
            return False
    return True


def _more_specific(first: str, second: str) -> str:
    """Of two compatible prefixes the one with fewer abbreviations (ties: the first)."""
    return second if first.split().count("d") > second.split().count("d") else first


def _split_camel_prefix(surname: str) -> str:
    """``"deVries"`` → ``"de Vries"``, ``"VanderBerg"`` → ``"Vander Berg"``: a capital inside a
    word starts the core when what precedes it is a prefix (``"McDonald"`` stays)."""

    def split(match: re.Match[str]) -> str:
        head = match.group(1)
        return f"{head} " if head.lower() in _PREFIX_TOKENS else head

    return _CAMEL_PREFIX.sub(split, surname)


@lru_cache(maxsize=262_144)
def glued_stem(core: str) -> str:
    """The core without a glued prefix (``"vanderwolter"`` → ``"wolter"``, ``"dejong"`` →
    ``"jong"``), or ``""`` when it starts with none or too little would be left.

    Which of ``Dekker`` and ``de Kker`` was meant cannot be told from the letters, so the stem is
    only a second reading: comparison tries the cores first, and blocking keys every person on
    the stem, so both spellings of one name meet on it.
    """
    for glued in GLUED_PREFIXES:
        if core.startswith(glued) and len(core) - len(glued) >= GLUED_STEM_LENGTH:
            return core[len(glued) :]
    return ""


@lru_cache(maxsize=262_144)
def split_surname(surname: str, prefix: str = "") -> tuple[SurnamePart, ...]:
    """Split a written surname (and the separate prefix field, if any) into surname parts.

    ``"Jansen-de Vries"`` and ``"Jansen de Vries"`` → ``(jansen), (de vries)``;
    ``"Berg, van der"`` and ``"Berg v.d."`` → ``(van der berg)`` / ``(van d berg)``;
    ``"'s-Gravesande"`` → ``(des gravesande)``; ``"deVries"`` → ``(de vries)``.
    """
    if not surname.isascii() or any(c.isupper() for c in surname[1:]):
        surname = _split_camel_prefix(surname)
    folded = fold(surname)
    if "," in folded:
        head, _, tail = folded.partition(",")
        folded = f"{tail} {head}" if _is_prefix_text(tail) else f"{head} {tail}"
    if prefix and not _is_prefix_text(prefix):
        # Something other than a prefix in the prefix field: read it as part of the surname.
        folded = f"{fold(prefix)} {folded}"
        prefix = ""

    parts: list[SurnamePart] = []
    pending: list[str] = []
    all_words: list[str] = []
    for segment in folded.split("-"):
        for token in _tokens(segment):
            if token in _PREFIX_TOKENS:
                canonical = _PREFIX_TOKENS[token]
                pending.extend(canonical)
                all_words.extend(canonical)
            else:
                parts.append(SurnamePart(" ".join(pending), token))
                pending = []
                all_words.append(token)
    if not parts and all_words:
        # Only prefix words ("de Bij", "Van"): the last word is the surname itself.
        parts.append(SurnamePart(" ".join(all_words[:-1]), all_words[-1]))
    elif pending and parts and not parts[-1].prefix:
        # A prefix written after the surname ("Berg v.d.").
        parts[-1] = SurnamePart(" ".join(pending), parts[-1].core)

    field_prefix = canonical_prefix(prefix) if prefix else ""
    if field_prefix and parts:
        first = parts[0]
        if not first.prefix:
            parts[0] = SurnamePart(field_prefix, first.core)
        elif prefixes_compatible(first.prefix, field_prefix):
            parts[0] = SurnamePart(_more_specific(first.prefix, field_prefix), first.core)
    return tuple(parts)


# --- first names --------------------------------------------------------------------------------

#: Dutch formal given names and their common call names and diminutives. A name may appear in
#: more than one group (``joop``: Johannes and Josephus). Kept modest: only well-established
#: pairs, so that "equivalent" stays strong evidence.
NICKNAME_GROUPS: dict[str, frozenset[str]] = {
    name: frozenset(variants.split())
    for name, variants in {
        "johannes": "jan johan hans hannes jannes joop janus",
        "johanna": "hanna hanneke hannie jannie joke jo jolanda",
        "cornelis": "kees cees cor kornelis",
        "cornelia": "corrie cor nel neeltje conny",
        "wilhelmina": "mien mina wilma willemien willy wil mieke",
        "willem": "wilhelmus wim willy wil pim",
        "jacobus": "jacob jaap koos sjaak jaco",
        "jacoba": "coby cobie jacobje co jacqueline",
        "hendrik": "hendrikus henk hein henri henry harry rik henny",
        "hendrika": "riek rika rieky henny hennie drika",
        "petrus": "pieter peter piet",
        "petronella": "nel nelly pietje",
        "elisabeth": "elizabeth lies liesbeth els elsje bep betty elly lisette lisa liz",
        "catharina": "katharina catrien katrien trijntje toos tiny riet kitty karin ineke cato",
        "maria": (
            "marie mia mies mieke marja marietje ria marijke maaike marieke mirjam marije mara"
        ),
        "margaretha": "margriet margreet greet grietje marga greta margot",
        "anna": "anneke ans annie anja anke anouk",
        "geertruida": "truus trudy geertje gertrude",
        "gerarda": "gerda gerrie",
        "theodorus": "theo dorus",
        "theodora": "door dora",
        "rudolf": "rudolphus rudolph ruud rudy",
        "gerardus": "gerard gerrit gert geert ger",
        "franciscus": "frans frank",
        "adrianus": "adriaan adri arie aad ad janus",
        "adriana": "adrie jaantje sjaan",
        "antonius": "antoon anton toon ton teun twan tony",
        "bernardus": "bernard bernhard berend ben bennie",
        "aleida": "alida aleid ali alie aaltje lida",
        "josephus": "jozef joseph jos sjef joep joop",
        "josephina": "josephine josefien fien fientje",
        "nicolaas": "klaas nico niek",
        "dirk": "diederik dick",
        "christiaan": "christian chris",
        "christina": "christien stien tina tineke",
        "lambertus": "lammert bert",
        "albertus": "albert ab bert",
        "gijsbertus": "gijsbert gijs bert",
        "hubertus": "hubert huub bert",
        "everhardus": "everhard evert",
        "leonardus": "leonard leendert leo leen",
        "martinus": "martin maarten tinus rinus",
        "abraham": "bram",
        "alexander": "alex sander lex",
        "maximiliaan": "max maximilian",
        "thomas": "tom",
        "charlotte": "lotte charlie",
        "caroline": "carolien",
        "patricia": "patty",
        "samantha": "sam",
        "ronald": "ron",
        "kenneth": "ken",
        "jennifer": "jenny",
        "robert": "rob bob robbert",
        "eduard": "edward eddy ed",
        "robertus": "robert robbert rob bob",
        "stephanus": "stefan steven stef",
        "hermanus": "herman harm manus",
        "sophia": "sophie sofie",
        # Polish call names (zdrobnienia), common in Dutch records.
        "krzysztof": "krzysiek",
        "tomasz": "tomek",
        "jakub": "kuba",
        "wojciech": "wojtek",
        "grzegorz": "grzesiek",
        "bartosz": "bartek",
        "katarzyna": "kasia",
        "malgorzata": "gosia",
        "agnieszka": "aga",
        "magdalena": "magda",
        "joanna": "asia",
        "zuzanna": "zuzia",
        "zofia": "zosia",
        "aleksandra": "ola",
        "barbara": "basia",
    }.items()
}

_NAME_GROUPS: dict[str, frozenset[str]] = {}
for _formal, _variants in NICKNAME_GROUPS.items():
    for _name in {_formal, *_variants}:
        _NAME_GROUPS[_name] = _NAME_GROUPS.get(_name, frozenset()) | {_formal}


def nickname_groups(name: str) -> frozenset[str]:
    """The formal names whose group holds ``name`` (``"kees"`` → ``{"cornelis"}``), or empty."""
    return _NAME_GROUPS.get(name, frozenset())


# Abbreviated given names written with a full stop ("Th.", "Joh.", "Chr."): initials.
_NAME_ABBREVIATIONS = frozenset(
    ["th", "ph", "ch", "chr", "joh", "jac", "corn", "wilh", "hendr", "petr", "gerh", "fr", "wm"]
)
_VOWEL_LETTERS = frozenset("aeiouy")


@lru_cache(maxsize=262_144)
def parse_given_names(first_names: str) -> tuple[str, ...]:
    """Given names in order; a single letter stands for an initial.

    ``"J.P."`` / ``"J P"`` / ``"JP"`` / ``"JEP"`` → initials; ``"Jan-Pieter"`` →
    ``("jan", "pieter")``;
    ``"Th. Jan"`` → ``("t", "jan")``.
    """
    text = (first_names or "").translate(_SPECIAL_CHARACTERS)
    names: list[str] = []
    tokens = list(re.finditer(r"[^\s.\-/,]+(\.?)", text))
    for match in tokens:
        written = match.group(0).rstrip(".")
        letters = re.sub(r"[^a-z]", "", fold(written))
        if not letters:
            continue
        abbreviated = bool(match.group(1)) and (len(letters) <= 2 or letters in _NAME_ABBREVIATIONS)
        # "JP", "HJK": capitals without vowels are initials; so are two or three capitals that
        # are all there is ("AH", "MEC"): a record that writes a name in capitals ("TIM")
        # then reads as initials too, which still fits the name.
        run_of_initials = written.isupper() and (
            (2 <= len(letters) <= 4 and not _VOWEL_LETTERS & set(letters))
            or (len(tokens) == 1 and 2 <= len(letters) <= 3)
        )
        if run_of_initials:
            names.extend(letters)
        elif abbreviated:
            names.append(letters[0])
        else:
            names.append(letters)
    return tuple(names)


def _canonical_initial(name: str) -> str:
    """The initial a name would have in an official record: ``kees`` → ``c``, ``hans`` → ``j``."""
    initials = {formal[0] for formal in nickname_groups(name)}
    return initials.pop() if len(initials) == 1 else name[:1]


def first_name_key(name: str) -> str:
    """A key under which call names and formal names meet: the formal name of its nickname
    group (the first alphabetically when several), else the phonetic key of the name."""
    groups = nickname_groups(name)
    return min(groups) if groups else dutch_phonetic(name)


# --- the other fields ---------------------------------------------------------------------------


#: A BSN's blind index (``common.crypto.bsn_index``): what a stored person's record carries.
_BLIND_INDEX_RE = re.compile(r"[0-9a-f]{32}")


def normalise_bsn(value: str) -> str:
    """Digits only; a lost leading zero restored; empty unless it passes the eleven-test. A blind
    index (32 lower-case hex digits, the form in which the store's records carry a BSN) is kept
    as it is: it is only compared for equality."""
    if value and _BLIND_INDEX_RE.fullmatch(value):
        return value
    return normalise_identifier_bsn(value)


@lru_cache(maxsize=262_144)
def normalise_postcode(value: str) -> str:
    """``"3311 ab"`` → ``"3311AB"``; anything that is not a Dutch postcode → ``""``."""
    compact = re.sub(r"[\s\-]", "", fold(value)).upper()
    return compact if re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", compact) else ""


@lru_cache(maxsize=262_144)
def normalise_house_number(number: str, suffix: str = "") -> tuple[str, str]:
    """``("12a", "")`` / ``("12", "A")`` / ``("12 - A", "")`` → ``("12", "a")``.

    The number is its digits without leading zeros; whatever follows the digits joins the
    suffix, which keeps letters and digits only.
    """
    folded = fold(number)
    match = re.match(r"\D*0*(\d+)(.*)", folded)
    if not match:
        return "", ""
    rest = re.sub(r"[^a-z0-9]", "", match.group(2) + fold(suffix))
    return match.group(1), rest


# Abbreviations in street names. Whole words (with or without full stop) ...
_STREET_WORDS = {
    "str": "straat",
    "mr": "meester",
    "dr": "dokter",
    "st": "sint",
    "pres": "president",
    "prof": "professor",
    "kon": "koning",
    "v": "van",
}
# ... and the end of a word (``Kerkstr.``, ``Stationsln``).
_STREET_ENDINGS = (
    ("str", "straat"),
    ("ln", "laan"),
    ("wg", "weg"),
    ("pln", "plein"),
    ("pl", "plein"),
    ("gr", "gracht"),
    ("kd", "kade"),
    ("sngl", "singel"),
)


@lru_cache(maxsize=262_144)
def normalise_street(value: str) -> str:
    """``"Burg. de Withstr."`` → ``"burgemeester de withstraat"``."""
    words = []
    for raw in re.findall(r"[a-z0-9]+\.?", fold(value).replace("'", "")):
        abbreviated = raw.endswith(".")
        word = raw.rstrip(".")
        if word in _STREET_WORDS:
            word = _STREET_WORDS[word]
        elif word == "burg" and abbreviated:  # "Burg." only: "De Burg" is a street too
            word = "burgemeester"
        else:
            for ending, expansion in _STREET_ENDINGS:
                # Without a full stop only "…str" is a safe abbreviation.
                if word.endswith(ending) and (abbreviated or ending == "str"):
                    word = word[: -len(ending)] + expansion
                    break
        words.append(word)
    return " ".join(words)


@lru_cache(maxsize=262_144)
def normalise_city(value: str) -> str:
    """Folded letters and digits, single spaces: ``"'s-Hertogenbosch"`` → ``"s hertogenbosch"``."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(value).replace("'", "")))


_SEX = {
    "f": "f",
    "v": "f",
    "vrouw": "f",
    "female": "f",
    "w": "f",
    "m": "m",
    "man": "m",
    "male": "m",
    "x": "x",
}


@lru_cache(maxsize=262_144)
def normalise_sex(value: str) -> str:
    """``f`` (F, V, vrouw), ``m`` (M, man), ``x`` (X) or ``""`` when unknown."""
    return _SEX.get(fold(value).strip(". "), "")


@lru_cache(maxsize=262_144)
def normalise_municipality_code(value: str) -> str:
    """``"gm0505"`` / ``"505"`` → ``"GM0505"``; anything else → ``""``."""
    compact = re.sub(r"\s", "", fold(value)).upper()
    match = re.fullmatch(r"(?:GM)?(\d{1,4})", compact)
    return f"GM{int(match.group(1)):04d}" if match else ""


# --- the normalised person ----------------------------------------------------------------------


def _glue(part: SurnamePart) -> str:
    return part.prefix.replace(" ", "").replace("'", "") + part.core


def _glued_forms(parts: tuple[SurnamePart, ...]) -> frozenset[str]:
    """Each part with its prefix glued on (``van der wolter`` → ``vanderwolter``), and, for a
    name of several parts, all of them glued in order (``el hamdaoui`` → ``elhamdaoui``)."""
    forms = {_glue(part) for part in parts}
    if len(parts) > 1:
        forms.add("".join(_glue(part) for part in parts))
    return frozenset(forms)


def _stems(parts: tuple[SurnamePart, ...]) -> frozenset[str]:
    """The cores, with a prefix-less core that starts with a glued prefix read without it
    (``dejong`` → ``jong``): ``Dejong`` and ``de Jong`` have the stem ``jong`` in common."""
    stems = set()
    for part in parts:
        stem = "" if part.prefix else glued_stem(part.core)
        stems.add(stem or part.core)
    return frozenset(stems)


@lru_cache(maxsize=262_144)
def _surname_features(
    parts: tuple[SurnamePart, ...],
) -> tuple[frozenset[str], frozenset[str], frozenset[str], str, frozenset[str]]:
    """The derived surname fields of :class:`NormalisedPerson` (cores, phonetic keys, glued
    forms, the whole name glued, stems), cached: surnames repeat far more than persons do."""
    return (
        frozenset(part.core for part in parts),
        frozenset(dutch_phonetic(part.core) for part in parts),
        _glued_forms(parts),
        "".join(_glue(part) for part in parts),
        _stems(parts),
    )


@lru_cache(maxsize=262_144)
def _given_features(
    given_names: tuple[str, ...],
) -> tuple[str, str, frozenset[str], str, str, str]:
    """The derived first-name fields of :class:`NormalisedPerson` (initials, first full name,
    its nickname groups, phonetic key, canonical initial, name key), cached."""
    first = given_names[0] if given_names else ""
    full_first = first if len(first) > 1 else ""
    return (
        "".join(name[0] for name in given_names),
        full_first,
        nickname_groups(full_first),
        dutch_phonetic(full_first),
        _canonical_initial(first),
        first_name_key(full_first) if full_first else "",
    )


#: ``"00"`` to ``"99"``, looked up rather than formatted (``f"{n:02d}"`` parses its format
#: spec on every call; a batch writes dates of birth as digits several times for each record).
TWO_DIGITS = tuple(f"{n:02d}" for n in range(100))

#: The fields a :class:`NormalisedPerson` is constructed from, in order.
_GIVEN_FIELDS = (
    "record_id",
    "surname_parts",
    "given_names",
    "date_of_birth",
    "sex",
    "bsn",
    "street",
    "house_number",
    "house_number_suffix",
    "postcode",
    "city",
    "municipality_code",
)


class NormalisedPerson:
    """A person record with every field in canonical form, plus derived keys.

    Construct it with :func:`normalise`. The attributes after ``municipality_code`` are derived
    in ``__init__`` (so blocking and comparison never recompute them) and take no part in
    equality. A plain class with a hand-written ``__init__`` rather than a frozen dataclass: the
    batch builds millions of these, and mypyc compiles this ``__init__`` to native attribute
    stores, where a dataclass keeps the ``__init__`` the ``dataclasses`` module writes in Python
    (``bench/README.md``: a third of the cost of normalising a record). Its attributes are
    ``Final``: read-only to the type checker, as a frozen dataclass's fields are.
    """

    __slots__ = (
        "bsn",
        "city",
        "date_of_birth",
        "dob_digits",
        "first_initial",
        "first_name",
        "first_name_groups",
        "first_name_key",
        "first_name_phonetic",
        "given_names",
        "house_number",
        "house_number_suffix",
        "initials",
        "municipality_code",
        "postcode",
        "record_id",
        "sex",
        "street",
        "surname_cores",
        "surname_glued",
        "surname_joined",
        "surname_parts",
        "surname_phonetics",
        "surname_stems",
    )

    def __init__(
        self,
        record_id: str,
        surname_parts: tuple[SurnamePart, ...] = (),
        given_names: tuple[str, ...] = (),  # single letters are initials
        date_of_birth: date | None = None,
        sex: str = "",  # "f", "m", "x" or ""
        bsn: str = "",
        street: str = "",
        house_number: str = "",
        house_number_suffix: str = "",
        postcode: str = "",
        city: str = "",
        municipality_code: str = "",
    ) -> None:
        self.record_id: Final = record_id
        self.surname_parts: Final = surname_parts
        self.given_names: Final = given_names
        self.date_of_birth: Final = date_of_birth
        self.sex: Final = sex
        self.bsn: Final = bsn
        self.street: Final = street
        self.house_number: Final = house_number
        self.house_number_suffix: Final = house_number_suffix
        self.postcode: Final = postcode
        self.city: Final = city
        self.municipality_code: Final = municipality_code
        cores, phonetics, glued, joined, stems = _surname_features(surname_parts)
        self.surname_cores: Final = cores
        self.surname_phonetics: Final = phonetics
        self.surname_glued: Final = glued
        self.surname_joined: Final = joined
        self.surname_stems: Final = stems
        initials, first, groups, phonetic, initial, key = _given_features(given_names)
        self.initials: Final = initials
        self.first_name: Final = first
        self.first_name_groups: Final = groups
        self.first_name_phonetic: Final = phonetic
        self.first_initial: Final = initial
        self.first_name_key: Final = key
        born = date_of_birth
        self.dob_digits: Final = (  # "YYYYMMDD" or ""
            ""
            if born is None
            else (str(born.year) if born.year >= 1000 else f"{born.year:04d}")
            + TWO_DIGITS[born.month]
            + TWO_DIGITS[born.day]
        )

    def _fields(
        self,
    ) -> tuple[
        str,
        tuple[SurnamePart, ...],
        tuple[str, ...],
        date | None,
        str,
        str,
        str,
        str,
        str,
        str,
        str,
        str,
    ]:
        """The given fields: what equality, the hash and the repr are made of."""
        return (
            self.record_id,
            self.surname_parts,
            self.given_names,
            self.date_of_birth,
            self.sex,
            self.bsn,
            self.street,
            self.house_number,
            self.house_number_suffix,
            self.postcode,
            self.city,
            self.municipality_code,
        )

    def __reduce__(self) -> tuple[type[NormalisedPerson], tuple[object, ...]]:
        # Pickled as its given fields (the derived ones are rebuilt, mostly from caches): a forked
        # batch worker sends the records it normalised back this way (``batch``).
        return (NormalisedPerson, self._fields())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalisedPerson):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        names = _GIVEN_FIELDS
        values = ", ".join(f"{n}={v!r}" for n, v in zip(names, self._fields(), strict=True))
        return f"NormalisedPerson({values})"

    @property
    def surname_prefix(self) -> str:
        """The canonical prefix of the first surname part (``"van der"``), or ``""``."""
        return self.surname_parts[0].prefix if self.surname_parts else ""

    @property
    def surname_core(self) -> str:
        """The core of the first surname part (``"berg"``), or ``""``."""
        return self.surname_parts[0].core if self.surname_parts else ""

    @property
    def surname(self) -> str:
        """The whole canonical surname: ``"jansen-de vries"``."""
        return "-".join(part.text for part in self.surname_parts)

    def as_record(self) -> PersonRecord:
        """Back to a record in canonical spelling; ``normalise(p.as_record()) == p``."""
        return PersonRecord(
            record_id=self.record_id,
            surname=self.surname,
            first_names=" ".join(self.given_names),
            date_of_birth=self.date_of_birth,
            sex=self.sex,
            bsn=self.bsn,
            street=self.street,
            house_number=self.house_number,
            house_number_suffix=self.house_number_suffix,
            postcode=self.postcode,
            city=self.city,
            municipality_code=self.municipality_code,
        )


def normalise(record: PersonRecord) -> NormalisedPerson:
    """The canonical form of ``record`` (see the module docstring for the rules)."""
    number, suffix = normalise_house_number(record.house_number, record.house_number_suffix)
    return NormalisedPerson(
        record_id=record.record_id,
        surname_parts=split_surname(record.surname, record.surname_prefix),
        given_names=parse_given_names(record.first_names),
        date_of_birth=record.date_of_birth,
        sex=normalise_sex(record.sex),
        bsn=normalise_bsn(record.bsn),
        street=normalise_street(record.street),
        house_number=number,
        house_number_suffix=suffix,
        postcode=normalise_postcode(record.postcode),
        city=normalise_city(record.city),
        municipality_code=normalise_municipality_code(record.municipality_code),
    )
