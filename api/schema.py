"""OpenAPI: the bearer token as security scheme, and the server-rendered docs page's
view of the schema (no JavaScript, nothing from a CDN: the site's CSP forbids both)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Persoonlijk API-token: maak het aan op uw profielpagina of met "
            "`python manage.py create_api_token <gebruikersnaam>`.",
        }


METHODS = ("get", "post", "put", "patch", "delete")


def _schema_of(content: dict, components: dict) -> dict:
    for media in content.values():
        ref = media.get("schema", {})
        if "$ref" in ref:
            name = ref["$ref"].rsplit("/", 1)[-1]
            return {"name": name, **components.get(name, {})}
        return ref
    return {}


def _fields(schema: dict) -> list[dict]:
    required = set(schema.get("required", []))
    fields = []
    for name, prop in schema.get("properties", {}).items():
        kind = prop.get("type") or ("object" if "$ref" in prop or "allOf" in prop else "")
        if kind == "array":
            items = prop.get("items", {})
            kind = f"array of {items.get('type') or items.get('$ref', '').rsplit('/', 1)[-1] or 'object'}"
        elif "$ref" in prop:
            kind = prop["$ref"].rsplit("/", 1)[-1]
        fields.append(
            {
                "name": name,
                "type": kind,
                "required": name in required,
                "enum": prop.get("enum") or [],
                "description": prop.get("description", ""),
                "read_only": prop.get("readOnly", False),
            }
        )
    return fields


def operations(schema: dict) -> list[dict]:
    """Flatten the OpenAPI document into what the docs page lists."""
    components = schema.get("components", {}).get("schemas", {})
    result = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {})
            request_schema = _schema_of(body.get("content", {}), components) if body else {}
            responses = []
            for code, response in op.get("responses", {}).items():
                responses.append(
                    {
                        "code": code,
                        "description": response.get("description", ""),
                        "schema": _schema_of(response.get("content", {}), components).get("name", ""),
                    }
                )
            result.append(
                {
                    "id": f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", ""),
                    "method": method.upper(),
                    "path": path,
                    "tag": (op.get("tags") or ["api"])[0],
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": p.get("schema", {}).get("type", ""),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "content_types": list(body.get("content", {}).keys()) if body else [],
                    "request": _fields(request_schema),
                    "responses": responses,
                }
            )
    return result
