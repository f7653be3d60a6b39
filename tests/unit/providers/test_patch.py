"""``build_patch(old, new)``: the update mask and body between two installations' inputs."""

from __future__ import annotations

from pulumi_ampersand._patch import build_patch
from tests.support.providers import installation_outputs, installation_props


def test_one_changed_read_object_is_one_mask() -> None:
    new = installation_props()
    new["config"]["read"]["objects"]["account"]["schedule"] = "0 * * * *"
    mask, body = build_patch(installation_outputs(), new)
    assert mask == ["config.content.read.objects.account"]
    sent = body["config"]["content"]["read"]["objects"]["account"]
    assert sent["schedule"] == "0 * * * *"
    assert sent["objectName"] == "account"


def test_a_removed_read_object_is_disabled_not_dropped() -> None:
    new = installation_props()
    del new["config"]["read"]["objects"]["contact"]
    mask, body = build_patch(installation_outputs(), new)
    assert mask == ["config.content.read.objects.contact"]
    assert body["config"]["content"]["read"]["objects"]["contact"]["disabled"] is True


def test_a_removed_write_object_replaces_the_whole_write_map() -> None:
    new = installation_props()
    del new["config"]["write"]
    mask, body = build_patch(installation_outputs(), new)
    assert mask == ["config.content.write.objects"]
    assert body["config"]["content"]["write"] == {"objects": {}}


def test_object_names_are_escaped_in_masks() -> None:
    new = installation_props()
    new["config"]["read"]["objects"]["a.b:c"] = {"object_name": "a.b:c"}
    mask, _ = build_patch(installation_outputs(), new)
    assert mask == ["config.content.read.objects.a\\.b\\:c"]


def test_a_revision_change_alone_is_a_no_op_patch_that_moves_the_revision() -> None:
    mask, body = build_patch(installation_outputs(), installation_props(revision_id="rev-2"))
    assert mask == ["config.createdBy"]
    assert body == {"config": {"createdBy": "api:create-installation"}}


def test_connection_and_proxy_changes_have_their_own_masks() -> None:
    new = installation_props(connection_id="conn-2")
    new["config"]["proxy"] = {"enabled": True}
    mask, body = build_patch(installation_outputs(), new)
    assert mask == ["config.content.proxy.enabled", "connectionId"]
    assert body["connectionId"] == "conn-2"
    assert body["config"]["content"]["proxy"] == {"enabled": True}


def test_nothing_changed_is_no_build_patch() -> None:
    assert build_patch(installation_outputs(), installation_props()) == ([], {})


def test_a_reordered_list_inside_an_unchanged_object_is_not_sent() -> None:
    filters = [
        {"field_name": "status", "operator": "eq", "value": "open"},
        {"field_name": "type", "operator": "eq", "value": "customer"},
    ]
    old = installation_props()
    old["config"]["read"]["objects"]["contact"]["field_filters"] = filters
    new = installation_props()
    new["config"]["read"]["objects"]["contact"]["field_filters"] = list(reversed(filters))
    new["config"]["read"]["objects"]["account"]["schedule"] = "0 * * * *"
    olds = {**installation_outputs(), "config": old["config"]}
    mask, _ = build_patch(olds, new)
    assert mask == ["config.content.read.objects.account"]
