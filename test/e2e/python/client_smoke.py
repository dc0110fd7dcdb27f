"""Drives Capstan with Debian's python3-kubernetes: CRUD, a watch and errors.

Usage: python3 client_smoke.py <kubeconfig>. Prints one line per step; exits non-zero on the
first failure.
"""
import sys
import threading

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException


def main(kubeconfig: str) -> None:
    config.load_kube_config(config_file=kubeconfig)
    core = client.CoreV1Api()

    names = [ns.metadata.name for ns in core.list_namespace().items]
    assert "default" in names, names
    print("list namespaces ok")

    body = client.V1ConfigMap(metadata=client.V1ObjectMeta(name="from-python", labels={"app": "py"}), data={"a": "1"})
    created = core.create_namespaced_config_map("default", body)
    assert created.metadata.resource_version
    print("create ok")

    read = core.read_namespaced_config_map("from-python", "default")
    assert read.data == {"a": "1"}, read.data
    patched = core.patch_namespaced_config_map("from-python", "default", {"data": {"b": "2"}})
    assert patched.data == {"a": "1", "b": "2"}, patched.data
    print("read and patch ok")

    listed = core.list_namespaced_config_map("default", label_selector="app=py")
    assert [i.metadata.name for i in listed.items] == ["from-python"]
    print("list with selector ok")

    try:
        core.read_namespaced_config_map("missing", "default")
        raise AssertionError("expected 404")
    except ApiException as err:
        assert err.status == 404, err.status
    print("not found ok")

    seen = []
    w = watch.Watch()

    def writer() -> None:
        core.create_namespaced_config_map("default", client.V1ConfigMap(metadata=client.V1ObjectMeta(name="watched-py")))
        core.delete_namespaced_config_map("watched-py", "default")

    rv = core.list_namespaced_config_map("default").metadata.resource_version
    timer = threading.Timer(0.5, writer)
    timer.start()
    for event in w.stream(core.list_namespaced_config_map, "default", resource_version=rv, timeout_seconds=10):
        seen.append((event["type"], event["object"].metadata.name))
        if len(seen) == 2:
            w.stop()
    assert seen == [("ADDED", "watched-py"), ("DELETED", "watched-py")], seen
    print("watch ok")

    core.delete_namespaced_config_map("from-python", "default")
    print("delete ok")


if __name__ == "__main__":
    main(sys.argv[1])
