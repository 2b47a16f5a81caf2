"""Fixed reference data for the demo region Zuid-Holland Zuid: a pure module (no database).

Municipalities with their CBS codes and inhabitants, places with postcode ranges and streets,
the organisations of the chain, the demo personas, and the Dutch texts the generator picks
from. The generator itself lives in :mod:`ketenzicht.demo.builder`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ketenzicht.organisations.models import OrganisationKind, Role

DEMO_PASSWORD = "demo-Ketenzicht-2026"
DEMO_URL = "http://127.0.0.1:8000/"

REGION_CODE = "VT-ZHZ"
REGION_NAME = "Zuid-Holland Zuid"
CENTRE_CODE = "GM0505"


@dataclass(frozen=True)
class Place:
    """A woonplaats: its name, the 4-digit postcode range, its streets and a relative size."""

    name: str
    postcodes: tuple[int, int]
    streets: tuple[str, ...]
    weight: int = 1


@dataclass(frozen=True)
class MunicipalityData:
    code: str
    name: str
    inhabitants: dict[int, int]
    places: tuple[Place, ...]
    team_name: str

    @property
    def slug(self) -> str:
        return self.name.lower().replace(" ", "-")


_VILLAGE = (
    "Dorpsstraat",
    "Kerkstraat",
    "Julianastraat",
    "Beatrixstraat",
    "Molenweg",
    "Schoolstraat",
)

# Inhabitants on 1 January (CBS, rounded from the published figures of those years).
MUNICIPALITIES: tuple[MunicipalityData, ...] = (
    MunicipalityData(
        "GM0482",
        "Alblasserdam",
        {2024: 20_647, 2025: 20_811},
        (
            Place(
                "Alblasserdam",
                (2951, 2954),
                (
                    "Dam",
                    "Cortgene",
                    "Kerkstraat",
                    "Ieplaan",
                    "Plantageweg",
                    "Polderweg",
                    "Van Hogendorpweg",
                    "Blokweerweg",
                    "Edisonweg",
                ),
            ),
        ),
        "Sociaal team Alblasserdam",
    ),
    MunicipalityData(
        "GM0505",
        "Dordrecht",
        {2024: 122_043, 2025: 122_598},
        (
            Place(
                "Dordrecht",
                (3311, 3329),
                (
                    "Voorstraat",
                    "Wijnstraat",
                    "Johan de Wittstraat",
                    "Vrieseweg",
                    "Krispijnseweg",
                    "Brouwersdijk",
                    "Dubbeldamseweg Zuid",
                    "Noordendijk",
                    "Reeweg Oost",
                    "Laan der Verenigde Naties",
                    "Merwedestraat",
                    "Troelstrakade",
                    "Spuiweg",
                    "Admiraal de Ruyterweg",
                    "Bosboom-Toussaintstraat",
                    "Sumatraplein",
                ),
            ),
        ),
        "Sociaal wijkteam Dordrecht",
    ),
    MunicipalityData(
        "GM0512",
        "Gorinchem",
        {2024: 38_012, 2025: 38_297},
        (
            Place(
                "Gorinchem",
                (4201, 4208),
                (
                    "Gasthuisstraat",
                    "Langendijk",
                    "Haarwerk",
                    "Stationsweg",
                    "Spijksedijk",
                    "Dalemwal",
                    "Melkweg",
                    "Arkelsedijk",
                    "Hoogstraat",
                    "Banneweg",
                ),
            ),
        ),
        "Sociaal team Gorinchem",
    ),
    MunicipalityData(
        "GM0523",
        "Hardinxveld-Giessendam",
        {2024: 18_643, 2025: 18_752},
        (
            Place(
                "Hardinxveld-Giessendam",
                (3371, 3373),
                (
                    "Peulenstraat",
                    "Rivierdijk",
                    "Nieuweweg",
                    "Binnendams",
                    "Buitendams",
                    "Talmastraat",
                    "Wieling",
                    "Parallelweg",
                ),
            ),
        ),
        "Sociaal team Hardinxveld-Giessendam",
    ),
    MunicipalityData(
        "GM0531",
        "Hendrik-Ido-Ambacht",
        {2024: 31_906, 2025: 32_138},
        (
            Place(
                "Hendrik-Ido-Ambacht",
                (3341, 3344),
                (
                    "Sophiastraat",
                    "Weteringsingel",
                    "Veersedijk",
                    "Vrouwgelenweg",
                    "Kerkstraat",
                    "Nijverheidsweg",
                    "Pruimendijk",
                    "Hoge Kade",
                ),
            ),
        ),
        "Sociaal team Hendrik-Ido-Ambacht",
    ),
    MunicipalityData(
        "GM1963",
        "Hoeksche Waard",
        {2024: 89_614, 2025: 90_256},
        (
            Place(
                "Oud-Beijerland",
                (3261, 3263),
                ("Molendijk", "Oost-Voorstraat", "Julianastraat", "Croonenburgh", "Zinkweg"),
                5,
            ),
            Place("'s-Gravendeel", (3295, 3295), ("Kerkstraat", "Hoeksedijk", "Maasstraat"), 2),
            Place("Puttershoek", (3297, 3297), ("Kerkstraat", "Hoeksedijk", "Suikerfabriek"), 2),
            Place("Strijen", (3291, 3292), ("Kerkstraat", "Sportlaan", "Molenweg"), 2),
            Place(
                "Numansdorp",
                (3281, 3282),
                ("Voorstraat", "Burgemeester de Zeeuwstraat", "Havenstraat"),
                2,
            ),
            Place("Klaaswaal", (3286, 3286), ("Molendijk", "Weelsedijk", "Kerkstraat"), 1),
        ),
        "Sociaal team Hoeksche Waard",
    ),
    MunicipalityData(
        "GM1978",
        "Molenlanden",
        {2024: 44_986, 2025: 45_302},
        (
            Place("Bleskensgraaf", (2971, 2971), ("Dorpsstraat", "Molenstraat", "Kerkstraat"), 2),
            Place("Nieuw-Lekkerland", (2957, 2957), ("Lekdijk", "Tiendweg", *_VILLAGE[:3]), 2),
            Place("Groot-Ammers", (2964, 2964), ("Voorstraat", "Achterweg", *_VILLAGE[2:4]), 2),
            Place("Streefkerk", (2959, 2959), ("Lekdijk", "Molenweg", "Kerkstraat"), 1),
            Place("Arkel", (4241, 4241), ("Dorpsstraat", "Spoorstraat", "Kerkstraat"), 1),
            Place("Giessenburg", (3381, 3381), ("Peursumseweg", "Dorpsstraat", "Schoolstraat"), 1),
        ),
        "Sociaal team Molenlanden",
    ),
    MunicipalityData(
        "GM0590",
        "Papendrecht",
        {2024: 32_418, 2025: 32_506},
        (
            Place(
                "Papendrecht",
                (3351, 3356),
                (
                    "Westeind",
                    "Oosteind",
                    "Burgemeester Keijzerweg",
                    "Molenlaan",
                    "Kerkbuurt",
                    "Veerdam",
                    "Markt",
                    "Lange Tiendweg",
                ),
            ),
        ),
        "Sociaal team Papendrecht",
    ),
    MunicipalityData(
        "GM0610",
        "Sliedrecht",
        {2024: 25_527, 2025: 25_703},
        (
            Place(
                "Sliedrecht",
                (3361, 3364),
                (
                    "Kerkbuurt",
                    "Stationsweg",
                    "Rivierdijk",
                    "Thorbeckelaan",
                    "Baanhoek",
                    "Deltalaan",
                    "Middeldiep",
                    "Lijnbaan",
                ),
            ),
        ),
        "Sociaal team Sliedrecht",
    ),
    MunicipalityData(
        "GM0642",
        "Zwijndrecht",
        {2024: 45_062, 2025: 45_348},
        (
            Place(
                "Zwijndrecht",
                (3331, 3335),
                (
                    "Burgemeester Jansenlaan",
                    "Kerkhoflaan",
                    "Koninginneweg",
                    "Rotterdamseweg",
                    "Veerweg",
                    "Ringdijk",
                    "Develsingel",
                    "Lindtsedijk",
                    "Heerjansdamseweg",
                ),
                6,
            ),
            Place("Heerjansdam", (3339, 3339), ("Dorpsstraat", "Achterstraat", "Kerkweg"), 1),
        ),
        "Sociaal team Zwijndrecht",
    ),
)


@dataclass(frozen=True)
class OrganisationData:
    key: str
    name: str
    kind: OrganisationKind
    municipality_code: str | None = None
    phone: str = ""
    email: str = ""


ORGANISATIONS: tuple[OrganisationData, ...] = (
    OrganisationData(
        "vt",
        "Veilig Thuis Zuid-Holland Zuid",
        OrganisationKind.VEILIG_THUIS,
        phone="0800-2000",
        email="veiligthuis@zhz.example",
    ),
    OrganisationData(
        "police",
        "Politie eenheid Rotterdam, district Zuid-Holland-Zuid",
        OrganisationKind.POLICE,
        phone="0900-8844",
    ),
    OrganisationData(
        "rvdk", "Raad voor de Kinderbescherming, locatie Dordrecht", OrganisationKind.RVDK
    ),
    OrganisationData(
        "mda", "MDA++ team Zuid-Holland Zuid", OrganisationKind.MDA, email="mda@zhz.example"
    ),
    OrganisationData(
        "shelter",
        "Vrouwenopvang Zuid-Holland Zuid",
        OrganisationKind.SHELTER,
        email="opvang@zhz.example",
    ),
    OrganisationData(
        "care",
        "Jeugd- en gezinshulp Drechtsteden",
        OrganisationKind.CARE_PROVIDER,
        email="aanmelding@jgh-drechtsteden.example",
    ),
    OrganisationData(
        "gemeente",
        "Gemeente Dordrecht (centrumgemeente)",
        OrganisationKind.MUNICIPALITY,
        municipality_code=CENTRE_CODE,
    ),
    # The process-direction desk of the escalation model (BRIEF §5): advice, the meeting of the
    # organisations, a process director within two working days.
    OrganisationData(
        "zvh",
        "Zorg- en Veiligheidshuis Zuid-Holland Zuid",
        OrganisationKind.PROCESS_DESK,
        email="procesregie@zvhzhz.example",
    ),
)


def team_key(municipality_code: str) -> str:
    return f"team:{municipality_code}"


@dataclass(frozen=True)
class DemoApiClient:
    """A client of the REST API with a known demo token ``<client_id>.<secret>`` (demo only)."""

    client_id: str
    name: str
    organisation: str  # a key of ORGANISATIONS or team_key(...)
    scopes: tuple[str, ...]
    secret: str

    @property
    def token(self) -> str:
        return f"{self.client_id}.{self.secret}"


API_CLIENTS = (
    DemoApiClient(
        "politie-zhz",
        "Politie: zorgmeldingen via CORV",
        "police",
        ("reports:create", "reports:read"),
        "demo-politie-token-2026",
    ),
    DemoApiClient(
        "wijkteam-dordrecht",
        "Sociaal wijkteam Dordrecht: eigen dossiersysteem",
        team_key(CENTRE_CODE),
        ("reports:create", "reports:read", "handovers:read", "handovers:write"),
        "demo-wijkteam-token-2026",
    ),
    # The centre municipality's own steering reports (BI): aggregates only, never a person.
    DemoApiClient(
        "gemeente-dordrecht",
        "Gemeente Dordrecht: sturingsinformatie",
        "gemeente",
        ("figures:read",),
        "demo-gemeente-token-2026",
    ),
)


@dataclass(frozen=True)
class Persona:
    """A demo login. ``organisation`` is a key of :data:`ORGANISATIONS` or :func:`team_key`."""

    username: str
    first_name: str
    last_name: str
    role: Role
    organisation: str


def _team_persona(code: str, username: str, first: str, last: str) -> Persona:
    return Persona(username, first, last, Role.CHAIN_PROFESSIONAL, team_key(code))


PERSONAS: tuple[Persona, ...] = (
    Persona("intake", "Sanne", "de Vries", Role.INTAKE_WORKER, "vt"),
    Persona("intake2", "Youssef", "El Amrani", Role.INTAKE_WORKER, "vt"),
    Persona("medewerker", "Eva", "Jansen", Role.VT_WORKER, "vt"),
    Persona("medewerker2", "Daan", "Bakker", Role.VT_WORKER, "vt"),
    Persona("medewerker3", "Fatima", "Ouali", Role.VT_WORKER, "vt"),
    Persona("medewerker4", "Thomas", "van Dijk", Role.VT_WORKER, "vt"),
    Persona("teamleider", "Marloes", "Visser", Role.TEAM_LEAD, "vt"),
    Persona("teamleider2", "Kees", "Smit", Role.TEAM_LEAD, "vt"),
    _team_persona("GM0505", "wijkteam.dordrecht", "Lotte", "Meijer"),
    _team_persona("GM0642", "wijkteam.zwijndrecht", "Ahmed", "Yilmaz"),
    _team_persona("GM0482", "wijkteam.alblasserdam", "Inge", "Mulder"),
    _team_persona("GM0512", "wijkteam.gorinchem", "Rik", "de Graaf"),
    _team_persona("GM0523", "wijkteam.hardinxveld-giessendam", "Anouk", "Boer"),
    _team_persona("GM0531", "wijkteam.hendrik-ido-ambacht", "Bram", "Kok"),
    _team_persona("GM1963", "wijkteam.hoeksche-waard", "Femke", "van Leeuwen"),
    _team_persona("GM1978", "wijkteam.molenlanden", "Jeroen", "Verhoeven"),
    _team_persona("GM0590", "wijkteam.papendrecht", "Naima", "Bouzid"),
    _team_persona("GM0610", "wijkteam.sliedrecht", "Wim", "Brouwer"),
    Persona("mda", "Esther", "Dekker", Role.CHAIN_PROFESSIONAL, "mda"),
    # The desk's process director (procesregisseur) of the Zorg- en Veiligheidshuis.
    Persona("zvh", "Karin", "Brouwer", Role.CHAIN_PROFESSIONAL, "zvh"),
    Persona("rvdk", "Pieter", "Hendriks", Role.CHAIN_PROFESSIONAL, "rvdk"),
    Persona("politie", "Mark", "van den Berg", Role.CHAIN_PROFESSIONAL, "police"),
    Persona("opvang", "Linda", "Koster", Role.CHAIN_PROFESSIONAL, "shelter"),
    Persona("zorg", "Joyce", "Willems", Role.CHAIN_PROFESSIONAL, "care"),
    Persona("beleid", "Hanneke", "Vos", Role.POLICY_OFFICER, "gemeente"),
    Persona("beheer", "Ruud", "Peters", Role.ADMINISTRATOR, "vt"),
    # The privacy officer (functionaris gegevensbescherming): the access log, never case files.
    Persona("privacy", "Ingrid", "Mulder", Role.PRIVACY_OFFICER, "vt"),
)

ROLE_LABELS: dict[str, str] = {
    Role.INTAKE_WORKER: "Intakemedewerker",
    Role.VT_WORKER: "Medewerker Veilig Thuis",
    Role.TEAM_LEAD: "Teamleider (tweede beoordelaar)",
    Role.CHAIN_PROFESSIONAL: "Ketenprofessional",
    Role.POLICY_OFFICER: "Beleidsmedewerker gemeente",
    Role.ADMINISTRATOR: "Beheerder",
    Role.PRIVACY_OFFICER: "Functionaris gegevensbescherming",
}

# --- texts -----------------------------------------------------------------------------------

POLICE_RANKS = ("agent", "hoofdagent", "brigadier", "wijkagent")

REPORTER_ORGANISATIONS: dict[str, tuple[str, ...]] = {
    "school": (
        "Basisschool De Regenboog",
        "CBS De Wegwijzer",
        "Openbare basisschool Het Palet",
        "Sint-Jozefschool",
        "Scholengemeenschap De Lage Waard",
        "Montessorischool De Linde",
    ),
    "gp": (
        "Huisartsenpraktijk Sterrenburg",
        "Huisartsenpraktijk De Merwede",
        "Gezondheidscentrum De Waard",
        "Huisartsen Oud-Krispijn",
    ),
    "hospital": ("Albert Schweitzer ziekenhuis", "Rivas Beatrixziekenhuis"),
    "childcare": (
        "Kinderopvang Het Zonnetje",
        "Kinderdagverblijf De Boomhut",
        "Peuteropvang Dikkertje Dap",
    ),
    "youth_care": ("Jeugd- en gezinshulp Drechtsteden", "Jeugdzorg Zuid-Holland Zuid"),
    "youth_health": ("Centrum voor Jeugd en Gezin", "Jeugdgezondheidszorg Zuid-Holland Zuid"),
    "social_work": ("Maatschappelijk werk Drechtsteden", "Vrouwenopvang Zuid-Holland Zuid"),
    "justice": ("Reclassering Nederland", "Raad voor de Kinderbescherming"),
    "other_professional": (
        "Woningcorporatie Trivire",
        "Verloskundigenpraktijk De Linge",
        "Thuiszorg Waardeborg",
    ),
}

# What was reported, per subject (the main kind of violence, or the category) and source:
# (texts for a police report, texts for any other reporter).
SUMMARIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "child_witnessing": (
        (
            "Politie is ter plaatse geweest na een melding van buren over hard geschreeuw. "
            "{child} was aanwezig bij een hevige ruzie tussen de ouders; er is met spullen "
            "gegooid.",
            "Zorgmelding politie: bij een ruzie tussen de ouders heeft {child} zelf 112 gebeld. "
            "De kinderen waren getuige van duwen en schreeuwen.",
        ),
        (
            "{child} vertelt dat de ouders vaak ruzie maken en dat er dan geslagen "
            "wordt; {child} slaapt slecht en is onrustig in de klas.",
        ),
    ),
    "child_physical_abuse": (
        (
            "Politie is gebeld door een buurvrouw die een kind hoorde huilen en klappen hoorde. "
            "{child} had bij aankomst een rode plek op de wang.",
        ),
        (
            "Al enkele weken zijn er blauwe plekken op de armen van {child} te zien. {child} "
            "vertelt wisselende verhalen over hoe dat komt en is bang om naar huis te gaan.",
            "{child} vertelde dat papa heel boos wordt en dan slaat. Er zijn rode "
            "striemen op de rug gezien.",
            "Bij {child} is letsel gezien dat niet past bij de uitleg van de ouders; de melder "
            "maakt zich zorgen over de thuissituatie.",
        ),
    ),
    "child_emotional_abuse": (
        (
            "Politie is ter plaatse geweest na een conflict tussen de ouders over de omgang; "
            "{child} werd daarbij uitgescholden en bedreigd.",
        ),
        (
            "Ouders zitten in een vechtscheiding; {child} wordt betrokken bij de conflicten en "
            "laat op school teruggetrokken gedrag zien.",
            "{child} wordt thuis voortdurend gekleineerd en als straf op de kamer opgesloten, "
            "vertelt de melder.",
        ),
    ),
    "child_physical_neglect": (
        (
            "Politie trof bij een woningcontrole een sterk vervuilde woning aan zonder eten in "
            "huis; {child} was alleen thuis.",
        ),
        (
            "{child} komt regelmatig zonder ontbijt en in vieze kleding naar school; ouders zijn "
            "moeilijk bereikbaar en komen afspraken niet na.",
            "Er zijn zorgen over {child}: het kind groeit onvoldoende en de ouders missen "
            "afspraken bij het consultatiebureau. Moeder geeft aan het overzicht kwijt te zijn.",
        ),
    ),
    "child_emotional_neglect": (
        (
            "Politie trof {child} 's avonds laat alleen op straat aan; de ouders wisten niet "
            "waar het kind was.",
        ),
        (
            "De melder ziet dat {child} erg teruggetrokken is en thuis weinig aandacht krijgt; "
            "ouders komen niet op gesprekken.",
        ),
    ),
    "child_sexual_abuse": (
        (
            "Zorgmelding na een aangifte bij de politie: {child} zou seksueel misbruikt zijn "
            "door een volwassene in huis.",
        ),
        (
            "{child} vertelde over seksueel getinte 'spelletjes' met een volwassene thuis. De "
            "melder heeft direct contact opgenomen.",
        ),
    ),
    "partner": (
        (
            "Politie is ter plaatse geweest na een melding van huiselijk geweld. {victim} heeft "
            "een zichtbare verwonding in het gezicht en verklaart door {perpetrator} te zijn "
            "geslagen.",
            "Buren hoorden geschreeuw en gebonk; politie trof een overstuur {victim} aan. Er is "
            "sprake van eerdere incidenten en alcoholgebruik door {perpetrator}.",
            "Zorgmelding politie na een ruzie waarbij {perpetrator} met een mes heeft gedreigd; "
            "{victim} is naar familie gegaan.",
        ),
        (
            "{victim} heeft pijn aan de hals en vertelt over wurging tijdens een ruzie met "
            "{perpetrator}.",
            "{victim} geeft aan al maanden te worden gecontroleerd en bedreigd door "
            "{perpetrator}; telefoon wordt afgepakt en geld wordt achtergehouden.",
        ),
    ),
    "ex_partner": (
        (
            "Bij de overdracht van de kinderen liep een ruzie uit de hand; {perpetrator} heeft "
            "{victim} geduwd en gedreigd. Politie heeft een zorgmelding gemaakt.",
            "Politie is meerdere keren gebeld omdat {perpetrator} ondanks een contactverbod bij "
            "de woning van {victim} staat.",
        ),
        (
            "Sinds de scheiding wordt {victim} lastiggevallen door ex-partner {perpetrator}: "
            "dagelijks berichten, bedreigingen en posten bij de woning.",
        ),
    ),
    "elder": (
        (
            "Politie is ingeschakeld door buren: {victim} werd hardhandig aangepakt door "
            "{perpetrator}, die de zorg voor {victim} heeft.",
        ),
        (
            "De melder ziet dat {victim} geld mist en bang lijkt voor {perpetrator}, die de "
            "bankzaken regelt en bezoek tegenhoudt.",
            "Volgens de melder wordt {victim} verwaarloosd: de woning is vervuild en er is "
            "nauwelijks eten in huis, terwijl {perpetrator} mantelzorger is.",
        ),
    ),
    "parents": (
        (
            "Politie is gebeld door {victim} na een woede-uitbarsting van {perpetrator}, waarbij "
            "deuren zijn vernield.",
        ),
        (
            "{victim} is door {perpetrator}, een inwonend kind, bedreigd en geduwd na een "
            "weigering om geld te geven. Het is niet de eerste keer.",
        ),
    ),
    "honour_related": (
        (
            "{victim} is naar het politiebureau gekomen en vertelt dat de familie een huwelijk "
            "voor haar regelt en haar bedreigt als zij weigert.",
        ),
        (
            "{victim} vertelt dat de familie een huwelijk voor haar regelt en dat zij "
            "wordt bedreigd als zij weigert.",
        ),
    ),
    "trafficking": (
        (
            "Politie trof {victim} aan in een auto met {perpetrator}; er zijn signalen van "
            "uitbuiting door een loverboy.",
        ),
        (
            "De melder maakt zich zorgen over {victim}, die met oudere jongens meegaat, "
            "dure spullen heeft en school verzuimt.",
        ),
    ),
    "sexual_violence": (
        ("Zorgmelding na een aangifte van {victim} over seksueel geweld door {perpetrator}.",),
        (
            "{victim} vertelt over seksueel grensoverschrijdend gedrag door {perpetrator} in de "
            "thuissituatie.",
        ),
    ),
    "other": (
        (
            "Zorgmelding politie: {victim} is na een conflict met {perpetrator} weggelopen en "
            "voelt zich thuis niet veilig.",
        ),
        (
            "{victim} voelt zich thuis niet veilig door het gedrag van {perpetrator} en vraagt "
            "om hulp.",
        ),
    ),
}

ADVICE_QUESTIONS: dict[str, tuple[str, ...]] = {
    "child": (
        "Leerkracht ziet bij een leerling regelmatig blauwe plekken en twijfelt of dit een "
        "melding rechtvaardigt. Welke stappen van de Meldcode moeten nog gezet worden?",
        "Pedagogisch medewerker merkt dat een peuter erg schrikachtig is bij het ophalen door "
        "vader. Hoe bespreek je dit met de ouders?",
        "Een moeder vraagt zich af of zij iets moet doen nu haar zus de kinderen vaak alleen "
        "thuis laat. Wat zijn de mogelijkheden?",
        "Jeugdarts heeft zorgen over een kind dat achterblijft in groei; ouders houden de "
        "boot af. Wanneer is melden nodig?",
        "Wijkverpleegkundige twijfelt over de verzorging van een baby in een gezin met "
        "financiële problemen. Hoe verder?",
    ),
    "partner": (
        "Huisarts ziet een patiënte met letsel dat niet past bij haar verhaal. Zij wil geen "
        "hulp. Wat kan de huisarts doen?",
        "Buurman hoort bijna elke avond ruzie en geschreeuw bij de buren. Moet hij iets doen "
        "en kan dat anoniem?",
        "Een vrouw vraagt advies: haar partner controleert haar telefoon en geld en dreigt "
        "haar de kinderen af te pakken. Wat kan zij doen?",
        "Maatschappelijk werker vraagt hoe een veiligheidsplan eruitziet voor een cliënt die "
        "bij haar gewelddadige partner blijft.",
    ),
    "elder": (
        "Thuiszorgmedewerker vermoedt dat een oudere cliënt financieel wordt uitgebuit door "
        "een familielid. Hoe pakt zij dit aan?",
        "Een dochter maakt zich zorgen over haar vader, die door zijn nieuwe partner wordt "
        "afgesloten van de familie. Wat kan zij doen?",
    ),
    "other": (
        "Mentor op school hoort van een leerling dat zij tegen haar wil wordt uitgehuwelijkt. "
        "Welke stappen zijn nodig?",
        "Jongerenwerker vermoedt dat een meisje wordt geronseld door een loverboy. Hoe "
        "bespreek je dat en wie betrek je?",
        "Een moeder wordt door haar volwassen zoon bedreigd als zij geen geld geeft. Waar kan "
        "zij terecht?",
    ),
}
ADVICE_ANSWERS = (
    "Bespreek de signalen met de aandachtsfunctionaris en ga het gesprek aan met de ouders "
    "(stap drie van de Meldcode). Neem opnieuw contact op als de zorgen blijven of toenemen.",
    "Geadviseerd de signalen vast te leggen, te overleggen met een collega en de cliënt te "
    "wijzen op de mogelijkheden van hulp. Bij acute onveiligheid direct melden.",
    "Uitgelegd wat Veilig Thuis kan doen en hoe een melding verloopt. De vrager denkt na en "
    "belt terug als de situatie verslechtert.",
    "Advies gegeven over het bespreekbaar maken van de zorgen en het inschakelen van het "
    "sociaal team. Afgesproken dat de vrager binnen twee weken terugkoppelt.",
    "Geadviseerd een melding te doen, omdat er sprake lijkt van structurele onveiligheid en "
    "hulp niet op gang komt.",
    "Informatie gegeven over het veiligheidsplan en de mogelijkheden van de vrouwenopvang. "
    "De vrager weet hoe zij Veilig Thuis dag en nacht kan bereiken.",
)

CONSIDERATIONS: dict[str, tuple[str, ...]] = {
    "safe": (
        "Geen aanwijzingen voor acute of structurele onveiligheid. Ouders zijn open over de "
        "situatie en er is passende hulp betrokken.",
        "Het incident staat op zichzelf; beide partners nemen verantwoordelijkheid en het "
        "netwerk is betrokken.",
    ),
    "unstable": (
        "Geen acute onveiligheid, wel zorgen over herhaling. Er is hulp nodig om de "
        "veiligheid te stabiliseren; het gezin staat open voor hulp van het sociaal team.",
        "Eerdere zorgmeldingen en oplopende spanningen. Veiligheid is niet stabiel; "
        "vervolg via het lokale team met duidelijke voorwaarden.",
    ),
    "unsafe": (
        "Sprake van structurele onveiligheid met herhaald fysiek geweld. Hulp is eerder niet "
        "van de grond gekomen; Veilig Thuis houdt zelf regie op de voorwaarden.",
        "Ernstige signalen en tegenstrijdige verklaringen. Het is nodig te onderzoeken wat er "
        "in het gezin speelt voordat hulp kan worden overgedragen.",
    ),
}
# When the assessment finds acute unsafety, its considerations must say so.
ACUTE_CONSIDERATIONS = (
    "Acute onveiligheid: de politie trof een escalatie aan met letsel en de kinderen waren "
    "getuige. Direct ingrijpen nodig; veiligheidsafspraken vandaag vastgelegd.",
    "Acute en structurele onveiligheid: herhaald geweld, dreiging en een recent huisverbod. "
    "Veilig Thuis stemt direct af met politie en hulpverlening.",
)
SAFETY_CONDITIONS = (
    "Geen fysiek geweld meer; bij spanningen gaat vader naar zijn broer. Ouders nemen deel aan "
    "de cursus opvoedondersteuning. De school houdt zicht op de kinderen.",
    "Pleger neemt deel aan een agressieregulatietraining. Slachtoffer heeft een "
    "veiligheidsplan en weet wie zij kan bellen. Geen contact zonder afspraak.",
    "Kinderen worden niet meer betrokken bij conflicten tussen de ouders. Omgang verloopt via "
    "een vaste overdrachtsplek. Ouders nemen deel aan het traject Kinderen uit de knel.",
    "Er komt dagelijks een netwerklid langs. Financiën gaan naar een bewindvoerder. De "
    "huisarts ziet de cliënt elke maand.",
)
HANDOVER_SUMMARIES = (
    "Voorwaarden zijn met het gezin en het netwerk afgesproken; graag begeleiding bij het "
    "nakomen ervan en het werken aan herstel.",
    "Onderzoek afgerond. Het gezin heeft hulp nodig bij opvoeding en het voorkomen van "
    "nieuwe escalaties.",
)
REFUSAL_REASONS = (
    "De casus vraagt meer specialistische hulp dan wij kunnen bieden; MDA++ lijkt passender.",
    "De overdracht mist de veiligheidsvoorwaarden; graag aanvullen voordat wij overnemen.",
    "Het gezin woont volgens onze gegevens niet meer in ons werkgebied.",
)
ACCEPT_NOTES = (
    "Overgenomen; een casusregisseur neemt deze week contact op met het gezin.",
    "Geaccepteerd. Eerste huisbezoek is ingepland.",
    "",
)
REJECT_COMMENTS = (
    "Onderbouwing te mager: neem de eerdere zorgmeldingen van de politie mee.",
    "Ik mis een afweging over de kinderen in huis. Graag aanvullen.",
)
MONITORING_NOTES: dict[str, tuple[str, ...]] = {
    "continue": (
        "Voorwaarden worden grotendeels nagekomen. Hulp loopt; nog geen stabiele veiligheid. "
        "Monitoring loopt door.",
        "Gesproken met het sociaal team en de moeder. Er zijn geen nieuwe incidenten, maar "
        "de hulp is pas net gestart.",
    ),
    "stable": (
        "Geen nieuwe incidenten; ouders en netwerk bevestigen dat de afspraken werken. Er is "
        "aandacht voor herstel. Monitoring afgesloten.",
        "Veiligheid is duurzaam: hulp is afgerond, kinderen functioneren goed op school.",
    ),
    "renewed": (
        "Nieuwe politiemelding en de voorwaarden worden niet nagekomen. Veilig Thuis pakt de "
        "zaak opnieuw op.",
    ),
}
FEEDBACK_TEXTS = (
    "Melder telefonisch geïnformeerd over het besluit en wie de hulp overneemt.",
    "Terugkoppeling per beveiligde mail verstuurd aan de melder.",
    "Melder gebeld; afgesproken dat de school betrokken blijft bij de voorwaarden.",
)
INFORM_TEXTS = (
    "Betrokkenen per brief geïnformeerd over de registratie bij Veilig Thuis.",
    "Ouders tijdens het huisbezoek geïnformeerd over de vastlegging van hun gegevens.",
)
INFORM_EXTENSION_REASONS = (
    "Informeren zou de veiligheid van de melder nu in gevaar brengen.",
    "Betrokkenen zijn nog niet bereikbaar; tweede poging via de wijkagent.",
)
INVESTIGATION_CONCLUSIONS = {
    "confirmed": "Het onderzoek bevestigt dat er sprake is van huiselijk geweld en onveiligheid "
    "voor de kinderen.",
    "not_confirmed": "Het onderzoek bevestigt de zorgen niet; er zijn geen aanwijzingen voor "
    "geweld of verwaarlozing gevonden.",
    "unknown": "Uit het onderzoek kan niet worden vastgesteld of er geweld heeft plaatsgevonden; "
    "wel zijn er zorgen over de opvoedsituatie.",
}
REOPEN_REASONS = (
    "Nieuwe zorgmelding van de politie over hetzelfde gezin.",
    "School meldt opnieuw ernstige signalen bij de kinderen.",
)
REASSESS_REASONS = ("Overdracht geweigerd; opnieuw beoordelen welke hulp passend is.",)
CLOSE_REASONS = (
    "Geen vervolgstappen nodig; melder is geïnformeerd.",
    "Melding hoort bij een andere Veilig Thuis-regio; doorgestuurd.",
    "",
)
RIHG_OUTCOMES = (
    "RiHG: vier signalen rood in deel A (geweld en dreiging), twee in deel C (kinderen). "
    "Huisverbod opgelegd voor tien dagen.",
    "RiHG: drie signalen rood in deel A; escalatie en drankgebruik. Huisverbod opgelegd.",
)
ICM_NAMES = ("Wendy Schouten", "Bas de Ruiter", "Miriam Kuipers")
# Sentences added to the summary of a repeat report (a new report about a known household).
REPEAT_NOTES = (
    "Het gezin is eerder bij Veilig Thuis gemeld.",
    "Volgens de melder zijn er al langer zorgen; er is eerder een melding over dit gezin gedaan.",
    "Opnieuw een melding over dit gezin; de situatie lijkt niet structureel veilig.",
)
REPEAT_MOVED_NOTE = "Het gezin is sinds de vorige melding verhuisd."
REPEAT_NEWBORN_NOTE = "Sinds de vorige melding is er een baby geboren."


# --- the walk-through of issue P5: two households of Dordrecht --------------------------------
# ``builder._showcase`` plays both through the real services after the generated casework: the
# first ends with a handover from a V&V offered to the Dordrecht team (to accept, draw up the
# plan with its safety conditions carried over, and escalate in the browser); the second was
# handed over weeks ago and has an active household plan with an overdue task.


@dataclass(frozen=True)
class ShowcasePerson:
    first_names: str
    surname_prefix: str
    surname: str
    sex: str  # intake.models.Sex
    role: str  # intake.models.PersonRole
    age: int  # whole years on the day of the report


@dataclass(frozen=True)
class ShowcaseHousehold:
    municipality_code: str
    street: str
    house_number: str
    postcode: str
    city: str
    kinds: tuple[str, ...]  # intake.models.ViolenceKind
    summary: str
    people: tuple[ShowcasePerson, ...]
    # The V&V's safety conditions, one per line: each becomes a condition of the plan.
    safety_conditions: str
    # How long ago the last step (the handover offered, or accepted) happened.
    days_ago: int


SHOWCASE_OFFERED = ShowcaseHousehold(
    municipality_code="GM0505",
    street="Krommedijk",
    house_number="112",
    postcode="3317 KD",
    city="Dordrecht",
    kinds=("partner_violence", "child_witnessing"),
    summary="Politie is gebeld door de buren na hard geschreeuw en gebonk. Mirjam had een "
    "blauwe plek op haar arm; de kinderen Noor en Finn waren thuis en zaten boven te huilen. "
    "Dennis is meegenomen naar het bureau.",
    people=(
        ShowcasePerson("Mirjam", "", "Kroon", "F", "victim", 39),
        ShowcasePerson("Dennis", "", "Kroon", "M", "alleged_perpetrator", 41),
        ShowcasePerson("Noor", "", "Kroon", "F", "child_in_household", 13),
        ShowcasePerson("Finn", "", "Kroon", "M", "child_in_household", 9),
    ),
    safety_conditions="- Dennis woont tijdelijk bij zijn broer en komt alleen op afspraak "
    "naar huis.\n"
    "- Bij spanningen belt Mirjam haar zus of de politie (112).\n"
    "- Noor en Finn gaan elke dag naar school; de school meldt verzuim direct.\n"
    "- Dennis volgt de training agressieregulatie.",
    days_ago=2,
)

SHOWCASE_PLANNED = ShowcaseHousehold(
    municipality_code="GM0505",
    street="Brouwersdijk",
    house_number="41",
    postcode="3314 GB",
    city="Dordrecht",
    kinds=("partner_violence", "child_witnessing"),
    summary="Esra belt zelf: haar man Murat is de laatste maanden steeds vaker boos en heeft "
    "haar vorige week geslagen toen Elif en Deniz erbij waren. Zij wil hulp en dat het "
    "stopt, maar niet bij hem weg.",
    people=(
        ShowcasePerson("Esra", "", "Demir", "F", "victim", 34),
        ShowcasePerson("Murat", "", "Demir", "M", "alleged_perpetrator", 37),
        ShowcasePerson("Elif", "", "Demir", "F", "child_in_household", 14),
        ShowcasePerson("Deniz", "", "Demir", "M", "child_in_household", 6),
    ),
    safety_conditions="- Geen fysiek geweld meer; bij spanningen gaat Murat een uur naar "
    "buiten of naar zijn broer.\n"
    "- Esra heeft een veiligheidsplan en weet wie zij kan bellen.\n"
    "- De school van Elif houdt zicht op haar en belt de regisseur bij zorgen.",
    days_ago=44,
)


@dataclass(frozen=True)
class ShowcasePlan:
    """The household plan of SHOWCASE_PLANNED, as its case director (wijkteam.dordrecht) drew
    it up."""

    approach: str
    # Who watches each carried-over condition, in order: "police", "team" or a person's name.
    watchers: tuple[str, ...]
    # The support network: (name, relation, contact details).
    network: tuple[tuple[str, str, str], ...]
    # Intended results: (phase, for whom, description).
    results: tuple[tuple[str, str, str], ...]
    # Life domains: (member's first name, life-domain code, problems, question, self-reliance).
    assessments: tuple[tuple[str, str, str, str, int], ...]


SHOWCASE_PLAN = ShowcasePlan(
    approach="Eerst veiligheid: de afspraken uit de voorwaarden worden elke week "
    "nagelopen met Esra en Murat, samen met de wijkagent. Daarna werken Murat en Esra ieder "
    "aan hun eigen deel (training, steun voor Esra) en krijgen Elif en Deniz hulp bij wat "
    "zij hebben meegemaakt. Het netwerk (de zus van Esra) doet mee.",
    watchers=("police", "team", "Mentor van Elif, Da Vinci College"),
    network=(
        ("Hatice Yilmaz", "Zus van Esra", "06-28416630"),
        ("Kemal Demir", "Broer van Murat (Murat kan bij hem terecht)", "06-51730942"),
    ),
    results=(
        ("safety", "household", "Er is geen geweld meer in huis en iedereen voelt zich veilig."),
        ("risk_care", "household", "Murat herkent zijn spanning op tijd en loopt weg."),
        ("recovery", "household", "Elif en Deniz slapen weer goed en gaan graag naar school."),
    ),
    assessments=(
        ("Esra", "veiligheid", "Geslagen waar de kinderen bij waren.", "Veiligheidsplan.", 2),
        ("Esra", "financien", "Achterstand met de huur.", "Hulp bij een regeling.", 3),
        ("Murat", "geestelijke-gezondheid", "Snel boos, slaapt slecht.", "Training.", 2),
        ("Elif", "opvoeding", "Piekert en is stil op school.", "Iemand om mee te praten.", 3),
        ("Deniz", "opvoeding", "Plast weer in bed.", "Rust en vaste routines.", 3),
    ),
)
