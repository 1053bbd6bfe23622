#!/usr/bin/env python3
"""compose_to_podman - reads deploy/compose.yaml and prints, for one service,
the podman run arguments that start it the way compose would (environment,
command, named volumes, restart policy), one argument per line, with
volumes prefixed by the run's name. Published ports are left out: the test
reaches the broker from containers on the same network.

    compose_to_podman.py COMPOSE RUN SERVICE     -> arguments
    compose_to_podman.py COMPOSE RUN --services  -> service names, in order
                                                    (those compose starts by
                                                    default: no profile)
    compose_to_podman.py COMPOSE RUN --volumes   -> volume names
"""
import sys
import yaml

compose, run, what = sys.argv[1:4]
doc = yaml.safe_load(open(compose))
services = doc["services"]
if what == "--services":
    print("\n".join(name for name in services if not services[name].get("profiles")))
    sys.exit(0)
if what == "--volumes":
    print("\n".join(run + "_" + name for name in doc.get("volumes", {})))
    sys.exit(0)
service = services[what]
args = []
if service.get("restart"):
    args.append("--restart=" + service["restart"])
for key, value in (service.get("environment") or {}).items():
    args.append("--env=%s=%s" % (key, value))
for volume in service.get("volumes") or []:
    source, rest = volume.split(":", 1)
    args.append("--volume=%s_%s:%s" % (run, source, rest))
args.append("IMAGE")
args.extend(service.get("command") or [])
print("\n".join(args))
