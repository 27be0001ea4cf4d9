"""Appeal instructions (muutoksenhakuohjeet) per appeal type, in fi/sv/en.

One text per appeal type of ``codelists.APPEAL_TYPES`` (KuntaL 133-136 §,
HL 59 §, laki sähköisestä asioinnista viranomaistoiminnassa 10 §,
oikeudenkäynnistä hallintoasioissa annettu laki, tuomioistuinmaksulaki):

- ``rectification``: oikaisuvaatimusohje, 14 days, to the authority that
  made the decision (``${body}``);
- ``municipal_appeal``: valitusosoitus for a kunnallisvalitus, 30 days, to the
  administrative court, with the court fee;
- ``special_appeal``: the act under which the decision was made decides how,
  when and where; the detailed instructions are attached;
- ``none``: no rectification claim or appeal (KuntaL 136 §: preparation or
  execution only).

The texts are translatable messages (domain ``municipality``) with the
mappings ``${days}`` and ``${body}``; English is the default of each msgid,
Finnish and Swedish are in the catalogues. ``TEXTS`` holds all three so the
catalogue lines can be checked against the module.
"""

from municipality.policy import _
from municipality.policy.meetings.codelists import APPEAL_DAYS
from zope.i18n import translate


#: appeal type -> sections: (heading msgid, (paragraph msgids, ...)).
SECTIONS = {
    "rectification": (
        (
            "appeal_rect_heading",
            (
                "appeal_rect_intro",
                "appeal_rect_who",
            ),
        ),
        ("appeal_rect_authority_heading", ("appeal_rect_authority",)),
        ("appeal_rect_time_heading", ("appeal_rect_time", "appeal_notice_days")),
        ("appeal_rect_content_heading", ("appeal_rect_content",)),
        ("appeal_rect_delivery_heading", ("appeal_rect_delivering",)),
        ("appeal_fee_heading", ("appeal_rect_free",)),
    ),
    "municipal_appeal": (
        ("appeal_muni_heading", ("appeal_muni_intro", "appeal_muni_who")),
        ("appeal_muni_grounds_heading", ("appeal_muni_grounds",)),
        ("appeal_muni_court_heading", ("appeal_muni_court",)),
        ("appeal_muni_time_heading", ("appeal_muni_time", "appeal_notice_days")),
        ("appeal_muni_content_heading", ("appeal_muni_content", "appeal_muni_annex")),
        ("appeal_muni_delivery_heading", ("appeal_muni_delivery",)),
        ("appeal_fee_heading", ("appeal_muni_fee",)),
    ),
    "special_appeal": (
        ("appeal_special_heading", ("appeal_special_intro", "appeal_special_annex")),
    ),
    "none": (("appeal_none_heading", ("appeal_none_text",)),),
}

