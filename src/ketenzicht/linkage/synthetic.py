"""A synthetic Dutch population with known truth, to measure person and household linkage.

A pure module: standard library only (tqdm for the command line's progress bar). It makes

1. a **base population** of true persons living in households -- families (two parents and their
   children, twins among them, sometimes a son with his father's first names: junior and senior),
   single parents, couples, elderly couples, singles and co-residents (students sharing a house:
   different surnames, one address) -- each with a unique BSN that passes the eleven-test;
2. their **life over the report period**: households move (sometimes to another municipality),
   children are born (they appear in later reports only), grown-up children leave home and
   parents separate (a new household at a new address);
3. **reports** about households over the years. Every person appears in one or more records
   (most in one or two); each record is a corrupted copy of the truth as another organisation
   would have written it down: typos, nicknames and initials, surname prefixes written
   differently ("v.d.", "vd", "Van Der", "vanderBerg", "Berg, van der"), married and double
   surnames in varying order or only one part, lost diacritics, swapped day and month, a digit
   wrong in the date of birth, a missing BSN (half the records by default), an outdated address.

Every :class:`SyntheticRecord` carries the truth: the true person, the household at the time of
the record, the report it came from, the true BSN, the person's traits ("twin", "junior",
"newborn", ...) and the corruptions applied to this copy ("prefix_abbreviated", "dob_swapped",
"moved", ...), so linkage can be measured and its errors explained.

Output is deterministic for a seed (and independent of ``PYTHONHASHSEED``: no random choice
ever iterates over a set or a string-keyed dict) and streamed household by household, so 5
million persons need no more memory than 5 thousand (measured: 5 million base persons, 9.5
million records in under 3 minutes on one core, 20 MB resident; writing the CSV adds about
45%). The truth and the corruption draw from two separate random streams, so
:func:`population` yields exactly the households behind :func:`generate` for the same arguments.

Command line (writes the CSV described at :data:`CSV_HEADER`)::

    python -m ketenzicht.linkage.synthetic --persons 100000 --seed 1 --out people.csv
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
import time
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from itertools import combinations
from math import gcd
from pathlib import Path
from random import Random
from typing import IO, Any, Generic, NamedTuple, TypeVar

from ketenzicht.common.identifiers import is_valid_bsn
from ketenzicht.linkage.records import PersonRecord

__all__ = [
    "CSV_HEADER",
    "MUNICIPALITIES",
    "Address",
    "CorruptionRates",
    "Municipality",
    "Report",
    "SyntheticRecord",
    "TrueHousehold",
    "TruePerson",
    "coresident_pairs",
    "generate",
    "is_eleven_proof",
    "main",
    "population",
    "read_csv",
    "truth_pairs",
    "write_csv",
]

T = TypeVar("T")


def _items(text: str, sep: str) -> tuple[str, ...]:
    """A tuple from a long separated string (keeps the reference lists compact)."""
    return tuple(item.strip() for item in text.split(sep) if item.strip())


# =============================================================================================
# Reference data: names, streets, municipalities
# =============================================================================================

# Frequent Dutch surnames with a rough frequency (thousands of bearers). Leading lower-case words
# are the prefix (voorvoegsel): "van der Meer" is prefix "van der", surname "Meer".
_NL_SURNAMES = """
de Jong 86; Jansen 74; de Vries 72; van den Berg 60; van Dijk 57; Bakker 56; Janssen 55;
Visser 51; Smit 45; Meijer 42; de Boer 40; Mulder 38; de Groot 37; Bos 36; Vos 33; Peters 32;
Hendriks 31; van Leeuwen 30; Dekker 29; Brouwer 28; de Wit 27; Dijkstra 26; Smits 25;
de Graaf 25; van der Meer 24; van der Linden 23; Kok 22; Jacobs 22; de Haan 21; Vermeulen 21;
van den Heuvel 21; van der Veen 20; van den Broek 20; de Bruijn 20; de Bruin 19;
van der Heijden 19; Schouten 19; van Beek 18; Willems 18; van Vliet 17; van de Ven 17;
Hoekstra 17; Maas 17; Verhoeven 16; Koster 16; van Dam 16; van der Wal 16; Prins 16; Blom 15;
Huisman 15; Peeters 15; de Vos 14; van den Bosch 14; van der Berg 6; Kuipers 14; Veenstra 13;
Kramer 13; van Wijk 13; Post 13; Kuiper 13; Vink 12; van der Laan 12; Timmermans 12; Groen 12;
Gerritsen 12; Martens 12; Bosch 11; van Dongen 11; Scholten 11; Hermans 11; Wouters 10;
van Veen 10; Sanders 10; van Rijn 9; Hofman 9; Evers 9; van Os 8; Claassen 8; ter Horst 8;
Dijkman 8; van der Sluis 7; van 't Hof 7; ten Brink 7; in 't Veld 5; op de Beek 4; Meyer 6;
van Doorn 9; de Ridder 8; van Loon 8; van der Zanden 6; Verbeek 9; Boer 7
"""

_MA_SURNAMES = """
El Amrani 5; Bennani 4; El Idrissi 4; Benali 4; Bouzid 3; El Khatib 3; Azzouzi 3; Bakkali 3;
El Ouali 2; Amrani 3; Tahiri 2; Haddouchi 2; Ait Taleb 2; El Hamdaoui 2; Chaoui 2; Ouahabi 2;
Aouragh 2; Belhaj 2; Boukhari 2; Ziani 2
"""

_TR_SURNAMES = """
Yilmaz 8; Kaya 6; Demir 6; Öztürk 5; Şahin 5; Çelik 5; Yıldız 4; Yıldırım 4; Aydın 4;
Özdemir 4; Arslan 4; Doğan 4; Kılıç 3; Aslan 3; Çetin 3; Kara 3; Koç 3; Kurt 3; Özkan 2;
Şimşek 2
"""  # noqa: RUF001 -- the dotless i of Turkish names is intended

_SR_SURNAMES = """
Ramdin 4; Ramsaran 3; Jagroep 3; Sewnath 2; Kanhai 3; Mahabier 3; Ramlal 3; Bhagwandin 2;
Soekhai 2; Chotoe 2; Pinas 3; Zeefuik 2; Vlijter 2; Doelwijt 2; Sabajo 2; Karijo 2;
Wongsodikromo 2; Kromodimedjo 2; Tjon A Fat 2; Lie A Ling 2; Biharie 2; Soekhlal 2
"""

_PL_SURNAMES = """
Kowalski 6; Nowak 8; Wiśniewski 5; Wójcik 5; Kowalczyk 4; Kamiński 4; Lewandowski 4;
Zieliński 3; Szymański 3; Woźniak 3; Dąbrowski 3; Kozłowski 3; Mazur 3; Krawczyk 3;
Jankowski 2; Wojciechowski 2
"""

# A long tail of plausible Dutch surnames, composed: a place name with a prefix ("van Hoogeveld",
# "ter Brinkhorst") or a stem with a patronymic/occupational ending ("Wolterink", "Harmsma").
_TAIL_STEMS = _items(
    "Hoog Laag Groen Wit Zwart Brink Hoek Dijk Berg Veld Bosch Kamp Haar Linde Wolter Eik "
    "Molen Beek Bree Broek Dam Horst Kerk Holt Vliet Steen Weide Wester Ooster Zuider Noorder "
    "Klein Groot Nieuw Oud Helder Wolf Haan Kraai Ree Hert Gerrit Harm Klaas Sieb Tjeerd Wiebe "
    "Sjoerd Douwe Bakel Delden Elder Ever Goor Hengel Lochem Mark Olde Rut Heem Sluis Wier Zeven",
    " ",
)
_TAIL_PLACE_ENDS = (
    "",
    *_items("dijk berg veld hoven beek bosch huis kamp wijk dam loo horst", " "),
)
_TAIL_PERSON_ENDS = _items("s sen ink stra sma ma man mans er ers ing ema huis kamp hof", " ")
_TAIL_PREFIXES = _items(
    "van, van de, van den, van der, ter, ten, van 't, op de, in 't, de, te", ","
)
_TAIL_PREFIX_WEIGHTS = (30.0, 10.0, 14.0, 14.0, 6.0, 6.0, 4.0, 2.0, 2.0, 8.0, 2.0)

# First names: "Formal~spelling|variants:nick|names". A formal name's nicknames are call names
# (roepnamen) a person may go by; spelling variants are how other organisations write the name.
# Dutch names by birth cohort: before 1945, 1945-64, 1965-84, 1985-2004, 2005 and later.
_NL_MALE = (
    "Johannes:Jan|Hans|Johan|Joop; Cornelis:Kees|Cor|Cees; Hendrik:Henk|Hein|Henny; "
    "Jacobus:Jaap|Koos|Jacob; Petrus:Piet|Peter; Willem:Wim|Pim; Wilhelmus:Wim|Willem|Wil; "
    "Gerrit:Gert; Adrianus:Arie|Aad|Adri|Janus; Antonius:Toon|Ton|Anton|Teun; Dirk:Dick; "
    "Gerardus:Gerard|Gert|Geert; Theodorus:Theo|Dorus; Franciscus:Frans|Frank; "
    "Nicolaas:Klaas|Niek|Nico; Albertus:Albert|Bert; Martinus:Martin|Tinus|Rinus; Jan; Arie; "
    "Klaas; Pieter:Piet; Hermanus:Herman|Manus; Bernardus:Ben|Bernard; Lambertus:Bert|Lammert; "
    "Everhardus:Evert; Josephus:Jos|Sjef|Joop; Abraham:Bram; Gijsbertus:Gijs|Bert",
    "Johannes:Hans|Jan|Johan; Cornelis:Kees|Cor; Hendrik:Henk; Jan; Peter; Gerard; "
    "Wilhelmus:Wim|Willem; Petrus:Peter|Piet; Jacobus:Jaap|Koos; Adrianus:Ad|Adri|Arie; "
    "Antonius:Ton|Toon; Theodorus:Theo; Franciscus:Frans; Robert:Rob|Bob; Henk; Kees; Ton; "
    "René~Rene; Hans; Marcel; Paul; Frank; Ronald:Ron; Willem:Wim; Dirk; Gerrit:Gert; "
    "Albertus:Albert|Bert; Martinus:Martin",
    "Johannes:Hans|Jan|Johan; Marcel; Robert:Rob; Richard; Erik~Eric; Mark~Marc; Paul; Frank; "
    "Martin; Michel; Edwin; Patrick; Jeroen; Dennis; Sander; Arjan; Remco; Rob; "
    "Wilhelmus:Wim|Willem; Cornelis:Kees; Peter; Bas; Maarten; Vincent; Ronald:Ron; Raymond; "
    "Danny; Marco; Hendrik:Henk|Rik; Alexander:Sander|Alex",
    "Thomas:Tom; Tim; Kevin; Bas; Sander; Alexander:Sander|Alex; Niels; Stefan~Stephan; Mike; "
    "Rick; Joost; Daan; Ruben; Maarten; Wouter; Jesse; Stijn; Abraham:Bram; Jeffrey; Nick; Koen; "
    "Jelle; Lars; Robin; Mark; Johannes:Johan|Hans|Jan; Sem; Luuk; Thijs; Max; Jasper; Joris; "
    "Pim; Jordy~Jordi; Mohammed~Mohamed|Muhammed",
    "Daan; Sem; Noah; Lucas~Lukas; Levi; Finn; Milan; Luuk; Liam; Bram; Jesse; Thijs; Lars; "
    "Mees; Sven; Maximiliaan:Max; Gijs; Jayden~Jaiden; Julian; Adam; Mohammed~Mohamed; Siem; "
    "Teun; Ruben; Thomas:Tom; Jens; Boaz; Olivier; Tijn; Stijn; Hugo; Nathan; Johannes:Hannes|Jan; "
    "Alexander:Alex|Sander",
)
_NL_FEMALE = (
    "Maria:Marie|Mies|Ria|Mia; Johanna:Jo|Joke|Annie|Jannie; Wilhelmina:Willy|Mien|Wil|Mina; "
    "Cornelia:Corrie|Nel|Cor; Hendrika:Riek|Henny|Rika; Elisabeth:Els|Lies|Betty|Elly|Bep; "
    "Catharina:Toos|Tiny|Riet; Geertruida:Truus|Trudy|Geertje; Anna:Anneke|Ans|Annie; "
    "Adriana:Jaantje|Adrie|Sjaan; Jacoba:Coby|Co; Margaretha:Greet|Grietje|Margriet; "
    "Petronella:Nel|Nelly|Pietje; Aaltje:Alie; Grietje; Neeltje:Nel; Dina; Gerarda:Gerda|Gerrie; "
    "Theodora:Door|Dora; Alida:Alie|Lida; Christina:Stien|Tineke",
    "Maria:Marja|Ria|Marieke|Mieke; Johanna:Joke|Hanneke|Jolanda; Anna:Anja|Anneke|Ans; "
    "Elisabeth:Els|Elly|Lisette; Cornelia:Corrie|Conny|Nel; Wilhelmina:Willy|Wilma|Mieke; Gerda; "
    "Ingrid; Marja; Tineke; Anneke; Margreet; Yvonne; Petra; Monique; Hendrika:Rieky|Henny; "
    "Jacoba:Coby|Jacqueline; Catharina:Karin|Tineke|Ineke; Margaretha:Margriet|Greet|Margot; "
    "Ellen; Carla; Jolanda; Ria; Astrid; Elly",
    "Monique; Linda; Sandra; Petra; Ingrid; Marjolein; Wendy; Esther; Karin; Patricia:Patty; "
    "Anita; José~Jose; Ellen; Yvonne; Caroline:Carolien; Maria:Marieke|Mirjam|Ria; "
    "Johanna:Hanneke|Joke|Jolanda; Elisabeth:Els|Lisette|Liesbeth; Anna:Anja|Anouk; "
    "Mirjam~Miriam; Nicole; Jolanda~Yolanda; Bianca; Chantal; Daniëlle~Danielle; Femke; Saskia; "
    "Marloes; Natasja~Natascha; Kim; Judith; Annemieke",
    "Laura; Lisa; Anouk; Sanne; Kim; Iris; Femke; Lotte; Esmée~Esmee; Fleur; Eva; Manon; Demi; "
    "Naomi; Sophie~Sofie; Marloes; Chantal; Elisabeth:Lisa|Els|Lies; Maria:Marije|Mara; "
    "Johanna:Hanna|Anna; Charlotte:Lotte|Charlie; Anne; Nina; Romy; Kelly; Melissa; Denise; "
    "Joyce; Samantha:Sam; Michelle; Jessica; Britt; Julia; Emma; Amber; Nienke",
    "Emma; Julia; Sophie~Sofie; Tess~Tes; Zoë~Zoe|Zoey; Mila; Sara~Sarah; Noor; Fenna; Lotte; "
    "Evi~Evie; Nora; Lieke; Saar; Isa; Anna; Yara; Olivia; Nina; Liv; Chloë~Chloe; Anaïs~Anais; "
    "Sophia; Lynn; Elin; Fleur; Roos; Jasmijn; Elisabeth:Lisa|Liz; Johanna:Hanna; "
    "Catharina:Cato; Maria:Mia; Aliyah; Hailey~Haylee",
)
_ORIGIN_NAMES = {
    "ma": (
        "Mohammed~Mohamed|Muhammed|Mohammad; Ahmed~Ahmad; Youssef~Yusuf|Youssouf|Joesoef; "
        "Mustafa~Mostafa; Hamza; Bilal; Ayoub~Ayub; Adam; Ilias~Ilyas|Elias; Rayan~Rayane; Anas; "
        "Zakaria~Zakariya; Said~Saïd; Abdelkader; Karim; Driss~Idriss; Omar; Soufiane~Sofian; "
        "Nordin~Noureddine; Mimoun",
        "Fatima~Fatma; Aïcha~Aisha|Aicha; Khadija~Khadidja; Nora; Salma; Yasmina~Yasmine; "
        "Imane~Iman; Soumaya~Sumaya; Malika; Naima~Naïma; Samira; Hafsa; Meryem~Maryam|Mariam; "
        "Ikram; Nadia; Sara~Sarah; Hanane; Loubna; Zineb~Zaynab; Hajar",
    ),
    "tr": (
        "Mehmet~Mehmed; Mustafa; Ahmet; Ali; Hüseyin~Huseyin; Hasan~Hassan; İbrahim~Ibrahim; "
        "Emre; Burak; Murat; Yusuf; Ömer~Omer; Kerem; Eren; Furkan; Mert; Osman; Recep; Serkan; "
        "Erkan",
        "Ayşe~Ayse; Fatma; Emine; Hatice; Zeynep; Elif; Merve; Büşra~Busra; Esra; Özlem~Ozlem; "
        "Derya; Yasemin; Sevgi; Hülya~Hulya; Aylin; Ecrin; Gül~Gul; Songül~Songul; Nur; Melek",
    ),
    "sr": (
        "Ravi; Rajesh~Radjesh; Anand; Sunil~Soenil; Dinesh; Ricardo; Romano; Giovanni; Marciano; "
        "Sergio; Dwight; Rodney; Kenneth:Ken; Ashwin~Ashvin; Navin; Rishi; Shiva~Sjiwa; Delano; "
        "Jurgen~Jürgen; Sharif",
        "Priya; Anita; Sunita~Soenita; Shanti~Sjanti; Reshma; Kavita~Kawita; Sharmila~Sjarmila; "
        "Jennifer:Jenny; Natasha~Natasja; Shirley; Ingrid; Cheryl; Romy; Gianna; Usha~Oesha; "
        "Nirmala; Samantha:Sam; Jowana; Kiran; Shakira",
    ),
    "pl": (
        "Piotr; Krzysztof:Krzysiek; Tomasz:Tomek; Paweł~Pawel; Michał~Michal; Marcin; Jakub:Kuba; "
        "Kacper~Kasper; Szymon; Łukasz~Lukasz; Mateusz; Adam; Wojciech:Wojtek; Grzegorz:Grzesiek; "
        "Andrzej; Dawid; Bartosz:Bartek; Kamil; Rafał~Rafal; Jan",
        "Anna:Ania; Katarzyna:Kasia; Małgorzata~Malgorzata:Gosia; Agnieszka:Aga; "
        "Magdalena:Magda; Joanna:Asia; Zuzanna:Zuzia; Julia; Maja; Zofia:Zosia; Aleksandra:Ola; "
        "Natalia; Monika; Ewa; Karolina; Justyna; Dorota; Marta; Barbara:Basia; Paulina",
    ),
}
# Origin of a household's first adult: Dutch, Moroccan, Turkish, Surinamese, Polish.
_ORIGIN_WEIGHTS = (("nl", 80.0), ("ma", 5.0), ("tr", 5.0), ("sr", 5.0), ("pl", 5.0))

_STREETS = _items(
    "Kerkstraat; Dorpsstraat; Schoolstraat; Molenweg; Molenstraat; Stationsweg; Stationsstraat; "
    "Nieuwstraat; Hoofdstraat; Julianastraat; Beatrixstraat; Wilhelminastraat; Emmastraat; "
    "Oranjestraat; Prins Bernhardlaan; Prinses Irenestraat; Willem de Zwijgerlaan; "
    "Burgemeester de Withstraat; Burgemeester van der Plasstraat; Dokter Schaepmanstraat; "
    "Sint Jorisweg; Van Oldenbarneveltstraat; Jan van Goyenstraat; Rembrandtlaan; Vermeerstraat; "
    "Van Goghstraat; Parallelweg; Industrieweg; Spoorstraat; Lindelaan; Eikenlaan; Beukenlaan; "
    "Populierenlaan; Kastanjelaan; Berkenlaan; Esdoornstraat; Tulpstraat; Rozenstraat; "
    "Narcisstraat; Lelieweg; Merelstraat; Lijsterstraat; Vinkenstraat; Zwanenstraat; "
    "Meeuwenlaan; Dahliastraat; Havenstraat; Marktstraat; Voorstraat; Achterstraat; Wijnstraat; "
    "Hoogstraat; Singel; Oude Gracht; Nieuwe Haven; Bosweg; Dijkweg; Zeedijk; Kanaalweg; "
    "Sportlaan; Parklaan; Koningin Julianalaan; Koningin Wilhelminaweg; Graaf Florisstraat; "
    "Johan de Wittstraat; Thorbeckestraat; Van Speijkstraat; Admiraal de Ruijterweg; "
    "Piet Heinstraat; Michiel de Ruyterstraat; Mozartlaan; Beethovenstraat; Vondelstraat; "
    "Bilderdijkstraat; Da Costastraat; Kortenaerstraat; Van Heemskerckstraat; "
    "Aert van Nesstraat; 's-Gravendijkwal; Tweede Constantijn Huygensstraat; "
    "Eerste Oosterparkstraat; Burgemeester Jansenlaan; Dokter Zamenhofstraat; Sint Annastraat; "
    "Koningin Emmaplein; Pieter de Hoochweg",
    ";",
)
# How other systems shorten street names: "Burgemeester" -> "Burg.", "straat" -> "str.".
_STREET_ABBREVIATIONS = (
    ("Burgemeester ", "Burg. "),
    ("Dokter ", "Dr. "),
    ("Sint ", "St. "),
    ("Koningin ", "Kon. "),
    ("Prinses ", "Pr. "),
    ("Prins ", "Pr. "),
    ("Admiraal ", "Adm. "),
    ("Tweede ", "2e "),
    ("Eerste ", "1e "),
    ("straat", "str."),
    ("laan", "ln"),
)


class Municipality(NamedTuple):
    """A municipality: CBS code, place name as registered, other spellings, postcode range."""

    code: str
    name: str
    city_variants: tuple[str, ...]
    postcode_low: int
    postcode_high: int
    population: int  # thousands, to weight where households live
    region: str


# Disjoint postcode ranges (so postcode + house number identifies one address).
MUNICIPALITIES: tuple[Municipality, ...] = (
    Municipality("GM0363", "Amsterdam", ("AMSTERDAM", "A'dam"), 1011, 1109, 930, "nh"),
    Municipality("GM0599", "Rotterdam", ("ROTTERDAM",), 3011, 3089, 670, "rijnmond"),
    Municipality("GM0518", "'s-Gravenhage", ("Den Haag", "s-Gravenhage"), 2491, 2599, 560, "hgl"),
    Municipality("GM0344", "Utrecht", ("UTRECHT",), 3511, 3585, 370, "utr"),
    Municipality("GM0772", "Eindhoven", ("EINDHOVEN",), 5611, 5658, 240, "nb"),
    Municipality("GM0014", "Groningen", ("GRONINGEN",), 9711, 9747, 240, "noord"),
    Municipality("GM0855", "Tilburg", ("TILBURG",), 5011, 5049, 225, "nb"),
    Municipality("GM0034", "Almere", ("ALMERE",), 1311, 1359, 220, "nh"),
    Municipality("GM0758", "Breda", ("BREDA",), 4811, 4841, 185, "nb"),
    Municipality("GM0268", "Nijmegen", ("NIJMEGEN",), 6511, 6546, 180, "gld"),
    Municipality("GM0200", "Apeldoorn", ("APELDOORN",), 7311, 7336, 165, "gld"),
    Municipality("GM0202", "Arnhem", ("ARNHEM",), 6811, 6846, 165, "gld"),
    Municipality("GM0392", "Haarlem", ("HAARLEM",), 2011, 2037, 165, "nh"),
    Municipality("GM0153", "Enschede", ("ENSCHEDE",), 7511, 7548, 160, "oost"),
    Municipality("GM0307", "Amersfoort", ("AMERSFOORT",), 3811, 3829, 160, "utr"),
    Municipality("GM0796", "'s-Hertogenbosch", ("Den Bosch",), 5211, 5249, 160, "nb"),
    Municipality("GM0193", "Zwolle", ("ZWOLLE",), 8011, 8048, 132, "oost"),
    Municipality("GM0546", "Leiden", ("LEIDEN",), 2311, 2334, 127, "hgl"),
    Municipality("GM0080", "Leeuwarden", ("Ljouwert", "LEEUWARDEN"), 8911, 8941, 125, "noord"),
    Municipality("GM0935", "Maastricht", ("MAASTRICHT",), 6211, 6229, 122, "limburg"),
    Municipality("GM0505", "Dordrecht", ("DORDRECHT", "Dordt"), 3311, 3329, 120, "zhz"),
    Municipality("GM0503", "Delft", ("DELFT",), 2611, 2629, 105, "hgl"),
    Municipality("GM0606", "Schiedam", ("SCHIEDAM",), 3111, 3125, 80, "rijnmond"),
    Municipality("GM0622", "Vlaardingen", ("VLAARDINGEN",), 3131, 3138, 75, "rijnmond"),
    Municipality("GM0603", "Rijswijk", ("RIJSWIJK", "Rijswijk ZH"), 2281, 2289, 57, "hgl"),
    Municipality("GM0597", "Ridderkerk", ("RIDDERKERK",), 2981, 2988, 47, "rijnmond"),
    Municipality("GM0642", "Zwijndrecht", ("ZWIJNDRECHT",), 3331, 3336, 45, "zhz"),
    Municipality("GM0512", "Gorinchem", ("Gorkum", "GORINCHEM"), 4201, 4208, 38, "zhz"),
    Municipality("GM0590", "Papendrecht", ("PAPENDRECHT",), 3351, 3356, 32, "zhz"),
    Municipality("GM0531", "Hendrik-Ido-Ambacht", ("H.I. Ambacht",), 3341, 3344, 32, "zhz"),
    Municipality("GM0610", "Sliedrecht", ("SLIEDRECHT",), 3361, 3364, 26, "zhz"),
    Municipality("GM0482", "Alblasserdam", ("ALBLASSERDAM",), 2951, 2954, 20, "zhz"),
)

# Dutch postcode letters avoid F, I, O, Q, U and Y, and the pairs SA, SD and SS.
_PC_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
_PC_PAIRS = tuple(
    a + b for a in _PC_LETTERS for b in _PC_LETTERS if a + b not in ("SA", "SD", "SS")
)
_NUMBERS_PER_POSTCODE = 40
_HOUSE_SUFFIXES = ("A", "B", "C", "1", "2", "3", "bis", "hs", "I", "II")

# Surname prefixes as other systems write them.
_PREFIX_ABBREVIATIONS = {
    "van der": ("v.d.", "vd", "v/d", "v. d."),
    "van den": ("v.d.", "vd", "v/d", "v.den"),
    "van de": ("v.d.", "vd", "v/d"),
    "van": ("v.", "v"),
    "van 't": ("v. 't", "v.t.", "van t"),
    "in 't": ("in t", "int"),
    "op de": ("o.d.",),
}
_PREFIX_WORDS = ("van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "op", "in")

# Spelling confusions of Dutch (ij/y/ei, c/k, dt/d, ...), applied as "phonetic" corruption.
_PHONETIC = tuple(
    tuple(pair.split(">"))
    for pair in _items(
        "ij>y y>ij ij>ei ei>ij ck>k c>k k>c dt>d dt>t th>t ph>f ks>x x>ks ou>au au>ou sch>s ee>e "
        "oo>o ss>s z>s",
        " ",
    )
)
_KEYBOARD = {
    keys[0]: keys[1:]
    for keys in _items(
        "qwa wqes ewrd retf tryg ytuh uyij iuok oipl pol aqsz sadwx dsfe fdgr gfht hgjy jhku "
        "kjli lko zxs xzcs cxvd vcbf bvng nbmh mnj",
        " ",
    )
}


# =============================================================================================
# Small helpers
# =============================================================================================


class _Weighted(Generic[T]):
    """A weighted choice driven by one uniform draw (bisect on cumulative weights)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        self.items = [item for item, _ in pairs]
        self.cum: list[float] = []
        running = 0.0
        for _, weight in pairs:
            running += weight
            self.cum.append(running)
        self.total = running

    def pick(self, r: float) -> T:
        index = bisect_right(self.cum, r * self.total)
        return self.items[index if index < len(self.items) else -1]


