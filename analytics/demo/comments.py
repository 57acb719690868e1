"""Comment texts for demo data, in bokmål and nynorsk (pairs), by tone and by sector.

Written for the demo, not taken from real residents. Some mention a name on purpose, so the
reports show that quotes with names are left out.
"""

from __future__ import annotations

# (bokmål, nynorsk)
Pair = tuple[str, str]

GOOD: list[Pair] = [
    ("Hyggelige ansatte som tok seg god tid med oss.", "Hyggelege tilsette som tok seg god tid med oss."),
    ("Fikk raskt svar og god hjelp.", "Fekk raskt svar og god hjelp."),
    ("Vi ble møtt med respekt og forståelse.", "Vi vart møtte med respekt og forståing."),
    ("Tydelig informasjon om hva som skjer videre.", "Tydeleg informasjon om kva som skjer vidare."),
    ("Dyktige og engasjerte folk, tusen takk.", "Dyktige og engasjerte folk, tusen takk."),
    ("Enkelt å søke på nett, skjemaet var greit.", "Enkelt å søkje på nett, skjemaet var greitt."),
    ("Vi fikk være med og bestemme, det satte vi pris på.", "Vi fekk vere med og bestemme, det sette vi pris på."),
    ("Alt fungerte som det skulle.", "Alt fungerte som det skulle."),
]
BAD: list[Pair] = [
    ("Ventet altfor lenge på svar.", "Venta altfor lenge på svar."),
    ("Ingen tok telefonen da jeg ringte.", "Ingen tok telefonen då eg ringde."),
    (
        "Fikk ikke beskjed om endringen, informasjonen var mangelfull.",
        "Fekk ikkje beskjed om endringa, informasjonen var mangelfull.",
    ),
    ("Saksbehandleren var uhøflig og avbrøt meg.", "Sakshandsamaren var uhøfleg og avbraut meg."),
    (
        "Skjemaet på nettsiden fungerte ikke, måtte prøve flere ganger.",
        "Skjemaet på nettsida fungerte ikkje, måtte prøve fleire gonger.",
    ),
    ("Stadig nye vikarer, det er for få ansatte.", "Stadig nye vikarar, det er for få tilsette."),
    ("Vi ble ikke spurt før de endret vedtaket.", "Vi vart ikkje spurde før dei endra vedtaket."),
    (
        "Brevet var uklart, jeg skjønte ikke hva jeg skulle gjøre.",
        "Brevet var uklart, eg skjønte ikkje kva eg skulle gjere.",
    ),
]
SUGGESTIONS: list[Pair] = [
    (
        "Det hadde vært fint om dere svarte på e-post innen en uke.",
        "Det hadde vore fint om de svarte på e-post innan ei veke.",
    ),
    ("Ønsker lengre åpningstider på ettermiddagen.", "Ønskjer lengre opningstider på ettermiddagen."),
    ("Dere burde sende SMS når noe endres.", "De burde sende SMS når noko vert endra."),
]
# With a name: kept out of quotes by analytics.anonymize.
NAMED: list[Pair] = [
    ("Kari på kjøkkenet er fantastisk, maten er alltid god.", "Kari på kjøkkenet er fantastisk, maten er alltid god."),
    ("Takk til Per som hjalp oss med søknaden.", "Takk til Per som hjelpte oss med søknaden."),
]