#: msgid -> (English default, Finnish, Swedish).
TEXTS = {
    "appeal_rect_heading": (
        "Instructions for a rectification claim",
        "Oikaisuvaatimusohje",
        "Anvisning om begäran om omprövning",
    ),
    "appeal_rect_intro": (
        "A person dissatisfied with this decision may make a written "
        "rectification claim. No appeal to a court may be made against the "
        "decision (Local Government Act, section 134).",
        "Tähän päätökseen tyytymätön voi tehdä kirjallisen oikaisuvaatimuksen. "
        "Päätökseen ei saa hakea muutosta valittamalla tuomioistuimeen "
        "(kuntalaki 134 §).",
        "Den som är missnöjd med detta beslut kan framställa ett skriftligt "
        "omprövningsyrkande. Ändring i beslutet får inte sökas genom besvär hos "
        "domstol (kommunallagen 134 §).",
    ),
    "appeal_rect_who": (
        "A rectification claim may be made by the person whom the decision "
        "concerns or whose right, obligation or interest it directly affects "
        "(a party), and by a member of the municipality.",
        "Oikaisuvaatimuksen saa tehdä se, johon päätös on kohdistettu tai jonka "
        "oikeuteen, velvollisuuteen tai etuun päätös välittömästi vaikuttaa "
        "(asianosainen), sekä kunnan jäsen.",
        "Omprövning får begäras av den som beslutet avser eller vars rätt, "
        "skyldighet eller fördel direkt påverkas av beslutet (part) samt av "
        "kommunmedlemmarna.",
    ),
    "appeal_rect_authority_heading": (
        "Authority",
        "Oikaisuvaatimusviranomainen",
        "Omprövningsmyndighet",
    ),
    "appeal_rect_authority": (
        "The rectification claim is made to: ${body}.",
        "Oikaisuvaatimus tehdään: ${body}.",
        "Begäran om omprövning framställs hos: ${body}.",
    ),
    "appeal_rect_time_heading": (
        "Time limit",
        "Oikaisuvaatimusaika",
        "Tid för begäran om omprövning",
    ),
    "appeal_rect_time": (
        "The rectification claim must be made within ${days} days of being "
        "notified of the decision. The day of notification is not counted.",
        "Oikaisuvaatimus on tehtävä ${days} päivän kuluessa päätöksen "
        "tiedoksisaannista. Tiedoksisaantipäivää ei lueta määräaikaan.",
        "Begäran om omprövning ska framställas inom ${days} dagar från "
        "delfåendet av beslutet. Delfåendedagen räknas inte in i tiden.",
    ),
    "appeal_notice_days": (
        "Unless shown otherwise, a party is deemed to have been notified of "
        "the decision on the seventh day after a letter was sent, or on the "
        "third day after an e-mail was sent. A member of the municipality is "
        "deemed to have been notified on the seventh day after the minutes were "
        "made available on the public data network. If the last day of the "
        "time limit is a public holiday, Independence Day, May Day, Christmas "
        "Eve, Midsummer Eve or a Saturday, the time limit ends on the next "
        "working day.",
        "Asianosaisen katsotaan saaneen päätöksestä tiedon, jollei muuta "
        "näytetä, seitsemän päivän kuluttua kirjeen lähettämisestä tai "
        "kolmantena päivänä sähköpostiviestin lähettämisestä. Kunnan jäsenen "
        "katsotaan saaneen päätöksestä tiedon seitsemän päivän kuluttua siitä, "
        "kun pöytäkirja on asetettu nähtäväksi yleiseen tietoverkkoon. Jos "
        "määräajan viimeinen päivä on pyhäpäivä, itsenäisyyspäivä, vapunpäivä, "
        "joulu- tai juhannusaatto tai arkilauantai, määräaika päättyy "
        "seuraavana arkipäivänä.",
        "En part anses ha fått del av beslutet, om inte något annat visas, den "
        "sjunde dagen efter att brevet sändes eller den tredje dagen efter att "
        "e-postmeddelandet sändes. En kommunmedlem anses ha fått del av "
        "beslutet sju dagar efter att protokollet har hållits tillgängligt i "
        "det allmänna datanätet. Om den sista dagen är en helgdag, "
        "självständighetsdagen, första maj, julafton, midsommarafton eller en "
        "helgfri lördag, går tiden ut följande vardag.",
    ),
    "appeal_rect_content_heading": (
        "Content of the claim",
        "Oikaisuvaatimuksen sisältö",
        "Innehållet i begäran om omprövning",
    ),
    "appeal_rect_content": (
        "The claim must state the decision it concerns, how the decision "
        "should be rectified and on what grounds, the claimant's name and "
        "municipality of residence, and the postal address, telephone number "
        "and other contact details needed. If the decision on the claim may be "
        "notified electronically, please also give an e-mail address. The "
        "claim must be signed by the claimant or their representative, unless "
        "it is delivered electronically with the sender's details.",
        "Oikaisuvaatimuksessa on ilmoitettava päätös, johon oikaisuvaatimus "
        "kohdistuu, miten päätöstä halutaan oikaistavaksi ja millä perusteella, "
        "oikaisuvaatimuksen tekijän nimi ja kotikunta sekä postiosoite, "
        "puhelinnumero ja muut tarvittavat yhteystiedot. Jos "
        "oikaisuvaatimuspäätös voidaan antaa tiedoksi sähköisenä viestinä, "
        "pyydetään ilmoittamaan myös sähköpostiosoite. Oikaisuvaatimuksen "
        "tekijän tai hänen asiamiehensä on allekirjoitettava oikaisuvaatimus, "
        "ellei se toimiteta sähköisesti lähettäjän tiedoin.",
        "Av begäran om omprövning ska framgå det beslut som avses, hur beslutet "
        "ska ändras och på vilka grunder, namn och hemkommun för den som "
        "framställer begäran samt postadress, telefonnummer och andra "
        "behövliga kontaktuppgifter. Om beslutet med anledning av begäran får "
        "delges elektroniskt, ska även e-postadressen uppges. Begäran ska "
        "undertecknas av den som framställer den eller av dennes ombud, om den "
        "inte lämnas in elektroniskt med avsändarens uppgifter.",
    ),
    "appeal_rect_delivery_heading": (
        "Delivering the claim",
        "Oikaisuvaatimuksen toimittaminen",
        "Inlämning av begäran om omprövning",
    ),
    "appeal_rect_delivering": (
        "The claim must reach the authority within the time limit: in person, "
        "through a representative or messenger, by post, by e-mail or through "
        "the municipality's online services, addressed to the municipal "
        "registry office. A claim on paper must arrive before the registry "
        "office closes on the last day; a claim delivered electronically must "
        "arrive by the end of the last day (23:59). The sender bears the risk "
        "of delivery.",
        "Oikaisuvaatimus on toimitettava oikaisuvaatimusviranomaiselle "
        "määräajassa henkilökohtaisesti, asiamiehen tai lähetin välityksellä, "
        "postitse, sähköpostilla tai kunnan sähköisen asiointipalvelun kautta "
        "kunnan kirjaamoon osoitettuna. Paperisen oikaisuvaatimuksen on oltava "
        "perillä määräajan viimeisenä päivänä ennen kirjaamon aukioloajan "
        "päättymistä, sähköisesti toimitetun viimeistään määräajan viimeisen "
        "päivän päättyessä (klo 23.59). Lähettäjä vastaa oikaisuvaatimuksen "
        "perillemenosta.",
        "Begäran om omprövning ska lämnas till omprövningsmyndigheten inom "
        "tiden personligen, genom ombud eller bud, per post, per e-post eller "
        "via kommunens e-tjänst, adresserad till kommunens registratorskontor. "
        "En begäran på papper ska vara framme före registratorskontorets "
        "öppettid går ut den sista dagen, en elektroniskt inlämnad senast när "
        "den sista dagen går ut (kl. 23.59). Avsändaren svarar för att "
        "begäran kommer fram.",
    ),
    "appeal_fee_heading": ("Fees", "Maksut", "Avgifter"),
    "appeal_rect_free": (
        "Handling a rectification claim is free of charge.",
        "Oikaisuvaatimuksen käsittely on maksutonta.",
        "Behandlingen av en begäran om omprövning är avgiftsfri.",
    ),
    "appeal_muni_heading": (
        "Appeal instructions: municipal appeal",
        "Valitusosoitus: kunnallisvalitus",
        "Besvärsanvisning: kommunalbesvär",
    ),
    "appeal_muni_intro": (
        "A municipal appeal against this decision may be made to the "
        "administrative court (Local Government Act, section 135).",
        "Tähän päätökseen voi hakea muutosta kunnallisvalituksella "
        "hallinto-oikeudelta (kuntalaki 135 §).",
        "Ändring i detta beslut får sökas genom kommunalbesvär hos "
        "förvaltningsdomstolen (kommunallagen 135 §).",
    ),
    "appeal_muni_who": (
        "An appeal may be made by the person whom the decision concerns or "
        "whose right, obligation or interest it directly affects (a party), "
        "and by a member of the municipality.",
        "Kunnallisvalituksen saa tehdä se, johon päätös on kohdistettu tai jonka "
        "oikeuteen, velvollisuuteen tai etuun päätös välittömästi vaikuttaa "
        "(asianosainen), sekä kunnan jäsen.",
        "Kommunalbesvär får anföras av den som beslutet avser eller vars rätt, "
        "skyldighet eller fördel direkt påverkas av beslutet (part) samt av "
        "kommunmedlemmarna.",
    ),
    "appeal_muni_grounds_heading": (
        "Grounds of appeal",
        "Valitusperusteet",
        "Besvärsgrunder",
    ),
    "appeal_muni_grounds": (
        "An appeal may be made on the ground that the decision was made in the "
        "wrong order, that the authority that made it exceeded its powers, or "
        "that the decision is otherwise unlawful.",
        "Valituksen saa tehdä sillä perusteella, että päätös on syntynyt "
        "virheellisessä järjestyksessä, päätöksen tehnyt viranomainen on "
        "ylittänyt toimivaltansa tai päätös on muuten lainvastainen.",
        "Besvär får anföras på den grunden att beslutet har tillkommit i fel "
        "ordning, att den myndighet som fattat beslutet har överskridit sina "
        "befogenheter eller att beslutet annars strider mot lag.",
    ),
    "appeal_muni_court_heading": (
        "Appeal authority",
        "Valitusviranomainen",
        "Besvärsmyndighet",
    ),
    "appeal_muni_court": (
        "The appeal is made to the administrative court in whose circuit the "
        "municipality is located.",
        "Valitus tehdään sille hallinto-oikeudelle, jonka tuomiopiirissä kunta "
        "sijaitsee.",
        "Besvär anförs hos den förvaltningsdomstol inom vars domkrets kommunen "
        "är belägen.",
    ),
    "appeal_muni_time_heading": ("Time limit", "Valitusaika", "Besvärstid"),
    "appeal_muni_time": (
        "The appeal must be made within ${days} days of being notified of the "
        "decision. The day of notification is not counted.",
        "Valitus on tehtävä ${days} päivän kuluessa päätöksen tiedoksisaannista. "
        "Tiedoksisaantipäivää ei lueta määräaikaan.",
        "Besvär ska anföras inom ${days} dagar från delfåendet av beslutet. "
        "Delfåendedagen räknas inte in i tiden.",
    ),
    "appeal_muni_content_heading": (
        "Content of the appeal",
        "Valituksen sisältö",
        "Besvärets innehåll",
    ),
    "appeal_muni_content": (
        "The appeal must state the decision appealed against, the part of it "
        "concerned and the change demanded, the grounds for the demands, and "
        "the appellant's name and contact details (postal address, telephone "
        "number, e-mail address). If the appeal is made by a representative, "
        "their name and contact details are needed too.",
        "Valituksessa on ilmoitettava päätös, johon haetaan muutosta, miltä osin "
        "päätökseen haetaan muutosta ja mitä muutoksia siihen vaaditaan "
        "tehtäväksi, vaatimusten perustelut sekä valittajan nimi ja yhteystiedot "
        "(postiosoite, puhelinnumero, sähköpostiosoite). Jos valituksen laatii "
        "asiamies, myös hänen nimensä ja yhteystietonsa on ilmoitettava.",
        "Av besväret ska framgå det beslut som överklagas, till vilka delar "
        "ändring söks och vilka ändringar som yrkas, grunderna för yrkandena "
        "samt ändringssökandens namn och kontaktuppgifter (postadress, "
        "telefonnummer, e-postadress). Om besväret har avfattats av ett ombud "
        "ska också ombudets namn och kontaktuppgifter uppges.",
    ),
    "appeal_muni_annex": (
        "Attach to the appeal the decision appealed against, as the original "
        "or a copy, a statement of the day the decision was notified or other "
        "evidence of when the time limit began, and the documents the "
        "appellant relies on, unless already delivered to the authority.",
        "Valitukseen on liitettävä valituksenalainen päätös alkuperäisenä tai "
        "jäljennöksenä, todistus siitä, minä päivänä päätös on annettu "
        "tiedoksi, tai muu selvitys valitusajan alkamisen ajankohdasta sekä "
        "asiakirjat, joihin valittaja vetoaa, jollei niitä ole jo aiemmin "
        "toimitettu viranomaiselle.",
        "Till besväret ska fogas det överklagade beslutet i original eller "
        "kopia, ett intyg över vilken dag beslutet har delgetts eller någon "
        "annan utredning om när besvärstiden har börjat samt de handlingar som "
        "ändringssökanden stöder sig på, om de inte redan tidigare har "
        "tillställts myndigheten.",
    ),
    "appeal_muni_delivery_heading": (
        "Delivering the appeal",
        "Valituksen toimittaminen",
        "Inlämning av besväret",
    ),
    "appeal_muni_delivery": (
        "The appeal is delivered to the administrative court within the time "
        "limit: through the e-services of the administrative and special "
        "courts, by e-mail, by post, by messenger or in person. An appeal "
        "delivered electronically must arrive by the end of the last day "
        "(23:59); one on paper before the court's registry closes that day. "
        "The sender bears the risk of delivery.",
        "Valitus toimitetaan hallinto-oikeudelle valitusajan kuluessa hallinto- "
        "ja erityistuomioistuinten sähköisen asiointipalvelun kautta, "
        "sähköpostilla, postitse, lähetin välityksellä tai henkilökohtaisesti. "
        "Sähköisesti toimitetun valituksen on oltava perillä viimeistään "
        "valitusajan viimeisen päivän päättyessä (klo 23.59), paperisen ennen "
        "hallinto-oikeuden kirjaamon aukioloajan päättymistä. Lähettäjä vastaa "
        "valituksen perillemenosta.",
        "Besväret lämnas till förvaltningsdomstolen inom besvärstiden via "
        "förvaltnings- och specialdomstolarnas e-tjänst, per e-post, per post, "
        "genom bud eller personligen. Ett elektroniskt inlämnat besvär ska vara "
        "framme senast när besvärstidens sista dag går ut (kl. 23.59), ett på "
        "papper innan förvaltningsdomstolens registratorskontor stänger den "
        "dagen. Avsändaren svarar för att besväret kommer fram.",
    ),
    "appeal_muni_fee": (
        "The administrative court charges a court fee under the Court Fees Act "
        "(1455/2015) for handling the appeal. No fee is charged if the court "
        "changes the decision in the appellant's favour, nor in the other cases "
        "laid down by law.",
        "Muutoksenhakuasian käsittelystä hallinto-oikeudessa peritään "
        "tuomioistuinmaksulain (1455/2015) mukainen oikeudenkäyntimaksu. Maksua "
        "ei peritä, jos hallinto-oikeus muuttaa valituksenalaista päätöstä "
        "valittajan eduksi, eikä muissa laissa säädetyissä tapauksissa.",
        "För behandlingen av besväret i förvaltningsdomstolen tas en "
        "rättegångsavgift ut enligt lagen om domstolsavgifter (1455/2015). "
        "Avgiften tas inte ut om förvaltningsdomstolen ändrar det överklagade "
        "beslutet till förmån för ändringssökanden, och inte heller i andra "
        "fall som anges i lag.",
    ),
    "appeal_special_heading": (
        "Appeal under a special act",
        "Muutoksenhaku erityislain nojalla",
        "Ändringssökande enligt speciallag",
    ),
    "appeal_special_intro": (
        "This decision was made under a special act, and the act decides how "
        "changes may be sought: whether by a rectification claim or an appeal, "
        "to which authority or court, and within what time (for example, a "
        "procurement decision to the Market Court, a building permit to the "
        "administrative court).",
        "Päätös on tehty erityislain nojalla, ja muutoksenhaku määräytyy sen "
        "lain mukaan: haetaanko muutosta oikaisuvaatimuksella vai valituksella, "
        "mille viranomaiselle tai tuomioistuimelle ja missä ajassa (esimerkiksi "
        "hankintapäätöksestä markkinaoikeudelle, rakennusluvasta "
        "hallinto-oikeudelle).",
        "Beslutet har fattats med stöd av en speciallag, och ändringssökandet "
        "bestäms enligt den lagen: om ändring söks genom begäran om omprövning "
        "eller genom besvär, hos vilken myndighet eller domstol och inom vilken "
        "tid (till exempel ett upphandlingsbeslut hos marknadsdomstolen, ett "
        "bygglov hos förvaltningsdomstolen).",
    ),
    "appeal_special_annex": (
        "The detailed rectification or appeal instructions under that act are "
        "attached to the decision sent to the parties.",
        "Kyseisen lain mukainen tarkempi oikaisuvaatimus- tai valitusosoitus "
        "liitetään asianosaisille lähetettävään päätökseen.",
        "Den närmare anvisningen om begäran om omprövning eller besvär enligt "
        "den lagen fogas till det beslut som sänds till parterna.",
    ),
    "appeal_none_heading": (
        "Prohibition of appeal",
        "Muutoksenhakukielto",
        "Förbud mot ändringssökande",
    ),
    "appeal_none_text": (
        "No rectification claim or appeal may be made against this decision, "
        "as it concerns only the preparation or execution of a matter (Local "
        "Government Act, section 136).",
        "Tähän päätökseen ei saa hakea muutosta oikaisuvaatimuksella eikä "
        "valittamalla, koska päätös koskee vain asian valmistelua tai "
        "täytäntöönpanoa (kuntalaki 136 §).",
        "Ändring i detta beslut får inte sökas genom begäran om omprövning "
        "eller genom besvär, eftersom beslutet gäller endast beredning eller "
        "verkställighet (kommunallagen 136 §).",
    ),
    "appeal_body_default": (
        "the authority that made the decision",
        "päätöksen tehnyt viranomainen",
        "den myndighet som fattade beslutet",
    ),
}


def _message(msgid, mapping):
    return _(msgid, default=TEXTS[msgid][0], mapping=mapping)


def sections(appeal_type, request=None, body=None):
    """The instructions of ``appeal_type`` as ``[(heading, [paragraph, ...])]``
    translated for ``request``; ``body``: the authority a rectification claim
    is made to (default: "the authority that made the decision"); [] for an
    unknown type."""
    if not body:
        body = translate(_message("appeal_body_default", {}), context=request)
    mapping = {"body": body, "days": APPEAL_DAYS.get(appeal_type, "")}
    shown = []
    for heading, paragraphs in SECTIONS.get(appeal_type, ()):
        shown.append(
            (
                translate(_message(heading, mapping), context=request),
                [
                    translate(_message(msgid, mapping), context=request)
                    for msgid in paragraphs
                ],
            )
        )
    return shown


def instructions(appeal_type, request=None, body=None):
    """The translated paragraphs of ``appeal_type``'s instructions (each
    section's heading first, then its paragraphs)."""
    paragraphs = []
    for heading, texts in sections(appeal_type, request, body=body):
        paragraphs.append(heading)
        paragraphs.extend(texts)
    return paragraphs
