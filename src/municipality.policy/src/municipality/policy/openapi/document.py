"""The OpenAPI 3.1 document of the portal's own REST services.

Built once per process from data files and reused (a deep copy per request,
with the site's URL as the server):

- ``components.yaml``: info texts, tags (one per subpackage), security
  schemes (plone.restapi's HTTP Basic and JWT bearer), the shared
  parameters, error shapes and responses (400 ``{"type", "message",
  "field", "errors"}``, 401, 403, 404, 413, 429);
- ``paths/<subpackage>.yaml``: the subpackage's paths. Each path item names
  the interface its service is registered for (``x-for``, a dotted name or
  a list of them when one path serves several types):
  a service of a content object has the object's path below the site as its
  first path parameter (``/{meeting}/@agenda``);
- generated: the e-service forms' request bodies from
  ``eservices/schemas/<kind>.json`` (``Submission_<kind>`` and their
  ``oneOf``), the OParl 1.1 objects from ``opendata/schemas/oparl-1.1``
  (``OParl<Type>``), and the 6Aika API's paths and definitions from its
  swagger (``Paatos<Definition>``, under ``/@paatos/v1/``).

``services_documented(doc)`` lists ``(method, service name, interface)`` of
the document; ``registered_services()`` the same of the ``plone:service``
registrations of our packages in the component registry:
tests/test_openapi.py keeps the two equal.
"""

from functools import cache
from importlib.metadata import version
from municipality.policy.eservices import attachments
from municipality.policy.eservices import forms
from municipality.policy.eservices.settings import KINDS
from municipality.policy.opendata import paatos
from pathlib import Path
from plone.rest import negotiation
from zope.component import getGlobalSiteManager
from zope.dottedname.resolve import resolve
import copy
import json
import re
import yaml


HERE = Path(__file__).parent
PATHS = HERE / "paths"
OPENAPI = "3.1.0"
METHODS = ("get", "put", "post", "delete", "patch", "options", "head")
OPARL = HERE.parent / "opendata" / "schemas" / "oparl-1.1"
#: the packages whose services are "ours"
PACKAGES = ("municipality.",)


