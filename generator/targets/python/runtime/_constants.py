"""A stand-in for the ``_constants.py`` rendered per spec (templates/python/_constants.py.j2),
so that the runtime type-checks and runs in place. Not copied into generated packages.
"""

__all__ = [
    "API_KEY_ENV",
    "API_VERSION",
    "AUTH_REQUIRED",
    "BASE_URL",
    "BASE_URL_ENV",
    "SECURITY_SCHEMES",
    "USER_AGENT",
]

API_VERSION: str = "0"
BASE_URL: str = "http://localhost"
BASE_URL_ENV: str = "API_BASE_URL"
API_KEY_ENV: str = "API_API_KEY"
AUTH_REQUIRED: bool = False
# scheme name -> (kind, where, name): bearer and apiKey send the api_key, basic the username and password
SECURITY_SCHEMES: dict[str, tuple[str, str, str]] = {"bearer": ("bearer", "header", "")}
USER_AGENT: str = "runtime-python/0"
