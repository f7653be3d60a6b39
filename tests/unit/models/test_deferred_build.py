"""The models build their validators on first use; first uses from many threads must agree.

The provider process validates from four threads at once, and the first use of a model is
where pydantic builds it. This runs in a fresh interpreter, where no model is built yet.
"""

from __future__ import annotations

from ..fresh_process import run_fresh

FIRST_USE_FROM_EIGHT_THREADS = """
import json, threading
from concurrent.futures import ThreadPoolExecutor

from pulumi_ampersand.models import (
    InstallationConfigArgs, check_installation_config, check_integration)
from pulumi_ampersand.models.api import InstallationResponse

assert not InstallationConfigArgs.__pydantic_complete__, "built at import: defer_build is off"
barrier = threading.Barrier(8)
config = {"read": {"objects": {"account": {
    "object_name": "account", "schedule": "*/30 * * * *", "selected_fields": {"name": True}}}}}
integration = {"name": "crm", "provider": "salesforce", "read": {"objects": [{
    "object_name": "account", "destination": "accountWebhook", "schedule": "*/30 * * * *"}]}}
installation = {"id": "i-1", "projectId": "p", "integrationId": "int-1",
    "group": {"groupRef": "g", "groupName": "g", "projectId": "p", "createTime": "t"},
    "healthStatus": "healthy", "lastOperationStatus": "success", "createTime": "t",
    "createdBy": "api:x",
    "connection": {"id": "c-1", "projectId": "p", "provider": "salesforce", "createTime": "t",
        "group": {"groupRef": "g", "groupName": "g", "projectId": "p", "createTime": "t"},
        "consumer": {"consumerRef": "u", "consumerName": "u", "projectId": "p",
            "createTime": "t"},
        "status": "working", "authScheme": "oauth2/authorizationCode"},
    "config": {"id": "cfg-1", "revisionId": "r-1", "createTime": "t", "createdBy": "api:x",
        "content": {"provider": "salesforce", **config}}}

def first_use(_: int) -> list[object]:
    barrier.wait()
    args, issues = check_installation_config(config)
    checked, integration_issues = check_integration(integration)
    parsed = InstallationResponse.model_validate(installation)
    return [args.read.objects["account"].schedule, [i.message for i in issues],
            checked.read.objects[0].destination, [i.message for i in integration_issues],
            parsed.config.revision_id]

with ThreadPoolExecutor(8) as pool:
    print(json.dumps(list(pool.map(first_use, range(8)))))
"""


def test_first_uses_from_many_threads_all_validate_alike() -> None:
    expected = ["*/30 * * * *", [], "accountWebhook", [], "r-1"]
    assert run_fresh(FIRST_USE_FROM_EIGHT_THREADS) == [expected] * 8
