"""Demo step: the accessibility statement ``/saavutettavuusseloste``.

A public page in Finnish following the model statement of the Act on the
Provision of Digital Services (306/2019, 17 §): scope, compliance status
("osittain vaatimusten mukainen"), known non-conformities, feedback (the form
``@@saavutettavuuspalaute``, answered within 14 days) and the supervisory
authority. The feedback task class is set in the registry record
``municipality.publication.feedback_task_class``. Idempotent.
"""

from contextlib import suppress
from municipality.policy.publication.accessibility import FALLBACK_TASK_CLASS
from municipality.policy.publication.accessibility import TASK_CLASS_RECORD
from plone import api
from plone.app.textfield.value import RichTextValue


PAGE_ID = "saavutettavuusseloste"
TITLE = "Saavutettavuusseloste"
DESCRIPTION = (
    "Esimerkkikunnan verkkopalvelun saavutettavuus: mitä on tarkistettu, mikä ei "
    "vielä ole saavutettavaa ja miten annat palautetta."
)

TEXT = """
<p>Tämä saavutettavuusseloste koskee Esimerkkikunnan verkkopalvelua
(kuntaportaali: etusivu, virallinen ilmoitustaulu, diaari, esityslistat,
pöytäkirjat, viranhaltijapäätökset ja kunnan tiedot). Seloste on laadittu
1.12.2026. Palvelua koskee laki digitaalisten palvelujen tarjoamisesta (306/2019),
jossa edellytetään, että julkisten verkkopalvelujen on oltava saavutettavia.</p>

<p>Olemme arvioineet palvelun saavutettavuuden itse: jokainen julkinen sivutyyppi
tarkistetaan automaattisesti axe-core-työkalulla WCAG 2.1 -ohjeiston tasojen A
ja AA vaatimuksia vasten aina, kun palvelua muutetaan, ja sivuja käytetään
näppäimistöllä ja ruudunlukijalla.</p>

<h2>Digipalvelun saavutettavuuden tila</h2>
<p><strong>Osittain vaatimusten mukainen.</strong> Palvelu täyttää
saavutettavuusvaatimukset osittain; puutteet on lueteltu alla.</p>

<h2>Ei-saavutettava sisältö</h2>
<h3>Sisältö, joka ei täytä vaatimuksia</h3>
<ul>
  <li>Osa esityslistojen ja pöytäkirjojen liitteistä on skannattuja
  PDF-tiedostoja, joista puuttuu tekstikerros ja rakenne. Ruudunlukija ei pysty
  lukemaan niitä (WCAG 1.1.1 Ei-tekstuaalinen sisältö, 1.3.1 Informaatio ja
  suhteet). Pyydä asiakirja saavutettavassa muodossa palautelomakkeella.</li>
  <li>Karttaliitteissä (esimerkiksi kaavoitusasioissa) kartan tietoja ei ole
  kuvattu tekstinä (WCAG 1.1.1).</li>
  <li>Valtuuston kokousten verkkolähetysten tallenteissa ei ole tekstitystä
  (WCAG 1.2.2 Tekstitys).</li>
</ul>
<h3>Sisältö, joka ei kuulu lainsäädännön piiriin</h3>
<ul>
  <li>Ennen 23.9.2018 julkaistut toimisto-tiedostot, joita ei tarvita
  hallinnollisen asian hoitamiseen.</li>
  <li>Suorina lähetettävät kokousten verkkolähetykset.</li>
</ul>

<h2>Huomasitko saavutettavuuspuutteen?</h2>
<p>Jos huomaat verkkopalvelussa saavutettavuuspuutteen tai tarvitset sen
sisältöä saavutettavassa muodossa, kerro siitä meille
<a href="@@saavutettavuuspalaute">saavutettavuuspalautteen lomakkeella</a>
tai sähköpostilla kirjaamo@esimerkkikunta.fi. Palautteesi kirjataan, ja
vastaamme siihen 14 päivän kuluessa.</p>

<h2>Valvontaviranomainen</h2>
<p>Jos huomaat sivustolla saavutettavuusongelmia, anna ensin palautetta meille.
Jos et ole tyytyväinen saamaasi vastaukseen tai et saa vastausta lainkaan
kahden viikon aikana, voit tehdä ilmoituksen valvontaviranomaiselle. Sivulla
<a href="https://www.saavutettavuusvaatimukset.fi/">saavutettavuusvaatimukset.fi</a>
kerrotaan, miten ilmoituksen voi tehdä ja miten asia käsitellään.</p>
<p><strong>Valvontaviranomaisen yhteystiedot</strong><br />
Lupa- ja valvontavirasto (1.1.2026 alkaen; aiemmin Etelä-Suomen
aluehallintovirasto), saavutettavuuden valvonta<br />
<a href="https://www.saavutettavuusvaatimukset.fi/">www.saavutettavuusvaatimukset.fi</a>
(ajantasaiset yhteystiedot ja ilmoituslomake)</p>
"""


def load(portal):
    page = portal.get(PAGE_ID)
    if page is None:
        page = api.content.create(
            container=portal,
            type="Document",
            id=PAGE_ID,
            title=TITLE,
            description=DESCRIPTION,
            text=RichTextValue(TEXT.strip(), "text/html", "text/x-html-safe"),
        )
    if not page.exclude_from_nav:
        # linked from every page's footer, not a section of the main navigation
        page.exclude_from_nav = True
        page.reindexObject(idxs=["exclude_from_nav"])
    if api.content.get_state(obj=page, default=None) not in (None, "published"):
        api.content.transition(obj=page, to_state="published")
    if not api.portal.get_registry_record(TASK_CLASS_RECORD, default=None):
        # an older site before its upgrade has no record: the fallback applies
        with suppress(api.exc.InvalidParameterError):
            api.portal.set_registry_record(TASK_CLASS_RECORD, FALLBACK_TASK_CLASS)
