#!/usr/bin/env python3
"""compose_for_test - writes a copy of deploy/compose.yaml (and of an
override such as compose.postgresql.yaml) for the container test to give
podman-compose: the services' image is the one the test built (no build,
no registry), the db service's image the test's PostgreSQL image,
published ports are left out (the test reaches the broker from containers
on the compose network, and several runs share the host), the secret is
the test's own file, and the default network is the one the test made
(its own subnet). Everything else (commands, environment, volumes,
restart policies, secrets, dependencies) is compose's own.

    compose_for_test.py OUT_DIR IMAGE DB_IMAGE NETWORK SECRET COMPOSE [OVERRIDE...]

Prints the paths written, one a line, in the order to give with -f.
"""
import os
import sys
import yaml

out_dir, image, db_image, network, secret = sys.argv[1:6]
written = []
for path in sys.argv[6:]:
    doc = yaml.safe_load(open(path))
    for name, service in (doc.get("services") or {}).items():
        service.pop("ports", None)
        service.pop("build", None)
        if "image" in service:
            service["image"] = db_image if name == "db" else image
    if "secrets" in doc:
        for secret_def in doc["secrets"].values():
            secret_def["file"] = secret
    if not written:
        doc["networks"] = {"default": {"external": True, "name": network}}
    target = os.path.join(out_dir, os.path.basename(path))
    with open(target, "w") as out:
        yaml.safe_dump(doc, out, sort_keys=False)
    written.append(target)
print("\n".join(written))