def _split_prefix(name: str) -> tuple[str, str]:
    """'van der Berg' -> ('van der', 'Berg'); 'El Amrani' -> ('', 'El Amrani')."""
    words = name.split()
    i = 0
    while i < len(words) - 1 and words[i] in _PREFIX_WORDS:
        i += 1
    return " ".join(words[:i]), " ".join(words[i:])


def _parse_weighted_surnames(text: str) -> list[tuple[tuple[str, str], float]]:
    out = []
    for item in _items(text.replace("\n", " "), ";"):
        name, weight = item.rsplit(" ", 1)
        out.append((_split_prefix(name), float(weight)))
    return out


class _Name(NamedTuple):
    formal: str
    nicknames: tuple[str, ...]
    variants: tuple[str, ...]


def _parse_names(text: str) -> tuple[_Name, ...]:
    out = []
    for item in _items(text, ";"):
        head, _, nicks = item.partition(":")
        formal, _, variants = head.partition("~")
        out.append(_Name(formal, _items(nicks, "|"), _items(variants, "|")))
    return tuple(out)


_DIACRITIC_MAP = str.maketrans(
    {"\u0131": "i", "\u0130": "I", "ł": "l", "Ł": "L", "ø": "o", "ß": "ss"}
)
_STRIPPED: dict[str, str] = {}


