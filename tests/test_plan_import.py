"""Plan import of what municipalities really have (issue 14): JHS 191 XML from
other tools (schema-valid or not), CSV as Excel exports it, Excel .xlsx, text
lists pasted from a PDF or Word, all through one preview before anything is
written. Fixture files are small and written by hand: tests/data/plans/."""

from municipality.policy.classification import importer
from municipality.policy.classification import planformats
from municipality.policy.classification.planformats import text
from municipality.policy.interfaces import IMunicipalityPolicyLayer
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles
from plone.dexterity.utils import createContentInContainer
from zope.interface import alsoProvides
import base64
import datetime
import io
import openpyxl
import pathlib
import pytest
import re
import requests
import transaction


PLANS = pathlib.Path(__file__).parent / "data" / "plans"


def data(name):
    return (PLANS / name).read_bytes()


def skips(parsed):
    """{line: msgid} of the skipped lines that are errors (not comments)."""
    return {s.line: str(s.reason) for s in parsed.skipped if not s.benign}


def benign(parsed):
    return {s.line: str(s.reason) for s in parsed.skipped if s.benign}


def rows(parsed):
    return [(row.line, row.code, row.title) for row in parsed.rows]


def make_plan(portal, plan_id="tos"):
    creator = portal.get("esimerkkikunta") or api.content.create(
        container=portal,
        type="ArchiveCreator",
        id="esimerkkikunta",
        title="Esimerkkikunta",
        code="ESIM",
    )
    return createContentInContainer(
        creator,
        "ClassificationPlan",
        checkConstraints=False,
        id=plan_id,
        title="Tiedonohjaussuunnitelma",
    )


