#!/usr/bin/env python3
"""Extracts what the sandbox serves from Fortnox's official OpenAPI
specification into fortnox-api.json beside this script.

Source: the specification Fortnox publishes at
https://apps.fortnox.se/api/apidocs/swagger-v1 (OpenAPI 3.0.3, "Fortnox
API"). The copy used was anikghosh256/fortnox-doc-mcp, openapi.json at
commit bcc5cfa65e655176427c24bce724b50095fe95b3 (2026-02-17); the same
blob ships in jakobwennberg/fortnox-mcp and gotait/fortnox-mcp.

Usage: python3 subset.py path/to/openapi.json
"""
import json
import sys
from pathlib import Path

# path under /3/, scope (docs/fortnox.md §3), identifying field(s)
RESOURCES = [
    ("customers", "customer", ["CustomerNumber"]),
    ("articles", "article", ["ArticleNumber"]),
    ("invoices", "invoice", ["DocumentNumber"]),
    ("orders", "order", ["DocumentNumber"]),
    ("offers", "offer", ["DocumentNumber"]),
    ("projects", "project", ["ProjectNumber"]),
    ("suppliers", "supplier", ["SupplierNumber"]),
    ("supplierinvoices", "supplierinvoice", ["GivenNumber"]),
    ("vouchers", "bookkeeping", ["VoucherSeries", "VoucherNumber"]),
    ("voucherseries", "bookkeeping", ["Code"]),
    ("accounts", "bookkeeping", ["Number"]),
    ("financialyears", "bookkeeping", ["Id"]),
    ("costcenters", "costcenter", ["Code"]),
    ("currencies", "currency", ["Code"]),
    ("invoicepayments", "payment", ["Number"]),
    ("pricelists", "price", ["Code"]),
    ("printtemplates", "print", []),
    ("employees", "salary", ["EmployeeId"]),
    ("salarytransactions", "salary", ["SalaryRow"]),
]
# Answers that are one object, not a list.
SINGLETONS = [
    ("companyinformation", "companyinformation"),
    ("settings/company", "settings"),
    ("me", "profile"),
    ("archive", "archive"),
    ("inbox", "inbox"),
]
GLOBAL_PARAMETERS = {"lastmodified", "financialyear", "financialyeardate", "fromdate", "todate", "filter", "sortby"}


def main(path):
    spec = json.loads(Path(path).read_text())
    schemas = spec["components"]["schemas"]

    def resolve(node):
        while "$ref" in node:
            node = schemas[node["$ref"].rsplit("/", 1)[1]]
        return node

    # Nested objects and rows, by the specification's schema name without
    # its "fortnox_" prefix, each with its fields and required fields.
    models = {}

    def model(ref):
        name = ref.rsplit("/", 1)[1].removeprefix("fortnox_")
        if name not in models:
            models[name] = None  # a schema that refers to itself
            node = resolve({"$ref": ref})
            models[name] = {"fields": fields(node), "required": sorted(node.get("required", []))}
        return name

    def kind(node):
        """A JSON type: a scalar's name, "object:Model", "array:Model" or
        "array:string"; a schema without properties is a free "object"."""
        if "$ref" in node:
            return f"object:{model(node['$ref'])}" if resolve(node).get("properties") else "object"
        t = node.get("type", "object")
        if t == "array":
            items = node.get("items", {})
            if "$ref" in items and resolve(items).get("properties"):
                return f"array:{model(items['$ref'])}"
            return f"array:{items.get('type', 'object')}"
        return t

    def fields(node):
        node = resolve(node)
        return {name: kind(prop) for name, prop in sorted(node.get("properties", {}).items())}

    def wrapped(response_schema):
        wrapper = resolve(response_schema)
        (key, inner), *_ = [(k, v) for k, v in wrapper.get("properties", {}).items() if k != "MetaInformation"]
        return key, inner

    def ok_schema(operation):
        for status in ("200", "201"):
            content = operation.get("responses", {}).get(status, {}).get("content", {})
            if "application/json" in content:
                return content["application/json"]["schema"]
        return None

    out = {"source": __doc__.strip().split("\n\n")[1], "resources": {}, "singletons": {}}
    paths = spec["paths"]
    for name, scope, ids in RESOURCES:
        listing = paths[f"/3/{name}"]
        single_path = next((p for p in paths if p.startswith(f"/3/{name}/{{") and p.count("{") == max(1, len(ids))), None)
        list_key, list_inner = wrapped(ok_schema(listing["get"]))
        entry = {
            "scope": scope,
            "id": ids,
            "list_key": list_key,
            "list_fields": fields(list_inner["items"] if "items" in list_inner else list_inner),
            "methods": sorted(m.upper() for m in listing if m in ("get", "post")),
        }
        params = listing["get"].get("parameters", [])
        for p in params:
            if p["name"] == "filter":
                entry["filters"] = p["schema"].get("enum", [])
            elif p["name"] == "sortby":
                entry["sortby"] = p["schema"].get("enum", [])
        entry["search"] = sorted(p["name"] for p in params if p["name"] not in GLOBAL_PARAMETERS and p.get("in") == "query")
        if single_path:
            single = paths[single_path]
            item_key, item_inner = wrapped(ok_schema(single["get"]))
            entry["item_key"] = item_key
            entry["fields"] = fields(item_inner)
            entry["single_methods"] = sorted(m.upper() for m in single if m in ("get", "put", "delete"))
            content = listing.get("post", {}).get("requestBody", {}).get("content", {})
            body = next((c["schema"] for c in content.values() if "schema" in c), None)
            if body:
                _, payload = wrapped(body)
                entry["required"] = sorted(resolve(payload).get("required", []))
                entry["payload_fields"] = fields(payload)
        out["resources"][name] = entry
    for name, scope in SINGLETONS:
        key, inner = wrapped(ok_schema(paths[f"/3/{name}"]["get"]))
        out["singletons"][name] = {"scope": scope, "key": key, "fields": fields(inner)}
    out["models"] = dict(sorted(models.items()))
    target = Path(__file__).with_name("fortnox-api.json")
    target.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {target} ({target.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
