"""A local, stateful, Ampersand-compatible API server for the demo and the tests.

Full reference: ``docs/emulator.md``. Run it with ``python -m pulumi_ampersand.emulator
--port N [--host H] [--api-key KEY] [--seed FILE] [--state-file FILE] [--random-seed N]
[--auto-connections]`` (prints ``Ampersand emulator listening on http://HOST:PORT/v1``), or::

    with EmulatorServer(api_key="k") as emulator:      # emulator.url, .admin_url
        ...                                            # .backend, .journal, .faults
    client = httpx.Client(transport=emulator_transport(EmulatorApp(api_key="k")),
                          base_url="http://emulator/v1")

Modules: ``state`` (``Backend``: the state, one method per spec operationId), ``app`` (routing,
parsing, serialising), ``errors`` (problem+json errors), ``faults``, ``journal``, ``server``.

The API is served under ``/v1`` with ``X-Api-Key`` (only ``api_key`` when set, else any
non-empty key; ``PUT /_emulator/api-keys`` or ``EmulatorApp.set_api_keys`` rotates them).
Projects exist implicitly: any well-formed ``{projectIdOrName}`` is created on first use with
the stable id ``uuid5(name)``, and its id and name both address it.

Test controls, under ``/_emulator`` (JSON in and out, no key, not journaled, no faults):

* ``POST /_emulator/reset``: forget state, journal, fault rules and latency, and accept the
  start key again (204).
* ``GET /_emulator/state``: every project with groups, consumers, connections, integrations
  (with their ``revisions``) and installations, in wire form.
* ``POST /_emulator/seed``: apply a seed document (the ``--seed FILE`` format)::

      {"projects": {"<project>": {
          "connections": [<generateConnection body>, ...],
          "integrations": [<createIntegration body>, ...],
          "installations": [<createInstallation body> + {"integration": "<id or name>"}, ...]}}}

  Each entry goes through the API's own operation and rules; answers the created ids.
* ``GET /_emulator/requests`` / ``DELETE /_emulator/requests``: the journal (``JournalEntry``:
  seq, method, path, route template, query, redacted headers, body, status, fault,
  duration_ms, response, received_at: arrival in epoch seconds), and clearing it;
  ``GET /_emulator/counters``: calls per (method, route template), e.g.
  ``POST /projects/{p}/integrations/{i}/revisions``.
* ``GET|POST|DELETE /_emulator/faults`` and ``DELETE /_emulator/faults/{id}``: fault rules
  (``FaultRule``: method, path regex, route, status, retry_after, retry_after_in_body,
  detail, latency_ms, drop "before"/"after", probability + random_seed, count, every);
  ``GET|POST /_emulator/latency`` ``{"ms": N}``: delay added to every API call.
* ``GET /_emulator/secrets``: ``{"secrets": [...]}``, every credential string issued or stored
  (OAuth tokens, connection API keys, passwords, client secrets) and every API key it accepted.
* ``PUT /_emulator/api-keys`` ``{"keys": ["<key>", ...]}``: accept exactly these keys from now
  on, every other one gets 401 (a key rotation); ``{"keys": null}``: any non-empty key (204).
* Out-of-band edits, as a user would make them in Ampersand's UI (for drift tests):
  ``PUT /_emulator/projects/{p}/integrations/{i}/revisions/latest`` (a revision with this
  content, unvalidated), ``PUT /_emulator/projects/{p}/integrations/{i}/installations/{id}/config``
  (replace the whole config content: a new config), and ``DELETE /_emulator/projects/{p}/
  integrations/{i}/installations/{id}/objects/{action}/{objectName}`` (remove one object).
"""

from .app import EmulatorApp, Request, Response
from .errors import ProblemError
from .faults import FaultRule, Faults
from .journal import Journal, JournalEntry
from .server import EmulatorServer, emulator_transport
from .state import Backend

__all__ = [
    "Backend",
    "EmulatorApp",
    "EmulatorServer",
    "FaultRule",
    "Faults",
    "Journal",
    "JournalEntry",
    "ProblemError",
    "Request",
    "Response",
    "emulator_transport",
]
