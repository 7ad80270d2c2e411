"""A small OpenID Connect issuer on loopback for the tests, on joserfc (keys, JWS): discovery,
JWKS, an authorisation endpoint that signs in `next_claims` at once (no login form), and a
token endpoint that checks the client, the redirect URI, the code (once) and the PKCE
verifier before it signs the id token. `token_overrides` bends one id token (another
audience, an expiry in the past, another nonce, claims left out) to test the refusals."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "groepsaanpak-test"
CLIENT_SECRET = "client-secret-voor-de-test"  # noqa: S105 - a test value


class Issuer:
    def __init__(self):
        self.key = RSAKey.generate_key(2048, parameters={"kid": "sleutel-1", "use": "sig", "alg": "RS256"})
        self.next_claims: dict = {}
        self.token_overrides: dict = {}
        self.remove_claims: tuple[str, ...] = ()
        self.sign_with: RSAKey | None = None
        self.codes: dict[str, dict] = {}
        self.authorize_requests: list[dict] = []
        self.token_requests: list[dict] = []
        self.issued: list[dict] = []  # the claims of every id token signed
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def _json(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlsplit(self.path)
                if url.path == "/.well-known/openid-configuration":
                    return self._json(200, issuer.discovery())
                if url.path == "/jwks":
                    return self._json(200, {"keys": [issuer.key.as_dict(private=False)]})
                if url.path == "/authorize":
                    query = {k: v[0] for k, v in parse_qs(url.query).items()}
                    issuer.authorize_requests.append(query)
                    code = secrets.token_urlsafe(16)
                    issuer.codes[code] = {**query, "claims": dict(issuer.next_claims)}
                    self.send_response(302)
                    target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
                    self.send_header("Location", target)
                    self.end_headers()
                    return None
                return self._json(404, {})

            def do_POST(self):
                if urlsplit(self.path).path != "/token":
                    return self._json(404, {})
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                issuer.token_requests.append(form)
                grant = issuer.codes.pop(form.get("code", ""), None)  # a code works once
                if (
                    grant is None
                    or form.get("client_id") != CLIENT_ID
                    or form.get("client_secret") != CLIENT_SECRET
                    or form.get("redirect_uri") != grant["redirect_uri"]
                    or form.get("grant_type") != "authorization_code"
                ):
                    return self._json(400, {"error": "invalid_grant"})
                verifier = form.get("code_verifier", "")
                challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
                if grant.get("code_challenge_method") != "S256" or challenge.decode() != grant.get(
                    "code_challenge"
                ):
                    return self._json(400, {"error": "invalid_grant", "error_description": "PKCE"})
                now = int(time.time())
                claims = {
                    "iss": issuer.url,
                    "aud": CLIENT_ID,
                    "iat": now,
                    "exp": now + 300,
                    "nonce": grant.get("nonce"),
                    **grant["claims"],
                    **issuer.token_overrides,
                }
                for name in issuer.remove_claims:
                    claims.pop(name, None)
                issuer.issued.append(claims)
                key = issuer.sign_with or issuer.key
                token = jwt.encode({"alg": "RS256", "kid": "sleutel-1"}, claims, key)
                return self._json(
                    200,
                    {"id_token": token, "access_token": secrets.token_urlsafe(16), "token_type": "Bearer"},
                )

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def discovery(self) -> dict:
        return {
            "issuer": self.url,
            "authorization_endpoint": self.url + "/authorize",
            "token_endpoint": self.url + "/token",
            "jwks_uri": self.url + "/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