def _yaml(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def package_version():
    try:
        return version("municipality.policy")
    except Exception:  # noqa: BLE001  (not installed as a distribution)
        return "0"


# ------------------------------------------------------------- generated parts


def attachments_schema():
    """The optional ``attachments`` of a submission (``eservices.attachments``)."""
    rules = attachments.describe()
    return {
        "type": "array",
        "maxItems": rules["max_count"],
        "description": (
            f"Optional files, at most {rules['max_count']}, each at most "
            f"{rules['max_size'] // 2**20} MB, together at most "
            f"{rules['max_total'] // 2**20} MB. The type is sniffed from the "
            f"content ({', '.join(rules['types'])}); the name and a given type "
            "are not trusted. A refused file is a 400 naming `attachments[i]`."
        ),
        "items": {
            "type": "object",
            "required": ["filename", "data"],
            "properties": {
                "filename": {"type": "string", "minLength": 1},
                "data": {"type": "string", "contentEncoding": "base64"},
                "content_type": {"type": "string", "description": "Ignored."},
            },
        },
    }


def submission_schemas():
    """``Submission_<kind>`` per form (its JSON Schema with ``kind``) and
    ``Submission`` (one of them, by ``kind``)."""
    schemas = {}
    for kind in KINDS:
        schema = copy.deepcopy(forms.schema(kind))
        schema.pop("$schema", None)
        schema.pop("$id", None)
        schema["properties"] = {
            "kind": {"const": kind, "description": "The form."},
            **schema["properties"],
            attachments.FIELD: attachments_schema(),
        }
        schema["required"] = ["kind", *schema.get("required", [])]
        schema["x-form-schema"] = f"@submissions/schemas/{kind}"
        schemas[f"Submission_{kind}"] = schema
    schemas["Submission"] = {
        "description": "One e-service form (the field `kind`); its JSON Schema "
        "is also published at `GET @submissions/schemas/<kind>`.",
        "oneOf": [
            {"$ref": f"#/components/schemas/Submission_{kind}"} for kind in KINDS
        ],
        "discriminator": {"propertyName": "kind"},
    }
    return schemas


def _oparl_refs(value):
    """The OParl schemas' references to each other (``"schema": "X.json"``
    and ``$ref``) as component references; their template descriptions
    (``{{ ... }}``) left out."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "description" and isinstance(item, str) and "{{" in item:
                continue
            if key == "schema" and isinstance(item, str) and item.endswith(".json"):
                out["$ref"] = f"#/components/schemas/OParl{item[:-5]}"
                continue
            if key == "$ref" and isinstance(item, str) and item.endswith(".json"):
                out["$ref"] = f"#/components/schemas/OParl{item[:-5]}"
                continue
            out[key] = _oparl_refs(item)
        return out
    if isinstance(value, list):
        return [_oparl_refs(item) for item in value]
    return value


def oparl_schemas():
    schemas = {}
    for path in sorted(OPARL.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        schema = _oparl_refs(schema)
        schema["externalDocs"] = {
            "url": f"https://schema.oparl.org/1.1/{path.stem}",
            "description": "OParl 1.1",
        }
        schemas[f"OParl{path.stem}"] = schema
    return schemas


def _swagger_refs(value):
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str):
                item = item.replace("#/definitions/", "#/components/schemas/Paatos")
            out[key] = _swagger_refs(item)
        return out
    if isinstance(value, list):
        return [_swagger_refs(item) for item in value]
    return value


def _paatos_parameter(parameter):
    """A Swagger 2.0 query or path parameter as an OpenAPI 3.1 one."""
    schema = {
        key: parameter[key]
        for key in ("type", "format", "enum", "minimum", "maximum", "items")
        if key in parameter
    }
    out = {"name": parameter["name"], "in": parameter["in"], "schema": schema}
    if parameter.get("description"):
        out["description"] = parameter["description"]
    if parameter["in"] == "path" or parameter.get("required"):
        out["required"] = True
    return out


#: parameters every 6Aika list takes here (the choices of ``paatos.DESCRIPTION``)
PAATOS_LIST_PARAMETERS = [
    {"$ref": "#/components/parameters/PaatosLimit"},
    {"$ref": "#/components/parameters/PaatosOffset"},
    {"$ref": "#/components/parameters/PaatosPage"},
    {"$ref": "#/components/parameters/PaatosPageSize"},
    {"$ref": "#/components/parameters/PaatosModifiedSince"},
]


def paatos_parts():
    """(paths, schemas) of the 6Aika API under ``/@paatos/v1``, from its swagger."""
    swagger = paatos.swagger()
    schemas = {
        f"Paatos{name}": _swagger_refs(definition)
        for name, definition in (swagger.get("definitions") or {}).items()
    }
    paths = {}
    for path, item in (swagger.get("paths") or {}).items():
        kind = path.strip("/").split("/")[0]
        out_item = {"x-for": "plone.base.interfaces.IPloneSiteRoot"}
        operation = copy.deepcopy(item.get("get") or {})
        detail = "{id}" in path
        parameters = []
        for parameter in operation.get("parameters", []):
            if parameter.get("in") not in ("query", "path"):
                continue
            if parameter["name"] in ("limit", "offset", "page", "page_size"):
                continue
            parameters.append(_paatos_parameter(parameter))
        if detail and not any(p["in"] == "path" for p in parameters):
            parameters.insert(
                0,
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer"},
                },
            )
        for parameter in parameters:
            if parameter["in"] == "path":
                parameter["schema"] = {"type": "integer", "minimum": 0}
                parameter["description"] = (
                    "The object's integer id (derived from its UID; survives "
                    "export and import)."
                )
        filters = [name for name, kinds in paatos.FILTERS.items() if kind in kinds]
        if not detail:
            names = {p["name"] for p in parameters}
            parameters = [
                p for p in parameters if p["in"] != "query" or p["name"] in filters
            ]
            for name in filters:
                if name not in names:
                    parameters.append(
                        {
                            "name": name,
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 0},
                            "description": f"Only objects linked to the {name} of this id.",
                        }
                    )
            parameters = [
                p for p in parameters if p["in"] != "query" or p["name"] in filters
            ]
            parameters += PAATOS_LIST_PARAMETERS
        responses = operation.get("responses") or {}
        ok = responses.get("200") or responses.get(200) or {}
        schema = _swagger_refs(ok.get("schema") or {"type": "object"})
        out_operation = {
            "operationId": f"paatos_{kind}_{'detail' if detail else 'list'}",
            "summary": operation.get("summary")
            or f"6Aika: {'one' if detail else 'list of'} {kind}",
            "description": (operation.get("description") or "")
            + "\n\nAnonymous, read-only, public and published only; CORS `*`.",
            "tags": ["opendata"],
            "parameters": parameters,
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": schema}},
                },
                "400": {"$ref": "#/components/responses/BadRequest"},
                "404": {"$ref": "#/components/responses/NotFound"},
            },
        }
        if detail:
            del out_operation["responses"]["400"]
        out_item["get"] = out_operation
        paths[f"/@paatos/v1{path}"] = out_item
    return paths, schemas


# ------------------------------------------------------------------ assembly


@cache
def _static():
    components = _yaml(HERE / "components.yaml")
    doc = {
        "openapi": OPENAPI,
        "info": components.pop("info"),
        "servers": [],
        "security": components.pop("security"),
        "tags": components.pop("tags"),
        "paths": {},
        "components": components,
    }
    doc["info"]["version"] = package_version()
    for path in sorted(PATHS.glob("*.yaml")):
        tag = path.stem
        for url, item in (_yaml(path) or {}).items():
            if url in doc["paths"]:
                raise ValueError(f"{url} described twice ({path.name})")
            for method in METHODS:
                if method in item:
                    item[method].setdefault("tags", [tag])
            doc["paths"][url] = item
    schemas = doc["components"].setdefault("schemas", {})
    schemas.update(submission_schemas())
    schemas.update(oparl_schemas())
    paths, paatos_schemas = paatos_parts()
    schemas.update(paatos_schemas)
    doc["paths"].update(paths)
    doc["paths"] = dict(sorted(doc["paths"].items()))
    return doc


def document(site_url):
    """The document with ``site_url`` as its server (a fresh copy)."""
    doc = copy.deepcopy(_static())
    doc["servers"] = [{"url": site_url, "description": "This portal (the Plone site)."}]
    return doc


# ------------------------------------------------------------- completeness

_SERVICE_NAME = re.compile(r"^/(?:\{[^}/]+\}/)?(@[^/{}]+)")


def services_documented(doc):
    """``{(METHOD, "@name", interface)}`` of the operations in ``doc``."""
    found = set()
    for url, item in doc["paths"].items():
        match = _SERVICE_NAME.match(url)
        if match is None:
            raise ValueError(f"{url}: no service name")
        names = item["x-for"]
        for name in [names] if isinstance(names, str) else names:
            for method in METHODS:
                if method in item:
                    found.add((method.upper(), match.group(1), resolve(name)))
    return found


def _service_ids():
    """plone.rest's service ids (``GET_application_json_``), longest first."""
    ids = {
        service_id
        for types in negotiation._services.values()
        for subtypes in types.values()
        for service_id in subtypes.values()
    }
    return sorted(ids, key=len, reverse=True)


def registered_services(packages=PACKAGES):
    """``{(METHOD, "@name", interface)}`` of the ``plone:service``
    registrations whose factory is in one of ``packages``.

    plone.rest registers each service as a named adapter of (interface,
    layer), named ``<METHOD>_<type>_<subtype>_<name>``, whose factory is a
    class made from the given one (``zcml.serviceDirective``)."""
    service_ids = _service_ids()
    found = set()
    for registration in getGlobalSiteManager().registeredAdapters():
        name = registration.name or ""
        prefix = next((sid for sid in service_ids if name.startswith(sid)), None)
        if prefix is None:
            continue
        factory = registration.factory
        method = getattr(factory, "method", None)
        original = factory.__bases__[0] if isinstance(factory, type) else factory
        module = getattr(original, "__module__", "") or ""
        if not method or not module.startswith(packages):
            continue
        found.add((method, name[len(prefix) :], registration.required[0]))
    return found
