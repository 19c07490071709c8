"""Issuer keys and VC-JWT signing (Open Badges 3.0, "JSON Web Token Proof Format").

The cryptography is PyJWT's (`EdDSA`) over `cryptography`'s Ed25519 keys; nothing here signs or
checks a signature by hand.
"""

import base64
import hashlib
import json
from dataclasses import dataclass, field

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from jwt.algorithms import OKPAlgorithm

from .models import IssuerKey

ALGORITHM = "EdDSA"


def _thumbprint(jwk: dict) -> str:
    """The RFC 7638 thumbprint of an OKP public key: a stable `kid`."""
    canonical = json.dumps(
        {"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]}, separators=(",", ":")
    )
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def issuer_key_for(organisation) -> IssuerKey:
    """The organisation's signing key, made on first use (concurrent first uses make one)."""
    keys = IssuerKey.objects.select_related("organisation")
    existing = keys.filter(organisation=organisation).first()
    if existing is not None:
        return existing
    private_key = Ed25519PrivateKey.generate()
    public_key = private_key.public_key()
    jwk = OKPAlgorithm.to_jwk(public_key, as_dict=True)
    try:
        with transaction.atomic():
            return IssuerKey.objects.create(
                organisation=organisation,
                kid=_thumbprint(jwk),
                private_key_pem=private_key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                ).decode(),
                public_key_pem=public_key.public_bytes(
                    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
                ).decode(),
            )
    except IntegrityError:
        return IssuerKey.objects.get(organisation=organisation)


def key_url(key: IssuerKey) -> str:
    """The `kid` in headers and JWKS: a URL that dereferences to the JWK (as OB 3.0 asks)."""
    path = reverse("badges:key", args=[key.organisation.slug, key.kid])
    return settings.SITE_URL.rstrip("/") + path


def _thumbprint_from_kid(kid: str) -> str:
    """The key's thumbprint from a `kid`: the last segment of its URL (or a bare thumbprint),
    so credentials keep verifying if the site moves to another address."""
    return kid.rstrip("/").rsplit("/", 1)[-1]


def public_jwk(key: IssuerKey) -> dict:
    public_key = serialization.load_pem_public_key(key.public_key_pem.encode())
    jwk = OKPAlgorithm.to_jwk(public_key, as_dict=True)
    return {**jwk, "kid": key_url(key), "alg": ALGORITHM, "use": "sig"}


def sign(*, key: IssuerKey, claims: dict) -> str:
    private_key = serialization.load_pem_private_key(key.private_key_pem.encode(), password=None)
    return jwt.encode(
        claims, private_key, algorithm=ALGORITHM, headers={"kid": key_url(key), "typ": "JWT"}
    )


@dataclass
class Checked:
    """What a token's signature says: `claims` only when it verified with a key issued here."""

    key: IssuerKey | None = None
    claims: dict = field(default_factory=dict)
    error: str = ""

    @property
    def signature_valid(self) -> bool:
        return self.key is not None and not self.error


def check(token: str) -> Checked:
    """Verifies a VC-JWT against the key named in its header; never raises for bad input."""
    token = (token or "").strip()
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        return Checked(error="malformed")
    if header.get("alg") != ALGORITHM or not isinstance(header.get("kid"), str):
        return Checked(error="algorithm")
    key = (
        IssuerKey.objects.select_related("organisation")
        .filter(kid=_thumbprint_from_kid(header["kid"]))
        .first()
    )
    if key is None:
        return Checked(error="unknown_key")
    public_key = serialization.load_pem_public_key(key.public_key_pem.encode())
    try:
        claims = jwt.decode(
            token,
            public_key,
            algorithms=[ALGORITHM],
            options={"require": ["iss", "jti", "nbf"], "verify_aud": False},
        )
    except jwt.PyJWTError:
        return Checked(key=key, error="signature")
    return Checked(key=key, claims=claims)