@pytest.fixture
def plan(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    alsoProvides(portal.REQUEST, IMunicipalityPolicyLayer)
    return make_plan(portal)


def workbook():
    """An Excel sheet as municipalities keep them: a title row, a header
    below it, codes that Excel turned into numbers and a date."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "TOS"
    sheet.append(["Esimerkkikunnan tiedonohjaussuunnitelma"])
    sheet.append([])
    sheet.append(["Tehtäväluokan koodi", "Nimi", "Kuvaus", "Säilytysaika"])
    sheet.append([0, "Hallintoasiat", None, "pysyvä"])  # 4: typed 00
    sheet.append([0.01, "Hallintoasioiden ohjaus", "Ohjeet", 10])  # 5: typed 00.01
    sheet.append([0.1, "Tiedonhallinta", None, None])  # 6: 00.10? ambiguous
    sheet.append([datetime.datetime(2026, 2, 1), "Päätöksenteko", None, None])  # 7
    sheet.append(["00.01.01", "Toimintasäännöt", None, "6 v"])  # 8
    sheet.append([0.001, "Liian tarkka luku", None, None])  # 9
    sheet.append([None, "Nimi ilman koodia", None, None])  # 10
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------ readers


class TestReaders:
    def test_detect_by_content(self):
        assert planformats.detect(data("other-tool.xml")) == "xml"
        assert planformats.detect(data("excel-export.csv")) == "csv"
        assert planformats.detect(data("excel-export-cp1252.csv")) == "csv"
        assert planformats.detect(data("code-first.txt")) == "text"
        assert planformats.detect(data("code-last.txt")) == "text"
        assert planformats.detect(workbook()) == "xlsx"
        assert planformats.detect(b"00,Hallintoasiat\n00 01,Ohjaus\n") == "csv"

    def test_jhs191_from_another_tool_not_schema_valid(self):
        parsed = planformats.read(data("other-tool.xml"))
        assert rows(parsed) == [
            (9, "00", "Hallintoasiat"),
            (13, "00.01", "Hallintoasioiden ohjaus"),
            (31, "00.01.01", "Toimintasäännöt"),
            (49, "07.01", "Orpo luokka"),
        ]
        assert skips(parsed) == {
            21: "msg_import_bad_value",  # JulkisuusluokkaKoodi 9
            28: "msg_import_no_class_code",  # a Luokka without Luokitustunnus
            43: "msg_import_bad_value",  # record type Muistilappu
        }
        by_line = {s.line: s for s in parsed.skipped}
        assert by_line[21].element.endswith("/tos:JulkisuusluokkaKoodi")
        assert by_line[28].element == "/tos:Tos/tos:Luokka[3]"
        assert by_line[43].element.endswith("/tos:Asiakirjatieto[2]")
        assert by_line[43].reason.mapping["value"] == "Muistilappu"
        # the schema check is information, not a refusal
        assert [str(n.message) for n in parsed.notes] == ["msg_import_xml_not_valid"]
        leaf = parsed.rows[2]
        assert leaf.values["retention_period"] == -1
        assert leaf.values["record_types"] == [
            {"record_type": "Päätös", "action_class": "paatoksenteko"}
        ]
        assert parsed.rows[1].title_sv == "Styrning av förvaltningsärenden"
        assert parsed.rows[1].values["publicity_class"] is None  # 9 skipped

    def test_xml_without_namespace_and_nested_classes(self):
        nested = (
            b"<Tos>\n<Luokka><Luokitustunnus>05</Luokitustunnus>"
            b"<Nimeke><NimekeTeksti>Sosiaalitoimi</NimekeTeksti></Nimeke>\n"
            b"  <Luokka><Luokitustunnus>05 01</Luokitustunnus>"
            b"<NimekeTeksti>Lastensuojelu</NimekeTeksti>\n"
            b"    <VoimassaoloAlkaaPvm>2026-13-01</VoimassaoloAlkaaPvm></Luokka>"
            b"</Luokka>\n</Tos>"
        )
        parsed = planformats.read(nested)
        assert rows(parsed) == [
            (2, "05", "Sosiaalitoimi"),
            (3, "05.01", "Lastensuojelu"),
        ]
        assert skips(parsed) == {4: "msg_import_bad_value"}  # the date
        assert [str(n.message) for n in parsed.notes] == [
            "msg_import_xml_other_namespace"
        ]

    def test_xml_with_doctype_is_refused_and_expands_nothing(self):
        bomb = (
            b'<?xml version="1.0"?>\n<!DOCTYPE Tos [<!ENTITY a "aaaaaaaaaa">]>\n'
            b"<Tos><Luokka><Luokitustunnus>00</Luokitustunnus>"
            b"<Nimeke><NimekeTeksti>&a;</NimekeTeksti></Nimeke></Luokka></Tos>"
        )
        with pytest.raises(importer.ImportProblem) as info:
            planformats.read(bomb)
        assert str(info.value.message) == "msg_import_xml_doctype"
        assert info.value.field == "file"

    def test_csv_with_bom_and_semicolons(self):
        parsed = planformats.read(data("excel-export.csv"))
        assert parsed.kind == "csv"
        assert rows(parsed) == [
            (3, "00", "Hallintoasiat"),
            (4, "00.01", "Hallintoasioiden ohjaus"),
            (5, "00.02", "Päätöksenteko"),
        ]
        assert parsed.rows[0].title_sv == "Förvaltningsärenden"  # column "Namn"
        assert parsed.rows[0].values == {"retention_period": -1}  # "pysyvä"
        assert parsed.rows[1].values == {"retention_period": 10}  # "10 v"
        assert benign(parsed) == {1: "msg_import_before_header"}
        assert skips(parsed) == {
            5: "msg_import_bad_value",  # "ikuinen": the class comes, the value not
            6: "msg_import_bad_code",  # "00 0x"
            7: "msg_import_no_title",
        }
        assert parsed.notes == []

    def test_csv_in_windows_1252(self):
        parsed = planformats.read(data("excel-export-cp1252.csv"))
        assert rows(parsed)[2] == (5, "00.02", "Päätöksenteko")
        assert parsed.rows[0].title_sv == "Förvaltningsärenden"
        assert [str(n.message) for n in parsed.notes] == ["msg_import_cp1252"]

    def test_bytes_no_finnish_text_has_is_refused_with_its_line(self):
        with pytest.raises(importer.ImportProblem) as info:
            planformats.read(b"00,Hallintoasiat\n00 01,\x81\x8d\n", "csv")
        assert info.value.line == 2

    def test_xlsx_numbers_dates_and_header_below_a_title(self):
        parsed = planformats.read(workbook())
        assert parsed.kind == "xlsx"
        assert rows(parsed) == [
            (4, "00", "Hallintoasiat"),
            (5, "00.01", "Hallintoasioiden ohjaus"),
            (6, "00.10", "Tiedonhallinta"),
            (7, "01.02", "Päätöksenteko"),
            (8, "00.01.01", "Toimintasäännöt"),
        ]
        assert parsed.rows[1].description == "Ohjeet"
        assert parsed.rows[1].values == {"retention_period": 10}
        assert parsed.rows[4].values == {"retention_period": 6}
        assert benign(parsed) == {1: "msg_import_before_header"}
        assert skips(parsed) == {9: "msg_import_bad_code", 10: "msg_import_bad_code"}
        notes = {n.line: str(n.message) for n in parsed.notes}
        assert notes == {6: "msg_import_number_code", 7: "msg_import_date_code"}

    def test_text_code_first_with_comments_bullets_and_leaders(self):
        parsed = planformats.read(data("code-first.txt"))
        assert rows(parsed) == [
            (4, "00", "Hallintoasiat"),
            (5, "00.01", "Hallintoasioiden ohjaus"),
            (6, "00.02", "Päätöksenteko ja johtaminen"),
            (7, "00.02.01", "ICT-palvelut ja tietohallinto"),
        ]
        assert benign(parsed) == {
            1: "msg_import_comment",
            8: "msg_import_comment",
            10: "msg_import_page_noise",
        }
        assert skips(parsed) == {
            2: "msg_import_no_code_on_line",  # the page header
            9: "msg_import_no_code_on_line",  # "0O.03": a letter O
        }
        assert [str(n.message) for n in parsed.notes] == ["msg_import_sentence_case"]
        assert parsed.notes[0].message.mapping["count"] == 2

    def test_text_keep_case(self):
        parsed = planformats.read(data("code-first.txt"), keep_case=True)
        assert parsed.rows[0].title == "HALLINTOASIAT"
        assert parsed.notes == []

    def test_text_code_last(self):
        parsed = planformats.read(data("code-last.txt"))
        assert rows(parsed) == [
            (2, "00", "Hallintoasiat"),
            (3, "00.01", "Hallintoasioiden ohjaus"),
            (4, "00.02", "Päätöksenteko ja johtaminen"),
            (7, "00.02.05", "Kuntalaisaloitteet"),
        ]
        assert benign(parsed) == {1: "msg_import_comment", 8: "msg_import_page_noise"}
        assert skips(parsed) == {6: "msg_import_no_code_on_line"}

    def test_sentence_case_keeps_abbreviations(self):
        assert text.sentence_case("EU-ASIAT JA HR") == "EU-asiat ja HR"
        assert text.sentence_case("ÄIDINKIELI OCH LITTERATUR") == (
            "Äidinkieli och litteratur"
        )


# ------------------------------------------------------------------ preview


class TestPreview:
    def test_preview_writes_nothing(self, plan):
        importer.import_data(plan, "00,Hallinto\n")
        result, token = importer.preview_step(plan, data("excel-export.csv"))
        assert [item.row.code for item in result.created] == ["00.01", "00.02"]
        assert [item.row.code for item in result.updated] == ["00"]
        assert result.updated[0].changes == {
            "title": ("Hallinto", "Hallintoasiat"),
            "title_sv": (None, "Förvaltningsärenden"),
            "retention_period": (None, -1),
        }
        assert token
        assert plan.objectIds() == ["00"]
        assert plan["00"].title == "Hallinto"
        assert plan["00"].objectIds() == []

    def test_apply_writes_exactly_the_preview(self, plan):
        importer.import_data(plan, "00,Hallinto\n")
        body = data("excel-export.csv")
        result, token = importer.preview_step(plan, body)
        shown = (
            [i.row.code for i in result.created],
            [i.row.code for i in result.updated],
        )
        _again, counts = importer.apply_step(plan, body, token)
        assert counts == {"created": 2, "updated": 1}
        assert shown == (["00.01", "00.02"], ["00"])
        top = plan["00"]
        assert (top.title, top.title_sv, top.retention_period) == (
            "Hallintoasiat",
            "Förvaltningsärenden",
            -1,
        )
        assert sorted(top.objectIds()) == ["00.01", "00.02"]
        assert top["00.01"].retention_period == 10
        assert top["00.01"].title_sv == "Styrning av förvaltningsärenden"
        # the skipped value ("ikuinen") leaves the class's inherited one
        assert top["00.02"].retention_period == -1
        # a second preview: nothing left to do
        result, _token = importer.preview_step(plan, body)
        assert result.counts() == {
            "created": 0,
            "updated": 0,
            "unchanged": 3,
            "skipped": 4,
        }

    def test_stale_token_writes_nothing(self, plan):
        body = b"00,Hallintoasiat\n00 01,Ohjaus\n"
        importer.import_data(plan, b"00,Hallintoasiat\n")
        _result, token = importer.preview_step(plan, body)
        plan["00"].title = "Muutettu välillä"  # someone edits in between
        with pytest.raises(importer.StalePreview) as info:
            importer.apply_step(plan, body, token)
        assert info.value.field == "token"
        assert info.value.preview.updated[0].changes["title"] == (
            "Muutettu välillä",
            "Hallintoasiat",
        )
        assert plan["00"].objectIds() == []
        # a token of another file does not apply this one
        _result, token = importer.preview_step(plan, b"00,Hallintoasiat\n")
        with pytest.raises(importer.StalePreview):
            importer.apply_step(plan, body, token)
        assert plan["00"].objectIds() == []

    def test_other_tool_xml_imports_the_meaningful_part(self, plan):
        body = data("other-tool.xml")
        result, token = importer.preview_step(plan, body)
        assert [i.row.code for i in result.created] == ["00", "00.01", "00.01.01"]
        # 07 is neither in the plan nor in the file: 07.01 is skipped, not made up
        orphan = [s for s in result.skipped if s.line == 49]
        assert str(orphan[0].reason) == "msg_import_no_parent"
        assert sorted(s.line for s in result.skipped) == [21, 28, 43, 49]
        importer.apply_step(plan, body, token)
        leaf = plan["00"]["00.01"]["00.01.01"]
        assert leaf.record_types == [
            {"record_type": "Päätös", "action_class": "paatoksenteko"}
        ]
        assert leaf.retention_period == -1
        assert plan["00"]["00.01"].retention_period == 10
        assert "07" not in plan.objectIds()

    def test_one_step_import_refuses_a_file_with_skipped_lines(self, plan):
        with pytest.raises(importer.ImportProblem) as info:
            importer.import_data(plan, data("code-last.txt"))
        assert info.value.line == 6
        assert plan.objectIds() == []
        # comments and page footers alone are no reason to refuse
        importer.import_data(plan, b"# TOS\n00 HALLINTOASIAT\nSivu 1\n")
        assert plan["00"].title == "Hallintoasiat"

    def test_file_of_only_comments_names_the_lines_field(self, plan):
        with pytest.raises(importer.ImportProblem) as info:
            importer.preview_step(plan, b"# vain kommentti\n", field="lines")
        assert info.value.field == "lines"
        assert str(info.value.message) == "msg_import_empty"


# ------------------------------------------------------------------ the page


class TestImportPage:
    def post(self, plan, form, upload=None, filename="tos.csv"):
        from ZPublisher.HTTPRequest import FileUpload

        class Storage:
            def __init__(self, data):
                self.file = io.BytesIO(data)
                self.filename = filename
                self.name = "form.widgets.file"
                self.headers = {"content-type": "application/octet-stream"}

        request = plan.REQUEST
        request.form.clear()
        request.form.update({"form.widgets.format-empty-marker": "1"})
        for key, value in form.items():  # as ZPublisher reads name:list
            if key.endswith(":list"):
                key, value = key[: -len(":list")], [value]
            request.form[key] = value
        if upload is not None:
            request.form["form.widgets.file"] = FileUpload(Storage(upload))
        return api.content.get_view("tos-import", plan, request)()

    def preview(self, plan, upload, **form):
        return self.post(
            plan,
            {
                "form.widgets.format:list": "auto",
                "form.buttons.preview": "Esikatsele",
                **form,
            },
            upload,
        )

    def hidden(self, html):
        return dict(
            re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)
        )

    def test_preview_lists_creates_updates_skips_and_writes_nothing(self, plan):
        importer.import_data(plan, "00,Hallinto\n")
        html = self.preview(plan, data("excel-export.csv"))
        assert "kp-import-created" in html and "kp-import-updated" in html
        assert "Hallinto</td>" in html and "Hallintoasiat</td>" in html  # old, new
        skipped = html.split("kp-import-skipped")[1]
        assert "00 0x" in skipped and "ikuinen" in skipped
        assert plan["00"].title == "Hallinto" and plan["00"].objectIds() == []
        hidden = self.hidden(html)
        assert hidden["form.widgets.format:list"] == "csv"
        assert base64.b64decode(hidden["kp-upload"]) == data("excel-export.csv")

    def test_apply_step_imports_the_preview(self, plan):
        html = self.preview(plan, data("other-tool.xml"))
        hidden = self.hidden(html)
        self.post(plan, {**hidden, "form.buttons.apply": "Tuo"})
        assert plan["00"]["00.01"]["00.01.01"].title == "Toimintasäännöt"

    def test_tampered_upload_is_not_written(self, plan):
        hidden = self.hidden(self.preview(plan, b"00,Hallintoasiat\n"))
        hidden["kp-upload"] = base64.b64encode(b"00,Hallintoasiat\n05,Muu\n").decode()
        html = self.post(plan, {**hidden, "form.buttons.apply": "Tuo"})
        assert plan.objectIds() == []
        assert "kp-import-preview" in html  # the new preview is shown instead

    def test_pasted_lines(self, plan):
        html = self.preview(
            plan, None, **{"form.widgets.lines": "00 HALLINTOASIAT\nSotku\n"}
        )
        assert "Hallintoasiat</td>" in html
        hidden = self.hidden(html)
        assert hidden["kp-source"] == "lines"
        self.post(plan, {**hidden, "form.buttons.apply": "Tuo"})
        assert plan["00"].title == "Hallintoasiat"

    def test_unreadable_file_is_an_error_on_the_file_field(self, plan):
        html = self.preview(plan, b"\x81\x8d\x8f")
        assert "Rivi 1:" in html
        assert "invalid-feedback" in html or "fieldErrorBox" in html
        assert plan.objectIds() == []


# ------------------------------------------------------------------ REST


@pytest.fixture
def rest_plan(rest_portal):
    setRoles(rest_portal, TEST_USER_ID, ["Manager"])
    plan = make_plan(rest_portal)
    transaction.commit()
    return plan


AUTH = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
JSON = {"Accept": "application/json"}


class TestRest:
    def test_dry_run_then_token(self, rest_plan):
        url = f"{rest_plan.absolute_url()}/@tos"
        body = data("code-first.txt")
        response = requests.post(
            url,
            params={"dry_run": "true"},
            data=body,
            auth=AUTH,
            timeout=60,
            headers={**JSON, "Content-Type": "text/plain"},
        )
        assert response.status_code == 200, response.text
        preview = response.json()
        assert preview["format"] == "text"
        assert [c["code"] for c in preview["created"]] == [
            "00",
            "00.01",
            "00.02",
            "00.02.01",
        ]
        assert {(s["line"], s["benign"]) for s in preview["skipped"]} == {
            (1, True),
            (2, False),
            (8, True),
            (9, False),
            (10, True),
        }
        transaction.begin()
        assert rest_plan.objectIds() == []
        response = requests.post(
            url,
            params={"token": preview["token"]},
            data=body,
            auth=AUTH,
            timeout=60,
            headers={**JSON, "Content-Type": "text/plain"},
        )
        assert response.status_code == 200, response.text
        assert response.json()["created"] == 4
        transaction.begin()
        assert rest_plan["00"]["00.02"]["00.02.01"].title == (
            "ICT-palvelut ja tietohallinto"
        )

    def test_json_lines_and_errors_name_the_field(self, rest_plan):
        url = f"{rest_plan.absolute_url()}/@tos"

        def post(payload):
            return requests.post(url, json=payload, auth=AUTH, timeout=60, headers=JSON)

        response = post({"lines": "# vain kommentti\n", "dry_run": True})
        assert response.status_code == 400
        assert response.json()["error"]["field"] == "lines"
        response = post({"file": {"data": "ei base64:ää", "encoding": "base64"}})
        assert response.status_code == 400
        assert response.json()["error"]["field"] == "file"
        response = post({"lines": "00 Hallinto\n", "format": "pdf"})
        assert response.status_code == 400
        assert response.json()["error"]["field"] == "format"
        response = post({"lines": "00 Hallinto\n", "token": "0" * 64})
        assert response.status_code == 400
        assert response.json()["error"]["field"] == "token"
        assert response.json()["preview"]["counts"]["created"] == 1
        transaction.begin()
        assert rest_plan.objectIds() == []
        upload = base64.b64encode(data("excel-export.csv")).decode()
        response = post({"file": {"data": upload, "encoding": "base64"}, "dry_run": 1})
        assert response.status_code == 200, response.text
        assert response.json()["counts"]["created"] == 3
        xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = requests.post(
            url,
            params={"dry_run": "1"},
            data=workbook(),
            auth=AUTH,
            timeout=60,
            headers={**JSON, "Content-Type": xlsx},
        )
        assert response.status_code == 200, response.text
        assert response.json()["format"] == "xlsx"
        assert [n["line"] for n in response.json()["notes"]] == [6, 7]