# By sector: (good, bad, suggestion) pairs; the months (1–12) a text belongs to, or all year.
SECTOR: dict[str, dict[str, list[tuple[Pair, tuple[int, ...]]]]] = {
    "barnehage": {
        "good": [
            (
                (
                    "Barnehagen tar godt imot sønnen vår, han er trygg der.",
                    "Barnehagen tek godt imot sonen vår, han er trygg der.",
                ),
                (),
            )
        ],
        "bad": [
            (("Lekeplassen er sliten og huska er ødelagt.", "Leikeplassen er sliten og huska er øydelagd."), ()),
            (
                (
                    "Venter fortsatt på svar om barnehageplass fra hovedopptaket.",
                    "Ventar framleis på svar om barnehageplass frå hovudopptaket.",
                ),
                (3, 4, 5),
            ),
        ],
        "idea": [
            (
                (
                    "Ønsker at foreldrerådet får være med og bestemme uteområdet.",
                    "Ønskjer at foreldrerådet får vere med og bestemme uteområdet.",
                ),
                (),
            )
        ],
    },
    "skole_sfo": {
        "good": [
            (
                (
                    "Læreren følger godt opp, og undervisningen er god.",
                    "Læraren følgjer godt opp, og undervisninga er god.",
                ),
                (),
            )
        ],
        "bad": [
            (("Det er kaldt og trekk i klasserommene.", "Det er kaldt og trekk i klasseromma."), (11, 12, 1, 2)),
            (("SFO er for dyrt for oss med tre barn.", "SFO er for dyrt for oss med tre born."), ()),
        ],
        "idea": [
            (
                (
                    "Det mangler fortau langs veien til skolen, få på plass gangvei.",
                    "Det manglar fortau langs vegen til skulen, få på plass gangveg.",
                ),
                (8, 9),
            )
        ],
    },
    "helse": {
        "good": [(("Legen tok meg på alvor og var dyktig.", "Legen tok meg på alvor og var dyktig."), ())],
        "bad": [
            (("Telefonen til legekontoret er alltid opptatt.", "Telefonen til legekontoret er alltid oppteken."), ()),
            (
                (
                    "Tre måneders ventetid for time hos fysioterapeut.",
                    "Tre månaders ventetid for time hos fysioterapeut.",
                ),
                (),
            ),
        ],
        "idea": [
            (
                (
                    "Kunne dere hatt drop-in på helsestasjonen en kveld i uka?",
                    "Kunne de hatt drop-in på helsestasjonen ein kveld i veka?",
                ),
                (),
            )
        ],
    },
    "omsorg": {
        "good": [
            (
                (
                    "Mor får god pleie og blir behandlet med verdighet.",
                    "Mor får god pleie og vert behandla med verdigheit.",
                ),
                (),
            ),
            (("Maten på sykehjemmet er god og varm.", "Maten på sjukeheimen er god og varm."), ()),
        ],
        "bad": [
            (
                (
                    "Hjemmesykepleien kommer til forskjellige tider, nye folk hver gang.",
                    "Heimesjukepleia kjem til ulike tider, nye folk kvar gong.",
                ),
                (6, 7, 8),
            ),
            (
                (
                    "Trygghetsalarmen virket ikke da far trykket på den.",
                    "Tryggleiksalarmen virka ikkje då far trykte på han.",
                ),
                (),
            ),
        ],
        "idea": [
            (
                (
                    "Ønsker at vi pårørende blir involvert i den individuelle planen.",
                    "Ønskjer at vi pårørande vert involverte i den individuelle planen.",
                ),
                (),
            )
        ],
    },
    "nav_sosial": {
        "good": [
            (
                (
                    "Veilederen viste forståelse og ga god informasjon.",
                    "Rettleiaren viste forståing og gav god informasjon.",
                ),
                (),
            )
        ],
        "bad": [
            (("Jeg følte meg mistenkeliggjort på kontoret.", "Eg kjende meg mistenkeleggjord på kontoret."), ()),
            (("Lang saksbehandlingstid på søknad om bostøtte.", "Lang sakshandsamingstid på søknad om bustøtte."), ()),
        ],
        "idea": [(("Dere burde ha åpent lenger én dag i uka.", "De burde ha ope lenger éin dag i veka."), ())],
    },
    "plan_bygg": {
        "good": [(("Byggesaken ble behandlet grundig og riktig.", "Byggjesaka vart handsama grundig og rett."), ())],
        "bad": [
            (
                ("Ventet i tre måneder på svar på byggesøknaden.", "Venta i tre månader på svar på byggjesøknaden."),
                (4, 5, 6),
            ),
            (("Gebyret for byggesaken er urimelig høyt.", "Gebyret for byggjesaka er urimeleg høgt."), ()),
        ],
        "idea": [
            (
                (
                    "Kommunen bør invitere innbyggerne til møte før planen vedtas.",
                    "Kommunen bør invitere innbyggjarane til møte før planen vert vedteken.",
                ),
                (),
            )
        ],
    },
    "vann_avlop_renovasjon": {
        "good": [(("Søppeltømmingen går som den skal.", "Søppeltøminga går som ho skal."), ())],
        "bad": [
            (
                ("Søppeldunken ble ikke tømt denne uka heller.", "Søppeldunken vart ikkje tømd denne veka heller."),
                (6, 7, 8, 12),
            ),
            (
                ("Vannet var brunt i to dager etter arbeidet.", "Vatnet var brunt i to dagar etter arbeidet."),
                (5, 6, 7, 8, 9),
            ),
            (("Renovasjonsgebyret har økt mye i år.", "Renovasjonsgebyret har auka mykje i år."), (1, 2)),
        ],
        "idea": [(("Send gjerne SMS når tømmingen flyttes.", "Send gjerne SMS når tøminga vert flytta."), ())],
    },
    "vei_trafikk": {
        "good": [(("Veien ble brøytet tidlig, takk!", "Vegen vart brøyta tidleg, takk!"), (12, 1, 2, 3))],
        "bad": [
            (
                ("Brøytingen i boligfeltet var dårlig hele uka.", "Brøytinga i bustadfeltet var dårleg heile veka."),
                (12, 1, 2, 3),
            ),
            (
                ("Dårlig strøing, glatt som is på fortauet.", "Dårleg strøing, glatt som is på fortauet."),
                (11, 12, 1, 2, 3),
            ),
            (("Hullene i veien er ikke lappet.", "Hola i vegen er ikkje lappa."), (4, 5)),
        ],
        "idea": [
            (
                (
                    "Bilene kjører for fort forbi skolen, det trengs fartsdumper.",
                    "Bilane køyrer for fort forbi skulen, det trengst fartsdumpar.",
                ),
                (),
            )
        ],
    },
    "kultur_fritid": {
        "good": [(("Biblioteket har fått nye, gode lokaler.", "Biblioteket har fått nye, gode lokale."), ())],
        "bad": [(("Garderoben i idrettshallen lukter mugg.", "Garderoben i idrettshallen luktar mugg."), ())],
        "idea": [
            (
                (
                    "Ønsker lengre åpningstider på biblioteket i helgene.",
                    "Ønskjer lengre opningstider på biblioteket i helgane.",
                ),
                (),
            )
        ],
    },
    "okonomi_skatt": {
        "good": [(("Fakturaen var tydelig og enkel å forstå.", "Fakturaen var tydeleg og enkel å forstå."), ())],
        "bad": [
            (("Eiendomsskatten har økt mye, det merkes.", "Eigedomsskatten har auka mykje, det merkast."), (1, 2, 3)),
            (
                (
                    "Feil beløp på fakturaen, vi har søskenmoderasjon.",
                    "Feil beløp på fakturaen, vi har søskenmoderasjon.",
                ),
                (),
            ),
        ],
        "idea": [
            (("Det hadde vært fint å kunne betale med Vipps.", "Det hadde vore fint å kunne betale med Vipps."), ())
        ],
    },
    "politikk_innsyn": {
        "good": [(("Lett å finne saksdokumentene i postlisten.", "Lett å finne saksdokumenta i postlista."), ())],
        "bad": [
            (
                (
                    "Vi ble ikke spurt før vedtaket om skolestrukturen.",
                    "Vi vart ikkje spurde før vedtaket om skulestrukturen.",
                ),
                (9, 10, 11),
            )
        ],
        "idea": [(("Legg ut referatene fra møtene på nett.", "Legg ut referata frå møta på nett."), ())],
    },
    "service_kontakt": {
        "good": [
            (("Hyggelig dame i skranken som tok seg god tid.", "Hyggeleg dame i skranken som tok seg god tid."), ())
        ],
        "bad": [
            (("Chatboten forsto ikke spørsmålet mitt.", "Chatboten forstod ikkje spørsmålet mitt."), ()),
            (("Ringte fire ganger uten at noen tok telefonen.", "Ringde fire gonger utan at nokon tok telefonen."), ()),
        ],
        "idea": [
            (
                (
                    "Servicetorget burde ha åpent lenger på ettermiddagen.",
                    "Servicetorget burde ha ope lenger på ettermiddagen.",
                ),
                (),
            )
        ],
    },
}

# Questions the demo bot "did not understand": some asked in many conversations, some once.
UNKNOWN_COMMON = [
    "kan jeg grille på badeplassen",
    "når åpner svømmehallen igjen",
    "hvor kan jeg levere hageavfall",
    "får jeg parkere på rådhuset",
    "kor kan eg lade elbilen",
]
UNKNOWN_RARE = [
    "jeg heter Ola Nordmann og lurer på søknaden min",
    "ring meg på 912 34 567",
    "hva skjedde med naboen min i går",
    "hvem er Kari i hjemmetjenesten",
    "kan dere sjekke saken til min mor",
]