def _strip_diacritics(text: str) -> str:
    """'Öztürk' -> 'Ozturk', 'Łukasz' -> 'Lukasz' (cached; a plain lookup, never iterated)."""
    out = _STRIPPED.get(text)
    if out is None:
        decomposed = unicodedata.normalize("NFKD", text.translate(_DIACRITIC_MAP))
        out = "".join(c for c in decomposed if not unicodedata.combining(c))
        if len(_STRIPPED) < 100_000:
            _STRIPPED[text] = out
    return out


_GENDERED_ENDINGS = (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka"))


def _female_form(root: str) -> str:
    """Polish surnames: Kowalski -> Kowalska, Wiśniewski -> Wiśniewska."""
    for male, female in _GENDERED_ENDINGS:
        if root.endswith(male):
            return root[: -len(male)] + female
    return root


def _male_form(root: str) -> str:
    """Polish surnames: Kowalska -> Kowalski."""
    for male, female in _GENDERED_ENDINGS:
        if root.endswith(female):
            return root[: -len(female)] + male
    return root


def _typo(text: str, rnd: Callable[[], float]) -> str:
    """One keyboard slip: a neighbouring key, two letters swapped, a letter dropped or doubled."""
    n = len(text)
    if n < 3:
        return text
    i = 1 + int(rnd() * (n - 1))  # the first letter is rarely mistyped
    op = rnd()
    c = text[i]
    if op < 0.35:
        near = _KEYBOARD.get(c.lower())
        if near:
            new = near[int(rnd() * len(near))]
            return text[:i] + (new.upper() if c.isupper() else new) + text[i + 1 :]
        return text[:i] + text[i + 1 :]
    if op < 0.6 and i < n - 1 and text[i + 1] != c:
        return text[:i] + text[i + 1] + c + text[i + 2 :]
    if op < 0.85:
        return text[:i] + text[i + 1 :]
    return text[:i] + c + text[i:]


def _phonetic(text: str, rnd: Callable[[], float]) -> str:
    """A Dutch spelling confusion ('Meijer' -> 'Meyer', 'Dijkstra' -> 'Dykstra'), if any fits."""
    count = len(_PHONETIC)
    first = int(rnd() * count)
    for k in range(count):
        old, new = _PHONETIC[(first + k) % count]
        at = text.find(old, 1)
        if at > 0:
            return text[:at] + new + text[at + len(old) :]
    return text


def _weighted_digit_sum(number: int, first_weight: int) -> int:
    total = 0
    weight = first_weight
    while number:
        total += (number % 10) * weight
        number //= 10
        weight += 1
    return total


# The eleven-test's weighted sum of an 8-digit prefix, in two table look-ups of 4 digits each.
_BSN_LOW = tuple(_weighted_digit_sum(n, 2) for n in range(10_000))
_BSN_HIGH = tuple(_weighted_digit_sum(n, 6) for n in range(10_000))


def _bsn_check(prefix: int) -> int:
    """The ninth BSN digit for an 8-digit prefix, or 10 when no digit passes the eleven-test."""
    return (_BSN_HIGH[prefix // 10_000] + _BSN_LOW[prefix % 10_000]) % 11


def is_eleven_proof(bsn: str) -> bool:
    """The BSN eleven-test (``common.identifiers.is_valid_bsn``)."""
    return is_valid_bsn(bsn)


# Parsed tables.
_SURNAMES_BY_ORIGIN = {
    "nl": _Weighted(_parse_weighted_surnames(_NL_SURNAMES)),
    "ma": _Weighted(_parse_weighted_surnames(_MA_SURNAMES)),
    "tr": _Weighted(_parse_weighted_surnames(_TR_SURNAMES)),
    "sr": _Weighted(_parse_weighted_surnames(_SR_SURNAMES)),
    "pl": _Weighted(_parse_weighted_surnames(_PL_SURNAMES)),
}
_NL_NAMES = (
    tuple(_parse_names(t) for t in _NL_MALE),
    tuple(_parse_names(t) for t in _NL_FEMALE),
)
_OTHER_NAMES = {
    origin: (_parse_names(male), _parse_names(female))
    for origin, (male, female) in _ORIGIN_NAMES.items()
}
_ORIGINS = _Weighted(_ORIGIN_WEIGHTS)
_TAIL_PREFIX_PICK = _Weighted(list(zip(_TAIL_PREFIXES, _TAIL_PREFIX_WEIGHTS, strict=True)))
_MUNI_PICK = _Weighted([(i, float(m.population)) for i, m in enumerate(MUNICIPALITIES)])
_MUNI_REGION_INDEX = tuple(
    tuple(j for j, other in enumerate(MUNICIPALITIES) if other.region == m.region)
    for m in MUNICIPALITIES
)


# =============================================================================================
# Truth: persons, households, reports
# =============================================================================================


class Address(NamedTuple):
    street: str
    house_number: str
    house_number_suffix: str
    postcode: str  # "3311 AB"
    municipality_index: int  # into MUNICIPALITIES

    @property
    def municipality(self) -> Municipality:
        return MUNICIPALITIES[self.municipality_index]


@dataclass(slots=True, eq=False)
class TruePerson:
    """A person as they really are. ``residences``: (from ordinal, household id, address)."""

    person_id: int
    sex: str  # "F" or "M"
    given_names: tuple[str, ...]
    call_name: str
    first_name_variants: tuple[str, ...]  # other spellings of the first given name
    name_parts: tuple[tuple[str, str], ...]  # official surname: ((prefix, surname), ...)
    date_of_birth: date
    bsn: str
    origin: str
    traits: tuple[str, ...] = ()
    usual_parts: tuple[tuple[str, str], ...] = ()  # the surname as used (married name, ...)
    residences: list[tuple[int, int, Address]] = field(default_factory=list)

    @property
    def surname(self) -> str:
        """The official surname written out: 'van der Berg', 'Jansen-de Vries'."""
        return "-".join(f"{p} {s}" if p else s for p, s in self.name_parts)

    def residence_at(self, ordinal: int) -> int:
        """Index into ``residences`` of where the person lived on day ``ordinal``."""
        res = self.residences
        i = len(res) - 1
        while i > 0 and res[i][0] > ordinal:
            i -= 1
        return i


class Report(NamedTuple):
    """One report about a household: the persons it names, all living in ``household_id``."""

    report_id: int
    report_date: date
    household_id: int
    persons: tuple[TruePerson, ...]


@dataclass(slots=True, eq=False)
class TrueHousehold:
    """A household at the start of the period, everyone who joined it, and the reports about
    its members (including reports about members after they left and formed a new household)."""

    household_id: int
    kind: str  # family, single_parent, couple, elderly_couple, single, coresidents
    members: list[TruePerson]
    base_count: int  # members counted in the base population (not newborns)
    reports: list[Report] = field(default_factory=list)


_KINDS = _Weighted(
    [
        ("single", 24.0),
        ("couple", 13.0),
        ("elderly_couple", 11.0),
        ("family", 36.0),
        ("single_parent", 10.0),
        ("coresidents", 6.0),
    ]
)
_KIDS = _Weighted([(1, 35.0), (2, 40.0), (3, 18.0), (4, 7.0)])
_CORESIDENTS = _Weighted([(2, 40.0), (3, 30.0), (4, 20.0), (5, 10.0)])
_REPORT_COUNT = _Weighted([(1, 52.0), (2, 25.0), (3, 11.0), (4, 6.0), (5, 3.0), (6, 2.0), (8, 1.0)])
_USAGE = {
    # How a woman with a (male) partner uses her surname: her own, partner's-own, partner's, ...
    "couple": _Weighted(
        [("own", 50.0), ("partner_own", 30.0), ("partner", 15.0), ("own_partner", 5.0)]
    ),
    "family": _Weighted(
        [("own", 40.0), ("partner_own", 38.0), ("partner", 17.0), ("own_partner", 5.0)]
    ),
    "elderly_couple": _Weighted(
        [("own", 20.0), ("partner_own", 50.0), ("partner", 27.0), ("own_partner", 3.0)]
    ),
}
_GIVEN_COUNT = (
    _Weighted([(1, 15.0), (2, 50.0), (3, 35.0)]),
    _Weighted([(1, 25.0), (2, 50.0), (3, 25.0)]),
    _Weighted([(1, 35.0), (2, 45.0), (3, 20.0)]),
    _Weighted([(1, 45.0), (2, 45.0), (3, 10.0)]),
    _Weighted([(1, 50.0), (2, 45.0), (3, 5.0)]),
)
_NICKNAME_AS_CALL = (0.9, 0.8, 0.6, 0.5, 0.4)
_DAYS_PER_YEAR = 365.2425


def _coprime_step(capacity: int) -> int:
    step = int(capacity * 0.6180339887)
    while gcd(step, capacity) != 1:
        step += 1
    return step


def _cohort(year: int) -> int:
    return 0 if year < 1945 else 1 if year < 1965 else 2 if year < 1985 else 3 if year < 2005 else 4


def _polish_form(parts: tuple[tuple[str, str], ...], sex: str) -> tuple[tuple[str, str], ...]:
    """A Polish family name in the form for a woman or a man (Kowalska, Kowalski)."""
    form = _female_form if sex == "F" else _male_form
    return tuple((p, form(s)) for p, s in parts)


class _Population:
    """Draws households, their lives and their reports from the truth stream of a seed."""

    def __init__(
        self, *, persons: int, seed: int, start: date, end: date, max_reports: int
    ) -> None:
        if persons < 0:
            raise ValueError("persons must be >= 0")
        if (end - start).days < 365:
            raise ValueError("the report period must be at least a year")
        self.persons = persons
        self.rng = Random(f"ketenzicht.linkage.synthetic/truth/{seed}")
        self.rnd = self.rng.random
        self.start = start.toordinal()
        self.end = end.toordinal()
        self.max_reports = max(1, max_reports)
        self.next_person = 1
        self.next_household = 1
        self.next_report = 1
        self.bsn_counter = 0
        self.bsn_offset = self.rng.randrange(90_000_000)
        self.address_counters = [0] * len(MUNICIPALITIES)
        # Addresses are handed out by a bijection of a counter per municipality: (k * step +
        # offset) mod capacity, with a step coprime to the capacity, near its golden section.
        self.capacities = [
            (m.postcode_high - m.postcode_low + 1) * len(_PC_PAIRS) * _NUMBERS_PER_POSTCODE
            for m in MUNICIPALITIES
        ]
        self.address_steps = [_coprime_step(c) for c in self.capacities]
        self.address_offsets = [self.rng.randrange(c) for c in self.capacities]

    # --- small draws -------------------------------------------------------------------------

    def _int(self, low: int, high: int) -> int:
        """Uniform in [low, high]."""
        return low + int(self.rnd() * (high - low + 1))

    def _bsn(self) -> str:
        """The next unique valid BSN: a bijection of a counter onto 8-digit prefixes, skipping
        the prefixes for which no check digit passes the eleven-test."""
        while True:
            k = self.bsn_counter
            self.bsn_counter += 1
            prefix = 10_000_000 + (k * 48_271 + self.bsn_offset) % 90_000_000
            check = _bsn_check(prefix)
            if check < 10:
                return f"{prefix}{check}"

    def _surname(self, origin: str, sex: str) -> tuple[tuple[str, str], ...]:
        rnd = self.rnd
        if origin == "nl" and rnd() < 0.45:
            stem = _TAIL_STEMS[int(rnd() * len(_TAIL_STEMS))]
            if rnd() < 0.4:
                end = _TAIL_PLACE_ENDS[int(rnd() * len(_TAIL_PLACE_ENDS))]
                return ((_TAIL_PREFIX_PICK.pick(rnd()), stem + end),)
            end = _TAIL_PERSON_ENDS[int(rnd() * len(_TAIL_PERSON_ENDS))]
            return (("", stem + end),)
        parts = (_SURNAMES_BY_ORIGIN[origin].pick(rnd()),)
        return _polish_form(parts, sex) if origin == "pl" else parts

    def _given(self, origin: str, sex: str, year: int) -> tuple[tuple[str, ...], str, _Name]:
        """(given names, call name, the first name's entry) for someone born in ``year``."""
        rnd = self.rnd
        cohort = _cohort(year)
        s = 1 if sex == "F" else 0
        if origin != "nl" and not (year >= 1995 and rnd() < 0.35):
            pool = _OTHER_NAMES[origin][s]
            count = 1 if rnd() < 0.7 else 2
        else:
            pool = _NL_NAMES[s][cohort]
            count = _GIVEN_COUNT[cohort].pick(rnd())
        first = pool[int(rnd() * len(pool))]
        names = [first.formal]
        for _ in range(count - 1):
            if s == 0 and origin == "nl" and cohort <= 2 and rnd() < 0.08:
                extra = "Maria"
            else:
                extra = pool[int(rnd() * len(pool))].formal
            if extra not in names:
                names.append(extra)
        call = first.formal
        if first.nicknames and rnd() < _NICKNAME_AS_CALL[cohort]:
            call = first.nicknames[int(rnd() * rnd() * len(first.nicknames))]
        return tuple(names), call, first

    def _dob(self, age_at_start: float) -> int:
        return self.start - int(age_at_start * _DAYS_PER_YEAR) - int(self.rnd() * 365)

    def _person(
        self,
        sex: str,
        dob: int,
        origin: str,
        parts: tuple[tuple[str, str], ...],
        traits: tuple[str, ...] = (),
        given: tuple[tuple[str, ...], str, _Name] | None = None,
    ) -> TruePerson:
        born = date.fromordinal(dob)
        names, call, first = given if given is not None else self._given(origin, sex, born.year)
        pid = self.next_person
        self.next_person += 1
        # person_id, sex, given_names, call_name, first_name_variants, name_parts,
        # date_of_birth, bsn, origin, traits, usual_parts (positional: quicker)
        return TruePerson(
            pid, sex, names, call, first.variants, parts, born, self._bsn(), origin, traits, parts
        )

    def _address(self, municipality: int) -> Address:
        """A new address, never handed out before (until a municipality's postcodes run out)."""
        m = MUNICIPALITIES[municipality]
        capacity = self.capacities[municipality]
        k = self.address_counters[municipality]
        self.address_counters[municipality] = k + 1
        slot = (
            k * self.address_steps[municipality] + self.address_offsets[municipality]
        ) % capacity
        number_index = slot % _NUMBERS_PER_POSTCODE
        postcode_slot = slot // _NUMBERS_PER_POSTCODE
        pair = postcode_slot % len(_PC_PAIRS)
        district = m.postcode_low + postcode_slot // len(_PC_PAIRS)
        h = (postcode_slot * 2_654_435_761 + municipality * 97) & 0xFFFFFFFF
        street = _STREETS[(h >> 7) % len(_STREETS)]  # one street per postcode
        number = 1 + (h >> 3) % 120 + number_index
        suffix = ""
        if self.rnd() < 0.12:
            suffix = _HOUSE_SUFFIXES[int(self.rnd() * len(_HOUSE_SUFFIXES))]
        return Address(street, str(number), suffix, f"{district} {_PC_PAIRS[pair]}", municipality)

    def _nearby_municipality(self, municipality: int) -> int:
        r = self.rnd()
        if r < 0.7:
            return municipality
        if r < 0.9:
            region = _MUNI_REGION_INDEX[municipality]
            return region[int(self.rnd() * len(region))]
        return _MUNI_PICK.pick(self.rnd())

    # --- households ----------------------------------------------------------------------------

    def households(self) -> Iterator[TrueHousehold]:
        left = self.persons
        while left > 0:
            household = self._household(left)
            left -= household.base_count
            yield household

    def _household(self, left: int) -> TrueHousehold:
        rnd = self.rnd
        kind = _KINDS.pick(rnd())
        if left == 1:
            kind = "single"
        elif left == 2 and kind in ("family", "single_parent"):
            kind = "couple"
        hid = self.next_household
        self.next_household += 1
        origin = _ORIGINS.pick(rnd())
        municipality = _MUNI_PICK.pick(rnd())
        parents: list[TruePerson] = []
        children: list[TruePerson] = []

        if kind == "single":
            sex = "F" if rnd() < 0.5 else "M"
            age = 18 + rnd() * 72
            members = [self._person(sex, self._dob(age), origin, self._surname(origin, sex))]
        elif kind in ("couple", "elderly_couple"):
            age = 65 + rnd() * 27 if kind == "elderly_couple" else 20 + rnd() * 44
            parents = self._couple(kind, origin, age)
            members = list(parents)
        elif kind == "coresidents":
            size = min(left, _CORESIDENTS.pick(rnd()))
            students = rnd() < 0.8
            members = []
            for _ in range(size):
                own_origin = _ORIGINS.pick(rnd())
                sex = "F" if rnd() < 0.5 else "M"
                age = 18 + rnd() * 9 if students else 25 + rnd() * 35
                parts = self._surname(own_origin, sex)
                members.append(
                    self._person(sex, self._dob(age), own_origin, parts, ("coresident",))
                )
        else:  # family or single parent
            n_kids = _KIDS.pick(rnd())
            n_kids = min(n_kids, 3, left - 1) if kind == "single_parent" else min(n_kids, left - 2)
            oldest = rnd() * (25 if kind == "family" else 21)
            parent_age = oldest + 20 + rnd() * 18
            if kind == "family":
                parents = self._couple("family", origin, parent_age)
            else:
                sex = "F" if rnd() < 0.85 else "M"
                parts = self._surname(origin, sex)
                traits = ("parent", "single_parent")
                parents = [self._person(sex, self._dob(parent_age), origin, parts, traits)]
            children = self._children(kind, parents, origin, oldest, n_kids)
            members = parents + children

        household = TrueHousehold(hid, kind, members, base_count=len(members))
        self._life(household, parents, children, municipality)
        return household

    def _couple(self, kind: str, origin: str, age: float) -> list[TruePerson]:
        """Two partners; in a man-woman couple the woman may use her partner's surname."""
        rnd = self.rnd
        r = rnd()
        sexes = ("M", "F") if r < 0.97 else ("F", "F") if r < 0.99 else ("M", "M")
        other_origin = origin if rnd() < 0.9 else _ORIGINS.pick(rnd())
        traits: tuple[str, ...] = ()
        if kind == "elderly_couple":
            traits = ("elderly",)
        elif kind == "family":
            traits = ("parent",)
        first_age = max(age + rnd() * 8 - 2, 18.0)
        a = self._person(
            sexes[0], self._dob(first_age), origin, self._surname(origin, sexes[0]), traits
        )
        b = self._person(
            sexes[1],
            self._dob(max(age, 18.0)),
            other_origin,
            self._surname(other_origin, sexes[1]),
            traits,
        )
        if sexes == ("M", "F"):
            usage = _USAGE[kind].pick(rnd())
            partner = a.name_parts
            if a.origin == "pl":
                partner = _polish_form(partner, "F")
            if partner == b.name_parts:  # the same surname already: nothing to combine
                usage = "own"
            if usage == "partner_own":
                b.usual_parts = partner + b.name_parts
            elif usage == "own_partner":
                b.usual_parts = b.name_parts + partner
            elif usage == "partner":
                b.usual_parts = partner
        return [a, b]

    def _children(
        self, kind: str, parents: list[TruePerson], origin: str, oldest: float, n_kids: int
    ) -> list[TruePerson]:
        """Children sharing a surname; sometimes twins, sometimes a junior."""
        rnd = self.rnd
        father = parents[0]
        polish = father.origin == "pl"
        if kind == "family":
            r = rnd()
            if r < 0.88:
                parts = father.name_parts
            elif r < 0.98:
                parts = parents[1].name_parts
            else:  # a double surname passed on: "van Dijk-Bakker"
                parts = father.name_parts + parents[1].name_parts
        else:
            parts = father.name_parts if rnd() < 0.8 else self._surname(origin, "M")
        ages: list[float] = []
        age = oldest
        for _ in range(n_kids):
            if age < 0:
                break
            ages.append(age)
            age -= 1 + rnd() * 3.5
        twins_at = -1
        if len(ages) >= 2 and rnd() < 0.05:
            twins_at = int(rnd() * (len(ages) - 1))
        junior = father.sex == "M" and parts == father.name_parts and rnd() < 0.07
        children: list[TruePerson] = []
        dob = 0
        for i, child_age in enumerate(ages):
            sex = "F" if rnd() < 0.49 else "M"
            traits: tuple[str, ...] = ("child",)
            given = None
            child_parts = _polish_form(parts, sex) if polish else parts
            second_twin = twins_at >= 0 and i == twins_at + 1
            if twins_at >= 0 and i in (twins_at, twins_at + 1):
                traits = ("child", "twin")
            if not second_twin:  # twins share the date of birth
                dob = self._dob(child_age)
            if junior and sex == "M" and not second_twin:
                # Junior: the son carries his father's first names and call name.
                first = _Name(father.given_names[0], (), father.first_name_variants)
                given = (father.given_names, father.call_name, first)
                traits = (*traits, "junior")
                father.traits = (*father.traits, "senior")
                junior = False
            child = self._person(sex, dob, father.origin, child_parts, traits, given)
            if second_twin and child.given_names[0] == children[-1].given_names[0]:
                # Twins never share a first name.
                other = self._given(father.origin, sex, child.date_of_birth.year)
                if other[0][0] != children[-1].given_names[0]:
                    child.given_names, child.call_name = other[0], other[1]
                    child.first_name_variants = other[2].variants
                else:
                    child.given_names = ("Jan" if sex == "M" else "Anna", *child.given_names[1:])
                    child.call_name, child.first_name_variants = child.given_names[0], ()
            children.append(child)
        return children

    # --- life over the period: moves, births, leaving home, separation, reports ----------

    def _life(
        self,
        household: TrueHousehold,
        parents: list[TruePerson],
        children: list[TruePerson],
        municipality: int,
    ) -> None:
        rnd = self.rnd
        start, end = self.start, self.end
        hid = household.household_id
        # The household's addresses over time.
        timeline: list[tuple[int, int, Address]] = [(start, hid, self._address(municipality))]
        r = rnd()
        moves = 0 if r < 0.62 else 1 if r < 0.92 else 2
        muni = municipality
        for day in sorted([self._int(start + 30, end - 30) for _ in range(moves)]):
            muni = self._nearby_municipality(muni)
            timeline.append((day, hid, self._address(muni)))

        # Newborns: a mother of child-bearing age may have one or two children in the period.
        newborns: list[TruePerson] = []
        if household.kind in ("family", "couple") and len(parents) == 2:
            mother = parents[1]
            mother_born = mother.date_of_birth.toordinal()
            chance = 0.35 if household.kind == "family" else 0.4
            young = (start - mother_born) / _DAYS_PER_YEAR <= 40
            if mother.sex == "F" and young and rnd() < chance:
                birth = self._int(start + 30, end - 90)
                while (birth - mother_born) / _DAYS_PER_YEAR <= 44:
                    newborns.append(self._newborn(parents, children + newborns, birth))
                    birth += self._int(400, 1200)
                    if birth > end - 90 or rnd() < 0.8:
                        break
        household.members.extend(newborns)

        # Where everyone lives: the household's timeline, from birth on ...
        for person in household.members:
            born = person.date_of_birth.toordinal()
            if born <= start:
                person.residences = timeline  # shared; a leaver gets a list of their own
            else:
                current = timeline[0]
                for entry in timeline:
                    if entry[0] <= born:
                        current = entry
                person.residences = [(born, current[1], current[2])]
                person.residences += [e for e in timeline if e[0] > born]

        # ... until they leave: grown-up children leave home, some couples separate.
        leavers: list[tuple[TruePerson, int]] = []
        for child in children:
            adult = child.date_of_birth.toordinal() + int(18 * _DAYS_PER_YEAR)
            earliest = max(start + 30, adult)
            if earliest < end - 60 and rnd() < 0.5:
                leavers.append((child, self._int(earliest, end - 30)))
        if len(parents) == 2 and household.kind in ("family", "couple") and rnd() < 0.1:
            leaving = parents[0] if rnd() < 0.8 else parents[1]
            leavers.append((leaving, self._int(start + 30, end - 30)))
        for person, day in leavers:
            new_hid = self.next_household
            self.next_household += 1
            here = person.residences[person.residence_at(day)][2]
            new_address = self._address(self._nearby_municipality(here.municipality_index))
            person.residences = [e for e in person.residences if e[0] < day]
            person.residences.append((day, new_hid, new_address))
            trait = "left_home" if "child" in person.traits else "separated"
            person.traits = (*person.traits, trait)

        self._reports(household, leavers, newborns)

    def _newborn(
        self, parents: list[TruePerson], children: list[TruePerson], birth: int
    ) -> TruePerson:
        father, mother = parents
        if children:  # the siblings' surname (in the Polish form for this child's sex)
            parts = children[0].name_parts
        else:
            parts = father.name_parts if self.rnd() < 0.9 else mother.name_parts
        sex = "F" if self.rnd() < 0.49 else "M"
        if father.origin == "pl":
            parts = _polish_form(parts, sex)
        return self._person(sex, birth, father.origin, parts, ("child", "newborn"))

    def _reports(
        self,
        household: TrueHousehold,
        leavers: list[tuple[TruePerson, int]],
        newborns: list[TruePerson],
    ) -> None:
        rnd = self.rnd
        start, end = self.start, self.end
        hid = household.household_id
        members = household.members
        count = min(_REPORT_COUNT.pick(rnd()), self.max_reports)
        days = sorted([self._int(start, end) for _ in range(count)])
        if not leavers and not newborns:  # the common case: everyone lives here throughout
            reports = []
            for n, day in enumerate(days):
                here = members
                if n > 0:  # the first report names everyone, later ones most
                    here = [p for p in members if rnd() < 0.85] or [
                        members[int(rnd() * len(members))]
                    ]
                reports.append(Report(self.next_report, date.fromordinal(day), hid, tuple(here)))
                self.next_report += 1
            household.reports = reports
            return

        drafts: list[tuple[int, int, list[TruePerson]]] = []  # (day, household id, persons)

        def present(day: int) -> list[TruePerson]:
            return [
                p
                for p in members
                if p.residences[0][0] <= day and p.residences[p.residence_at(day)][1] == hid
            ]

        for n, day in enumerate(days):
            here = present(day)
            if not here:
                continue
            if n > 0:  # the first report names everyone, later ones most
                chosen = [p for p in here if rnd() < 0.85]
                here = chosen or [here[int(rnd() * len(here))]]
            drafts.append((day, hid, here))
        # Someone who left is sometimes reported in their new household.
        for person, day in leavers:
            r = rnd()
            for _ in range(0 if r < 0.45 else 1 if r < 0.85 else 2):
                drafts.append((self._int(day, end), person.residences[-1][1], [person]))
        # Everyone appears at least once; a newborn in a report after their birth.
        seen = {p.person_id for _, _, persons in drafts for p in persons}
        for person in members:
            if person.person_id in seen:
                continue
            day = self._int(max(person.residences[0][0] + 1, start), end)
            where = person.residences[person.residence_at(day)][1]
            if where == hid and person in newborns:
                others = [p for p in present(day) if p is not person and rnd() < 0.6]
                drafts.append((day, hid, [*others, person]))
            else:
                drafts.append((day, where, [person]))
        drafts.sort(key=lambda d: d[0])
        reports = []
        for day, where, persons in drafts:
            reports.append(Report(self.next_report, date.fromordinal(day), where, tuple(persons)))
            self.next_report += 1
        household.reports = reports


# =============================================================================================
# Records: the corrupted copies
# =============================================================================================


@dataclass(frozen=True)
class CorruptionRates:
    """How often each kind of corruption happens (probability per record, unless noted).

    A few are drawn together and so never coincide in one record: a first-name typo or capitals;
    a surname typo, spelling confusion or capitals; a street abbreviation or typo; a missing
    postcode, a postcode typo or another way of writing it.
    """

    bsn_missing: float = 0.5
    bsn_typo: float = 0.005  # of the records with a BSN; a typo always fails the eleven-test
    bsn_of_household_member: float = 0.0  # another member's BSN (off by default: very hard)
    first_name_missing: float = 0.01
    initials: float = 0.15  # "J.P." instead of the names
    nickname: float = 0.45  # of persons whose call name is a nickname: "Jan" for Johannes
    first_name_variant: float = 0.25  # of names with another spelling: Mohamed for Mohammed
    first_name_typo: float = 0.03
    official_surname: float = 0.3  # of persons using a married name: the official one instead
    double_surname_swap: float = 0.12  # of double surnames
    double_surname_part: float = 0.12  # of double surnames
    double_surname_separator: float = 0.1  # of double surnames: "Jansen - de Vries"
    particle_variant: float = 0.4  # of surnames like "El Amrani": "Elamrani", "El-Amrani"
    prefix_variant: float = 0.45  # of prefixed surnames: written differently
    diacritics_dropped: float = 0.5  # of names with diacritics
    surname_typo: float = 0.03
    surname_phonetic: float = 0.03  # ij/y, ei/ij, c/k, dt/d ...
    uppercase: float = 0.02
    dob_missing: float = 0.03
    dob_swapped: float = 0.02  # day and month swapped (when both are <= 12)
    dob_typo: float = 0.02
    dob_year_only: float = 0.005  # only the year known: written as 1 January
    sex_missing: float = 0.08
    sex_wrong: float = 0.003
    address_missing: float = 0.03
    address_outdated: float = 0.1  # of the records after a move: the previous address
    street_abbreviated: float = 0.1
    street_typo: float = 0.03
    house_number_format: float = 0.3  # of addresses with a suffix: "12A", "12 a", "12-A"
    postcode_missing: float = 0.06
    postcode_typo: float = 0.01
    postcode_format: float = 0.25  # "3311AB", "3311ab"
    city_missing: float = 0.05
    city_variant: float = 0.2  # "Den Haag" for "'s-Gravenhage", upper case
    municipality_missing: float = 0.25


class SyntheticRecord(NamedTuple):
    """A corrupted record and the truth about it."""

    record: PersonRecord
    true_person_id: int
    household_id: int  # the household the person lived in on ``report_date``
    report_date: date
    report_id: int  # the records of one report name people of one household
    true_bsn: str
    traits: tuple[str, ...]  # of the person: twin, junior, senior, newborn, coresident, ...
    corruptions: tuple[str, ...]  # of this copy: prefix_glued, dob_swapped, moved, ...


# PersonRecord is a frozen dataclass, whose __init__ pays an object.__setattr__ per field. For
# millions of records, setting the instance dict at once is over twice as fast and gives an
# equal object -- as long as the class has no __slots__, no __post_init__ and these fields.
_new_object = object.__new__
_set_attribute = object.__setattr__
_FAST_RECORDS = (
    "__slots__" not in vars(PersonRecord)
    and not hasattr(PersonRecord, "__post_init__")
    and [f.name for f in fields(PersonRecord)]
    == [
        "record_id", "surname", "first_names", "surname_prefix", "date_of_birth", "sex", "bsn",
        "street", "house_number", "house_number_suffix", "postcode", "city", "municipality_code",
    ]
)  # fmt: skip


class _Renderer:
    """Writes true persons down the way a reporting organisation would, errors and all."""

    def __init__(self, seed: int, rates: CorruptionRates) -> None:
        self.rng = Random(f"ketenzicht.linkage.synthetic/records/{seed}")
        self.rnd = self.rng.random
        self.rates = rates
        self.next_record = 1
        self.dob_any = rates.dob_missing + rates.dob_swapped + rates.dob_typo + rates.dob_year_only

    def record(self, p: TruePerson, report: Report, ordinal: int) -> SyntheticRecord:
        """The record of ``p`` in ``report`` (dated ``ordinal``)."""
        rnd = self.rnd
        rates = self.rates
        tags: list[str] = []
        record_id = f"R{self.next_record:09d}"
        self.next_record += 1

        bsn = ""
        if rnd() >= rates.bsn_missing:
            bsn = p.bsn
            r = rnd()
            if r < rates.bsn_typo:
                i = int(rnd() * 9)
                digit = str((int(bsn[i]) + 1 + int(rnd() * 9)) % 10)
                bsn = bsn[:i] + digit + bsn[i + 1 :]
                tags.append("bsn_typo")
            elif r < rates.bsn_typo + rates.bsn_of_household_member:
                others = [o for o in report.persons if o is not p]
                if others:
                    bsn = others[int(rnd() * len(others))].bsn
                    tags.append("bsn_of_household_member")
        else:
            tags.append("bsn_missing")

        first_names = self._first_names(p, tags)
        prefix, surname = self._surname(p, tags)
        dob = self._dob(p.date_of_birth, tags)

        sex = p.sex
        r = rnd()
        if r < rates.sex_missing:
            sex = ""
            tags.append("sex_missing")
        elif r < rates.sex_missing + rates.sex_wrong:
            sex = "M" if sex == "F" else "F"
            tags.append("sex_wrong")

        residences = p.residences
        index = p.residence_at(ordinal) if len(residences) > 1 else 0
        address = residences[index][2]
        if index > 0:
            tags.append("moved")
            if address.municipality_index != p.residences[0][2].municipality_index:
                tags.append("moved_municipality")
            if rnd() < rates.address_outdated:
                address = p.residences[index - 1][2]
                tags.append("address_outdated")
        municipality = MUNICIPALITIES[address.municipality_index]
        code = municipality.code
        if rnd() < rates.address_missing:
            tags.append("address_missing")
            street = number = suffix = postcode = city = ""
        else:
            street, number, suffix, postcode, city = self._address(address, municipality, tags)
        if rnd() < rates.municipality_missing:
            code = ""
            tags.append("municipality_missing")

        values: dict[str, Any] = {
            "record_id": record_id,
            "surname": surname,
            "first_names": first_names,
            "surname_prefix": prefix,
            "date_of_birth": dob,
            "sex": sex,
            "bsn": bsn,
            "street": street,
            "house_number": number,
            "house_number_suffix": suffix,
            "postcode": postcode,
            "city": city,
            "municipality_code": code,
        }
        if _FAST_RECORDS:
            record = _new_object(PersonRecord)
            _set_attribute(record, "__dict__", values)
        else:
            record = PersonRecord(**values)
        return SyntheticRecord(
            record,
            p.person_id,
            report.household_id,
            report.report_date,
            report.report_id,
            p.bsn,
            p.traits,
            tuple(tags),
        )

    # --- names -------------------------------------------------------------------------------

    def _first_names(self, p: TruePerson, tags: list[str]) -> str:
        rnd = self.rnd
        rates = self.rates
        names = p.given_names
        r = rnd()
        if r < rates.first_name_missing:
            tags.append("first_name_missing")
            return ""
        if r - rates.first_name_missing < rates.initials:
            tags.append("initials")
            several = len(names) > 1 and rnd() < 0.75
            letters = [n[0] for n in names] if several else [names[0][0]]
            style = rnd()
            if style < 0.6:
                return "".join(f"{c}." for c in letters)  # J.P.
            if style < 0.8:
                return " ".join(f"{c}." for c in letters)  # J. P.
            return "".join(letters)  # JP
        r = rnd()
        if p.call_name != names[0] and r < rates.nickname:
            text = p.call_name
            tags.append("nickname")
        elif len(names) > 1 and r < 0.75:
            text = " ".join(names)
        else:
            text = names[0]
            if len(names) > 1:
                tags.append("first_name_only")
        variants = p.first_name_variants
        if variants and text.startswith(names[0]) and rnd() < rates.first_name_variant:
            text = variants[int(rnd() * len(variants))] + text[len(names[0]) :]
            tags.append("first_name_variant")
        if not text.isascii() and rnd() < rates.diacritics_dropped:
            text = _strip_diacritics(text)
            tags.append("diacritics_dropped")
        r = rnd()
        if r < rates.first_name_typo:
            text = _typo(text, rnd)
            tags.append("typo_first_name")
        elif r - rates.first_name_typo < rates.uppercase:
            text = text.upper()
            tags.append("uppercase")
        return text

    def _surname(self, p: TruePerson, tags: list[str]) -> tuple[str, str]:
        """(prefix, surname) as written: married and double names, prefix variants, typos."""
        rnd = self.rnd
        rates = self.rates
        parts = p.usual_parts
        if parts is not p.name_parts:
            if rnd() < rates.official_surname:
                parts = p.name_parts
            else:
                tags.append("married_name")
        if len(parts) > 1:
            r = rnd()
            if r < rates.double_surname_swap:
                parts = parts[::-1]
                tags.append("double_surname_swapped")
            elif r < rates.double_surname_swap + rates.double_surname_part:
                parts = (parts[0] if rnd() < 0.5 else parts[-1],)
                tags.append("double_surname_part")
        if len(parts) == 1:  # the common case, kept quick
            prefix, root = parts[0]
            if not root.isascii() and rnd() < rates.diacritics_dropped:
                root = _strip_diacritics(root)
                tags.append("diacritics_dropped")
            if " " in root and rnd() < rates.particle_variant:
                root = self._particle(root)
                tags.append("particle_variant")
            rest = ""
        else:
            drop = rnd() < rates.diacritics_dropped
            roots = []
            for part_prefix, part_root in parts:
                if drop and not part_root.isascii():
                    part_root = _strip_diacritics(part_root)
                    if "diacritics_dropped" not in tags:
                        tags.append("diacritics_dropped")
                if " " in part_root and rnd() < rates.particle_variant:
                    part_root = self._particle(part_root)
                    tags.append("particle_variant")
                roots.append((part_prefix, part_root))
            prefix, root = roots[0]
            rest = "".join(f"-{q} {s}" if q else f"-{s}" for q, s in roots[1:])
            if rnd() < rates.double_surname_separator:
                rest = rest.replace("-", " - " if rnd() < 0.5 else " ")
                tags.append("double_surname_separator")
        surname = root + rest
        if prefix and rnd() < rates.prefix_variant:
            prefix, surname = self._prefix_variant(prefix, root, rest, tags)
        r = rnd()  # one of: a typo, a spelling confusion, all in capitals
        if r < rates.surname_typo:
            surname = _typo(surname, rnd)
            tags.append("typo_surname")
        elif (r := r - rates.surname_typo) < rates.surname_phonetic:
            changed = _phonetic(surname, rnd)
            if changed != surname:
                surname = changed
                tags.append("phonetic_surname")
        elif r - rates.surname_phonetic < rates.uppercase:
            prefix, surname = prefix.upper(), surname.upper()
            tags.append("uppercase")
        return prefix, surname

    def _prefix_variant(
        self, prefix: str, root: str, rest: str, tags: list[str]
    ) -> tuple[str, str]:
        """'van der' + 'Berg' written as 'v.d.', 'Van Der', 'van der Berg' in the surname field,
        'vanderBerg', 'Berg, van der' or without the prefix."""
        rnd = self.rnd
        r = rnd()
        name = root + rest
        capital = prefix[0].upper() + prefix[1:]
        if r < 0.22:
            abbreviations = _PREFIX_ABBREVIATIONS.get(prefix)
            if abbreviations:
                tags.append("prefix_abbreviated")
                return abbreviations[int(rnd() * len(abbreviations))], name
            r = 0.3
        if r < 0.42:
            tags.append("prefix_case")
            title = " ".join(w[0].upper() + w[1:] for w in prefix.split())
            return (capital if rnd() < 0.5 else title), name
        if r < 0.7:
            tags.append("prefix_in_surname")
            return "", f"{capital if rnd() < 0.4 else prefix} {name}"
        if r < 0.82:
            tags.append("prefix_glued")
            glued = prefix.replace(" ", "").replace("'", "")
            style = rnd()
            if style < 0.35:
                return "", f"{glued}{name}"  # vanderBerg
            if style < 0.7:
                return "", f"{glued.capitalize()}{root.lower()}{rest}"  # Vanderberg
            return "", f"{glued.capitalize()}{name}"  # VanderBerg
        if r < 0.92:
            tags.append("prefix_trailing")
            if rnd() < 0.6:
                return "", f"{name}, {prefix}"  # Berg, van der
            return "", f"{name} {_PREFIX_ABBREVIATIONS.get(prefix, (prefix,))[0]}"  # Berg v.d.
        tags.append("prefix_dropped")
        return "", name

    def _particle(self, root: str) -> str:
        """'El Amrani' -> 'Elamrani', 'El-Amrani', 'el Amrani' or 'Amrani'; 'Tjon A Fat' alike."""
        r = self.rnd()
        words = root.split()
        if r < 0.3:
            return words[0] + "".join(w.lower() for w in words[1:])
        if r < 0.6:
            return "-".join(words)
        if r < 0.8:
            return " ".join([words[0].lower(), *words[1:]])
        return " ".join(words[1:])

    # --- date of birth -------------------------------------------------------------------

    def _dob(self, dob: date, tags: list[str]) -> date | None:
        rates = self.rates
        r = self.rnd()
        if r >= self.dob_any:  # the common case: written correctly
            return dob
        rnd = self.rnd
        if r < rates.dob_missing:
            tags.append("dob_missing")
            return None
        r -= rates.dob_missing
        if r < rates.dob_swapped:
            if dob.day <= 12 and dob.day != dob.month:
                tags.append("dob_swapped")
                return date(dob.year, dob.day, dob.month)
            return dob
        r -= rates.dob_swapped
        if r < rates.dob_typo:
            text = f"{dob.day:02d}{dob.month:02d}{dob.year:04d}"
            for _ in range(4):
                i = (0, 1, 2, 3, 6, 7, 7)[int(rnd() * 7)]  # day, month, decade, year
                digit = str((int(text[i]) + 1 + int(rnd() * 9)) % 10)
                changed = text[:i] + digit + text[i + 1 :]
                try:
                    typo = date(int(changed[4:]), int(changed[2:4]), int(changed[:2]))
                except ValueError:
                    continue
                tags.append("dob_typo")
                return typo
            return dob
        r -= rates.dob_typo
        if r < rates.dob_year_only and (dob.day, dob.month) != (1, 1):
            tags.append("dob_year_only")
            return date(dob.year, 1, 1)
        return dob

    # --- address -------------------------------------------------------------------------

    def _address(
        self, address: Address, municipality: Municipality, tags: list[str]
    ) -> tuple[str, str, str, str, str]:
        rnd = self.rnd
        rates = self.rates
        street = address.street
        r = rnd()
        if r < rates.street_abbreviated:
            for long, short in _STREET_ABBREVIATIONS:
                if long in street:
                    street = street.replace(long, short, 1)
                    tags.append("street_abbreviated")
                    break
        elif r < rates.street_abbreviated + rates.street_typo:
            street = _typo(street, rnd)
            tags.append("typo_street")
        number, suffix = address.house_number, address.house_number_suffix
        if suffix and rnd() < rates.house_number_format:
            tags.append("house_number_format")
            style = rnd()
            if style < 0.4:
                number, suffix = number + suffix, ""
            elif style < 0.7:
                suffix = suffix.lower()
            else:
                number, suffix = f"{number}-{suffix}", ""
        postcode = address.postcode
        r = rnd()  # one of: missing, a typo, written without space or in lower case
        if r < rates.postcode_missing:
            postcode = ""
            tags.append("postcode_missing")
        elif (r := r - rates.postcode_missing) < rates.postcode_typo:
            i = (2, 3, 5, 6)[int(rnd() * 4)]
            if i < 4:
                new = str((int(postcode[i]) + 1) % 10)
            else:
                new = _PC_LETTERS[(_PC_LETTERS.index(postcode[i]) + 1) % len(_PC_LETTERS)]
            postcode = postcode[:i] + new + postcode[i + 1 :]
            tags.append("postcode_typo")
        elif r - rates.postcode_typo < rates.postcode_format:
            postcode = postcode.replace(" ", "")
            if rnd() < 0.3:
                postcode = postcode.lower()
            tags.append("postcode_format")
        city = municipality.name
        r = rnd()
        if r < rates.city_missing:
            city = ""
            tags.append("city_missing")
        elif r < rates.city_missing + rates.city_variant:
            variants = municipality.city_variants
            city = variants[int(rnd() * len(variants))]
            tags.append("city_variant")
        return street, number, suffix, postcode, city


# =============================================================================================
# Public API
# =============================================================================================

_DEFAULT_START = date(2015, 1, 1)
_DEFAULT_END = date(2025, 12, 31)


def population(
    *,
    persons: int,
    seed: int,
    start: date = _DEFAULT_START,
    end: date = _DEFAULT_END,
    max_reports: int = 8,
) -> Iterator[TrueHousehold]:
    """The true households (with their members' lives and reports) behind :func:`generate`.

    ``persons`` counts the base population at ``start``; children born during the period come
    on top. Households are yielded one by one (streaming); ids count up from 1.
    """
    yield from _Population(
        persons=persons, seed=seed, start=start, end=end, max_reports=max_reports
    ).households()


def generate(
    *,
    persons: int,
    seed: int,
    bsn_missing: float = 0.5,
    start: date = _DEFAULT_START,
    end: date = _DEFAULT_END,
    max_reports: int = 8,
    rates: CorruptionRates | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[SyntheticRecord]:
    """Stream the records of reports about a synthetic population of ``persons`` people.

    Records come household by household, each household's in report order; record ids are
    ``R000000001``, ``R000000002``, ... in that order. ``bsn_missing`` (the share of records
    without a BSN) overrides ``rates.bsn_missing``. ``progress`` is called with the number of
    base persons of each household once its records are out (for a progress bar).
    """
    if not 0.0 <= bsn_missing <= 1.0:
        raise ValueError("bsn_missing must be between 0 and 1")
    renderer = _Renderer(seed, replace(rates or CorruptionRates(), bsn_missing=bsn_missing))
    record = renderer.record
    for household in population(
        persons=persons, seed=seed, start=start, end=end, max_reports=max_reports
    ):
        for report in household.reports:
            ordinal = report.report_date.toordinal()
            for person in report.persons:
                yield record(person, report, ordinal)
        if progress is not None:
            progress(household.base_count)


def truth_pairs(records: Iterable[SyntheticRecord]) -> set[tuple[str, str]]:
    """Every pair of records about the same true person, as (smaller id, larger id).

    Grouped per person, so the cost is the number of pairs, not the square of the records.
    """
    by_person: dict[int, list[str]] = {}
    for r in records:
        by_person.setdefault(r.true_person_id, []).append(r.record.record_id)
    pairs: set[tuple[str, str]] = set()
    for ids in by_person.values():
        if len(ids) > 1:
            pairs.update(combinations(sorted(ids), 2))
    return pairs


def coresident_pairs(records: Iterable[SyntheticRecord]) -> set[tuple[str, str]]:
    """Every pair of records about two DIFFERENT persons of one household (each living in it on
    the date of their record), as (smaller id, larger id): pairs never to take for one person.

    Grouped per household, so the cost is the number of pairs within households.
    """
    by_household: dict[int, list[tuple[int, str]]] = {}
    for r in records:
        by_household.setdefault(r.household_id, []).append((r.true_person_id, r.record.record_id))
    pairs: set[tuple[str, str]] = set()
    for members in by_household.values():
        if len(members) > 1:
            for (pa, a), (pb, b) in combinations(members, 2):
                if pa != pb:
                    pairs.add((a, b) if a < b else (b, a))
    return pairs


# The CSV: the record as written, then the truth. Dates are ISO (YYYY-MM-DD), empty when
# unknown; traits and corruptions are "|"-separated.
CSV_HEADER = (
    "record_id",  # R000000001
    "surname_prefix",  # as written: "van der", "v.d.", "" (the prefix may be in the surname)
    "surname",
    "first_names",
    "date_of_birth",
    "sex",  # F, M or empty
    "bsn",  # empty when missing
    "street",
    "house_number",
    "house_number_suffix",
    "postcode",
    "city",
    "municipality_code",  # CBS code: GM0505
    "true_person_id",  # the truth from here on
    "household_id",  # the household on report_date
    "report_id",
    "report_date",
    "true_bsn",
    "traits",  # of the person: twin|junior
    "corruptions",  # of this record: bsn_missing|prefix_glued|moved
)


def _open_text(path: str | Path, mode: str) -> IO[str]:
    if str(path) == "-":
        return sys.stdout if mode == "w" else sys.stdin
    if str(path).endswith(".gz"):
        if mode == "w":
            return gzip.open(path, "wt", encoding="utf-8", newline="")
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, mode, encoding="utf-8", newline="")


def write_csv(records: Iterable[SyntheticRecord], path: str | Path) -> int:
    """Write records with their truth as CSV (:data:`CSV_HEADER`; a ``.gz`` path compresses,
    ``-`` is standard output). Returns the number of records written."""
    out = _open_text(path, "w")
    count = 0
    try:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for s in records:
            r = s.record
            writer.writerow(
                (
                    r.record_id,
                    r.surname_prefix,
                    r.surname,
                    r.first_names,
                    r.date_of_birth.isoformat() if r.date_of_birth else "",
                    r.sex,
                    r.bsn,
                    r.street,
                    r.house_number,
                    r.house_number_suffix,
                    r.postcode,
                    r.city,
                    r.municipality_code,
                    s.true_person_id,
                    s.household_id,
                    s.report_id,
                    s.report_date.isoformat(),
                    s.true_bsn,
                    "|".join(s.traits),
                    "|".join(s.corruptions),
                )
            )
            count += 1
    finally:
        if out is not sys.stdout:
            out.close()
    return count


def read_csv(path: str | Path) -> Iterator[SyntheticRecord]:
    """Read back a file written by :func:`write_csv`, streaming."""
    source = _open_text(path, "r")
    try:
        reader = csv.reader(source)
        header = next(reader, None)
        if header is None or tuple(header) != CSV_HEADER:
            raise ValueError(f"{path}: not a synthetic population CSV (unexpected header)")
        for row in reader:
            record = PersonRecord(
                record_id=row[0],
                surname_prefix=row[1],
                surname=row[2],
                first_names=row[3],
                date_of_birth=date.fromisoformat(row[4]) if row[4] else None,
                sex=row[5],
                bsn=row[6],
                street=row[7],
                house_number=row[8],
                house_number_suffix=row[9],
                postcode=row[10],
                city=row[11],
                municipality_code=row[12],
            )
            yield SyntheticRecord(
                record,
                int(row[13]),
                int(row[14]),
                date.fromisoformat(row[16]),
                int(row[15]),
                row[17],
                _items(row[18], "|"),
                _items(row[19], "|"),
            )
    finally:
        if source is not sys.stdin:
            source.close()


# =============================================================================================
# Command line
# =============================================================================================


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ketenzicht.linkage.synthetic",
        description="Write a synthetic Dutch population with known truth as CSV.",
    )
    parser.add_argument("--persons", type=int, default=100_000, help="base population size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, help="CSV path (.gz compresses, - for stdout)")
    parser.add_argument("--bsn-missing", type=float, default=0.5, help="share without BSN")
    parser.add_argument("--start", type=date.fromisoformat, default=_DEFAULT_START)
    parser.add_argument("--end", type=date.fromisoformat, default=_DEFAULT_END)
    parser.add_argument("--max-reports", type=int, default=8, help="per household")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)

    from tqdm import tqdm

    bar = tqdm(
        total=args.persons, unit="person", unit_scale=True, disable=args.quiet, file=sys.stderr
    )
    pending = 0

    def advance(n: int) -> None:
        nonlocal pending
        pending += n
        if pending >= 10_000:
            bar.update(pending)
            pending = 0

    started = time.perf_counter()
    count = write_csv(
        generate(
            persons=args.persons,
            seed=args.seed,
            bsn_missing=args.bsn_missing,
            start=args.start,
            end=args.end,
            max_reports=args.max_reports,
            progress=advance,
        ),
        args.out,
    )
    bar.update(pending)
    bar.close()
    elapsed = time.perf_counter() - started
    print(
        f"{count} records about {args.persons} base persons in {elapsed:.1f} s -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
