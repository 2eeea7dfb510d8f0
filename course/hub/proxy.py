"""The hub's proxy: PyPI's configurable-http-proxy, with room for a whole class at once.

That proxy forwards every request with Tornado's HTTP client, which by default sends at most
10 requests at a time and fails the others with "503 Timeout in request queue" once they
have waited 20 s. A class logging in together holds more than 10 slow requests (starting a
server answers after up to 10 s; each spawn page keeps its progress stream open), so
`benchmarks/hub_class.py` saw 18 of 40 trainees refused. Here the limit is raised before
the proxy starts; `jupyterhub_config.py` runs `python -m course.hub.proxy` with the usual
configurable-http-proxy arguments.
"""
import resource
import sys

MAX_CLIENTS = 1000  # requests in flight to the hub and the servers; each holds two files


def main() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4 * MAX_CLIENTS if hard == resource.RLIM_INFINITY else min(hard, 4 * MAX_CLIENTS)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=MAX_CLIENTS)
    from configurable_http_proxy.cli import main as proxy_main

    return proxy_main()


if __name__ == "__main__":
    sys.exit(main())
